"""Create or refresh the course's environment in .venv, then get out of the way.

Run by `make lab` and `make test` with Python 3.11, 3.12 or 3.13. It is quick when nothing
changed: the environment carries a stamp (a hash of what it was installed from),
and a matching stamp means there is nothing to do.

    python3 tools/setup_env.py            # make sure .venv is ready
    python3 tools/setup_env.py --force    # reinstall even if the stamp matches
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".lessonkit-stamp"
# What the environment is built from: change any of these and the next run reinstalls.
INPUTS = ["pyproject.toml", "constraints.txt", "tools/setup_env.py"]
SUPPORTED_PYTHONS = ((3, 11), (3, 12), (3, 13))  # pyproject's requires-python


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def wanted_stamp() -> str:
    digest = hashlib.sha256()
    for name in INPUTS:
        digest.update(name.encode())
        digest.update((ROOT / name).read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def is_up_to_date(stamp: str) -> bool:
    return venv_python().exists() and STAMP.exists() and STAMP.read_text().strip() == stamp


def run(*command: str | Path) -> None:
    print("+", " ".join(str(part) for part in command), flush=True)
    subprocess.run([str(part) for part in command], check=True, cwd=ROOT)


def create_venv() -> None:
    if VENV.exists():
        print(f"Rebuilding {VENV.name}: it was made from other inputs or another Python.")
        shutil.rmtree(VENV)
    venv.create(VENV, with_pip=True)


def install() -> None:
    python = venv_python()
    pip = [python, "-m", "pip", "--disable-pip-version-check"]
    # pyproject.toml names ranges; constraints.txt pins the exact set CI tested (torch 2.13.0
    # among them), so a class gets the same set every time.
    run(*pip, "install", "--quiet", "-c", "constraints.txt", "-e", ".[lab,grade,test]")
    run(python, "-m", "ipykernel", "install", "--sys-prefix", "--name", "python3",
        "--display-name", "Python 3 (autograd course)")


def unsupported_python_message() -> str:
    names = ", ".join(".".join(map(str, version)) for version in SUPPORTED_PYTHONS)
    return (f"The course needs Python {names}; this is {sys.version.split()[0]}.\n"
            "Run it with one of those, e.g. `make PYTHON=python3.13 lab` "
            "(`py -3.13 tools/setup_env.py` on Windows), or use the conda path in the README.")


def main(argv: list[str]) -> int:
    if sys.version_info[:2] not in SUPPORTED_PYTHONS:
        print(unsupported_python_message(), file=sys.stderr)
        return 2
    stamp = wanted_stamp()
    if "--force" not in argv and is_up_to_date(stamp):
        return 0
    if STAMP.exists():
        STAMP.unlink()  # a half-finished install must not look finished
    if not venv_python().exists() or "--force" in argv or _made_by_other_python():
        create_venv()
    try:
        install()
    except subprocess.CalledProcessError as error:
        print(f"\nSet-up failed ({error}). Fix the message above and run the command again.",
              file=sys.stderr)
        return 1
    STAMP.write_text(stamp + "\n")
    print(f"Environment ready in {VENV.relative_to(ROOT)}/")
    return 0


def _made_by_other_python() -> bool:
    config = VENV / "pyvenv.cfg"
    if not config.exists():
        return True
    this_python = ".".join(map(str, sys.version_info[:3]))
    return f"version = {this_python}" not in config.read_text()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

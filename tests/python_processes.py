"""Other Python processes for the progress tests: learners' kernels writing at the same time."""

import os
import subprocess
import sys


def start_python(args: list[str], data_dir, **options) -> subprocess.Popen:
    """`python ARGS` with its progress kept in `data_dir`; text pipes as `options` ask."""
    env = {**os.environ, "LESSONKIT_DATA_DIR": str(data_dir)}
    return subprocess.Popen([sys.executable, *args], env=env, text=True, **options)


def release_together(processes) -> None:
    """Wait until every process has said 'ready', then let them all go at once."""
    for process in processes:
        assert process.stdout.readline() == "ready\n"
    for process in processes:
        process.stdin.write("go\n")
        process.stdin.flush()

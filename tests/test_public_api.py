"""What `import lessonkit` promises: the public names, and a cheap import."""

import subprocess
import sys

import lessonkit


def test_every_public_name_resolves_to_a_function():
    for name in lessonkit.__all__:
        assert callable(getattr(lessonkit, name)), name


def test_importing_lessonkit_does_not_import_torch():
    # `python -m lessonkit doctor` must run, and say what is missing, where torch is not installed.
    code = "import sys, lessonkit, lessonkit.doctor; print('torch' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr


def test_unknown_names_raise_attribute_error():
    try:
        lessonkit.no_such_thing  # noqa: B018
    except AttributeError as error:
        assert "no_such_thing" in str(error)
    else:
        raise AssertionError("expected AttributeError")

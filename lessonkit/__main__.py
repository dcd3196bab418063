"""The `lessonkit` command line.

    python -m lessonkit doctor            is this machine ready for the course?
    python -m lessonkit progress          your exercise results, lesson by lesson
    python -m lessonkit progress --json   the same results as JSON, for scripts
    python -m lessonkit progress --export FILE   the results in a file, to hand in
    python -m lessonkit grade --help      grade a class's submitted notebooks (instructors)
"""

import sys

USAGE = __doc__.strip().split("\n", 1)[1]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    command, rest = (argv[0], argv[1:]) if argv else ("", [])
    if command == "doctor":
        from lessonkit.doctor import main as doctor

        return doctor()
    if command == "progress":
        from lessonkit.learner_progress import cli

        return cli(rest)
    if command == "grade":
        return _grade(rest)
    print(f"usage:\n{USAGE}", file=sys.stderr)
    return 0 if command in ("-h", "--help") else 2


def _grade(rest: list[str]) -> int:
    try:
        from lessonkit.grading.cli import main as grade
    except ModuleNotFoundError as missing:  # the grade extra is not installed here
        print(f"lessonkit grade needs {missing.name}: pip install 'lessonkit[grade]'",
              file=sys.stderr)
        return 2
    return grade(rest)


if __name__ == "__main__":
    sys.exit(main())

"""The `lessonkit` command line.

    python -m lessonkit doctor            is this machine ready for the course?
    python -m lessonkit progress          your exercise results, lesson by lesson
    python -m lessonkit progress --json   the same results as JSON, for scripts
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
    print(f"usage:\n{USAGE}", file=sys.stderr)
    return 0 if command in ("-h", "--help") else 2


if __name__ == "__main__":
    sys.exit(main())

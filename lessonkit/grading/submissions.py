"""Find what to grade in a folder of submissions, and cut it into shards.

Layouts (both may be mixed): a folder per student, with that student's notebooks anywhere
inside it, which covers `<student>/<NN_slug>.ipynb` and nbgrader's
`submitted/<student>/<assignment>/<notebook>.ipynb` (given the course folder holding
`submitted/`, or `submitted/` itself). Progress exports (`python -m lessonkit progress
--export FILE`) are read from `<student>.json` at the top, or from a JSON file in a student's
folder.

Which lesson a notebook is: the two digits that begin its name, followed by `_`:
`04_loss.ipynb`, `04_loss-Copy1.ipynb` and `04_loss (1).ipynb` are all lesson 04_loss. When a
student has several notebooks for one lesson, the one named exactly like the lesson is graded
(else the first in sorted order) and the others are listed as not graded. Other names, folders
named `.ipynb_checkpoints` and other hidden files are skipped; what is skipped is reported.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from lessonkit.exercises import registry
from lessonkit.grading import exports

LESSON_PREFIX = re.compile(r"(\d\d)_")


@dataclass(frozen=True, order=True)
class Submission:
    student: str
    lesson: str  # e.g. "04_loss"; "" for a progress export, which may cover many lessons
    path: Path

    @property
    def is_export(self) -> bool:
        return not self.lesson


@dataclass
class Found:
    submissions: list[Submission] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # (file, why not graded)


def find(folder: Path) -> Found:
    """Every notebook and export under `folder`, sorted by student, lesson and path."""
    root = folder / "submitted" if (folder / "submitted").is_dir() else folder
    lessons = {name[:2]: name for name, _ in registry.lessons()}
    found = Found()
    for path in sorted(root.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_dir():
            _student_folder(path, lessons, found)
        elif path.suffix == ".json" and exports.is_export(path):
            found.submissions.append(Submission(path.stem, "", path))
        else:
            found.skipped.append((path, "not in a student's folder"))
    found.submissions.sort()
    return found


def _student_folder(folder: Path, lessons: dict[str, str], found: Found) -> None:
    by_lesson: dict[str, list[Path]] = {}
    for path in sorted(_files(folder)):
        if path.suffix == ".ipynb":
            lesson = lesson_of(path, lessons)
            if lesson:
                by_lesson.setdefault(lesson, []).append(path)
            else:
                found.skipped.append((path, "not a lesson of this course"))
        elif path.suffix == ".json" and exports.is_export(path):
            found.submissions.append(Submission(folder.name, "", path))
    for lesson, paths in by_lesson.items():
        chosen = next((p for p in paths if p.stem == lesson), paths[0])
        found.submissions.append(Submission(folder.name, lesson, chosen))
        found.skipped += [
            (p, f"another copy of {lesson}: graded {chosen.name}") for p in paths if p != chosen
        ]


def _files(folder: Path):
    """Files under `folder`, hidden ones and .ipynb_checkpoints left out."""
    for path in folder.rglob("*"):
        hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
        if path.is_file() and not hidden:
            yield path


def lesson_of(path: Path, lessons: dict[str, str]) -> str:
    """The lesson a notebook's name starts with ("04_..." -> "04_loss"), or ""."""
    match = LESSON_PREFIX.match(path.name)
    return lessons.get(match.group(1), "") if match else ""


def parse_shard(text: str) -> tuple[int, int]:
    """ "2/5" -> (2, 5); ValueError when it is not i/n with 1 <= i <= n."""
    match = re.fullmatch(r"(\d+)/(\d+)", text.strip())
    if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise ValueError(f"--shard {text}: give i/n with 1 <= i <= n, e.g. --shard 1/4")
    return int(match.group(1)), int(match.group(2))


def shard(submissions: list[Submission], i: int, n: int) -> list[Submission]:
    """Shard i of n (from 1): a student's submissions all go to one shard, picked by a
    checksum of the name that is the same on every machine and every run."""
    return [s for s in submissions if zlib.crc32(s.student.encode("utf-8")) % n == i - 1]

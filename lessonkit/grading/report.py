"""report.html: what the class got right, and which mistakes to reteach tomorrow.

One self-contained page (inline CSS and SVG, no script, nothing fetched), the same bytes for
the same rows. Every piece of learner text (names, notebooks, messages, mistake and exercise
ids) goes through html.escape. A student with two rows for one exercise (a notebook and a
progress export) counts once, by the notebook's row.
"""

from __future__ import annotations

import html as markup
from collections import Counter
from itertools import groupby

from lessonkit.grading.feedback import LABELS, natural, see_of
from lessonkit.grading.rows import STATUSES, Row

TOP_MISTAKES = 3  # per exercise
TOP_SECTIONS = 5  # for the whole class
STRUGGLING = 10  # students listed with the fewest correct
SELF_REPORTED = "self-reported"

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 70em; color: #1f2328; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #d0d7de; padding: 3px 8px; text-align: left; }
td.n { text-align: right; }
.self { color: #6e7781; font-style: italic; }
svg text { font-size: 11px; }
"""
BAR_WIDTH, BAR_GAP, CHART_HEIGHT, MARGIN = 36, 20, 120, 30


def html(rows: list[Row]) -> str:
    """The instructor's report for these rows, as one HTML page."""
    counted = _one_per_student(rows)
    body = [_summary(rows, counted), _sections(counted), _struggling(counted)]
    for lesson, found in groupby(sorted(counted, key=_order), key=lambda r: r.notebook):
        body.append(_lesson(lesson, list(found)))
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Class report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        "<h1>Class report</h1>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def _e(text) -> str:
    return markup.escape(str(text), quote=True)


def _grid(headers: list[str], lines: list[str]) -> str:
    """A table: its headers (plain text), then `lines`, each a whole <tr>."""
    head = "".join(f"<th>{_e(header)}</th>" for header in headers)
    return f"<table><tr>{head}</tr>" + "".join(lines) + "</table>"


def _order(row: Row):
    return row.notebook, natural(row.exercise), row.student


def _one_per_student(rows: list[Row]) -> list[Row]:
    """For each (student, lesson, exercise) one row: the notebook's over a self-reported one."""
    best: dict[tuple, Row] = {}
    for row in sorted(rows, key=lambda r: (r.source != "notebook", r)):
        best.setdefault((row.student, row.notebook, row.exercise), row)
    return sorted(best.values())


# ---------------------------------------------------------------- the class as a whole


def _summary(rows: list[Row], counted: list[Row]) -> str:
    students = {r.student for r in rows}
    counts = Counter(r.status for r in counted if r.exercise)
    numbers = "<tr>" + "".join(f'<td class="n">{counts[s]}</td>' for s in STATUSES) + "</tr>"
    reported = len({r.student for r in rows if r.source == SELF_REPORTED})
    note = (
        f'<p class="self">{reported} of them handed in a progress export: their results are '
        "self-reported (their own machine ran the checks).</p>\n"
        if reported
        else ""
    )
    labels = [LABELS[s] for s in STATUSES]
    return f"<p>{len(students)} students.</p>\n{note}" + _grid(labels, [numbers])


def _sections(counted: list[Row]) -> str:
    """The sections to reteach first: those the most students' named mistakes point to,
    whatever the exercise. A mistake with no declared section is left to its lesson's table."""
    students: dict[str, set[str]] = {}
    mistakes: dict[str, set[str]] = {}
    for r in counted:
        section = see_of(r.exercise, r.mistake) if r.mistake and r.status != "correct" else ""
        if section:
            students.setdefault(section, set()).add(r.student)
            mistakes.setdefault(section, set()).add(r.mistake)
    ranked = sorted(students, key=lambda section: (-len(students[section]), section))
    lines = [
        f'<tr><td>{_e(section)}</td><td class="n">{len(students[section])}</td>'
        f"<td>{', '.join(f'<code>{_e(m)}</code>' for m in sorted(mistakes[section]))}</td></tr>"
        for section in ranked[:TOP_SECTIONS]
    ]
    if not lines:
        return ""
    return "<h2>What to reteach tomorrow</h2>\n" + _grid(
        ["Section", "Students", "Their named mistakes"], lines
    )


def _struggling(counted: list[Row]) -> str:
    """The students with the fewest correct exercises."""
    by_student = groupby(sorted(counted, key=lambda r: r.student), key=lambda r: r.student)
    tally = []
    for student, found in by_student:
        found = [r for r in found if r.exercise]
        correct = sum(r.status == "correct" for r in found)
        tally.append((correct, student, len(found), any(r.source == SELF_REPORTED for r in found)))
    lines = [
        f"<tr><td>{_e(student)}{_self_mark(reported)}</td>"
        f'<td class="n">{correct}</td><td class="n">{total}</td></tr>'
        for correct, student, total, reported in sorted(tally)[:STRUGGLING]
    ]
    return "<h2>Students struggling most</h2>\n" + _grid(["Student", "Correct", "Exercises"], lines)


def _self_mark(reported: bool) -> str:
    return ' <span class="self">(self-reported)</span>' if reported else ""


# ---------------------------------------------------------------- one lesson


def _lesson(lesson: str, rows: list[Row]) -> str:
    exercises = [
        (exercise, list(found))
        for exercise, found in groupby(rows, key=lambda r: r.exercise)
        if exercise
    ]
    parts = [f"<h2>{_e(lesson)}</h2>", _chart(exercises), _table(exercises)]
    parts.append(_reteach(exercises))
    parts.append(_not_run([r for r in rows if not r.exercise]))
    return "\n".join(p for p in parts if p)


def _share(rows: list[Row]) -> float:
    return sum(r.status == "correct" for r in rows) / len(rows)


def _table(exercises: list[tuple[str, list[Row]]]) -> str:
    lines = []
    for exercise, rows in exercises:
        counts = Counter(r.status for r in rows)
        reported = sum(r.source == SELF_REPORTED for r in rows)
        lines.append(
            f'<tr><td>{_e(exercise)}</td><td class="n">{len(rows)}</td>'
            f'<td class="n">{_share(rows):.0%}</td>'
            + "".join(f'<td class="n">{counts[s]}</td>' for s in STATUSES)
            + f'<td class="n">{reported}</td></tr>'
        )
    labels = [LABELS[s] for s in STATUSES]
    return _grid(["Exercise", "Students", "Share correct", *labels, "Self-reported"], lines)


def _reteach(exercises: list[tuple[str, list[Row]]]) -> str:
    """The most frequent named mistakes per exercise, and the section that explains each."""
    lines = []
    for exercise, rows in exercises:
        counts = Counter(r.mistake for r in rows if r.mistake and r.status != "correct")
        for mistake, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_MISTAKES]:
            section = see_of(exercise, mistake) or "(no section declared)"
            lines.append(
                f"<tr><td>{_e(exercise)}</td><td><code>{_e(mistake)}</code></td>"
                f'<td class="n">{n}</td><td>{_e(section)}</td></tr>'
            )
    if not lines:
        return ""
    return "<h3>Most frequent named mistakes</h3>\n" + _grid(
        ["Exercise", "Mistake", "Students", "Revisit"], lines
    )


def _not_run(rows: list[Row]) -> str:
    """Notebooks that gave no exercise at all, and why."""
    if not rows:
        return ""
    lines = "".join(
        f"<li>{_e(r.student)}: {_e(LABELS.get(r.status, r.status))}: {_e(r.detail)}"
        f"{_self_mark(r.source == SELF_REPORTED)}</li>"
        for r in rows
    )
    return f"<h3>Not graded</h3>\n<ul>{lines}</ul>"


def _chart(exercises: list[tuple[str, list[Row]]]) -> str:
    """Share correct per exercise: one bar each, 0 to 100 %, as inline SVG."""
    if not exercises:
        return ""
    width = MARGIN + len(exercises) * (BAR_WIDTH + BAR_GAP)
    height = CHART_HEIGHT + 2 * MARGIN
    bars = []
    for i, (exercise, rows) in enumerate(exercises):
        share = _share(rows)
        x, tall = MARGIN + i * (BAR_WIDTH + BAR_GAP), round(share * CHART_HEIGHT)
        top = MARGIN + CHART_HEIGHT - tall
        middle = x + BAR_WIDTH // 2
        bars.append(
            f'<rect x="{x}" y="{top}" width="{BAR_WIDTH}" height="{tall}" fill="#1a7f37">'
            f"<title>{_e(exercise)}: {share:.0%} correct</title></rect>"
            f'<text x="{middle}" y="{top - 4}" text-anchor="middle">{share:.0%}</text>'
            f'<text x="{middle}" y="{height - 10}" text-anchor="middle">{_e(exercise)}</text>'
        )
    axis = MARGIN + CHART_HEIGHT
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" aria-label="Share correct per exercise">'
        f'<line x1="{MARGIN - 5}" y1="{axis}" x2="{width}" y2="{axis}" stroke="#6e7781"/>'
        + "".join(bars)
        + "</svg>"
    )

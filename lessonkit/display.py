"""How feedback looks: plain text for terminals and nbval, coloured HTML for JupyterLab.

Every object here shows the same words in both forms, and nothing that changes from run
to run (no memory addresses, times or random ids), so saved notebook outputs stay stable.
"""

from __future__ import annotations

import html

LABELS = {
    "correct": "Correct",
    "incorrect": "Incorrect",
    "not_attempted": "Not attempted yet",
    "error": "Error",
}
COLOURS = {
    "correct": "#1a7f37",
    "incorrect": "#cf222e",
    "not_attempted": "#6e7781",
    "error": "#bc4c00",
}

BOX = (
    "border-left: 4px solid {colour}; padding: 4px 10px; margin: 2px 0; "
    "font-family: var(--jp-ui-font-family, sans-serif)"
)


def box(colour: str, inner_html: str) -> str:
    return f'<div style="{BOX.format(colour=colour)}">{inner_html}</div>'


def code_to_html(text: str) -> str:
    """Backticks in our messages become <code>."""
    parts = html.escape(text).split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))


class Shown:
    """A displayable thing: subclasses give text() and html(); `meta` rides along as
    output metadata, a machine-readable marker the tests read."""

    meta: dict | None = None

    def text(self) -> str:
        raise NotImplementedError

    def html(self) -> str:
        raise NotImplementedError

    def __repr__(self):
        return self.text()

    def _repr_html_(self):
        return self.html()

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"text/plain": self.text(), "text/html": self.html()}
        if self.meta:
            return data, {"lessonkit": self.meta}
        return data


def result_text(exercise_id: str, status: str, message: str) -> str:
    return (
        f"{exercise_id} {LABELS[status]}: {message}"
        if message
        else f"{exercise_id} {LABELS[status]}"
    )


def result_html(exercise_id: str, status: str, message: str) -> str:
    colour = COLOURS[status]
    head = f'<b style="color: {colour}">{LABELS[status]}</b> <small>{exercise_id}</small>'
    body = f"<br>{code_to_html(message)}" if message else ""
    return box(colour, head + body)


class Hint(Shown):
    def __init__(self, exercise_id: str, number: int, total: int, text: str):
        self.exercise_id, self.number, self.total, self.hint = exercise_id, number, total, text

    def _head(self):
        if not self.total:
            return f"{self.exercise_id}: no hints for this one"
        return f"{self.exercise_id} hint {self.number} of {self.total}"

    def text(self):
        return f"{self._head()}: {self.hint}" if self.total else self._head()

    def html(self):
        more = ""
        if self.number < self.total:
            more = f"<br><small>More: <code>.hint({self.number + 1})</code></small>"
        body = f"<br>{code_to_html(self.hint)}" if self.total else ""
        return box("#0969da", f"<b>{self._head()}</b>{body}{more}")


class Solution(Shown):
    def __init__(self, exercise_id: str, code: str):
        self.exercise_id, self.code = exercise_id, code.strip("\n")

    def text(self):
        return f"{self.exercise_id} solution:\n{self.code}"

    def html(self):
        return box(
            "#8250df",
            f"<b>{self.exercise_id} solution</b><pre>{html.escape(self.code)}</pre>",
        )


class Question(Shown):
    def __init__(self, exercise_id: str, question: str):
        self.exercise_id, self.question = exercise_id, question

    def text(self):
        return f"Exercise {self.exercise_id}: {self.question}"

    def html(self):
        return box(
            "#0969da", f"<b>Exercise {self.exercise_id}</b><br>{code_to_html(self.question)}"
        )


class Table(Shown):
    """A plain table: a header row and rows of strings; `status` colours a column."""

    def __init__(self, header: list[str], rows: list[list[str]], status_column: int | None = None):
        self.header, self.rows, self.status_column = header, rows, status_column

    def text(self):
        widths = [
            max(len(r[i]) for r in [self.header, *self.rows]) for i in range(len(self.header))
        ]
        line = "  ".join

        def row(cells):
            return line(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

        rule = line("-" * w for w in widths)
        return "\n".join([row(self.header), rule, *(row(r) for r in self.rows)])

    def _cell(self, i, value):
        colour = ""
        if i == self.status_column:
            status = {label: key for key, label in LABELS.items()}.get(value)
            colour = f' style="color: {COLOURS[status]}"' if status else ""
        return f"<td{colour}>{html.escape(value)}</td>"

    def html(self):
        head = "".join(f"<th>{html.escape(h)}</th>" for h in self.header)
        body = "".join(
            "<tr>" + "".join(self._cell(i, v) for i, v in enumerate(r)) + "</tr>" for r in self.rows
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

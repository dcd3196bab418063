from html.parser import HTMLParser

from lessonkit.grading import report
from lessonkit.grading.rows import Row

HOSTILE = [
    "<script>alert(1)</script>",
    '"onload=alert(1) x="',
    "&amp;",
    "<img src=x onerror=alert(2)>",
]
# every element the report itself writes; learner text must never add one
OURS = {
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "table", "tr",
    "th", "td", "code", "span", "ul", "li", "svg", "rect", "text", "line",
}  # fmt: skip


class Parsed(HTMLParser):
    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes, self.text = [], [], []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += attrs

    def handle_data(self, data):
        self.text.append(data)


def hostile_class() -> list[Row]:
    rows = []
    for i, name in enumerate(HOSTILE):
        rows += [
            Row(name, "04_loss", "04.q1", "correct", "", f"Well done {name}"),
            Row(name, "04_loss", "04.q2", "incorrect", name, f"message {name}"),
            Row(name, name, name, "error", "", name),
            Row(name, "05_backward_pass", "", "failed", "", f"not a notebook: {name}"),
        ]
        if i % 2:
            rows.append(Row(name, "06_update", "06.q1", "correct", "", "x", "self-reported"))
    return rows


def test_no_element_or_attribute_comes_from_learner_text():
    page = report.html(hostile_class())
    parsed = Parsed(page)
    assert set(parsed.tags) <= OURS
    for name, value in parsed.attributes:
        assert not any(h in f"{name}={value}" for h in HOSTILE) and "onload" not in name
    text = "".join(parsed.text)
    assert all(h in text for h in HOSTILE), "learner text is shown as text, as written"
    assert "<script" not in page and "&amp;amp;" in page


def a_class() -> list[Row]:
    def rows(student, q1, q2, mistake=""):
        return [
            Row(student, "04_loss", "04.q1", q1),
            Row(student, "04_loss", "04.q2", q2, mistake),
        ]

    return [
        *rows("ann", "correct", "correct"),
        *rows("bob", "correct", "incorrect", "bce_sum_not_mean"),
        *rows("cy", "incorrect", "incorrect", "bce_sum_not_mean"),
        *rows("di", "timeout", "incorrect", "forgot_the_mean"),
        *rows("ed", "missing", "not_attempted"),
        Row("ed", "04_loss", "04.q2", "correct", "", "self-reported: 1 attempt", "self-reported"),
        Row("fay", "04_loss", "04.q1", "correct", "", "", "self-reported"),
    ]


def cells(page: str) -> list[list[str]]:
    """The text of each table row."""
    rows, inside = [], False

    class Cells(HTMLParser):
        def handle_starttag(self, tag, attrs):
            nonlocal inside
            if tag == "tr":
                rows.append([])
            if tag in ("td", "th"):
                rows[-1].append("")
                inside = True

        def handle_endtag(self, tag):
            nonlocal inside
            inside = inside and tag not in ("td", "th")

        def handle_data(self, data):
            if inside:
                rows[-1][-1] += data

    Cells().feed(page)
    return rows


def test_per_exercise_the_students_share_correct_and_counts_per_status():
    table = cells(report.html(a_class()))
    # the notebook's row counts over ed's self-reported one
    assert ["04.q1", "6", "50%", "3", "1", "0", "0", "1", "1", "0", "1"] in table
    assert ["04.q2", "5", "20%", "1", "3", "1", "0", "0", "0", "0", "0"] in table


def test_the_most_frequent_named_mistakes_with_the_section_to_revisit():
    table = cells(report.html(a_class()))
    assert table.index(
        ["04.q2", "bce_sum_not_mean", "2", "04_loss, section 'The mean over the batch'"]
    ) < table.index(["04.q2", "forgot_the_mean", "1", "04_loss, section 'The mean over the batch'"])


def test_a_mistake_no_exercise_declares_has_no_section():
    page = report.html([Row("a", "99_new", "99.q1", "incorrect", "odd")])
    assert ["99.q1", "odd", "1", "(no section declared)"] in cells(page)


def test_the_struggling_students_come_first_and_self_reported_ones_are_marked():
    table = cells(report.html(a_class()))
    start = table.index(["Student", "Correct", "Exercises"])
    assert table[start + 1 : start + 4] == [
        ["cy", "0", "2"],
        ["di", "0", "2"],
        ["ed", "0", "2"],
    ]
    assert ["fay (self-reported)", "1", "1"] in table


def test_one_bar_per_exercise_as_deterministic_inline_svg():
    page = report.html(a_class())
    assert page == report.html(list(reversed(a_class())))
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert svg.count("<rect") == 2 and ">50%</text>" in svg and ">20%</text>" in svg
    assert "http" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_the_sections_to_reteach_first_count_students_across_mistakes():
    rows = [
        *a_class(),  # bob, cy: bce_sum_not_mean; di: forgot_the_mean; all 'The mean over...'
        Row("hal", "04_loss", "04.q1", "incorrect", "missing_minus"),
        Row("gus", "04_loss", "04.q1", "incorrect", "used_pytorch_loss"),  # declares no section
    ]
    table = cells(report.html(rows))
    start = table.index(["Section", "Students", "Their named mistakes"])
    assert table[start + 1 : start + 4] == [
        ["04_loss, section 'The mean over the batch'", "3", "bce_sum_not_mean, forgot_the_mean"],
        ["04_loss, section 'How wrong is one prediction?'", "1", "missing_minus"],
        ["Student", "Correct", "Exercises"],  # the next table: gus's mistake had no section
    ]


def test_no_named_mistake_means_no_reteach_table():
    page = report.html([Row("ann", "04_loss", "04.q1", "correct")])
    assert "What to reteach tomorrow" not in page

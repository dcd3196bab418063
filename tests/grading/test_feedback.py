import re
import unicodedata

import pytest

from lessonkit.grading.feedback import file_name, markdown
from lessonkit.grading.rows import Row

SELF = "self-reported"
AWKWARD = [
    "<script>alert(1)</script>",
    "../x",
    "..",
    "a/b\\c",
    "CON",
    "con",
    "nul.txt",
    "Ann Lee",
    "ann lee",
    "ann_lee",
    "Zoë",
    unicodedata.normalize("NFD", "Zoë"),
    "张伟",
    "",
    "   ",
    "x" * 300,
    'quote"d: *name*?|',
]


def test_plain_lowercase_names_are_kept_as_they_are():
    assert [file_name(n) for n in ["ann", "zoë", "张伟", "j.doe-2"]] == [
        "ann.md",
        "zoë.md",
        "张伟.md",
        "j.doe-2.md",
    ]


@pytest.mark.parametrize("student", AWKWARD)
def test_every_name_gives_a_file_name_safe_on_every_system(student):
    name = file_name(student)
    assert name.endswith(".md") and 4 <= len(name) <= 80
    assert re.fullmatch(r"[\w.-]+", name) and not name.startswith((".", "-", "_"))
    stem = name.split(".")[0].split("-")[0]
    assert stem.lower() not in {"con", "prn", "aux", "nul", "com1", "lpt1"} or "-" in name
    assert name == file_name(student), "the same name, the same file, in every shard"


def test_no_two_names_share_a_file_even_on_a_case_insensitive_disk():
    names = {file_name(n).lower() for n in [*AWKWARD, "Ann", "ann", "ANN"]}
    assert len(names) == len(AWKWARD) + 3


def test_a_reserved_or_changed_name_gets_a_digest_of_the_real_name():
    assert re.fullmatch(r"con-[0-9a-f]{12}\.md", file_name("con"))
    assert re.fullmatch(
        r"script_alert_1_script-[0-9a-f]{12}\.md", file_name("<script>alert(1)</script>")
    )
    assert re.fullmatch(r"x-[0-9a-f]{12}\.md", file_name("../x"))


def test_the_feedback_names_the_student_and_each_exercise_with_its_message():
    rows = [
        Row("Ann Lee", "04_loss", "04.q2", "incorrect", "bce_sum_not_mean", "Divide by `n`."),
        Row("Ann Lee", "04_loss", "04.q1", "correct", "", "Well done."),
        Row("Ann Lee", "04_loss", "04.q10", "missing", "", "not found in the notebook"),
        Row("Ann Lee", "01_why_autograd", "01.q1", "timeout", "", "cell ran over 60 s"),
        Row("Ann Lee", "05_backward_pass", "", "failed", "", "not a notebook"),
        Row(
            "Ann Lee",
            "06_update",
            "06.q1",
            "correct",
            "",
            "self-reported: 2 attempts",
            "self-reported",
        ),
    ]
    assert markdown("Ann Lee", rows).splitlines() == [
        "# Ann Lee",
        "",
        "## 01\\_why\\_autograd",
        "",
        "- **01.q1**: Timed out. cell ran over 60 s",
        "",
        "## 04\\_loss",
        "",
        "- **04.q1**: Correct. Well done.",
        "- **04.q2**: Incorrect. Divide by `n`. "
        "Revisit 04\\_loss, section 'The mean over the batch'.",
        "- **04.q10**: Missing. not found in the notebook",
        "",
        "## 05\\_backward\\_pass",
        "",
        "- The notebook: Failed. not a notebook",
        "",
        "## 06\\_update",
        "",
        "- **06.q1**: Correct. self-reported: 2 attempts _(self-reported)_",
    ]


def test_a_section_the_message_already_names_is_not_repeated():
    see = "04_loss, section 'The mean over the batch'"
    row = Row("a", "04_loss", "04.q2", "incorrect", "bce_sum_not_mean", f"Divide. (See {see}.)")
    assert markdown("a", [row]).count("The mean over the batch") == 1


def test_learner_text_cannot_become_markdown_or_html():
    text = markdown(
        "<script>alert(1)</script> *x* [a](b)",
        [
            Row("s", "04_loss", "04.q1", "error", "", "NameError: <img src=x onerror=alert(1)>"),
        ],
    )
    assert text.startswith("# \\<script\\>alert(1)\\</script\\> \\*x\\* \\[a\\](b)\n")
    assert "<" not in text.replace("\\<", "")

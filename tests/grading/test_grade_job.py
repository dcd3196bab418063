"""hub/grade-job.yaml, the example Kubernetes Jobs that grade a class in shards: it parses,
and its command lines are ones the grader accepts."""

import re
import shlex
from pathlib import Path

import pytest
import yaml

cli = pytest.importorskip("lessonkit.grading.cli")

MANIFEST = Path(__file__).resolve().parents[2] / "hub" / "grade-job.yaml"


def documents() -> dict[str, dict]:
    return {d["metadata"]["name"]: d for d in yaml.safe_load_all(MANIFEST.read_text())}


def grade_arguments(container: dict, index: int) -> list[str]:
    """The arguments of `python -m lessonkit grade` in the container's script, for one pod."""
    script = container["command"][-1]
    shards = {e["name"]: e["value"] for e in container.get("env", [])}.get("SHARDS", "")
    script = script.replace("$((JOB_COMPLETION_INDEX + 1))", str(index + 1))
    script = re.sub(r"^i=\d+ && ", "", script).replace("$i", str(index + 1))
    words = shlex.split(script.replace("$SHARDS", shards))
    assert words[:5] == ["exec", "python", "-m", "lessonkit", "grade"]
    return words[5:]


def test_the_shards_are_an_indexed_job_that_the_grader_understands():
    job = documents()["grade-class"]["spec"]
    assert job["completionMode"] == "Indexed" and job["parallelism"] == job["completions"]
    [container] = job["template"]["spec"]["containers"]
    outs = []
    for index in range(job["completions"]):
        args = cli.parser().parse_args(grade_arguments(container, index))
        assert args.shard == f"{index + 1}/{job['completions']}"
        outs.append(str(args.out))
    assert outs == [f"/class/out/shard-{i}" for i in range(1, job["completions"] + 1)]


def test_the_merge_joins_every_shard():
    shards = documents()["grade-class"]["spec"]["completions"]
    [container] = documents()["grade-class-merge"]["spec"]["template"]["spec"]["containers"]
    args = cli.parser().parse_args(grade_arguments(container, 0))
    assert [str(p) for p in args.merge] == [f"/class/out/shard-{i}" for i in range(1, shards + 1)]
    assert str(args.out) == "/class/out/all"


def test_the_network_is_closed_to_every_grading_pod():
    policy = documents()["grade-class-offline"]["spec"]
    assert policy["podSelector"]["matchLabels"] == {"app": "grade-class"}
    assert policy["policyTypes"] == ["Ingress", "Egress"] and "egress" not in policy

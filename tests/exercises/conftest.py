import pytest

from lessonkit.exercises import learner_code


@pytest.fixture(autouse=True)
def _private_progress_and_short_time_limit(tmp_path, monkeypatch):
    """Checks record progress: keep it in a temporary directory. A runaway learner
    function is stopped after 1 s instead of 2 s, to keep the tests fast; not less, because a
    first training step on a loaded 2-core machine took over 0.2 s and failed as a "loop"."""
    monkeypatch.setenv("LESSONKIT_DATA_DIR", str(tmp_path / "lessonkit-data"))
    monkeypatch.setattr(learner_code, "TIME_LIMIT_S", 1.0)

# The course's commands. A newcomer needs two of them:
#   make lab    set up the environment (first time only) and open the course in JupyterLab
#   make test   set up the environment (first time only) and run every check CI runs
# Both build .venv from pyproject.toml + constraints.txt and skip that step when it is up to date.

# The Python CI tests first, then the others the course supports (tools/setup_env.py checks).
PYTHON ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3.13 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
# Options for JupyterLab, e.g. make lab LAB_ARGS="--no-browser --port 8899"
LAB_ARGS ?=
# Options for pytest, e.g. make test PYTEST_ARGS="-k hygiene"
PYTEST_ARGS ?=

# The environment's own Jupyter data first, so its `python3` kernel is the one that runs
# the notebooks even when a user-wide `python3` kernel points at another Python.
export JUPYTER_PATH := $(CURDIR)/$(VENV)/share/jupyter
# Pictures in tests come from the renderer the set-up installs, whatever else is on PATH.
TEST_ENV := LESSONKIT_RENDERER=graphviz-pure PYTHONHASHSEED=0

.PHONY: env lab test lint execute bench doctor lock links clean

env:
	@$(PYTHON) tools/setup_env.py || { command -v $(PYTHON) >/dev/null || \
	  echo "No $(PYTHON) found: install Python 3.11, 3.12 or 3.13, or run make PYTHON=/path/to/python3 ..."; exit 1; }

# Jupyter refuses to run as root unless told; containers and CI machines often are root.
AS_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: env
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks $(AS_ROOT) $(LAB_ARGS)

lint: env
	$(BIN)/ruff check lessonkit tests tools benchmarks notebooks

test: lint
	$(TEST_ENV) $(BIN)/python -m pytest $(PYTEST_ARGS)

# Re-run notebooks top to bottom in a fresh kernel and save them with their outputs:
# all of them, or those named, e.g. make execute NOTEBOOKS=notebooks/03_forward_pass.ipynb
NOTEBOOKS ?=
execute: env
	$(TEST_ENV) $(BIN)/python tools/execute_notebooks.py $(NOTEBOOKS)

bench: env
	$(TEST_ENV) $(BIN)/python benchmarks/bench_graph.py
	$(TEST_ENV) $(BIN)/python benchmarks/bench_checks.py
	$(TEST_ENV) $(BIN)/python benchmarks/bench_grade.py

doctor: env
	$(BIN)/python -m lessonkit doctor

lock: env
	$(BIN)/python tools/lock.py

# After changing [tool.lessonkit] in pyproject.toml: the notebooks' install cells and Colab
# links, and the README's, name the new release
links: env
	$(BIN)/python tools/links.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache artifacts

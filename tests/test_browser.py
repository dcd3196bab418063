"""What a learner sees: every lesson run top to bottom in JupyterLab, in headless Chromium.

The README's lab command serves notebooks/ on loopback; for each NN_*.ipynb a fresh tab opens it,
clicks Run > Run All Cells and waits until the kernel is idle. Then, cell by cell:
  * every code cell has an execution count and no error, except cells tagged raises-exception,
    which must show theirs (and must not stop Run All);
  * where the committed notebook shows a graph (SVG), a plot (PNG), exercise feedback (an output
    with {"lessonkit": ...} metadata) or a widget, the live cell shows it rendered;
  * a slider in a widget moves the picture or text next to it when its handle gets ArrowRight.
A screenshot of each run goes to artifacts/browser/NN_slug.png. Two self-checks run the same
code on generated notebooks: one with every kind of output, one that must fail.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SCREENSHOTS = ROOT / "artifacts" / "browser"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
    "--disable-background-networking", "--disable-component-update", "--disable-dev-shm-usage",
]
SERVER_START_S = 120  # the first `make lab` may build .venv
PAGE_LOAD_S = 60
NOTEBOOK_RUN_S = 90  # a whole lesson; each cell takes a few seconds at most
WIDGET_STEP_S = 10
MAX_SCREENSHOT_HEIGHT = 16000
NO_NEWS = {"fetchNews": "false", "checkForUpdates": False}

pytestmark = pytest.mark.browser

# ------------------------------------------------------------------ the server


@dataclass
class Lab:
    port: int
    token: str
    log: Path

    def url(self, path: str, **query: str) -> str:
        query_string = urllib.parse.urlencode({**query, "token": self.token})
        return f"http://127.0.0.1:{self.port}/{path}?{query_string}"

    def api(self, path: str, method: str = "GET"):
        request = urllib.request.Request(self.url(f"api/{path}"), method=method)
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def lab_environment(tmp: Path) -> dict[str, str]:
    """Like a learner's, minus their own Jupyter settings: fresh settings and workspaces, so no
    state from earlier runs; progress goes to a throwaway folder; the pinned graph renderer."""
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # kernels draw plots with their inline backend
    for name, folder in [
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTERLAB_SETTINGS_DIR", "settings"),
        ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"),
        ("LESSONKIT_DATA_DIR", "lessonkit-data"),
    ]:
        env[name] = str(tmp / folder)
        (tmp / folder).mkdir(parents=True, exist_ok=True)
    quiet = tmp / "settings" / "@jupyterlab" / "apputils-extension"
    quiet.mkdir(parents=True, exist_ok=True)  # no "get notified about Jupyter news?" toast
    (quiet / "notification.jupyterlab-settings").write_text(json.dumps(NO_NEWS))
    # Never save the notebooks it runs: the committed files (or a learner's) stay as they are.
    documents = tmp / "settings" / "@jupyterlab" / "docmanager-extension"
    documents.mkdir(parents=True, exist_ok=True)
    (documents / "plugin.jupyterlab-settings").write_text(json.dumps({"autosave": False}))
    env["LESSONKIT_RENDERER"] = "graphviz-pure"
    env["JUPYTER_PATH"] = str(ROOT / ".venv" / "share" / "jupyter")  # as the Makefile does
    return env


def lab_command(port: int, token: str, root_dir: Path | None) -> list[str]:
    """The README's lab command; the self-checks serve another folder with the same options."""
    args = [
        "--no-browser", "--ServerApp.ip=127.0.0.1", f"--port={port}",
        f"--IdentityProvider.token={token}",
        "--LabApp.news_url=None",  # the server fetches no news feed
        "--LabApp.expose_app_in_browser=True",  # window.jupyterapp: kernel state, output types
    ]
    if root_dir is None:
        return ["make", "--no-print-directory", "lab", f"LAB_ARGS={' '.join(args)}"]
    # `make lab` fixes root_dir to notebooks/ and Jupyter takes one root_dir only
    as_root = ["--allow-root"] if os.getuid() == 0 else []
    jupyter = str(ROOT / ".venv" / "bin" / "jupyter")
    return [jupyter, "lab", f"--ServerApp.root_dir={root_dir}", *as_root, *args]


def wait_until_serving(lab: Lab, server: subprocess.Popen, deadline: float) -> None:
    while True:
        try:
            lab.api("status")
            return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"`make lab` did not start JupyterLab:\n{lab.log_tail()}")
            time.sleep(0.5)


@contextmanager
def running_lab(tmp: Path, root_dir: Path | None = None):
    """`make lab` on a loopback port with a token, in its own process group; stopped at the end."""
    tmp.mkdir(parents=True, exist_ok=True)
    lab = Lab(free_port(), secrets.token_hex(16), tmp / "lab.log")
    with open(lab.log, "wb") as log:
        server = subprocess.Popen(
            lab_command(lab.port, lab.token, root_dir), env=lab_environment(tmp),
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,  # make, jupyter and its kernels stop together
        )
    try:
        wait_until_serving(lab, server, time.monotonic() + SERVER_START_S)
        yield lab
    finally:
        stop(server)


def stop(server: subprocess.Popen) -> None:
    for sig, wait_s in [(signal.SIGTERM, 20), (signal.SIGKILL, None)]:
        try:
            os.killpg(server.pid, sig)
        except ProcessLookupError:
            return
        try:
            server.wait(timeout=wait_s)
            return
        except subprocess.TimeoutExpired:
            continue


# ------------------------------------------------------------------ the page
# JavaScript run in the page. `jupyterapp` is JupyterLab itself (--expose-app-in-browser).

FIND_PANEL = """
const findPanel = (path) => {
  for (const widget of window.jupyterapp.shell.widgets('main')) {
    if (widget.context && widget.context.path === path && widget.content.widgets) return widget;
  }
  return null;
};
"""

KERNEL_READY = FIND_PANEL + """
(path) => {
  const panel = findPanel(path);
  const kernel = panel && panel.sessionContext.session && panel.sessionContext.session.kernel;
  return Boolean(panel && panel.context.isReady && kernel && kernel.status === 'idle');
}
"""

# Per cell: type, prompt as shown ("[3]:", "[*]:", "[ ]:"), tags, and errors in its outputs
# (in the page an error and a stderr stream both render as stderr text; the model tells them apart).
RUN_STATE = FIND_PANEL + """
(path) => {
  const panel = findPanel(path);
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const cells = panel.content.widgets.map((cell, index) => {
    cell.node.dataset.browserTestCell = String(index);
    const prompt = cell.node.querySelector('.jp-InputPrompt');
    const outputs = cell.model.type === 'code' ? cell.model.outputs.toJSON() : [];
    return {
      type: cell.model.type,
      empty: !cell.model.sharedModel.getSource().trim(),  // JupyterLab does not run these
      prompt: prompt ? prompt.textContent.trim() : '',
      tags: cell.model.getMetadata('tags') || [],
      errors: outputs.filter(o => o.output_type === 'error').map(o => `${o.ename}: ${o.evalue}`),
    };
  });
  return {kernel: kernel ? kernel.status : 'no kernel', cells};
}
"""

# Per output of one cell, after scrolling it into view: what kind it is and whether it rendered.
CELL_OUTPUTS = FIND_PANEL + """
async ([path, index]) => {
  const cell = findPanel(path).content.widgets[index];
  cell.node.scrollIntoView({block: 'center'});
  await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 50)));
  const children = [...cell.node.querySelectorAll('.jp-OutputArea-child')];
  const models = cell.model.outputs.toJSON();
  const decode = (src) => {
    const [head, data] = src.split(',', 2);
    try { return head.endsWith(';base64') ? atob(data) : decodeURIComponent(data); }
    catch (e) { return ''; }
  };
  // A graph fits when it is drawn whole, at its own size, inside the cell and the visible
  // notebook: wider, JupyterLab cuts it off (or shrinks it, its text unreadably small).
  const scroller = cell.node.closest('.jp-WindowedPanel-outer') || document.body;
  const right = Math.min(cell.node.getBoundingClientRect().right,
                         scroller.getBoundingClientRect().right);
  const graphs = (node) => [
    ...[...node.querySelectorAll('img')].filter(img => img.src.startsWith('data:image/svg'))
      .map(img => [img, img.naturalWidth]),
    ...[...node.querySelectorAll('svg')].filter(svg => svg.querySelector('g.graph'))
      .map(svg => [svg, svg.width.baseVal.value]),
  ].map(([element, width]) => {
    const box = element.getBoundingClientRect();
    return {width: Math.round(Math.max(width, box.width)),
            room: Math.round(right - box.left)};
  });
  return models.map((model, i) => {
    const node = children[i] ? children[i].querySelector('.jp-OutputArea-output') : null;
    const img = node ? node.querySelector('img') : null;
    const box = node ? node.getBoundingClientRect() : {width: 0, height: 0};
    return {
      data: Object.fromEntries(Object.keys(model.data || {}).map(key => [key, true])),
      metadata: model.metadata || {},
      visible: box.width > 0 && box.height > 0,
      text: node ? node.innerText.trim().slice(0, 200) : '',
      imgWidth: img && img.complete ? img.naturalWidth : 0,
      svgNodes: img ? (decode(img.src).match(/class="node[" ]/g) || []).length : 0,
      widget: Boolean(node && node.querySelector('.jupyter-widgets, .widget-inline-hbox')),
      slider: Boolean(node && node.querySelector('.widget-slider, .noUi-handle')),
      graphs: node ? graphs(node) : [],
    };
  });
}
"""

# What a cell's outputs show, slider excepted: changes when the slider moves a frame.
FRAME = """
(cell) => {
  const clone = cell.querySelector('.jp-Cell-outputArea').cloneNode(true);
  clone.querySelectorAll('.widget-slider, .widget-readout').forEach(n => n.remove());
  return clone.innerHTML;
}
"""

CLOSE_AND_SHUT_DOWN = FIND_PANEL + """
async (path) => {
  const panel = findPanel(path);
  await panel.sessionContext.shutdown();
  panel.context.model.dirty = false;  // the learner's file stays as committed
  panel.dispose();
}
"""

NOTEBOOK_HEIGHT = """
() => {
  const scroller = document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer');
  if (!scroller) return 0;
  scroller.scrollTo(0, 0);
  return scroller.scrollHeight + scroller.getBoundingClientRect().top;
}
"""


def dismiss_dialogs(page) -> list[str]:
    """Accept any modal dialog (e.g. "Select Kernel") the way a learner would; say which."""
    seen = []
    for dialog in page.locator(".jp-Dialog").all():
        if dialog.is_visible():
            seen.append(dialog.inner_text().splitlines()[0] if dialog.inner_text() else "dialog")
            accept = dialog.locator(".jp-Dialog-button.jp-mod-accept")
            if accept.count():
                accept.first.click()
            else:
                page.keyboard.press("Escape")
    return seen


def wait_for(page, predicate, timeout_s: float, what, dialogs: list[str]) -> None:
    """Poll predicate, accepting dialogs meanwhile; `what` (text, or a function giving it) says
    what did not happen in time."""
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout_s:.0f} s waiting for "
                        f"{what() if callable(what) else what}")
        dialogs.extend(dismiss_dialogs(page))
        page.wait_for_timeout(250)


def open_notebook(page, lab: Lab, name: str, dialogs: list[str]) -> None:
    page.goto(lab.url(f"lab/tree/{name}", reset=""), timeout=PAGE_LOAD_S * 1000)
    page.wait_for_function("() => window.jupyterapp !== undefined", timeout=PAGE_LOAD_S * 1000)
    wait_for(page, lambda: page.evaluate(KERNEL_READY, name), PAGE_LOAD_S,
             f"{name} to open with an idle kernel", dialogs)


def run_all_cells(page) -> None:
    """What the lesson tells learners to do: Run > Run All Cells."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel:visible", has_text=re.compile(r"^Run All Cells$")).click()


def finished(state: dict) -> bool:
    pending = any(c["prompt"] == "[*]:" for c in state["cells"])
    return state["kernel"] == "idle" and not pending


def wait_until_run(page, name: str, dialogs: list[str]) -> dict:
    """Until the kernel is idle and no cell is queued, twice in a row; returns the final state."""
    started = time.monotonic()
    states = []

    def settled():
        states.append(page.evaluate(RUN_STATE, name))
        return len(states) > 1 and finished(states[-1]) and finished(states[-2])

    def still_running():
        queued = [i + 1 for i, c in enumerate(states[-1]["cells"]) if c["prompt"] == "[*]:"]
        return f"Run All Cells to finish in {name} (kernel {states[-1]['kernel']}, " \
               f"cells still queued: {queued})"

    page.wait_for_timeout(500)  # Run All marks the cells queued before the kernel answers
    wait_for(page, settled, NOTEBOOK_RUN_S - (time.monotonic() - started), still_running, dialogs)
    return states[-1]


# ------------------------------------------------------------------ what the learner sees

# Kinds of output the committed notebook shows that the live page must render too.
KINDS = ("graph", "plot", "feedback", "widget")


def kind_of(output) -> str | None:
    """Which of KINDS an output (nbformat JSON, committed or live) is, if any."""
    data = output.get("data", {})
    if "lessonkit" in output.get("metadata", {}):
        return "feedback"
    if "application/vnd.jupyter.widget-view+json" in data:
        return "widget"
    if "image/svg+xml" in data:
        return "graph"
    if "image/png" in data:
        return "plot"
    return None


def rendering_problem(kind: str, output: dict) -> str | None:
    """Why an output of this kind does not show what it should, or None."""
    if not output["visible"]:
        return f"{kind} output is not visible"
    if kind == "graph" and (output["imgWidth"] == 0 or output["svgNodes"] == 0):
        return f"graph picture did not render (width {output['imgWidth']}, "\
               f"{output['svgNodes']} nodes)"
    if kind == "plot" and output["imgWidth"] == 0:
        return "plot image did not load"
    if kind == "feedback" and not output["text"]:
        return "exercise feedback is empty"
    if kind == "widget" and (not output["widget"] or "Error displaying widget" in output["text"]):
        return f"widget did not render: {output['text'][:80]!r}"
    return None


def run_problems(cell: dict) -> list[str]:
    if cell["type"] != "code" or cell["empty"]:
        return []
    on_purpose = "raises-exception" in cell["tags"]
    if not cell["prompt"][1:-2].strip().isdigit():
        return [f"did not run (prompt {cell['prompt']!r})"]
    if cell["errors"] and not on_purpose:
        return [f"shows an error: {e}" for e in cell["errors"]]
    if on_purpose and not cell["errors"]:
        return ["is tagged raises-exception but shows no error"]
    return []


def overflow_problems(output: dict) -> list[str]:
    """A drawn graph (a picture, or a replay frame in a widget) wider than the room its cell
    gives it: a learner sees it cut off at the right, where a backward pass starts."""
    return [
        f"graph is {graph['width']} px wide, wider than its cell ({graph['room']} px)"
        for graph in output.get("graphs", []) if graph["width"] > graph["room"] + 1
    ]


def output_problems(expected: list, live: list[dict]) -> list[str]:
    problems = []
    for output in live:
        kind = kind_of(output)
        problem = kind and rendering_problem(kind, output)
        if problem:
            problems.append(problem)
        problems += overflow_problems(output)
    for kind in KINDS:
        want = sum(kind_of(o) == kind for o in expected)
        have = sum(kind_of(o) == kind and not rendering_problem(kind, o) for o in live)
        if have < want:
            problems.append(f"shows {have} rendered {kind} output(s), the committed cell {want}")
    return problems


def step_slider(page, index: int) -> str | None:
    """ArrowRight on the first slider of a cell; None when the frame next to it changed."""
    cell = page.locator(f'[data-browser-test-cell="{index}"]')
    handle = cell.locator(".noUi-handle, .widget-slider input").first
    before = cell.evaluate(FRAME)
    handle.focus()
    handle.press("ArrowRight")
    deadline = time.monotonic() + WIDGET_STEP_S
    while time.monotonic() < deadline:
        if cell.evaluate(FRAME) != before:
            return None
        page.wait_for_timeout(200)
    return f"slider moved but the frame did not change within {WIDGET_STEP_S} s"


def check_cells(page, name: str, committed, state: dict) -> list[str]:
    """Every problem a learner would see after Run All, as 'cell N: ...' lines."""
    problems = []
    for index, (cell, saved) in enumerate(zip(state["cells"], committed.cells, strict=True)):
        found = run_problems(cell)
        if cell["type"] == "code":
            live = page.evaluate(CELL_OUTPUTS, [name, index])
            found += output_problems(saved.get("outputs", []), live)
            if any(o["slider"] for o in live):
                found += [p for p in [step_slider(page, index)] if p]
        problems += [f"cell {index + 1}: {p}" for p in found]
    return problems


def screenshot(page, path: Path) -> None:
    """The whole notebook in one picture: the window made as tall as the notebook."""
    from playwright.sync_api import Error as PlaywrightError

    path.parent.mkdir(parents=True, exist_ok=True)
    with suppress(PlaywrightError):  # a picture is a bonus: never hide the test's own failure
        height = min(int(page.evaluate(NOTEBOOK_HEIGHT)) + 40, MAX_SCREENSHOT_HEIGHT)
        page.set_viewport_size({"width": page.viewport_size["width"], "height": max(height, 800)})
        page.wait_for_timeout(500)  # let the layout and the images settle
        page.screenshot(path=str(path))


def shut_down_kernels(lab: Lab, name: str) -> bool:
    """Shut down what still runs for a notebook (after a failure, say); whether there was any."""
    sessions = [s for s in lab.api("sessions") if s["path"] == name]
    for session in sessions:
        lab.api(f"sessions/{session['id']}", method="DELETE")
    return bool(sessions)


def run_and_check(page, lab: Lab, notebook: Path, dialogs: list, screenshot_to) -> list[str]:
    committed = nbformat.read(notebook, as_version=4)
    try:
        open_notebook(page, lab, notebook.name, dialogs)
        run_all_cells(page)
        state = wait_until_run(page, notebook.name, dialogs)
        return check_cells(page, notebook.name, committed, state)
    finally:
        if screenshot_to is not None:
            screenshot(page, screenshot_to)  # of a failed run too, for a person to look at


def run_in_lab(context, lab: Lab, notebook: Path, screenshot_to: Path | None) -> list[str]:
    """Open, Run All, check, screenshot, close and shut down: the problems found."""
    page, dialogs = context.new_page(), []
    try:
        problems = run_and_check(page, lab, notebook, dialogs, screenshot_to)
        page.evaluate(CLOSE_AND_SHUT_DOWN, notebook.name)
    finally:
        page.close()
        left_running = shut_down_kernels(lab, notebook.name)
    if left_running:
        problems.append("its kernel was still running after the notebook was closed")
    return problems + [f"a dialog opened: {d}" for d in dialogs]


# ------------------------------------------------------------------ fixtures and tests


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}: apt-get install chromium (see README)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    yield context
    context.close()


@pytest.fixture(scope="module")
def lab(browser, tmp_path_factory):
    with running_lab(tmp_path_factory.mktemp("lab")) as lab:
        yield lab


def pytest_generate_tests(metafunc):
    if metafunc.cls is not None and "notebook" in metafunc.fixturenames:
        lessons = metafunc.cls.lessons
        metafunc.parametrize("notebook", lessons, ids=[p.stem for p in lessons])


class TestEarlyLessons:
    """The lessons in two halves: pytest-xdist (--dist=loadscope) can give each half to a
    worker of its own, with a JupyterLab of its own, and the suite ends sooner."""

    lessons = NOTEBOOKS[: len(NOTEBOOKS) // 2]

    def test_notebook_runs_in_jupyterlab(self, context, lab, notebook):
        problems = run_in_lab(context, lab, notebook, SCREENSHOTS / f"{notebook.stem}.png")
        assert not problems, f"{notebook.name} in JupyterLab:\n" + "\n".join(problems)


class TestLaterLessons(TestEarlyLessons):
    lessons = NOTEBOOKS[len(NOTEBOOKS) // 2 :]


# The self-checks: the same code on generated notebooks, so the checks above are known to see
# graphs, plots, feedback and widgets before the lessons have them, and known to fail.

DEMO_CELLS = [
    ("markdown", "# Everything the browser test checks", []),
    ("code", "import matplotlib.pyplot as plt\n\nplt.plot([0, 1, 2], [0, 1, 4])\nplt.show()", []),
    ("code", "import torch\n\nimport lessonkit\n\nw = torch.tensor(2.0, requires_grad=True)\n"
             "lessonkit.draw((w * 3).sin(), params={'w': w})", []),
    ("code", "from IPython.display import display\n\n"
             "display({'text/html': '<b>Correct</b> demo.q1', 'text/plain': 'demo.q1 Correct'},\n"
             "        raw=True, metadata={'lessonkit': {'exercise': 'demo.q1'}})", []),
    ("code", "import ipywidgets as widgets\n\nslider = widgets.IntSlider(value=0, min=0, max=3)\n"
             "frame = widgets.HTML('frame 0')\n"
             "slider.observe(lambda change: setattr(frame, 'value', f'frame {change.new}'), "
             "'value')\nwidgets.VBox([slider, frame])", []),
    ("code", "raise ValueError('shown on purpose')", ["raises-exception"]),
    ("code", "print('Run All went on past the error')", []),
]


def new_notebook(cells) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"
    }
    for kind, source, tags in cells:
        cell = (nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell)(
            source, metadata={"tags": tags} if tags else {}
        )
        notebook.cells.append(cell)
    return notebook


def executed_demo(folder: Path) -> Path:
    """The demo notebook, saved with outputs, the way the lessons are committed."""
    from nbclient import NotebookClient

    notebook = new_notebook(DEMO_CELLS)
    NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
    path = folder / "00_demo.ipynb"
    nbformat.write(notebook, path)
    return path


PNG_SIGNATURE = "iVBORw0KGgo="


# A graph as wide as the old flow view of lesson 05 (927 pt), drawn the way Graphviz draws one.
WIDE_GRAPH = (
    "from IPython.display import SVG\n\n"
    "SVG('<svg width=\"927pt\" height=\"60pt\" viewBox=\"0 0 927 60\" "
    "xmlns=\"http://www.w3.org/2000/svg\"><g id=\"graph0\" class=\"graph\">"
    "<g id=\"n0\" class=\"node\"><text x=\"880\" y=\"30\">loss</text></g></g></svg>')"
)


def broken_demo(folder: Path) -> Path:
    """A notebook a learner would see go wrong: a slider that moves nothing, a promised plot
    missing, a graph cut off at the right, an untagged error that stops Run All."""
    notebook = new_notebook([
        ("code", "import ipywidgets as widgets\n\nwidgets.IntSlider()  # moves nothing", []),
        ("code", "print('no plot here')", []),
        ("code", WIDE_GRAPH, []),
        ("code", "1 / 0", []),
        ("code", "print('never runs')", []),
    ])
    promised = {"image/png": PNG_SIGNATURE}  # what the committed cell shows; never drawn live
    notebook.cells[1].outputs = [nbformat.v4.new_output("display_data", promised)]
    path = folder / "01_broken.ipynb"
    nbformat.write(notebook, path)
    return path


@pytest.fixture(scope="module")
def demo(browser, tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo-notebooks")
    notebooks = {"demo": executed_demo(folder), "broken": broken_demo(folder)}
    with running_lab(tmp_path_factory.mktemp("demo-lab"), root_dir=folder) as lab:
        yield lab, notebooks


def test_checks_see_every_kind_of_output(context, demo):
    lab, notebooks = demo
    screenshot_to = SCREENSHOTS / "self-check" / "00_demo.png"
    assert run_in_lab(context, lab, notebooks["demo"], screenshot_to) == []


def test_checks_fail_where_a_learner_would_see_a_problem(context, demo):
    lab, notebooks = demo
    problems = "\n".join(run_in_lab(context, lab, notebooks["broken"], None))
    assert "cell 1: slider moved but the frame did not change" in problems
    assert "cell 2: shows 0 rendered plot output(s), the committed cell 1" in problems
    assert re.search(r"cell 3: graph is 1236 px wide, wider than its cell \(\d+ px\)", problems)
    assert "cell 4: shows an error: ZeroDivisionError" in problems
    assert "cell 5: did not run" in problems

"""Compare a freshly run notebook with the committed one: text byte for byte, pictures by eye.

Text (sources, prints, HTML, the text of every graph) must match exactly. A picture may differ
in a few pixels from one CPU to another (torch's kernels round the last bits differently, and a
point of a plot lands one pixel over), so PNGs and SVGs are compared the way matplotlib's own
tests compare images: both rasterised, then `compare_images` with an RMS tolerance.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import matplotlib
from matplotlib.testing.compare import compare_images
from matplotlib.testing.exceptions import ImageComparisonFailure

IMAGE_TYPES = ("image/png", "image/svg+xml")
POINT_SIZE = re.compile(r'\b((?:width|height)="[\d.]+)pt"')
# RMS over 0-255 channels. A 1/255 change in a few pixels scores about 0.01; a curve that moved
# or a label that changed scores several units (tests/test_notebook_compare.py shows both).
TOLERANCE = 1.0
# SVG text is drawn with matplotlib's own DejaVu fonts, so it rasterises alike on every machine.
FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"


@dataclass
class Picture:
    where: str  # e.g. "cell 12, output 1"
    mime: str
    payload: str


def without_pictures(text: str) -> tuple[str, list[Picture]]:
    """The notebook's JSON with every picture replaced by a marker, and the pictures."""
    notebook = json.loads(text)
    pictures = []
    for c, cell in enumerate(notebook.get("cells", [])):
        for o, output in enumerate(cell.get("outputs", [])):
            data = output.get("data", {})
            for mime in IMAGE_TYPES:
                if mime in data:
                    payload = data[mime]
                    payload = "".join(payload) if isinstance(payload, list) else payload
                    pictures.append(Picture(f"cell {c}, output {o}", mime, payload))
                    data[mime] = f"<{mime} {len(pictures)}>"
    return json.dumps(notebook, indent=1, sort_keys=True), pictures


def to_png(picture: Picture) -> bytes:
    if picture.mime == "image/png":
        return base64.b64decode(picture.payload)
    import resvg_py  # only the tests need it

    return bytes(
        resvg_py.svg_to_bytes(
            svg_string=sized_in_pixels(picture.payload),
            skip_system_fonts=True,
            font_dirs=[str(FONTS)],
            font_family="DejaVu Sans",
            serif_family="DejaVu Serif",
            sans_serif_family="DejaVu Sans",
            monospace_family="DejaVu Sans Mono",
            background="white",
        )
    )


def sized_in_pixels(svg: str) -> str:
    """resvg-py refuses a root size in points (Graphviz writes width="663pt"); the viewBox
    holds the same numbers, so the size is read as pixels instead."""
    start = svg.find("<svg")
    end = svg.find(">", start)
    return svg[:start] + POINT_SIZE.sub(r'\1"', svg[start:end]) + svg[end:]


def picture_difference(
    expected: Picture, actual: Picture, keep_in: Path | None = None, tol: float = TOLERANCE
) -> str | None:
    """None when the two look the same; else why not. The images (and matplotlib's diff image)
    are kept in `keep_in` when they differ, for a person to look at."""
    if expected.mime != actual.mime:
        return f"{expected.where}: a {actual.mime} where a {expected.mime} was committed"
    with tempfile.TemporaryDirectory(prefix="lessonkit-images-") as folder:
        want, got = Path(folder, "expected.png"), Path(folder, "actual.png")
        want.write_bytes(to_png(expected))
        got.write_bytes(to_png(actual))
        try:
            failure = compare_images(str(want), str(got), tol=tol)
        except ImageComparisonFailure as error:  # e.g. the sizes differ
            failure = str(error)
        if failure and keep_in is not None:
            keep_in.mkdir(parents=True, exist_ok=True)
            for path in Path(folder).iterdir():
                name = expected.where.replace(", ", "-").replace(" ", "")
                shutil.copy(path, keep_in / f"{name}-{path.name}")
    if not failure:
        return None
    return f"{expected.where} ({expected.mime}) looks different: {failure.splitlines()[0]}"


def first_text_difference(fresh: str, committed: str) -> str | None:
    fresh_lines, committed_lines = fresh.splitlines(), committed.splitlines()
    for number, (a, b) in enumerate(zip(fresh_lines, committed_lines, strict=False), start=1):
        if a != b:
            return f"line {number}\ncommitted: {b[:300]}\nfresh:     {a[:300]}"
    if len(fresh_lines) != len(committed_lines):
        return (
            f"the fresh run has {len(fresh_lines)} lines, the committed file {len(committed_lines)}"
        )
    return None


def notebook_differences(fresh: str, committed: str, keep_in: Path | None = None) -> list[str]:
    """Every way the fresh notebook differs from the committed one, text first."""
    fresh_text, fresh_pictures = without_pictures(fresh)
    committed_text, committed_pictures = without_pictures(committed)
    text = first_text_difference(fresh_text, committed_text)
    if text:
        return [f"text differs at {text}"]
    found = (
        picture_difference(want, got, keep_in)
        for want, got in zip(committed_pictures, fresh_pictures, strict=True)
    )
    return [difference for difference in found if difference]

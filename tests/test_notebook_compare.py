"""Pictures are compared by how they look: a 1/255 change passes, a visibly changed plot fails."""

import base64
import io
import json

import notebook_compare as compare
import numpy as np
import pytest
from matplotlib.figure import Figure
from PIL import Image

SVG = (
    '<svg width="120pt" height="60pt" viewBox="0.00 0.00 120.00 60.00" '
    'xmlns="http://www.w3.org/2000/svg"><rect x="10" y="10" width="{w}" height="30" '
    'fill="#b3d9ff" stroke="black"/><text x="20" y="30" font-size="12">{label}</text></svg>'
)


def plot_png(slope: float) -> bytes:
    figure = Figure(figsize=(3, 2), dpi=80)
    axes = figure.subplots()
    xs = np.linspace(0, 1, 20)
    axes.plot(xs, slope * xs)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def nudged(png: bytes, pixels: int) -> bytes:
    """The same PNG with `pixels` pixels one step (1/255) darker."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    values = np.array(image)
    values.reshape(-1, 3)[:pixels] -= 1
    buffer = io.BytesIO()
    Image.fromarray(values).save(buffer, format="PNG")
    return buffer.getvalue()


def png_picture(data: bytes) -> compare.Picture:
    return compare.Picture("cell 1, output 0", "image/png", base64.b64encode(data).decode())


def svg_picture(width: int = 60, label: str = "w") -> compare.Picture:
    return compare.Picture("cell 2, output 0", "image/svg+xml", SVG.format(w=width, label=label))


def test_a_png_one_step_off_in_a_few_pixels_looks_the_same():
    png = plot_png(1.0)
    assert compare.picture_difference(png_picture(png), png_picture(nudged(png, 12))) is None


@pytest.mark.parametrize("slope", [0.8, -1.0])
def test_a_plot_whose_curve_moved_looks_different(slope, tmp_path):
    problem = compare.picture_difference(
        png_picture(plot_png(1.0)), png_picture(plot_png(slope)), keep_in=tmp_path
    )
    assert problem and "looks different" in problem
    assert any(path.name.endswith("failed-diff.png") for path in tmp_path.iterdir())


def test_svgs_are_rasterised_and_compared_the_same_way():
    assert compare.picture_difference(svg_picture(), svg_picture()) is None
    assert compare.picture_difference(svg_picture(), svg_picture(width=90))
    assert compare.picture_difference(svg_picture(), svg_picture(label="grad 0.47"))


def test_pictures_of_another_size_or_kind_differ():
    wide = svg_picture()
    wide.payload = wide.payload.replace('width="120pt"', 'width="160pt"')
    assert "looks different" in compare.picture_difference(svg_picture(), wide)
    assert "where a image/svg+xml was committed" in compare.picture_difference(
        svg_picture(), png_picture(plot_png(1.0))
    )


def notebook(text: str, picture: str) -> str:
    cell = {
        "cell_type": "code",
        "outputs": [
            {"output_type": "display_data", "data": {"image/png": picture, "text/plain": text}}
        ],
    }
    return json.dumps({"cells": [cell]})


def test_text_must_match_exactly_and_pictures_by_eye():
    png = plot_png(1.0)
    committed = notebook("<Figure>", base64.b64encode(png).decode())
    nudged_png = base64.b64encode(nudged(png, 12)).decode()
    assert compare.notebook_differences(notebook("<Figure>", nudged_png), committed) == []
    [text] = compare.notebook_differences(notebook("<Figure 2>", nudged_png), committed)
    assert "text differs" in text and "<Figure 2>" in text
    moved = base64.b64encode(plot_png(-1.0)).decode()
    [picture] = compare.notebook_differences(notebook("<Figure>", moved), committed)
    assert picture.startswith("cell 0, output 0 (image/png) looks different")

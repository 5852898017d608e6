"""Every chapter notebook follows the book's conventions (checked on the .ipynb)."""

from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT, chapter_notebooks

PLOTLY = "application/vnd.plotly.v1+json"
NOTEBOOKS = chapter_notebooks()


def cells(nb_path):
    return json.loads(nb_path.read_text(encoding="utf-8"))["cells"]


def src(cell) -> str:
    return "".join(cell["source"])


def test_there_are_chapters():
    assert NOTEBOOKS, "no chapter notebooks in chapters/"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_first_code_cell_is_the_setup_line(nb):
    first = next(c for c in cells(nb) if c["cell_type"] == "code")
    assert src(first).strip() == "import mlhelpers as ml\nml.setup()"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_code_cell_has_outputs_or_is_silent_by_design(nb):
    data = json.loads(nb.read_text(encoding="utf-8"))
    assert data["metadata"]["kernelspec"]["name"] == "python3"
    for cell in data["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("execution_count"), f"{nb.name}: unexecuted cell {src(cell)[:60]!r}"
            assert not any(o["output_type"] == "error" for o in cell["outputs"]), f"{nb.name}: stored error"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_chart_names_source_and_licence(nb):
    charts = 0
    for cell in cells(nb):
        for out in cell.get("outputs", []):
            fig = out.get("data", {}).get(PLOTLY)
            if fig is None:
                continue
            charts += 1
            meta = fig["layout"].get("meta", {})
            assert meta.get("source") and meta.get("licence") and meta.get("alt"), f"{nb.name}: chart without ml.add_source"
            notes = [a["text"] for a in fig["layout"].get("annotations", []) if a.get("name") == "source"]
            assert notes and notes[0].startswith("Source:")
            caption = cell["metadata"].get("mystnb", {}).get("figure", {}).get("caption", "")
            assert "Source" in caption and "Licence" in caption, f"{nb.name}: chart cell without a source caption"
    assert charts >= 1


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_widget_cells_are_tagged_for_book_and_nbval(nb):
    for cell in cells(nb):
        has_widget = any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in cell.get("outputs", []))
        if has_widget:
            tags = cell["metadata"].get("tags", [])
            assert "remove-output" in tags and "nbval-ignore-output" in tags, f"{nb.name}: {src(cell)[:50]!r}"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_stored_widget_state(nb):
    """Widget state (a FigureWidget's holds plotly.js) must not ride along in the notebook."""
    metadata = json.loads(nb.read_text(encoding="utf-8"))["metadata"]
    assert "widgets" not in metadata, f"{nb.name} stores widget state: re-run ./book execute {nb.relative_to(ROOT)}"


ROLE = re.compile(r"\{[a-z:]+\}`[^`]*`")
CODE = re.compile(r"```.*?```|`[^`]*`", re.S)
FENCE_OPTS = re.compile(r"^:[a-z-]+:.*$", re.M)


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_number_typed_into_prose(nb):
    """Figures in prose come from data through glue; only single digits (list items, exercise numbers) are typed."""
    for cell in cells(nb):
        if cell["cell_type"] != "markdown":
            continue
        text = FENCE_OPTS.sub("", CODE.sub("", ROLE.sub("", src(cell))))
        found = re.findall(r"(?<![\w.])\d{2,}(?:[.,]\d+)?%?", text)
        assert not found, f"{nb.name}: typed number(s) {found} in: {text[:80]!r}"

"""Re-executing notebooks in place: fresh kernel, cwd = the notebook's folder."""

from __future__ import annotations

import nbformat
import pytest

from mlhelpers.build import execute


def test_execute_in_place_from_its_own_folder(tmp_path):
    folder = tmp_path / "chapters"
    folder.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import os; print(os.path.basename(os.getcwd()))")]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {"stale": {}}}}
    path = folder / "x.ipynb"
    nbformat.write(nb, path)
    assert execute.main([str(folder)]) == 0
    done = nbformat.read(path, as_version=4)
    assert done.cells[0].outputs[0]["text"].strip() == "chapters"
    assert "widgets" not in done.metadata  # stale widget state is dropped


def test_bad_path(tmp_path):
    with pytest.raises(FileNotFoundError, match="neither a notebook"):
        execute.notebooks([str(tmp_path / "nope.txt")])

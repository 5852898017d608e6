"""The Status page's record of chapter execution, and the how-to-cite text."""

from __future__ import annotations

import json

import nbformat
import pytest

from conftest import ROOT
from mlhelpers.build import citation, execute, status


def make_repo(tmp_path):
    (tmp_path / "chapters").mkdir()
    (tmp_path / "reference").mkdir()
    for name, code in {"a.ipynb": "print(1)", "b.ipynb": "1/0"}.items():
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell(f"# Chapter {name[0].upper()}"), nbformat.v4.new_code_cell(code)]
        nbformat.write(nb, tmp_path / "chapters" / name)
    return tmp_path


def test_execute_records_results_and_the_page_reports_them(tmp_path):
    repo = make_repo(tmp_path)
    status_file = repo / "reference" / "execution_status.json"
    code = execute.main(["--status", str(status_file), str(repo / "chapters")])
    assert code == 1  # b.ipynb divides by zero
    data = json.loads(status_file.read_text())
    by_name = {e["notebook"]: e for e in data["notebooks"]}
    assert by_name["chapters/a.ipynb"]["result"] == "ok" and by_name["chapters/a.ipynb"]["seconds"] >= 0
    assert by_name["chapters/b.ipynb"]["result"] == "error" and "ZeroDivisionError" in by_name["chapters/b.ipynb"]["error"]
    rows = {r["notebook"]: r for r in status.rows(repo)}
    assert rows["chapters/a.ipynb"]["title"] == "Chapter A" and rows["chapters/a.ipynb"]["current"]
    # editing a chapter after its run makes it stale on the page
    (repo / "chapters" / "a.ipynb").write_text((repo / "chapters" / "a.ipynb").read_text().replace("Chapter A", "Chapter A2"))
    rows = {r["notebook"]: r for r in status.rows(repo)}
    assert not rows["chapters/a.ipynb"]["current"]
    assert "re-run `./book execute`" in status.markdown(repo)


def test_a_chapter_never_run_is_shown_as_not_recorded(tmp_path):
    repo = make_repo(tmp_path)
    rows = status.rows(repo)
    assert {r["result"] for r in rows} == {"not recorded"}
    assert "not recorded" in status.markdown(repo)


def test_every_chapter_was_executed_and_is_unchanged_since():
    rows = status.rows(ROOT)
    assert rows, "no chapters"
    bad = [f"{r['notebook']}: {r['result']}, unchanged={r['current']}" for r in rows if r["result"] != "ok" or not r["current"]]
    assert not bad, "re-run ./book execute (it records reference/execution_status.json):\n" + "\n".join(bad)


def test_citation_comes_from_citation_cff(tmp_path):
    cff = citation.read(ROOT / "CITATION.cff")
    assert cff["title"] in citation.text(cff) and cff["repository-code"] in citation.bibtex(cff)
    assert citation.bibtex(cff).startswith("@misc{")
    broken = tmp_path / "CITATION.cff"
    broken.write_text("cff-version: 1.2.0\ntitle: x\n")
    with pytest.raises(ValueError, match="authors"):
        citation.read(broken)
    with pytest.raises(FileNotFoundError, match="CITATION.cff"):
        citation.read(tmp_path / "nope.cff")

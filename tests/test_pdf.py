"""The PDF edition (mlhelpers.build.pdf): built once per session, then read back.

The PDF is built from the committed notebooks' stored outputs in a temporary
folder, as CI does. Set ``MLHELPERS_BUILT_PDF`` to an existing PDF to check it
instead while iterating (CI never sets it). The checks read the PDF with
poppler-utils (``pdftotext``, ``pdfimages``, ``pdfinfo``).
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from mlhelpers.build import pdf

ROOT = Path(__file__).resolve().parents[1]
PLOTLY_MIME = "application/vnd.plotly.v1+json"
#: Markup that must never reach print: MyST roles and fences, unresolved references.
RAW_MARKUP = ("{cite", "{glue", "{term", "{numref", "{ref}", "{doc}", "{download", "```", ":::", "??")
#: Instructions for on-screen controls, which a printed chapter must not give (the chapters
#: mark them ``[...]{.mlbook-screen}``; the note under each printed chart describes the controls).
SCREEN_INSTRUCTION = re.compile(
    r"\b(hover(?:ing)? (?:over|for|to)|use the dropdowns?|(?:from|in) the dropdown|the dropdown (?:switches|chooses)"
    r"|move the slider|click (?:a|the)|second button)\b", re.I)
SCREEN_SPAN = re.compile(r"\[[^\]]*\]\{\.mlbook-screen\}")


#: The notebooks as they were when the PDF was built (others may edit them meanwhile).
_SNAPSHOT: dict[Path, dict] = {}


@functools.lru_cache(maxsize=1)
def toc_chapters() -> list[Path]:
    """The chapter notebooks in the book's table of contents, in order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [c["file"] for part in toc["parts"] for c in part["chapters"] if c["file"].startswith("chapters/")]
    return [ROOT / f"{f}.ipynb" for f in files if (ROOT / f"{f}.ipynb").is_file()]


def notebook(path: Path) -> dict:
    """A chapter notebook, read once (first by the ``built_pdf`` fixture, before it builds)."""
    if path not in _SNAPSHOT:
        _SNAPSHOT[path] = json.loads(path.read_text(encoding="utf-8"))
    return _SNAPSHOT[path]


def first_heading(path: Path) -> str:
    for cell in notebook(path)["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    raise AssertionError(f"{path.name} has no '# ' title")


def printed_charts(path: Path) -> int:
    """Charts the book shows: plotly outputs of cells not tagged remove-output."""
    n = 0
    for cell in notebook(path)["cells"]:
        if "remove-output" in cell.get("metadata", {}).get("tags", []):
            continue
        n += sum(PLOTLY_MIME in out.get("data", {}) for out in cell.get("outputs", []))
    return n


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


@pytest.fixture(scope="session")
def built_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the whole book's PDF once per session; return its path."""
    prebuilt = os.environ.get("MLHELPERS_BUILT_PDF")
    if prebuilt:
        if not Path(prebuilt).is_file():
            pytest.fail(f"MLHELPERS_BUILT_PDF={prebuilt} is not a file.")
        return Path(prebuilt)
    for path in toc_chapters():  # what the build reads, before it reads it
        notebook(path)
    _bib_entries()
    tmp = tmp_path_factory.mktemp("pdf")
    cmd = [sys.executable, "-m", "mlhelpers.build.pdf", "--out", str(tmp / "book.pdf"), "--work", str(tmp / "work")]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=1200, cwd=ROOT, check=False)
    if proc.returncode != 0:
        pytest.fail(f"the PDF build failed (exit {proc.returncode}):\n{(proc.stdout + proc.stderr)[-4000:]}")
    return tmp / "book.pdf"


@pytest.fixture(scope="session")
def page_texts(built_pdf: Path) -> list[str]:
    return pdf.pdf_page_texts(built_pdf)


@pytest.fixture(scope="session")
def text(page_texts: list[str]) -> str:
    return norm(" ".join(page_texts))


# ---------------------------------------------------------------- the whole book


def test_page_count_is_within_the_stated_range(built_pdf: Path) -> None:
    # About 12 to 40 pages a chapter, plus the front matter and reference pages
    # (181 pages for 8 chapters in December 2026). Far fewer means chapters went
    # missing; far more means something prints a line per page or a character per line.
    n = len(toc_chapters())
    pages = pdf.pdf_pages(built_pdf)
    assert 12 * n + 20 <= pages <= 40 * n + 60, f"{pages} pages for {n} chapters"


def test_every_chart_is_an_image_at_print_resolution(built_pdf: Path) -> None:
    expected = sum(printed_charts(p) for p in toc_chapters())
    assert expected > 0
    out = subprocess.run(["pdfimages", "-list", str(built_pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    images = [r for r in rows if r[2] == "image"]
    assert len(images) >= expected, f"{len(images)} images for {expected} charts"
    # x-ppi of the chart images: at least 200 dpi as placed on the page
    ppi = [int(r[12]) for r in images if int(r[3]) >= 1000]
    assert len(ppi) >= expected and min(ppi) >= 200, ppi


def test_every_chapter_title_is_printed(text: str) -> None:
    missing = [first_heading(p) for p in toc_chapters() if norm(first_heading(p)) not in text]
    assert not missing


def test_the_contents_give_each_chapter_its_page(page_texts: list[str]) -> None:
    contents = norm(page_texts[1])
    assert contents.startswith("Contents")
    for i, path in enumerate(toc_chapters(), start=1):
        title = norm(first_heading(path))
        match = re.search(rf"{i}\. {re.escape(title)} (\d+)", contents)
        assert match, f"no page number for chapter {i} in the contents"
        page = int(match.group(1))
        assert norm(page_texts[page - 1]).startswith(f"{i}. {title}"), f"chapter {i} is not on page {page}"


def _glue_values(nb: dict) -> dict[str, str]:
    values = {}
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            meta = out.get("metadata", {}).get("scrapbook")
            if meta:
                plain = out["data"].get(meta["mime_prefix"] + "text/plain")
                if plain is not None:
                    value = "".join(plain) if isinstance(plain, list) else str(plain)
                    values[meta["name"]] = value.strip("'\"")
    return values


def glued_sentences(path: Path, per_chapter: int = 4) -> list[tuple[str, str]]:
    """A sample of (needle, where) pairs: three plain words before a glued number, then its value."""
    nb = notebook(path)
    values = _glue_values(nb)
    found = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        source = SCREEN_SPAN.sub("", "".join(cell["source"]))  # left out of print
        for match in re.finditer(r"((?:[A-Za-z]+ ){3})\{glue(?::text)?:?\}`([A-Za-z0-9_]+)`", source):
            words, name = match.group(1), match.group(2)
            if name in values and len(values[name]) < 30:
                found.append((norm(words + values[name]), f"{path.name}:{name}"))
    step = max(1, len(found) // per_chapter)
    return found[::step][:per_chapter]


def test_glued_numbers_print_in_their_sentences(text: str) -> None:
    sample = [s for p in toc_chapters() for s in glued_sentences(p)]
    assert len(sample) >= len(toc_chapters()), "too few glued sentences found to check"
    missing = [where for needle, where in sample if needle not in text]
    assert not missing, missing


def _cited_keys() -> set[str]:
    keys = set()
    for path in toc_chapters():
        for cell in notebook(path)["cells"]:
            if cell["cell_type"] == "markdown":
                for group in re.findall(r"\{cite(?::[a-z]+)?\}`([^`]+)`", "".join(cell["source"])):
                    keys.update(k.strip() for k in group.split(","))
    return keys


@functools.lru_cache(maxsize=1)
def _bib_entries() -> dict:
    from pybtex.database import parse_file

    return parse_file(str(ROOT / "references.bib"), bib_format="bibtex").entries


def test_the_bibliography_lists_the_cited_works(page_texts: list[str]) -> None:
    starts = [i for i, page in enumerate(page_texts) if norm(page).startswith("Bibliography")]
    assert starts, "no Bibliography page"
    bibliography = norm(" ".join(page_texts[starts[-1]:]))
    entries = _bib_entries()
    cited = sorted(k for k in _cited_keys() if k in entries)
    assert cited
    missing = []
    for key in cited:
        people = entries[key].persons.get("author") or entries[key].persons.get("editor") or []
        if people:
            surname = re.sub(r"[{}\\]", "", norm(" ".join(people[0].last_names)))
            if surname and surname not in bibliography:
                missing.append((key, surname))
    assert not missing, missing


def _code_and_outputs() -> str:
    """Code cells, stored outputs and the data package: these may use citation keys as data."""
    parts = []
    for path in toc_chapters():
        for cell in notebook(path)["cells"]:
            if cell["cell_type"] == "code":
                parts.append("".join(cell["source"]))
            for out in cell.get("outputs", []):
                for mime, value in out.get("data", {}).items():
                    if mime.startswith("text/"):
                        parts.append("".join(value) if isinstance(value, list) else str(value))
    # the data appendix prints data/datapackage.json, whose descriptions name source keys
    parts.extend(p.read_text(encoding="utf-8") for p in sorted((ROOT / "data").glob("*.json")))
    return "\n".join(parts)


def test_no_raw_citation_key_or_markup(text: str) -> None:
    # A key printed in the prose is a citation that did not resolve; a key in
    # code or in a stored data table (e.g. a ``source`` column) is data.
    outputs = _code_and_outputs()
    raw_keys = [
        k for k in _bib_entries()
        if re.search(rf"(?<![\w/.-]){re.escape(k)}(?![\w-])", text) and k not in outputs
    ]
    assert not raw_keys, f"raw citation keys in the PDF: {raw_keys[:10]}"
    markup = [m for m in RAW_MARKUP if m in text]
    assert not markup, f"unrendered markup in the PDF: {markup}"


def test_charts_keep_source_and_licence_and_controls_get_a_print_form(text: str) -> None:
    assert len(re.findall(r"Fig\. \d+\.\d+", text)) >= sum(printed_charts(p) for p in toc_chapters())
    with_controls = 0
    for path in toc_chapters():
        for cell in notebook(path)["cells"]:
            if "remove-output" in cell.get("metadata", {}).get("tags", []):
                continue
            for out in cell.get("outputs", []):
                layout = out.get("data", {}).get(PLOTLY_MIME, {}).get("layout", {})
                with_controls += bool(layout.get("updatemenus") or layout.get("sliders"))
    assert with_controls > 0
    assert text.count("In the online edition,") >= with_controls
    assert text.count("Licence") + text.count("licence") >= sum(printed_charts(p) for p in toc_chapters())


def chapter_pages(page_texts: list[str]) -> list[str]:
    """The pages of the numbered chapters: from chapter 1 to the page before the first reference page."""
    contents = norm(page_texts[1])
    first = int(re.search(rf"1\. {re.escape(norm(first_heading(toc_chapters()[0])))} (\d+)", contents).group(1))
    after = int(re.search(r"REFERENCE \D*?(\d+)", contents).group(1))
    return page_texts[first - 1:after - 1]


def test_printed_chapters_give_no_instructions_for_screen_controls(page_texts: list[str]) -> None:
    pages = chapter_pages(page_texts)
    assert len(pages) > 100  # the eight chapters, not an empty slice
    found = [f"...{m.string[max(0, m.start() - 60):m.end() + 40]}..."
             for m in (SCREEN_INSTRUCTION.search(norm(p)) for p in pages) if m]
    assert not found, "on-screen instructions printed (mark them [text]{.mlbook-screen}):\n" + "\n".join(found)


def test_widget_cells_print_their_code_and_where_they_run(text: str) -> None:
    widgets = [
        cell for p in toc_chapters() for cell in notebook(p)["cells"]
        if "remove-output" in cell.get("metadata", {}).get("tags", [])
    ]
    assert widgets
    assert text.count(norm(pdf.WIDGET_NOTE)[:60]) == len(widgets)


def test_the_cover_names_the_edition(page_texts: list[str]) -> None:
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    cover = norm(page_texts[0])
    assert f"Edition {cff['version']}, released {cff['date-released']}" in cover
    assert "CC BY 4.0" in cover


def test_one_chapter_alone(built_pdf: Path, tmp_path: Path) -> None:
    chapters = toc_chapters()
    if os.environ.get("MLHELPERS_BUILT_PDF"):
        pytest.skip("needs the session's own build (MLHELPERS_BUILT_PDF is set)")
    work = built_pdf.parent / "work"
    out = tmp_path / "one.pdf"
    target = chapters[1]
    proc = subprocess.run(
        [sys.executable, "-m", "mlhelpers.build.pdf", f"chapters/{target.name}", "--out", str(out), "--work", str(work), "--reuse-html"],
        capture_output=True, text=True, timeout=600, cwd=ROOT, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    one = norm(" ".join(pdf.pdf_page_texts(out)))
    assert f"2. {norm(first_heading(target))}" in one
    assert norm(first_heading(chapters[0])) not in one and norm(first_heading(chapters[2])) not in one
    assert "Bibliography" in one
    assert pdf.pdf_pages(out) < pdf.pdf_pages(built_pdf) / 3


# ---------------------------------------------------------------- errors and pieces


def test_an_unknown_chapter_is_named_with_the_choices() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mlhelpers.build.pdf", "chapters/99_nothing.ipynb", "--out", "/dev/null"],
        capture_output=True, text=True, timeout=120, cwd=ROOT, check=False,
    )
    assert proc.returncode == 2
    assert "chapter 'chapters/99_nothing.ipynb' not found" in proc.stderr and "Traceback" not in proc.stderr
    with pytest.raises(pdf.PdfError, match=r"not in the book.*chapters/03_practice\.ipynb"):
        pdf.resolve_chapter("nothing", ["chapters/03_practice", "reference/glossary"])
    assert pdf.resolve_chapter("chapters/03_practice.ipynb", ["chapters/03_practice"]) == "chapters/03_practice"


def test_missing_chromium_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MLHELPERS_CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    monkeypatch.setattr(pdf, "DEBIAN_CHROMIUM", str(tmp_path / "usr-bin-chromium"))
    with pytest.raises(pdf.PdfError, match="apt-get install chromium"):
        pdf.find_chromium()


def test_controls_get_a_sentence_and_leave_the_printed_figure() -> None:
    fig = {
        "data": [{"type": "bar", "y": [1, 2]}],
        "layout": {
            "updatemenus": [{"buttons": [{"label": "All"}, {"label": "<b>Acute</b>"}]}],
            "sliders": [{"steps": [{"label": "2009"}, {"label": "2018"}]}],
        },
    }
    note = pdf.controls_note(fig)
    assert "a dropdown menu (All, Acute)" in note and "a slider (from 2009 to 2018)" in note
    printed = pdf.print_figure(fig)
    assert "updatemenus" not in printed["layout"] and "sliders" not in printed["layout"]
    assert "updatemenus" in fig["layout"]  # the stored figure is untouched
    assert pdf.controls_note({"data": [], "layout": {}}) is None
    # one menu: the verb agrees with it
    one = pdf.controls_note({"data": [], "layout": {"updatemenus": [{"buttons": [{"label": "A"}, {"label": "B"}]}]}})
    assert "a dropdown menu (A, B) lets the reader" in one


def test_a_long_menu_is_described_not_listed() -> None:
    """Chapter 4's list of 151 trusts printed every (truncated) name: a page and a half of print."""
    names = [f"Trust {i:03d}" for i in range(151)]
    fig = {"data": [], "layout": {"updatemenus": [{"name": "Trust", "active": 75, "buttons": [{"label": n} for n in names]}]}}
    note = pdf.controls_note(fig)
    assert "a list of 151 choices of trust, from Trust 000 to Trust 150 (the printed view shows Trust 075) lets" in note
    assert "Trust 001" not in note and len(note) < 300


def test_start_pages_finds_each_heading_in_order() -> None:
    pages = ["Cover", "Contents 1. A 3", "1. A text", "more 1. A", "2. B text"]
    assert pdf.start_pages(pages, ["1. A", "2. B", "3. C"]) == [3, 5, None]


def test_the_html_links_the_pdf_only_when_it_exists(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from mlhelpers import config
    from mlhelpers.build import sphinx_ext

    (tmp_path / "_config.yml").write_text("repository:\n  url: https://example.org/book\n")
    monkeypatch.setattr(config, "repo_root", lambda: tmp_path)
    monkeypatch.delenv(pdf.PDF_BUILD_ENV, raising=False)
    absent, depends, _ = sphinx_ext._pdf_edition("intro")
    assert "{download}" not in absent and "./book pdf" in absent and "https://example.org/book/releases" in absent
    assert depends == [tmp_path / pdf.DEFAULT_OUT]
    (tmp_path / pdf.DEFAULT_OUT).parent.mkdir(parents=True)
    (tmp_path / pdf.DEFAULT_OUT).write_bytes(b"%PDF-1.7\n" * 1000)
    present, _, _ = sphinx_ext._pdf_edition("reference/how_to_use")
    assert "{download}`Download the book as a PDF </_build/pdf/book.pdf>`" in present
    monkeypatch.setenv(pdf.PDF_BUILD_ENV, "1")
    in_pdf, _, _ = sphinx_ext._pdf_edition("intro")
    assert "You are reading the **PDF edition**" in in_pdf and "{download}" not in in_pdf

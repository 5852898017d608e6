"""The built book: clean build, offline charts, captions, glossary, bibliography."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.book

CHART = 'class="mlbook-plotly"'
PLOTLY_SCRIPT = re.compile(r'<script[^>]+src="(?:\.\./)*_static/plotly-book\.min\.js[^"]*"')
EXTERNAL_ASSET = re.compile(r'<(?:script|link|img|iframe)\b[^>]*?\b(?:src|href)="(?:https?:)?//[^"]+"', re.I)


def pages(html: Path) -> dict[str, str]:
    skip = {"search.html", "genindex.html"}
    return {
        str(p.relative_to(html)): p.read_text(encoding="utf-8")
        for p in html.rglob("*.html")
        if p.name not in skip and "_static" not in p.parts
    }


def test_plotly_js_served_once_from_static(built_book):
    js = built_book / "_static" / "plotly-book.min.js"
    assert 1_000_000 < js.stat().st_size < 2_000_000, "expected the partial bundle, not the 4.8 MB full plotly.js"
    chart_pages = {name: text for name, text in pages(built_book).items() if CHART in text}
    assert "chapters/01_what_is_medical_leadership.html" in chart_pages
    for name, text in pages(built_book).items():
        loads = len(PLOTLY_SCRIPT.findall(text))
        assert loads == (1 if name in chart_pages else 0), f"{name} loads plotly.js {loads} times"
        assert "plotly.js v" not in text, f"{name} inlines plotly.js"
        assert len(text) < 1_000_000, f"{name} is {len(text)} bytes"


BOOK_ASSET = re.compile(r'<(script|link)\b([^>]*?)\b(?:src|href)="(?:\.\./)*_static/(plotly-book\.min\.js|mlbook\.js|mlbook\.css)([^"]*)"')


def test_the_books_scripts_are_deferred_and_checksummed_and_fontawesome_js_is_gone(built_book):
    """plotly.js and the book's script load without holding up the parser; each link to
    the book's own files carries Sphinx's checksum, so a browser never keeps an old copy;
    and no page loads the theme's fontawesome.js (the theme's CSS draws the icons)."""
    for name, text in pages(built_book).items():
        assert "fontawesome.js" not in text, f"{name} still loads fontawesome.js"
        if re.search(r'<meta http-equiv="refresh"', text, re.I):
            continue  # index.html only redirects to the introduction
        found = {m.group(3): m for m in BOOK_ASSET.finditer(text)}
        assert {"mlbook.js", "mlbook.css"} <= set(found), f"{name} lacks the book's script or stylesheet"
        for asset, m in found.items():
            assert re.fullmatch(r"\?v=[0-9a-f]{8}", m.group(4)), f"{name}: {asset} has no checksum ({m.group(0)})"
            if m.group(1) == "script":
                assert "defer" in m.group(2) + m.group(0), f"{name}: {asset} is not deferred"


def test_no_asset_from_another_host(built_book):
    for name, text in pages(built_book).items():
        found = EXTERNAL_ASSET.findall(text)
        assert not found, f"{name} loads from outside the book: {found[:3]}"


def test_every_chart_has_a_caption_naming_its_source(built_book):
    for name, text in pages(built_book).items():
        for figure in re.findall(r"<figure\b.*?</figure>", text, flags=re.S):
            if CHART in figure:
                caption = re.search(r"<figcaption>(.*?)</figcaption>", figure, flags=re.S)
                assert caption and "Source" in caption.group(1), f"{name}: chart without a source caption"
        charts = text.count(CHART)
        in_figures = sum(f.count(CHART) for f in re.findall(r"<figure\b.*?</figure>", text, flags=re.S))
        assert charts == in_figures, f"{name}: {charts - in_figures} chart(s) outside a captioned figure"


def test_glossary_terms_are_defined_and_used(built_book):
    glossary = (built_book / "reference" / "glossary.html").read_text(encoding="utf-8")
    terms = re.findall(r'<dt id="(term-[^"]+)"', glossary)
    assert len(terms) >= 15
    chapters = "".join(t for n, t in pages(built_book).items() if n.startswith("chapters/"))
    unused = [t for t in terms if f"#{t}" not in chapters]
    assert not unused, f"glossary terms never used with {{term}} in a chapter: {unused}"


def test_bibliography_lists_cited_works(built_book):
    bib = (built_book / "reference" / "bibliography.html").read_text(encoding="utf-8")
    entries = re.findall(r'<div class="citation" id="id\d+"|<dt class="label" id="', bib)
    cited = re.findall(r'role="doc-biblioref"|class="reference internal" href="[^"]*bibliography\.html#', "".join(pages(built_book).values()))
    assert len(entries) >= 10 and len(cited) >= 10


def test_chapters_follow_the_outline(built_book):
    for nb in sorted((ROOT / "chapters").glob("*.ipynb")):
        text = (built_book / "chapters" / f"{nb.stem}.html").read_text(encoding="utf-8")
        for heading in ("Overview", "Prerequisites", "Time to learn", "Summary", "Exercises"):
            assert re.search(rf"<h2>(?:<span class=\"section-number\">[^<]*</span>)?{heading}", text), f"{nb.name} lacks a '{heading}' section"
        assert text.count('class="admonition') >= 3, f"{nb.name}: exercises need solutions"

"""The reader's apparatus in the built book: downloads, search, status, how to use and cite."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import re
import threading

import pytest

from conftest import ROOT, chapter_notebooks
from mlhelpers import datapackage

pytestmark = [pytest.mark.book]


def page(built_book, name: str) -> str:
    return (built_book / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("nb", chapter_notebooks(), ids=lambda p: p.stem)
def test_each_chapter_offers_its_notebook_for_download(built_book, nb):
    html = page(built_book, f"chapters/{nb.stem}.html")
    assert f'href="../_sources/chapters/{nb.name}"' in html
    copy = built_book / "_sources" / "chapters" / nb.name
    assert json.loads(copy.read_text(encoding="utf-8"))["cells"], "downloadable notebook is empty"


def test_every_curated_csv_can_be_downloaded(built_book):
    html = page(built_book, "reference/data.html")
    for res in datapackage.resources("curated"):
        links = re.findall(rf'href="(\.\./_downloads/[0-9a-f]+/{re.escape(res["path"])})"', html)
        assert links, f"no download link for {res['path']}"
        target = (built_book / "reference" / links[0]).resolve()
        assert target.read_bytes() == (ROOT / "data" / res["path"]).read_bytes()


def test_status_page_lists_every_chapter(built_book):
    html = page(built_book, "reference/status.html")
    for nb in chapter_notebooks():
        assert f'href="../chapters/{nb.stem}.html"' in html, nb.stem


def test_how_to_use_and_cite(built_book):
    html = page(built_book, "reference/how_to_use.html")
    assert "medicalleadershipbook" in html and "@misc" in html and "not official NHS guidance" in html
    assert "no patient-identifiable data" in html
    for name in ("intro.html", "chapters/01_what_is_medical_leadership.html"):
        assert "Not official NHS guidance" in page(built_book, name)  # the footer on every page


@contextlib.contextmanager
def served(built_book):
    """The built book on 127.0.0.1 for the duration of a test: yields its base URL."""
    from test_browser import QuietHandler

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(built_book)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


@pytest.mark.browser
def test_search_works_offline(built_book, chromium_path):
    from playwright.sync_api import sync_playwright

    from test_browser import CHROMIUM_ARGS

    with served(built_book) as base:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
            pg = b.new_page()
            pg.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
            pg.goto(f"{base}/search.html?q=Griffiths")
            pg.wait_for_selector("#search-results ul.search li", timeout=20_000)
            hits = pg.locator("#search-results ul.search li a").all_inner_texts()
            # the page a result leads to marks the reader's search word (sphinx_highlight.js)
            pg.locator("#search-results ul.search li a").first.click()
            pg.wait_for_load_state("load")
            pg.wait_for_function("() => document.querySelector('span.highlighted')", timeout=10_000)
            marked = pg.locator("span.highlighted").all_inner_texts()
            b.close()
    assert any("medical leadership" in h.lower() for h in hits), hits
    assert marked and all(m.lower() == "griffiths" for m in marked), marked


def test_chapter_pages_do_not_load_the_search_index(built_book):
    """The search scripts serve search-as-you-type only (off in this book); on a page they would
    block its head and stop sphinx_highlight.js marking the search words. The search page keeps them."""
    assert "searchindex.js" in page(built_book, "search.html")
    for name in ("intro.html", "chapters/04_variation_between_trusts.html", "reference/data.html"):
        html = page(built_book, name)
        for script in ("searchindex.js", "_static/searchtools.js", "_static/language_data.js"):
            assert f'{script}"' not in html, f"{name} loads {script}"


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_marked_search_words_are_readable_and_charts_keep_their_look(built_book, chromium_path, scheme):
    """Words marked after a search keep 4.5:1 against their mark; charts get no marks."""
    from playwright.sync_api import sync_playwright

    from test_browser import CHROMIUM_ARGS
    from test_style_charts import contrast

    with served(built_book) as base:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
            pg = b.new_context(color_scheme=scheme).new_page()
            pg.goto(f"{base}/chapters/04_variation_between_trusts.html?highlight=trusts", wait_until="load")
            pg.wait_for_function("() => document.querySelector('span.highlighted')", timeout=10_000)
            pairs = pg.evaluate("""[...document.querySelectorAll('span.highlighted')].map(s => {
                const hex = c => '#' + c.match(/\\d+/g).slice(0, 3).map(v => (+v).toString(16).padStart(2, '0')).join('');
                const st = getComputedStyle(s); return [hex(st.color), hex(st.backgroundColor)]; })""")
            boxes = pg.evaluate("""[...document.querySelectorAll('.mlbook-plotly rect.highlighted')]
                .filter(r => r.getBoundingClientRect().width > 0).length""")
            theme = pg.evaluate("document.documentElement.dataset.theme")
            b.close()
    assert theme == scheme and pairs
    low = {(fg, bg): round(contrast(fg, bg), 2) for fg, bg in pairs if contrast(fg, bg) < 4.5}
    assert not low, f"marked words under 4.5:1 in {scheme} mode: {low}"
    assert boxes == 0, f"{boxes} chart labels shown in a search-word box"

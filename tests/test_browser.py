"""The built book in Debian Chromium, offline: charts draw, controls respond.

Playwright drives /usr/bin/chromium (never `playwright install`) over the
built HTML served on 127.0.0.1. Every request to any other host is blocked
and counted; any such request, any console error and any undrawn chart fails.
"""

from __future__ import annotations

import functools
import http.server
import threading
from urllib.parse import urlparse

import pytest

pytestmark = [pytest.mark.book, pytest.mark.browser]

# No console message is filtered out as noise: the theme's old noise (thebe's
# configuration included twice, the missing favicon) is fixed in
# mlhelpers.build.sphinx_ext, so any error now fails the test.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


# A chart counts as drawn when plotly has put its data marks into the SVG:
# traces of any cartesian type, heatmap images, tables and treemap/sunburst slices.
DRAWN = "svg.main-svg .trace, svg.main-svg g.hm, svg.main-svg g.table, svg.main-svg g.slice"
ALL_DRAWN = f"() => [...document.querySelectorAll('.plotly-graph-div')].every(d => d.querySelector('{DRAWN}'))"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serve files without logging every request."""

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server(built_book):
    handler = functools.partial(QuietHandler, directory=str(built_book))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def open_page(browser, server, path):
    """Open ``path``; return (page, blocked outside requests, console errors, 404s)."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    blocked, errors, missing = [], [], []
    host = urlparse(server).netloc

    def route(r):
        if urlparse(r.request.url).netloc == host:
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda resp: resp.status >= 400 and missing.append(resp.url))
    page.goto(f"{server}/{path}", wait_until="load")
    return page, blocked, errors, missing


def chart_pages(built_book):
    return sorted(
        str(p.relative_to(built_book))
        for p in built_book.rglob("*.html")
        if "_static" not in p.parts and 'class="mlbook-plotly"' in p.read_text(encoding="utf-8")
    )


def test_every_page_offline_without_errors(browser, server, built_book):
    names = sorted(str(p.relative_to(built_book)) for p in built_book.rglob("*.html") if "_static" not in p.parts)
    for name in names:
        page, blocked, errors, missing = open_page(browser, server, name)
        page.wait_for_timeout(100)
        page.close()
        assert not blocked, f"{name} tried to reach outside the book: {blocked[:5]}"
        assert not missing, f"{name}: missing files {missing}"
        assert not errors, f"{name}: console errors {errors}"


def test_every_chart_draws(browser, server, built_book):
    pages_with_charts = chart_pages(built_book)
    assert pages_with_charts, "no page has a chart"
    for name in pages_with_charts:
        page, blocked, errors, _ = open_page(browser, server, name)
        n = page.locator(".plotly-graph-div").count()
        assert n > 0
        page.wait_for_function(
            ALL_DRAWN,
            timeout=20_000,
        )
        drawn = page.evaluate(f"[...document.querySelectorAll('.plotly-graph-div')].filter(d => d.querySelector('{DRAWN}')).length")
        page.close()
        assert drawn == n, f"{name}: {drawn} of {n} charts drawn"
        assert not blocked, f"{name}: outside requests {blocked[:5]}"


def test_timeline_dropdown_filters_in_static_page(browser, server):
    page, blocked, errors, _ = open_page(browser, server, "chapters/01_what_is_medical_leadership.html")
    chart = page.locator(".plotly-graph-div").first
    page.wait_for_function(f"() => document.querySelector('.plotly-graph-div').querySelector('{DRAWN}')", timeout=20_000)
    before = page.evaluate("(gd) => gd.data.filter(t => t.visible !== false && t.mode === 'markers').length", chart.element_handle())
    chart.locator(".updatemenu-header-group").first.click()
    chart.locator(".updatemenu-dropdown-button", has_text="report").first.click()
    page.wait_for_timeout(300)
    after = page.evaluate("(gd) => gd.data.filter(t => t.visible !== false && t.mode === 'markers').map(t => t.name)", chart.element_handle())
    page.close()
    assert before > 1 and after == ["report"]
    assert not blocked


def test_the_theme_icons_draw_without_fontawesome_js(browser, server):
    """The book leaves out the theme's fontawesome.js: every icon in the header bar is
    still drawn, by the theme's CSS, from Font Awesome's web font (a glyph in its
    font, not an empty box)."""
    page, _, _, _ = open_page(browser, server, "chapters/04_variation_between_trusts.html")
    page.wait_for_function("document.fonts.status === 'loaded'")
    icons = page.evaluate("""() => [...document.querySelectorAll('.bd-header-article [class*="fa-"], .prev-next-area [class*="fa-"]')]
        .filter(i => i.getClientRects().length).map(i => {
          const before = getComputedStyle(i, '::before');
          return {cls: i.className, font: before.fontFamily, glyph: before.content, w: i.getBoundingClientRect().width,
                  loaded: document.fonts.check(before.fontWeight + ' 16px "' + before.fontFamily.split(',')[0].replace(/"/g, '').trim() + '"', before.content.replace(/"/g, ''))};
        })""")
    page.close()
    assert len(icons) >= 4, f"expected the header's icons, found {icons}"
    for icon in icons:
        assert "Font Awesome" in icon["font"], icon
        assert icon["glyph"] not in ("none", "normal", '""'), icon
        assert icon["w"] >= 8 and icon["loaded"], icon


def test_instructions_for_screen_controls_show_on_screen_and_not_in_print(browser, server, built_book):
    """Sentences such as 'hover over a dot' are marked ``[...]{.mlbook-screen}``: shown on screen, left out in print."""
    name = "chapters/04_variation_between_trusts.html"
    assert 'class="mlbook-screen"' in (built_book / name).read_text(encoding="utf-8")
    page, *_ = open_page(browser, server, name)
    shown = "() => [...document.querySelectorAll('.mlbook-screen')].map(e => e.getClientRects().length > 0)"
    text = "() => document.querySelector('main').innerText.replace(/\\s+/g, ' ')"
    on_screen, screen_text = page.evaluate(shown), page.evaluate(text)
    page.emulate_media(media="print")
    in_print, print_text = page.evaluate(shown), page.evaluate(text)
    page.close()
    assert len(on_screen) >= 5 and all(on_screen)
    assert not any(in_print)
    # the sentence around a marked clause still reads right in both
    assert "Each dot is a trust (hover for its name)." in screen_text
    assert "Each dot is a trust." in print_text and "hover for its name" not in print_text

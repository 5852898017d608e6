"""Keyboard access to plotly's chart controls (mlhelpers/build/static/mlbook.js).

A page made here holds one chart with a dropdown, a row of buttons and a
slider, drawn by the book's renderer, plotly.js and the keyboard script exactly
as in the built book. Chromium then uses it with the keyboard alone.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import plotly.graph_objects as go
import pytest

from mlhelpers.build import mystnb_plotly, plotly_bundle, sphinx_ext

pytestmark = [pytest.mark.browser]

from test_browser import browser  # noqa: E402,F401  (module-scoped fixture)


def figure() -> dict:
    fig = go.Figure([go.Bar(x=["a", "b", "c"], y=[1, 2, 3], name="one"), go.Bar(x=["a", "b", "c"], y=[3, 2, 1], name="two")])
    fig.update_layout(
        updatemenus=[
            dict(type="dropdown", x=0, y=1.3, buttons=[
                dict(label="Both", method="update", args=[{"visible": [True, True]}]),
                dict(label="Only one", method="update", args=[{"visible": [True, False]}]),
                dict(label="Only two", method="update", args=[{"visible": [False, True]}]),
            ]),
            dict(type="buttons", direction="right", x=0.5, y=1.3, buttons=[
                dict(label="Linear", method="relayout", args=[{"yaxis.type": "linear"}]),
                dict(label="Log", method="relayout", args=[{"yaxis.type": "log"}]),
            ]),
        ],
        sliders=[dict(active=0, currentvalue={"prefix": "Year: "}, steps=[
            dict(label=str(year), method="relayout", args=[{"title.text": f"Year {year}"}]) for year in (2000, 2001, 2002, 2003)
        ])],
        meta={"alt": "Test chart with keyboard controls"},
    )
    return fig.to_plotly_json()


@pytest.fixture(scope="module")
def page(browser, tmp_path_factory):
    import functools
    import http.server
    import threading

    root = tmp_path_factory.mktemp("kb")
    shutil.copyfile(plotly_bundle.bundle_path(), root / sphinx_ext.PLOTLY_JS)
    shutil.copyfile(Path(sphinx_ext.__file__).parent / "static" / sphinx_ext.BOOK_JS, root / sphinx_ext.BOOK_JS)
    body = mystnb_plotly.figure_html(figure(), "plotly-test")
    (root / "index.html").write_text(
        f'<!doctype html><html lang="en"><head><title>k</title><script src="{sphinx_ext.PLOTLY_JS}"></script>'
        f'<script src="{sphinx_ext.BOOK_JS}"></script></head><body><a href="#" id="start">start</a>{body}</body></html>'
    )

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    pg = browser.new_page(viewport={"width": 1000, "height": 700})
    pg.goto(f"http://127.0.0.1:{httpd.server_address[1]}/index.html")
    pg.wait_for_function("() => document.querySelector('g.slider-group[role=slider]')", timeout=20_000)
    yield pg
    pg.close()
    httpd.shutdown()


def focused(pg) -> str:
    return pg.evaluate("document.activeElement.getAttribute('aria-label') || document.activeElement.id")


def visible(pg) -> list:
    return pg.evaluate("document.querySelector('.plotly-graph-div').data.map(t => t.visible !== false)")


def test_every_control_is_reached_with_tab(page):
    page.focus("#start")
    seen = []
    for _ in range(6):
        page.keyboard.press("Tab")
        seen.append(focused(page))
    assert any(s.startswith("Menu: Both") for s in seen)
    assert "Linear" in seen and "Log" in seen
    assert "Slider: Year" in seen


def test_dropdown_opens_selects_and_closes_with_the_keyboard(page):
    page.focus("g.updatemenu-header")
    page.keyboard.press("Enter")
    page.wait_for_timeout(200)
    assert focused(page) == "Both"  # the list opened and the first choice has focus
    page.keyboard.press("Tab")
    assert focused(page) == "Only one"
    page.keyboard.press("Enter")
    page.wait_for_timeout(200)
    assert visible(page) == [True, False]
    assert focused(page).startswith("Menu: Only one")  # focus returns to the menu
    page.keyboard.press("Enter")
    page.wait_for_timeout(200)
    page.keyboard.press("Escape")
    page.wait_for_timeout(200)
    assert focused(page).startswith("Menu: Only one") and visible(page) == [True, False]


def test_buttons_work_with_space(page):
    page.focus("g.updatemenu-button[aria-label=Log]")
    page.keyboard.press(" ")
    page.wait_for_timeout(200)
    assert page.evaluate("document.querySelector('.plotly-graph-div').layout.yaxis.type") == "log"


def test_slider_moves_with_arrow_keys(page):
    title = lambda: page.evaluate("(document.querySelector('.plotly-graph-div').layout.title || {}).text || ''")  # noqa: E731
    slider = page.locator("g.slider-group[role=slider]")
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(300)
    assert title() == "Year 2001" and slider.get_attribute("aria-valuetext") == "2001"
    page.keyboard.press("End")
    page.wait_for_timeout(300)
    assert title() == "Year 2003" and slider.get_attribute("aria-valuenow") == "3"
    page.keyboard.press("ArrowLeft")
    page.wait_for_timeout(300)
    assert title() == "Year 2002"


@pytest.mark.book
def test_every_control_in_the_book_is_focusable(browser, built_book):
    """On every chart page of the real book, each dropdown, button and slider takes keyboard focus."""
    from test_browser import ALL_DRAWN, chart_pages, open_page
    import functools
    import http.server
    import threading

    from test_browser import QuietHandler

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(built_book)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    server = f"http://127.0.0.1:{httpd.server_address[1]}"
    controls_seen, missing = 0, []
    try:
        for name in chart_pages(built_book):
            page, *_ = open_page(browser, server, name)
            page.wait_for_function(ALL_DRAWN, timeout=20_000)
            page.wait_for_timeout(150)
            found = page.evaluate(
                "[...document.querySelectorAll('.mlbook-plotly g.updatemenu-header, .mlbook-plotly g.updatemenu-button, "
                ".mlbook-plotly g.slider-group')].map(e => [e.getAttribute('class'), e.getAttribute('tabindex'), e.getAttribute('aria-label')])"
            )
            page.close()
            controls_seen += len(found)
            missing += [f"{name}: {cls}" for cls, tab, label in found if tab != "0" or not label]
    finally:
        httpd.shutdown()
    assert controls_seen > 10, "expected the book's charts to have dropdowns, buttons and sliders"
    assert not missing, "controls without keyboard access:\n" + "\n".join(missing[:20])


def test_scrollable_outputs_become_focusable_regions_after_the_charts(browser, built_book):
    """Code and outputs wider than a phone scroll sideways; the book's script makes each a
    focusable (the theme does code blocks; the book's script makes each output a named
    region). The script does so after the frame that shows the charts (measuring every
    box before that frame held it back), and marks the page when it is done."""
    import functools
    import http.server
    import threading

    from test_browser import ALL_DRAWN, QuietHandler

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(built_book)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/chapters/01_what_is_medical_leadership.html")
        page.wait_for_function(ALL_DRAWN, timeout=20_000)
        page.wait_for_function("document.documentElement.dataset.mlbookRegions === 'ready'", timeout=10_000)
        scrolling = page.evaluate("""[...document.querySelectorAll('.cell_output .output, .cell_output > div, .table-wrapper, div.highlight pre')]
            .filter(el => !el.closest('.mlbook-plotly') && /(auto|scroll)/.test(getComputedStyle(el).overflowX + getComputedStyle(el).overflowY)
                          && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1))
            .map(el => [el.tagName, el.getAttribute('tabindex'), el.getAttribute('role'), el.getAttribute('aria-label')])""")
    finally:
        page.close()
        httpd.shutdown()
    assert len(scrolling) >= 3, f"expected chapter 1's wide code and outputs to scroll at 390 px, found {scrolling}"
    assert all(tab == "0" for _, tab, _, _ in scrolling), f"scrolling boxes the keyboard cannot reach: {scrolling}"
    # the theme makes code blocks focusable itself; the outputs are the book script's
    named = [s for s in scrolling if s[2] == "region" and (s[3] or "").startswith("Scrollable output")]
    assert named, f"no output was made a named region: {scrolling}"

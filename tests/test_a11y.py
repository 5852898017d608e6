"""Accessibility of the built book: axe-core on every page, in Debian Chromium.

axe-core comes bundled in the ``axe-playwright-python`` wheel (no CDN). A page
passes when axe finds no violation of impact *serious* or *critical*; moderate
and minor findings are printed so they stay visible.
"""

from __future__ import annotations

import pytest

from test_browser import browser, open_page, server  # noqa: F401  (module-scoped fixtures)

pytestmark = [pytest.mark.book, pytest.mark.browser]

BLOCKING = {"serious", "critical"}


def all_pages(built_book) -> list[str]:
    return sorted(str(p.relative_to(built_book)) for p in built_book.rglob("*.html") if "_static" not in p.parts)


def axe_violations(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page, options={"resultTypes": ["violations"]}).response["violations"]


def describe(v: dict) -> str:
    node = v["nodes"][0]
    return f"{v['impact']} {v['id']} ({len(v['nodes'])}x, first at {node['target']}): {v['help']}"


def test_axe_finds_no_serious_or_critical_violation(browser, server, built_book, capsys):
    failures, notes = [], []
    for name in all_pages(built_book):
        page, *_ = open_page(browser, server, name)
        page.wait_for_timeout(200)  # let charts draw: axe checks what readers get
        for v in axe_violations(page):
            (failures if v["impact"] in BLOCKING else notes).append(f"{name}: {describe(v)}")
        page.close()
    with capsys.disabled():
        for line in sorted(set(notes)):
            print("axe (not blocking):", line)
    assert not failures, "axe-core found serious or critical violations:\n" + "\n".join(failures)


def test_axe_does_catch_a_violation(browser, server):
    """The check is live: an image without alt text on a real page is reported as critical."""
    page, *_ = open_page(browser, server, "intro.html")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"_static/x.png\">')")
    found = {v["id"]: v["impact"] for v in axe_violations(page)}
    page.close()
    assert found.get("image-alt") == "critical"

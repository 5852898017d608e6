"""Accessibility of the built book: axe-core on every page, in Debian Chromium.

axe-core comes bundled in the ``axe-playwright-python`` wheel (no CDN). It runs
with the WCAG 2.0 and 2.1 A and AA rule tags, experimental rules included
(axe's default run leaves out ``label-content-name-mismatch``, WCAG 2.5.3), on
every page in light and in dark mode. A page passes when axe finds no
violation of impact *serious* or *critical*; moderate and minor findings are
listed in pytest's warnings summary (as ``AxeNote``) so they stay visible.
"""

from __future__ import annotations

import warnings

import pytest

from test_browser import browser, open_page, server  # noqa: F401  (module-scoped fixtures)

pytestmark = [pytest.mark.book, pytest.mark.browser]

BLOCKING = {"serious", "critical"}


class AxeNote(UserWarning):
    """A moderate or minor axe-core finding: listed in pytest's warnings summary, not a failure."""


#: The WCAG 2.0 and 2.1 A and AA rules.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def all_pages(built_book) -> list[str]:
    return sorted(str(p.relative_to(built_book)) for p in built_book.rglob("*.html") if "_static" not in p.parts)


def axe_violations(page) -> list[dict]:
    """axe-core's violations on ``page`` for the WCAG 2.0/2.1 A and AA rules, experimental ones enabled."""
    from axe_playwright_python.sync_playwright import Axe

    page.evaluate(Axe().axe_script)
    rules = page.evaluate("(tags) => axe.getRules(tags).map(r => r.ruleId)", WCAG_TAGS)
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "rules": {r: {"enabled": True} for r in rules},
               "resultTypes": ["violations"]}
    return page.evaluate("(o) => axe.run(document, o)", options)["violations"]


def describe(v: dict) -> str:
    node = v["nodes"][0]
    return f"{v['impact']} {v['id']} ({len(v['nodes'])}x, first at {node['target']}): {v['help']}"


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_axe_finds_no_serious_or_critical_violation(browser, server, built_book, mode):
    failures, notes = [], []
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.add_init_script(f"localStorage.setItem('mode', '{mode}')")
    page = ctx.new_page()
    for name in all_pages(built_book):
        page.goto(f"{server}/{name}", wait_until="load")
        page.wait_for_timeout(200)  # let charts draw: axe checks what readers get
        # and the book's script has made scrollable outputs focusable (after the first frame)
        page.wait_for_function("document.documentElement.dataset.mlbookRegions === 'ready'", timeout=10_000)
        assert page.evaluate("document.documentElement.dataset.theme") == mode
        for v in axe_violations(page):
            (failures if v["impact"] in BLOCKING else notes).append(f"{name} ({mode}): {describe(v)}")
    ctx.close()
    for line in sorted(set(notes)):
        # a warning, not a print: pytest-xdist passes warnings from its workers to the summary
        warnings.warn(AxeNote(line), stacklevel=1)
    assert not failures, "axe-core found serious or critical violations:\n" + "\n".join(failures)


def test_axe_does_catch_a_violation(browser, server):
    """The check is live: an image without alt text is critical, and a button whose label
    leaves out the words it shows (label in name, an experimental rule) is serious."""
    page, *_ = open_page(browser, server, "intro.html")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"_static/x.png\">"
                  "<button aria-label=\"Go\">Search the book</button>')")
    found = {v["id"]: v["impact"] for v in axe_violations(page)}
    page.close()
    assert found.get("image-alt") == "critical"
    assert found.get("label-content-name-mismatch") == "serious"

"""Charts whole at phone width and right in dark mode (mlhelpers/build/static/mlbook.js).

Debian Chromium, offline, every page of the built book, at 390 px and 320 px
wide (light), at 390 px in dark mode and at desktop width in dark mode. One
browser for the module and one page per viewport, reused from page to page.
For every chart it checks that:

- its svg fits its box, and its box fits the screen;
- its title, axis titles, legend, notes and controls lie inside the chart;
- no two controls overlap each other, the title or the legend;
- no axis title overlaps a note (the source under the plot);
- no two tick labels of one axis overlap;
- in small multiples, a panel without axis labels (a shared axis) has a
  labelled panel to its left (y) or below it (x), however the panels are
  re-flowed for the width;
- in dark mode its background is dark and its text (title, ticks, axis titles,
  legend, notes, control labels) has a contrast of at least 4.5:1;

and for every page that no heading is clipped and that the console stays
clean (no error, nothing filtered out as noise). A control on each chart page
is also tapped with touch at phone width and must change the chart. A last
test breaks a chart on purpose and checks that the checks catch it.
"""

from __future__ import annotations

import pytest

from test_browser import DRAWN, browser, chart_pages, server  # noqa: F401  (module-scoped fixtures)

pytestmark = [pytest.mark.book, pytest.mark.browser]

#: (name, viewport width, colour mode)
VIEWS = [("phone", 390, "light"), ("phone-dark", 390, "dark"), ("small-phone", 320, "light"), ("desktop-dark", 1366, "dark")]

# Runs in the page: returns a list of problems (strings) for every chart and heading.
CHECK = r"""
(dark) => {
  const problems = [];
  const R = (el) => el.getBoundingClientRect();
  const visible = (el) => {
    const r = R(el);
    if (r.width < 0.5 || r.height < 0.5) return false;
    for (let e = el; e && e.nodeType === 1; e = e.parentNode) {
      const cs = getComputedStyle(e);
      if (cs.display === 'none' || cs.visibility === 'hidden' || cs.opacity === '0') return false;
    }
    return true;
  };
  const inside = (r, box, tol = 1.5) => r.left >= box.left - tol && r.right <= box.right + tol && r.top >= box.top - tol && r.bottom <= box.bottom + tol;
  const overlap = (a, b, tol = 0.5) => a.left < b.right - tol && b.left < a.right - tol && a.top < b.bottom - tol && b.top < a.bottom - tol;
  const union = (els) => {
    const rs = els.filter(visible).map(R);
    if (!rs.length) return null;
    return {left: Math.min(...rs.map(r => r.left)), right: Math.max(...rs.map(r => r.right)), top: Math.min(...rs.map(r => r.top)), bottom: Math.max(...rs.map(r => r.bottom))};
  };
  const rgb = (c) => { const m = /rgba?\(([^)]+)\)/.exec(c || ''); if (!m) return null; const v = m[1].split(',').map(Number); return v.length > 3 && v[3] === 0 ? null : v.slice(0, 3); };
  const lum = (v) => { const c = v.map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); }); return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]; };
  const contrast = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const vw = document.documentElement.clientWidth;

  document.querySelectorAll('.mlbook-plotly').forEach((box, i) => {
    const gd = box.querySelector('.plotly-graph-div');
    const name = `chart ${i + 1} (${(gd.layout && gd.layout.title && String(gd.layout.title.text || '').replace(/<[^>]+>/g, ' ').slice(0, 50)) || box.getAttribute('aria-label').slice(0, 50)})`;
    const g = R(gd), b = R(box);
    if (b.right > vw + 1 || b.left < -1) problems.push(`${name}: its box runs past the screen (${Math.round(b.left)}..${Math.round(b.right)} of ${vw})`);
    const svg = gd.querySelector('svg.main-svg');
    if (!svg) { problems.push(`${name}: not drawn`); return; }
    const s = R(svg);
    if (s.width > g.width + 1 || s.width > b.width + 1) problems.push(`${name}: svg ${Math.round(s.width)} px wide in a ${Math.round(b.width)} px box`);
    // small multiples: a panel whose axis has no labels (a shared axis) has a labelled
    // panel to its left in the same row (y) or below it in the same column (x)
    const fl = gd._fullLayout, subs = (fl._subplots && fl._subplots.cartesian) || [];
    const labelled = (ax) => ax.showticklabels !== false && ax.visible !== false;
    const panels = subs.map(id => {
      const m = /^(x\d*)(y\d*)$/.exec(id), xa = m && fl[m[1].replace('x', 'xaxis')], ya = m && fl[m[2].replace('y', 'yaxis')];
      return xa && ya && xa.visible !== false && ya.visible !== false &&
        {id, xa, ya, l: xa._offset, r: xa._offset + xa._length, t: ya._offset, b: ya._offset + ya._length};
    }).filter(Boolean);
    if (panels.length > 1) panels.forEach(p => {
      if (!labelled(p.ya) && !panels.some(q => q !== p && q.r <= p.l + 1 && q.t < p.b && p.t < q.b && labelled(q.ya)))
        problems.push(`${name}: panel ${p.id} has no y labels, and no panel to its left has them`);
      if (!labelled(p.xa) && !panels.some(q => q !== p && q.t >= p.b - 1 && q.l < p.r && p.l < q.r && labelled(q.xa)))
        problems.push(`${name}: panel ${p.id} has no x labels, and no panel below it has them`);
    });
    // what must lie inside the chart
    const parts = {
      title: gd.querySelectorAll('.g-gtitle text'),
      'axis title': gd.querySelectorAll('.g-xtitle text, .g-ytitle text, [class^="g-x"][class$="title"] text, [class^="g-y"][class$="title"] text'),
      legend: gd.querySelectorAll('g.legend'),
      note: gd.querySelectorAll('g.annotation'),
      control: gd.querySelectorAll('g.updatemenu-header, g.updatemenu-button, g.slider-group'),
      'tick label': gd.querySelectorAll('g.xtick text, g.ytick text'),
    };
    for (const [kind, els] of Object.entries(parts)) {
      els.forEach(el => {
        if (!visible(el)) return;
        const r = R(el);
        if (!inside(r, g)) problems.push(`${name}: ${kind} "${(el.textContent || '').trim().slice(0, 40)}" lies outside the chart (${Math.round(r.left - g.left)},${Math.round(r.top - g.top)} to ${Math.round(r.right - g.left)},${Math.round(r.bottom - g.top)} in ${Math.round(g.width)}x${Math.round(g.height)})`);
      });
    }
    // controls: no two overlap, nor the title or the legend
    // plotly draws every menu of a chart as one g.updatemenu-header-group (a dropdown's header,
    // or a row of buttons) inside a single container; an open dropdown's list is drawn apart
    const controls = [...gd.querySelectorAll('g.updatemenu-header-group')].map((c, k) => {
      return {name: `control ${k + 1}`, r: union([...c.querySelectorAll('g.updatemenu-header, g.updatemenu-button')])};
    }).concat([...gd.querySelectorAll('g.slider-group')].map((c, k) => ({name: `slider ${k + 1}`, r: union([c])})))
      .filter(c => c.r);
    const others = [{name: 'title', r: union([...gd.querySelectorAll('.g-gtitle text')])}, {name: 'legend', r: union([...gd.querySelectorAll('g.legend')])}].filter(c => c.r);
    controls.forEach((c, k) => {
      controls.slice(k + 1).concat(others).forEach(o => { if (overlap(c.r, o.r)) problems.push(`${name}: ${c.name} overlaps ${o.name}`); });
    });
    // notes (the source under the plot) and axis titles
    const notes = [...gd.querySelectorAll('g.annotation text')].filter(visible).map(el => ({t: el.textContent, r: R(el)}));
    gd.querySelectorAll('.g-xtitle text, .g-ytitle text, [class^="g-x"][class$="title"] text, [class^="g-y"][class$="title"] text').forEach(el => {
      if (!visible(el)) return;
      notes.forEach(n => { if (overlap(R(el), n.r, 4))  // text boxes include line spacing: touching is not overlapping
        problems.push(`${name}: axis title "${el.textContent.trim().slice(0, 30)}" overlaps the note "${n.t.trim().slice(0, 30)}"`); });
    });
    // tick labels of one axis
    // (rotated labels are compared as rotated boxes: their screen boxes overlap while the text does not)
    const angle = (el) => { const m = /rotate\((-?[\d.]+)/.exec(el.getAttribute('transform') || ''); return m ? +m[1] : 0; };
    const clash = (p, q) => {
      if (!p.a && !q.a) return overlap(p.r, q.r, 1);
      const th = p.a * Math.PI / 180, ux = Math.cos(th), uy = Math.sin(th);
      const dx = (q.r.left + q.r.right - p.r.left - p.r.right) / 2, dy = (q.r.top + q.r.bottom - p.r.top - p.r.bottom) / 2;
      return Math.abs(dx * ux + dy * uy) < (p.w + q.w) / 2 - 1 && Math.abs(-dx * uy + dy * ux) < 0.8 * (p.h + q.h) / 2;
    };
    gd.querySelectorAll('g.xaxislayer-above, g.yaxislayer-above').forEach(layer => {
      const labels = [...layer.querySelectorAll('g.xtick text, g.ytick text')].filter(visible).map(el => {
        const bb = el.getBBox();
        return {t: el.textContent, r: R(el), a: angle(el), w: bb.width, h: bb.height};
      });
      for (let p = 0; p < labels.length; p++) for (let q = p + 1; q < labels.length; q++) {
        if (clash(labels[p], labels[q])) problems.push(`${name}: tick labels "${labels[p].t}" and "${labels[q].t}" overlap`);
      }
    });
    if (dark) {
      const bg = rgb(getComputedStyle(svg).backgroundColor) || rgb(gd._fullLayout.paper_bgcolor);
      if (!bg || lum(bg) > 0.05) problems.push(`${name}: background ${getComputedStyle(svg).backgroundColor} is not dark`);
      const texts = gd.querySelectorAll('.g-gtitle text, .g-xtitle text, .g-ytitle text, [class^="g-x"][class$="title"] text, [class^="g-y"][class$="title"] text, g.xtick text, g.ytick text, text.legendtext, g.legendtitletext text, text.legendtitletext, g.annotation text, text.updatemenu-item-text, text.slider-label, text.slider-currentvalue');
      texts.forEach(t => {
        if (!visible(t) || !bg) return;
        const fg = rgb(getComputedStyle(t).fill);
        if (!fg) return;
        let back = bg;
        const button = t.closest('g.updatemenu-button, g.updatemenu-header');
        if (button) { const rect = button.querySelector('rect'); back = rgb(getComputedStyle(rect).fill) || bg; }
        const c = contrast(fg, back);
        if (c < 4.5) problems.push(`${name}: text "${t.textContent.trim().slice(0, 30)}" has contrast ${c.toFixed(2)}:1`);
      });
    }
  });
  document.querySelectorAll('main h1, main h2, main h3, main h4').forEach(h => {
    const r = R(h);
    if (!visible(h)) return;
    if (h.scrollWidth > h.clientWidth + 1 || r.right > vw + 1) problems.push(`heading "${h.textContent.trim().slice(0, 40)}" is clipped (${h.scrollWidth} px in ${h.clientWidth})`);
  });
  return problems;
}
"""

ALL_DRAWN = f"() => [...document.querySelectorAll('.plotly-graph-div')].every(d => d.querySelector('{DRAWN}'))"


def all_pages(built_book) -> list[str]:
    return sorted(str(p.relative_to(built_book)) for p in built_book.rglob("*.html") if "_static" not in p.parts)


def new_view(browser, server, width: int, mode: str, touch: bool = False):
    """One page in a fresh context at ``width`` in colour ``mode``; outside requests fail; errors are kept."""
    from urllib.parse import urlparse

    ctx = browser.new_context(viewport={"width": width, "height": 844 if width < 500 else 900}, has_touch=touch, is_mobile=touch)
    ctx.add_init_script(f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")
    host = urlparse(server).netloc
    ctx.route("**/*", lambda r: r.continue_() if urlparse(r.request.url).netloc == host else r.abort())
    page = ctx.new_page()
    page.errors = []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return ctx, page


def goto(page, server, name: str) -> None:
    page.errors.clear()
    page.goto(f"{server}/{name}", wait_until="load")
    page.wait_for_function(ALL_DRAWN, timeout=20_000)
    page.wait_for_timeout(150)  # the one post-draw adjustment of controls


@pytest.mark.parametrize("view,width,mode", VIEWS, ids=[v[0] for v in VIEWS])
def test_every_page_whole_at_width_and_theme(browser, server, built_book, view, width, mode):
    ctx, page = new_view(browser, server, width, mode)
    failures = []
    for name in all_pages(built_book):
        goto(page, server, name)
        theme = page.evaluate("document.documentElement.dataset.theme")
        assert theme == mode, f"{name}: the page is in {theme} mode, not {mode}"
        failures += [f"{name}: {p}" for p in page.evaluate(CHECK, mode == "dark")]
        failures += [f"{name}: console error {e}" for e in page.errors]
    ctx.close()
    assert not failures, f"{len(failures)} problems at {width} px, {mode}:\n" + "\n".join(failures[:60])


def test_theme_toggle_restyles_charts_both_ways(browser, server, built_book):
    """Switching the theme on a page redraws its charts dark, and back to light."""
    ctx, page = new_view(browser, server, 390, "light")
    goto(page, server, "chapters/04_variation_between_trusts.html")
    bg = "() => [...document.querySelectorAll('.plotly-graph-div')].map(d => d._fullLayout.paper_bgcolor)"
    light = page.evaluate(bg)
    page.evaluate("document.documentElement.dataset.theme = 'dark'")
    page.wait_for_timeout(800)
    dark = page.evaluate(bg)
    problems = page.evaluate(CHECK, True)
    page.evaluate("document.documentElement.dataset.theme = 'light'")
    page.wait_for_timeout(800)
    back = page.evaluate(bg)
    errors = list(page.errors)
    ctx.close()
    assert set(light) == {"white"} or all(c in ("white", "#ffffff", "rgb(255, 255, 255)") for c in light), light
    assert all(c != l for c, l in zip(dark, light)), dark
    assert back == light
    assert not problems, problems[:20]
    assert not errors


def test_a_page_in_dark_mode_prints_light_and_returns_to_dark(browser, server, built_book):
    """Paper is light: printed in dark mode without background graphics (the browsers' default),
    charts and text would be light on white. The page prints in the light theme, then goes back."""
    ctx, page = new_view(browser, server, 1366, "dark")
    goto(page, server, "chapters/04_variation_between_trusts.html")
    state = ("() => [document.documentElement.dataset.theme,"
             " [...document.querySelectorAll('.plotly-graph-div')].map(d => d._fullLayout.paper_bgcolor),"
             " [...document.querySelectorAll('.plotly-graph-div')].map(d => getComputedStyle(d.querySelector('.main-svg')).backgroundColor)]")
    before = page.evaluate(state)
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    printing = page.evaluate(state)  # at once: the print is laid out as soon as the event returns
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.wait_for_timeout(800)
    after = page.evaluate(state)
    errors = list(page.errors)
    ctx.close()
    assert before[0] == "dark" and all(c not in ("white", "#ffffff") for c in before[1]), before
    assert printing[0] == "light" and set(printing[1]) == {"white"}, printing
    assert set(printing[2]) == {"rgb(255, 255, 255)"}, printing[2]  # drawn so, not only laid out
    assert after == before
    assert not errors


def test_a_control_on_each_chart_page_works_when_tapped(browser, server, built_book):
    """At phone width, with touch: tap a chart's first control, then another choice; the chart changes."""
    ctx, page = new_view(browser, server, 390, "light", touch=True)
    failures, tapped = [], 0
    for name in chart_pages(built_book):
        goto(page, server, name)
        charts = page.locator(".plotly-graph-div")
        target = None
        for k in range(charts.count()):
            if charts.nth(k).locator("g.updatemenu-container").count():
                target = charts.nth(k)
                break
        if target is None:
            continue
        target.scroll_into_view_if_needed()
        state = "(gd) => JSON.stringify([gd.data.map(t => t.visible), (gd.layout.updatemenus || []).map(m => m.active), gd.layout.title && gd.layout.title.text, gd.layout.xaxis && gd.layout.xaxis.range])"
        before = target.evaluate(state)
        menu = target.locator("g.updatemenu-container").first
        header = menu.locator("g.updatemenu-header")
        if header.count():
            header.first.tap()
            page.wait_for_timeout(200)
            choices = menu.locator("g.updatemenu-dropdown-button")
            active = target.evaluate("(gd) => gd._fullLayout.updatemenus[0].active")
            choice = choices.nth(1 if active != 1 else 2)
        else:
            buttons = menu.locator("g.updatemenu-button")
            active = target.evaluate("(gd) => gd._fullLayout.updatemenus[0].active")
            choice = buttons.nth(1 if active != 1 else 0)
        choice.tap()
        page.wait_for_timeout(300)
        after = target.evaluate(state)
        tapped += 1
        if after == before:
            failures.append(f"{name}: tapping a choice in the first control changed nothing")
        failures += [f"{name}: {p}" for p in page.evaluate(CHECK, False) if "control" in p]
    ctx.close()
    assert tapped >= 5, f"only {tapped} chart pages had a control to tap"
    assert not failures, "\n".join(failures)


#: Runs in the page: charts whose drawn margins differ from the margins the book's
#: script gave them, i.e. charts that plotly's automargin drew a second time.
REDRAWN = r"""
() => [...document.querySelectorAll('.mlbook-plotly .plotly-graph-div')].map((gd, i) => {
  const want = gd.layout.margin || {}, got = gd._fullLayout._size;
  const off = ['l', 'r', 't', 'b'].filter(k => Math.abs(got[k] - want[k]) > 1).map(k => `${k} ${Math.round(want[k])} -> ${got[k]}`);
  return off.length ? `chart ${i + 1}: ${off.join(', ')}` : '';
}).filter(Boolean)
"""


@pytest.mark.parametrize("width,mode", [(1366, "light"), (390, "light"), (390, "dark")], ids=["desktop", "phone", "phone-dark"])
def test_every_chart_is_drawn_in_one_pass(browser, server, built_book, width, mode):
    """The script computes each chart's margins, so plotly's automargin never draws a chart twice.

    Plotly redraws a whole chart whenever the margins its axes, legend and
    controls need differ from those it was given; on chapter 4 that doubled the
    drawing time. This is the machine-independent half of the drawing goal.
    """
    ctx, page = new_view(browser, server, width, mode)
    failures = []
    for name in chart_pages(built_book):
        goto(page, server, name)
        failures += [f"{name}: {p}" for p in page.evaluate(REDRAWN)]
    ctx.close()
    assert not failures, f"{len(failures)} charts drawn twice at {width} px, {mode} (margins given -> margins drawn):\n" + "\n".join(failures)


def test_a_long_dropdown_is_a_native_select_that_drives_its_chart(browser, server, built_book):
    """Chapter 4's trust finder (151 trusts) is a labelled <select>, not a plotly menu.

    Choosing a trust changes the bars and the note; the choice survives a switch
    to dark mode (the chart is redrawn and the choice replayed).
    """
    ctx, page = new_view(browser, server, 390, "light")
    goto(page, server, "chapters/04_variation_between_trusts.html")
    select = page.locator(".mlbook-plotly .mlbook-choice select")
    assert select.count() == 1, "expected one native select (the trust finder) on chapter 4"
    gd = select.locator("xpath=ancestor::div[contains(@class, 'mlbook-plotly')]//div[contains(@class, 'plotly-graph-div')]")
    label = page.locator(f"label[for='{select.get_attribute('id')}']")
    assert label.inner_text().strip() == "Trust"
    assert select.locator("option").count() > 100
    assert gd.locator("g.updatemenu-container").count() == 0 or gd.evaluate("g => (g.layout.updatemenus || []).length") == 0
    state = "g => JSON.stringify([g.data[0].x, g.layout.annotations[0].text])"
    before = gd.evaluate(state)
    options = select.locator("option")
    current = select.input_value()
    choice = options.nth(0 if current != "0" else 1).get_attribute("value")
    select.select_option(choice)
    page.wait_for_timeout(300)
    after = gd.evaluate(state)
    page.evaluate("document.documentElement.dataset.theme = 'dark'")
    page.wait_for_timeout(800)
    dark = gd.evaluate(state)
    problems = [p for p in page.evaluate(CHECK, True) if "Find a trust" in p]
    errors = list(page.errors)
    ctx.close()
    assert after != before, "choosing another trust changed nothing"
    assert dark == after, "the chosen trust was lost when the chart was redrawn for dark mode"
    assert not problems, problems
    assert not errors, errors


def test_a_readers_zoom_survives_a_redraw(browser, server, built_book):
    """Zoom into a scatter by dragging, then switch to dark mode and narrow the window:
    the chart is redrawn both times and keeps the reader's ranges (plotly's uirevision)."""
    ctx, page = new_view(browser, server, 1366, "light")
    goto(page, server, "chapters/04_variation_between_trusts.html")
    charts = page.locator(".mlbook-plotly .plotly-graph-div")
    target = None
    for k in range(charts.count()):
        if charts.nth(k).evaluate("g => g.data.some(t => t.type === 'scatter' && (t.mode || '').includes('markers'))"):
            target = charts.nth(k)
            break
    assert target is not None, "expected a scatter chart on chapter 4"
    target.scroll_into_view_if_needed()
    page.wait_for_timeout(200)
    box = target.locator("g.draglayer .nsewdrag").first.bounding_box()
    x0, y0 = box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.3
    page.mouse.move(x0, y0)
    page.mouse.down()
    page.mouse.move(x0 + 120, y0 + 90, steps=8)
    page.mouse.up()
    page.wait_for_timeout(400)
    ranges = "g => JSON.stringify([g._fullLayout.xaxis.range, g._fullLayout.yaxis.range])"
    zoomed = target.evaluate(ranges)
    initial = target.evaluate("g => JSON.stringify([g._fullLayout.xaxis._rangeInitial, g._fullLayout.yaxis._rangeInitial])")
    page.evaluate("document.documentElement.dataset.theme = 'dark'")
    page.wait_for_timeout(800)
    dark = target.evaluate(ranges)
    bg = target.evaluate("g => g._fullLayout.paper_bgcolor")
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(1000)
    narrow = target.evaluate(ranges)
    errors = list(page.errors)
    ctx.close()
    assert zoomed != initial, "the drag did not zoom the chart"
    assert bg not in ("white", "#ffffff", "#fff"), "the chart was not redrawn for dark mode"
    assert dark == zoomed, "the zoom was lost when the chart was redrawn for dark mode"
    assert narrow == zoomed, "the zoom was lost when the chart was redrawn for a phone's width"
    assert not errors, errors


BAR_CHARTS = r"""
() => [...document.querySelectorAll('.mlbook-plotly .plotly-graph-div')].filter(gd =>
    gd.data.length && gd.data.every(t => t.visible === false || (t.type === 'bar' && t.orientation === 'h'))
  ).map(gd => {
    const fl = gd._fullLayout, box = gd.getBoundingClientRect();
    const bars = [...gd.querySelectorAll('g.trace.bars g.point path')].map(p => p.getBoundingClientRect()).filter(r => r.height > 0.5);
    const labels = [...gd.querySelectorAll('g.annotation')].filter(a => gd.layout.annotations[+a.getAttribute('data-index')].name === 'mlbook-bar-label')
      .map(a => a.querySelector('text').getBoundingClientRect());
    const ticks = [...gd.querySelectorAll('g.ytick text')].filter(t => t.getBoundingClientRect().width > 0.5).length;
    const clash = labels.some(l => bars.some(b => l.left < b.right - 1 && b.left < l.right - 1 && l.top < b.bottom - 1 && b.top < l.bottom - 1));
    return {title: String((gd.layout.title || {}).text || '').slice(0, 40), share: fl.xaxis._length / box.width,
            categories: new Set(gd.data.flatMap(t => t.y || [])).size, labels: labels.length, ticks, clash};
  })
"""


@pytest.mark.parametrize("width", [390, 320])
def test_horizontal_bars_get_the_width_on_a_phone(browser, server, built_book, width):
    """On a phone, the category labels of a horizontal bar chart sit above their bars
    (one label a bar, none over a bar), and the bars get most of the chart's width:
    beside the bars, the labels of chapter 4's two bar charts left the bars under half
    of it. (Bar charts whose menus change the bars shown keep their labels beside them.)"""
    ctx, page = new_view(browser, server, width, "light")
    moved, failures = [], []
    for name in chart_pages(built_book):
        goto(page, server, name)
        for chart in page.evaluate(BAR_CHARTS):
            if not chart["labels"]:
                continue
            moved.append(f"{name}: {chart['title']}")
            if not (chart["labels"] == chart["categories"] and chart["ticks"] == 0 and not chart["clash"]):
                failures.append(f"{name}: {chart}")
            if chart["share"] < 0.6:
                failures.append(f"{name}: the bars of {chart['title']!r} get {chart['share']:.0%} of the chart's width")
    ctx.close()
    ch4 = [m for m in moved if m.startswith("chapters/04_")]
    assert len(ch4) == 2, f"expected chapter 4's two horizontal bar charts (the first and the trust finder), got {moved}"
    assert not failures, "\n".join(failures)


PER_CATEGORY = r"""
() => [...document.querySelectorAll('.mlbook-plotly .plotly-graph-div')].map(gd => {
  const ya = gd._fullLayout.yaxis;
  if (!ya || ya.type !== 'category') return null;
  const shown = new Set();
  gd._fullData.forEach(t => {
    if (t.visible !== true || (t.yaxis || 'y') !== 'y') return;
    if (Array.isArray(t.y)) t.y.forEach(v => shown.add(v)); else if (t.type === 'box') shown.add(t.name);
  });
  return {title: String((gd.layout.title || {}).text || '').slice(0, 40), shown: shown.size, px: gd._fullLayout._size.h / Math.max(shown.size, 1)};
}).filter(Boolean)
"""


def test_a_phone_chart_is_as_tall_as_the_categories_it_shows(browser, server, built_book):
    """At 390 px a chart with a category axis grows to fit its wrapped labels, but only for
    the categories it shows at once: chapter 3's chart of three studies, one at a time,
    was sized for all 21 categories while showing 9 (143 px a bar, 1,600 px in all)."""
    ctx, page = new_view(browser, server, 390, "light")
    seen, failures = 0, []
    for name in chart_pages(built_book):
        goto(page, server, name)
        for chart in page.evaluate(PER_CATEGORY):
            seen += 1
            if chart["px"] > 100:
                failures.append(f"{name}: {chart['title']!r} gives each of its {chart['shown']} categories {chart['px']:.0f} px")
    ctx.close()
    assert seen >= 8, f"expected the book's category charts, found {seen}"
    assert not failures, "\n".join(failures)


def test_a_phone_legend_stays_when_a_menu_leaves_one_trace(browser, server):
    """On a phone the legend lies above the plot, in room the script makes for it. Chapter 3's
    study menu leaves one trace shown for Webb et al.; plotly then dropped the legend and left
    its room empty, and the reader lost what the bars count (curricula)."""
    ctx, page = new_view(browser, server, 390, "light")
    goto(page, server, "chapters/03_practice.html")
    shown = page.evaluate("""() => {
      const gd = [...document.querySelectorAll('.mlbook-plotly .plotly-graph-div')].find(g => String(g.layout.title.text).startsWith('Stringfellow'));
      const k = gd.layout.updatemenus[0].buttons.findIndex(b => b.label.startsWith('Webb'));
      return Plotly.update(gd, ...gd.layout.updatemenus[0].buttons[k].args).then(() =>
        [...gd.querySelectorAll('g.legend text.legendtext')].map(t => t.textContent));
    }""")
    ctx.close()
    assert shown == ["curricula"], shown


def test_checks_catch_a_broken_chart(browser, server):
    """The checks are live: an unwrapped long title, overlapping controls and a white chart in dark mode are caught."""
    ctx, page = new_view(browser, server, 390, "dark")
    goto(page, server, "chapters/01_what_is_medical_leadership.html")
    assert not [p for p in page.evaluate(CHECK, True) if "chart 1 " in p]
    page.evaluate("""() => {
      const gd = document.querySelector('.plotly-graph-div');
      return Plotly.relayout(gd, {'title.text': 'A very long title that no phone screen could ever hold on one line',
        'updatemenus[0].pad': {t: 0, r: 0, b: 0, l: 0}, 'updatemenus[1].pad': {t: 0, r: 0, b: 0, l: 0},
        'updatemenus[0].x': 0, 'updatemenus[1].x': 0, 'updatemenus[0].xanchor': 'left', 'updatemenus[1].xanchor': 'left',
        paper_bgcolor: 'white', 'font.color': '#bbbbbb'});
    }""")
    page.wait_for_timeout(300)
    problems = [p for p in page.evaluate(CHECK, True) if "chart 1 " in p]
    ctx.close()
    found = "\n".join(problems)
    assert any("title" in p and "outside" in p for p in problems), found
    assert any("overlaps" in p for p in problems), found
    assert any("not dark" in p for p in problems), found
    assert any("contrast" in p for p in problems), found


FINDER_LABELS = r"""
async () => {
  const select = document.querySelector('.mlbook-plotly .mlbook-choice select');
  const gd = select.closest('.mlbook-plotly').querySelector('.plotly-graph-div');
  const svg = gd.querySelector('svg.main-svg').getBoundingClientRect();
  const R = (el) => el.getBoundingClientRect();
  const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  const norm = (c) => { const e = document.createElement('div'); e.style.color = c; document.body.appendChild(e); const v = getComputedStyle(e).color; e.remove(); return v; };
  const problems = [];
  for (const option of [...select.options]) {
    select.value = option.value;
    select.dispatchEvent(new Event('change', {bubbles: true}));
    await frame();
    const fl = gd._fullLayout, bg = fl.paper_bgcolor;
    const line = [...gd.querySelectorAll('.shapelayer path')].map(R).find(r => r.height > 50 && r.width < 4);
    const bars = [...gd.querySelectorAll('g.trace.bars g.point path')].map(R).filter(r => r.width > 0.5);
    const labels = [...gd.querySelectorAll('g.annotation')].filter(a => (gd.layout.annotations[+a.getAttribute('data-index')] || {}).name === 'value-label');
    if (labels.length !== gd.data[0].y.length) { problems.push(`${option.text}: ${labels.length} value labels for ${gd.data[0].y.length} bars`); continue; }
    for (const a of labels) {
      const t = R(a.querySelector('text')), back = a.querySelector('rect.bg');
      const what = `${option.text}: ${a.querySelector('text').textContent}`;
      if (t.right > svg.right + 1 || t.left < svg.left - 1) problems.push(`${what}: runs past the chart (${Math.round(t.right)} > ${Math.round(svg.right)})`);
      if (bars.some(b => t.left < b.right - 1 && b.left < t.right - 1 && t.top < b.bottom - 1 && b.top < t.bottom - 1)) problems.push(`${what}: lies over a bar`);
      if (line && t.left < line.left && line.right < t.right) {
        const fill = back && getComputedStyle(back).fill, op = back ? Number(getComputedStyle(back).fillOpacity) : 0;
        const b = back && R(back);
        if (!back || op < 1 || !b || b.left > t.left || b.right < t.right || b.top > t.top || b.bottom < t.bottom) problems.push(`${what}: the median line runs through it`);
        else if (norm(fill) !== norm(bg)) problems.push(`${what}: on ${fill}, not the chart's background ${bg}`);
      }
    }
  }
  return problems;
}
"""


# the narrowest screen (where a label at a long bar's end is likeliest to run off), dark mode at
# phone width (the label's background follows the theme), and the desktop layout
@pytest.mark.parametrize("width,mode", [(320, "light"), (390, "dark"), (1366, "light")])
def test_the_trust_finders_values_are_whole_and_not_crossed_by_the_median(browser, server, width, mode):
    """Every trust in chapter 4's finder: the value beside each bar ("0.14 (median 0.47)") ends
    inside the chart, lies beside its bar, and where it spans the dashed median line it sits on
    the chart's background, so the line passes behind it. Drawn as the bars' own text, the
    line ran through the figures whenever a bar ended left of the median."""
    ctx, page = new_view(browser, server, width, mode)
    goto(page, server, "chapters/04_variation_between_trusts.html")
    problems = page.evaluate(FINDER_LABELS)
    errors = list(page.errors)
    ctx.close()
    assert not problems, f"{len(problems)} problems, first: " + "\n".join(problems[:10])
    assert not errors, errors

"""The myst-nb renderer for plotly JSON and the Sphinx extension behind it."""

from __future__ import annotations

import json
from importlib.metadata import entry_points
from types import SimpleNamespace

import plotly.graph_objects as go
import pytest

from mlhelpers.build import mystnb_plotly, sphinx_ext
from mlhelpers.build.mystnb_plotly import PLOTLY_MIME, PlotlyMimeRenderer


def _data(content, mime=PLOTLY_MIME):
    return SimpleNamespace(mime_type=mime, content=content, cell_index=3, output_index=0)


def test_entry_point_is_registered():
    eps = entry_points(group="myst_nb.mime_renderers")
    assert any(ep.load() is PlotlyMimeRenderer for ep in eps)


def test_priority_beats_html_in_html_builders():
    overrides = dict(((b, m), p) for b, m, p in PlotlyMimeRenderer.mime_priority_overrides)
    assert overrides[("html", PLOTLY_MIME)] < 30  # text/html is 30 in myst-nb


def test_renders_div_json_and_script_without_cdn():
    fig = go.Figure(go.Scatter(x=[1], y=[2], name="</script><b>"), layout=dict(title="A chart", meta={"alt": "Alt text"}))
    nodes = PlotlyMimeRenderer.handle_mime(None, _data(fig.to_plotly_json()), False)
    html = nodes[0].astext()
    assert 'class="mlbook-plotly"' in html and 'aria-label="Alt text"' in html
    assert "Plotly.newPlot" in html and "cdn" not in html.lower()
    assert "</script><b>" not in html  # JSON is escaped inside its <script>
    payload = html.split('-json">', 1)[1].split("</script>", 1)[0]
    assert json.loads(payload.replace("<\\/", "</"))["data"][0]["name"] == "</script><b>"


def test_ids_are_deterministic_and_distinct():
    one = PlotlyMimeRenderer.handle_mime(None, _data({"data": [], "layout": {}}), False)[0].astext()
    again = PlotlyMimeRenderer.handle_mime(None, _data(json.dumps({"data": [], "layout": {}})), False)[0].astext()
    other = PlotlyMimeRenderer.handle_mime(None, _data({"data": [{"type": "bar"}], "layout": {}}), False)[0].astext()
    assert one == again and one != other


def test_rejects_other_mime_types_and_inline():
    assert PlotlyMimeRenderer.handle_mime(None, _data("x", "text/html"), False) is None
    assert PlotlyMimeRenderer.handle_mime(None, _data({"data": []}), True) is None


def test_plotly_js_only_on_chart_pages(tmp_path):
    added = []
    app = SimpleNamespace(add_js_file=lambda name, **kw: added.append(name))
    sphinx_ext._page_context(app, "p", "page.html", {"body": "<p>text</p>"}, None)
    assert added == []
    sphinx_ext._page_context(app, "p", "page.html", {"body": f'<div class="{mystnb_plotly.CHART_CLASS}">'}, None)
    assert added == ["plotly-book.min.js"]


def test_deprecated_bibliography_role_is_replaced():
    ctx = {"body": '<div role="list"><div class="citation" role="doc-biblioentry">x</div></div>'}
    sphinx_ext._page_context(SimpleNamespace(add_js_file=lambda *a, **k: None), "p", "page.html", ctx, None)
    assert 'role="listitem"' in ctx["body"] and "doc-biblioentry" not in ctx["body"]


def test_plotly_js_and_the_books_files_copied_to_static(tmp_path):
    bundle = tmp_path / "cache" / "plotly-book.min.js"
    bundle.parent.mkdir()
    bundle.write_text("/*! stand-in bundle */")
    out = tmp_path / "html"
    app = SimpleNamespace(outdir=str(out), builder=SimpleNamespace(format="html"), mlbook_plotly_js=bundle)
    sphinx_ext._copy_static(app)
    copied = out / "_static" / "plotly-book.min.js"
    assert copied.read_text() == "/*! stand-in bundle */"
    assert "mlbookKeyboard" in (out / "_static" / "mlbook.js").read_text()
    assert (out / "_static" / "mlbook.css").is_file()
    bundle.write_text("/*! rebuilt bundle */")
    sphinx_ext._copy_static(app)
    assert copied.read_text() == "/*! rebuilt bundle */"


def test_every_page_is_read_again_when_a_static_file_changes(tmp_path):
    """Otherwise pages whose sources did not change keep the old ``?v=`` checksum in their links."""
    bundle = tmp_path / "plotly-book.min.js"
    bundle.write_text("/*! stand-in bundle */")
    (tmp_path / "icon.svg").write_text("<svg/>")
    app = SimpleNamespace(mlbook_plotly_js=bundle, srcdir=str(tmp_path),
                          config=SimpleNamespace(html_favicon="icon.svg"))
    env = SimpleNamespace(found_docs={"intro", "chapters/a", "chapters/b"})
    outdated = lambda added=(), changed=(): sphinx_ext._pages_behind_the_static_files(app, env, set(added), set(changed), set())
    assert outdated() == []  # the first build: the digest is recorded, and every page is read anyway
    assert outdated() == []  # nothing changed
    bundle.write_text("/*! rebuilt bundle */")
    assert outdated(changed={"intro"}) == ["chapters/a", "chapters/b"]  # intro is read already
    assert outdated() == []
    (tmp_path / "icon.svg").write_text("<svg><circle/></svg>")
    assert outdated() == ["chapters/a", "chapters/b", "intro"]
    assert sphinx_ext._pages_behind_the_static_files(SimpleNamespace(), env, set(), set(), set()) == []  # not HTML


def test_bundle_failure_stops_the_build_with_its_reason(tmp_path):
    from sphinx.errors import ExtensionError

    app = SimpleNamespace(srcdir=str(tmp_path), builder=SimpleNamespace(format="html"))
    with pytest.raises(ExtensionError, match="package.json is missing"):
        sphinx_ext._find_bundle(app)
    sphinx_ext._find_bundle(SimpleNamespace(srcdir=str(tmp_path), builder=SimpleNamespace(format="")))  # linkcheck: no bundle


def test_warns_about_a_trace_type_the_bundle_lacks():
    warnings = []
    renderer = SimpleNamespace(logger=SimpleNamespace(warning=lambda msg, **kw: warnings.append((msg, kw))))
    data = SimpleNamespace(mime_type=PLOTLY_MIME, content={"data": [{"type": "violin"}, {"type": "bar"}]}, cell_index=0, output_index=0, line=7)
    assert PlotlyMimeRenderer.handle_mime(renderer, data, False)
    assert len(warnings) == 1 and "violin" in warnings[0][0] and "bar" not in warnings[0][0]
    assert warnings[0][1] == {"subtype": "plotly_trace", "line": 7}
    ok = SimpleNamespace(mime_type=PLOTLY_MIME, content={"data": [{"type": "box"}, {}]}, cell_index=0, output_index=0, line=1)
    PlotlyMimeRenderer.handle_mime(renderer, ok, False)
    assert len(warnings) == 1

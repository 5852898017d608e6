"""A myst-nb mime renderer that draws plotly's JSON output offline.

Plotly (6 and later) stores a figure shown in a kernel as the JSON mime type
``application/vnd.plotly.v1+json`` only, which myst-nb does not render. This
plugin, registered through the ``myst_nb.mime_renderers`` entry point, turns
that JSON into a ``<div>`` and a small script that, once the page has loaded,
hands the figure to ``mlbookPlot`` in the book's script (``static/mlbook.js``),
which fits its layout to the width and the theme and draws it with one
``Plotly.newPlot`` (plain ``Plotly.newPlot`` if that script is missing). plotly.js itself is served from the book's
``_static`` folder by :mod:`mlhelpers.build.sphinx_ext` (never from a CDN, never
inlined), and only on pages that hold a chart.

The notebooks keep plotly's deterministic JSON, so strict nbval compares it.
"""

from __future__ import annotations

import hashlib
import html
import json
from typing import Any, ClassVar, Sequence

from .plotly_bundle import missing_traces

PLOTLY_MIME = "application/vnd.plotly.v1+json"
#: CSS class of every chart container; the Sphinx extension looks for it.
CHART_CLASS = "mlbook-plotly"
HTML_BUILDERS = ("html", "dirhtml", "singlehtml", "readthedocs", "readthedocsdirhtml")

_SCRIPT = """document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("%(id)s");
  var fig = JSON.parse(document.getElementById("%(id)s-json").textContent);
  if (typeof Plotly === "undefined") {
    el.textContent = "This chart needs plotly.js from the book's _static folder, which did not load.";
    return;
  }
  if (window.mlbookPlot) { window.mlbookPlot(el, fig); return; }
  var config = Object.assign({responsive: true, displaylogo: false}, fig.config || {});
  Plotly.newPlot(el, fig.data, fig.layout, config).then(function () {
    if (fig.frames) { return Plotly.addFrames(el, fig.frames); }
  });
});"""


def figure_html(figure: dict[str, Any], uid: str) -> str:
    """HTML for one figure: a labelled container, its JSON and the plotting script."""
    layout = figure.get("layout", {}) or {}
    meta = layout.get("meta") if isinstance(layout.get("meta"), dict) else {}
    title = layout.get("title", {})
    title_text = title.get("text", "") if isinstance(title, dict) else str(title or "")
    label = (meta.get("alt") or title_text or "Interactive chart").replace("<br>", " ")
    height = layout.get("height") or 450
    payload = json.dumps(figure, separators=(",", ":"), sort_keys=True).replace("</", "<\\/")
    return (
        f'<div class="{CHART_CLASS}" role="figure" aria-label="{html.escape(label, quote=True)}">'
        f'<div id="{uid}" class="plotly-graph-div" style="width:100%;height:{int(height)}px;"></div>'
        f'<script type="application/json" id="{uid}-json">{payload}</script>'
        f"<script>{_SCRIPT % {'id': uid}}</script></div>"
    )


def _uid(content: str, cell: int | None, output: int | None) -> str:
    digest = hashlib.sha1(content.encode("utf-8")).hexdigest()[:10]
    return f"plotly-{digest}-{cell or 0}-{output or 0}"


class PlotlyMimeRenderer:
    """myst-nb plugin: render plotly JSON as an offline chart in HTML builders."""

    mime_priority_overrides: ClassVar[Sequence[tuple[str, str, int | None]]] = [
        (builder, PLOTLY_MIME, 5) for builder in HTML_BUILDERS
    ]

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list[Any] | None:
        """Return a raw HTML node for plotly JSON, or None to let myst-nb decide."""
        if inline or data.mime_type != PLOTLY_MIME:
            return None
        from docutils import nodes

        content = data.content
        figure = json.loads(content) if isinstance(content, (str, bytes)) else content
        missing = missing_traces(figure)
        if missing and renderer is not None:
            renderer.logger.warning(
                f"a chart draws trace type(s) {', '.join(missing)}, which the book's plotly.js bundle lacks: "
                "add them to TRACES in mlhelpers/plotly_bundle.py",
                subtype="plotly_trace",
                line=data.line,
            )
        text = json.dumps(figure, sort_keys=True)
        uid = _uid(text, data.cell_index, data.output_index)
        return [nodes.raw("", figure_html(figure, uid), format="html", classes=["output", "plotly"])]

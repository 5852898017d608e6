"""Sphinx extension: serve plotly.js from the book's own ``_static`` folder.

Add ``mlhelpers.sphinx_ext`` to ``sphinx.extra_extensions`` in ``_config.yml``.
It copies the plotly.js that ships inside the installed plotly package into
``_build/html/_static`` at build time (it is never committed) and adds a
``<script>`` for it only to pages that hold a chart, so pages without charts
stay small and no page loads anything from a CDN.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from .mystnb_plotly import CHART_CLASS

PLOTLY_JS = "plotly.min.js"


def plotly_js_source() -> Path:
    """The plotly.js bundled with the installed plotly package."""
    import plotly

    path = Path(plotly.__file__).parent / "package_data" / PLOTLY_JS
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: reinstall plotly (pip install --force-reinstall plotly).")
    return path


def _page_context(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if CHART_CLASS in context.get("body", ""):
        app.add_js_file(PLOTLY_JS, priority=400)


def _copy_plotly(app: Any, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    src, dst = plotly_js_source(), static / PLOTLY_JS
    if not dst.exists() or dst.stat().st_size != src.stat().st_size:
        shutil.copyfile(src, dst)


def setup(app: Any) -> dict[str, Any]:
    """Sphinx entry point."""
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _copy_plotly)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}

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


def _appendix_directive() -> type:
    from docutils import nodes
    from docutils.statemachine import StringList
    from sphinx.util.docutils import SphinxDirective
    from sphinx.util.nodes import nested_parse_with_titles

    class DataPackageAppendix(SphinxDirective):
        """``{datapackage-appendix}``: the Data appendix, written from datapackage.json at build time."""

        has_content = False

        def run(self) -> list[Any]:
            from . import appendix, config

            self.env.note_dependency(str(config.curated_dir() / config.DATAPACKAGE_FILE))
            depth = self.env.docname.count("/")
            text = appendix.markdown(download_prefix="../" * depth + "data/")
            container = nodes.section()
            container.document = self.state.document
            nested_parse_with_titles(self.state, StringList(text.splitlines(), source="datapackage.json"), container)
            return container.children

    return DataPackageAppendix


def setup(app: Any) -> dict[str, Any]:
    """Sphinx entry point."""
    app.add_directive("datapackage-appendix", _appendix_directive())
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _copy_plotly)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}

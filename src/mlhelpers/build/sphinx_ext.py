"""Sphinx extension: serve plotly.js from the book's own ``_static`` folder.

Add ``mlhelpers.build.sphinx_ext`` to ``sphinx.extra_extensions`` in ``_config.yml``.
When an HTML build starts it finds (or builds) the book's partial plotly.js
bundle (:mod:`mlhelpers.build.plotly_bundle`); when the build ends it copies it into
``_build/html/_static`` (it is never committed). Only pages that hold a chart
get a ``<script>`` for it, so pages without charts stay small and no page
loads anything from a CDN.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Callable

from . import plotly_bundle
from .mystnb_plotly import CHART_CLASS

PLOTLY_JS = plotly_bundle.BUNDLE
#: The book's script on every page: keyboard access to plotly's dropdowns,
#: buttons and sliders, and to scrollable outputs (ships in mlhelpers/build/static).
BOOK_JS = "mlbook.js"


def _find_bundle(app: Any) -> None:
    """Find or build the plotly.js bundle before any page is read, so a failure comes first."""
    if app.builder.format != "html":
        return
    from sphinx.errors import ExtensionError

    try:
        app.mlbook_plotly_js = plotly_bundle.bundle_path(Path(app.srcdir))
    except plotly_bundle.BundleError as err:
        raise ExtensionError(f"mlhelpers.build.sphinx_ext: cannot make the book's plotly.js. {err}") from None


# docutils marks each bibliography entry with the DPUB-ARIA role
# ``doc-biblioentry``, which DPUB-ARIA 1.1 deprecates; axe-core then finds a
# ``role="list"`` whose items are not list items (a critical violation).
DEPRECATED_ROLES = {'role="doc-biblioentry"': 'role="listitem"'}


def accessible_body(body: str) -> str:
    """Replace deprecated ARIA roles in a page body with their current equivalents."""
    for old, new in DEPRECATED_ROLES.items():
        body = body.replace(old, new)
    return body


def _page_context(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    body = context.get("body", "")
    if CHART_CLASS in body:
        app.add_js_file(PLOTLY_JS, priority=400)
    if body:
        context["body"] = accessible_body(body)


def _copy_plotly(app: Any, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    src, dst = Path(app.mlbook_plotly_js), static / PLOTLY_JS
    if not dst.exists() or dst.read_bytes() != src.read_bytes():
        shutil.copyfile(src, dst)
    shutil.copyfile(Path(__file__).parent / "static" / BOOK_JS, static / BOOK_JS)


def _markdown_directive(render: Callable[[str], tuple[str, list[Path], str]], doc: str) -> type:
    """A directive with no content whose body is MyST Markdown written at build time.

    ``render(docname)`` returns ``(markdown, files_it_depends_on, source_name)``;
    the page is rebuilt whenever one of those files changes.
    """
    from docutils import nodes
    from docutils.statemachine import StringList
    from sphinx.util.docutils import SphinxDirective
    from sphinx.util.nodes import nested_parse_with_titles

    class MarkdownDirective(SphinxDirective):
        has_content = False

        def run(self) -> list[Any]:
            text, depends, source = render(self.env.docname)
            for path in depends:
                self.env.note_dependency(str(path))
            container = nodes.section()
            container.document = self.state.document
            nested_parse_with_titles(self.state, StringList(text.splitlines(), source=source), container)
            return container.children

    MarkdownDirective.__doc__ = doc
    return MarkdownDirective


def _up(docname: str) -> str:
    """The relative prefix from a page back to the book's root ("" at the root)."""
    return "../" * docname.count("/")


def _appendix(docname: str) -> tuple[str, list[Path], str]:
    from .. import config
    from . import appendix

    text = appendix.markdown(download_prefix=_up(docname) + "data/")
    return text, [config.curated_dir() / config.DATAPACKAGE_FILE], "datapackage.json"


def _status(docname: str) -> tuple[str, list[Path], str]:
    from .. import config
    from . import status

    root = config.repo_root()
    depends = [root / status.STATUS_FILE, *sorted((root / "chapters").glob("*.ipynb"))]
    return status.markdown(root, docs_prefix=_up(docname) or "/"), depends, "execution_status.json"


def _citation(docname: str) -> tuple[str, list[Path], str]:
    from .. import config
    from . import citation

    cff = config.repo_root() / "CITATION.cff"
    return citation.markdown(cff), [cff], "CITATION.cff"


def setup(app: Any) -> dict[str, Any]:
    """Sphinx entry point."""
    app.add_directive("cite-this-book", _markdown_directive(_citation, "``{cite-this-book}``: the book's reference, from CITATION.cff."))
    app.add_directive("datapackage-appendix", _markdown_directive(_appendix, "``{datapackage-appendix}``: the Data appendix, from datapackage.json."))
    app.add_directive("execution-status", _markdown_directive(_status, "``{execution-status}``: each chapter's last execution, from reference/execution_status.json."))
    app.add_js_file(BOOK_JS)
    app.connect("builder-inited", _find_bundle)
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _copy_plotly)
    # env_version: bump when pages must be rewritten (2: plotly.js became plotly-book.min.js)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.2", "env_version": 2}

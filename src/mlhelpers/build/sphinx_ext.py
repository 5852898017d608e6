"""Sphinx extension: serve plotly.js from the book's own ``_static`` folder.

Add ``mlhelpers.build.sphinx_ext`` to ``sphinx.extra_extensions`` in ``_config.yml``.
When an HTML build starts it finds (or builds) the book's partial plotly.js
bundle (:mod:`mlhelpers.build.plotly_bundle`); when the build ends it copies it into
``_build/html/_static`` (it is never committed). Only pages that hold a chart
get a ``<script>`` for it, so pages without charts stay small and no page
loads anything from a CDN.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path
from typing import Any, Callable

from . import plotly_bundle
from .mystnb_plotly import CHART_CLASS

PLOTLY_JS = plotly_bundle.BUNDLE
#: The book's script on every page: keyboard access to plotly's dropdowns,
#: buttons and sliders, and to scrollable outputs (ships in mlhelpers/build/static).
BOOK_JS = "mlbook.js"
#: The book's stylesheet on every page: chart notes, styled tables in dark mode, headings.
BOOK_CSS = "mlbook.css"
#: The book's favicon (without one, every page's browser asks for /favicon.ico and gets a 404).
FAVICON = "favicon.svg"


def _find_bundle(app: Any) -> None:
    """Find or build the plotly.js bundle before any page is read, so a failure comes first."""
    if app.builder.format != "html":
        return
    from sphinx.errors import ExtensionError

    try:
        app.mlbook_plotly_js = plotly_bundle.bundle_path(Path(app.srcdir))
    except plotly_bundle.BundleError as err:
        raise ExtensionError(f"mlhelpers.build.sphinx_ext: cannot make the book's plotly.js. {err}") from None
    _copy_static(app)


# docutils marks each bibliography entry with the DPUB-ARIA role
# ``doc-biblioentry``, which DPUB-ARIA 1.1 deprecates; axe-core then finds a
# ``role="list"`` whose items are not list items (a critical violation).
DEPRECATED_ROLES = {'role="doc-biblioentry"': 'role="listitem"'}


# myst-nb labels each "Show code cell source" toggle "Toggle hidden content", a
# name that does not contain the words a reader sees (WCAG 2.5.3, label in name):
# without the label, the visible text names it.
HIDDEN_CONTENT_LABEL = '<summary aria-label="Toggle hidden content">'
# A toctree caption that repeats the heading just above it ("Chapters" twice).
_REPEATED_CAPTION = re.compile(
    r'(<h(\d)>([^<]+)<a class="headerlink"[^>]*>#</a></h\2>\s*<div class="toctree-wrapper compound">\s*)'
    r'<p aria-level="\d" class="caption" role="heading"><span class="caption-text">\3</span></p>'
)


def accessible_body(body: str) -> str:
    """Replace deprecated ARIA roles in a page body with their current equivalents.

    Also drops the mismatched label of code-cell toggles and a toctree caption
    that repeats the heading right above it.
    """
    for old, new in DEPRECATED_ROLES.items():
        body = body.replace(old, new)
    body = body.replace(HIDDEN_CONTENT_LABEL, "<summary>")
    return _REPEATED_CAPTION.sub(r"\1", body)


def _unique_scripts(context: dict) -> None:
    """Drop repeated scripts: sphinx-thebe's configuration is added twice, and its
    second ``const THEBE_JS_URL`` is a console error on every page."""
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    seen, unique = set(), []
    for js in scripts:
        attrs = getattr(js, "attributes", {}) or {}
        key = (getattr(js, "filename", str(js)) or "", tuple(sorted((k, str(v)) for k, v in attrs.items())))
        if key not in seen:
            seen.add(key)
            unique.append(js)
    scripts[:] = unique


def _page_context(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    body = context.get("body", "")
    if CHART_CLASS in body:
        app.add_js_file(PLOTLY_JS, priority=400, loading_method="defer")
    if body:
        context["body"] = accessible_body(body)
    _unique_scripts(context)


def _configure(app: Any, config: Any) -> None:
    """Add the book's page layout (``templates/layout.html``: the theme's, without
    its fontawesome.js); use the book's favicon unless the book's configuration
    names one; and give the theme a colour mode to start from: with none,
    pydata-sphinx-theme logs "Got invalid theme mode" on a reader's first visit
    (nothing stored yet)."""
    templates = str(Path(__file__).parent / "templates")
    if templates not in config.templates_path:
        config.templates_path = [*config.templates_path, templates]
    if not config.html_favicon:
        config.html_favicon = str(Path(__file__).parent / "static" / FAVICON)
    if isinstance(config.html_context, dict):
        config.html_context.setdefault("default_mode", "auto")


def _copy_static(app: Any) -> None:
    """Put plotly.js and the book's script and stylesheet into ``_static`` before any
    page is written, so that Sphinx gives each page's link to them a checksum
    (``?v=...``) and a reader's browser never keeps an old copy after an update."""
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    src, dst = Path(app.mlbook_plotly_js), static / PLOTLY_JS
    if not dst.exists() or dst.read_bytes() != src.read_bytes():
        shutil.copyfile(src, dst)
    for name in (BOOK_JS, BOOK_CSS):
        shutil.copyfile(Path(__file__).parent / "static" / name, static / name)


def _static_files(app: Any) -> list[Path]:
    """The files whose checksums every page carries in its links (``?v=...``)."""
    here = Path(__file__).parent / "static"
    files = [Path(app.mlbook_plotly_js), here / BOOK_JS, here / BOOK_CSS]
    if app.config.html_favicon and "://" not in app.config.html_favicon:
        files.append(Path(app.srcdir, app.config.html_favicon))
    return files


def _pages_behind_the_static_files(app: Any, env: Any, added: set, changed: set, removed: set) -> list[str]:
    """After plotly.js, the book's script, stylesheet or favicon changed, re-read every page.

    Sphinx rewrites only the pages whose sources changed, and an unchanged page would keep
    the old ``?v=`` checksum in its links: a reader's browser could then go on using the
    copy it cached before the update. The files' digest is kept in the environment.
    """
    if not hasattr(app, "mlbook_plotly_js"):  # not an HTML build
        return []
    digest = hashlib.sha256()
    for path in _static_files(app):
        digest.update(path.name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b""))
    previous = getattr(env, "mlbook_static_digest", None)
    env.mlbook_static_digest = digest.hexdigest()
    if previous is None or previous == env.mlbook_static_digest:
        return []  # a first build reads every page anyway
    return sorted(set(env.found_docs) - added - changed - removed)


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


def _pdf_edition(docname: str) -> tuple[str, list[Path], str]:
    """A link to the PDF edition when ``./book pdf`` has made it, else how to get it.

    Links only to a file that exists, so the ``-W`` build and the offline link
    checker pass with or without the PDF. The page depends on the PDF's path, so
    it is rewritten when the PDF appears, changes or goes.
    """
    import os

    from .. import config
    from . import pdf

    root = config.repo_root()
    path = root / pdf.DEFAULT_OUT
    releases = pdf.repository_url(root).rstrip("/") + "/releases"
    if os.environ.get(pdf.PDF_BUILD_ENV):
        text = (
            "You are reading the **PDF edition**: every chart is printed as a picture of its default view. "
            f"The online edition, with interactive charts and notebooks that run on Binder, and every release "
            f"of the book are at <{releases}>."
        )
    elif path.is_file():
        size = path.stat().st_size / 1e6
        text = (
            f"**PDF edition.** {{download}}`Download the book as a PDF </{pdf.DEFAULT_OUT.as_posix()}>` "
            f"({size:.0f} MB), printed from the same notebooks, with every chart as a picture of its default view. "
            f"Each release of the book attaches its PDF: <{releases}>."
        )
    else:
        text = (
            "**PDF edition.** Every release of the book attaches a PDF of it, printed from the same notebooks "
            f"with every chart as a picture: <{releases}>. To make one from a clone of the repository, run "
            "`./book pdf` (the repository's README says more)."
        )
    return text + "\n", [path], "pdf-edition"


def setup(app: Any) -> dict[str, Any]:
    """Sphinx entry point."""
    from .bibstyle import register

    register()  # the bibliography's author-year labels (bibtex_default_style: mlbook)
    app.add_directive("pdf-edition", _markdown_directive(_pdf_edition, "``{pdf-edition}``: a link to the PDF edition, or how to get it."))
    app.add_directive("cite-this-book", _markdown_directive(_citation, "``{cite-this-book}``: the book's reference, from CITATION.cff."))
    app.add_directive("datapackage-appendix", _markdown_directive(_appendix, "``{datapackage-appendix}``: the Data appendix, from datapackage.json."))
    app.add_directive("execution-status", _markdown_directive(_status, "``{execution-status}``: each chapter's last execution, from reference/execution_status.json."))
    # deferred, like plotly.js: the page is parsed and painted while they load, and
    # both have run before DOMContentLoaded, when the renderer's scripts draw the charts
    app.add_js_file(BOOK_JS, loading_method="defer")
    app.add_css_file(BOOK_CSS)
    app.connect("config-inited", _configure)
    app.connect("builder-inited", _find_bundle)
    app.connect("env-get-outdated", _pages_behind_the_static_files)
    # late, so that the scripts other extensions add to the page are there to deduplicate
    app.connect("html-page-context", _page_context, priority=900)
    # env_version: bump when pages must be rewritten (2: plotly.js became plotly-book.min.js;
    # 3: mlbook.css, the favicon, scripts deduplicated, labels in name;
    # 4: no fontawesome.js, the book's scripts deferred; 5: the static files' digest is kept)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.5", "env_version": 5}

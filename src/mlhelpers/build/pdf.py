"""The book's PDF edition: the HTML build, printed by Debian's Chromium.

Route: Jupyter Book builds the whole book as one page (Sphinx's ``singlehtml``
builder, from the notebooks' stored outputs, never re-executed). This module
rewrites that page for print:

- every plotly chart becomes a PNG at print resolution, drawn by kaleido
  (which drives Debian's Chromium, offline, with plotly's bundled plotly.js and
  no MathJax) from the *same stored chart JSON* the HTML page embeds; charts
  are rendered in one kaleido session and cached by content;
- a chart with dropdowns, buttons or sliders prints its default view and a
  sentence saying what the online edition lets the reader explore; a widget
  cell (tagged ``remove-output``) prints its code and a note that it runs on
  Binder;
- a cover, a contents list with page numbers, one document per page run
  (chapters numbered as in the HTML book), the reference pages, glossary and
  bibliography; cross-references become links inside the PDF;
- the print stylesheet ``static/print.css`` (light colours always).

Playwright's Python package then prints it with Debian's Chromium
(``page.pdf``), twice: the first print tells on which page each document
starts (``pdftotext``), the second fills those numbers into the contents.
Nothing is fetched from the network: every request that is not a local file
is refused.

Usage::

    python -m mlhelpers.build.pdf                          # the whole book -> _build/pdf/book.pdf
    python -m mlhelpers.build.pdf chapters/03_practice.ipynb   # one chapter -> _build/pdf/03_practice.pdf
    python -m mlhelpers.build.pdf --out /tmp/book.pdf --work /tmp/pdfwork

(``./book pdf [chapter]`` runs it.) Needs Debian ``chromium`` and
``poppler-utils``, and the PyPI packages ``kaleido`` and ``playwright``
(``requirements-dev.txt``).
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .mystnb_plotly import CHART_CLASS

#: Where ``./book pdf`` writes the whole book, relative to the repository root.
DEFAULT_OUT = Path("_build") / "pdf" / "book.pdf"
#: Chart images: CSS width (px) used when a figure sets none, and the scale (2.5 x 800 px = 2000 px).
CHART_WIDTH = 800
CHART_HEIGHT = 450
CHART_SCALE = 2.5
PRINT_CSS = Path(__file__).parent / "static" / "print.css"
#: Debian's Chromium, which prints the PDF and which kaleido drives.
DEBIAN_CHROMIUM = "/usr/bin/chromium"
#: Environment variable set while the PDF's own HTML is built, so pages can say "this is the PDF".
PDF_BUILD_ENV = "MLHELPERS_PDF_BUILD"
CHART_CACHE_ENV = "MLHELPERS_PDF_CACHE"

#: A table cell that must not wrap: a date, a number or a short code of digits and signs.
SHORT_VALUE = re.compile(r"^[\d\-\u2013./:%,+<>=\s]{1,12}$")

WIDGET_NOTE = (
    "In the printed book this cell shows its code only: it makes an interactive widget, which runs live "
    "when the notebook is opened on Binder or in Jupyter (see How to use and cite this book)."
)


class PdfError(RuntimeError):
    """A clear, fixable reason why the PDF cannot be built."""


@dataclass
class Chart:
    """One plotly chart found in the single-page HTML build."""

    uid: str
    figure: dict[str, Any]
    digest: str = ""
    image: Path | None = None


@dataclass
class Report:
    """What a PDF build made and how long it took."""

    pdf: str
    pages: int
    size_bytes: int
    charts: int
    charts_rendered: int
    seconds_total: float
    seconds: dict[str, float] = field(default_factory=dict)
    chapter: str | None = None


# --------------------------------------------------------------------------- tools


def find_chromium() -> str:
    """Debian's Chromium (``MLHELPERS_CHROMIUM`` or ``BROWSER_PATH`` override it)."""
    for candidate in (os.environ.get("MLHELPERS_CHROMIUM"), os.environ.get("BROWSER_PATH"), shutil.which("chromium"), DEBIAN_CHROMIUM):
        if candidate and Path(candidate).exists():
            return str(candidate)
    raise PdfError(
        "Chromium not found: the PDF is printed by Debian's Chromium. Install it with "
        "`apt-get install chromium`, or set MLHELPERS_CHROMIUM to a Chromium executable "
        "(never `playwright install`)."
    )


def _need_poppler() -> None:
    missing = [tool for tool in ("pdftotext", "pdfinfo") if shutil.which(tool) is None]
    if missing:
        raise PdfError(
            f"{', '.join(missing)} not found: the PDF build uses poppler-utils to number the contents. "
            "Install it with `apt-get install poppler-utils`."
        )


def _import_kaleido() -> Any:
    try:
        import kaleido
    except ImportError:
        raise PdfError(
            "kaleido is not installed: it draws the charts as images for the PDF. "
            "Run `./book setup` (it installs requirements-dev.txt) or `pip install 'kaleido>=1,<2'`."
        ) from None
    return kaleido


def _import_playwright() -> Any:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise PdfError(
            "playwright is not installed: it drives Chromium to print the PDF. "
            "Run `./book setup` (requirements-dev.txt); never `playwright install`, the book uses Debian's chromium."
        ) from None
    return sync_playwright


def pdf_pages(pdf: Path) -> int:
    """The number of pages of a PDF (poppler's ``pdfinfo``)."""
    _need_poppler()
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", out, re.MULTILINE)
    if not match:
        raise PdfError(f"pdfinfo could not read the page count of {pdf}.")
    return int(match.group(1))


def pdf_page_texts(pdf: Path) -> list[str]:
    """The text of each page of a PDF (poppler's ``pdftotext``), in order."""
    _need_poppler()
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    return pages


# --------------------------------------------------------------------------- the book's HTML


def root_doc(root: Path) -> str:
    """The root document of ``_toc.yml`` (``intro``)."""
    import yaml

    toc = root / "_toc.yml"
    if not toc.is_file():
        raise PdfError(f"{toc} not found: run from the book's repository (it holds _config.yml and _toc.yml).")
    return str((yaml.safe_load(toc.read_text(encoding="utf-8")) or {}).get("root", "intro"))


def build_singlehtml(root: Path, work: Path) -> Path:
    """Build the whole book as one HTML page (warnings are errors); return the page."""
    jb = Path(sys.executable).parent / "jupyter-book"
    if not jb.exists():
        jb = Path(shutil.which("jupyter-book") or "jupyter-book")
    cmd = [str(jb), "build", str(root), "--builder", "singlehtml", "--path-output", str(work), "-W", "-n", "--keep-going"]
    env = {**os.environ, PDF_BUILD_ENV: "1"}
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900, env=env, check=False)
    except FileNotFoundError:
        raise PdfError("jupyter-book not found: run `./book setup` to create .venv with the book's tools.") from None
    log = proc.stdout + proc.stderr
    work.mkdir(parents=True, exist_ok=True)
    (work / "singlehtml.log").write_text(log, encoding="utf-8")
    page = work / "_build" / "singlehtml" / f"{root_doc(root)}.html"
    if proc.returncode != 0 or not page.is_file():
        problems = "\n".join(line for line in log.splitlines() if "WARNING" in line or "ERROR" in line)[:3000]
        raise PdfError(
            f"the single-page HTML build failed (exit {proc.returncode}); fix these and retry "
            f"(full log: {work / 'singlehtml.log'}):\n{problems or log[-3000:]}"
        )
    return page


def _soup(text: str) -> Any:
    from bs4 import BeautifulSoup

    return BeautifulSoup(text, "html.parser")


def find_charts(soup: Any) -> list[Chart]:
    """Every chart of the page, with the stored figure JSON that the page embeds."""
    charts = []
    for box in soup.select(f"div.{CHART_CLASS}"):
        graph = box.select_one("div.plotly-graph-div")
        data = soup.find("script", id=f"{graph['id']}-json") if graph else None
        if graph is None or data is None:
            raise PdfError("a chart container has no figure JSON: is mlhelpers.build.mystnb_plotly the chart renderer?")
        charts.append(Chart(uid=graph["id"], figure=json.loads(data.string or data.get_text())))
    return charts


def _plain(text: Any) -> str:
    return re.sub(r"<[^>]+>", "", html.unescape(str(text or ""))).strip()


#: A menu with more choices than this is described by its count, first, last and printed choice.
MAX_LISTED = 8


def controls_note(figure: dict[str, Any]) -> str | None:
    """The sentence printed under a chart whose controls only work on screen (or None).

    A short menu lists its choices. A long one (chapter 4's 151 trusts) is
    described instead: how many choices, the first and the last, and the one
    the printed view shows.
    """
    layout = figure.get("layout") or {}
    parts = []
    for menu in layout.get("updatemenus") or []:
        labels = [_plain(b.get("label")) for b in menu.get("buttons") or [] if _plain(b.get("label"))]
        kind = "a dropdown menu" if menu.get("type", "dropdown") == "dropdown" else "buttons"
        if len(labels) > MAX_LISTED:
            name = _plain(menu.get("name")).lower()
            buttons = menu.get("buttons") or []
            active = menu.get("active", 0)
            shown = _plain(buttons[active].get("label")) if isinstance(active, int) and 0 <= active < len(buttons) else ""
            parts.append(f"a list of {len(labels)} choices{' of ' + name if name else ''}, from {labels[0]} to {labels[-1]}"
                         + (f" (the printed view shows {shown})" if shown else ""))
        else:
            parts.append(f"{kind} ({', '.join(labels)})" if labels else kind)
    for slider in layout.get("sliders") or []:
        steps = [_plain(s.get("label")) for s in slider.get("steps") or [] if _plain(s.get("label"))]
        parts.append(f"a slider (from {steps[0]} to {steps[-1]})" if len(steps) > 1 else "a slider")
    if figure.get("frames"):
        parts.append("an animation")
    if not parts:
        return None
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    verb = "lets" if len(parts) == 1 and not parts[0].startswith("buttons") else "let"
    return (
        f"Printed here is the chart's default view. In the online edition, {listed} {verb} the reader explore it, "
        "and hovering shows each point's details."
    )


def print_figure(figure: dict[str, Any]) -> dict[str, Any]:
    """The figure as printed: its default view, without the on-screen controls."""
    fig = copy.deepcopy(figure)
    layout = fig.setdefault("layout", {})
    # The margins keep the room the controls had: the source and licence line
    # (mlhelpers.add_source) sits in the bottom margin, so never shrink it.
    layout.pop("updatemenus", None)
    layout.pop("sliders", None)
    fig.pop("frames", None)
    layout["paper_bgcolor"] = layout.get("paper_bgcolor") or "white"
    return fig


def _chart_opts(figure: dict[str, Any]) -> dict[str, Any]:
    layout = figure.get("layout") or {}
    return {
        "format": "png",
        "width": int(layout.get("width") or CHART_WIDTH),
        "height": int(layout.get("height") or CHART_HEIGHT),
        "scale": CHART_SCALE,
    }


def chart_cache() -> Path:
    """Where chart images are kept between builds (``MLHELPERS_PDF_CACHE`` overrides it)."""
    env = os.environ.get(CHART_CACHE_ENV)
    return Path(env) if env else Path.home() / ".cache" / "mlhelpers" / "pdf-charts"


def render_charts(charts: list[Chart], cache: Path, chromium: str) -> int:
    """Draw every chart not already cached as PNG in one kaleido session; return how many were drawn."""
    kaleido = _import_kaleido()
    import plotly
    import plotly.io as pio

    cache.mkdir(parents=True, exist_ok=True)
    jobs = []
    for chart in charts:
        fig = print_figure(chart.figure)
        opts = _chart_opts(fig)
        key = json.dumps([fig, opts, plotly.__version__, getattr(kaleido, "__version__", "")], sort_keys=True)
        chart.digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
        chart.image = cache / f"{chart.digest}.png"
        if not chart.image.is_file() and all(j["path"] != chart.image for j in jobs):
            jobs.append({"fig": fig, "path": chart.image, "opts": opts})
    if not jobs:
        return 0
    try:  # plotly's own defaults: no MathJax from a CDN
        pio.defaults.mathjax = None
    except AttributeError:
        pass
    os.environ.setdefault("BROWSER_PATH", chromium)
    plotly_js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    kopts: dict[str, Any] = {"mathjax": False, "n": 1}
    if plotly_js.is_file():
        kopts["plotlyjs"] = str(plotly_js)
    try:
        errors = kaleido.write_fig_from_object_sync(jobs, kopts=kopts, cancel_on_error=True)
    except Exception as err:  # noqa: BLE001 - kaleido/choreographer raise many kinds; say what to check
        raise PdfError(
            f"kaleido could not draw the charts ({type(err).__name__}: {err}). Check that Debian's chromium runs "
            f"({chromium} --headless --version) and that kaleido 1.x is installed."
        ) from None
    missing = [str(j["path"]) for j in jobs if not Path(j["path"]).is_file()]
    if errors or missing:
        raise PdfError(f"kaleido failed to draw {len(missing) or len(errors)} chart(s): {errors or missing}")
    return len(jobs)


# --------------------------------------------------------------------------- the print page


def _documents(soup: Any) -> list[tuple[str, Any]]:
    """``(docname, section)`` for every document inlined in the single page, in book order."""
    docs = []
    for marker in soup.select('span[id^="document-"]'):
        section = marker.find_next_sibling("section")
        if section is not None:
            docs.append((marker["id"][len("document-"):], section))
    return docs


def resolve_chapter(chapter: str, docnames: Iterable[str]) -> str:
    """The docname of a chapter given as a path (``chapters/03_practice.ipynb``) or name (``03_practice``)."""
    names = list(docnames)
    want = chapter.strip().replace("\\", "/")
    for suffix in (".ipynb", ".md"):
        want = want.removesuffix(suffix)
    want = want.lstrip("./")
    for name in names:
        if name == want or name.rsplit("/", 1)[-1] == want.rsplit("/", 1)[-1]:
            return name
    raise PdfError(
        f"chapter {chapter!r} is not in the book (_toc.yml). Give one of: "
        + ", ".join(f"{n}.ipynb" if n.startswith("chapters/") else n for n in names)
    )


def _heading(section: Any) -> Any:
    return section.find(["h1", "h2", "h3", "h4"])


def _heading_text(section: Any) -> str:
    head = _heading(section)
    return re.sub(r"\s+", " ", head.get_text(" ", strip=True).rstrip("#")).strip() if head else ""


def _cover(soup: Any, cff: dict[str, Any], url: str, chapter_title: str | None) -> Any:
    from . import citation

    date = str(cff.get("date-released", ""))
    title = str(cff.get("title", "")).split(":")[0]
    subtitle = "An open, executable book" if not chapter_title else f"A chapter of the {cff.get('version')} edition: {chapter_title}"
    cover = soup.new_tag("section", attrs={"class": "mlbook-cover"})
    cover.append(_frag(
        '<div class="mlbook-cover-band"></div>'
        f"<h1>{html.escape(title)}</h1>"
        f'<p class="mlbook-subtitle">{html.escape(subtitle)}</p>'
        f'<p class="mlbook-edition">Edition {html.escape(str(cff.get("version", "")))}, released {html.escape(date)}</p>'
        f'<p class="mlbook-authors">{html.escape(citation._authors(cff))}</p>'
        '<div class="mlbook-cover-foot">'
        f'<p>The online edition, with interactive charts and runnable notebooks: <a href="{html.escape(url)}">{html.escape(url)}</a></p>'
        f"<p>Cite as: {html.escape(citation.text(cff).replace('*', ''))}</p>"
        "<p>Not official NHS guidance. Contains no patient-identifiable data. "
        "Text CC BY 4.0; code MIT; each dataset carries its own licence (see the Data appendix).</p>"
        "</div>"
    ))
    return cover


def _frag(markup: str) -> Any:
    frag = _soup(markup)
    return frag


def _contents(soup: Any, entries: list[tuple[str, str, str]]) -> Any:
    """The contents list: ``entries`` are ``(group, anchor id, title)``."""
    box = soup.new_tag("section", attrs={"class": "mlbook-contents"})
    parts = ["<h2>Contents</h2>"]
    group = None
    for grp, anchor, title in entries:
        if grp != group:
            if group is not None:
                parts.append("</ol>")
            parts.append(f"<h3>{html.escape(grp)}</h3><ol>")
            group = grp
        parts.append(
            f'<li><a href="#{html.escape(anchor)}">{html.escape(title)}</a><span class="mlbook-toc-fill"></span>'
            f'<span class="mlbook-toc-page" data-target="{html.escape(anchor)}">000</span></li>'
        )
    parts.append("</ol>")
    box.append(_frag("".join(parts)))
    return box


def print_page(page: Path, charts: list[Chart], cff: dict[str, Any], url: str, chapter: str | None = None) -> tuple[Path, list[tuple[str, str]]]:
    """Rewrite the single HTML page for print; return its path and ``(anchor, heading)`` of each document."""
    soup = _soup(page.read_text(encoding="utf-8"))
    images_dir = page.parent / "_print_charts"
    images_dir.mkdir(exist_ok=True)
    by_uid = {c.uid: c for c in charts}

    # charts -> images (+ a sentence for on-screen controls)
    for box in soup.select(f"div.{CHART_CLASS}"):
        graph = box.select_one("div.plotly-graph-div")
        chart = by_uid.get(graph["id"])
        if chart is None or chart.image is None:
            continue  # a chart of a chapter this PDF leaves out (checked below)
        local = images_dir / chart.image.name
        if not local.exists():
            shutil.copyfile(chart.image, local)
        img = soup.new_tag("img", attrs={
            "class": "mlbook-print-chart",
            "src": f"_print_charts/{local.name}",
            "alt": box.get("aria-label", "Chart"),
        })
        outer = box.parent if box.parent is not None and "plotly" in (box.parent.get("class") or []) else box
        outer.replace_with(img)
        note = controls_note(chart.figure)
        if note:
            p = soup.new_tag("p", attrs={"class": "mlbook-print-note"})
            p.string = note
            img.insert_after(p)
    # widget cells: their code, and where they run
    for cell in soup.select("div.cell.tag_remove-output"):
        p = soup.new_tag("p", attrs={"class": "mlbook-print-note"})
        p.string = WIDGET_NOTE
        cell.append(p)
    # hidden inputs stay hidden; collapsed boxes (solutions) print open
    for details in soup.select("details.hide"):
        details.decompose()
    for details in soup.find_all("details"):
        details["open"] = ""
    # dates and numbers in table cells stay on one line (2024-10-15 broke at its hyphens)
    for cell in soup.find_all(["td", "th"]):
        if SHORT_VALUE.match(cell.get_text(strip=True)):
            cell["class"] = [*cell.get("class", []), "mlbook-nowrap"]
    for tag in soup.select("a.headerlink, button, script, .copybtn"):
        tag.decompose()
    # links inside the one page
    name = page.name
    for a in soup.find_all("a", href=True):
        href = a["href"]
        if href.startswith(name + "#"):
            a["href"] = href[len(name):]
        elif href in (name, "genindex.html", "search.html") or href.startswith(("genindex.html", "search.html")):
            del a["href"]

    docs = _documents(soup)
    if not docs:
        raise PdfError(f"no documents found in {page}: is it a Sphinx singlehtml build?")
    intro = soup.select_one("article section")
    wanted = resolve_chapter(chapter, [d for d, _ in docs]) if chapter else None
    keep = [
        (d, s) for d, s in docs
        if wanted is None or d == wanted or d in ("reference/glossary", "reference/bibliography")
    ]
    for _, section in docs:
        section.extract()
    # the intro keeps its text, not its (now empty) list of chapters
    for wrapper in intro.select("div.toctree-wrapper"):
        wrapper.decompose()
    for sec in intro.find_all("section", recursive=False):
        if not sec.get_text(" ", strip=True).replace("#", "").strip() or sec.get("id") == "chapters":
            sec.decompose()
    head_tag = _heading(intro)
    if head_tag is not None:
        head_tag.string = "Introduction"

    body_docs: list[tuple[str, str, Any, str]] = []
    if wanted is None:
        body_docs.append(("Front matter", intro.get("id") or "introduction", intro, "mlbook-intro"))
    for d, section in keep:
        group = "Chapters" if d.startswith("chapters/") else "Reference"
        body_docs.append((group, section.get("id") or d, section, ""))

    # the new page: the theme's stylesheets, then the print stylesheet
    out = _soup('<!DOCTYPE html><html lang="en" data-theme="light" data-mode="light"><head><meta charset="utf-8"></head><body></body></html>')
    out.head.append(_frag(f"<title>{html.escape(str(cff.get('title', '')))}</title>"))
    for link in soup.select('link[rel="stylesheet"]'):
        out.head.append(copy.copy(link))
    for style in soup.head.find_all("style") if soup.head else []:
        out.head.append(copy.copy(style))
    shutil.copyfile(PRINT_CSS, page.parent / "_static" / "mlbook-print.css")
    out.head.append(out.new_tag("link", attrs={"rel": "stylesheet", "href": "_static/mlbook-print.css"}))
    main = out.new_tag("main", attrs={"class": "mlbook-print"})
    out.body.append(main)
    chapter_title = _heading_text(keep[0][1]) if wanted else None
    main.append(_cover(out, cff, url, chapter_title))
    main.append(_contents(out, [(g, a, _heading_text(s) if cls != "mlbook-intro" else "Introduction") for g, a, s, cls in body_docs]))
    for group, anchor, section, cls in body_docs:
        wrap = out.new_tag("div", attrs={"class": f"mlbook-doc {cls}".strip()})
        section["id"] = anchor
        wrap.append(section)
        main.append(wrap)
    if out.select(f"div.{CHART_CLASS}"):
        raise PdfError("a chart of the printed chapters was not drawn as an image (mlhelpers.build.pdf bug)")
    target = page.parent / ("print.html" if wanted is None else f"print-{wanted.rsplit('/', 1)[-1]}.html")
    target.write_text(str(out), encoding="utf-8")
    return target, [(a, "Introduction" if cls == "mlbook-intro" else _heading_text(s)) for _, a, s, cls in body_docs]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def start_pages(pages: list[str], headings: list[str], first: int = 2) -> list[int | None]:
    """The (1-based) page on which each heading starts a page, searching in order from ``first``."""
    found: list[int | None] = []
    at = first
    for heading in headings:
        want = _norm(heading)
        hit = None
        for i in range(at, len(pages)):
            if _norm(pages[i]).startswith(want):
                hit = i
                break
        found.append(None if hit is None else hit + 1)
        if hit is not None:
            at = hit + 1
    return found


def print_pdf(html_page: Path, pdf: Path, chromium: str, headings: list[tuple[str, str]]) -> list[str]:
    """Print the page with Chromium twice (numbering the contents); return refused network requests."""
    sync_playwright = _import_playwright()
    refused: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            refused.append(r.request.url)
            r.abort()

    pdf.parent.mkdir(parents=True, exist_ok=True)
    draft = pdf.with_suffix(".draft.pdf")
    options = {"print_background": True, "prefer_css_page_size": True, "outline": True, "tagged": True}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            try:
                page = browser.new_page(color_scheme="light")
                page.route("**/*", route)
                page.goto(html_page.resolve().as_uri(), wait_until="load", timeout=120_000)
                page.emulate_media(media="print", color_scheme="light")
                page.pdf(path=str(draft), **options)
                numbers = start_pages(pdf_page_texts(draft), [h for _, h in headings])
                mapping = {a: (str(n) if n else "") for (a, _), n in zip(headings, numbers)}
                page.evaluate(
                    """(m) => document.querySelectorAll('.mlbook-toc-page').forEach(
                         el => { el.textContent = m[el.dataset.target] || ''; })""",
                    mapping,
                )
                page.pdf(path=str(pdf), **options)
            finally:
                browser.close()
    except PdfError:
        raise
    except Exception as err:  # noqa: BLE001 - Playwright's errors: name the likely cause
        raise PdfError(
            f"Chromium could not print the PDF ({type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}). "
            f"Check that {chromium} runs headless; never `playwright install`."
        ) from None
    finally:
        draft.unlink(missing_ok=True)
    return refused


# --------------------------------------------------------------------------- the whole build


def repository_url(root: Path) -> str:
    """The repository address, from ``repository.url`` in ``_config.yml`` (its one place)."""
    import yaml

    cfg = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    return str((cfg.get("repository") or {}).get("url", ""))


def build(root: Path | None = None, out: Path | None = None, chapter: str | None = None,
          work: Path | None = None, reuse_html: bool = False) -> Report:
    """Build the PDF (the whole book, or one ``chapter``) and return a report of it."""
    from .. import config
    from . import citation

    t0 = time.perf_counter()
    root = Path(root or config.repo_root()).resolve()
    if chapter:
        stem = Path(chapter).name.rsplit(".", 1)[0] if chapter.endswith((".ipynb", ".md")) else Path(chapter).name
        default_out = DEFAULT_OUT.with_name(f"{stem}.pdf")
    else:
        default_out = DEFAULT_OUT
    out = Path(out) if out else root / default_out
    work = Path(work) if work else root / "_build" / "pdf" / "work"
    if chapter and not reuse_html:
        candidates = [root / chapter, root / f"{chapter}.ipynb", root / "chapters" / chapter, root / "chapters" / f"{chapter}.ipynb"]
        if not any(p.is_file() for p in candidates):
            known = ", ".join(f"chapters/{p.name}" for p in sorted((root / "chapters").glob("*.ipynb")))
            raise PdfError(f"chapter {chapter!r} not found: give a notebook path, one of: {known}.")
    chromium = find_chromium()
    _need_poppler()
    _import_kaleido()
    _import_playwright()
    try:
        cff = citation.read(root / "CITATION.cff")
    except (FileNotFoundError, ValueError) as err:
        raise PdfError(str(err)) from None
    seconds: dict[str, float] = {}

    t = time.perf_counter()
    page = work / "_build" / "singlehtml" / f"{root_doc(root)}.html"
    if not (reuse_html and page.is_file()):
        page = build_singlehtml(root, work)
    seconds["html"] = time.perf_counter() - t

    t = time.perf_counter()
    soup = _soup(page.read_text(encoding="utf-8"))
    if chapter:  # draw only that chapter's charts
        docs = dict(_documents(soup))
        soup = docs[resolve_chapter(chapter, docs)]
    charts = find_charts(soup)
    drawn = render_charts(charts, chart_cache(), chromium)
    seconds["charts"] = time.perf_counter() - t

    t = time.perf_counter()
    html_page, headings = print_page(page, charts, cff, repository_url(root), chapter)
    refused = print_pdf(html_page, out, chromium, headings)
    seconds["print"] = time.perf_counter() - t
    if refused:
        print(f"note: refused {len(refused)} network request(s) while printing, e.g. {refused[0]}", file=sys.stderr)

    report = Report(
        pdf=str(out), pages=pdf_pages(out), size_bytes=out.stat().st_size, charts=len(charts),
        charts_rendered=drawn, seconds_total=round(time.perf_counter() - t0, 2),
        seconds={k: round(v, 2) for k, v in seconds.items()}, chapter=chapter,
    )
    out.with_suffix(".json").write_text(json.dumps(asdict(report), indent=2) + "\n", encoding="utf-8")
    return report


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m mlhelpers.build.pdf [chapter] [--out PDF] [--work DIR]``."""
    parser = argparse.ArgumentParser(prog="python -m mlhelpers.build.pdf", description=__doc__.split("\n\n")[0])
    parser.add_argument("chapter", nargs="?", help="build one chapter alone, e.g. chapters/03_practice.ipynb")
    parser.add_argument("--out", type=Path, help=f"where to write the PDF (default {DEFAULT_OUT}, or _build/pdf/<chapter>.pdf)")
    parser.add_argument("--work", type=Path, help="folder for the single-page HTML build (default _build/pdf/work)")
    parser.add_argument("--reuse-html", action="store_true", help="reuse the last single-page HTML build (quicker while iterating)")
    args = parser.parse_args(argv)
    try:
        report = build(out=args.out, chapter=args.chapter, work=args.work, reuse_html=args.reuse_html)
    except PdfError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(
        f"Wrote {report.pdf}: {report.pages} pages, {report.size_bytes / 1e6:.1f} MB, {report.charts} charts "
        f"({report.charts_rendered} drawn, the rest cached) in {report.seconds_total:.1f} s "
        f"(HTML {report.seconds['html']:.1f} s, charts {report.seconds['charts']:.1f} s, print {report.seconds['print']:.1f} s)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

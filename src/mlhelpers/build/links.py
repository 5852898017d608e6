"""Check the links of the built book.

Internal links (to a page, a file or an anchor in ``_build/html``) are checked
offline: every one must resolve. External links cannot be checked without the
internet, so they are listed in a report for maintainers to check when online
(``./book linkcheck`` runs Sphinx's own link checker).

Usage::

    python -m mlhelpers.build.links _build/html            # broken internal links; exit 1 if any
    python -m mlhelpers.build.links _build/html --report external_links.md
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

SKIPPED_DIRS = {"_static", "_sources", "_sphinx_design_static", "_downloads", "_images"}
LINK_ATTRS = {("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"), ("iframe", "src")}


@dataclass(frozen=True)
class Link:
    """One link found in a page of the built book."""

    page: str  # page path relative to the html folder
    url: str  # the href/src as written


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name"):
                self.ids.add(value)
            elif (tag, name) in LINK_ATTRS:
                self.urls.append(value)


def _parse(path: Path) -> _Collector:
    parser = _Collector()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return parser


def pages(html_dir: Path) -> list[Path]:
    """Every HTML page of the book (not the theme's static files)."""
    html_dir = Path(html_dir)
    if not (html_dir / "index.html").is_file():
        raise FileNotFoundError(f"{html_dir} is not a built book (no index.html): run ./book build first.")
    return sorted(p for p in html_dir.rglob("*.html") if not SKIPPED_DIRS & set(p.relative_to(html_dir).parts))


def is_external(url: str) -> bool:
    """True for links that leave the book (http, https, mailto, protocol-relative)."""
    scheme = urlsplit(url).scheme
    return bool(scheme) or url.startswith("//")


def check(html_dir: Path) -> tuple[list[str], dict[str, list[str]]]:
    """Return (broken internal links as messages, external URL -> pages using it)."""
    html_dir = Path(html_dir).resolve()
    parsed = {p: _parse(p) for p in pages(html_dir)}
    ids_cache: dict[Path, set[str]] = {p: c.ids for p, c in parsed.items()}
    broken: list[str] = []
    external: dict[str, set[str]] = defaultdict(set)
    for page, collector in parsed.items():
        rel = str(page.relative_to(html_dir))
        for url in collector.urls:
            if is_external(url):
                if urlsplit(url).scheme in ("http", "https") or url.startswith("//"):
                    external[url].add(rel)
                continue
            if url.startswith(("javascript:", "data:")):
                continue
            parts = urlsplit(url)
            target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{rel}: {url} -> missing file {target.relative_to(html_dir) if target.is_relative_to(html_dir) else target}")
                continue
            frag = unquote(parts.fragment)
            if frag and target.suffix == ".html":
                if target not in ids_cache:
                    ids_cache[target] = _parse(target).ids
                if frag not in ids_cache[target]:
                    broken.append(f"{rel}: {url} -> no anchor #{frag} in {target.relative_to(html_dir)}")
    return broken, {u: sorted(p) for u, p in sorted(external.items())}


def report(external: dict[str, list[str]]) -> str:
    """A Markdown list of external links and the pages that use them."""
    lines = [
        "# External links in the built book",
        "",
        f"{len(external)} distinct external URLs. They cannot be checked offline; "
        "when online, run `./book linkcheck` (Sphinx linkcheck) and fix what it reports.",
        "",
    ]
    for url, used_on in external.items():
        lines.append(f"- <{url}> — {', '.join(used_on)}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: print broken internal links, optionally write the external report."""
    ap = argparse.ArgumentParser(prog="python -m mlhelpers.build.links", description=__doc__.splitlines()[0])
    ap.add_argument("html_dir", nargs="?", default="_build/html")
    ap.add_argument("--report", help="write the list of external links (Markdown) to this file")
    args = ap.parse_args(argv)
    broken, external = check(Path(args.html_dir))
    for line in broken:
        print("BROKEN", line)
    if args.report:
        Path(args.report).write_text(report(external), encoding="utf-8")
        print(f"{len(external)} external links listed in {args.report}")
    print(f"{len(broken)} broken internal links")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())

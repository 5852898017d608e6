"""How to cite the book, written from ``CITATION.cff`` so there is one source.

The ``{cite-this-book}`` directive (see :mod:`mlhelpers.build.sphinx_ext`) shows the
result on the "How to use and cite this book" page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

REQUIRED = ("title", "authors", "version", "date-released", "repository-code")


def read(path: Path) -> dict[str, Any]:
    """Read and check a CITATION.cff file; a missing field is named in the error."""
    import yaml

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found: the book's citation lives in CITATION.cff at the repository root.")
    cff = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    missing = [k for k in REQUIRED if not cff.get(k)]
    if missing:
        raise ValueError(f"{path} lacks {', '.join(missing)}: add them so the book can be cited.")
    return cff


def _authors(cff: dict[str, Any]) -> str:
    names = []
    for a in cff["authors"]:
        if "family-names" in a:
            names.append(f"{a['family-names']}, {a.get('given-names', '')}".strip(", "))
        else:
            names.append(a["name"])
    return " and ".join(names)


def text(cff: dict[str, Any]) -> str:
    """A plain-text reference (author, year, title, version, URL)."""
    year = str(cff["date-released"])[:4]
    return f"{_authors(cff)} ({year}). *{cff['title']}* (version {cff['version']}). <{cff['repository-code']}>"


def bibtex(cff: dict[str, Any], key: str = "medicalleadershipbook") -> str:
    """A BibTeX ``@misc`` entry."""
    year = str(cff["date-released"])[:4]
    return (
        f"@misc{{{key},\n"
        f"  author = {{{{{_authors(cff)}}}}},\n"
        f"  title = {{{cff['title']}}},\n"
        f"  year = {{{year}}},\n"
        f"  version = {{{cff['version']}}},\n"
        f"  url = {{{cff['repository-code']}}}\n"
        "}"
    )


def edition(cff: dict[str, Any]) -> str:
    """A sentence naming the edition (version and release date) the reader has."""
    return (
        f"This is edition **{cff['version']}** of the book, released {cff['date-released']}. "
        "`CHANGELOG.md` in the repository lists what each edition changed; cite the edition you read."
    )


def markdown(path: Path) -> str:
    """The citation as MyST Markdown: the edition, a sentence and a BibTeX block."""
    cff = read(path)
    return f"{edition(cff)}\n\n{text(cff)}\n\n```bibtex\n{bibtex(cff)}\n```\n"

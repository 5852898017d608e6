"""The bibliography's labels: author and year, as the citations in the text read.

The book cites author-year (``bibtex_reference_style: author_year``), but
pybtex's ``plain`` style labels the bibliography [1], [2], ... numbers that
appear nowhere in the text. This style is ``plain`` with labels such as
``[Dickinson et al. 2013a]``, made by :func:`mlhelpers.style.author_year` from
the same entry, so a reader can go from a citation to its entry by eye. Entries
are sorted by author, year and title; a work with no author (an unsigned slide
deck) is filed under its title, less a leading article, as author-year
bibliographies do, not ahead of every author.

Registered with pybtex by :mod:`mlhelpers.build.sphinx_ext`; ``_config.yml``
selects it with ``bibtex_default_style: mlbook``.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Iterator

from pybtex.plugin import register_plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting.author_year_title import SortingStyle as AuthorYearTitleSorting

#: Names under which the styles are registered with pybtex.
STYLE = "mlbook"
LABELS = "mlbook-author-year"
SORTING = "mlbook-author-or-title"


class AuthorYearLabels(BaseLabelStyle):
    """Labels 'Author Year' (with the year's a/b letter when the bib gives one)."""

    def format_labels(self, sorted_entries: Iterable[Any]) -> Iterator[str]:
        from ..style import author_year

        seen: dict[str, int] = {}
        for entry in sorted_entries:
            text = author_year(entry.key)
            who, _, year = text.rpartition(" (")  # "Griffiths (1983)" -> "Griffiths 1983"
            label = f"{who} {year[:-1]}" if who and year.endswith(")") else entry.key
            seen[label] = seen.get(label, 0) + 1
            # two entries that still read alike get the key too, so labels stay unique
            yield label if seen[label] == 1 else f"{label} [{entry.key}]"


class AuthorOrTitleSorting(AuthorYearTitleSorting):
    """Author, year, title; a work with no author or editor sorts by its title."""

    def sorting_key(self, entry: Any) -> tuple[str, str, str]:
        author, year, title = super().sorting_key(entry)
        if not author:
            author = title_key(title)
        return author, year, title


def title_key(title: str) -> str:
    """A title as a sort key: lower case, without braces, quotes, punctuation or a leading article."""
    words = re.sub(r"[^\w\s]", " ", title.replace("{", "").replace("}", "")).lower().split()
    if len(words) > 1 and words[0] in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


class AuthorYearStyle(PlainStyle):
    """pybtex's plain style with author-year labels, works without an author filed by title.

    The letter that tells apart two works of one author and year (2013a, 2013b)
    is in the label, where the citations in the text lead; the entry's own date
    reads as published ("July 2025", not "July 2025a").
    """

    default_label_style = LABELS
    default_sorting_style = SORTING

    def format_entry(self, label: str, entry: Any, bib_data: Any = None) -> Any:
        year = entry.fields.get("year", "")
        if re.fullmatch(r"\d{4}[a-z]", year):
            from pybtex.database import Entry

            plain = Entry(entry.type, fields={**entry.fields, "year": year[:4]}, persons=entry.persons)
            plain.key = entry.key
            entry = plain
        return super().format_entry(label, entry, bib_data=bib_data)


def register() -> None:
    """Make the style known to pybtex (idempotent)."""
    for kind, name, cls in (("pybtex.style.labels", LABELS, AuthorYearLabels),
                            ("pybtex.style.sorting", SORTING, AuthorOrTitleSorting),
                            ("pybtex.style.formatting", STYLE, AuthorYearStyle)):
        try:
            register_plugin(kind, name, cls)
        except Exception:  # already registered in this process
            pass

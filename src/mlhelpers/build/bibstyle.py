"""The bibliography's labels: author and year, as the citations in the text read.

The book cites author-year (``bibtex_reference_style: author_year``), but
pybtex's ``plain`` style labels the bibliography [1], [2], ... numbers that
appear nowhere in the text. This style is ``plain`` with labels such as
``[Dickinson et al. 2013a]``, made by :func:`mlhelpers.style.author_year` from
the same entry, so a reader can go from a citation to its entry by eye. Entries
stay sorted by author, year and title.

Registered with pybtex by :mod:`mlhelpers.build.sphinx_ext`; ``_config.yml``
selects it with ``bibtex_default_style: mlbook``.
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator

from pybtex.plugin import register_plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle

#: Names under which the styles are registered with pybtex.
STYLE = "mlbook"
LABELS = "mlbook-author-year"


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


class AuthorYearStyle(PlainStyle):
    """pybtex's plain style with author-year labels."""

    default_label_style = LABELS


def register() -> None:
    """Make the style known to pybtex (idempotent)."""
    for kind, name, cls in (("pybtex.style.labels", LABELS, AuthorYearLabels),
                            ("pybtex.style.formatting", STYLE, AuthorYearStyle)):
        try:
            register_plugin(kind, name, cls)
        except Exception:  # already registered in this process
            pass

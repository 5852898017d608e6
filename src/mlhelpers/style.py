"""The house plot style: one plotly template and a source-and-licence caption.

The palette is Okabe & Ito's colour-blind-safe set (yellow last: it has too
little contrast on white for lines or text). Fonts are the reader's system
sans-serif at a readable size.
"""

from __future__ import annotations

import functools
import re

import plotly.graph_objects as go
import plotly.io as pio

from .config import TEMPLATE_NAME

#: Okabe-Ito colours, ordered for contrast on white.
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#F0E442",  # yellow: fills only
)

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
TEXT_COLOUR = "#1a1a1a"  # contrast 17:1 on white
MUTED_COLOUR = "#4d4d4d"  # contrast 8.5:1 on white: for captions
GRID_COLOUR = "#e0e0e0"
#: The charts' background (paper and plot). A label drawn on it (an annotation
#: with this ``bgcolor``) hides a line behind it; the book's script swaps it for
#: the dark background in dark mode.
BACKGROUND = "white"

#: Pixels between the bottom of the plotting area and the source caption.
SOURCE_OFFSET = 46


def template() -> go.layout.Template:
    """Build the house template (a fresh object each call)."""
    axis = dict(
        gridcolor=GRID_COLOUR,
        linecolor="#737373",
        ticks="outside",
        tickcolor="#737373",
        zeroline=False,
        title=dict(standoff=8),
        automargin=True,
    )
    return go.layout.Template(
        layout=dict(
            font=dict(family=FONT, size=14, color=TEXT_COLOUR),
            # at the top of the figure, pushing the margin when it wraps onto more lines
            title=dict(font=dict(size=18), x=0, xanchor="left", pad=dict(l=4, t=10),
                       yref="container", y=1, yanchor="top", automargin=True),
            colorway=list(PALETTE),
            paper_bgcolor=BACKGROUND,
            plot_bgcolor=BACKGROUND,
            xaxis=axis,
            yaxis=axis,
            legend=dict(bgcolor="rgba(255,255,255,0.8)"),
            hoverlabel=dict(font=dict(family=FONT, size=13), align="left", namelength=-1),
            margin=dict(l=60, r=24, t=64, b=96),
        )
    )


def register() -> None:
    """Register the house template with plotly and make it the default."""
    pio.templates[TEMPLATE_NAME] = template()
    pio.templates.default = TEMPLATE_NAME


def add_source(
    fig: go.Figure,
    source: str,
    licence: str,
    *,
    alt: str | None = None,
    offset: int = SOURCE_OFFSET,
) -> go.Figure:
    """Put "Source: ... Licence: ..." under a chart and record it in ``layout.meta``.

    Parameters
    ----------
    fig:
        The figure to caption (changed in place and returned).
    source:
        Who published the data, e.g. ``"CQC ratings, compiled by Asaria et al."``.
    licence:
        The data's licence, e.g. ``"Open Government Licence v3.0"``.
    alt:
        A one-sentence text alternative for screen readers; the book's
        renderer uses it as the chart's accessible label. Defaults to the title.
    offset:
        Pixels below the plotting area (raise it when the x axis has a range
        slider or long tick labels).
    """
    if not isinstance(fig, go.Figure):
        raise TypeError(f"add_source needs a plotly Figure, not {type(fig).__name__}.")
    for what, value in (("source", source), ("licence", licence)):
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"add_source needs a non-empty {what} string: every chart names its {what}.")
    title = fig.layout.title.text if fig.layout.title and fig.layout.title.text else ""
    meta = dict(fig.layout.meta) if isinstance(fig.layout.meta, dict) else {}
    meta.update(source=source.strip(), licence=licence.strip(), alt=(alt or title).strip())
    fig.update_layout(meta=meta)
    fig.add_annotation(
        text=f"Source: {source.strip()}<br>Licence: {licence.strip()}",
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-offset,
        xanchor="left",
        yanchor="top",
        align="left",
        showarrow=False,
        font=dict(size=12, color=MUTED_COLOUR),
        name="source",
    )
    return fig


#: What a BibTeX citation key looks like in the book (one lowercase word, no spaces).
_KEY = re.compile(r"^[a-z][a-z0-9_:-]*$")


@functools.lru_cache(maxsize=1)
def _bibliography() -> dict[str, str]:
    """Map every citation key in ``references.bib`` to its author-year text."""
    from pybtex.database import parse_file

    from . import config

    path = config.repo_root() / "references.bib"
    out: dict[str, str] = {}
    for key, entry in parse_file(str(path)).entries.items():
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        names = [" ".join(p.prelast_names + p.last_names).replace("{", "").replace("}", "") for p in people]
        if not names:  # no author: the organisation, else the title (never the key)
            org = entry.fields.get("organization") or entry.fields.get("institution")
            if not org:
                words = re.sub(r"\\[a-z]+|[{}]", "", entry.fields.get("title", key)).split()
                org = "\u201c" + " ".join(words[:6]) + ("\u2026" if len(words) > 6 else "") + "\u201d"
            names = [org.replace("{", "").replace("}", "")]
        who = names[0] if len(names) == 1 else f"{names[0]} and {names[1]}" if len(names) == 2 else f"{names[0]} et al."
        year = entry.fields.get("year", "n.d.")
        out[key.lower()] = f"{who} ({year})"
    return out


def author_year(text: str) -> str:
    """Readers' text for a citation key: ``"griffiths1983nhs"`` -> ``"Griffiths (1983)"``.

    Also takes several keys separated by ``;`` or ``,``. A value that is not a
    known key is returned unchanged, so it is safe on any label; chart builders
    and :class:`Table` use it so that no raw citation key reaches a reader.
    """
    if not isinstance(text, str) or not text.strip():
        return text
    parts = [p.strip() for p in re.split(r"[;,]", text)]
    if not all(_KEY.match(p) for p in parts if p):
        return text
    bib = _bibliography()
    if not all(p.lower() in bib for p in parts if p):
        return text
    return "; ".join(bib[p.lower()] for p in parts if p)


class Table:
    """A house-styled table: HTML for notebooks and the book, plain text elsewhere.

    Both representations are deterministic, so strict nbval can compare them.
    """

    def __init__(self, data: "pd.DataFrame", name: str) -> None:
        self.data = data
        self.name = name

    def _repr_html_(self) -> str:
        # citation keys in cells become author-year text, as in the book's prose
        shown = self.data.apply(lambda col: col.map(author_year) if col.dtype == object or str(col.dtype) == "str" else col)
        styler = shown.style.hide(axis="index").format(na_rep="", precision=2).set_uuid(self.name)
        styler = styler.set_table_styles(
            [
                {"selector": "th", "props": [("text-align", "left")]},
                {"selector": "td", "props": [("text-align", "left"), ("vertical-align", "top")]},
            ]
        )
        return styler.to_html()

    def __repr__(self) -> str:
        # astype(object) first: fillna("") fails on nullable integer (Int64) columns
        return self.data.astype(object).map(author_year).where(self.data.notna(), "").to_string(index=False)


def table(df: "pd.DataFrame", columns: list[str] | None = None, *, name: str = "table") -> Table:
    """Show a DataFrame in the house table style: no index, blank missing cells, left-aligned text.

    ``name`` makes the HTML ids stable (pandas would otherwise draw a random
    one), so strict nbval can compare the stored output.
    """
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"table needs a DataFrame, not {type(df).__name__}.")
    if columns is not None:
        missing = [c for c in columns if c not in df.columns]
        if missing:
            from .errors import MissingColumnError

            raise MissingColumnError(f"table: no column(s) {missing}; the table has {list(df.columns)}.")
        df = df[list(columns)]
    return Table(df, name)

"""Chart builders shared by the chapters (each returns a plotly Figure).

Static readers get plotly's own controls (dropdowns, buttons, range sliders),
which work in the built book with no kernel.
"""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go

from .errors import EmptySelectionError, MissingColumnError
from .style import PALETTE, add_source, author_year
from .validate import as_str_list, real_date, require_frame

TIMELINE_COLUMNS = ("date", "end_date", "event", "kind", "detail", "source", "confidence")
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_SYMBOLS = ("circle", "square", "diamond", "triangle-up", "star", "hexagon", "cross", "x")


def partial_date(value: str) -> pd.Timestamp:
    """Start of a partial ISO date: ``"1983"`` -> 1983-01-01, ``"2011-10"`` -> 2011-10-01."""
    parts = list(real_date(value, "partial_date")) + [1, 1]  # refuses "2020-02-31" and "2019-13"
    try:
        return pd.Timestamp(parts[0], parts[1], parts[2])
    except ValueError:
        raise ValueError(f"{value!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD.") from None



def _hover_wrap(text: str, width: int = 48) -> str:
    """Break a hover line with <br> so the label stays narrower than a phone screen."""
    import textwrap

    if not isinstance(text, str) or len(text) <= width:
        return text
    return "<br>".join(textwrap.wrap(text, width))

def timeline(events: pd.DataFrame, *, kinds: list[str] | None = None, title: str | None = None) -> go.Figure:
    """A timeline of dated events, one lane and one colour and symbol per kind.

    Parameters
    ----------
    events:
        A table with the columns of ``data/timeline.csv`` (``ml.load("timeline")``).
    kinds:
        Kinds to show (default: all, in order of first appearance).
    title:
        Chart title.

    The figure has a dropdown that filters by kind and buttons that zoom to a
    period; both work in a static page. Filled markers are verified facts,
    open markers facts seen only in a secondary report.
    """
    require_frame(events, ("date", "event", "kind", "source", "confidence"), "timeline", "ml.load('timeline')", allow_empty=True)
    all_kinds = list(dict.fromkeys(events["kind"]))
    kinds = as_str_list(kinds, all_kinds, "kinds")  # "report" is one kind, not six letters
    unknown = [k for k in kinds if k not in all_kinds]
    if unknown:
        raise EmptySelectionError(f"timeline: no events of kind {unknown}; the kinds present are {all_kinds}.")
    shown = events[events["kind"].isin(kinds)]
    if shown.empty:
        raise EmptySelectionError("timeline: the selection holds no events; choose at least one kind.")

    fig = go.Figure()
    for i, kind in enumerate(kinds):
        rows = shown[shown["kind"] == kind]
        start = rows["date"].map(partial_date)
        has_end = rows.get("end_date", pd.Series(index=rows.index, dtype=object)).notna()
        colour, symbol = PALETTE[i % len(PALETTE)], _SYMBOLS[i % len(_SYMBOLS)]
        secondary = rows["confidence"].eq("secondary")
        detail = rows["detail"].fillna("") if "detail" in rows else pd.Series("", index=rows.index)
        when = rows["date"] + rows.get("end_date", pd.Series(index=rows.index, dtype=object)).map(
            lambda e: f" to {e}" if isinstance(e, str) and e else ""
        )
        fig.add_trace(
            go.Scatter(
                x=start,
                y=[kind] * len(rows),
                mode="markers",
                name=kind,
                legendgroup=kind,
                marker=dict(
                    size=14,
                    color=colour,
                    symbol=[f"{symbol}-open" if s else symbol for s in secondary],
                    line=dict(width=2, color=colour),
                ),
                customdata=list(zip(when, rows["event"].map(_hover_wrap), detail.map(_hover_wrap), rows["source"].map(author_year), rows["confidence"])),
                hovertemplate=(
                    "<b>%{customdata[1]}</b><br>%{customdata[0]}<br>%{customdata[2]}"
                    "<br><i>source: %{customdata[3]} (%{customdata[4]})</i><extra></extra>"
                ),
            )
        )
        for _, row in rows[has_end].iterrows():  # spans such as the Cogwheel reports
            fig.add_trace(
                go.Scatter(
                    x=[partial_date(row["date"]), partial_date(row["end_date"])],
                    y=[kind, kind],
                    mode="lines",
                    line=dict(color=colour, width=6),
                    legendgroup=kind,
                    showlegend=False,
                    hoverinfo="skip",
                )
            )
    groups = [t.legendgroup for t in fig.data]
    buttons = [dict(label="All kinds", method="update", args=[{"visible": [True] * len(groups)}])]
    buttons += [
        dict(label=k, method="update", args=[{"visible": [g == k for g in groups]}]) for k in kinds
    ]
    first = min(shown["date"].map(partial_date)) - pd.DateOffset(years=2)
    last = max(shown["date"].map(partial_date)) + pd.DateOffset(years=2)
    periods = [("All years", first, last), ("To 1999", first, pd.Timestamp(2000, 1, 1)), ("2000 on", pd.Timestamp(1999, 1, 1), last)]
    fig.update_layout(
        title=title,
        height=460,
        showlegend=False,
        xaxis=dict(title="Year", type="date", range=[first, last]),
        yaxis=dict(title=None, categoryorder="array", categoryarray=list(reversed(kinds))),
        updatemenus=[
            dict(type="dropdown", buttons=buttons, x=0, xanchor="left", y=1.0, yanchor="bottom", showactive=True, pad=dict(b=6)),
            dict(
                type="buttons",
                direction="right",
                buttons=[dict(label=l, method="relayout", args=[{"xaxis.range": [a, b]}]) for l, a, b in periods],
                x=1,
                xanchor="right",
                y=1.0,
                yanchor="bottom",
                pad=dict(b=6),
            ),
        ],
        margin=dict(t=90),
    )
    return fig


def source_for(table: pd.DataFrame) -> str:
    """The citation keys a curated table draws on, joined for a chart caption."""
    if "source" not in table.columns:
        raise MissingColumnError("source_for: the table has no 'source' column.")
    keys = sorted(set(table["source"].dropna()))
    if not keys:
        raise EmptySelectionError("source_for: the table has no sources.")
    return ", ".join(keys)


__all__ = ["timeline", "partial_date", "source_for", "add_source"]

"""Helpers for the chapter on the regulation of NHS management (2019 onwards).

- :func:`recent_events` and :func:`recent_timeline`: the book's one timeline
  (``data/timeline.csv``) cut to the years since :data:`SINCE`, and drawn with
  zoom buttons that suit those years.
- :func:`event_date`: the year, month and day of the first event whose name
  contains a word, for glueing dates into prose.
- :func:`support_table`, :func:`agreement_gap` and :func:`support_chart`: who
  agreed that NHS managers should be regulated (``data/consultation_results.csv``).

Every function checks its input and says what is wrong and how to fix it.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go

from .charts import partial_date, timeline
from .errors import EmptySelectionError
from .style import PALETTE, author_year
from .validate import as_str_list, require_frame

#: First year of the period the chapter covers (the Kark review and the Long Term Plan).
SINCE = 2019

TIMELINE_COLUMNS = ("date", "event", "kind", "source", "confidence")
RESULTS_COLUMNS = ("survey", "year", "respondent_group", "responses", "agree_pct", "oppose_pct", "source", "confidence")
_TIMELINE_HINT = "ml.load('timeline')"
_RESULTS_HINT = "ml.load('consultation_results')"

#: Colours of the three parts of a bar in :func:`support_chart`.
_PART_COLOURS = {"agree": PALETTE[0], "oppose": PALETTE[1], "rest": "#d9d9d9"}


def _check_year(since: object) -> int:
    if isinstance(since, bool) or not isinstance(since, int):
        raise TypeError(f"since must be a year as a whole number, e.g. {SINCE}, not {since!r}.")
    if not 1900 <= since <= 2100:
        raise ValueError(f"since={since} is not a plausible year; pass e.g. {SINCE}.")
    return since


def recent_events(
    events: pd.DataFrame, since: int = SINCE, kinds: str | Iterable[str] | None = None
) -> pd.DataFrame:
    """The timeline's events dated ``since`` or later, oldest first.

    Parameters
    ----------
    events:
        The book's timeline, ``ml.load("timeline")``.
    since:
        First year kept (default :data:`SINCE`).
    kinds:
        A kind or a list of kinds to keep (default: all kinds present).

    Raises :class:`~mlhelpers.EmptySelectionError` if no event is left.
    """
    require_frame(events, TIMELINE_COLUMNS, "recent_events", _TIMELINE_HINT)
    since = _check_year(since)
    present = list(dict.fromkeys(events["kind"]))
    wanted = as_str_list(kinds, present, "kind")
    unknown = [k for k in wanted if k not in present]
    if unknown:
        raise EmptySelectionError(f"recent_events: no events of kind {unknown}; the kinds present are {present}.")
    years = events["date"].str[:4].astype(int)
    out = events[(years >= since) & events["kind"].isin(wanted)]
    if out.empty:
        raise EmptySelectionError(f"recent_events: no events of kind {wanted} from {since} on; choose an earlier year.")
    order = out["date"].map(partial_date).sort_values(kind="stable").index
    return out.loc[order].reset_index(drop=True)


def recent_timeline(events: pd.DataFrame, since: int = SINCE, *, title: str | None = None) -> go.Figure:
    """Draw :func:`recent_events` with :func:`mlhelpers.timeline`, with zoom buttons for these years.

    The book's timeline chart zooms to decades; here the buttons show all the
    years, the years before the abolition of NHS England was announced
    (to 2024) and the years from 2025.
    """
    recent = recent_events(events, since)
    fig = timeline(recent, title=title)
    first = partial_date(recent["date"].iloc[0]) - pd.DateOffset(months=6)
    last = max(partial_date(d) for d in recent["date"]) + pd.DateOffset(months=6)
    split = pd.Timestamp(2025, 1, 1)
    periods = [
        ("All", first, last),
        ("To 2024", first, split),
        ("2025 on", split - pd.DateOffset(months=2), last),
    ]
    buttons = [dict(label=label, method="relayout", args=[{"xaxis.range": [a, b]}]) for label, a, b in periods]
    menus = list(fig.layout.updatemenus)
    menus[0] = menus[0].update(pad=dict(b=46))  # the dropdown above the buttons, so they never overlap on a phone
    menus[1] = menus[1].update(buttons=buttons)
    fig.update_layout(updatemenus=menus, xaxis=dict(range=[first, last]), margin=dict(t=136), height=500)
    return fig


def event_date(events: pd.DataFrame, word: str) -> dict[str, object]:
    """Year, month name and day of the first event whose name contains ``word`` (any case).

    Returns ``{"year": 2023, "month": "August", "day": None}``; ``month`` and
    ``day`` are ``None`` when the timeline records only a year or a month.
    """
    require_frame(events, TIMELINE_COLUMNS, "event_date", _TIMELINE_HINT)
    if not isinstance(word, str) or not word.strip():
        raise TypeError(f"event_date needs a word of an event's name as text, not {word!r}.")
    hits = events[events["event"].str.contains(word, case=False, regex=False)]
    if hits.empty:
        raise EmptySelectionError(f"event_date: no timeline event mentions {word!r}.")
    date = hits["date"].iloc[0]
    stamp = partial_date(date)
    parts = date.split("-")
    return {
        "year": stamp.year,
        "month": stamp.strftime("%B") if len(parts) >= 2 else None,
        "day": stamp.day if len(parts) == 3 else None,
    }


def support_table(results: pd.DataFrame) -> pd.DataFrame:
    """One row per survey and group: responses, agree, oppose and the rest (all in %).

    ``rest_pct`` is what the source leaves over: neutral answers, other answers,
    and, where the source gives no share opposed, disagreement as well.
    """
    require_frame(results, RESULTS_COLUMNS, "support_table", _RESULTS_HINT)
    out = results[["survey", "year", "respondent_group", "responses", "agree_pct", "oppose_pct", "source",
                   "confidence"]].copy()
    out["rest_pct"] = 100 - out["agree_pct"] - out["oppose_pct"].fillna(0)
    if (out["rest_pct"] < 0).any():
        bad = out.loc[out["rest_pct"] < 0, "respondent_group"].tolist()
        raise ValueError(f"support_table: agree and oppose add up to more than 100% for {bad}; check the data.")
    return out.reset_index(drop=True)


def agreement_gap(results: pd.DataFrame, group: str, than: str = "all responses") -> float:
    """Percentage points by which ``group`` agreed less than ``than`` (negative if more).

    Both groups must be in the same survey, so that the question is the same.
    """
    require_frame(results, RESULTS_COLUMNS, "agreement_gap", _RESULTS_HINT)
    rows = {}
    for name in (group, than):
        if not isinstance(name, str):
            raise TypeError(f"agreement_gap: name respondent groups as text, not {name!r}.")
        hit = results[results["respondent_group"] == name]
        if hit.empty:
            known = sorted(results["respondent_group"].unique())
            raise EmptySelectionError(f"agreement_gap: no respondent group {name!r}; the groups are {known}.")
        rows[name] = hit.iloc[0]
    if rows[group]["survey"] != rows[than]["survey"]:
        raise ValueError(
            f"agreement_gap: {group!r} and {than!r} answered different surveys "
            f"({rows[group]['survey']!r}, {rows[than]['survey']!r}); compare groups of one survey."
        )
    return float(rows[than]["agree_pct"] - rows[group]["agree_pct"])


def _label(row: pd.Series) -> str:
    n = "count not given" if pd.isna(row["responses"]) else f"{int(row['responses']):,} responses"
    return f"<b>{row['respondent_group']}</b><br><span style='font-size:11px'>{row['survey']}, {int(row['year'])}: {n}</span>"


def support_chart(results: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Stacked horizontal bars: the share of each group that agreed, opposed, or neither/not reported.

    Each bar is labelled above it (group, survey, year and number of
    responses), so the bars use the full width on a phone. Groups known only
    from a secondary report get a hatched bar. Hover over a bar for the
    figures and the source (author and year).
    """
    table = support_table(results)
    rows = list(range(len(table)))
    hatch = ["/" if c == "secondary" else "" for c in table["confidence"]]
    parts = [
        ("agree", "agreed", table["agree_pct"]),
        ("oppose", "opposed", table["oppose_pct"].fillna(0)),
        ("rest", "neither, or not reported", table["rest_pct"]),
    ]
    fig = go.Figure()
    for key, name, values in parts:
        fig.add_trace(
            go.Bar(
                y=rows,
                x=values,
                width=0.5,
                orientation="h",
                name=name,
                marker=dict(color=_PART_COLOURS[key], pattern=dict(shape=hatch, fillmode="overlay", size=6)),
                text=[f"{v:.0f}%" if v >= 5 and key != "rest" else "" for v in values],
                textposition="inside",
                customdata=list(zip(table["respondent_group"], table["source"].map(author_year), table["confidence"])),
                hovertemplate=(
                    f"%{{customdata[0]}}<br>{name}: %{{x:.0f}}%"
                    "<br><i>source: %{customdata[1]} (%{customdata[2]})</i><extra></extra>"
                ),
            )
        )
    for i, (_, row) in enumerate(table.iterrows()):
        fig.add_annotation(
            text=_label(row), x=0, xref="paper", xanchor="left", y=i - 0.28, yref="y", yanchor="bottom",
            showarrow=False, align="left",
        )
    fig.update_layout(
        title=title,
        barmode="stack",
        height=200 + 115 * len(table),
        xaxis=dict(title="Share of the group (%)", range=[0, 100], ticksuffix="%"),
        yaxis=dict(title=None, showticklabels=False, showgrid=False, ticks="", range=[len(table) - 0.6, -1.0]),
        legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom", traceorder="normal"),
        margin=dict(t=110, l=16),
    )
    return fig

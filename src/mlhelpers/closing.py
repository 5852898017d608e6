"""Helpers for the closing chapters: general practice, voices, and what next.

- :func:`hlm_dimensions`, :func:`check_ratings`, :func:`radar` and
  :func:`self_assessment`: rate a leadership role against the Healthcare
  Leadership Model and draw the ratings as a radar chart (the widget runs on
  Binder or in Jupyter; the static book shows an example figure).
- :func:`evidence_map` and :func:`evidence_explorer`: the book's evidence map
  (design x outcome x direction, sample size as marker size), with plotly
  dropdowns that work in the static book and ipywidgets filters for Binder.
- :func:`voices_chart`: who speaks, about whom and on which theme.
- :func:`manager_items_by_year`: how staff of acute trusts rate their managers
  in the NHS Staff Survey, as national medians by year.
- :func:`events_markdown`: a dated list of the project's events.

Every function checks its input and says what is wrong and how to fix it.
"""

from __future__ import annotations

import difflib
import math
import numbers
import textwrap
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from .data import load
from .errors import EmptySelectionError, MlhelpersError
from .style import PALETTE, author_year
from .validate import as_str_list, real_date, require_frame

#: The Healthcare Leadership Model's four-point scale, lowest first (1-4).
HLM_SCALE: tuple[str, ...] = ("essential", "proficient", "strong", "exemplary")
HLM_FRAMEWORK = "Healthcare Leadership Model"

#: Direction of an association in the evidence map: colour and symbol.
DIRECTIONS: tuple[str, ...] = ("positive", "mixed", "none", "not assessed")
_DIRECTION_STYLE = {
    "positive": (PALETTE[0], "circle"),
    "mixed": (PALETTE[4], "diamond"),
    "none": (PALETTE[1], "square"),
    "not assessed": (PALETTE[6], "triangle-up"),
}
#: Marker diameter (px) for a study whose sample size is not reported.
UNREPORTED_SIZE = 11
_MIN_SIZE, _MAX_SIZE = 10, 46

EVIDENCE_COLUMNS = ("study", "year", "design", "sample_size", "sample_unit", "outcome", "direction", "finding", "source")


class RatingError(MlhelpersError, ValueError):
    """Ratings for a self-assessment are missing, misnamed or off the scale."""


# ---------------------------------------------------------------------------
# Healthcare Leadership Model self-assessment
# ---------------------------------------------------------------------------


def hlm_dimensions(frameworks: pd.DataFrame | None = None) -> list[str]:
    """The Healthcare Leadership Model's dimensions, in the model's order.

    Read from ``data/frameworks.csv`` (or the table passed in, which must have
    its columns ``framework``, ``domain`` and ``order``).
    """
    table = load("frameworks") if frameworks is None else frameworks
    require_frame(table, ("framework", "domain", "order"), "hlm_dimensions", "ml.load('frameworks')", allow_empty=True)
    rows = table[table["framework"].astype(str).str.startswith(HLM_FRAMEWORK)]
    if rows.empty:
        raise EmptySelectionError(f"hlm_dimensions: no rows whose framework starts with {HLM_FRAMEWORK!r}.")
    return [str(d) for d in rows.sort_values("order")["domain"]]


def _level(name: str, value: object, scale: tuple[str, ...]) -> float:
    """One rating as a number on the scale (1 = scale[0]); a clear error otherwise."""
    span = f"1 ({scale[0]}) to {len(scale)} ({scale[-1]})"
    if isinstance(value, str):
        word = value.strip().lower()
        if word in scale:
            return float(scale.index(word) + 1)
        raise RatingError(
            f"The rating {value!r} for {name!r} is not a level of the scale. "
            f"Use a number from {span}, or one of the words {list(scale)}."
        )
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or math.isnan(float(value)):
        raise RatingError(f"The rating for {name!r} is {value!r}; give a number from {span}.")
    if not 1 <= float(value) <= len(scale):
        raise RatingError(f"The rating {value!r} for {name!r} is outside the scale: use a number from {span}.")
    return float(value)


def check_ratings(
    ratings: Mapping[str, object],
    dimensions: list[str] | None = None,
    scale: tuple[str, ...] = HLM_SCALE,
) -> dict[str, float]:
    """Validate ratings of every dimension; return them in the model's order.

    ``ratings`` maps each dimension's name (case and surrounding spaces do not
    matter) to a number from 1 to ``len(scale)`` or to a word of the scale
    (``"strong"``). Unknown or missing dimensions, and ratings off the scale,
    raise :class:`RatingError` naming the problem and the fix.
    """
    dims = hlm_dimensions() if dimensions is None else list(dimensions)
    if not dims:
        raise RatingError("check_ratings: there are no dimensions to rate.")
    if not isinstance(ratings, Mapping):
        raise RatingError(
            f"Ratings must be a dict mapping each dimension to a rating, not {type(ratings).__name__}; "
            f"for example {{{dims[0]!r}: 3, ...}}."
        )
    canon = {d.strip().lower(): d for d in dims}
    found: dict[str, float] = {}
    unknown = []
    for key, value in ratings.items():
        name = canon.get(str(key).strip().lower())
        if name is None:
            unknown.append(str(key))
            continue
        if name in found:
            raise RatingError(f"{name!r} is rated twice (as {key!r} too); keep one rating per dimension.")
        found[name] = _level(name, value, scale)
    if unknown:
        hints = []
        for key in unknown:
            close = difflib.get_close_matches(key, dims, n=1, cutoff=0.5)
            hints.append(f"{key!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
        raise RatingError(f"Not a dimension of the model: {', '.join(hints)}. The dimensions are: {dims}.")
    missing = [d for d in dims if d not in found]
    if missing:
        raise RatingError(f"No rating for {missing}: rate every dimension, from 1 ({scale[0]}) to {len(scale)} ({scale[-1]}).")
    return {d: found[d] for d in dims}


def radar(
    ratings: Mapping[str, object],
    *,
    dimensions: list[str] | None = None,
    scale: tuple[str, ...] = HLM_SCALE,
    label: str = "ratings",
    title: str | None = None,
) -> go.Figure:
    """A radar (``Scatterpolar``) chart of one set of ratings on the model's dimensions.

    The ratings are checked with :func:`check_ratings`. The radial axis is
    labelled with the words of the scale, so the reading does not depend on
    colour. Add a source with :func:`mlhelpers.add_source` before showing it.
    """
    checked = check_ratings(ratings, dimensions, scale)
    names = list(checked)
    values = list(checked.values())
    levels = [scale[int(round(v)) - 1] for v in values]
    fig = go.Figure(
        go.Scatterpolar(
            r=values + values[:1],
            theta=names + names[:1],
            customdata=levels + levels[:1],
            mode="lines+markers",
            fill="toself",
            name=label,
            line=dict(color=PALETTE[0], width=3),
            marker=dict(size=9, color=PALETTE[0]),
            fillcolor="rgba(0, 114, 178, 0.18)",
            hovertemplate="<b>%{theta}</b><br>rating %{r} (%{customdata})<extra></extra>",
        )
    )
    fig.update_layout(
        title=title,
        height=560,
        showlegend=False,
        polar=dict(
            radialaxis=dict(
                range=[0, len(scale)],
                tickvals=list(range(1, len(scale) + 1)),
                ticktext=[f"{i} {w}" for i, w in enumerate(scale, start=1)],
                angle=90 - 180 / len(names),  # between the first two spokes
                tickangle=90 - 180 / len(names),
                gridcolor="#c8c8c8",
                tickfont=dict(size=11),
            ),
            angularaxis=dict(direction="clockwise", rotation=90, gridcolor="#c8c8c8", tickfont=dict(size=12)),
        ),
        margin=dict(l=110, r=110, t=80, b=140),
    )
    return fig


def self_assessment(dimensions: list[str] | None = None, initial: Mapping[str, object] | None = None):
    """Sliders for each dimension and a live radar chart (for Binder or Jupyter).

    Every slider move or role change redraws the chart through an
    ``observe`` callback on a ``go.FigureWidget`` (no Output widget). The
    book's executor does not store widget state, so the FigureWidget's copy
    of plotly.js never reaches the notebook or the page. Returns an
    ``ipywidgets.VBox`` with the attributes ``sliders``, ``role`` and ``figure``.
    """
    import ipywidgets as widgets

    dims = hlm_dimensions() if dimensions is None else list(dimensions)
    start = check_ratings(initial, dims) if initial is not None else {d: 2.0 for d in dims}
    role = widgets.Text(value="", placeholder="e.g. clinical director", description="Role")
    sliders = {
        d: widgets.SelectionSlider(
            options=[(f"{i} {w}", i) for i, w in enumerate(HLM_SCALE, start=1)],
            value=int(round(start[d])),
            description=d,
            continuous_update=False,
            style={"description_width": "190px"},
            layout=widgets.Layout(width="480px"),
        )
        for d in dims
    }

    def current() -> dict[str, float]:
        return {d: float(s.value) for d, s in sliders.items()}

    def title() -> str:
        who = role.value.strip()
        return f"Your ratings for: {who} (not data)" if who else "Your ratings (not data)"

    fig = go.FigureWidget(radar(current(), dimensions=dims, label="your ratings", title=title()))
    box = widgets.VBox([role, *sliders.values(), fig])
    box.sliders, box.role, box.figure = sliders, role, fig

    def redraw(_: object = None) -> None:
        values = list(current().values())
        levels = [HLM_SCALE[int(v) - 1] for v in values]
        with fig.batch_update():
            fig.data[0].r = values + values[:1]
            fig.data[0].customdata = levels + levels[:1]
            fig.layout.title.text = title()

    for s in sliders.values():
        s.observe(redraw, names="value")
    role.observe(redraw, names="value")
    return box


# ---------------------------------------------------------------------------
# Evidence map
# ---------------------------------------------------------------------------


def _wrap(text: str, width: int = 30) -> str:
    return "<br>".join(textwrap.wrap(str(text), width)) or str(text)


def _check_evidence(evidence: pd.DataFrame) -> pd.DataFrame:
    require_frame(evidence, EVIDENCE_COLUMNS, "evidence map", "ml.load('evidence_map')", allow_empty=True)
    odd = sorted(set(evidence["direction"]) - set(DIRECTIONS))
    if odd:
        raise EmptySelectionError(f"evidence map: unknown direction(s) {odd}; allowed: {list(DIRECTIONS)}.")
    if evidence.empty:
        raise EmptySelectionError("evidence map: the table has no studies; loosen the filter.")
    return evidence


def marker_sizes(sample_size: pd.Series, max_n: float | None = None) -> list[float]:
    """Marker diameters in pixels: area grows with the sample size.

    Missing sizes get the fixed :data:`UNREPORTED_SIZE` (drawn as an open
    marker by :func:`evidence_map`), never a guessed one.
    """
    n = pd.to_numeric(sample_size, errors="coerce").astype(float)
    top = float(max_n if max_n is not None else (n.max() if n.notna().any() else 1.0))
    out = []
    for v in n:
        if math.isnan(v):
            out.append(float(UNREPORTED_SIZE))
        else:
            out.append(round(_MIN_SIZE + (_MAX_SIZE - _MIN_SIZE) * math.sqrt(max(v, 0) / top), 2))
    return out


def filter_evidence(
    evidence: pd.DataFrame, *, directions: list[str] | None = None, designs: list[str] | None = None
) -> pd.DataFrame:
    """Keep the studies with one of ``directions`` and one of ``designs`` (None: all)."""
    _check_evidence(evidence)
    keep = pd.Series(True, index=evidence.index)
    for column, chosen in (("direction", directions), ("design", designs)):
        if chosen is None:
            continue
        chosen = as_str_list(chosen, [], f"{column}s")
        unknown = sorted(set(chosen) - set(evidence[column]))
        if unknown:
            raise EmptySelectionError(
                f"filter_evidence: no study has {column} {unknown}; the values present are {sorted(set(evidence[column]))}."
            )
        keep &= evidence[column].isin(chosen)
    return evidence[keep]


def _trace_arrays(rows: pd.DataFrame, direction: str, max_n: float, y_of: dict[str, str]) -> dict:
    """x, y, sizes, symbols and hover data for one direction's studies."""
    symbol = _DIRECTION_STYLE[direction][1]
    reported = rows["sample_size"].notna()
    sizes = marker_sizes(rows["sample_size"], max_n)
    n_text = [
        f"{int(n):,} {u}" if pd.notna(n) else f"size not reported ({u})" if isinstance(u, str) and u else "size not reported"
        for n, u in zip(rows["sample_size"], rows["sample_unit"])
    ]
    return dict(
        x=list(rows["design"]),
        y=[y_of[o] for o in rows["outcome"]],
        size=sizes,
        symbol=[symbol if r else f"{symbol}-open" for r in reported],
        customdata=[
            [s, int(y), _wrap(n, 60), _wrap(f, 60), author_year(src)]
            for s, y, n, f, src in zip(rows["study"], rows["year"], n_text, rows["finding"], rows["source"])
        ],
    )


def evidence_map(evidence: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """The evidence map: design (x) by outcome (y), direction as colour and symbol, sample size as area.

    Studies without a reported sample size are drawn as small **open**
    markers of one fixed size and say so on hover. Two dropdowns filter the
    studies by direction and by design; both work in a static page.
    """
    ev = _check_evidence(evidence).copy()
    ev["sample_size"] = pd.to_numeric(ev["sample_size"], errors="coerce")
    max_n = float(ev["sample_size"].max()) if ev["sample_size"].notna().any() else 1.0
    y_of = {o: _wrap(o, 36) for o in ev["outcome"]}
    designs = sorted(ev["design"].unique())
    directions = [d for d in DIRECTIONS if d in set(ev["direction"])]
    # Outcomes ordered by design then year, so the map reads top to bottom.
    order = ev.sort_values(["design", "year"])["outcome"].map(y_of)
    y_order = list(dict.fromkeys(order))

    fig = go.Figure()
    for d in directions:
        arrays = _trace_arrays(ev[ev["direction"] == d], d, max_n, y_of)
        colour = _DIRECTION_STYLE[d][0]
        fig.add_trace(
            go.Scatter(
                x=arrays["x"],
                y=arrays["y"],
                mode="markers",
                name=d,
                legendgroup=d,
                showlegend=False,
                marker=dict(size=arrays["size"], symbol=arrays["symbol"], color=colour, opacity=0.85,
                            line=dict(width=2, color=colour)),
                customdata=arrays["customdata"],
                hovertemplate=(
                    "<b>%{customdata[0]}</b> (%{customdata[1]})<br>design: %{x}<br>sample: %{customdata[2]}"
                    "<br>%{customdata[3]}<br><i>source: %{customdata[4]}</i><extra>" + d + "</extra>"
                ),
            )
        )
    data_traces = list(range(len(directions)))
    # Legend entries drawn apart from the data, so each shows its filled symbol
    # whatever the first study of the group looks like.
    for d in directions:
        colour, symbol = _DIRECTION_STYLE[d]
        fig.add_trace(
            go.Scatter(
                x=[None], y=[None], mode="markers", name=d, legendgroup=d,
                marker=dict(size=13, symbol=symbol, color=colour, line=dict(width=2, color=colour)), hoverinfo="skip",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=[None], y=[None], mode="markers", name="size not reported",
            marker=dict(size=UNREPORTED_SIZE, symbol="circle-open", color="#4d4d4d", line=dict(width=2)),
            hoverinfo="skip",
        )
    )
    groups = [t.legendgroup for t in fig.data]
    direction_buttons = [dict(label="All directions", method="restyle", args=[{"visible": [True] * len(groups)}])]
    for d in directions:
        direction_buttons.append(
            dict(label=d, method="restyle", args=[{"visible": [g == d or g is None for g in groups]}])
        )

    def design_args(chosen: list[str]) -> list[dict]:
        cols: dict[str, list] = {"x": [], "y": [], "marker.size": [], "marker.symbol": [], "customdata": []}
        for d in directions:
            rows = ev[(ev["direction"] == d) & ev["design"].isin(chosen)]
            a = _trace_arrays(rows, d, max_n, y_of)
            cols["x"].append(a["x"])
            cols["y"].append(a["y"])
            cols["marker.size"].append(a["size"])
            cols["marker.symbol"].append(a["symbol"])
            cols["customdata"].append(a["customdata"])
        return [cols, data_traces]

    design_buttons = [dict(label="All designs", method="restyle", args=design_args(designs))]
    design_buttons += [dict(label=d, method="restyle", args=design_args([d])) for d in designs]

    fig.update_layout(
        title=title,
        height=54 * len(y_order) + 110 + 330,
        xaxis=dict(title="Study design", categoryorder="array", categoryarray=designs, tickangle=-30),
        yaxis=dict(title=None, categoryorder="array", categoryarray=list(reversed(y_order)), tickfont=dict(size=12)),
        legend=dict(title=dict(text="Direction of association", side="top"), orientation="h",
                    x=0, xanchor="left", y=-150 / (54 * len(y_order)), yanchor="top", entrywidth=150,
                    entrywidthmode="pixels"),
        updatemenus=[
            dict(type="dropdown", buttons=direction_buttons, x=0, xanchor="left", y=1.0, yanchor="bottom", pad=dict(b=6), showactive=True),
            dict(type="dropdown", buttons=design_buttons, x=0.34, xanchor="left", y=1.0, yanchor="bottom", pad=dict(b=6), showactive=True),
        ],
        margin=dict(t=110, l=40, r=16, b=330),
        hoverlabel=dict(align="left"),
    )
    return fig


def evidence_explorer(evidence: pd.DataFrame):
    """ipywidgets filters (direction, design, text search) over a live evidence map (Binder or Jupyter).

    The checkboxes, the design list and the search box ``observe`` their
    values and restyle a ``go.FigureWidget``; a line above counts the studies
    that match. Returns an ``ipywidgets.VBox`` with the attributes
    ``directions``, ``designs``, ``search``, ``count`` and ``figure``.
    """
    import ipywidgets as widgets

    ev = _check_evidence(evidence).copy()
    ev["sample_size"] = pd.to_numeric(ev["sample_size"], errors="coerce")
    max_n = float(ev["sample_size"].max()) if ev["sample_size"].notna().any() else 1.0
    y_of = {o: _wrap(o, 36) for o in ev["outcome"]}
    directions = [d for d in DIRECTIONS if d in set(ev["direction"])]
    dir_boxes = {d: widgets.Checkbox(value=True, description=d, indent=False) for d in directions}
    design_pick = widgets.SelectMultiple(
        options=sorted(ev["design"].unique()), value=tuple(sorted(ev["design"].unique())), description="Designs", rows=8
    )
    search = widgets.Text(placeholder="word in study, outcome or finding", description="Search")
    count = widgets.HTML()
    fig = go.FigureWidget(evidence_map(ev, title="Evidence map (live filters)"))
    fig.layout.updatemenus = []  # the widgets above take over
    controls = [widgets.HBox(list(dir_boxes.values())), widgets.HBox([design_pick, search]), count]
    ui = widgets.VBox([*controls, fig])
    ui.directions, ui.designs, ui.search, ui.count, ui.figure = dir_boxes, design_pick, search, count, fig

    def chosen() -> pd.DataFrame:
        rows = ev[ev["design"].isin(design_pick.value) & ev["direction"].isin([d for d, b in dir_boxes.items() if b.value])]
        word = search.value.strip().lower()
        if word:
            text = (rows["study"] + " " + rows["outcome"] + " " + rows["finding"]).str.lower()
            rows = rows[text.str.contains(word, regex=False)]
        return rows

    def refresh(_: object = None) -> None:
        rows = chosen()
        count.value = f"<p><strong>{len(rows)}</strong> of {len(ev)} studies match</p>"
        with fig.batch_update():
            for trace in fig.data:
                if trace.name not in dir_boxes or trace.showlegend is not False:
                    continue  # legend-only entries carry no studies
                a = _trace_arrays(rows[rows["direction"] == trace.name], trace.name, max_n, y_of)
                trace.x, trace.y, trace.customdata = a["x"], a["y"], a["customdata"]
                trace.marker.size, trace.marker.symbol = a["size"], a["symbol"]

    for box in dir_boxes.values():
        box.observe(refresh, names="value")
    design_pick.observe(refresh, names="value")
    search.observe(refresh, names="value")
    refresh()
    return ui


# ---------------------------------------------------------------------------
# Voices and staff views
# ---------------------------------------------------------------------------

VOICE_GROUPS_ABOUT = ("managers", "doctors", "nurses", "patients", "carers", "the NHS as a system")
_SYMBOLS = ("circle", "square", "diamond", "triangle-up", "star", "hexagon", "cross", "x")


def voices_chart(voices: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Who speaks (rows) about whom (columns), one colour and symbol per theme.

    A dropdown shows one theme at a time; it works in a static page.
    """
    require_frame(voices, ["speaker", "speaker_group", "about", "theme", "position"], "voices_chart", "ml.load('voices')")
    themes = list(dict.fromkeys(voices["theme"]))
    speakers = list(dict.fromkeys(voices["speaker"]))
    about = [a for a in VOICE_GROUPS_ABOUT if a in set(voices["about"])] + sorted(set(voices["about"]) - set(VOICE_GROUPS_ABOUT))
    x_of = {a: i for i, a in enumerate(about)}
    # Spread themes that share a cell a little, so no marker hides another.
    offset = {t: (i - (len(themes) - 1) / 2) * 0.09 for i, t in enumerate(themes)}
    fig = go.Figure()
    for i, theme in enumerate(themes):
        rows = voices[voices["theme"] == theme]
        fig.add_trace(
            go.Scatter(
                x=[x_of[a] + offset[theme] for a in rows["about"]],
                y=[_wrap(s, 34) for s in rows["speaker"]],
                mode="markers",
                name=_wrap(theme, 24),
                marker=dict(size=15, color=PALETTE[i % 7], symbol=_SYMBOLS[i % len(_SYMBOLS)], line=dict(width=1, color="white")),
                customdata=list(zip(rows["speaker_group"], rows["about"], [_wrap(p, 60) for p in rows["position"]])),
                hovertemplate="<b>%{y}</b> (%{customdata[0]})<br>about %{customdata[1]}: %{customdata[2]}<extra>" + theme + "</extra>",
            )
        )
    buttons = [dict(label="All themes", method="restyle", args=[{"visible": [True] * len(themes)}])]
    buttons += [dict(label=t, method="restyle", args=[{"visible": [u == t for u in themes]}]) for t in themes]
    plot_px, top, bottom = 360, 100, 300
    fig.update_layout(
        title=title,
        height=plot_px + top + bottom,
        xaxis=dict(title="Who the statement is about", tickvals=list(range(len(about))),
                   ticktext=[_wrap(a, 10) for a in about], range=[-0.6, len(about) - 0.4], showgrid=True,
                   tickfont=dict(size=12)),
        yaxis=dict(title=None, categoryorder="array", categoryarray=list(reversed([_wrap(s, 34) for s in speakers])),
                   tickfont=dict(size=11)),
        legend=dict(title=dict(text="Theme", side="top"), orientation="h", x=0, xanchor="left", y=-90 / plot_px,
                    yanchor="top", font=dict(size=12), entrywidth=0.5, entrywidthmode="fraction"),
        updatemenus=[dict(type="dropdown", buttons=buttons, x=0, xanchor="left", y=1.0, yanchor="bottom", pad=dict(b=6))],
        margin=dict(t=top, b=bottom, r=16),
    )
    return fig


def manager_items_by_year(survey: pd.DataFrame, providers: pd.DataFrame, *, org_type: str = "acute") -> pd.DataFrame:
    """Median share of staff agreeing with each manager item, by year, across one type of trust.

    ``survey`` is ``ml.staff_survey_managers()`` and ``providers`` is
    ``ml.providers()``. Restricting to one type (acute trusts by default)
    keeps the years comparable: some survey years cover acute trusts only.
    Returns columns ``year, question, group, wording, median_positive, trusts``.
    """
    for name, table, cols in (
        ("survey", survey, ["org_code", "year", "question", "group", "wording", "pct_positive"]),
        ("providers", providers, ["org_code", "type"]),
    ):
        require_frame(table, cols, f"manager_items_by_year ({name})",
                      "ml.staff_survey_managers() and ml.providers()", allow_empty=True)
    types = sorted(set(providers["type"].dropna()))
    if org_type not in types:
        raise EmptySelectionError(f"manager_items_by_year: no organisations of type {org_type!r}; the types are {types}.")
    codes = set(providers.loc[providers["type"] == org_type, "org_code"])
    rows = survey[survey["org_code"].isin(codes)].dropna(subset=["pct_positive"])
    if rows.empty:
        raise EmptySelectionError(f"manager_items_by_year: no survey rows for {org_type} organisations.")
    out = (
        rows.groupby(["year", "question", "group", "wording"], as_index=False)
        .agg(median_positive=("pct_positive", "median"), trusts=("org_code", "nunique"))
        .sort_values(["question", "year"], ignore_index=True)
    )
    out["median_positive"] = out["median_positive"].round(1)
    return out


def manager_items_chart(medians: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Lines of the median share agreeing with each manager item by year; a dropdown picks the group of items."""
    require_frame(medians, ["year", "question", "group", "wording", "median_positive", "trusts"],
                  "manager_items_chart", "manager_items_by_year(...)")
    groups = list(dict.fromkeys(medians.sort_values("question")["group"]))
    fig = go.Figure()
    counters: dict[str, int] = {}
    for question, rows in medians.groupby("question", sort=True):
        group = rows["group"].iloc[0]
        k = counters.get(group, 0)
        counters[group] = k + 1
        wording = rows["wording"].iloc[0]
        fig.add_trace(
            go.Scatter(
                x=rows["year"],
                y=rows["median_positive"],
                mode="lines+markers",
                name=f"{question}: {wording}",
                legendgroup=group,
                visible=True if group == groups[-1] else False,
                line=dict(color=PALETTE[k % 7], width=2.5),
                marker=dict(symbol=_SYMBOLS[k % len(_SYMBOLS)], size=9),
                customdata=list(zip(rows["trusts"])),
                hovertemplate=f"<b>{question}</b> {_wrap(wording, 48)}<br>%{{x}}: median %{{y}}% agree<br>%{{customdata[0]}} trusts<extra></extra>",
            )
        )
    trace_groups = [t.legendgroup for t in fig.data]
    buttons = [
        dict(label=g, method="update", args=[{"visible": [tg == g for tg in trace_groups]}])
        for g in reversed(groups)
    ]
    plot_px, top, bottom = 320, 130, 270
    fig.update_layout(
        title=title,
        height=plot_px + top + bottom,
        xaxis=dict(title="Survey year", dtick=1),
        yaxis=dict(title="Median share agreeing (%)", range=[0, 100]),
        legend=dict(orientation="v", x=0, xanchor="left", y=-70 / plot_px, yanchor="top", font=dict(size=11)),
        updatemenus=[dict(type="dropdown", buttons=buttons, x=0, xanchor="left", y=1.0, yanchor="bottom", pad=dict(b=6), active=0)],
        margin=dict(t=top, b=bottom, r=16),
    )
    return fig


# ---------------------------------------------------------------------------
# Events
# ---------------------------------------------------------------------------

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


def readable_date(value: str) -> str:
    """``"2018-04-19"`` -> ``"19 April 2018"``; ``"2019"`` -> ``"2019 (date to be set)"``."""
    nums = real_date(value, "readable_date")  # refuses "2020-02-31" and "2019-13"
    if len(nums) == 3 and 1 <= nums[1] <= 12:
        return f"{nums[2]} {_MONTHS[nums[1] - 1]} {nums[0]}"
    if len(nums) == 2 and 1 <= nums[1] <= 12:
        return f"{_MONTHS[nums[1] - 1]} {nums[0]}"
    if len(nums) == 1:
        return f"{nums[0]} (date to be set)"
    raise ValueError(f"{value!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD.")


def events_markdown(events: pd.DataFrame) -> str:
    """The project's events as a Markdown list, dated, in date order, built from ``ml.load('events')``."""
    require_frame(events, ["date", "title", "host", "place", "format"], "events_markdown", "ml.load('events')")
    lines = []
    for row in events.sort_values("date", kind="stable").itertuples():
        where = ", ".join(str(v) for v in (row.host, row.place) if isinstance(v, str) and v.strip())
        lines.append(f"- **{readable_date(row.date)}**: *{row.title}* ({row.format}{'; ' + where if where else ''})")
    return "\n".join(lines)


def dated_events(events: pd.DataFrame) -> pd.DataFrame:
    """The events that have a full date (``YYYY-MM-DD``).

    An event known only by its year (``"2019"``) was planned with its date
    still to be set; nothing shows that it was held, so it is not counted
    among the events held.
    """
    require_frame(events, ["date"], "dated_events", "ml.load('events')", allow_empty=True)
    return events[events["date"].astype(str).str.fullmatch(r"\d{4}-\d{2}-\d{2}")]


__all__ = [
    "HLM_SCALE",
    "RatingError",
    "hlm_dimensions",
    "check_ratings",
    "radar",
    "self_assessment",
    "marker_sizes",
    "filter_evidence",
    "evidence_map",
    "evidence_explorer",
    "voices_chart",
    "manager_items_by_year",
    "manager_items_chart",
    "readable_date",
    "events_markdown",
    "dated_events",
]

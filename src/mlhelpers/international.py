"""International comparisons: reshape the Gapminder health-system series and chart them.

Chapter 5 uses these helpers on the long table that
:func:`mlhelpers.country_indicators` returns (columns ``geo``, ``iso3``,
``country``, ``year``, ``indicator``, ``value``):

- :func:`resolve_indicators` turns short names such as ``"doctors"`` into
  indicator keys, with suggestions for a misspelt name;
- :func:`panel` selects indicators, countries and years, refusing an empty
  or unknown selection with a message that says what to pass instead;
- :func:`coverage_table` and :func:`flag_breaks` say plainly where a series
  stops, has gaps or jumps (a likely break in the series);
- :func:`indicator_explorer` and :func:`small_multiples` build plotly figures
  whose controls (a dropdown and a year slider) work in the static book;
- :func:`country_picker` is the live ipywidgets version for Binder.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .errors import EmptySelectionError, MissingColumnError
from .style import PALETTE, add_source, author_year
from .validate import as_str_list, require_frame, year_range

#: Indicator key -> short label used in menus, titles and tables.
LABELS: dict[str, str] = {
    "medical_doctors_per_1000_people": "Doctors per 1,000 people",
    "total_health_spending_percent_of_gdp": "Health spending, % of GDP",
    "government_share_of_total_health_spending_percent": "Government share of health spending, %",
    "life_expectancy_at_birth_data_from_ihme": "Life expectancy at birth, years",
    "infant_mortality_rate_per_1000_births": "Infant deaths per 1,000 live births",
    "total_health_spending_per_person_us": "Health spending per person, US$",
}

#: Short aliases a reader may type instead of the long keys.
ALIASES: dict[str, str] = {
    "doctors": "medical_doctors_per_1000_people",
    "spending": "total_health_spending_percent_of_gdp",
    "government_share": "government_share_of_total_health_spending_percent",
    "life_expectancy": "life_expectancy_at_birth_data_from_ihme",
    "infant_mortality": "infant_mortality_rate_per_1000_births",
    "spending_per_person": "total_health_spending_per_person_us",
}

#: The five indicators of chapter 5, in the order its menus show them.
DEFAULT_INDICATORS: tuple[str, ...] = tuple(ALIASES[a] for a in (
    "doctors", "spending", "government_share", "life_expectancy", "infant_mortality",
))

#: Who publishes each series (as Gapminder's concept file credits it).
PUBLISHERS: dict[str, str] = {
    "medical_doctors_per_1000_people": "World Bank WDI",
    "total_health_spending_percent_of_gdp": "WHO",
    "government_share_of_total_health_spending_percent": "WHO",
    "total_health_spending_per_person_us": "WHO",
    "life_expectancy_at_birth_data_from_ihme": "IHME",
    "infant_mortality_rate_per_1000_births": "IHME",
}

COLUMNS = ("country", "year", "indicator", "value")
HIGHLIGHT = "UK"
OTHER_COLOUR = "#6b6b6b"  # grey with 5.3:1 contrast on white


# -- selecting ---------------------------------------------------------------------
def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word.lower(), [c.lower() for c in choices], n=3, cutoff=0.5)
    return f" Did you mean {', '.join(map(repr, close))}?" if close else ""


def resolve_indicators(indicators: str | Iterable[str] | None = None) -> list[str]:
    """Indicator keys for ``indicators``: keys, short aliases or labels, any case.

    ``None`` gives :data:`DEFAULT_INDICATORS`. An unknown name raises
    :class:`~mlhelpers.EmptySelectionError` naming the valid choices and the
    closest matches; an empty list raises it too.
    """
    items = as_str_list(indicators, DEFAULT_INDICATORS, "indicator")
    lookup = {k.lower(): k for k in LABELS} | {a: k for a, k in ALIASES.items()} | {v.lower(): k for k, v in LABELS.items()}
    out, unknown = [], []
    for item in items:
        key = lookup.get(item.strip().lower())
        (out if key else unknown).append(key or item)
    if unknown:
        hints = "".join(_suggest(u, list(ALIASES) + list(LABELS)) for u in unknown)
        raise EmptySelectionError(
            f"Unknown indicator {', '.join(map(repr, unknown))}.{hints} "
            f"Valid short names: {list(ALIASES)} (or the full keys {list(LABELS)})."
        )
    return list(dict.fromkeys(out))


def panel(
    data: pd.DataFrame,
    indicators: str | Iterable[str] | None = None,
    countries: Iterable[str] | None = None,
    years: tuple[int, int] = (2000, 2022),
) -> pd.DataFrame:
    """The rows of ``data`` for some indicators, countries and an inclusive year range.

    ``countries`` are names as the ``country`` column writes them (e.g.
    ``"UK"``, ``"USA"``, ``"Denmark"``); ``None`` keeps all. Raises
    :class:`~mlhelpers.EmptySelectionError` for an unknown name (with
    suggestions), an empty list, a reversed year range, or a selection with no rows.
    """
    require_frame(data, COLUMNS, "The country table", "the result of ml.country_indicators()")
    keys = resolve_indicators(indicators)
    absent = [k for k in keys if k not in set(data["indicator"])]
    if absent:
        raise EmptySelectionError(
            f"The table holds no rows for {absent}; load them with ml.country_indicators(indicators={absent})."
        )
    present = list(dict.fromkeys(data["country"]))
    if countries is not None:
        # "UK" is one country; an int gets a named error; an empty list the message below
        wanted = [] if isinstance(countries, (list, tuple)) and not countries else as_str_list(countries, present, "countries")
        if not wanted:
            raise EmptySelectionError(f"No country selected: pass at least one of {present}.")
        unknown = [c for c in wanted if c not in present]
        if unknown:
            hints = "".join(_suggest(u, present) for u in unknown)
            raise EmptySelectionError(
                f"Unknown country {', '.join(map(repr, unknown))}.{hints} The table has {present}."
            )
    else:
        wanted = present
    lo, hi = year_range(years, "years")
    out = data[data["indicator"].isin(keys) & data["country"].isin(wanted) & data["year"].between(lo, hi)]
    out = out.dropna(subset=["value"])
    if out.empty:
        raise EmptySelectionError(f"No data for {keys} in {wanted} between {lo} and {hi}.")
    return out.reset_index(drop=True)


def wide(data: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """One indicator as a year x country table (missing years stay empty)."""
    (key,) = resolve_indicators([indicator])
    rows = panel(data, [key], years=(int(data["year"].min()), int(data["year"].max())))
    return rows.pivot(index="year", columns="country", values="value").sort_index()


# -- coverage and breaks -----------------------------------------------------------
def coverage_table(data: pd.DataFrame, years: tuple[int, int] = (2000, 2022)) -> pd.DataFrame:
    """Per indicator: first and last year with data, and countries with gaps.

    Columns: ``indicator`` (label), ``publisher``, ``first_year``,
    ``last_year``, ``points`` (country-years with a value), ``possible``
    (countries x years in the range) and ``incomplete`` (countries missing
    at least one year of the range, with how many).
    """
    years = year_range(years, "years")
    rows = panel(data, sorted(set(data["indicator"]) & set(LABELS)), years=years)
    span = list(range(years[0], years[1] + 1))
    countries = sorted(set(data["country"]))
    out = []
    for key in [k for k in LABELS if k in set(rows["indicator"])]:
        r = rows[rows["indicator"] == key]
        have = r.groupby("country")["year"].nunique().reindex(countries, fill_value=0)
        gaps = have[have < len(span)]
        if len(gaps) == len(countries) and gaps.nunique() == 1:
            incomplete = f"all {len(countries)} countries ({len(span) - int(gaps.iloc[0])} years missing each)"
        else:
            incomplete = "; ".join(f"{c} ({len(span) - n} missing)" for c, n in gaps.items()) or "none"
        out.append({
            "indicator": LABELS[key],
            "publisher": PUBLISHERS[key],
            "first_year": int(r["year"].min()),
            "last_year": int(r["year"].max()),
            "points": len(r),
            "possible": len(span) * len(countries),
            "incomplete": incomplete,
        })
    return pd.DataFrame(out)


def flag_breaks(data: pd.DataFrame, threshold: float = 0.15, years: tuple[int, int] = (2000, 2022)) -> pd.DataFrame:
    """Year-on-year jumps larger than ``threshold`` (a share: 0.15 = 15%).

    A jump that size in a national series more often marks a change of
    definition or source than a real change. Compares each value with the
    previous *observed* one, so a gap is bridged (and reported in ``gap``).
    Columns: ``indicator``, ``country``, ``year_from``, ``year_to``,
    ``value_from``, ``value_to``, ``change_pct``, ``gap`` (years between).
    """
    if not isinstance(threshold, (int, float)) or isinstance(threshold, bool) or not 0 < threshold < 10:
        raise ValueError(f"threshold must be a share between 0 and 10 (0.15 means 15%), not {threshold!r}.")
    rows = panel(data, sorted(set(data["indicator"]) & set(LABELS)), years=years)
    rows = rows.sort_values(["indicator", "country", "year"])
    prev = rows.groupby(["indicator", "country"])[["year", "value"]].shift()
    change = rows["value"] / prev["value"] - 1
    jump = change.abs() > threshold
    out = pd.DataFrame({
        "indicator": rows["indicator"], "country": rows["country"],
        "year_from": prev["year"], "year_to": rows["year"],
        "value_from": prev["value"], "value_to": rows["value"],
        "change_pct": (change * 100).round(1), "gap": rows["year"] - prev["year"],
    })[jump]
    out = out.astype({"year_from": "int64", "gap": "int64"})
    return out.reset_index(drop=True)


# -- the curated features table ------------------------------------------------------
FEATURE_ORDER: tuple[str, ...] = ("employment", "leadership roles", "training", "professional response")


class FeaturesTable:
    """``data/system_features.csv`` as a compact HTML table, one block of rows per system.

    Deterministic (no random ids), so strict nbval can compare it; the
    description column takes most of the width so it wraps readably.
    """

    def __init__(self, features: pd.DataFrame) -> None:
        needed = {"system", "kind", "feature", "description", "source"}
        if not isinstance(features, pd.DataFrame) or not needed <= set(features.columns):
            raise MissingColumnError(f"features_table needs ml.load('system_features') with columns {sorted(needed)}.")
        if features.empty:
            raise EmptySelectionError("features_table: the table has no rows.")
        rank = {f: i for i, f in enumerate(FEATURE_ORDER)}
        self.data = features.assign(_r=features["feature"].map(rank)).sort_values(
            ["kind", "system", "_r"], kind="stable").drop(columns="_r")

    def _repr_html_(self) -> str:
        import html

        rows = []
        cell = ' style="text-align:left;vertical-align:top;padding:4px 8px 4px 0"'
        for system, block in self.data.groupby(["kind", "system"], sort=False):
            for i, r in enumerate(block.itertuples()):
                head = (f'<th scope="rowgroup" rowspan="{len(block)}" style="vertical-align:top;text-align:left">'
                        f"{html.escape(system[1])}</th>") if i == 0 else ""
                rows.append(f"<tr>{head}<td{cell}>{html.escape(r.feature)}</td><td{cell}>{html.escape(r.description)}</td>"
                            f'<td{cell}><span style="font-size:0.85em;overflow-wrap:anywhere">{html.escape(author_year(r.source))}</span>'
                            "</td></tr>")
        return ('<table class="mlbook-features" style="table-layout:fixed;width:100%;font-size:0.9em">'
                '<colgroup><col style="width:16%"><col style="width:14%"><col style="width:48%">'
                '<col style="width:22%"></colgroup>'
                '<thead><tr><th style="text-align:left">System</th><th style="text-align:left">Feature</th>'
                '<th style="text-align:left">Description</th><th style="text-align:left">Source</th></tr></thead>'
                f"<tbody>{''.join(rows)}</tbody></table>")

    def __repr__(self) -> str:
        return self.data[["system", "feature", "description", "source"]].to_string(index=False)


def features_table(features: pd.DataFrame) -> FeaturesTable:
    """Show ``ml.load('system_features')`` grouped by system (see :class:`FeaturesTable`)."""
    return FeaturesTable(features)


# -- figures -----------------------------------------------------------------------
def _ordered_countries(rows: pd.DataFrame) -> list[str]:
    names = sorted(set(rows["country"]))
    return ([HIGHLIGHT] if HIGHLIGHT in names else []) + [n for n in names if n != HIGHLIGHT]


def indicator_explorer(
    data: pd.DataFrame,
    indicators: str | Iterable[str] | None = None,
    years: tuple[int, int] = (2000, 2022),
    title: str = "Twelve health systems compared",
) -> go.Figure:
    """A bar chart of countries with a dropdown for the indicator and a slider for the year.

    Both controls work in a static page (plotly ``updatemenus`` and
    ``sliders``). There is one bar trace per indicator; the dropdown shows
    one of them and swaps in that indicator's slider, whose steps restyle
    the bars with each year's values. Each slider covers only the years its
    indicator has data for; a country without a value that year shows
    "no data". The UK's bar is coloured and hatched so it stands out without
    relying on colour.
    """
    rows = panel(data, indicators, years=years)
    keys = [k for k in resolve_indicators(indicators) if k in set(rows["indicator"])]
    countries = _ordered_countries(rows)
    ticks = [f"<b>{c}</b>" if c == HIGHLIGHT else c for c in countries]

    def bars(key: str, year: int) -> tuple[list[float], list[str]]:
        r = rows[(rows["indicator"] == key) & (rows["year"] == year)]
        values = r.set_index("country")["value"].reindex(countries)
        return values.fillna(0).round(2).tolist(), [f"{v:.1f}" if pd.notna(v) else "no data" for v in values]

    def heading(key: str, year: int) -> str:
        return f"{title}: {LABELS[key]}, {year}"

    fig = go.Figure()
    sliders, buttons, tops = {}, [], {}
    for i, key in enumerate(keys):
        yrs = sorted(set(rows.loc[rows["indicator"] == key, "year"]))
        y, text = bars(key, yrs[-1])
        tops[key] = float(rows.loc[rows["indicator"] == key, "value"].max()) * 1.15
        fig.add_trace(go.Bar(
            x=ticks, y=y, text=text, textposition="outside", cliponaxis=False,
            marker=dict(
                color=[PALETTE[0] if c == HIGHLIGHT else OTHER_COLOUR for c in countries],
                pattern=dict(shape=["/" if c == HIGHLIGHT else "" for c in countries], fgcolor="white"),
            ),
            hovertemplate=f"%{{x}}<br>{LABELS[key]}: %{{text}}<extra></extra>",
            name=LABELS[key], visible=(i == 0), showlegend=False,
        ))
        steps = []
        for year in yrs:
            y, text = bars(key, year)
            steps.append(dict(label=str(year), method="update",
                              args=[{"y": [y], "text": [text]}, {"title.text": heading(key, year)}, [i]]))
        sliders[key] = dict(active=len(yrs) - 1, currentvalue=dict(prefix="Year: ", font=dict(size=14)),
                            pad=dict(t=56, b=8), steps=steps)
        y, text = bars(key, yrs[-1])
        buttons.append(dict(
            label=LABELS[key], method="update",
            args=[{"visible": [j == i for j in range(len(keys))], "y": [y] * len(keys), "text": [text] * len(keys)},
                  {"sliders": [sliders[key]], "title.text": heading(key, yrs[-1]),
                   "yaxis.title.text": LABELS[key], "yaxis.range": [0, tops[key]]}],
        ))
    first = keys[0]
    last_year = int(sliders[first]["steps"][-1]["label"])
    fig.update_layout(
        title=dict(text=heading(first, last_year), y=0.98, yanchor="top"),
        height=560,
        margin=dict(t=120, b=225),
        yaxis=dict(title=LABELS[first], range=[0, tops[first]]),
        xaxis=dict(title=None, tickangle=-30),
        sliders=[sliders[first]],
        updatemenus=[dict(type="dropdown", buttons=buttons, x=0, xanchor="left", y=1.06, yanchor="bottom",
                          showactive=True, active=0, pad=dict(b=4))],
    )
    return fig


def _median_by_year(rows: pd.DataFrame) -> pd.Series:
    return rows.groupby("year")["value"].median()


def _break_gaps(years: list, values: list, max_gap: int) -> tuple[list, list]:
    """Insert a gap (None) between observations more than ``max_gap`` years apart."""
    xs: list = []
    ys: list = []
    for i, (x, y) in enumerate(zip(years, values)):
        if i and x - years[i - 1] > max_gap:
            xs.append(None)
            ys.append(None)
        xs.append(x)
        ys.append(y)
    return xs, ys


def small_multiples(
    data: pd.DataFrame,
    indicators: str | Iterable[str] | None = None,
    years: tuple[int, int] = (2000, 2022),
    threshold: float = 0.15,
    cols: int = 4,
    max_gap: int = 3,
) -> go.Figure:
    """One small panel per country, with a dropdown for the indicator.

    Each panel draws the country's series (solid line, a dot at each year
    with data), the median of all countries shown (dotted grey, the same in
    every panel) and, as crosses, jumps larger than ``threshold`` that
    :func:`flag_breaks` marks as possible breaks in the series. The line is
    broken where consecutive observations are more than ``max_gap`` years
    apart, so it never bridges a long run of missing years. All panels share
    one y axis.
    """
    if not isinstance(max_gap, int) or max_gap < 1:
        raise ValueError(f"max_gap must be a whole number of years, at least 1; got {max_gap!r}.")
    rows = panel(data, indicators, years=years)
    keys = [k for k in resolve_indicators(indicators) if k in set(rows["indicator"])]
    countries = _ordered_countries(rows)
    nrows = -(-len(countries) // cols)
    fig = make_subplots(rows=nrows, cols=cols, shared_xaxes="all", shared_yaxes="all",
                        subplot_titles=countries, vertical_spacing=0.09, horizontal_spacing=0.03)
    breaks = flag_breaks(data, threshold, years)

    def arrays(key: str) -> tuple[list, list]:
        r = rows[rows["indicator"] == key]
        med = _median_by_year(r).round(2)
        xs, ys = [], []
        for c in countries:
            s = r[r["country"] == c].sort_values("year")
            b = breaks[(breaks["indicator"] == key) & (breaks["country"] == c)]
            sx, sy = _break_gaps(s["year"].tolist(), s["value"].round(2).tolist(), max_gap)
            xs += [sx, med.index.tolist(), b["year_to"].tolist()]
            ys += [sy, med.tolist(), b["value_to"].round(2).tolist()]
        return xs, ys

    first = keys[0]
    xs, ys = arrays(first)
    for i, c in enumerate(countries):
        row, col = i // cols + 1, i % cols + 1
        colour = PALETTE[0] if c == HIGHLIGHT else PALETTE[6]
        fig.add_trace(go.Scatter(x=xs[3 * i], y=ys[3 * i], mode="lines+markers", line=dict(color=colour, width=2.5),
                                 marker=dict(size=4, color=colour), connectgaps=False, name=c, showlegend=False,
                                 hovertemplate=f"{c}, %{{x}}: %{{y}}<extra></extra>"), row=row, col=col)
        fig.add_trace(go.Scatter(x=xs[3 * i + 1], y=ys[3 * i + 1], mode="lines",
                                 line=dict(color="#8c8c8c", width=1.5, dash="dot"),
                                 name="median of all countries", showlegend=(i == 0), legendgroup="median",
                                 hovertemplate="median, %{x}: %{y}<extra></extra>"), row=row, col=col)
        fig.add_trace(go.Scatter(x=xs[3 * i + 2], y=ys[3 * i + 2], mode="markers",
                                 marker=dict(symbol="x", size=10, color=PALETTE[1]),
                                 name=f"jump over {threshold:.0%} (possible break)", showlegend=(i == 0),
                                 legendgroup="breaks",
                                 hovertemplate=f"{c}: possible break in %{{x}}<extra></extra>"), row=row, col=col)
    # legend entry for the crosses, drawn outside the x range so it never hides data
    fig.add_trace(go.Scatter(x=[years[0] - 10], y=[ys[0][0] if ys[0] else 0], mode="markers",
                             marker=dict(symbol="x", size=10, color=PALETTE[1]),
                             name=f"jump over {threshold:.0%} (possible break)", hoverinfo="skip"), row=1, col=1)
    for trace in fig.data[:-1]:
        if trace.mode == "markers":
            trace.showlegend = False

    def y_range(key: str) -> list[float]:
        v = rows.loc[rows["indicator"] == key, "value"]
        pad = (v.max() - v.min()) * 0.06
        return [round(float(v.min() - pad), 2), round(float(v.max() + pad), 2)]

    y_axes = ["yaxis"] + [f"yaxis{i}" for i in range(2, len(countries) + 1)]
    buttons = []
    for key in keys:
        bx, by = arrays(key)
        bx, by = bx + [[years[0] - 10]], by + [[by[0][0] if by[0] else 0]]
        buttons.append(dict(label=LABELS[key], method="update",
                            args=[{"x": bx, "y": by},
                                  {"title.text": f"Trends, {LABELS[key]}",
                                   **{f"{ax}.range": y_range(key) for ax in y_axes}}]))
    fig.update_layout(
        title=dict(text=f"Trends, {LABELS[first]}", y=0.99, yanchor="top"),
        height=200 * nrows + 200,
        margin=dict(t=130, b=130),
        legend=dict(orientation="h", x=1, xanchor="right", y=1.06, yanchor="bottom"),
        updatemenus=[dict(type="dropdown", buttons=buttons, x=0, xanchor="left", y=1.06, yanchor="bottom",
                          showactive=True, active=0, pad=dict(b=4))],
    )
    fig.update_xaxes(tickvals=[2000, 2010, 2020], range=[years[0] - 1, years[1] + 1])
    fig.update_yaxes(range=y_range(first))
    fig.update_annotations(font_size=13)
    return fig


# -- live widget (Binder) ----------------------------------------------------------
def trend_figure(data: pd.DataFrame, indicator: str, countries: Iterable[str]) -> go.Figure:
    """A line chart of one indicator for the chosen countries (the UK drawn thicker)."""
    (key,) = resolve_indicators([indicator])
    chosen = list(countries)
    fig = go.Figure()
    if chosen:
        rows = panel(data, [key], countries=chosen)
        everyone = _ordered_countries(data)
        for c in chosen:
            i = everyone.index(c)  # a fixed colour and dash per country, whatever else is ticked
            s = rows[rows["country"] == c].sort_values("year")
            fig.add_scatter(x=s["year"].tolist(), y=s["value"].round(2).tolist(), name=c, mode="lines+markers",
                            line=dict(color=PALETTE[i % 7], width=4 if c == HIGHLIGHT else 2,
                                      dash="solid" if i < 7 else "dash"))
    fig.update_layout(title=LABELS[key], height=420, xaxis=dict(title="Year"), yaxis=dict(title=LABELS[key]))
    return add_source(fig, source=f"Gapminder Systema Globalis, from {PUBLISHERS[key]}", licence="CC BY 4.0",
                      alt=f"Line chart of {LABELS[key].lower()} for {', '.join(chosen) or 'no country'}.")


class CountryPicker:
    """Country checkboxes and an indicator menu that redraw a plotly line chart.

    For readers running the notebook (Binder, Jupyter). Displaying it shows
    the controls and a chart; an ``observe`` callback rebuilds the chart and
    replaces it in place through an IPython display handle, so no Output
    widget is involved (nbclient#312). The chart is a plain plotly figure
    rather than a ``FigureWidget``, whose stored widget state would carry the
    whole plotly.js bundle (about 5 MB) into the notebook and the page.
    """

    def __init__(self, data: pd.DataFrame, selected: Iterable[str] = ("UK", "Denmark", "USA")) -> None:
        import ipywidgets as widgets

        rows = panel(data, sorted(set(data["indicator"]) & set(LABELS)))
        self.data = rows
        countries = _ordered_countries(rows)
        chosen = [c for c in selected if c in countries]
        if not chosen:
            raise EmptySelectionError(f"None of {list(selected)} is in the table; choose from {countries}.")
        keys = [k for k in LABELS if k in set(rows["indicator"])]
        self.boxes = {c: widgets.Checkbox(value=c in chosen, description=c, indent=False,
                                          layout=widgets.Layout(width="150px")) for c in countries}
        self.menu = widgets.Dropdown(options=[(LABELS[k], k) for k in keys], value=keys[0], description="Indicator",
                                     layout=widgets.Layout(width="420px"))
        self.note = widgets.HTML()
        grid = widgets.GridBox(list(self.boxes.values()),
                               layout=widgets.Layout(grid_template_columns="repeat(4, 160px)"))
        self.controls = widgets.VBox([self.menu, grid, self.note])
        self.handle = None
        self.figure = trend_figure(rows, keys[0], chosen)
        for w in [self.menu, *self.boxes.values()]:
            w.observe(self.redraw, names="value")

    @property
    def selected(self) -> list[str]:
        """The ticked countries, in the order of the checkboxes."""
        return [c for c, box in self.boxes.items() if box.value]

    def redraw(self, _: object = None) -> None:
        """Rebuild the chart for the current choices and replace the one on screen."""
        self.note.value = "" if self.selected else "<p><em>Tick at least one country.</em></p>"
        self.figure = trend_figure(self.data, self.menu.value, self.selected)
        if self.handle is not None:
            self.handle.update(self.figure)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.controls)
        self.handle = display(self.figure, display_id=True)


def country_picker(data: pd.DataFrame, selected: Iterable[str] = ("UK", "Denmark", "USA")) -> CountryPicker:
    """A live country picker for Binder: see :class:`CountryPicker`."""
    return CountryPicker(data, selected)


__all__ = [
    "LABELS", "ALIASES", "DEFAULT_INDICATORS", "PUBLISHERS",
    "FEATURE_ORDER", "FeaturesTable", "features_table",
    "resolve_indicators", "panel", "wide", "coverage_table", "flag_breaks",
    "indicator_explorer", "small_multiples", "trend_figure", "CountryPicker", "country_picker",
]

"""Chapter 3, *Medical leadership as practice*: the practice anatomy and the staff survey items.

Two kinds of material:

- **The practice anatomy** (``data/practice_anatomy.csv``): leadership practices
  described in the elements of a practice listed by Reckwitz (2002). Most
  cells are the book's *teaching analysis*, not findings; the ``basis``
  column says which. :func:`anatomy_figure` is a plotly table with a
  dropdown (works in the static book), :func:`anatomy_grid` an overview,
  :func:`anatomy_explorer` an ipywidgets version for Binder.
- **NHS Staff Survey items on managers** (7a-7g immediate manager, 8a-8d senior
  managers; % positive per trust): :func:`survey_by_type` joins the items to
  trust types; :func:`spread_figure`, :func:`trend_figure` and
  :func:`type_figure` draw them; :func:`trust_picker` is the Binder widget.

Every function checks its input and raises an :mod:`mlhelpers.errors` error
that names what is wrong and how to fix it.
"""

from __future__ import annotations

import difflib
import html

import pandas as pd
import plotly.graph_objects as go

from .data import load
from .errors import EmptySelectionError
from .style import PALETTE, author_year
from .validate import as_year, require_frame

#: Reckwitz's (2002, p. 249) elements of a practice, in his order.
ELEMENTS: tuple[str, ...] = (
    "bodily activities",
    "mental activities",
    "things and their use",
    "background knowledge (understanding)",
    "know-how",
    "states of emotion",
    "motivational knowledge",
)
#: The undergraduate-curriculum symposium named in the project synopsis (hsrcndprofessionalization).
UNDERGRADUATE_SYMPOSIUM = {
    "year": 2017,
    "hosts": ("Faculty of Medical Leadership and Management", "NHS Leadership Academy", "Health Education England"),
    "source": "hsrcndprofessionalization",
}
#: Values of the anatomy's ``basis`` column.
BASES: tuple[str, ...] = ("reported in source", "teaching analysis")
BASIS_COLOURS = {"reported in source": "#F5D9C6", "teaching analysis": "#DCEBF7"}  # light vermillion / light blue

#: Short labels of the staff survey items (the full wording is in the data).
ITEM_LABELS: dict[str, str] = {
    "7a": "7a encourages teamwork",
    "7b": "7b helps with a difficult task",
    "7c": "7c gives clear feedback",
    "7d": "7d asks my opinion first",
    "7e": "7e supportive in a personal crisis",
    "7f": "7f interested in my well-being",
    "7g": "7g values my work",
    "8a": "8a I know who senior managers are",
    "8b": "8b communication is effective",
    "8c": "8c involve staff in decisions",
    "8d": "8d act on staff feedback",
}
#: Items of the 2021+ questionnaire (the 2024 survey, ``ml.staff_survey_2024()``), all about the
#: immediate manager; the charts and the trust picker label both sets (see ``_LABELS``).
ITEM_LABELS_2021: dict[str, str] = {
    "q9a": "q9a encourages me at work",
    "q9b": "q9b gives clear feedback",
    "q9c": "q9c asks my opinion first",
    "q9d": "q9d interested in my well-being",
    "q9e": "q9e values my work",
    "q9f": "q9f works with me on problems",
    "q9g": "q9g listens to my challenges",
    "q9h": "q9h cares about my concerns",
    "q9i": "q9i acts to help with problems",
}
_LABELS: dict[str, str] = {**ITEM_LABELS, **ITEM_LABELS_2021}
TRUST_TYPES: tuple[str, ...] = ("acute", "mental health", "community", "ambulance")
TYPE_SYMBOLS = {"acute": "circle", "mental health": "square", "community": "diamond", "ambulance": "triangle-up"}
TYPE_COLOURS = dict(zip(TRUST_TYPES, PALETTE))

ANATOMY_COLUMNS = ("practice", "element", "keyword", "description", "basis", "source")
SURVEY_COLUMNS = ("org_code", "name", "type", "year", "question", "label", "pct_positive")


# -- checks -----------------------------------------------------------------------------
_frame = require_frame  # a non-empty DataFrame with the columns, or a clear error


def _choose(value: object, valid: list, what: str) -> object:
    if value in valid:
        return value
    close = difflib.get_close_matches(str(value), [str(v) for v in valid], n=2)
    hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    raise EmptySelectionError(f"No {what} {value!r} in the data.{hint} Choose one of: {', '.join(map(repr, valid))}.")


# -- the practice anatomy ---------------------------------------------------------------
def anatomy() -> pd.DataFrame:
    """The curated practice anatomy (``ml.load("practice_anatomy")``), rows in element order."""
    df = load("practice_anatomy")
    order = {e: i for i, e in enumerate(ELEMENTS)}
    practices = list(dict.fromkeys(df["practice"]))
    df["_p"] = df["practice"].map({p: i for i, p in enumerate(practices)})
    df["_e"] = df["element"].map(order)
    return df.sort_values(["_p", "_e"]).drop(columns=["_p", "_e"]).reset_index(drop=True)


def practices(anat: pd.DataFrame) -> list[str]:
    """The practices in the anatomy, in file order."""
    _frame(anat, ANATOMY_COLUMNS, "practices", "practice.anatomy()")
    return list(dict.fromkeys(anat["practice"]))


def practice_elements(anat: pd.DataFrame, practice: str) -> pd.DataFrame:
    """The rows of one practice, one per element in Reckwitz's order."""
    _choose(practice, practices(anat), "practice")
    rows = anat[anat["practice"] == practice].copy()
    rows["_e"] = rows["element"].map({e: i for i, e in enumerate(ELEMENTS)})
    return rows.sort_values("_e").drop(columns="_e").reset_index(drop=True)


def _wrap(text: str, width: int = 70) -> str:
    """Break a long cell into lines with <br> (plotly tables do not wrap by themselves reliably)."""
    words, lines, line = str(text).split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    return "<br>".join(html.escape(x) for x in lines)


def anatomy_figure(anat: pd.DataFrame, practice: str | None = None) -> go.Figure:
    """A table of one practice's elements, with a dropdown to choose the practice.

    Each row gives the element, its description and its basis ("teaching
    analysis" or "reported in source" with the citation key). The dropdown is a
    plotly ``updatemenus`` control, so it works in the static book.
    """
    names = practices(anat)
    first = names[0] if practice is None else _choose(practice, names, "practice")

    def columns(p: str) -> list[list[str]]:
        rows = practice_elements(anat, p)
        basis = [
            f"<b>{html.escape(b)}</b><br>{html.escape(author_year(s))}" if b == "reported in source" else html.escape(b)
            for b, s in zip(rows["basis"], rows["source"])
        ]
        return [
            [f"<b>{html.escape(e)}</b>".replace("background knowledge (", "background<br>knowledge<br>(")
             for e in rows["element"]],
            [_wrap(d, 46) for d in rows["description"]],
            basis,
        ]

    def fills(p: str) -> list[list[str]]:
        colours = [BASIS_COLOURS[b] for b in practice_elements(anat, p)["basis"]]
        return [["#f7f7f7"] * len(colours), ["white"] * len(colours), colours]

    fig = go.Figure(
        go.Table(
            columnwidth=[1.4, 3.7, 1.9],
            header=dict(
                values=["<b>Element (Reckwitz)</b>", "<b>What it looks like in this practice</b>", "<b>Basis</b>"],
                fill_color="#e6e6e6", align="left", font=dict(size=14),
            ),
            cells=dict(values=columns(first), fill_color=fills(first), align="left", font=dict(size=12), height=28),
        )
    )
    buttons = [
        dict(label=p, method="update",
             args=[{"cells.values": [columns(p)], "cells.fill.color": [fills(p)]}, {"title.text": f"Anatomy of a practice: {p}"}])
        for p in names
    ]
    fig.update_layout(
        title=f"Anatomy of a practice: {first}",
        height=820,
        margin=dict(l=10, r=10, t=110, b=90),
        updatemenus=[dict(type="dropdown", buttons=buttons, active=names.index(first), x=0, xanchor="left",
                          y=1.0, yanchor="bottom", pad=dict(b=8), showactive=True)],
    )
    return fig


def anatomy_grid(anat: pd.DataFrame) -> go.Figure:
    """Overview: practices x elements, each cell a keyword; shading and a marker show the basis.

    Cells reported in a source are shaded vermillion and their keyword carries
    a dagger (so the basis is not shown by colour alone); hover gives the full
    description and the citation key.
    """
    names = practices(anat)
    codes = {b: i for i, b in enumerate(BASES)}
    z, text, hover = [], [], []
    for p in names:
        rows = practice_elements(anat, p).set_index("element")
        z.append([codes[rows.at[e, "basis"]] if e in rows.index else None for e in ELEMENTS])
        text.append([
            (str(rows.at[e, "keyword"]) + (" †" if rows.at[e, "basis"] == "reported in source" else ""))
            if e in rows.index else "" for e in ELEMENTS
        ])
        hover.append([
            f"<b>{html.escape(p)}</b><br><i>{html.escape(e)}</i><br>{_wrap(rows.at[e, 'description'], 60)}"
            f"<br>basis: {html.escape(rows.at[e, 'basis'])} ({html.escape(author_year(rows.at[e, 'source']))})"
            if e in rows.index else "" for e in ELEMENTS
        ])
    short = {
        "bodily activities": "bodily<br>activities", "mental activities": "mental<br>activities",
        "things and their use": "things and<br>their use", "background knowledge (understanding)": "background<br>knowledge",
        "know-how": "know-how", "states of emotion": "states of<br>emotion", "motivational knowledge": "motivational<br>knowledge",
    }
    fig = go.Figure(
        go.Heatmap(
            z=z, x=[short[e] for e in ELEMENTS], y=[_wrap(p, 18) for p in names],
            text=[[_wrap(t, 12) for t in row] for row in text], customdata=hover,
            texttemplate="%{text}", textfont=dict(size=11, color="#1a1a1a"),
            hovertemplate="%{customdata}<extra></extra>",
            colorscale=[[0, BASIS_COLOURS[BASES[0]]], [0.5, BASIS_COLOURS[BASES[0]]],
                        [0.5, BASIS_COLOURS[BASES[1]]], [1, BASIS_COLOURS[BASES[1]]]],
            zmin=0, zmax=1, showscale=False, xgap=3, ygap=3,
        )
    )
    fig.update_layout(
        title=dict(text="Leadership practices in Reckwitz's elements of a practice", y=0.98, yanchor="top"),
        height=640,
        xaxis=dict(side="top", showgrid=False, ticks="", tickangle=0, tickfont=dict(size=12)),
        yaxis=dict(autorange="reversed", showgrid=False, ticks="", tickfont=dict(size=12)),
        margin=dict(l=10, r=10, t=120, b=90),
    )
    return fig


def elements_html(rows: pd.DataFrame) -> str:
    """An escaped HTML table of one practice's elements (for the Binder explorer)."""
    if rows.empty:
        return "<p><em>No elements recorded for this practice.</em></p>"
    body = "".join(
        f"<tr><td><b>{html.escape(r.element)}</b></td><td>{html.escape(r.description)}</td>"
        f"<td>{html.escape(r.basis)} ({html.escape(author_year(r.source))})</td></tr>"
        for r in rows.itertuples()
    )
    return ("<table><thead><tr><th>Element</th><th>What it looks like</th><th>Basis (source)</th></tr></thead>"
            f"<tbody>{body}</tbody></table>")


def anatomy_explorer(anat: pd.DataFrame):
    """ipywidgets explorer: pick a practice, and optionally one element, and read the descriptions.

    Updates an HTML widget through ``observe`` (no Output widget). Display it as
    a cell's last expression; it runs only in a live kernel (Binder, Jupyter).
    """
    import ipywidgets as widgets

    names = practices(anat)
    pick = widgets.Dropdown(options=names, description="Practice", layout=widgets.Layout(width="420px"))
    element = widgets.Dropdown(options=["all elements", *ELEMENTS], description="Element")
    out = widgets.HTML()

    def refresh(_: object = None) -> None:
        rows = practice_elements(anat, pick.value)
        if element.value != "all elements":
            rows = rows[rows["element"] == element.value]
        out.value = elements_html(rows)

    pick.observe(refresh, names="value")
    element.observe(refresh, names="value")
    refresh()
    return widgets.VBox([widgets.HBox([pick, element]), out])


# -- the staff survey items --------------------------------------------------------------
def survey_by_type(survey: pd.DataFrame, providers: pd.DataFrame) -> pd.DataFrame:
    """Staff survey manager items per trust, with the trust's name and type.

    Parameters
    ----------
    survey:
        ``ml.staff_survey_managers()``.
    providers:
        ``ml.providers()``.

    Keeps NHS trusts (acute, mental health, community, ambulance) and drops
    other organisations (CCGs, sub-units, codes absent from the provider list,
    such as trusts merged away). How many codes were dropped, and why, is in
    ``attrs["dropped"]``. Adds ``label``, a short label of the item.
    """
    _frame(survey, ("org_code", "year", "question", "group", "wording", "pct_positive"), "survey_by_type",
           "ml.staff_survey_managers()")
    _frame(providers, ("org_code", "name", "type"), "survey_by_type", "ml.providers()")
    merged = survey.merge(providers[["org_code", "name", "type"]], on="org_code", how="left", validate="many_to_one")
    is_trust = merged["type"].isin(TRUST_TYPES)
    dropped = {
        "not_in_provider_list": int(merged.loc[merged["type"].isna(), "org_code"].nunique()),
        "not_a_trust": int(merged.loc[merged["type"].notna() & ~is_trust, "org_code"].nunique()),
        "reason": "only NHS trusts are compared; CCGs, sub-units and codes missing from the provider list are left out",
    }
    out = merged[is_trust].copy()
    out["label"] = out["question"].map(_LABELS)
    out = out[["org_code", "name", "type", "year", "question", "label", "group", "wording", "pct_positive", "n"]]
    out = out.sort_values(["question", "year", "type", "org_code"], ignore_index=True)
    out.attrs["dropped"] = dropped
    return out


def _survey(tidy: pd.DataFrame, what: str) -> pd.DataFrame:
    return _frame(tidy, SURVEY_COLUMNS, what, "practice.survey_by_type(ml.staff_survey_managers(), ml.providers())")


def _year(tidy: pd.DataFrame, year: int) -> pd.DataFrame:
    years = sorted(int(y) for y in tidy["year"].unique())
    year = as_year(year, "year")  # "2017" or 2017.5 get a named error, not an empty frame
    _choose(year, years, "survey year")
    return tidy[tidy["year"] == year]


def coverage_by_year(tidy: pd.DataFrame) -> pd.DataFrame:
    """Trusts with survey data per year and trust type (a year x type table of counts)."""
    _survey(tidy, "coverage_by_year")
    table = tidy.groupby(["year", "type"])["org_code"].nunique().unstack(fill_value=0)
    return table.reindex(columns=[t for t in TRUST_TYPES if t in table.columns]).astype("int64")


def short_name(name: str) -> str:
    """A trust's name without the suffix 'NHS Trust' or 'NHS Foundation Trust' (for compact hover text)."""
    text = str(name)
    for suffix in (" NHS Foundation Trust", " NHS Trust"):
        if text.upper().endswith(suffix.upper()):
            return text[: -len(suffix)]
    return text


def _above_plot(height: int, top: int, bottom: int, pixels: int = 40) -> float:
    """Paper y that lies ``pixels`` above the plotting area (to stack a dropdown over a legend)."""
    return 1 + pixels / (height - top - bottom)


def _item_order(df: pd.DataFrame) -> list[str]:
    return [q for q in _LABELS if q in set(df["question"])]


def spread_figure(tidy: pd.DataFrame, year: int) -> go.Figure:
    """Each trust's % positive for one item, by trust type, with a dropdown per item.

    One box (with every trust drawn as a point) per trust type; the dropdown
    (plotly ``updatemenus``) switches the item, so it works in the static book.
    Trust types differ in colour *and* in marker symbol.
    """
    data = _year(_survey(tidy, "spread_figure"), year)
    items = _item_order(data)
    types = [t for t in TRUST_TYPES if t in set(data["type"])]
    fig = go.Figure()
    owners = []
    for q in items:
        for t in types:
            rows = data[(data["question"] == q) & (data["type"] == t)]
            fig.add_trace(go.Box(
                y=rows["pct_positive"].round(1), name=f"{t} ({len(rows)})",
                text=rows["name"].map(short_name), hovertemplate="%{text}<br>%{y:.0f}% positive<extra></extra>",
                boxpoints="all", jitter=0.5, pointpos=0, fillcolor="rgba(0,0,0,0)",
                marker=dict(color=TYPE_COLOURS[t], symbol=TYPE_SYMBOLS[t], size=5, opacity=0.7),
                line=dict(color=TYPE_COLOURS[t], width=2), visible=(q == items[0]), showlegend=False,
            ))
            owners.append(q)
    wording = data.drop_duplicates("question").set_index("question")["wording"]
    buttons = [
        dict(label=_LABELS[q], method="update",
             args=[{"visible": [o == q for o in owners]},
                   {"title.text": f"{q}: {_wrap(wording[q], 60)}"}])
        for q in items
    ]
    fig.update_layout(
        title=dict(text=f"{items[0]}: {_wrap(wording[items[0]], 60)}", y=0.98, yanchor="top"),
        height=580,
        xaxis=dict(title=f"Trust type (number of trusts), {year}"),
        yaxis=dict(title="% of staff who agree or strongly agree", range=[0, 100]),
        margin=dict(t=130),
        updatemenus=[dict(type="dropdown", buttons=buttons, x=0, xanchor="left", y=1.0, yanchor="bottom",
                          pad=dict(b=10), showactive=True)],
    )
    return fig


def trend_summary(tidy: pd.DataFrame, trust_type: str = "acute") -> pd.DataFrame:
    """Per item and year, across trusts of one type: trusts, quartiles and median of % positive."""
    _survey(tidy, "trend_summary")
    _choose(trust_type, sorted(tidy["type"].unique()), "trust type")
    rows = tidy[tidy["type"] == trust_type]
    g = rows.groupby(["question", "year"])["pct_positive"]
    out = pd.DataFrame({
        "trusts": g.count(), "q1": g.quantile(0.25), "median": g.median(), "q3": g.quantile(0.75),
    }).reset_index()
    out["label"] = out["question"].map(_LABELS)
    return out


def trend_figure(summary: pd.DataFrame, trust_type: str = "acute") -> go.Figure:
    """Median and interquartile range of % positive over the years, with a dropdown per item."""
    _frame(summary, ("question", "year", "trusts", "q1", "median", "q3"), "trend_figure",
           "practice.trend_summary(...)")
    items = _item_order(summary)
    fig = go.Figure()
    owners = []
    for q in items:
        s = summary[summary["question"] == q].sort_values("year")
        years = s["year"].tolist()
        fig.add_trace(go.Scatter(
            x=years + years[::-1], y=s["q3"].round(1).tolist() + s["q1"].round(1).tolist()[::-1],
            fill="toself", fillcolor="rgba(0,114,178,0.18)", line=dict(width=0), hoverinfo="skip", mode="lines",
            name="middle half of trusts", visible=(q == items[0]),
        ))
        fig.add_trace(go.Scatter(
            x=years, y=s["median"].round(1), mode="lines+markers", name="median trust",
            line=dict(color=PALETTE[0], width=3), marker=dict(size=8),
            customdata=list(zip(s["q1"].round(1), s["q3"].round(1), s["trusts"])),
            hovertemplate="%{x}: median %{y:.1f}%<br>middle half %{customdata[0]:.1f}-%{customdata[1]:.1f}%"
                          "<br>%{customdata[2]} trusts<extra></extra>",
            visible=(q == items[0]),
        ))
        owners += [q, q]
    def y_range(q: str) -> list[float]:
        s = summary[summary["question"] == q]
        low, high = float(s["q1"].min()), float(s["q3"].max())
        mid, half = (low + high) / 2, max(12.5, (high - low) / 2 + 5)
        return [max(0.0, mid - half), min(100.0, mid + half)]

    buttons = [dict(label=_LABELS[q], method="update",
                    args=[{"visible": [o == q for o in owners]}, {"yaxis.range": y_range(q)}])
               for q in items]
    fig.update_layout(
        title=dict(text=f"Staff views of their managers,<br>{trust_type} trusts, by survey year", y=0.98, yanchor="top"),
        height=580,
        xaxis=dict(title="Survey year", dtick=1),
        yaxis=dict(title="% agree or strongly agree", range=y_range(items[0])),
        legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom"),
        margin=dict(t=180, b=96),
        updatemenus=[dict(type="dropdown", buttons=buttons, x=0, xanchor="left", y=_above_plot(580, 180, 96),
                          yanchor="bottom", pad=dict(b=4), showactive=True)],
    )
    return fig


def type_medians(tidy: pd.DataFrame, year: int) -> pd.DataFrame:
    """Median % positive per item and trust type in one year, with the number of trusts."""
    data = _year(_survey(tidy, "type_medians"), year)
    g = data.groupby(["question", "type"])["pct_positive"]
    out = pd.DataFrame({"median": g.median(), "trusts": g.count()}).reset_index()
    out["label"] = out["question"].map(_LABELS)
    return out


def type_figure(medians: pd.DataFrame, year: int) -> go.Figure:
    """Dot plot: the median trust of each type on every item (colour and symbol per type)."""
    _frame(medians, ("question", "type", "median", "trusts", "label"), "type_figure", "practice.type_medians(...)")
    items = _item_order(medians)
    fig = go.Figure()
    for t in [t for t in TRUST_TYPES if t in set(medians["type"])]:
        rows = medians[medians["type"] == t].set_index("question").reindex(items)
        n = int(rows["trusts"].max())
        fig.add_trace(go.Scatter(
            x=rows["median"].round(1), y=[_LABELS[q] for q in items], mode="markers",
            name=f"{t} ({n} trusts)",
            marker=dict(color=TYPE_COLOURS[t], symbol=TYPE_SYMBOLS[t], size=12, line=dict(width=1, color="white")),
            hovertemplate=f"{t}<br>%{{y}}: median %{{x:.1f}}%<extra></extra>",
        ))
    fig.update_layout(
        title=dict(text=f"The median trust of each type, {year}", y=0.98, yanchor="top"),
        height=600,
        xaxis=dict(title="% agree or strongly agree (median trust)"),
        yaxis=dict(autorange="reversed", title=None),
        legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom"),
        margin=dict(t=120),
    )
    return fig


def trust_values(tidy: pd.DataFrame, org_code: str, year: int) -> pd.DataFrame:
    """One trust's % positive per item in one year, beside its type's median and rank."""
    data = _year(_survey(tidy, "trust_values"), year)
    codes = sorted(data["org_code"].unique())
    _choose(org_code, codes, f"trust code in {year}")
    t = data.loc[data["org_code"] == org_code, "type"].iloc[0]
    peers = data[data["type"] == t]
    mine = peers[peers["org_code"] == org_code].set_index("question")["pct_positive"]
    g = peers.groupby("question")["pct_positive"]
    out = pd.DataFrame({"trust": mine, "type_median": g.median(), "trusts": g.count()})
    out["share_below"] = [
        round(100 * float((peers.loc[peers["question"] == q, "pct_positive"] < v).mean()), 1) for q, v in mine.items()
    ]
    out = out.reindex(_item_order(peers)).reset_index().rename(columns={"index": "question"})
    out["label"] = out["question"].map(_LABELS)
    return out


def _picker_figure():
    """The empty FigureWidget of :func:`trust_picker`: one box trace (peers) and one marker trace (the trust)."""
    fig = go.FigureWidget()
    fig.add_trace(go.Box(name="trusts of the same type", marker=dict(color="#737373", size=3), boxpoints="all",
                         jitter=0.4, pointpos=0, line=dict(color="#737373"), fillcolor="rgba(0,0,0,0)",
                         hoverinfo="y"))
    fig.add_trace(go.Scatter(name="chosen trust", mode="markers",
                             marker=dict(color=PALETTE[1], symbol="diamond", size=14, line=dict(width=1, color="black"))))
    fig.update_layout(height=520, yaxis=dict(title="% agree or strongly agree", range=[0, 100]),
                      xaxis=dict(tickangle=-35), legend=dict(orientation="h", y=1.08, x=0),
                      margin=dict(t=90, b=170))
    return fig


def trust_picker(tidy: pd.DataFrame, year: int = 2017):
    """Binder widget: pick a trust (and year) and see it against the trusts of its type.

    Dropdowns choose the year and the trust; an HTML line lists, for each
    item, the trust's % positive and the share of trusts of its type that it
    is above. The chart is a ``go.FigureWidget`` (one box of all trusts of the
    same type per item, the chosen trust as diamonds) that the dropdowns update
    through ``observe`` callbacks (no Output widget). Runs only in a live
    kernel. Returns an ``ipywidgets.VBox`` with the attribute ``figure``.
    """
    import ipywidgets as widgets

    _survey(tidy, "trust_picker")
    years = sorted(int(y) for y in tidy["year"].unique())
    _choose(year, years, "survey year")

    def options(y: int) -> list[tuple[str, str]]:
        rows = tidy[tidy["year"] == y].drop_duplicates("org_code").sort_values("name")
        return [(f"{r.name} ({r.type})", r.org_code) for r in rows.itertuples()]

    year_pick = widgets.Dropdown(options=years, value=year, description="Year")
    trust_pick = widgets.Dropdown(options=options(year), description="Trust", layout=widgets.Layout(width="560px"))
    note = widgets.HTML()
    fig = _picker_figure()

    def refresh(_: object = None) -> None:
        y, code = year_pick.value, trust_pick.value
        if code is None:
            return
        data = tidy[tidy["year"] == y]
        t = data.loc[data["org_code"] == code, "type"].iloc[0]
        mine = trust_values(tidy, code, y)
        note.value = "<p>" + "; ".join(
            f"{html.escape(r.question)}: {r.trust:.0f}% (above {r.share_below:.0f}% of {html.escape(t)} trusts)"
            for r in mine.itertuples()) + "</p>"
        peers = data[data["type"] == t]
        with fig.batch_update():
            fig.data[0].x = peers["label"].tolist()
            fig.data[0].y = peers["pct_positive"].tolist()
            fig.data[0].name = f"{peers['org_code'].nunique()} {t} trusts"
            fig.data[1].x = mine["label"].tolist()
            fig.data[1].y = mine["trust"].tolist()
            fig.layout.title = f"{trust_pick.label}, {y}"

    def new_year(_: object = None) -> None:
        keep = trust_pick.value
        opts = options(year_pick.value)
        trust_pick.options = opts
        codes = [c for _, c in opts]
        trust_pick.value = keep if keep in codes else codes[0]
        refresh()

    year_pick.observe(new_year, names="value")
    trust_pick.observe(refresh, names="value")
    refresh()
    box = widgets.VBox([widgets.HBox([year_pick, trust_pick]), note, fig])
    box.figure = fig  # for tests and curious readers
    return box


def surveys_figure(surveys: pd.DataFrame) -> go.Figure:
    """Bar chart of the undergraduate surveys' reported percentages, with a dropdown per study."""
    _frame(surveys, ("study", "respondents", "topic", "measure", "pct", "source"), "surveys_figure",
           "ml.load('undergraduate_leadership_surveys')")
    studies = list(dict.fromkeys(surveys["study"]))
    resp = list(dict.fromkeys(surveys["respondents"]))
    colours = dict(zip(resp, (PALETTE[0], PALETTE[1], PALETTE[2])))
    patterns = dict(zip(resp, ("", "/", ".")))
    fig = go.Figure()
    owners = []
    for s in studies:
        for r in resp:
            rows = surveys[(surveys["study"] == s) & (surveys["respondents"] == r)]
            if rows.empty:
                continue
            fig.add_trace(go.Bar(
                x=rows["pct"], y=[_wrap(f"{m} ({r})", 34) for m in rows["measure"]], orientation="h",
                customdata=rows["topic"],
                name=r, marker=dict(color=colours[r], pattern=dict(shape=patterns[r], fgcolor="white", fillmode="overlay")),
                text=[f"{v:g}%" for v in rows["pct"]], textposition="outside", cliponaxis=False,
                hovertemplate="%{y}<br>%{x:g}% of " + r + " (%{customdata})<extra></extra>", visible=(s == studies[0]),
            ))
            owners.append(s)
    buttons = [dict(label=s, method="update", args=[{"visible": [o == s for o in owners]}, {"title.text": f"{s}: what was reported"}])
               for s in studies]
    fig.update_layout(
        title=dict(text=f"{studies[0]}: what was reported", y=0.98, yanchor="top"),
        height=640,
        barmode="overlay",
        xaxis=dict(title="% of respondents (schools, students or curricula)", range=[0, 110]),
        yaxis=dict(autorange="reversed", title=None, automargin=True),
        legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom", title="Share of"),
        margin=dict(t=150, b=96),
        updatemenus=[dict(type="dropdown", buttons=buttons, x=0, xanchor="left", y=_above_plot(640, 150, 96),
                          yanchor="bottom", pad=dict(b=4), showactive=True)],
    )
    return fig


__all__ = [
    "ELEMENTS", "BASES", "ITEM_LABELS", "anatomy", "practices", "practice_elements", "anatomy_figure",
    "anatomy_grid", "anatomy_explorer", "elements_html", "survey_by_type", "coverage_by_year", "spread_figure",
    "trend_summary", "trend_figure", "type_medians", "type_figure", "trust_values", "trust_picker", "surveys_figure",
]

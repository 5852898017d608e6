"""Helpers for the chapter on medical leadership as a professionalization project.

- :func:`concept_map`: theorists -> concepts -> what they explain, as a plotly
  network drawn from ``ml.load("professions_concepts")`` with a deterministic
  layout (:func:`concept_layout`).
- :func:`framework_treemap`: the leadership frameworks of ``ml.load("frameworks")``
  as a treemap with a dropdown that switches framework in a static page.
- :func:`fte_totals` and :func:`fte_index_chart`: manager and consultant FTE
  summed over the workforce files, indexed to a base year, for all
  organisations in the files or for the same trusts in every year.
- :data:`STATEMENTS`, :func:`score_sorting` and :func:`statement_sorter`: the
  statement-sorting exercise (an ipywidgets version for Binder).

Every function checks its input and raises a named :mod:`mlhelpers.errors`
error that says what is wrong and how to fix it.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from .errors import EmptySelectionError
from .style import PALETTE, author_year
from .validate import as_str_list, as_year, nonzero_base, require_frame

CONCEPT_COLUMNS = ("concept", "author", "year", "explains", "definition", "source", "confidence")
FRAMEWORK_COLUMNS = ("framework", "framework_year", "domain", "element", "source")
WORKFORCE_COLUMNS = ("org_code", "year", "consultants_fte", "managers_fte")

#: x positions of the three columns of the concept map.
COLUMN_X = {"author": 0.0, "concept": 1.5, "theme": 2.75}
EDGE_GREY = "#b3b3b3"


# -- checks --------------------------------------------------------------------------
_need = require_frame  # a non-empty DataFrame with the columns, or a clear error


def _wrap(text: str, width: int) -> str:
    """Escape ``text`` and break it into lines of about ``width`` characters with <br>."""
    return "<br>".join(html.escape(line) for line in textwrap.wrap(str(text), width)) or ""


# -- concept map ---------------------------------------------------------------------
def _spread(values: pd.Series) -> pd.Series:
    """Evenly spaced positions from 1 (top) to 0 (bottom), keeping the order of ``values``."""
    order = values.sort_values(ascending=False, kind="mergesort").index
    n = len(order)
    steps = [1.0] if n == 1 else [1 - i / (n - 1) for i in range(n)]
    return pd.Series(steps, index=order).reindex(values.index)


def concept_layout(concepts: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Node and edge positions of the concept map; no randomness, so always the same.

    Concepts sit in the middle column, grouped by what they explain (themes in
    order of first appearance, concepts in file order within a theme), evenly
    spaced from top to bottom. Each theme sits at the mean height of its
    concepts. Authors are ordered by the mean height of their concepts and then
    spaced evenly, so that no two labels collide.

    Returns
    -------
    nodes : DataFrame
        ``id, kind ("author", "concept", "theme"), label, theme, x, y``.
    edges : DataFrame
        ``source_id, target_id, kind ("author-concept", "concept-theme"), theme, x0, y0, x1, y1``.
    """
    df = _need(concepts, CONCEPT_COLUMNS, "concept_layout", 'ml.load("professions_concepts")')
    if df["concept"].duplicated().any():
        dupes = sorted(df.loc[df["concept"].duplicated(), "concept"])
        raise ValueError(f"concept_layout: concept(s) {dupes} appear twice; each concept must be one row.")
    themes = list(dict.fromkeys(df["explains"]))
    df = df.assign(_theme=df["explains"].map(themes.index), _row=range(len(df)))
    df = df.sort_values(["_theme", "_row"], kind="mergesort").reset_index(drop=True)
    n = len(df)
    df["y"] = [1.0] if n == 1 else [1 - i / (n - 1) for i in range(n)]

    concept_nodes = pd.DataFrame(
        {"id": "c:" + df["concept"], "kind": "concept", "label": df["concept"], "theme": df["explains"],
         "x": COLUMN_X["concept"], "y": df["y"]}
    )
    theme_y = df.groupby("explains", sort=False)["y"].mean()
    theme_nodes = pd.DataFrame(
        {"id": "t:" + theme_y.index, "kind": "theme", "label": theme_y.index, "theme": theme_y.index,
         "x": COLUMN_X["theme"], "y": theme_y.to_numpy()}
    )
    author_mean = df.groupby("author", sort=True)["y"].mean()
    # ties broken by name (sort=True above plus a stable sort) keep the layout deterministic
    author_y = _spread(author_mean)
    author_nodes = pd.DataFrame(
        {"id": "a:" + author_y.index, "kind": "author", "label": author_y.index, "theme": "",
         "x": COLUMN_X["author"], "y": author_y.to_numpy()}
    )
    nodes = pd.concat([author_nodes, concept_nodes, theme_nodes], ignore_index=True)
    pos = nodes.set_index("id")[["x", "y"]]

    rows = []
    for r in df.itertuples():
        for src, tgt, kind in ((f"a:{r.author}", f"c:{r.concept}", "author-concept"),
                               (f"c:{r.concept}", f"t:{r.explains}", "concept-theme")):
            rows.append({"source_id": src, "target_id": tgt, "kind": kind, "theme": r.explains,
                         "x0": pos.at[src, "x"], "y0": pos.at[src, "y"], "x1": pos.at[tgt, "x"], "y1": pos.at[tgt, "y"]})
    return nodes, pd.DataFrame(rows)


def _who(row: pd.Series) -> str:
    year = row["year"]
    return f"{row['author']} ({int(year)})" if pd.notna(year) else f"{row['author']} (n.d.)"


def _concepts_hover(df: pd.DataFrame, column: str, labels) -> list[str]:
    """Hover text for author or theme nodes: the node's name and the concepts linked to it."""
    out = []
    for label in labels:
        items = "<br>".join(f"· {html.escape(c)}" for c in df.loc[df[column] == label, "concept"])
        out.append(f"<b>{html.escape(label)}</b><br>{items}")
    return out


def concept_map(concepts: pd.DataFrame, *, title: str | None = None, height: int = 980) -> go.Figure:
    """Theorists -> concepts -> what they explain about medical leadership.

    Pass ``ml.load("professions_concepts")``. Hover over a concept for its
    one-line definition, author and year, and citation key; over an author or a
    theme for the concepts linked to it. Colours mark the themes, but every node
    is also labelled, so nothing depends on colour alone.
    """
    df = _need(concepts, CONCEPT_COLUMNS, "concept_map", 'ml.load("professions_concepts")')
    nodes, edges = concept_layout(df)
    themes = list(dict.fromkeys(df["explains"]))
    if len(themes) > len(PALETTE) - 1:
        raise ValueError(f"concept_map: {len(themes)} themes, but the palette has colours for {len(PALETTE) - 1}; merge themes.")
    colour = {t: PALETTE[i] for i, t in enumerate(themes)}
    fig = go.Figure()

    def add_edges(kind: str, theme: str | None, line: dict) -> None:
        e = edges[(edges["kind"] == kind) & ((edges["theme"] == theme) if theme else True)]
        xs, ys = [], []
        for r in e.itertuples():
            xs += [r.x0, r.x1, None]
            ys += [r.y0, r.y1, None]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=line, hoverinfo="skip", showlegend=False))

    add_edges("author-concept", None, dict(color=EDGE_GREY, width=1))
    for t in themes:
        add_edges("concept-theme", t, dict(color=colour[t], width=1.5))

    by_concept = df.set_index("concept")
    c = nodes[nodes["kind"] == "concept"]
    hover = []
    for label in c["label"]:
        row = by_concept.loc[label]
        hover.append(
            f"<b>{html.escape(label)}</b><br>{_wrap(row['definition'], 60)}"
            f"<br><i>{html.escape(_who(row))}</i> · explains: {html.escape(row['explains'])}"
            f"<br>cite: {html.escape(author_year(row['source']))} ({row['confidence']})"
        )
    fig.add_trace(go.Scatter(
        x=c["x"], y=c["y"], mode="markers+text", text=[_wrap(l, 44) for l in c["label"]],
        textposition="top center", textfont=dict(size=11),
        marker=dict(size=11, color=[colour[t] for t in c["theme"]], line=dict(color="white", width=1)),
        hovertext=hover, hovertemplate="%{hovertext}<extra></extra>", name="concepts", showlegend=False,
    ))

    a = nodes[nodes["kind"] == "author"]
    a_hover = _concepts_hover(df, "author", a["label"])
    fig.add_trace(go.Scatter(
        x=a["x"], y=a["y"], mode="markers+text", text=[_wrap(l, 20) for l in a["label"]],
        textposition="middle left", textfont=dict(size=12),
        marker=dict(size=10, symbol="square", color="#4d4d4d"),
        hovertext=a_hover, hovertemplate="%{hovertext}<extra></extra>", name="authors", showlegend=False,
    ))

    t = nodes[nodes["kind"] == "theme"]
    t_hover = _concepts_hover(df, "explains", t["label"])
    fig.add_trace(go.Scatter(
        x=t["x"], y=t["y"], mode="markers+text", text=[_wrap(l, 17) for l in t["label"]],
        textposition="middle right", textfont=dict(size=13),
        marker=dict(size=16, symbol="diamond", color=[colour[x] for x in t["theme"]]),
        hovertext=t_hover, hovertemplate="%{hovertext}<extra></extra>", name="themes", showlegend=False,
    ))
    heads = [("Theorist or author", COLUMN_X["author"]), ("Concept", COLUMN_X["concept"]),
             ("What it explains", COLUMN_X["theme"])]
    for text, x in heads:
        fig.add_annotation(x=x, y=1.0, xref="x", yref="paper", yanchor="bottom", text=f"<b>{text}</b>",
                           showarrow=False, font=dict(size=13), xanchor="center" if x else "right")
    fig.update_layout(
        title=title, height=height, hovermode="closest",
        xaxis=dict(visible=False, range=[-1.2, 4.3], fixedrange=True),
        yaxis=dict(visible=False, range=[-0.04, 1.05], fixedrange=True),
        margin=dict(l=10, r=10, t=90 if title else 50, b=80),
    )
    return fig


# -- frameworks ----------------------------------------------------------------------
def _tint(hex_colour: str, share: float) -> str:
    """Mix a #rrggbb colour with white (``share`` of white, 0-1)."""
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    mix = [round(v + (255 - v) * share) for v in (r, g, b)]
    return "#" + "".join(f"{v:02x}" for v in mix)


def framework_treemap(frameworks: pd.DataFrame, names: Sequence[str] | None = None, *, title: str | None = None) -> go.Figure:
    """Leadership frameworks as treemaps, one per framework, with a dropdown to switch.

    Pass ``ml.load("frameworks")``; ``names`` picks frameworks (default: all,
    in file order). Each domain has its own colour and its elements a lighter
    tint of it; labels name every box. The dropdown works in the static book.
    """
    df = _need(frameworks, FRAMEWORK_COLUMNS, "framework_treemap", 'ml.load("frameworks")')
    present = list(dict.fromkeys(df["framework"]))
    names = present if names is None else as_str_list(names, present, "names")
    unknown = [n for n in names if n not in present]
    if unknown:
        raise EmptySelectionError(f"framework_treemap: no framework named {unknown}; the data hold {present}.")
    if not names:
        raise EmptySelectionError("framework_treemap: choose at least one framework.")
    fig = go.Figure()
    for i, name in enumerate(names):
        rows = df[df["framework"] == name]
        year = int(rows["framework_year"].iloc[0])
        root = f"{name} ({year})"
        ids, labels, parents, colours, hover = [root], [root], [""], ["#f2f2f2"], []
        texts = [html.escape(root)]
        n_domains = rows["domain"].nunique()
        n_elements = int(rows["element"].notna().sum())
        hover.append(f"{n_domains} domains" + (f", {n_elements} elements" if n_elements else "") + f"<br>cite: {html.escape(author_year(rows['source'].iloc[0]))}")
        for j, (domain, part) in enumerate(rows.groupby("domain", sort=False)):
            base = PALETTE[j % (len(PALETTE) - 1)]
            d_id = f"{root}/{domain}"
            ids.append(d_id)
            labels.append(domain)
            texts.append(_wrap(domain, 28))
            parents.append(root)
            colours.append(base)
            k = int(part["element"].notna().sum())
            hover.append((f"{k} elements" if k else "a dimension with no sub-elements") + f"<br>cite: {html.escape(author_year(part['source'].iloc[0]))}")
            for element in part["element"].dropna():
                ids.append(f"{d_id}/{element}")
                labels.append(element)
                texts.append(_wrap(element, 14))
                parents.append(d_id)
                colours.append(_tint(base, 0.55))
                hover.append(f"element of {html.escape(domain)}<br>cite: {html.escape(author_year(part['source'].iloc[0]))}")
        fig.add_trace(go.Treemap(
            ids=ids, labels=labels, parents=parents, name=name, visible=i == 0,
            marker=dict(colors=colours, line=dict(color="white", width=2)),
            text=texts, customdata=hover, hovertemplate="<b>%{label}</b><br>%{customdata}<extra></extra>",
            texttemplate="%{text}", textfont=dict(size=14), tiling=dict(pad=3), pathbar=dict(visible=True),
            root=dict(color="#f2f2f2"),
        ))
    buttons = [
        dict(label=n, method="update", args=[{"visible": [k == i for k in range(len(names))]}])
        for i, n in enumerate(names)
    ]
    fig.update_layout(
        title=title, height=560,
        updatemenus=[dict(type="dropdown", buttons=buttons, x=0, xanchor="left", y=1.0, yanchor="bottom",
                          showactive=True, pad=dict(b=6))],
        margin=dict(t=100 if title else 60, l=10, r=10, b=90),
    )
    return fig


# -- workforce -----------------------------------------------------------------------
def _check_workforce(workforce: pd.DataFrame, providers: pd.DataFrame | None) -> None:
    _need(workforce, WORKFORCE_COLUMNS, "fte_totals", "ml.workforce_fte()")
    if providers is not None:
        _need(providers, ("org_code", "type"), "fte_totals (providers)", "ml.providers()")


def same_trusts(workforce: pd.DataFrame, providers: pd.DataFrame) -> list[str]:
    """ODS codes of trusts (not CCGs) with both manager and consultant FTE in every year of the files."""
    _check_workforce(workforce, providers)
    trusts = set(providers.loc[providers["type"] != "ccg", "org_code"])
    years = workforce["year"].nunique()
    both = workforce.dropna(subset=["managers_fte", "consultants_fte"])
    both = both[both["org_code"].isin(trusts)]
    full = both.groupby("org_code")["year"].nunique()
    return sorted(full[full == years].index)


def fte_totals(
    workforce: pd.DataFrame,
    providers: pd.DataFrame | None = None,
    *,
    coverage: str = "all",
    base_year: int | None = None,
) -> pd.DataFrame:
    """Manager and consultant FTE summed by year, with an index (base year = 100).

    Parameters
    ----------
    workforce:
        ``ml.workforce_fte()``.
    providers:
        ``ml.providers()``; needed when ``coverage="same trusts"``.
    coverage:
        ``"all"``: every organisation in the files, whatever it is and however
        many there are each year. ``"same trusts"``: only trusts that have both
        counts in every year (:func:`same_trusts`), so the set never changes.
    base_year:
        Year set to 100 in the index columns (default: the first year).

    Returns one row per year: ``year, managers_fte, consultants_fte,
    managers_orgs, consultants_orgs, managers_index, consultants_index``.
    """
    if coverage not in ("all", "same trusts"):
        raise ValueError(f"fte_totals: coverage must be 'all' or 'same trusts', not {coverage!r}.")
    if coverage == "same trusts" and providers is None:
        raise ValueError("fte_totals: coverage='same trusts' needs providers=ml.providers() to tell trusts from CCGs.")
    _check_workforce(workforce, providers)
    w = workforce
    if coverage == "same trusts":
        keep = same_trusts(workforce, providers)
        if not keep:
            raise EmptySelectionError("fte_totals: no trust has both counts in every year of this selection.")
        w = w[w["org_code"].isin(keep)]
    g = w.groupby("year")
    out = pd.DataFrame({
        "managers_fte": g["managers_fte"].sum(min_count=1),
        "consultants_fte": g["consultants_fte"].sum(min_count=1),
        "managers_orgs": g["managers_fte"].count(),
        "consultants_orgs": g["consultants_fte"].count(),
    }).reset_index()
    base = int(out["year"].min()) if base_year is None else as_year(base_year, "base_year", where="fte_totals")
    if base not in set(out["year"]):
        raise ValueError(f"fte_totals: base_year {base} is not in the data; choose one of {sorted(out['year'])}.")
    at_base = out.set_index("year").loc[base]
    for what in ("managers", "consultants"):
        out[f"{what}_index"] = 100 * out[f"{what}_fte"] / at_base[f"{what}_fte"]
    out.attrs["coverage"] = coverage
    out.attrs["base_year"] = base
    return out


def pct_change(totals: pd.DataFrame, what: str) -> float:
    """Percentage change in ``what`` ("managers" or "consultants") FTE from the first to the last year."""
    if what not in ("managers", "consultants"):
        raise ValueError(f"pct_change: what must be 'managers' or 'consultants', not {what!r}.")
    _need(totals, ("year", f"{what}_fte"), "pct_change", "the result of fte_totals(...)")
    t = totals.sort_values("year")
    if t["year"].nunique() < 2:
        raise EmptySelectionError(
            f"pct_change: the totals cover {t['year'].nunique()} year(s); a change needs at least two. "
            "Pass fte_totals(...) of a workforce frame with several years."
        )
    first, last = t[f"{what}_fte"].iloc[0], t[f"{what}_fte"].iloc[-1]
    first = nonzero_base(first, "pct_change", f"{what}_fte")
    return float(100 * (last - first) / first)


def fte_index_chart(views: dict[str, pd.DataFrame], *, title: str | None = None) -> go.Figure:
    """Manager and consultant FTE as an index, one view per coverage, with buttons to switch.

    ``views`` maps a button label to a result of :func:`fte_totals`. Managers
    and consultants differ in colour, marker and line style, and each line is
    labelled at its end.
    """
    if not isinstance(views, dict) or not views:
        raise ValueError("fte_index_chart needs a dict such as {'All organisations': fte_totals(...)}.")
    styles = {"managers": (PALETTE[1], "square", "dash", "Managers"),
              "consultants": (PALETTE[0], "circle", "solid", "Consultants")}
    fig = go.Figure()
    labels = list(views)
    for i, (label, totals) in enumerate(views.items()):
        _need(totals, ("year", "managers_index", "consultants_index"), "fte_index_chart", "fte_totals(...)")
        base = totals.attrs.get("base_year", int(totals["year"].min()))
        for what, (colour, symbol, dash, name) in styles.items():
            fig.add_trace(go.Scatter(
                x=totals["year"], y=totals[f"{what}_index"].round(1), mode="lines+markers+text",
                name=name, legendgroup=what, showlegend=False, visible=i == 0,
                text=[""] * (len(totals) - 1) + [f"<b>{name}</b>"], textposition="middle right",
                textfont=dict(color=colour, size=13),
                line=dict(color=colour, dash=dash, width=3), marker=dict(symbol=symbol, size=8, color=colour),
                customdata=list(zip(totals[f"{what}_fte"].round(0), totals[f"{what}_orgs"])),
                hovertemplate=(f"<b>{name}</b>, %{{x}}<br>index %{{y:.1f}} ({base} = 100)"
                               "<br>%{customdata[0]:,.0f} FTE in %{customdata[1]} organisations<extra></extra>"),
            ))
    n = len(labels)
    buttons = [dict(label=l, method="update", args=[{"visible": [k // 2 == i for k in range(2 * n)]}])
               for i, l in enumerate(labels)]
    first = next(iter(views.values()))
    base = first.attrs.get("base_year", int(first["year"].min()))
    fig.add_hline(y=100, line=dict(color="#737373", width=1, dash="dot"))
    fig.update_layout(
        title=title, height=480,
        xaxis=dict(title="Year (financial year starting in April)", tickmode="array",
                   tickvals=sorted(first["year"].unique().tolist()),
                   range=[int(first["year"].min()) - 0.4, int(first["year"].max()) + 2.3]),
        yaxis=dict(title=f"Full-time equivalents, index ({base} = 100)"),
        showlegend=False,
        updatemenus=[dict(type="buttons", direction="right", buttons=buttons, x=0, xanchor="left",
                          y=1.02, yanchor="bottom", showactive=True, pad=dict(b=6))],
        margin=dict(t=100 if title else 70),
        hovermode="closest",
    )
    return fig


BODY_KINDS: tuple[str, ...] = ("trusts", "CCGs", "other bodies")


def managers_by_body(workforce: pd.DataFrame, providers: pd.DataFrame) -> pd.DataFrame:
    """Manager FTE by year and kind of body: trusts, CCGs, and bodies outside the provider list.

    "other bodies" are organisations in the workforce files that
    ``ml.providers()`` does not list (older bodies such as primary care trusts).
    Returns long data: ``year, body, managers_fte, orgs``.
    """
    _check_workforce(workforce, providers)
    kind = providers.set_index("org_code")["type"].map(lambda t: "CCGs" if t == "ccg" else "trusts")
    w = workforce.dropna(subset=["managers_fte"])
    body = w["org_code"].map(kind).fillna("other bodies")
    out = (w.assign(body=body).groupby(["year", "body"])["managers_fte"].agg(["sum", "count"])
           .rename(columns={"sum": "managers_fte", "count": "orgs"}).reset_index())
    grid = pd.MultiIndex.from_product([sorted(w["year"].unique()), BODY_KINDS], names=["year", "body"])
    out = out.set_index(["year", "body"]).reindex(grid, fill_value=0).reset_index()
    out["orgs"] = out["orgs"].astype("int64")
    return out


def managers_by_body_chart(by_body: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Stacked bars of manager FTE by kind of body; colour and hatching both mark the kind."""
    _need(by_body, ("year", "body", "managers_fte", "orgs"), "managers_by_body_chart", "managers_by_body(...)")
    fig = go.Figure()
    for i, body in enumerate(BODY_KINDS):
        part = by_body[by_body["body"] == body]
        fig.add_trace(go.Bar(
            x=part["year"], y=part["managers_fte"].round(0), name=body,
            marker=dict(color=PALETTE[[0, 2, 4][i]],
                        pattern=dict(shape=["", "/", "."][i], fillmode="overlay", fgcolor="white", fgopacity=0.7)),
            customdata=part["orgs"],
            hovertemplate=f"<b>{body}</b>, %{{x}}<br>%{{y:,.0f}} manager FTE in %{{customdata}} organisations<extra></extra>",
        ))
    fig.update_layout(
        title=title, barmode="stack", height=440,
        xaxis=dict(title="Year (financial year starting in April)", dtick=1),
        yaxis=dict(title="Managers, full-time equivalents"),
        legend=dict(orientation="h", x=0, y=1.02, yanchor="bottom", traceorder="normal"),
    )
    return fig


# -- statement sorting ---------------------------------------------------------------
LENSES: tuple[str, ...] = ("professionalization", "practice", "discourse")


@dataclass(frozen=True)
class Statement:
    """One teaching statement: a paraphrase of a position in a cited work, and its lens."""

    text: str
    lens: str
    source: str  # BibTeX key in references.bib
    cite: str  # author-year label for feedback in the widget


STATEMENTS: tuple[Statement, ...] = (
    Statement("A faculty with its own standards and fellowship gives medical leadership the institutions of a profession.",
              "professionalization", "hsrcndprofessionalization", "Health Services Research Centre, n.d."),
    Statement("Talk of leadership enlists practitioners in the aims of policy and makes carrying them out everyone's responsibility.",
              "discourse", "martin2012critical", "Martin and Learmonth 2012"),
    Statement("Medical leadership grew out of audit, risk management and meetings that review cases that went well or badly.",
              "practice", "hsrcndprofessionalization", "Health Services Research Centre, n.d."),
    Statement("Doctors keep control of their knowledge by taking on management work themselves, before managers can.",
              "professionalization", "waring2009managing", "Waring and Currie 2009"),
    Statement("Reformers now describe the agents of public-service change as leaders, a vocabulary that grew out of managerialism.",
              "discourse", "oreilly2011grit", "O'Reilly and Reed 2011"),
    Statement("Medical students would rather learn leadership in the setting of clinical work than apart from it.",
              "practice", "quince2014leadership", "Quince et al. 2014"),
    Statement("An occupation wins a protected market for its services by controlling training, credentials and entry.",
              "professionalization", "larson1977rise", "Larson 1977"),
    Statement("What people routinely do together makes meaning, forms identities and produces order.",
              "practice", "nicolini2012practice", "Nicolini 2012"),
    Statement("Leadership may become a label that doctors display rather than a way of working they believe in.",
              "discourse", "iliffe2019medical", "Iliffe and Manthorpe 2019"),
)


def score_sorting(answers: Sequence[str | None], statements: Sequence[Statement] = STATEMENTS) -> list[bool | None]:
    """For each statement: True (right lens), False (wrong lens) or None (not answered)."""
    if isinstance(answers, str) or not isinstance(answers, Sequence):
        raise TypeError("score_sorting needs a list with one lens (or None) per statement, e.g. ['practice', None, ...].")
    if len(answers) != len(statements):
        raise ValueError(f"score_sorting: {len(answers)} answers for {len(statements)} statements; give one per statement (None if unanswered).")
    bad = [a for a in answers if a is not None and a not in LENSES]
    if bad:
        raise ValueError(f"score_sorting: {bad} are not lenses; use one of {list(LENSES)} or None.")
    return [None if a is None else a == s.lens for a, s in zip(answers, statements)]


def sorting_feedback(answers: Sequence[str | None], statements: Sequence[Statement] = STATEMENTS) -> tuple[list[str], str]:
    """Text feedback per statement and a one-line summary (words and symbols, never colour alone)."""
    scores = score_sorting(answers, statements)
    lines = []
    for score, s in zip(scores, statements):
        if score is None:
            lines.append("— not answered yet")
        elif score:
            lines.append(f"✓ right: {s.lens} ({s.cite})")
        else:
            lines.append("✗ not this lens: reread the statement and try again")
    right = sum(bool(x) for x in scores)
    answered = sum(x is not None for x in scores)
    summary = f"{right} of {len(statements)} right" + ("" if answered == len(statements) else f" ({len(statements) - answered} not answered)")
    return lines, summary


def statement_sorter(statements: Sequence[Statement] = STATEMENTS):
    """An ipywidgets exercise: choose a lens for each statement, then press *Check*.

    Feedback is written into label widgets by an ``on_click`` callback (no
    Output widget). It runs live on Binder or in Jupyter; in the static book it
    is only a picture, so the chapter gives a static version too.
    """
    import ipywidgets as widgets

    if not statements:
        raise EmptySelectionError("statement_sorter: no statements to sort.")
    options = [("choose a lens…", None)] + [(lens, lens) for lens in LENSES]
    dropdowns, feedback, rows = [], [], []
    for i, s in enumerate(statements, start=1):
        dd = widgets.Dropdown(options=options, value=None, layout=widgets.Layout(width="190px"),
                              description_allow_html=False)
        fb = widgets.Label(value="")
        text = widgets.HTML(f"<b>{i}.</b> {html.escape(s.text)}", layout=widgets.Layout(width="460px"))
        dropdowns.append(dd)
        feedback.append(fb)
        rows.append(widgets.HBox([text, dd, fb]))
    button = widgets.Button(description="Check", button_style="primary", icon="check")
    summary = widgets.Label(value="Choose a lens for each statement, then press Check.")

    def check(_: object = None) -> None:
        lines, total = sorting_feedback([d.value for d in dropdowns], statements)
        for fb, line in zip(feedback, lines):
            fb.value = line
        summary.value = total

    button.on_click(check)
    box = widgets.VBox([*rows, widgets.HBox([button, summary])])
    box.dropdowns, box.feedback, box.summary, box.check = dropdowns, feedback, summary, check
    return box


__all__ = [
    "concept_layout", "concept_map", "framework_treemap", "same_trusts", "fte_totals", "pct_change",
    "fte_index_chart", "managers_by_body", "managers_by_body_chart", "BODY_KINDS", "LENSES", "Statement", "STATEMENTS", "score_sorting", "sorting_feedback", "statement_sorter",
]

"""Six years on: the 2024 NHS Staff Survey set beside the 2012-2019 series (chapters 3 and 4).

The questionnaire was redesigned in 2021, so only some items carry over
(``ml.load("survey_item_map")``) and the engagement score moved from a 1-5
to a 0-10 scale. These functions compare what can be compared, and count
what cannot:

- :func:`item_pairs` -- the pairs of old and new items that the map allows;
- :func:`continuity` -- which trusts are in both years, only in the old year
  (merged, renamed or closed) or only in 2024 (new codes), never dropped silently;
- :func:`matched_items` and :func:`change_summary` -- the same trusts' % positive
  in 2018 and 2024, and the change in median and spread (IQR);
- :func:`rank_persistence` -- Spearman's rank correlation of trusts' engagement in
  the last year of the old series and in 2024, with a Fisher-z interval and a
  bootstrap check (ranks sidestep the change of scale);
- :func:`funnel_2024` and :func:`funnel_figure` -- a funnel plot of one 2024
  manager item with the real number of responses, built on the funnel machinery
  of :mod:`mlhelpers.variation`;
- :func:`practice_frame` -- the 2024 items in the format of chapter 3's survey explorer.

Inputs are the tidy frames of :func:`mlhelpers.staff_survey_managers`,
:func:`mlhelpers.staff_survey_2024` and :func:`mlhelpers.engagement_index`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from scipy import stats

from . import variation as v
from .errors import EmptySelectionError, ValueNotAllowedError
from .validate import as_str_list, require_frame

#: The book's trust types (as :data:`mlhelpers.TRUST_TYPES`).
TRUST_TYPES: tuple[str, ...] = ("acute", "mental health", "community", "ambulance")
MATCHES: tuple[str, ...] = ("same", "similar", "none")

_OLD_HINT = "ml.staff_survey_managers()"
_NEW_HINT = "ml.staff_survey_2024()"
_MAP_HINT = 'ml.load("survey_item_map")'


def _types(types: str | Sequence[str] | None) -> list[str]:
    out = as_str_list(types, TRUST_TYPES, "trust type")
    bad = [t for t in out if t not in TRUST_TYPES]
    if bad:
        raise ValueNotAllowedError(f"Unknown trust type(s) {bad}; choose from {list(TRUST_TYPES)}.")
    return out


def _year(old: pd.DataFrame, year: int | None, what: str) -> int:
    years = sorted(int(y) for y in old["year"].dropna().unique())
    if year is None:
        return years[-1]
    if not isinstance(year, (int, np.integer)) or isinstance(year, bool) or int(year) not in years:
        raise ValueNotAllowedError(f"{what}: old_year must be one of the years in the data {years}, not {year!r}.")
    return int(year)


def item_pairs(item_map: pd.DataFrame, match: str | Sequence[str] = "same") -> pd.DataFrame:
    """Old and new items that the curated map pairs, for the given kinds of ``match``.

    Parameters
    ----------
    item_map : DataFrame
        ``ml.load("survey_item_map")``.
    match : str or list of str
        ``"same"`` (default: unchanged statements), ``"similar"``, or both.
        ``"none"`` pairs nothing and is refused.

    Returns
    -------
    DataFrame with ``item_2012_2018``, ``item_2021_on``, ``match``, ``wording_old``,
    ``wording_new``, one row per pair of manager items (the engagement row is left out).
    """
    require_frame(item_map, ["item_2012_2018", "item_2021_on", "match"], "item_pairs", _MAP_HINT)
    kinds = as_str_list(match, ["same"], "match")
    bad = [k for k in kinds if k not in ("same", "similar")]
    if bad:
        raise ValueNotAllowedError(f"item_pairs: match must be 'same' and/or 'similar', not {bad}.")
    m = item_map[item_map["match"].isin(kinds) & item_map["item_2012_2018"].notna()
                 & item_map["item_2021_on"].notna() & item_map["item_2021_on"].ne("engagement")]
    cols = ["item_2012_2018", "item_2021_on", "match"] + [c for c in ("wording_old", "wording_new") if c in m]
    return m[cols].reset_index(drop=True)


def continuity(old_codes: Sequence[str] | pd.Series, new: pd.DataFrame, *, old_label: str = "2018",
               new_label: str = "2024", names: pd.Series | None = None) -> pd.DataFrame:
    """Coverage table: trusts in both years, only in the old year, only in the new one.

    Trusts are matched by ODS code only. A code present only in the old year
    belongs to a trust that merged, was renamed (a new code) or closed; a code
    present only in 2024 is a new trust code (often a merger) or a trust the
    old file did not cover (e.g. a specialist trust). Nothing is dropped
    without being counted here.

    Parameters
    ----------
    old_codes : list or Series of str
        ODS codes of the trusts in the old year.
    new : DataFrame
        The 2024 frame (must have ``org_code``), already restricted to the
        trust types being compared.
    old_label, new_label : str
        Labels of the two years in the table.
    names : Series, optional
        ``org_code`` -> name, used to list the codes in ``codes``.

    Returns
    -------
    DataFrame with ``group``, ``trusts`` and ``codes`` (the ODS codes, comma separated),
    and ``attrs`` ``{"both": set, "only_old": set, "only_new": set}``.
    """
    require_frame(new, ["org_code"], "continuity", _NEW_HINT, allow_empty=True)
    old = set(pd.Series(list(old_codes), dtype="object").dropna().astype(str))
    nw = set(new["org_code"].dropna().astype(str))
    groups = {
        f"in both {old_label} and {new_label}": old & nw,
        f"only in {old_label} (merged, renamed or closed)": old - nw,
        f"only in {new_label} (new code, or not covered in {old_label})": nw - old,
    }

    def label(codes: set[str]) -> str:
        if names is None:
            return ", ".join(sorted(codes))
        return "; ".join(f"{c} {names.get(c, '')}".strip() for c in sorted(codes))

    out = pd.DataFrame({"group": list(groups), "trusts": [len(g) for g in groups.values()],
                        "codes": [label(g) if len(g) <= 40 else f"{len(g)} codes" for g in groups.values()]})
    out.attrs.update({"both": old & nw, "only_old": old - nw, "only_new": nw - old})
    return out


def matched_items(old: pd.DataFrame, new: pd.DataFrame, item_map: pd.DataFrame, *, old_year: int | None = None,
                  match: str | Sequence[str] = "same", types: str | Sequence[str] | None = "acute") -> pd.DataFrame:
    """The same trusts' % positive on each pair of mapped items, in the old year and in 2024.

    Parameters
    ----------
    old : DataFrame
        ``ml.staff_survey_managers()`` (long, items 7a-8d, 2012-2018).
    new : DataFrame
        ``ml.staff_survey_2024()`` (long, items q9a-q9i).
    item_map : DataFrame
        ``ml.load("survey_item_map")``.
    old_year : int, optional
        Year of the old series (default its last, 2018).
    match : str or list of str
        Which pairs (see :func:`item_pairs`); default ``"same"``.
    types : str or list of str
        2024 trust types to compare (default ``"acute"``, the types the 2018
        survey file covers; acute specialist trusts are acute).

    Returns
    -------
    Long DataFrame: ``org_code``, ``name``, ``item_old``, ``item_new``, ``pct_old``,
    ``pct_new``, ``change`` (percentage points), ``base_n``. ``attrs["coverage"]`` is
    the :func:`continuity` table and ``attrs["old_year"]`` the year used.
    """
    require_frame(old, ["org_code", "year", "question", "pct_positive"], "matched_items", _OLD_HINT)
    require_frame(new, ["org_code", "name", "type", "question", "pct_positive", "base_n"], "matched_items", _NEW_HINT)
    year = _year(old, old_year, "matched_items")
    kinds = _types(types)
    pairs = item_pairs(item_map, match)
    if pairs.empty:
        raise EmptySelectionError(f"matched_items: the map pairs no items with match={match!r}.")
    o = old[old["year"] == year]
    n = new[new["type"].isin(kinds)]
    names = n.drop_duplicates("org_code").set_index("org_code")["name"]
    cov = continuity(o["org_code"].unique(), n.drop_duplicates("org_code"), old_label=str(year),
                     names=None)
    rows = []
    for _, p in pairs.iterrows():
        a = o[o["question"] == p["item_2012_2018"]][["org_code", "pct_positive"]].rename(columns={"pct_positive": "pct_old"})
        b = n[n["question"] == p["item_2021_on"]][["org_code", "pct_positive", "base_n"]].rename(
            columns={"pct_positive": "pct_new"})
        both = a.merge(b, on="org_code", how="inner", validate="one_to_one")
        both.insert(1, "item_old", p["item_2012_2018"])
        both.insert(2, "item_new", p["item_2021_on"])
        rows.append(both)
    out = pd.concat(rows, ignore_index=True)
    out.insert(1, "name", out["org_code"].map(names))
    out["change"] = out["pct_new"] - out["pct_old"]
    out = out[["org_code", "name", "item_old", "item_new", "pct_old", "pct_new", "change", "base_n"]]
    out.attrs["coverage"] = cov
    out.attrs["old_year"] = year
    return out.sort_values(["item_old", "org_code"], ignore_index=True)


def change_summary(matched: pd.DataFrame) -> pd.DataFrame:
    """Per item pair, the change in median and spread (IQR) across the same trusts.

    Parameters
    ----------
    matched : DataFrame
        :func:`matched_items`.

    Returns
    -------
    One row per pair: ``item_old``, ``item_new``, ``trusts``, ``median_old``,
    ``median_new``, ``median_change`` (new minus old median), ``iqr_old``,
    ``iqr_new``, ``iqr_change``, ``median_within`` (median of each trust's own
    change) and ``share_rose`` (% of trusts whose value rose). Percentages 0-100
    and percentage points.
    """
    require_frame(matched, ["item_old", "item_new", "pct_old", "pct_new", "change"], "change_summary",
                  "mlhelpers.six_years.matched_items(...)")

    def iqr(s: pd.Series) -> float:
        return float(s.quantile(0.75) - s.quantile(0.25))

    rows = []
    for (io, inew), g in matched.groupby(["item_old", "item_new"], sort=True):
        g = g.dropna(subset=["pct_old", "pct_new"])
        rows.append({
            "item_old": io, "item_new": inew, "trusts": len(g),
            "median_old": float(g["pct_old"].median()), "median_new": float(g["pct_new"].median()),
            "median_change": float(g["pct_new"].median() - g["pct_old"].median()),
            "iqr_old": iqr(g["pct_old"]), "iqr_new": iqr(g["pct_new"]),
            "iqr_change": iqr(g["pct_new"]) - iqr(g["pct_old"]),
            "median_within": float(g["change"].median()),
            "share_rose": float((g["change"] > 0).mean() * 100),
        })
    return pd.DataFrame(rows)


def bootstrap_ci(x: Sequence[float], y: Sequence[float], *, n_boot: int = 2000, level: float = 0.95,
                 seed: int = 2024) -> tuple[float, float]:
    """Percentile bootstrap interval of Spearman's rho, resampling trusts with a fixed ``seed``."""
    a, b = np.asarray(x, float), np.asarray(y, float)
    if a.shape != b.shape or a.size < 4:
        raise v.TooFewTrustsError(f"bootstrap_ci: needs two equal-length series of at least 4 trusts ({a.size}).")
    if not 0 < level < 1 or n_boot < 100:
        raise ValueError("bootstrap_ci: level is between 0 and 1 and n_boot at least 100.")
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, a.size, size=(n_boot, a.size))
    ra = stats.rankdata(a[idx], axis=1)
    rb = stats.rankdata(b[idx], axis=1)
    ra -= ra.mean(axis=1, keepdims=True)
    rb -= rb.mean(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        rho = (ra * rb).sum(axis=1) / np.sqrt((ra**2).sum(axis=1) * (rb**2).sum(axis=1))
    rho = rho[np.isfinite(rho)]
    lo, hi = np.quantile(rho, [(1 - level) / 2, (1 + level) / 2])
    return float(lo), float(hi)


def rank_persistence(engagement: pd.DataFrame, themes: pd.DataFrame, *, old_year: int | None = None,
                     level: float = 0.95, seed: int = 2024) -> tuple[v.Correlation, pd.DataFrame]:
    """Do trusts keep their place? Spearman's rho of engagement, old series against 2024.

    The old engagement index is on a 1-5 scale and the 2024 Staff Engagement
    theme on a 0-10 scale, built after the 2021 redesign; ranks sidestep the
    change of scale (they use only the order of trusts within each year), but
    not a change in what the score measures.

    Parameters
    ----------
    engagement : DataFrame
        ``ml.engagement_index()`` (acute trusts, 2012-2019).
    themes : DataFrame
        ``ml.staff_survey_2024("themes")``.
    old_year : int, optional
        Year of the old series (default its last, 2019).
    level : float
        Confidence level of the intervals.
    seed : int
        Seed of the bootstrap check.

    Returns
    -------
    (Correlation, table): the :class:`mlhelpers.variation.Correlation` (Fisher z
    interval with Bonett and Wright's standard error) and the matched trusts
    (``org_code``, ``engagement_old``, ``engagement_2024``, ranks). The table's
    ``attrs`` hold ``coverage`` (:func:`continuity` for acute trusts),
    ``bootstrap_ci`` and ``old_year``.
    """
    require_frame(engagement, ["org_code", "year", "engagement_index"], "rank_persistence", "ml.engagement_index()")
    require_frame(themes, ["org_code", "type", "engagement_score"], "rank_persistence",
                  'ml.staff_survey_2024("themes")')
    year = _year(engagement, old_year, "rank_persistence")
    old = engagement[(engagement["year"] == year) & engagement["engagement_index"].notna()]
    new = themes[themes["type"].eq("acute") & themes["engagement_score"].notna()]
    cov = continuity(old["org_code"].unique(), new, old_label=str(year))
    both = old[["org_code", "engagement_index"]].rename(columns={"engagement_index": "engagement_old"}).merge(
        new[["org_code", "name", "engagement_score"]].rename(columns={"engagement_score": "engagement_2024"}),
        on="org_code", how="inner", validate="one_to_one")
    res = v.correlation(both, "engagement_old", "engagement_2024", method="spearman", level=level)
    both["rank_old"] = both["engagement_old"].rank(ascending=False)
    both["rank_2024"] = both["engagement_2024"].rank(ascending=False)
    both.attrs.update({"coverage": cov, "old_year": year,
                       "bootstrap_ci": bootstrap_ci(both["engagement_old"], both["engagement_2024"], level=level,
                                                    seed=seed)})
    return res, both.sort_values("rank_2024", ignore_index=True)


def funnel_2024(items: pd.DataFrame, question: str = "q9c", *, types: str | Sequence[str] | None = "acute",
                overdispersed: bool = True) -> tuple[pd.DataFrame, dict[str, float]]:
    """Place trusts on a funnel plot of one 2024 manager item, with the real number of responses.

    Uses :func:`mlhelpers.variation.overdispersion` and
    :func:`~mlhelpers.variation.funnel_flags` on ``pct_positive`` against
    ``base_n``. The workbook's percentages are weighted (by occupation group)
    while ``base_n`` counts unweighted responses, so the limits are approximate.

    Returns
    -------
    (flags, od): the trusts with their limits and ``flag``, and the
    over-dispersion estimate ``{"p0", "phi", "tau2", "n"}``. With
    ``overdispersed`` the limits are widened by ``tau2``.
    """
    require_frame(items, ["org_code", "type", "question", "pct_positive", "base_n"], "funnel_2024", _NEW_HINT)
    qs = sorted(items["question"].unique())
    if question not in qs:
        raise ValueNotAllowedError(f"funnel_2024: question {question!r} is not in the data; choose from {qs}.")
    kinds = _types(types)
    d = items[(items["question"] == question) & items["type"].isin(kinds)].copy()
    d["base_n"] = d["base_n"].astype("float64")
    od = v.overdispersion(d, "pct_positive", "base_n")
    flags = v.funnel_flags(d, "pct_positive", "base_n", tau2=od["tau2"] if overdispersed else 0.0)
    return flags, od


FLAG_STYLE: dict[str, tuple[int | str, str]] = {  # flag -> (PALETTE index or colour, marker symbol)
    "above 99.8%": (2, "triangle-up"), "above 95%": (5, "triangle-up-open"), "within 95%": ("#737373", "circle"),
    "below 95%": (4, "triangle-down-open"), "below 99.8%": (1, "triangle-down"),
}


def funnel_figure(flags: pd.DataFrame, od: dict[str, float], *, title: str, x_title: str, y_title: str,
                  tau2: float = 0.0, palette: Sequence[str] | None = None) -> go.Figure:
    """A funnel plot in the style of chapter 4's: limits, trusts by flag, the average.

    ``flags`` is :func:`funnel_2024`'s (or :func:`mlhelpers.variation.funnel_flags`')
    result with ``pct_positive`` and ``base_n`` and ``name``; ``tau2`` must be
    the one the flags were computed with.
    """
    require_frame(flags, ["pct_positive", "base_n", "flag", "name"], "funnel_figure",
                  "mlhelpers.six_years.funnel_2024(...)[0]")
    if palette is None:
        from .style import PALETTE as palette  # noqa: N811 (local import keeps this module light)
    n = flags["base_n"].astype(float)
    ns = np.geomspace(max(n.min() * 0.9, 10), n.max() * 1.05, 60)
    lim = v.funnel_limits(od["p0"], ns, tau2=tau2)
    fig = go.Figure()
    for lvl, dash, label in (("95", "dash", "95% limits"), ("998", "solid", "99.8% limits")):
        for side in ("lower", "upper"):
            fig.add_trace(go.Scatter(
                x=lim["n"].round(0), y=lim[f"{side}_{lvl}"].round(2), mode="lines", hoverinfo="skip",
                line=dict(color=palette[6], dash=dash, width=1.5), name=label, showlegend=side == "lower",
                legendgroup=lvl,
            ))
    for flag, (col, sym) in FLAG_STYLE.items():
        d = flags[flags["flag"] == flag]
        colour = palette[col] if isinstance(col, int) else col
        fig.add_trace(go.Scatter(
            x=d["base_n"].astype(float), y=d["pct_positive"].round(1), mode="markers", name=f"{flag} ({len(d)})",
            marker=dict(size=7, symbol=sym, color=colour, line=dict(width=1, color=colour)), text=d["name"],
            hovertemplate="%{text}<br>%{y:.0f}% of %{x} responses<extra></extra>",
        ))
    fig.add_hline(y=od["p0"], line_color=palette[6], line_width=1, annotation_text=f"average {od['p0']:.1f}%",
                  annotation_position="top right")
    fig.update_layout(title=dict(text=title, font=dict(size=16)), height=520, xaxis_title=x_title,
                      yaxis_title=y_title, xaxis_type="log", legend=dict(orientation="v", x=1.01, y=1),
                      margin=dict(t=80, r=200))
    return fig


def practice_frame(items: pd.DataFrame) -> pd.DataFrame:
    """The 2024 manager items in the long format of chapter 3's survey explorer.

    Turns :func:`mlhelpers.staff_survey_2024` (trusts only) into the columns of
    :func:`mlhelpers.practice.survey_by_type` (``year`` 2024, ``group``
    "immediate manager", ``label`` from :data:`mlhelpers.practice.ITEM_LABELS_2021`,
    ``n`` = ``base_n``), so that ``practice.spread_figure`` and
    ``practice.trust_picker`` can show 2024 beside the older years.
    """
    from .practice import ITEM_LABELS_2021

    require_frame(items, ["org_code", "name", "type", "question", "wording", "pct_positive", "base_n"],
                  "practice_frame", _NEW_HINT)
    d = items[items["type"].isin(TRUST_TYPES)]
    out = pd.DataFrame({
        "org_code": d["org_code"], "name": d["name"], "type": d["type"], "year": 2024, "question": d["question"],
        "label": d["question"].map(ITEM_LABELS_2021), "group": "immediate manager", "wording": d["wording"],
        "pct_positive": d["pct_positive"], "n": d["base_n"],
    })
    return out.sort_values(["question", "type", "org_code"], ignore_index=True)


# -- between the two surveys: the NHS-Gender selection, 2021-2024 -----------------------------
#: Benchmarking groups of :func:`mlhelpers.staff_wellbeing_2021_2024` -> the book's trust types.
#: Other groups (ICBs, CCGs, CSUs, social enterprises) are not trusts and are left out, counted.
WELLBEING_TYPES: dict[str, str] = {
    "Acute and Acute & Community Trusts": "acute",
    "Acute Specialist Trusts": "acute",
    "Mental Health & Learning Disability and Mental Health, Learning Disability & Community Trusts": "mental health",
    "Community Trusts": "community",
    "Ambulance Trusts": "ambulance",
}
_WELLBEING_HINT = "ml.staff_wellbeing_2021_2024()"


def wellbeing_trend(wellbeing: pd.DataFrame, measure: str = "harassment_manager_pct") -> pd.DataFrame:
    """Median and quartiles of one 2021-2024 staff survey measure, by trust type and year.

    ``wellbeing`` is :func:`mlhelpers.staff_wellbeing_2021_2024`'s frame;
    ``measure`` one of its ``_pct`` columns (by default the share of staff
    reporting harassment, bullying or abuse from managers). Returns one row per
    trust type and year with ``median``, ``q1``, ``q3`` and ``trusts`` (those
    with a value). Organisations that are not trusts are left out and counted
    in ``attrs["excluded"]``, and trusts without a value in ``attrs["missing"]``.
    """
    require_frame(wellbeing, ["org_code", "year", "benchmarking_group"], "wellbeing_trend", _WELLBEING_HINT)
    if not isinstance(measure, str):
        raise ValueNotAllowedError(f"wellbeing_trend: measure must be a column name such as "
                                   f"'harassment_manager_pct', not {type(measure).__name__}.")
    pcts = [c for c in wellbeing.columns if c.endswith("_pct")]
    if measure not in pcts:
        raise ValueNotAllowedError(f"wellbeing_trend: no measure {measure!r}; choose from {pcts}.")
    kind = wellbeing["benchmarking_group"].map(WELLBEING_TYPES)
    trusts = wellbeing.assign(type=kind)[kind.notna()]
    have = trusts[trusts[measure].notna()]
    if have.empty:
        raise EmptySelectionError(f"wellbeing_trend: no trust has a value of {measure!r}.")
    g = have.groupby(["type", "year"])[measure]
    out = pd.DataFrame({"median": g.median(), "q1": g.quantile(0.25), "q3": g.quantile(0.75),
                        "trusts": g.size()}).reset_index()
    out["type"] = pd.Categorical(out["type"], categories=list(TRUST_TYPES), ordered=True)
    out = out.sort_values(["type", "year"], ignore_index=True)
    out["type"] = out["type"].astype(str)
    out.attrs["excluded"] = int(kind.isna().sum())
    out.attrs["missing"] = int(len(trusts) - len(have))
    out.attrs["measure"] = measure
    return out


def wellbeing_trend_figure(trend: pd.DataFrame, *, title: str, y_title: str,
                           palette: Sequence[str] | None = None) -> go.Figure:
    """Lines of :func:`wellbeing_trend`'s medians by trust type, one marker per survey year."""
    require_frame(trend, ["type", "year", "median", "q1", "q3", "trusts"], "wellbeing_trend_figure",
                  "mlhelpers.six_years.wellbeing_trend(ml.staff_wellbeing_2021_2024())")
    if palette is None:
        from .style import PALETTE as palette  # noqa: N811
    fig = go.Figure()
    for i, (kind, d) in enumerate(trend.groupby("type", sort=False)):
        fig.add_trace(go.Scatter(
            x=d["year"], y=d["median"].round(1), mode="lines+markers", name=kind,
            line=dict(color=palette[i % len(palette)], width=2), marker=dict(size=8),
            customdata=np.stack([d["q1"].round(1), d["q3"].round(1), d["trusts"]], axis=-1),
            hovertemplate=(f"{kind}, %{{x}}<br>median %{{y:.1f}}%<br>middle half %{{customdata[0]:.1f}}"
                           "–%{customdata[1]:.1f}%<br>%{customdata[2]} trusts<extra></extra>"),
        ))
    years = sorted(trend["year"].unique())
    fig.update_layout(title=dict(text=title), xaxis=dict(title="survey year", tickmode="array", tickvals=years),
                      yaxis=dict(title=y_title, rangemode="tozero"), height=440,
                      legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0))
    return fig

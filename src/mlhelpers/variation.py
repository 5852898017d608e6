"""Analyses of variation between NHS trusts (chapter 4).

Small, tested building blocks for the trust panel of :func:`mlhelpers.trust_panel`:

- :func:`summarise` -- spread of a measure by group (quartiles, not just means);
- :func:`correlation` -- Pearson or Spearman r with a Fisher-z confidence interval and n;
- :func:`ols` -- a linear model (statsmodels) reporting coefficients, CIs and n;
- :func:`funnel_limits` and :func:`funnel_flags` -- control limits for a proportion
  against the number of respondents, and which trusts fall outside them;
- :func:`within_trust_change` -- change in a measure between a first and a last year;
- :func:`latest_cqc`, :func:`add_engagement`, :func:`cross_section` -- the joins the
  chapter uses, each counting the trusts it keeps and why the others drop out;
- :func:`find_trust`, :func:`percentile_profile` -- look up a trust by part of its name
  and place it among the others.

Every function checks its input and raises a named :mod:`mlhelpers.errors` error
that says what is wrong and how to fix it.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from .errors import EmptySelectionError, MlhelpersError
from .validate import as_str_list, as_year, as_years, require_distinct, require_frame, require_percentages, require_values

#: Two-sided coverage of the funnel plot's inner and outer control limits.
FUNNEL_LEVELS: tuple[float, float] = (0.95, 0.998)


class TooFewTrustsError(EmptySelectionError):
    """Too few trusts (complete rows) are left for the statistic asked for."""


class TrustNotFoundError(EmptySelectionError):
    """No trust name or code matches the text searched for."""


# -- input checks ---------------------------------------------------------------------------
_PANEL_HINT = "ml.trust_panel() (or add the column first, e.g. with add_engagement())"
_SURVEY_HINT = "rows of ml.staff_survey_managers() for one year and question (columns pct_positive and n)"


def _need(df: pd.DataFrame, columns: Iterable[str], where: str, hint: str = _PANEL_HINT) -> None:
    require_frame(df, columns, where, hint, allow_empty=True)


def _numeric(s: pd.Series, name: str, where: str) -> pd.Series:
    """``s`` as float, or a clear error if it is not numeric (ordered categoricals become their codes)."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        if not s.cat.ordered:
            raise TypeError(f"{where}: column {name!r} is an unordered category; use a numeric column.")
        return s.cat.codes.where(s.notna()).astype(float)
    try:
        return pd.to_numeric(s, errors="raise").astype(float)
    except (TypeError, ValueError):
        raise TypeError(f"{where}: column {name!r} is not numeric (dtype {s.dtype}); pick a numeric measure.") from None


# -- description -------------------------------------------------------------------------------
def summarise(df: pd.DataFrame, value: str, by: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Spread of ``value`` across trusts: n, min, quartiles, max and mean, per group.

    Rows where ``value`` is missing are left out (and counted as ``n_missing``).

    Parameters
    ----------
    df:
        Usually a selection of :func:`mlhelpers.trust_panel` (one row per trust for
        a single year, so each trust counts once).
    value:
        The numeric column to summarise, e.g. ``"managers_per_consultant"``.
    by:
        Column(s) to group by (e.g. ``"type"``); None for one overall row.

    Returns
    -------
    DataFrame with the group column(s) and ``n, n_missing, min, q1, median, q3, max, mean``.
    """
    groups = [] if by is None else ([by] if isinstance(by, str) else list(by))
    _need(df, [value, *groups], "summarise")
    if df.empty:
        raise EmptySelectionError("summarise: the frame has no rows; check the year or type you selected.")
    x = df[groups].copy()
    x["_v"] = _numeric(df[value], value, "summarise")
    keys = groups if groups else (lambda _: "all")
    rows = []
    for key, part in x.groupby(keys, sort=True, observed=True):
        v = part["_v"].dropna()
        row = dict(zip(groups, key if isinstance(key, tuple) else (key,))) if groups else {}
        row.update(
            n=int(v.size), n_missing=int(part["_v"].isna().sum()),
            min=v.min() if v.size else np.nan, q1=v.quantile(0.25) if v.size else np.nan,
            median=v.median() if v.size else np.nan, q3=v.quantile(0.75) if v.size else np.nan,
            max=v.max() if v.size else np.nan, mean=v.mean() if v.size else np.nan,
        )
        rows.append(row)
    out = pd.DataFrame(rows)
    if out["n"].sum() == 0:
        raise EmptySelectionError(f"summarise: every value of {value!r} is missing in this selection.")
    return out


# -- correlation ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Correlation:
    """A correlation coefficient with its confidence interval and the number of trusts behind it."""

    x: str
    y: str
    method: str
    r: float
    ci_low: float
    ci_high: float
    p: float
    n: int
    n_dropped: int
    level: float = 0.95

    def as_dict(self) -> dict:
        return {
            "x": self.x, "y": self.y, "method": self.method, "r": self.r,
            "ci_low": self.ci_low, "ci_high": self.ci_high, "p": self.p, "n": self.n, "n_dropped": self.n_dropped,
        }

    def __str__(self) -> str:
        pct = round(self.level * 100)
        return (f"{self.method} r = {self.r:.2f} ({pct}% CI {self.ci_low:.2f} to {self.ci_high:.2f}), "
                f"n = {self.n} trusts")


def fisher_ci(r: float, n: int, level: float = 0.95, method: str = "pearson") -> tuple[float, float]:
    """Confidence interval of a correlation by Fisher's z transformation.

    The standard error of ``atanh(r)`` is ``1/sqrt(n-3)`` for Pearson's r and
    ``sqrt((1 + r**2/2)/(n-3))`` for Spearman's rho (Bonett and Wright's
    approximation). Needs n >= 4.
    """
    if method not in ("pearson", "spearman"):
        raise ValueError(f"fisher_ci: method must be 'pearson' or 'spearman', not {method!r}.")
    if n < 4:
        raise TooFewTrustsError(f"fisher_ci: a confidence interval needs at least 4 trusts; there are {n}.")
    if not 0 < level < 1:
        raise ValueError(f"fisher_ci: level must be between 0 and 1 (e.g. 0.95), not {level!r}.")
    if abs(r) >= 1:
        return (float(r), float(r))
    se = math.sqrt((1 + r * r / 2) / (n - 3)) if method == "spearman" else 1 / math.sqrt(n - 3)
    z = math.atanh(r)
    q = stats.norm.ppf(0.5 + level / 2)
    return (math.tanh(z - q * se), math.tanh(z + q * se))


def correlation(df: pd.DataFrame, x: str, y: str, method: str = "pearson", level: float = 0.95) -> Correlation:
    """Correlation between two trust-level measures, with a CI and the n it rests on.

    Rows missing either measure are dropped (counted in ``n_dropped``).
    Ordered categoricals (such as CQC ratings) are used as their scores 0, 1, 2 ...;
    use ``method="spearman"`` for them.

    Raises
    ------
    MissingColumnError
        ``x`` or ``y`` is not a column.
    TooFewTrustsError
        Fewer than 4 complete rows, or one measure does not vary.
    """
    _need(df, [x, y], "correlation")
    require_distinct(x, y, "correlation")
    require_values(df, [x, y], "correlation")
    if method not in ("pearson", "spearman"):
        raise ValueError(f"correlation: method must be 'pearson' or 'spearman', not {method!r}.")
    a = _numeric(df[x], x, "correlation")
    b = _numeric(df[y], y, "correlation")
    ok = a.notna() & b.notna()
    n = int(ok.sum())
    if n < 4:
        raise TooFewTrustsError(
            f"correlation: only {n} trusts have both {x!r} and {y!r}; at least 4 are needed. "
            "Widen the selection (more years or trust types)."
        )
    a, b = a[ok].to_numpy(), b[ok].to_numpy()
    if np.ptp(a) == 0 or np.ptp(b) == 0:
        raise TooFewTrustsError(f"correlation: {x!r} or {y!r} takes a single value here, so r is undefined.")
    res = stats.pearsonr(a, b) if method == "pearson" else stats.spearmanr(a, b)
    r = float(res[0])
    lo, hi = fisher_ci(r, n, level, method)
    return Correlation(x, y, method, r, lo, hi, float(res[1]), n, int(len(df) - n), level)


# -- regression ----------------------------------------------------------------------------------------
def ols(df: pd.DataFrame, y: str, x: str | Sequence[str], level: float = 0.95) -> pd.DataFrame:
    """Ordinary least squares of ``y`` on ``x`` (statsmodels), one row per coefficient.

    Rows missing any variable are dropped. The result's ``attrs`` hold ``n``
    (rows used), ``n_dropped``, ``r2`` and ``formula``.

    Returns
    -------
    DataFrame with ``term, coef, ci_low, ci_high, p``.

    Raises
    ------
    MissingColumnError
        A variable is not a column.
    TooFewTrustsError
        Not more complete rows than coefficients + 1.
    """
    import statsmodels.api as sm

    xs = [x] if isinstance(x, str) else list(x)
    if not xs:
        raise EmptySelectionError("ols: give at least one explanatory column in x.")
    _need(df, [y, *xs], "ols")
    for col in xs:
        require_distinct(y, col, "ols", ("y", "x"))
    data = pd.DataFrame({c: _numeric(df[c], c, "ols") for c in [y, *xs]}).dropna()
    k = len(xs) + 1
    if len(data) <= k + 1:
        raise TooFewTrustsError(
            f"ols: {len(data)} complete rows for {k} coefficients; at least {k + 2} are needed."
        )
    for c in xs:
        if data[c].nunique() < 2:
            raise TooFewTrustsError(f"ols: {c!r} takes a single value in the complete rows; drop it from x.")
    fit = sm.OLS(data[y], sm.add_constant(data[xs], has_constant="add")).fit()
    ci = fit.conf_int(alpha=1 - level)
    out = pd.DataFrame({
        "term": fit.params.index, "coef": fit.params.to_numpy(),
        "ci_low": ci[0].to_numpy(), "ci_high": ci[1].to_numpy(), "p": fit.pvalues.to_numpy(),
    })
    out.attrs.update(n=int(fit.nobs), n_dropped=int(len(df) - fit.nobs), r2=float(fit.rsquared),
                     formula=f"{y} ~ {' + '.join(xs)}")
    return out


# -- funnel plot -------------------------------------------------------------------------------
def funnel_limits(
    p0: float, n: Iterable[float] | np.ndarray, levels: Sequence[float] = FUNNEL_LEVELS, tau2: float = 0.0,
) -> pd.DataFrame:
    """Control limits around a proportion ``p0`` (in %) for samples of size ``n``.

    Normal approximation to the binomial: ``p0 +/- z * sqrt(p0 (100 - p0) / n + tau2)``,
    clipped to 0-100, with ``z`` for each two-sided level (1.96 for 95%, 3.09
    for 99.8%). ``tau2`` (in %-points squared, default 0) widens the limits
    for over-dispersion between trusts (see :func:`overdispersion`).

    Returns
    -------
    DataFrame with ``n`` and, per level, ``lower_95``/``upper_95`` ... (label = the
    level in % without the point: 95, 998).
    """
    if not 0 <= p0 <= 100:
        raise ValueError(f"funnel_limits: p0 is a percentage between 0 and 100, not {p0!r}.")
    ns = np.asarray(list(n) if not isinstance(n, np.ndarray) else n, dtype=float)
    if ns.size == 0:
        raise EmptySelectionError("funnel_limits: no sample sizes given.")
    if (ns <= 0).any() or np.isnan(ns).any():
        raise ValueError("funnel_limits: every n must be a positive number of respondents.")
    if tau2 < 0:
        raise ValueError(f"funnel_limits: tau2 is a variance and cannot be negative ({tau2!r}).")
    out = pd.DataFrame({"n": ns})
    se = np.sqrt(p0 * (100 - p0) / ns + tau2)
    for level in levels:
        if not 0 < level < 1:
            raise ValueError(f"funnel_limits: levels are between 0 and 1 (e.g. 0.95), not {level!r}.")
        z = stats.norm.ppf(0.5 + level / 2)
        label = f"{level * 100:g}".replace(".", "")
        out[f"lower_{label}"] = np.clip(p0 - z * se, 0, 100)
        out[f"upper_{label}"] = np.clip(p0 + z * se, 0, 100)
    return out


def overdispersion(df: pd.DataFrame, value: str, n: str, p0: float | None = None) -> dict[str, float]:
    """How much more trusts differ than sampling alone would make them.

    With ``z_i = (value_i - p0) / sqrt(p0 (100 - p0) / n_i)``, the dispersion
    ratio is ``phi = mean(z**2)`` (1 if trusts differ only by chance), and the
    between-trust variance ``tau2`` is the DerSimonian-Laird moment estimate
    (in %-points squared, 0 if ``phi <= 1``), as used for over-dispersed
    funnel plots. Returns ``{"p0", "phi", "tau2", "n"}``.
    """
    _need(df, [value, n], "overdispersion", _SURVEY_HINT)
    require_percentages(df[value], "overdispersion", value)
    data = df[df[value].notna() & df[n].notna()]
    k = len(data)
    if k < 4:
        raise TooFewTrustsError(f"overdispersion: {k} trusts have both {value!r} and {n!r}; at least 4 are needed.")
    y = data[value].to_numpy(float)
    m = data[n].to_numpy(float)
    if p0 is None:
        p0 = float((y * m).sum() / m.sum())
    var = p0 * (100 - p0) / m
    z2 = (y - p0) ** 2 / var
    phi = float(z2.mean())
    w = 1 / var
    tau2 = max(0.0, float((z2.sum() - (k - 1)) / (w.sum() - (w**2).sum() / w.sum())))
    return {"p0": p0, "phi": phi, "tau2": tau2, "n": k}


def funnel_flags(df: pd.DataFrame, value: str, n: str, p0: float | None = None, tau2: float = 0.0) -> pd.DataFrame:
    """Place each trust on a funnel plot: inside the limits, or above/below 95% or 99.8%.

    ``p0`` defaults to the respondent-weighted mean of ``value`` (``sum(value*n)/sum(n)``);
    ``tau2`` widens the limits for over-dispersion (:func:`overdispersion`).
    Rows missing ``value`` or ``n`` are dropped (``attrs["n_dropped"]``).

    Returns
    -------
    The complete rows with ``p0``, the four limits and ``flag``: ``"above 99.8%"``,
    ``"above 95%"``, ``"within 95%"``, ``"below 95%"`` or ``"below 99.8%"``.
    """
    _need(df, [value, n], "funnel_flags", _SURVEY_HINT)
    require_percentages(df[value], "funnel_flags", value)
    data = df[df[value].notna() & df[n].notna()].copy()
    if data.empty:
        raise EmptySelectionError(f"funnel_flags: no row has both {value!r} and {n!r}.")
    if p0 is None:
        p0 = float((data[value] * data[n]).sum() / data[n].sum())
    lim = funnel_limits(p0, data[n].to_numpy(), tau2=tau2)
    for c in lim.columns[1:]:
        data[c] = lim[c].to_numpy()
    v = data[value]
    data["p0"] = p0
    data["flag"] = np.select(
        [v > data["upper_998"], v > data["upper_95"], v < data["lower_998"], v < data["lower_95"]],
        ["above 99.8%", "above 95%", "below 99.8%", "below 95%"], default="within 95%",
    )
    data.attrs["n_dropped"] = int(len(df) - len(data))
    return data


# -- change within trusts -------------------------------------------------------------------------------
def within_trust_change(panel: pd.DataFrame, value: str, first: int | None = None, last: int | None = None) -> pd.DataFrame:
    """Change in ``value`` for each trust between year ``first`` and year ``last``.

    Defaults: the panel's first and last years. Trusts missing the value in
    either year are dropped; ``attrs["n_dropped"]`` counts them and
    ``attrs["dropped_codes"]`` lists them.

    Returns
    -------
    One row per trust: ``org_code, name, first, last, change`` (last - first),
    sorted by ``change``, largest rise first. ``attrs`` also holds the years.
    """
    _need(panel, ["org_code", "name", "year", value], "within_trust_change")
    years = sorted(panel["year"].dropna().unique())
    if not years:
        raise EmptySelectionError("within_trust_change: the panel has no rows.")
    first = int(years[0]) if first is None else as_year(first, "first", where="within_trust_change")
    last = int(years[-1]) if last is None else as_year(last, "last", where="within_trust_change")
    if first >= last:
        raise ValueError(
            f"within_trust_change: first ({first}) must be earlier than last ({last})"
            + ("; the panel has a single year, so there is no change to measure: use a panel of several years."
               if len(years) == 1 else "; pass two different years, the earlier first.")
        )
    for y in (first, last):
        if y not in years:
            raise EmptySelectionError(f"within_trust_change: year {y} is not in the panel; it has {list(map(int, years))}.")
    num = panel.assign(_v=_numeric(panel[value], value, "within_trust_change"))
    wide = num[num["year"].isin([first, last])].pivot_table(index="org_code", columns="year", values="_v", aggfunc="first")
    wide = wide.reindex(columns=[first, last])
    trusts = num["org_code"].unique()
    complete = wide.dropna()
    if complete.empty:
        raise TooFewTrustsError(f"within_trust_change: no trust has {value!r} in both {first} and {last}.")
    names = num.drop_duplicates("org_code").set_index("org_code")["name"]
    out = pd.DataFrame({
        "org_code": complete.index, "name": names.reindex(complete.index).to_numpy(),
        "first": complete[first].to_numpy(), "last": complete[last].to_numpy(),
    })
    out["change"] = out["last"] - out["first"]
    out = out.sort_values(["change", "org_code"], ascending=[False, True], ignore_index=True)
    dropped = sorted(set(trusts) - set(complete.index))
    out.attrs.update(first_year=first, last_year=last, n_dropped=len(dropped), dropped_codes=dropped, value=value)
    return out


# -- joins used by the chapter -------------------------------------------------------------------------
def latest_cqc(cqc: pd.DataFrame) -> pd.DataFrame:
    """Each trust's latest trust-level CQC rating, overall and well-led (one row per trust).

    ``cqc`` is :func:`mlhelpers.cqc_ratings` (a snapshot of the latest ratings,
    not a history). Returns ``org_code, cqc_date, cqc_year, cqc_overall,
    cqc_overall_score, cqc_well_led, cqc_well_led_score``.
    """
    _need(cqc, ["org_code", "date", "year", "population", "question", "score", "rating"], "latest_cqc", "ml.cqc_ratings()")
    trust = cqc[cqc["population"].eq("Overall") & cqc["question"].isin(["Overall", "Well-led"])]
    if trust.empty:
        raise EmptySelectionError("latest_cqc: no trust-level ('Overall' population) ratings in this frame.")
    trust = trust.sort_values("date").groupby(["org_code", "question"], observed=True).tail(1)
    wide = trust.pivot(index="org_code", columns="question", values=["score", "rating", "date", "year"])
    cats = cqc["rating"].cat.categories if isinstance(cqc["rating"].dtype, pd.CategoricalDtype) else None
    out = pd.DataFrame({
        "org_code": wide.index,
        "cqc_date": pd.to_datetime(wide[("date", "Overall")].to_numpy()),
        "cqc_year": wide[("year", "Overall")].astype("Int64").to_numpy(),
        "cqc_overall": pd.Categorical(wide[("rating", "Overall")], categories=cats, ordered=True),
        "cqc_overall_score": wide[("score", "Overall")].astype("Int64").to_numpy(),
        "cqc_well_led": pd.Categorical(wide[("rating", "Well-led")], categories=cats, ordered=True),
        "cqc_well_led_score": wide[("score", "Well-led")].astype("Int64").to_numpy(),
    })
    return out.reset_index(drop=True)


def add_engagement(panel: pd.DataFrame, engagement: pd.DataFrame) -> pd.DataFrame:
    """Join the staff engagement index (acute trusts) to the panel by trust and year.

    ``engagement`` is :func:`mlhelpers.engagement_index`. Adds
    ``engagement_index`` (1-5), ``recommend_care_pct`` and ``responses``.
    ``attrs["engagement_trusts"]`` counts panel trusts with at least one value.
    """
    _need(panel, ["org_code", "year"], "add_engagement")
    cols = ["engagement_index", "recommend_care_pct", "responses"]
    _need(engagement, ["org_code", "year", *cols], "add_engagement (engagement)", "ml.engagement_index()")
    clash = [c for c in cols if c in panel.columns]
    if clash:
        raise MlhelpersError(f"add_engagement: the panel already has {clash}; join only once.")
    out = panel.merge(engagement[["org_code", "year", *cols]], on=["org_code", "year"], how="left", validate="one_to_one")
    out.attrs = dict(panel.attrs)
    out.attrs["engagement_trusts"] = int(out.loc[out["engagement_index"].notna(), "org_code"].nunique())
    return out


def cross_section(panel: pd.DataFrame, measures: Sequence[str], years: Iterable[int]) -> pd.DataFrame:
    """One row per trust: the mean of each measure over ``years`` (missing years skipped).

    Keeps the descriptive columns ``org_code, name, type, hee_region, specialist``
    and adds ``years_<measure>``: how many years fed each mean.
    """
    measures = as_str_list(measures, [], "measures")
    years = as_years(years, "years")
    _need(panel, ["org_code", "year", *measures], "cross_section")
    keep = [c for c in ("org_code", "name", "type", "hee_region", "specialist") if c in panel.columns]
    sel = panel[panel["year"].isin(years)]
    if sel.empty:
        raise EmptySelectionError(f"cross_section: no rows for years {years}; the panel has {sorted(panel['year'].unique())}.")
    num = sel[["org_code"]].copy()
    for m in measures:
        num[m] = _numeric(sel[m], m, "cross_section")
    g = num.groupby("org_code")
    out = sel.drop_duplicates("org_code")[keep].set_index("org_code")
    out = out.join(g[list(measures)].mean()).join(g[list(measures)].count().add_prefix("years_"))
    return out.reset_index()


# -- find a trust --------------------------------------------------------------------------------------
def find_trust(panel: pd.DataFrame, text: str) -> pd.DataFrame:
    """Trusts whose name contains ``text`` (any case) or whose ODS code equals it.

    Returns one row per matching trust (``org_code, name`` and ``type`` if
    present), sorted by name.

    Raises
    ------
    TrustNotFoundError
        Nothing matches; the message suggests close names.
    ValueError
        ``text`` is empty.
    """
    _need(panel, ["org_code", "name"], "find_trust")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("find_trust: type part of a trust's name (e.g. 'Leeds') or its code (e.g. 'RR8').")
    q = text.strip().lower()
    cols = [c for c in ("org_code", "name", "type") if c in panel.columns]
    trusts = panel.drop_duplicates("org_code")[cols]
    hit = trusts["name"].str.lower().str.contains(q, regex=False, na=False) | trusts["org_code"].str.lower().eq(q)
    found = trusts[hit].sort_values("name", ignore_index=True)
    if found.empty:
        words = sorted({w for n in trusts["name"].dropna() for w in n.split() if len(w) > 3})
        close = difflib.get_close_matches(text.strip().title(), words, n=3, cutoff=0.6)
        tip = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise TrustNotFoundError(f"No trust name contains {text.strip()!r}, and no trust has that code.{tip}")
    return found


def percentile_profile(df: pd.DataFrame, measures: Sequence[str], higher_is_better: dict[str, bool] | None = None) -> pd.DataFrame:
    """Each trust's percentile (0-100) on each measure among the trusts in ``df``.

    ``df`` has one row per trust. Missing values stay missing. With
    ``higher_is_better`` a measure marked False (e.g. SHMI) is reversed, so
    that 100 is always the most favourable position.

    Returns
    -------
    ``org_code`` plus one column per measure, in percentiles.
    """
    _need(df, ["org_code", *measures], "percentile_profile")
    if df["org_code"].duplicated().any():
        raise ValueError("percentile_profile: one row per trust is needed; select a single year or use cross_section().")
    out = df[["org_code"]].copy()
    flip = higher_is_better or {}
    for m in measures:
        v = _numeric(df[m], m, "percentile_profile")
        if not flip.get(m, True):
            v = -v
        out[m] = v.rank(pct=True, method="average") * 100
    return out


# -- "find a trust" figure ---------------------------------------------------------------------------
def _fmt(x: float) -> str:
    if pd.isna(x):
        return "no data"
    return f"{x:.2f}" if abs(x) < 10 else f"{x:.0f}"


def profile_values(df: pd.DataFrame, measures: Sequence[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Percentiles (0-100, position among the trusts in ``df``) and bar labels for each trust.

    Returns ``(pct, labels)``, both indexed by ``org_code`` with one column per
    measure; a label reads ``"0.48 (median 0.49)"`` or ``"no data"``.
    """
    pct = percentile_profile(df, measures).set_index("org_code")
    labels = pd.DataFrame(index=pct.index)
    vals = df.set_index("org_code")
    for m in measures:
        v = _numeric(vals[m], m, "profile_values")
        med = v.median()
        labels[m] = [_fmt(x) if pd.isna(x) else f"{_fmt(x)} (median {_fmt(med)})" for x in v]
    return pct, labels


def _profile_note(row: pd.Series) -> str:
    """The line under the dropdown: the trust's code and latest CQC ratings."""
    parts = [f"<b>{row.name}</b>"] if isinstance(row.name, str) else []
    for col, what in (("cqc_overall", "CQC overall"), ("cqc_well_led", "well-led")):
        if col in row.index:
            parts.append(f"{what}: {row[col] if pd.notna(row[col]) else 'not rated'}")
    return "; ".join(parts)


def profile_figure(df: pd.DataFrame, measures: Sequence[str], labels: Sequence[str], *,
                   start: str | None = None, dropdown: bool = True,
                   title: str = "Find a trust: its position among acute trusts") -> "go.Figure":
    """One trust's position among all trusts in ``df``, measure by measure.

    Horizontal bars give the trust's percentile on each measure (50 = the
    median trust); the label at the end of each bar gives its value and the
    median. The labels are annotations 1 to n (one per measure, named
    ``value-label``) on the chart's background, so the dashed median line
    passes behind them rather than through them.
    A line above the chart names the trust's code and latest CQC ratings.
    With ``dropdown`` the figure carries a plotly dropdown of every trust in
    ``df`` (sorted by name), which works in a static page; the dropdown shows
    the chosen trust's name.

    ``df``: one row per trust with ``org_code, name`` and the ``measures``
    (and optionally ``cqc_overall``/``cqc_well_led``).
    """
    import plotly.graph_objects as go

    from .style import BACKGROUND, PALETTE

    _need(df, ["org_code", "name", *measures], "profile_figure")
    if len(labels) != len(measures):
        raise ValueError(f"profile_figure: {len(measures)} measures but {len(labels)} labels.")
    if df.empty:
        raise EmptySelectionError("profile_figure: no trusts to show.")
    df = df.sort_values("name", ignore_index=True)
    pct, text = profile_values(df, measures)
    rows = df.set_index("org_code")
    first = start if start is not None else df["org_code"].iloc[0]
    if first not in rows.index:
        raise TrustNotFoundError(f"profile_figure: start trust {first!r} is not in the frame.")

    def note(code: str) -> str:
        head = "" if dropdown else f"{rows.loc[code, 'name']}<br>"
        return head + _profile_note(rows.loc[code])

    xs, values = _profile_bars(pct, text, measures, first)
    # the bar keeps its text for the hover label; the label beside it is an annotation
    fig = go.Figure(go.Bar(
        x=xs, y=list(labels), orientation="h", text=values,
        textposition="none", cliponaxis=False, marker_color=PALETTE[0], name="this trust",
        hovertemplate="%{y}: percentile %{x}<br>%{text}<extra></extra>",
    ))
    # annotation 0: the trust's note (updated by the dropdown and by update_profile)
    fig.add_annotation(text=note(first), xref="paper", yref="paper", x=0, y=1.02, xanchor="left",
                       yanchor="bottom", showarrow=False, align="left", name="trust-note")
    # annotations 1..n: each bar's value and the median, on the chart's background
    for label in labels:
        fig.add_annotation(y=label, xref="x", yref="y", xanchor="left", xshift=4, showarrow=False,
                           bgcolor=BACKGROUND, borderpad=1, name="value-label")
    fig.update_layout(_value_patch(xs, values))
    fig.add_vline(x=50, line_dash="dash", line_color=PALETTE[6])  # the median trust
    fig.update_layout(
        title=title,
        xaxis=dict(title="percentile (0 = lowest, 100 = highest; dashed line = median)", range=[0, 160],
                   tickvals=[0, 25, 50, 75, 100]),
        yaxis=dict(autorange="reversed"), showlegend=False, height=520,
        margin=dict(t=170 if dropdown else 130, r=20),
    )
    if dropdown:
        buttons = []
        for c in df["org_code"]:
            c_xs, c_values = _profile_bars(pct, text, measures, c)
            buttons.append(dict(label=rows.loc[c, "name"][:60], method="update",
                                args=[{"x": [c_xs], "text": [c_values]},
                                      {"annotations[0].text": note(c), **_value_patch(c_xs, c_values)}]))
        start_i = int(df.index[df["org_code"] == first][0])
        # name: the label of the native select the book's script draws for this long menu
        fig.update_layout(updatemenus=[dict(buttons=buttons, active=start_i, name="Trust", x=0, xanchor="left", y=1.12,
                                            yanchor="bottom", direction="down", showactive=True,
                                            bgcolor="white", bordercolor="#737373")])
    return fig


def update_profile(fig, df: pd.DataFrame, measures: Sequence[str], code: str) -> None:
    """Show trust ``code`` in a figure made by :func:`profile_figure` (e.g. a FigureWidget)."""
    _need(df, ["org_code", "name", *measures], "update_profile")
    if code not in set(df["org_code"]):
        raise TrustNotFoundError(f"update_profile: trust {code!r} is not among the trusts profiled.")
    names = [a.name for a in fig.layout.annotations]
    if names[1:] != ["value-label"] * len(measures):
        raise ValueError(
            f"update_profile: the figure has {names[1:].count('value-label')} value labels for {len(measures)} "
            "measures: pass a figure made by profile_figure with the same measures."
        )
    pct, text = profile_values(df, measures)
    row = df.set_index("org_code").loc[code]
    xs, values = _profile_bars(pct, text, measures, code)
    fig.data[0].x = xs
    fig.data[0].text = values
    fig.update_layout({"annotations[0].text": f"{row['name']}<br>{_profile_note(row)}", **_value_patch(xs, values)})


def _profile_bars(pct: pd.DataFrame, text: pd.DataFrame, measures: Sequence[str],
                  code: str) -> tuple[list[float | None], list[str]]:
    """One trust's bars (percentiles, None where it has no value) and their labels, from :func:`profile_values`."""
    xs = [None if pd.isna(v) else round(float(v), 1) for v in pct.loc[code, list(measures)]]
    return xs, list(text.loc[code, list(measures)])


def _value_patch(xs: Sequence[float | None], values: Sequence[str]) -> dict[str, object]:
    """The relayout that moves the value labels (annotations 1..n) to another trust's bars."""
    patch: dict[str, object] = {}
    for k, (x, value) in enumerate(zip(xs, values), start=1):
        patch[f"annotations[{k}].x"] = 0 if x is None else x
        patch[f"annotations[{k}].text"] = value
    return patch

"""The trust x year panel that joins the sources, and its coverage report.

Rows are never dropped silently: :func:`trust_panel` records in
``DataFrame.attrs["coverage"]`` how many trusts each join keeps and loses,
and :func:`coverage` shows it as a table.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from ..errors import EmptySelectionError, MlhelpersError
from ._reader import tidy
from ..validate import as_str_list, as_years
from .hospital_management import (
    SS_ITEMS, TRUST_TYPES, ae_performance, cqc_ratings, providers, shmi,
    staff_survey_managers, workforce_fte,
)

#: Years of :func:`trust_panel`: where staff survey, SHMI and A&E all have data.
PANEL_YEARS: tuple[int, ...] = tuple(range(2012, 2019))



def _survey_wide(years: list[int]) -> pd.DataFrame:
    """Staff Survey % positive per trust-year: items 8a-8d, their mean, and the mean of 7a-7g."""
    ss = staff_survey_managers()
    ss = ss[ss["year"].isin(years)]
    wide = ss.pivot(index=["org_code", "year"], columns="question", values="pct_positive")
    out = pd.DataFrame(index=wide.index)
    for q in ("8a", "8b", "8c", "8d"):
        out[f"ss_{q}"] = wide[q]
    out["ss_8_mean"] = wide[["8a", "8b", "8c", "8d"]].mean(axis=1, skipna=False)
    out["ss_7_mean"] = wide[[q for q in SS_ITEMS if q.startswith("7") and q in wide.columns]].mean(axis=1)
    return out.reset_index()


def _cqc_in_force(skeleton: pd.DataFrame) -> pd.DataFrame:
    """Trust-level Overall and Well-led ratings in force at the end of each financial year."""
    cqc = cqc_ratings()
    cqc = cqc[cqc["population"].eq("Overall")]
    left = skeleton[["org_code", "year"]].assign(cutoff=pd.to_datetime(skeleton["year"].add(1).astype(str) + "-03-31"))
    left = left.sort_values("cutoff")
    out = left[["org_code", "year"]].copy()
    for question, name in (("Overall", "cqc_overall"), ("Well-led", "cqc_well_led")):
        right = cqc.loc[cqc["question"].eq(question), ["org_code", "date", "score", "rating"]].sort_values("date")
        got = pd.merge_asof(left, right, left_on="cutoff", right_on="date", by="org_code", direction="backward")
        out[name] = got["rating"].to_numpy()
        out[f"{name}_score"] = got["score"].to_numpy()
        if question == "Overall":
            out["cqc_date"] = got["date"].to_numpy()
    for name in ("cqc_overall", "cqc_well_led"):
        out[name] = pd.Categorical(out[name], categories=cqc["rating"].cat.categories, ordered=True)
        out[f"{name}_score"] = out[f"{name}_score"].astype("Int64")
    return out


def _step(panel: pd.DataFrame, step: str, cols: list[str], source_codes: set[str] | None, note: str) -> dict[str, Any]:
    """One coverage record: panel trusts with / without a value in ``cols``."""
    has = panel[cols].notna().all(axis=1)
    kept = set(panel.loc[has, "org_code"])
    trusts = set(panel["org_code"])
    unmatched = None if source_codes is None else len(source_codes - trusts)
    return {
        "step": step, "trusts_kept": len(kept), "trusts_lost": len(trusts - kept),
        "trust_years": int(has.sum()), "codes_not_in_panel": unmatched, "note": note,
    }


def _check_selection(values: Iterable[Any], valid: Iterable[Any], what: str) -> list[Any]:
    """``values`` without repeats, if all are ``valid`` and there is at least one."""
    chosen = list(values)
    valid = list(valid)
    bad = [v for v in chosen if v not in valid]
    if bad:
        raise EmptySelectionError(f"Unknown {what} {bad}. Valid choices: {valid}.")
    if not chosen:
        raise EmptySelectionError(f"No {what} selected. Valid choices: {valid}.")
    return list(dict.fromkeys(chosen))


@tidy
def trust_panel(years: Iterable[int] | None = None, org_types: Iterable[str] | None = None) -> pd.DataFrame:
    """One row per NHS trust and financial year: management, staff survey, CQC, SHMI and A&E.

    The panel is balanced: every trust of the selected types in
    :func:`providers` appears in every selected year, with missing values
    where a source has nothing. Trusts absent from the provider list (e.g.
    trusts merged away before it was compiled) are not in the panel; each
    source's count of such codes is in the coverage report.

    Parameters
    ----------
    years:
        Financial years (default :data:`PANEL_YEARS`, 2012-2018, where staff
        survey, SHMI and A&E all have data).
    org_types:
        Trust types from :data:`TRUST_TYPES` (default: all four).

    Columns
    -------
    org_code, name, type, hee_region, specialist
        From :func:`providers`.
    year : int
        Financial year (2018 = April 2018 to March 2019).
    managers_fte, consultants_fte : float
        From :func:`workforce_fte`.
    managers_per_consultant : float
        ``managers_fte / consultants_fte`` (ratio of FTEs); missing where
        either is missing or consultants_fte is 0. Meaningful for acute
        trusts (0.06-1.6, median 0.48); ambulance and some community trusts
        employ under one consultant FTE, which gives ratios in the hundreds.
    ss_8a, ss_8b, ss_8c, ss_8d : float
        Staff Survey, senior-manager items: % positive (agree or strongly
        agree), 0-100 (wording in :func:`staff_survey_managers`).
    ss_8_mean : float
        Mean of ss_8a-ss_8d (missing unless all four are present).
    ss_7_mean : float
        Mean % positive of the immediate-manager items available that year
        (7a-7e before 2015, 7a-7g from 2015).
    cqc_overall, cqc_well_led : ordered categorical
        Trust-level (population "Overall") CQC rating **in force at the end
        of the financial year**: the latest rating dated on or before 31
        March of ``year + 1``, carried forward to later years. Because the
        CQC file holds only each trust's latest rating (see
        :func:`cqc_ratings`), years before that rating are missing rather
        than filled with a rating the data do not show. For a trust's latest
        rating regardless of year, filter :func:`cqc_ratings` to population
        and question ``Overall``.
    cqc_overall_score, cqc_well_led_score : Int64
        The same as scores 0-3.
    cqc_date : datetime64
        Date of the overall rating used.
    shmi : float
        From :func:`shmi` (ratio).
    ae_4h_pct : float
        From :func:`ae_performance` (%, 0-100).

    The coverage report is ``panel.attrs["coverage"]`` (records); read it as
    a table with :func:`coverage`.

    Raises
    ------
    EmptySelectionError
        Unknown or empty ``years`` or ``org_types``.
    """
    # one argument check for the library (mlhelpers.validate): "acute" is one type, 2018 one year
    years = as_years(years, "years", default=PANEL_YEARS, allowed=PANEL_YEARS)
    types = as_str_list(org_types, TRUST_TYPES, "org_types", allowed=TRUST_TYPES)
    prov = providers()
    base = prov[prov["type"].isin(types)][["org_code", "name", "type", "hee_region", "specialist"]]
    panel = base.merge(pd.DataFrame({"year": years}), how="cross")
    records = [{
        "step": "providers", "trusts_kept": len(base), "trusts_lost": len(prov) - len(base),
        "trust_years": len(panel), "codes_not_in_panel": None,
        "note": f"organisations of type {', '.join(types)} in the provider list; 'lost' = the other organisations",
    }]

    def join(table: pd.DataFrame, step: str, cols: list[str], note: str) -> pd.DataFrame:
        table = table[table["year"].isin(years)]
        out = panel.merge(table, on=["org_code", "year"], how="left", validate="one_to_one")
        present = table[table[cols].notna().all(axis=1)]
        records.append(_step(out, step, cols, set(present["org_code"]), note))
        return out

    wf = workforce_fte()[["org_code", "year", "managers_fte", "consultants_fte"]]
    wf["managers_per_consultant"] = wf["managers_fte"] / wf["consultants_fte"].where(wf["consultants_fte"] > 0)
    panel = join(wf, "workforce: managers per consultant", ["managers_per_consultant"],
                 "managers_fte and consultants_fte both present")
    panel = join(_survey_wide(years), "staff survey 8a-8d", ["ss_8_mean"], "all four senior-manager items present")
    cq = cqc_ratings()
    trust_level = cq[cq["population"].eq("Overall") & cq["question"].eq("Overall") & cq["year"].le(max(years))]
    panel = panel.merge(_cqc_in_force(panel), on=["org_code", "year"], how="left", validate="one_to_one")
    records.append(_step(
        panel, "CQC overall rating in force", ["cqc_overall"], set(trust_level["org_code"]),
        f"cqc_ratings() dropped {cq.attrs['dropped']['rows']} rows of {cq.attrs['dropped']['providers']} "
        "providers keyed by CQC provider ids before this join",
    ))
    panel = join(shmi(), "shmi", ["shmi"], "")
    ae = ae_performance()
    panel = join(ae, "A&E 4-hour", ["ae_4h_pct"], f"{ae.attrs['recoded']} rows of the file recoded from a -X suffix")
    core = ["managers_per_consultant", "ss_8_mean", "cqc_overall", "shmi", "ae_4h_pct"]
    records.append(_step(panel, "all measures", core, None, "trust-years with every measure above present"))
    order = ["org_code", "name", "type", "hee_region", "specialist", "year", "managers_fte", "consultants_fte",
             "managers_per_consultant", "ss_8a", "ss_8b", "ss_8c", "ss_8d", "ss_8_mean", "ss_7_mean",
             "cqc_overall", "cqc_overall_score", "cqc_well_led", "cqc_well_led_score", "cqc_date", "shmi", "ae_4h_pct"]
    panel = panel[order].sort_values(["org_code", "year"], ignore_index=True)
    panel.attrs["coverage"] = records
    return panel


def coverage(panel: pd.DataFrame) -> pd.DataFrame:
    """How many trusts each join of :func:`trust_panel` kept and lost, as a table.

    Columns
    -------
    step : str
        ``providers`` (the panel's trusts), then one row per source joined,
        then ``all measures``.
    trusts_kept : int
        Panel trusts with at least one year holding the step's measure (for
        ``providers``: trusts in the panel).
    trusts_lost : int
        Panel trusts with no value from the step in any selected year; they
        stay in the panel with missing values (for ``providers``: the other
        organisations in the provider list, left out by type).
    trust_years : int
        Panel rows holding the step's measure.
    codes_not_in_panel : Int64
        Organisation codes with data in the source (selected years) that are
        not panel trusts: other organisation types, or codes missing from the
        provider list (such as merged trusts). Their data are not used.
    note : str
        What the step counts.

    The report describes the panel as :func:`trust_panel` built it; a row
    selection of the panel keeps the same report. The records live in
    ``panel.attrs["coverage"]`` as a list of dicts rather
    than a DataFrame, because pandas compares ``attrs`` when concatenating
    frames and cannot compare DataFrames that way.
    """
    records = getattr(panel, "attrs", {}).get("coverage")
    if not records:
        raise MlhelpersError(
            "This frame has no coverage report: pass the frame returned by trust_panel() "
            "(or a row selection of it), not a copy rebuilt from its values."
        )
    out = pd.DataFrame.from_records(records)
    out["codes_not_in_panel"] = out["codes_not_in_panel"].astype("Int64")
    return out



"""Exercises of chapter 4, *Variation between NHS trusts*.

Each answer is fixed as written; ``compute`` recomputes it from the external
data (the trust panel and the staff survey) for ``tests/test_exercises.py``
only (see :mod:`mlhelpers.exercises`).
"""

from __future__ import annotations

from ..exercises import Exercise


def _acute_cross_section():
    from .. import sources as external
    from .. import variation

    acute = external.trust_panel(org_types=["acute"])
    return variation.cross_section(acute, ["ss_8c", "shmi"], [2016, 2017, 2018])


def _mh_median() -> float:
    from .. import sources as external
    from .. import variation

    panel = external.trust_panel(years=[2018], org_types=["mental health"])
    return float(variation.summarise(panel, "managers_per_consultant")["median"].iloc[0])


def _corr_8c_shmi() -> float:
    from .. import variation

    return float(variation.correlation(_acute_cross_section(), "ss_8c", "shmi").r)


def _funnel_8b_above() -> int:
    from .. import sources as external
    from .. import variation

    acute = set(external.providers().query("type == 'acute'")["org_code"])
    survey = external.staff_survey_managers()
    item = survey[(survey["year"] == 2018) & (survey["question"] == "8b") & survey["org_code"].isin(acute)]
    flags = variation.funnel_flags(item, "pct_positive", "n")
    return int((flags["flag"] == "above 99.8%").sum())


def _fell() -> int:
    from .. import sources as external
    from .. import variation

    change = variation.within_trust_change(external.trust_panel(org_types=["acute"]), "ss_8_mean", 2012, 2018)
    return int((change["change"] < 0).sum())


EXERCISES: dict[str, Exercise] = {
    "variation-mh-median": Exercise(
        "Median managers per consultant FTE among mental health trusts in 2018, to two decimal places.",
        1.36,
        _mh_median,
        "v.summarise(ml.trust_panel(years=[2018], org_types=['mental health']), 'managers_per_consultant'), "
        "then round the median with round(x, 2).",
        decimals=2,
    ),
    "variation-corr-8c-shmi": Exercise(
        "Pearson r between item 8c and SHMI (each averaged over 2016-2018) across acute trusts, to two decimal places.",
        -0.41,
        _corr_8c_shmi,
        "Build v.cross_section(acute, ['ss_8c', 'shmi'], [2016, 2017, 2018]) and pass it to "
        "v.correlation(..., 'ss_8c', 'shmi'); round .r with round(x, 2).",
        decimals=2,
    ),
    "variation-funnel-8b-above": Exercise(
        "How many acute trusts lie above the upper 99.8% limit for item 8b in 2018 (sampling-only limits)?",
        37,
        _funnel_8b_above,
        "Keep survey rows of 2018, question '8b' and acute trusts; v.funnel_flags(item, 'pct_positive', 'n'); "
        "count flag == 'above 99.8%'.",
    ),
    "variation-fell": Exercise(
        "How many acute trusts had a lower senior-manager score (ss_8_mean) in 2018 than in 2012?",
        31,
        _fell,
        "v.within_trust_change(acute, 'ss_8_mean', 2012, 2018), then count rows with change < 0.",
    ),
}

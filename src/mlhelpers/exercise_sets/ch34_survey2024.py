"""Exercises of chapters 3 and 4 on the NHS Staff Survey 2024 ("six years on").

Each answer is fixed as written; ``compute`` recomputes it from the 2024
workbook and the older series for ``tests/test_exercises.py`` only (see
:mod:`mlhelpers.exercises`).
"""

from __future__ import annotations

from ..exercises import Exercise


def _items():
    from .. import sources

    return sources.staff_survey_2024()


def _q9c_acute_median() -> float:
    d = _items()
    return float(d[(d["question"] == "q9c") & (d["type"] == "acute")]["pct_positive"].median())


def _lowest_item() -> str:
    return str(_items().groupby("question")["pct_positive"].median().idxmin())


def _engagement_rho() -> float:
    from .. import six_years, sources

    res, _ = six_years.rank_persistence(sources.engagement_index(), sources.staff_survey_2024("themes"))
    return float(res.r)


def _funnel_q9c_out_raw() -> int:
    from .. import six_years

    flags, _ = six_years.funnel_2024(_items(), "q9c", overdispersed=False)
    return int(flags["flag"].str.contains("99.8").sum())


EXERCISES: dict[str, Exercise] = {
    "ss24-q9c-acute-median": Exercise(
        "In 2024, what was the median share of staff (%) agreeing that their immediate manager asks for their "
        "opinion before making decisions that affect their work (item q9c), across acute trusts? Give it to one "
        "decimal place.",
        59.1,
        _q9c_acute_median,
        "Filter ml.staff_survey_2024() to question 'q9c' and type 'acute', then take the median of pct_positive. "
        "Round with round(x, 1).",
        decimals=1,
    ),
    "ss24-lowest-item": Exercise(
        "Across all 210 trusts in 2024, which manager item (q9a to q9i) has the lowest median share of staff "
        "answering positively? Give its code, e.g. 'q9a'.",
        "q9c",
        _lowest_item,
        "Group ml.staff_survey_2024() by 'question', take the median of pct_positive and find the smallest (idxmin).",
    ),
    "ss24-engagement-rho": Exercise(
        "What is Spearman's rank correlation between acute trusts' staff engagement index in 2019 and their "
        "Staff Engagement score in 2024? Give it to two decimal places.",
        0.47,
        _engagement_rho,
        "Use six_years.rank_persistence(ml.engagement_index(), ml.staff_survey_2024('themes')) and read .r, "
        "or merge the two years by org_code and use .corr(method='spearman').",
        decimals=2,
    ),
    "ss24-funnel-q9c-outside": Exercise(
        "On a funnel plot of item q9c for acute trusts in 2024, with limits for chance alone, how many trusts lie "
        "beyond the 99.8% limits (above or below)?",
        66,
        _funnel_q9c_out_raw,
        "Use six_years.funnel_2024(ml.staff_survey_2024(), 'q9c', overdispersed=False) and count flags "
        "containing '99.8'.",
    ),
}

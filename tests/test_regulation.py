"""The helpers of the chapter on regulating management (mlhelpers.regulation) and its datasets."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

import mlhelpers as ml
from mlhelpers import regulation as rg
from mlhelpers.exercises import registry


@pytest.fixture(scope="module")
def timeline():
    return ml.load("timeline")


@pytest.fixture(scope="module")
def results():
    return ml.load("consultation_results")


# -- recent events -------------------------------------------------------------------------
def test_recent_events_start_in_the_chapters_first_year_and_are_in_order(timeline):
    recent = rg.recent_events(timeline)
    assert recent["date"].str[:4].astype(int).min() == rg.SINCE
    stamps = recent["date"].map(ml.partial_date)
    assert stamps.is_monotonic_increasing
    assert {"Kark review of the fit and proper person test", "Abolition of NHS England announced"} <= set(recent["event"])


def test_recent_events_filters_by_kind_given_as_text_or_list(timeline):
    frameworks = rg.recent_events(timeline, kinds="framework")
    assert set(frameworks["kind"]) == {"framework"}
    both = rg.recent_events(timeline, kinds=["framework", "report"])
    assert set(both["kind"]) == {"framework", "report"} and len(both) > len(frameworks)


@pytest.mark.parametrize(
    "kwargs, error",
    [
        (dict(since="2019"), TypeError),
        (dict(since=True), TypeError),
        (dict(since=10), ValueError),
        (dict(since=2090), ml.EmptySelectionError),
        (dict(kinds="treaty"), ml.EmptySelectionError),
        (dict(kinds=[]), ml.EmptySelectionError),
        (dict(kinds=3), TypeError),
    ],
)
def test_recent_events_rejects_bad_arguments(timeline, kwargs, error):
    with pytest.raises(error):
        rg.recent_events(timeline, **kwargs)


def test_recent_events_needs_a_timeline():
    with pytest.raises(TypeError, match="DataFrame"):
        rg.recent_events([1, 2])
    with pytest.raises(ml.MissingColumnError):
        rg.recent_events(pd.DataFrame({"date": ["2020"]}))


def test_recent_timeline_zooms_to_these_years(timeline):
    fig = rg.recent_timeline(timeline, title="t")
    assert isinstance(fig, go.Figure)
    labels = [b.label for b in fig.layout.updatemenus[1].buttons]
    assert labels == ["All", "To 2024", "2025 on"]
    xs = [x for tr in fig.data for x in tr.x]
    assert min(xs) >= pd.Timestamp(rg.SINCE, 1, 1)


# -- dates ---------------------------------------------------------------------------------
def test_event_date_gives_the_precision_recorded(timeline):
    assert rg.event_date(timeline, "abolition of NHS England") == {"year": 2025, "month": "March", "day": 13}
    fppt = rg.event_date(timeline, "Fit and Proper Person Test Framework")
    assert fppt["year"] == 2023 and fppt["month"] == "August" and fppt["day"] is None


def test_event_date_errors(timeline):
    with pytest.raises(ml.EmptySelectionError, match="no timeline event"):
        rg.event_date(timeline, "Treaty of Westphalia")
    with pytest.raises(TypeError):
        rg.event_date(timeline, "")


# -- consultation results --------------------------------------------------------------------
def test_support_table_parts_add_up(results):
    table = rg.support_table(results)
    total = table["agree_pct"] + table["oppose_pct"].fillna(0) + table["rest_pct"]
    assert (total == 100).all()
    assert (table["rest_pct"] >= 0).all()


def test_support_table_refuses_impossible_shares(results):
    bad = results.copy()
    bad.loc[0, "oppose_pct"] = 50.0
    with pytest.raises(ValueError, match="more than 100"):
        rg.support_table(bad)


def test_agreement_gap(results):
    gap = rg.agreement_gap(results, "senior managers and leaders")
    all_ = results.loc[results["respondent_group"] == "all responses", "agree_pct"].iloc[0]
    sen = results.loc[results["respondent_group"] == "senior managers and leaders", "agree_pct"].iloc[0]
    assert gap == pytest.approx(all_ - sen) and gap > 0
    assert rg.agreement_gap(results, "all responses", than="senior managers and leaders") == pytest.approx(-gap)


def test_agreement_gap_errors(results):
    with pytest.raises(ml.EmptySelectionError, match="groups are"):
        rg.agreement_gap(results, "patients")
    with pytest.raises(ValueError, match="different surveys"):
        rg.agreement_gap(results, "NHS managers at band 8a and above")
    with pytest.raises(TypeError):
        rg.agreement_gap(results, 3)


def test_support_chart_stacks_three_parts_per_group(results):
    fig = rg.support_chart(results, title="t")
    assert [t.name for t in fig.data] == ["agreed", "opposed", "neither, or not reported"]
    assert all(len(t.x) == len(results) for t in fig.data)
    for i in range(len(results)):
        assert sum(t.x[i] for t in fig.data) == pytest.approx(100)
    hatch = fig.data[0].marker.pattern.shape
    assert [h == "/" for h in hatch] == list(results["confidence"].eq("secondary"))


def test_support_chart_needs_the_results():
    with pytest.raises(ml.MissingColumnError):
        rg.support_chart(pd.DataFrame({"survey": ["x"]}))


# -- data and exercises ------------------------------------------------------------------------
def test_consultation_results_are_sourced_and_in_range(results):
    assert results["agree_pct"].between(0, 100).all()
    dhsc = results[results["source"] == "dhsc2025leading"]
    assert len(dhsc) >= 2 and set(dhsc["confidence"]) == {"verified"}


def test_chapter_exercises_are_registered_and_name_the_year():
    keys = [k for k in registry() if k.startswith("reg-")]
    assert len(keys) >= 3
    assert str(rg.SINCE) in registry()["reg-recent-events"].question

"""Chapter 3 (practice): the curated datasets, mlhelpers.practice and its exercises."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

import mlhelpers as ml
from mlhelpers import practice
from mlhelpers.errors import EmptySelectionError, MissingColumnError
from mlhelpers.exercises import registry


# -- curated data ---------------------------------------------------------------------
def test_anatomy_covers_every_element_of_every_practice():
    a = practice.anatomy()
    assert a["practice"].nunique() >= 5
    grid = a.groupby("practice")["element"].apply(list)
    for practice_name, elements in grid.items():
        assert elements == list(practice.ELEMENTS), practice_name
    assert set(a["basis"]) == set(practice.BASES)


def test_reported_rows_cite_a_source_other_than_the_framework():
    a = practice.anatomy()
    reported = a[a["basis"] == "reported in source"]
    assert len(reported) >= 3
    assert not reported["source"].eq("reckwitz2002toward").any()
    # teaching analysis is anchored on the framework, and the description says so in the datapackage
    assert a.loc[a["basis"] == "teaching analysis", "source"].eq("reckwitz2002toward").all()
    from mlhelpers.datapackage import curated_resource

    assert "NOT findings" in curated_resource("practice_anatomy")["description"]


def test_undergraduate_surveys_hold_the_published_figures():
    s = ml.load("undergraduate_leadership_surveys")
    by = s.set_index(["source", "respondents", "measure"])["pct"]
    valued = "valued or highly valued teaching on leadership and management"
    assert by[("stringfellow2015defining", "students", valued)] == pytest.approx(93.2)
    assert by[("stringfellow2015defining", "medical schools", valued)] == 65
    assert by[("webb2014first", "curricula", "longitudinal (one semester to four years)")] == 71
    assert s["pct"].between(0, 100).all()
    assert set(s["source"]) == {"stringfellow2015defining", "webb2014first", "varkey2009leadership"}


def test_surveys_figure_has_one_view_per_study():
    s = ml.load("undergraduate_leadership_surveys")
    fig = practice.surveys_figure(s)
    menu = fig.layout.updatemenus[0]
    assert [b.label for b in menu.buttons] == list(dict.fromkeys(s["study"]))
    shown = [t for t in fig.data if t.visible]
    assert sum(len(t.x) for t in shown) == int((s["study"] == menu.buttons[0].label).sum())
    with pytest.raises(MissingColumnError):
        practice.surveys_figure(s.drop(columns="pct"))


# -- anatomy charts and explorer ------------------------------------------------------------
def test_anatomy_figure_has_one_dropdown_entry_per_practice():
    a = practice.anatomy()
    fig = practice.anatomy_figure(a, "Clinical audit")
    menu = fig.layout.updatemenus[0]
    assert [b.label for b in menu.buttons] == practice.practices(a)
    assert menu.active == practice.practices(a).index("Clinical audit")
    assert len(fig.data[0].cells.values[0]) == len(practice.ELEMENTS)
    # every button carries the cells of its own practice
    job = next(b for b in menu.buttons if b.label == "Job planning")
    assert any("dedicated time" in d for d in job.args[0]["cells.values"][0][1])


def test_anatomy_grid_marks_reported_cells_with_a_dagger():
    a = practice.anatomy()
    fig = practice.anatomy_grid(a)
    text = [t for row in fig.data[0].text for t in row]
    assert sum("†" in t for t in text) == int((a["basis"] == "reported in source").sum())


def test_anatomy_explorer_filters_by_practice_and_element():
    a = practice.anatomy()
    box = practice.anatomy_explorer(a)
    pick, element = box.children[0].children
    html = box.children[1]
    pick.value = "Job planning"
    assert "dedicated time" in html.value and html.value.count("<tr>") == len(practice.ELEMENTS) + 1
    element.value = "states of emotion"
    assert html.value.count("<tr>") == 2 and "workload" in html.value


def test_anatomy_errors_name_the_problem():
    a = practice.anatomy()
    with pytest.raises(EmptySelectionError, match="Did you mean 'Clinical audit'"):
        practice.practice_elements(a, "Clinical audits")
    with pytest.raises(MissingColumnError, match="basis"):
        practice.anatomy_figure(a.drop(columns="basis"))
    with pytest.raises(TypeError, match="DataFrame"):
        practice.anatomy_grid([1, 2])


# -- staff survey ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def staff():
    return practice.survey_by_type(ml.staff_survey_managers(), ml.providers())


def test_survey_by_type_keeps_trusts_only_and_counts_what_it_drops(staff):
    assert set(staff["type"]) == set(practice.TRUST_TYPES)
    dropped = staff.attrs["dropped"]
    assert dropped["not_a_trust"] > 0 and dropped["not_in_provider_list"] > 0
    assert staff["pct_positive"].between(0, 100).all()
    assert staff["label"].notna().all()
    cover = practice.coverage_by_year(staff)
    assert (cover["acute"] > 100).all()
    assert set(cover.index[(cover > 0).all(axis=1)]) == {2016, 2017}


def test_spread_figure_switches_items_and_counts_trusts(staff):
    fig = practice.spread_figure(staff, 2017)
    menu = fig.layout.updatemenus[0]
    assert len(menu.buttons) == len(practice.ITEM_LABELS)
    for b in menu.buttons:
        visible = b.args[0]["visible"]
        assert sum(visible) == 4  # one box per trust type
    shown = [t for t in fig.data if t.visible]
    n = staff[(staff["year"] == 2017) & (staff["question"] == "7a")].groupby("type")["org_code"].nunique()
    assert sorted(len(t.y) for t in shown) == sorted(n.tolist())
    assert len(fig.to_json()) < 250_000


def test_trend_summary_matches_a_hand_computed_median(staff):
    s = practice.trend_summary(staff, "acute")
    row = s[(s["question"] == "8c") & (s["year"] == 2012)].iloc[0]
    hand = staff[(staff["type"] == "acute") & (staff["question"] == "8c") & (staff["year"] == 2012)]["pct_positive"]
    assert row["median"] == pytest.approx(hand.median()) and row["trusts"] == len(hand)
    assert row["q1"] <= row["median"] <= row["q3"]
    fig = practice.trend_figure(s)
    assert all(len(b.args) == 2 and "yaxis.range" in b.args[1] for b in fig.layout.updatemenus[0].buttons)


def test_type_medians_and_trust_values(staff):
    m = practice.type_medians(staff, 2017)
    assert set(m["type"]) == set(practice.TRUST_TYPES) and len(m) == 4 * len(practice.ITEM_LABELS)
    assert isinstance(practice.type_figure(m, 2017), go.Figure)
    code = sorted(staff.loc[(staff["year"] == 2017) & (staff["type"] == "acute"), "org_code"].unique())[0]
    v = practice.trust_values(staff, code, 2017)
    assert len(v) == len(practice.ITEM_LABELS) and v["share_below"].between(0, 100).all()


def test_survey_errors_name_the_problem(staff):
    with pytest.raises(EmptySelectionError, match="2016, 2017"):
        practice.spread_figure(staff, 2030)
    with pytest.raises(EmptySelectionError, match="trust type"):
        practice.trend_summary(staff, "hospice")
    with pytest.raises(EmptySelectionError, match="trust code"):
        practice.trust_values(staff, "NOPE", 2017)
    with pytest.raises(MissingColumnError, match="staff_survey_managers"):
        practice.survey_by_type(pd.DataFrame({"org_code": ["X"]}), ml.providers())


def test_trust_picker_updates_the_figure_on_change(staff):
    box = practice.trust_picker(staff, 2017)
    year_pick, trust_pick = box.children[0].children
    fig = box.figure
    assert isinstance(fig, go.FigureWidget) and fig in box.children  # drawn at once, no button to press
    assert list(fig.data[1].y) == practice.trust_values(staff, trust_pick.value, 2017)["trust"].tolist()
    first = list(fig.data[1].y)
    trust_pick.value = trust_pick.options[-1][1]
    assert list(fig.data[1].y) != first or trust_pick.options[-1][1] == trust_pick.options[0][1]
    year_pick.value = 2013  # acute trusts only that year
    assert set(staff.loc[staff["org_code"] == trust_pick.value, "type"]) == {"acute"}
    assert "above" in box.children[1].value


# -- exercises ---------------------------------------------------------------------------
def test_exercises_compute_from_the_data(staff):
    ex = {k: v for k, v in registry().items() if k.startswith("practice-")}
    assert len(ex) >= 4
    a = practice.anatomy()
    assert ex["practice-reported-cells"].compute() == int((a["basis"] == "reported in source").sum())
    assert ex["practice-valuing-gap"].compute() == pytest.approx(28.2)
    acute17 = staff[(staff["type"] == "acute") & (staff["year"] == 2017)]
    assert ex["practice-lowest-item"].compute() == acute17.groupby("question")["pct_positive"].median().idxmin()
    assert ml.is_correct("practice-8c-change", ex["practice-8c-change"].answer + 0.04)
    assert not ml.is_correct("practice-8c-change", ex["practice-8c-change"].answer + 0.1)

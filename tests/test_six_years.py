"""Six years on (mlhelpers.six_years) and the curated map of survey items across the 2021 redesign."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

import mlhelpers as ml
from mlhelpers import errors
from mlhelpers import six_years as sy


@pytest.fixture(scope="module")
def data():
    return {"old": ml.staff_survey_managers(), "new": ml.staff_survey_2024(), "map": ml.load("survey_item_map"),
            "themes": ml.staff_survey_2024("themes"), "eng": ml.engagement_index()}


# -- the curated map -------------------------------------------------------------------
def test_item_map_is_complete_and_honest(data):
    m = data["map"]
    old_items = set(m["item_2012_2018"].dropna()) - {"engagement"}
    new_items = set(m["item_2021_on"].dropna()) - {"engagement"}
    assert old_items == set(ml.sources.SS_ITEMS)
    assert new_items == {f"q9{c}" for c in "abcdefghi"}
    assert m["item_2021_on"].dropna().is_unique and m["item_2012_2018"].dropna().is_unique
    # the senior-manager items have no successor
    assert m.loc[m["item_2012_2018"].str.startswith("8", na=False), "match"].eq("none").all()
    assert m.loc[m["item_2012_2018"].str.startswith("8", na=False), "item_2021_on"].isna().all()
    same = m[m["match"] == "same"].set_index("item_2012_2018")["item_2021_on"].to_dict()
    assert same == {"7c": "q9b", "7d": "q9c", "7f": "q9d", "7g": "q9e"}
    eng = m[m["item_2012_2018"] == "engagement"].iloc[0]
    assert eng["match"] == "similar" and "1-5" in eng["wording_old"] and "0-10" in eng["wording_new"]


def test_item_map_wording_matches_its_sources(data):
    m = data["map"]
    old = data["old"].drop_duplicates("question").set_index("question")["wording"]
    new = data["new"].drop_duplicates("question").set_index("question")["wording"]
    for _, row in m.iterrows():
        if row["item_2012_2018"] in old.index:
            assert row["wording_old"] == old[row["item_2012_2018"]]
        if row["item_2021_on"] in new.index:
            assert row["wording_new"] == new[row["item_2021_on"]]
    # a "same" pair really is the same statement once the 2021 parenthesis is removed
    for _, row in m[m["match"] == "same"].iterrows():
        strip = row["wording_new"].replace(" (who may be referred to as your 'line manager')", "").rstrip(".")
        assert strip == row["wording_old"].rstrip("."), row["item_2012_2018"]


# -- item pairs, continuity and change ----------------------------------------------------
def test_item_pairs(data):
    assert sy.item_pairs(data["map"])["item_2021_on"].tolist() == ["q9b", "q9c", "q9d", "q9e"]
    assert len(sy.item_pairs(data["map"], ["same", "similar"])) == 6
    with pytest.raises(errors.ValueNotAllowedError, match="'same' and/or 'similar'"):
        sy.item_pairs(data["map"], "none")
    with pytest.raises(TypeError, match="DataFrame"):
        sy.item_pairs("survey_item_map")


def test_continuity_counts_every_trust():
    new = pd.DataFrame({"org_code": ["A", "B", "D"]})
    t = sy.continuity(["A", "B", "C"], new, names=pd.Series({"D": "Dee Trust"}))
    assert t["trusts"].tolist() == [2, 1, 1]
    assert t.loc[2, "codes"] == "D Dee Trust" and t.attrs["only_old"] == {"C"}


def test_matched_items_2018_vs_2024(data):
    mi = sy.matched_items(data["old"], data["new"], data["map"])
    cov = mi.attrs["coverage"].set_index("group")["trusts"]
    assert cov.tolist() == [131, 17, 4] and mi.attrs["old_year"] == 2018
    assert cov.sum() - cov.iloc[2] == data["old"].query("year == 2018")["org_code"].nunique()
    assert set(mi["item_new"]) == {"q9b", "q9c", "q9d", "q9e"} and len(mi) == 4 * 131
    assert (mi["change"] - (mi["pct_new"] - mi["pct_old"])).abs().max() < 1e-9
    s = sy.change_summary(mi).set_index("item_old")
    assert s.loc["7d", "median_old"] == pytest.approx(54.7, abs=0.1)
    assert s.loc["7d", "median_new"] == pytest.approx(59.1, abs=0.1)
    assert s.loc["7g", "median_change"] == pytest.approx(-0.2, abs=0.1)
    assert (s["iqr_change"] < 0).all()  # trusts are closer together in 2024 on every same item
    assert (s["trusts"] == 131).all()


def test_matched_items_arguments(data):
    with pytest.raises(errors.ValueNotAllowedError, match="old_year must be one of"):
        sy.matched_items(data["old"], data["new"], data["map"], old_year=2024)
    with pytest.raises(errors.ValueNotAllowedError, match="Unknown trust type"):
        sy.matched_items(data["old"], data["new"], data["map"], types="hospice")
    with pytest.raises(errors.MissingColumnError, match="base_n"):
        sy.matched_items(data["old"], data["new"].drop(columns="base_n"), data["map"])


# -- rank persistence ------------------------------------------------------------------------
def test_rank_persistence_of_engagement(data):
    res, t = sy.rank_persistence(data["eng"], data["themes"])
    assert t.attrs["old_year"] == 2019 and res.method == "spearman" and res.n == 114
    assert res.r == pytest.approx(0.47, abs=0.01)
    assert res.ci_low < res.r < res.ci_high and res.ci_low > 0
    lo, hi = t.attrs["bootstrap_ci"]
    assert lo < res.r < hi and abs(lo - res.ci_low) < 0.08 and abs(hi - res.ci_high) < 0.08
    assert t.attrs["coverage"]["trusts"].tolist() == [114, 12, 21]
    assert sy.rank_persistence(data["eng"], data["themes"])[1].attrs["bootstrap_ci"] == (lo, hi)  # fixed seed


def test_bootstrap_ci_on_known_data():
    x = np.arange(50.0)
    lo, hi = sy.bootstrap_ci(x, x)
    assert lo == pytest.approx(1.0) and hi == pytest.approx(1.0)
    with pytest.raises(errors.EmptySelectionError):
        sy.bootstrap_ci([1, 2], [2, 1])


# -- funnel ----------------------------------------------------------------------------------
def test_funnel_2024_uses_real_bases(data):
    flags, od = sy.funnel_2024(data["new"], "q9c")
    assert od["n"] == 135 and len(flags) == 135 and od["phi"] > 5
    raw, _ = sy.funnel_2024(data["new"], "q9c", overdispersed=False)
    out_raw = raw["flag"].str.contains("99.8").sum()
    assert out_raw > flags["flag"].str.contains("99.8").sum()
    assert (flags["base_n"] == data["new"].query("question == 'q9c' and type == 'acute'")["base_n"].to_numpy()).all()
    fig = sy.funnel_figure(flags, od, title="t", x_title="x", y_title="y", tau2=od["tau2"])
    assert isinstance(fig, go.Figure) and sum(len(tr.x) for tr in fig.data if tr.mode == "markers") == 135
    with pytest.raises(errors.ValueNotAllowedError, match="choose from"):
        sy.funnel_2024(data["new"], "q7d")


def test_practice_frame_feeds_the_chapter_3_explorer(data):
    from mlhelpers import practice

    f = sy.practice_frame(data["new"])
    assert list(f.columns) == ["org_code", "name", "type", "year", "question", "label", "group", "wording",
                               "pct_positive", "n"]
    assert f["label"].notna().all() and (f["year"] == 2024).all() and f["org_code"].nunique() == 210
    fig = practice.spread_figure(f, 2024)
    assert len(fig.layout.updatemenus[0].buttons) == 9
    assert practice.trust_values(f, "R0A", 2024)["trust"].notna().all()


# -- between the surveys: 2021-2024 ----------------------------------------------------------
def test_wellbeing_trend_medians_by_type(mirror):
    g = ml.staff_wellbeing_2021_2024()
    trend = sy.wellbeing_trend(g)
    assert set(trend["type"]) == {"acute", "mental health", "community", "ambulance"}
    assert sorted(trend["year"].unique()) == [2021, 2022, 2023, 2024]
    # recomputed by hand for one cell: acute = both acute benchmarking groups
    acute24 = g[g["benchmarking_group"].isin(["Acute and Acute & Community Trusts", "Acute Specialist Trusts"])
                & (g["year"] == 2024)]["harassment_manager_pct"].dropna()
    row = trend[(trend["type"] == "acute") & (trend["year"] == 2024)].iloc[0]
    assert row["median"] == pytest.approx(acute24.median()) and row["trusts"] == len(acute24)
    assert (trend["q1"] <= trend["median"]).all() and (trend["median"] <= trend["q3"]).all()
    non_trusts = (~g["benchmarking_group"].isin(list(sy.WELLBEING_TYPES))).sum()
    assert trend.attrs["excluded"] == non_trusts > 0
    fig = sy.wellbeing_trend_figure(trend, title="t", y_title="y")
    assert [tr.name for tr in fig.data] == ["acute", "mental health", "community", "ambulance"]
    assert all(len(tr.x) == 4 for tr in fig.data)


def test_wellbeing_trend_refuses_bad_input(mirror):
    g = ml.staff_wellbeing_2021_2024()
    with pytest.raises(errors.ValueNotAllowedError, match="choose from"):
        sy.wellbeing_trend(g, "harrassment_manager_pct")
    with pytest.raises(errors.ValueNotAllowedError, match="column name"):
        sy.wellbeing_trend(g, ["harassment_manager_pct"])
    with pytest.raises(errors.MlhelpersError, match="staff_wellbeing_2021_2024"):
        sy.wellbeing_trend(ml.load("timeline"))
    with pytest.raises(errors.EmptySelectionError, match="no trust has a value"):
        sy.wellbeing_trend(g.assign(harassment_manager_pct=float("nan")))

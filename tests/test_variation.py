"""Tests of mlhelpers.variation (chapter 4): known values on small frames, clear errors, real data."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import mlhelpers as ml
from mlhelpers import variation as v
from mlhelpers.errors import EmptySelectionError, MissingColumnError, MlhelpersError
from mlhelpers.exercises import registry


# -- small hand-computable frames --------------------------------------------------------------
@pytest.fixture
def small() -> pd.DataFrame:
    return pd.DataFrame({
        "org_code": ["A", "B", "C", "D", "E"],
        "name": ["Alpha Hospital NHS Trust", "Beta Health NHS Trust", "Gamma Hospitals NHS Trust",
                 "Delta Partnership NHS Trust", "Epsilon NHS Foundation Trust"],
        "type": ["acute", "acute", "acute", "mental health", "mental health"],
        "x": [1.0, 2.0, 3.0, 4.0, 5.0],
        "y": [2.0, 4.0, 5.0, 4.0, 5.0],
        "z": [5.0, 4.0, 3.0, 2.0, np.nan],
    })


def test_summarise_quartiles_and_counts(small):
    out = v.summarise(small, "x", "type").set_index("type")
    assert out.loc["acute", "n"] == 3 and out.loc["acute", "median"] == 2.0
    assert out.loc["acute", "q1"] == 1.5 and out.loc["acute", "q3"] == 2.5
    assert out.loc["mental health", "mean"] == 4.5
    whole = v.summarise(small, "z")
    assert whole["n"].iloc[0] == 4 and whole["n_missing"].iloc[0] == 1 and whole["max"].iloc[0] == 5.0


def test_summarise_errors(small):
    with pytest.raises(MissingColumnError, match="managers_per_consultant"):
        v.summarise(small, "managers_per_consultant")
    with pytest.raises(EmptySelectionError, match="no rows"):
        v.summarise(small.iloc[0:0], "x")
    with pytest.raises(TypeError, match="not numeric"):
        v.summarise(small, "name")
    with pytest.raises(EmptySelectionError, match="missing"):
        v.summarise(small.assign(z=np.nan), "z")


def test_pearson_known_value_and_fisher_ci(small):
    # x = 1..5, y = 2,4,5,4,5: r = 6 / sqrt(10 * 6) = 0.7746
    res = v.correlation(small, "x", "y")
    assert res.n == 5 and res.n_dropped == 0
    assert res.r == pytest.approx(6 / math.sqrt(60), abs=1e-9)
    z, se = math.atanh(res.r), 1 / math.sqrt(2)
    assert res.ci_low == pytest.approx(math.tanh(z - 1.959964 * se), abs=1e-5)
    assert res.ci_high == pytest.approx(math.tanh(z + 1.959964 * se), abs=1e-5)
    assert "n = 5 trusts" in str(res)


def test_spearman_drops_missing_rows(small):
    res = v.correlation(small, "x", "z", method="spearman")
    assert res.r == pytest.approx(-1.0) and res.n == 4 and res.n_dropped == 1
    assert (res.ci_low, res.ci_high) == (-1.0, -1.0)


def test_correlation_of_ordered_categories_uses_scores():
    cats = pd.Categorical(["low", "mid", "high", "high", "mid"], categories=["low", "mid", "high"], ordered=True)
    df = pd.DataFrame({"rating": cats, "v": [1.0, 2.0, 3.0, 4.0, 2.5]})
    assert v.correlation(df, "v", "rating", method="spearman").r > 0.9


def test_correlation_errors(small):
    with pytest.raises(MissingColumnError, match="'shmi'"):
        v.correlation(small, "x", "shmi")
    with pytest.raises(v.TooFewTrustsError, match="at least 4"):
        v.correlation(small.iloc[:3], "x", "y")
    with pytest.raises(v.TooFewTrustsError, match="single value"):
        v.correlation(small.assign(y=1.0), "x", "y")
    with pytest.raises(ValueError, match="pearson"):
        v.correlation(small, "x", "y", method="kendall")
    assert issubclass(v.TooFewTrustsError, EmptySelectionError)


def test_fisher_ci_spearman_is_wider():
    p = v.fisher_ci(0.5, 30, method="pearson")
    s = v.fisher_ci(0.5, 30, method="spearman")
    assert s[0] < p[0] < 0.5 < p[1] < s[1]
    with pytest.raises(v.TooFewTrustsError):
        v.fisher_ci(0.5, 3)
    with pytest.raises(ValueError, match="level"):
        v.fisher_ci(0.5, 30, level=95)


def test_ols_recovers_exact_line():
    df = pd.DataFrame({"x": [0.0, 1, 2, 3, 4, 5], "y": [1.0, 3, 5, 7, 9, 11], "w": [1.0, 0, 1, 0, 1, 0]})
    out = v.ols(df, "y", "x").set_index("term")
    assert out.loc["const", "coef"] == pytest.approx(1.0)
    assert out.loc["x", "coef"] == pytest.approx(2.0)
    assert out.attrs["n"] == 6 and out.attrs["r2"] == pytest.approx(1.0)
    noisy = df.assign(y=df["y"] + [0.1, -0.1, 0.2, -0.2, 0.1, 0.0])
    two = v.ols(noisy, "y", ["x", "w"])
    row = two.set_index("term").loc["x"]
    assert row["ci_low"] < row["coef"] < row["ci_high"]
    assert two.attrs["formula"] == "y ~ x + w"


def test_ols_errors(small):
    with pytest.raises(MissingColumnError, match="log_consultants"):
        v.ols(small, "y", ["x", "log_consultants"])
    with pytest.raises(v.TooFewTrustsError, match="complete rows"):
        v.ols(small.iloc[:3], "y", ["x"])
    with pytest.raises(EmptySelectionError, match="at least one"):
        v.ols(small, "y", [])


def test_funnel_limits_known_values():
    lim = v.funnel_limits(50, [100, 400])
    # se = sqrt(50 * 50 / n): 5 and 2.5 points; z(95%) = 1.96, z(99.8%) = 3.09
    assert lim["upper_95"].tolist() == pytest.approx([50 + 1.959964 * 5, 50 + 1.959964 * 2.5], abs=1e-4)
    assert lim["lower_998"].iloc[0] == pytest.approx(50 - 3.090232 * 5, abs=1e-4)
    assert (lim["upper_998"] > lim["upper_95"]).all()
    wider = v.funnel_limits(50, [100], tau2=25.0)
    assert wider["upper_95"].iloc[0] == pytest.approx(50 + 1.959964 * math.sqrt(50), abs=1e-4)
    assert v.funnel_limits(1, [2])["lower_95"].iloc[0] == 0.0  # clipped


def test_funnel_limits_errors():
    with pytest.raises(ValueError, match="between 0 and 100"):
        v.funnel_limits(0.5 * 300, [10])
    with pytest.raises(ValueError, match="positive"):
        v.funnel_limits(50, [0, 10])
    with pytest.raises(EmptySelectionError):
        v.funnel_limits(50, [])
    with pytest.raises(ValueError, match="negative"):
        v.funnel_limits(50, [10], tau2=-1)


def test_funnel_flags_and_overdispersion():
    df = pd.DataFrame({"pct": [50.0, 50.0, 70.0, 35.0, 52.0], "n": [100, 100, 100, 100, 400]})
    f = v.funnel_flags(df, "pct", "n", p0=50).set_index("pct")
    assert f.loc[70.0, "flag"] == "above 99.8%"   # 4 standard errors above
    assert f.loc[35.0, "flag"] == "below 95%"     # 3 standard errors below
    assert f.loc[52.0, "flag"] == "within 95%"
    od = v.overdispersion(df, "pct", "n", p0=50)
    assert od["phi"] == pytest.approx((0 + 0 + 16 + 9 + 0.64) / 5)
    assert od["tau2"] > 0
    calm = pd.DataFrame({"pct": [50.0, 50.0, 50.0, 50.0], "n": [100, 100, 100, 100]})
    assert v.overdispersion(calm, "pct", "n")["tau2"] == 0.0
    with pytest.raises(v.TooFewTrustsError):
        v.overdispersion(df.iloc[:2], "pct", "n")
    with pytest.raises(MissingColumnError):
        v.funnel_flags(df, "pct_positive", "n")
    with pytest.raises(EmptySelectionError):
        v.funnel_flags(df.assign(pct=np.nan), "pct", "n")


def test_within_trust_change(small):
    panel = pd.DataFrame({
        "org_code": ["A", "A", "B", "B", "C"], "name": ["a", "a", "b", "b", "c"],
        "year": [2012, 2018, 2012, 2018, 2012], "s": [40.0, 50.0, 60.0, 55.0, 30.0],
    })
    out = v.within_trust_change(panel, "s")
    assert out["org_code"].tolist() == ["A", "B"] and out["change"].tolist() == [10.0, -5.0]
    assert out.attrs["n_dropped"] == 1 and out.attrs["dropped_codes"] == ["C"]
    assert (out.attrs["first_year"], out.attrs["last_year"]) == (2012, 2018)
    with pytest.raises(EmptySelectionError, match="2015"):
        v.within_trust_change(panel, "s", 2015, 2018)
    with pytest.raises(ValueError, match="earlier"):
        v.within_trust_change(panel, "s", 2018, 2012)
    with pytest.raises(MissingColumnError):
        v.within_trust_change(panel, "ss_8_mean")


def test_find_trust(small):
    assert v.find_trust(small, "hospital")["org_code"].tolist() == ["A", "C"]
    assert v.find_trust(small, " c ")["org_code"].tolist() == ["C"]   # exact code, any case
    with pytest.raises(v.TrustNotFoundError, match="No trust name contains 'Zeta'"):
        v.find_trust(small, "Zeta")
    with pytest.raises(v.TrustNotFoundError, match="Did you mean 'Gamma'"):
        v.find_trust(small, "Gama")
    with pytest.raises(ValueError, match="part of a trust"):
        v.find_trust(small, "  ")
    with pytest.raises(MissingColumnError):
        v.find_trust(small.drop(columns="name"), "Alpha")


def test_percentile_profile(small):
    out = v.percentile_profile(small, ["x", "z"], higher_is_better={"z": False}).set_index("org_code")
    assert out["x"].tolist() == [20.0, 40.0, 60.0, 80.0, 100.0]
    assert out.loc["A", "z"] == 25.0 and out.loc["D", "z"] == 100.0 and math.isnan(out.loc["E", "z"])
    with pytest.raises(ValueError, match="one row per trust"):
        v.percentile_profile(pd.concat([small, small]), ["x"])


def test_profile_figure_dropdown_and_update(small):
    fig = v.profile_figure(small, ["x", "y"], ["X", "Y"], start="C")
    menu = fig.layout.updatemenus[0]
    assert len(menu.buttons) == 5 and menu.buttons[menu.active].label == "Gamma Hospitals NHS Trust"
    assert list(fig.data[0].x) == [60.0, 90.0]  # y: 5 ties with E, average rank 4.5 of 5
    assert "C" in fig.layout.annotations[0].text
    # the values beside the bars are annotations on the background, so the median line passes behind them
    _, text = v.profile_values(small, ["x", "y"])
    labels = fig.layout.annotations[1:]
    assert fig.data[0].textposition == "none" and [a.name for a in labels] == ["value-label"] * 2
    assert [(a.x, a.y, a.text) for a in labels] == [(60.0, "X", text.loc["C", "x"]), (90.0, "Y", text.loc["C", "y"])]
    assert all(a.bgcolor == "white" and a.xref == "x" and a.yref == "y" for a in labels)
    alpha = menu.buttons[0].args[1]  # the menu's trusts are sorted by name: Alpha first
    assert (alpha["annotations[1].x"], alpha["annotations[2].text"]) == (20.0, text.loc["A", "y"])
    v.update_profile(fig, small, ["x", "y"], "A")
    assert list(fig.data[0].x) == [20.0, 20.0] and "Alpha" in fig.layout.annotations[0].text
    assert [(a.x, a.text) for a in fig.layout.annotations[1:]] == [(20.0, text.loc["A", "x"]), (20.0, text.loc["A", "y"])]
    with pytest.raises(v.TrustNotFoundError):
        v.update_profile(fig, small, ["x", "y"], "ZZZ")
    with pytest.raises(ValueError, match="2 value labels for 3 measures"):
        v.update_profile(fig, small, ["x", "y", "z"], "A")
    # a trust with no value: no bar, and its label at the start of the row
    gap = v.profile_figure(small, ["z"], ["Z"], start="E")
    assert gap.data[0].x == (None,) and (gap.layout.annotations[1].x, gap.layout.annotations[1].text) == (0, "no data")
    with pytest.raises(ValueError, match="labels"):
        v.profile_figure(small, ["x", "y"], ["X"])


def test_cross_section_means_and_counts():
    panel = pd.DataFrame({
        "org_code": ["A", "A", "A", "B"], "name": ["a"] * 3 + ["b"], "year": [2016, 2017, 2018, 2017],
        "m": [1.0, 2.0, np.nan, 4.0],
    })
    out = v.cross_section(panel, ["m"], [2016, 2017, 2018]).set_index("org_code")
    assert out.loc["A", "m"] == 1.5 and out.loc["A", "years_m"] == 2 and out.loc["B", "years_m"] == 1
    with pytest.raises(EmptySelectionError, match="2010"):
        v.cross_section(panel, ["m"], [2010])


# -- the real data --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def panel(request):
    return ml.trust_panel()


def test_latest_cqc_one_row_per_trust(mirror):
    cqc = ml.cqc_ratings()
    out = v.latest_cqc(cqc)
    assert out["org_code"].is_unique
    trust_level = cqc[cqc["population"].eq("Overall") & cqc["question"].eq("Overall")]
    assert len(out) == trust_level["org_code"].nunique()
    assert set(out["cqc_overall"].dropna().unique()) <= {"Inadequate", "Requires improvement", "Good", "Outstanding"}
    assert out["cqc_well_led_score"].between(0, 3).all()


def test_add_engagement_on_the_panel(mirror, panel):
    joined = v.add_engagement(panel, ml.engagement_index())
    assert len(joined) == len(panel) and "coverage" in joined.attrs
    assert 100 < joined.attrs["engagement_trusts"] <= 151
    assert joined.loc[joined["type"] != "acute", "engagement_index"].isna().all()
    assert joined["engagement_index"].dropna().between(1, 5).all()
    with pytest.raises(MlhelpersError, match="only once"):
        v.add_engagement(joined, ml.engagement_index())


def test_real_data_results_have_their_published_shape(mirror, panel):
    acute = panel[panel["type"] == "acute"]
    last = v.summarise(panel[panel["year"] == 2018], "managers_per_consultant", "type").set_index("type")
    assert 0.3 < last.loc["acute", "median"] < 0.7 < last.loc["mental health", "median"]
    cs = v.cross_section(acute, ["ss_8_mean", "shmi"], [2016, 2017, 2018]).merge(v.latest_cqc(ml.cqc_ratings()), on="org_code")
    res = v.correlation(cs, "ss_8_mean", "cqc_well_led_score", method="spearman")
    assert res.n > 130 and res.ci_low > 0          # a clear positive association
    sh = v.correlation(cs, "ss_8_mean", "shmi")
    assert sh.r < 0 and sh.n < res.n               # fewer trusts have SHMI
    change = v.within_trust_change(acute, "ss_8_mean", 2012, 2018)
    assert change.attrs["n_dropped"] + len(change) == acute["org_code"].nunique()


def test_find_trust_on_real_names(mirror, panel):
    leeds = v.find_trust(panel, "leeds teaching")
    assert leeds["org_code"].tolist() == ["RR8"]
    with pytest.raises(v.TrustNotFoundError):
        v.find_trust(panel, "Hogwarts")


def test_chapter_exercises_have_computable_answers(mirror):
    exercises = {k: e for k, e in registry().items() if k.startswith("variation-")}
    assert len(exercises) >= 4
    for key, ex in exercises.items():
        answer = ex.compute()
        assert answer is not None, key
        assert ml.is_correct(key, answer)
    mh = exercises["variation-mh-median"].answer
    assert ml.is_correct("variation-mh-median", mh + 0.004) and not ml.is_correct("variation-mh-median", mh + 0.01)
    assert isinstance(exercises["variation-funnel-8b-above"].compute(), int)

"""Chapter 5 helpers (mlhelpers.international), its curated dataset and its exercises."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import mlhelpers as ml
from conftest import ROOT
from mlhelpers import international as intl
from mlhelpers.exercises import is_correct, registry

BIB_KEYS = set(re.findall(r"^@\w+\{([^,\s]+),", (ROOT / "references.bib").read_text(encoding="utf-8"), re.M))
DOCTORS = intl.ALIASES["doctors"]


@pytest.fixture(scope="module")
def data(request) -> pd.DataFrame:
    return ml.country_indicators(indicators=list(intl.DEFAULT_INDICATORS))


# -- selecting and errors ------------------------------------------------------------
def test_resolve_indicators_accepts_aliases_keys_and_labels():
    assert intl.resolve_indicators(None) == list(intl.DEFAULT_INDICATORS)
    assert intl.resolve_indicators("doctors") == [DOCTORS]
    assert intl.resolve_indicators(["Doctors", DOCTORS, "Health spending, % of GDP"]) == [
        DOCTORS, intl.ALIASES["spending"],
    ]


def test_unknown_indicator_names_suggestions():
    with pytest.raises(ml.EmptySelectionError, match=r"Unknown indicator 'doctor'.*Did you mean 'doctors'"):
        intl.resolve_indicators(["doctor"])
    with pytest.raises(ml.EmptySelectionError, match="No indicator selected"):
        intl.resolve_indicators([])
    with pytest.raises(TypeError, match="string or a list of strings"):
        intl.resolve_indicators(5)


def test_panel_selects_and_refuses_bad_input(data):
    rows = intl.panel(data, "spending", countries=["UK", "Denmark"], years=(2010, 2012))
    assert set(rows["country"]) == {"UK", "Denmark"} and set(rows["year"]) == {2010, 2011, 2012}
    assert len(rows) == 6
    with pytest.raises(ml.EmptySelectionError, match=r"Unknown country 'Denmrk'.*'denmark'"):
        intl.panel(data, "spending", countries=["Denmrk"])
    with pytest.raises(ml.EmptySelectionError, match="No country selected"):
        intl.panel(data, "spending", countries=[])
    with pytest.raises(ml.EmptySelectionError, match="runs backwards"):
        intl.panel(data, "spending", years=(2022, 2000))
    with pytest.raises(ml.EmptySelectionError, match="No data"):
        intl.panel(data, "life_expectancy", years=(2020, 2022))
    with pytest.raises(ml.EmptySelectionError, match="holds no rows"):
        intl.panel(data, "spending_per_person")
    with pytest.raises(ml.MissingColumnError, match="country_indicators"):
        intl.panel(data.drop(columns="value"))
    with pytest.raises(TypeError, match="DataFrame"):
        intl.panel([1, 2, 3])


def test_wide_is_year_by_country(data):
    w = intl.wide(data, "doctors")
    assert w.shape[1] == 12 and w.index.is_monotonic_increasing
    assert w.loc[2000:2022, "USA"].notna().sum() == 7  # the US series has holes


# -- coverage and breaks -------------------------------------------------------------
def test_coverage_reports_the_early_endings_and_gaps(data):
    cov = intl.coverage_table(data).set_index("indicator")
    assert cov.loc["Life expectancy at birth, years", "last_year"] == 2013
    assert cov.loc["Infant deaths per 1,000 live births", "last_year"] == 2015
    assert cov.loc["Health spending, % of GDP", "incomplete"] == "none"
    assert cov.loc["Health spending, % of GDP", "points"] == 12 * 23
    assert "USA (16 missing)" in cov.loc["Doctors per 1,000 people", "incomplete"]
    assert cov.loc["Life expectancy at birth, years", "incomplete"] == "all 12 countries (9 years missing each)"


def test_flag_breaks_finds_known_jumps(data):
    b = intl.flag_breaks(data)
    docs = b[b["indicator"] == DOCTORS].set_index("country")
    assert docs.loc["USA", "year_from"] == 2018 and docs.loc["USA", "year_to"] == 2019
    assert docs.loc["USA", "change_pct"] == pytest.approx(36.7, abs=0.1)
    italy = b[(b["country"] == "Italy") & (b["indicator"] == DOCTORS)]
    assert list(italy["year_to"]) == [2002, 2003]  # up and back down: an error in the series
    canada = docs.loc[["Canada"]]
    assert (canada["gap"] == 2).any()  # bridged a missing year
    assert (b["change_pct"].abs() > 15).all()
    assert len(intl.flag_breaks(data, threshold=0.5)) < len(b)
    with pytest.raises(ValueError, match="share between 0 and 10"):
        intl.flag_breaks(data, threshold=15)


# -- figures ---------------------------------------------------------------------------
def test_indicator_explorer_dropdown_and_slider_are_consistent(data):
    fig = intl.indicator_explorer(data)
    buttons = fig.layout.updatemenus[0].buttons
    assert [b.label for b in buttons] == [intl.LABELS[k] for k in intl.DEFAULT_INDICATORS]
    assert len(fig.data) == len(buttons) and [bool(t.visible) for t in fig.data] == [True] + [False] * 4
    assert fig.layout.sliders[0].steps[-1].label == "2022"
    countries = [re.sub("<.*?>", "", x) for x in fig.data[0].x]
    for i, button in enumerate(buttons):
        assert button.args[0]["visible"] == [j == i for j in range(len(buttons))]
        slider = button.args[1]["sliders"][0]
        labels = [s["label"] for s in slider["steps"]]
        assert labels == sorted(labels) and slider["active"] == len(labels) - 1
        for step in slider["steps"]:
            assert step["args"][2] == [i]  # each step restyles only its own indicator's bars
            assert len(step["args"][0]["y"][0]) == len(countries) == 12
    life = next(b for b in buttons if b.label.startswith("Life"))
    assert life.args[1]["sliders"][0]["steps"][-1]["label"] == "2013"
    # a country without a value is labelled, not silently dropped; values match the data
    step_2005 = next(s for s in buttons[0].args[1]["sliders"][0]["steps"] if s["label"] == "2005")
    text = step_2005["args"][0]["text"][0]
    assert text[countries.index("USA")] == "no data"
    uk = intl.wide(data, "doctors").loc[2005, "UK"]
    assert step_2005["args"][0]["y"][0][countries.index("UK")] == pytest.approx(uk, abs=0.005)
    assert len(fig.to_json()) < 120_000


def test_small_multiples_has_one_panel_per_country_and_updates_all_traces(data):
    fig = intl.small_multiples(data)
    assert len(fig.data) == 12 * 3 + 1  # and one legend entry for the crosses
    titles = [a.text for a in fig.layout.annotations]
    assert "UK" in titles and "New Zealand" in titles
    for button in fig.layout.updatemenus[0].buttons:
        assert len(button.args[0]["x"]) == len(fig.data) == len(button.args[0]["y"])
    for button in fig.layout.updatemenus[0].buttons:  # the y range includes every value, outliers too
        lo, hi = button.args[1]["yaxis.range"]
        assert button.args[1]["yaxis12.range"] == [lo, hi]  # every panel, not just the first
        flat = [v for ys in button.args[0]["y"][:-1] for v in ys if v is not None]
        assert lo <= min(flat) and hi >= max(flat)
    us_breaks = next(i for i, t in enumerate(fig.data) if t.mode == "markers" and "USA" in (t.hovertemplate or ""))
    assert list(fig.data[us_breaks].x) == [2019]


def test_small_multiples_break_the_line_across_long_gaps(data):
    fig = intl.small_multiples(data)  # opens on doctors: USA has gaps of 4 and 14 years, Canada of 2
    line = {t.name: t for t in fig.data if t.mode == "lines+markers"}
    us_years = sorted(intl.panel(data, "doctors", countries=["USA"])["year"])
    us = list(line["USA"].x)
    assert us.count(None) == sum(b - a > 3 for a, b in zip(us_years, us_years[1:])) == 2
    assert [x for x in us if x is not None] == us_years
    gap = us.index(None)
    assert us[gap + 1] - us[gap - 1] > 3 and line["USA"].y[gap] is None
    assert None not in list(line["Canada"].x)  # two-year steps stay joined
    canada_1 = next(t for t in intl.small_multiples(data, max_gap=1).data if t.name == "Canada")
    assert None in list(canada_1.x)  # ... unless the caller allows only one-year steps
    button = fig.layout.updatemenus[0].buttons[0]  # the dropdown redraws with the same gaps
    assert button.args[0]["x"][[t.name for t in fig.data].index("USA")] == us
    with pytest.raises(ValueError, match="max_gap must be a whole number of years"):
        intl.small_multiples(data, max_gap=0)


def test_country_picker_redraws_on_ticks(data):
    picker = intl.country_picker(data, selected=["UK", "Sweden"])
    assert picker.selected == ["UK", "Sweden"] and len(picker.figure.data) == 2
    picker.boxes["France"].value = True
    assert [t.name for t in picker.figure.data] == ["UK", "France", "Sweden"]
    picker.menu.value = intl.ALIASES["infant_mortality"]
    assert picker.figure.layout.yaxis.title.text == intl.LABELS[intl.ALIASES["infant_mortality"]]
    for box in picker.boxes.values():
        box.value = False
    assert len(picker.figure.data) == 0 and "Tick at least one" in picker.note.value
    with pytest.raises(ml.EmptySelectionError, match="choose from"):
        intl.country_picker(data, selected=["Atlantis"])


# -- curated data and exercises -------------------------------------------------------
def test_system_features_are_sourced_and_cover_the_cases():
    f = ml.load("system_features")
    assert set(f["source"]) <= BIB_KEYS
    assert {"England", "Denmark", "Kaiser Permanente", "Mayo Clinic", "Intermountain Healthcare"} <= set(f["system"])
    assert set(f["feature"]) == {"employment", "leadership roles", "training", "professional response"}
    assert not f.duplicated(["system", "feature", "source"]).any()
    assert f["description"].str.len().between(40, 300).all()


def test_exercises_compute_from_data():
    keys = [k for k in registry() if k.startswith("intl-")]
    assert len(keys) >= 4
    assert is_correct("intl-wms-top", "United States")
    assert is_correct("intl-biggest-jump", "Italy")
    assert not is_correct("intl-biggest-jump", "USA")
    spend = registry()["intl-uk-spending-2022"].answer
    assert is_correct("intl-uk-spending-2022", spend + 0.04) and not is_correct("intl-uk-spending-2022", spend + 0.1)


def test_features_table_groups_by_system_and_escapes():
    f = ml.load("system_features")
    html = intl.features_table(f)._repr_html_()
    assert html.count("<tr>") == len(f) + 1
    assert html.count('scope="rowgroup"') == f["system"].nunique()
    assert html == intl.features_table(f)._repr_html_()  # deterministic for nbval
    bad = f.head(1).assign(description="<script>")
    assert "&lt;script&gt;" in intl.features_table(bad)._repr_html_()
    with pytest.raises(ml.MissingColumnError, match="system_features"):
        intl.features_table(f.drop(columns="source"))

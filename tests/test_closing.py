"""mlhelpers.closing and the closing chapters' data (chapters 6 and 8)."""

from __future__ import annotations

import json
import re

import pandas as pd
import plotly.graph_objects as go
import pytest

import mlhelpers as ml
from conftest import ROOT
from mlhelpers import closing
from mlhelpers.closing import RatingError
from mlhelpers.errors import EmptySelectionError, MissingColumnError
from mlhelpers.exercises import registry

DIMS = closing.hlm_dimensions()
BIB_KEYS = set(re.findall(r"^@\w+\{([^,\s]+),", (ROOT / "references.bib").read_text(encoding="utf-8"), re.M))


def ratings(value=3):
    return {d: value for d in DIMS}


# --- Healthcare Leadership Model -------------------------------------------------


def test_hlm_dimensions_come_from_frameworks_in_order():
    assert len(DIMS) == 9
    assert DIMS[0] == "Inspiring shared purpose" and DIMS[-1] == "Influencing for results"
    assert closing.HLM_SCALE == ("essential", "proficient", "strong", "exemplary")


def test_hlm_dimensions_refuses_a_wrong_table():
    with pytest.raises(MissingColumnError, match="frameworks"):
        closing.hlm_dimensions(pd.DataFrame({"framework": ["x"]}))
    with pytest.raises(EmptySelectionError, match="Healthcare Leadership Model"):
        closing.hlm_dimensions(ml.load("frameworks").query("framework != 'Healthcare Leadership Model'"))


def test_check_ratings_accepts_numbers_words_and_loose_names():
    given = {d.upper() + "  ": 2 for d in DIMS}
    given[DIMS[0].upper() + "  "] = "Exemplary"
    checked = closing.check_ratings(given)
    assert list(checked) == DIMS
    assert checked[DIMS[0]] == 4.0 and checked[DIMS[1]] == 2.0


@pytest.mark.parametrize("bad", [0, 5, -1, 4.5, float("nan"), True, None, "great", [3]])
def test_ratings_off_the_scale_are_refused_with_the_scale(bad):
    given = ratings()
    given[DIMS[2]] = bad
    with pytest.raises(RatingError) as err:
        closing.check_ratings(given)
    message = str(err.value)
    assert DIMS[2] in message and "1 (essential)" in message and "4 (exemplary)" in message


def test_wrong_dimension_name_is_named_with_a_suggestion():
    given = ratings()
    given["Leading with Kare"] = given.pop("Leading with care")
    with pytest.raises(RatingError, match=r"'Leading with Kare' \(did you mean 'Leading with care'\?\)"):
        closing.check_ratings(given)


def test_missing_and_doubled_dimensions_are_refused():
    given = ratings()
    del given["Holding to account"]
    with pytest.raises(RatingError, match=r"No rating for \['Holding to account'\]"):
        closing.check_ratings(given)
    given = ratings()
    given["holding to account"] = 2
    with pytest.raises(RatingError, match="rated twice"):
        closing.check_ratings(given)


def test_ratings_must_be_a_mapping():
    with pytest.raises(RatingError, match="dict mapping each dimension"):
        closing.check_ratings([3] * 9)


def test_radar_draws_a_closed_polygon_on_the_scale():
    given = {d: i % 4 + 1 for i, d in enumerate(DIMS)}
    fig = closing.radar(given, title="t")
    trace = fig.data[0]
    assert isinstance(trace, go.Scatterpolar)
    assert list(trace.r) == [float(v) for v in given.values()] + [1.0]
    assert list(trace.theta) == DIMS + DIMS[:1]
    assert trace.customdata[1] == "proficient"
    axis = fig.layout.polar.radialaxis
    assert list(axis.range) == [0, 4] and list(axis.ticktext) == ["1 essential", "2 proficient", "3 strong", "4 exemplary"]


def test_radar_validates_before_drawing():
    with pytest.raises(RatingError):
        closing.radar({"Inspiring shared purpose": 3})


def test_self_assessment_draws_at_once_and_follows_the_sliders():
    box = closing.self_assessment(DIMS, initial=ratings(1))
    assert isinstance(box.figure, go.FigureWidget) and box.figure in box.children
    assert box.figure.data[0].r[0] == 1.0
    box.sliders[DIMS[0]].value = 4
    assert box.figure.data[0].r[0] == 4.0 and box.figure.data[0].r[-1] == 4.0
    box.sliders[DIMS[3]].value = 3
    assert box.figure.data[0].r[3] == 3.0 and box.figure.data[0].customdata[3] == "strong"
    box.role.value = "clinical director"
    assert "clinical director" in box.figure.layout.title.text and "not data" in box.figure.layout.title.text


# --- Evidence map ----------------------------------------------------------------


@pytest.fixture(scope="module")
def evidence():
    return ml.load("evidence_map")


def test_marker_sizes_grow_with_area_and_never_guess():
    sizes = closing.marker_sizes(pd.Series([100, 400, None], dtype="Float64"))
    assert sizes[2] == closing.UNREPORTED_SIZE
    assert sizes[0] < sizes[1] == 46.0
    # area grows with n: (d - min) grows with sqrt(n)
    assert (sizes[1] - 10) / (sizes[0] - 10) == pytest.approx(2.0)


def test_evidence_map_encodes_direction_size_and_missing_sizes(evidence):
    fig = closing.evidence_map(evidence)
    data = [t for t in fig.data if t.showlegend is False]
    assert sum(len(t.x) for t in data) == len(evidence)
    by_name = {t.name: t for t in data}
    assert set(by_name) == set(evidence["direction"])
    positive = by_name["positive"]
    rows = evidence[evidence["direction"] == "positive"]
    open_markers = [s.endswith("-open") for s in positive.marker.symbol]
    assert open_markers == list(rows["sample_size"].isna())
    for size, n in zip(positive.marker.size, rows["sample_size"]):
        assert (size == closing.UNREPORTED_SIZE) == pd.isna(n)
    hover = [c[2] for t in data for c in t.customdata]
    assert sum("size not reported" in h for h in hover) == int(evidence["sample_size"].isna().sum())
    legend = [t.name for t in fig.data if t.showlegend is not False]
    assert "size not reported" in legend


def test_evidence_map_dropdowns_filter_direction_and_design(evidence):
    fig = closing.evidence_map(evidence)
    direction_menu, design_menu = fig.layout.updatemenus
    labels = [b.label for b in direction_menu.buttons]
    assert labels[0] == "All directions" and set(labels[1:]) == set(evidence["direction"])
    positive = next(b for b in direction_menu.buttons if b.label == "positive")
    shown = [t.name for t, v in zip(fig.data, positive.args[0]["visible"]) if v]
    assert "positive" in shown and "not assessed" not in shown
    design_labels = [b.label for b in design_menu.buttons]
    assert design_labels[0] == "All designs" and set(design_labels[1:]) == set(evidence["design"])
    survey = next(b for b in design_menu.buttons if b.label == "survey")
    xs = [x for trace_x in survey.args[0]["x"] for x in trace_x]
    assert xs and set(xs) == {"survey"} and len(xs) == int(evidence["design"].eq("survey").sum())


def test_evidence_map_figure_is_small(evidence):
    assert len(closing.evidence_map(evidence).to_json()) < 120_000


def test_filter_evidence_and_its_errors(evidence):
    got = closing.filter_evidence(evidence, directions="positive", designs=["survey", "cross-sectional"])
    assert set(got["direction"]) == {"positive"} and set(got["design"]) <= {"survey", "cross-sectional"}
    with pytest.raises(EmptySelectionError, match="no study has design"):
        closing.filter_evidence(evidence, designs=["randomised trial"])
    with pytest.raises(MissingColumnError, match="evidence_map"):
        closing.evidence_map(evidence.drop(columns=["design"]))
    with pytest.raises(TypeError, match="DataFrame"):
        closing.evidence_map([1, 2])
    with pytest.raises(EmptySelectionError):
        closing.evidence_map(evidence.iloc[0:0])


def test_evidence_explorer_filters_the_live_map(evidence):
    ui = closing.evidence_explorer(evidence)
    assert f"<strong>{len(evidence)}</strong> of {len(evidence)}" in ui.count.value
    assert isinstance(ui.figure, go.FigureWidget) and ui.figure in ui.children
    data = [t for t in ui.figure.data if t.showlegend is False]
    assert sum(len(t.x) for t in data) == len(evidence)
    ui.designs.value = ("survey",)
    n_survey = int(evidence["design"].eq("survey").sum())
    assert f"<strong>{n_survey}</strong>" in ui.count.value
    assert sum(len(t.x) for t in data) == n_survey
    ui.directions["not assessed"].value = False
    expected = int((evidence["design"].eq("survey") & evidence["direction"].ne("not assessed")).sum())
    assert sum(len(t.x) for t in data) == expected
    ui.search.value = "no such word anywhere"
    assert "<strong>0</strong>" in ui.count.value and sum(len(t.x) for t in data) == 0
    legend_entries = [t for t in ui.figure.data if t.showlegend is not False]
    assert all(list(t.x) == [None] for t in legend_entries)


# --- Voices, staff survey, events --------------------------------------------------


def test_voices_chart_has_one_trace_per_theme_and_a_theme_filter():
    voices = ml.load("voices")
    fig = closing.voices_chart(voices)
    assert len(fig.data) == voices["theme"].nunique()
    assert sum(len(t.x) for t in fig.data) == len(voices)
    assert [b.label for b in fig.layout.updatemenus[0].buttons][1:] == list(dict.fromkeys(voices["theme"]))
    with pytest.raises(MissingColumnError, match="voices"):
        closing.voices_chart(voices.drop(columns=["about"]))


def test_manager_items_are_medians_over_acute_trusts(mirror):
    survey, providers = ml.staff_survey_managers(), ml.providers()
    medians = closing.manager_items_by_year(survey, providers)
    assert set(medians["question"]) == {"7a", "7b", "7c", "7d", "7e", "7f", "7g", "8a", "8b", "8c", "8d"}
    assert medians["year"].min() == 2012 and medians["year"].max() == 2018
    acute = set(providers.loc[providers["type"] == "acute", "org_code"])
    row = medians.query("question == '8c' and year == 2016").iloc[0]
    raw = survey[(survey["question"] == "8c") & (survey["year"] == 2016) & survey["org_code"].isin(acute)]
    assert row["median_positive"] == round(raw["pct_positive"].median(), 1)
    assert row["trusts"] == raw["org_code"].nunique() <= len(acute)
    # staff feel far less involved by senior managers than they know who they are
    latest = medians[medians["year"] == 2018].set_index("question")["median_positive"]
    assert latest["8a"] > 2 * latest["8c"]
    with pytest.raises(EmptySelectionError, match="no organisations of type 'hospice'"):
        closing.manager_items_by_year(survey, providers, org_type="hospice")
    with pytest.raises(MissingColumnError, match="staff_survey_managers"):
        closing.manager_items_by_year(survey.drop(columns=["pct_positive"]), providers)
    fig = closing.manager_items_chart(medians)
    visible = [t.name[:2] for t in fig.data if t.visible]
    assert visible == ["8a", "8b", "8c", "8d"]
    assert [b.label for b in fig.layout.updatemenus[0].buttons] == ["senior managers", "immediate manager"]


def test_readable_dates_and_the_events_list():
    assert closing.readable_date("2018-04-19") == "19 April 2018"
    assert closing.readable_date("2018-09") == "September 2018"
    assert closing.readable_date("2019") == "2019 (date to be set)"
    for bad in ("2018-13-01", "19/04/2018", "soon"):
        with pytest.raises(ValueError, match="YYYY|not a real date"):
            closing.readable_date(bad)
    events = ml.load("events")
    text = closing.events_markdown(events)
    lines = text.splitlines()
    assert len(lines) == len(events) and all(line.startswith("- **") for line in lines)
    assert lines[0].startswith("- **19 April 2018**") and "2019 (date to be set)" in lines[-1]
    with pytest.raises(MissingColumnError, match="events"):
        closing.events_markdown(events.drop(columns=["title"]))


def test_only_events_with_a_full_date_count_as_held():
    events = ml.load("events")
    held = closing.dated_events(events)
    assert len(held) == len(events) - 1 and "2019" not in set(held["date"])
    planned = events[events["date"] == "2019"]
    assert len(planned) == 1 and "not confirmed as held" in planned["focus"].iloc[0]
    assert closing.dated_events(events.iloc[0:0]).empty
    with pytest.raises(MissingColumnError, match="dated_events"):
        closing.dated_events(events.drop(columns=["date"]))


# --- Curated data and exercises ------------------------------------------------------


def test_gp_leadership_has_the_editorials_numbers():
    gp = ml.load("gp_leadership")
    assert set(gp["source"]) <= BIB_KEYS
    federations = gp[gp["item"].str.contains("federations")].iloc[0]
    county = gp[gp["item"].str.contains("county")].iloc[0]
    assert federations["value"] == 41_000_000 and federations["unit"] == "patients"
    assert (county["year"], federations["year"]) == (2007, 2016)
    assert "'no plan'" in federations["detail"]
    # items known only through the 2019 editorial cite it and are marked secondary
    assert set(gp.loc[gp["confidence"] == "secondary", "source"]) == {"iliffe2019medical"}
    assert gp.loc[gp["item"].str.contains("Marshall"), "value"].iloc[0] == 6


def test_voices_code_roles_not_names():
    voices = ml.load("voices")
    assert set(voices["source"]) == {"kingsfund2016why"}
    assert voices["speaker"].str.match(r"^(Blog author|Reader): ").all()
    for name in ("Butler", "Hayter", "Baker", "Hellewell", "Barker", "Binita"):
        assert not voices["speaker"].str.contains(name).any()
        assert not voices["position"].str.contains(name).any()
    assert {"manager", "nurse"}.isdisjoint(voices["speaker_group"])  # the chapter says neither replied
    # the CCG chair is described only as a clinical chair, so the profession is not coded as doctor
    chair = voices[voices["speaker"].str.contains("clinical chair")]
    assert len(chair) and chair["speaker_group"].eq("clinician, profession not stated").all()
    # the anaesthetist never calls for 'stepping up'
    assert not voices[voices["speaker"].str.contains("anaesthetist")]["theme"].eq("doctors stepping up").any()


def test_evidence_map_does_not_count_doubtful_codings_as_positive():
    ev = ml.load("evidence_map")
    # CQC ratings against staff recommending their trust: neither side measures leadership
    assert ev.loc[ev["source"] == "hsj2015analysis", "direction"].eq("not assessed").all()
    # the county GP survey is known only from one sentence in the 2019 editorial
    county = ev[ev["study"].str.contains("GPs in one county")]
    assert len(county) == 1 and county["direction"].iloc[0] == "not assessed" and county["confidence"].iloc[0] == "secondary"
    assert set(ev.loc[ev["direction"] == "positive", "source"]) == {
        "veronesi2013clinicians", "goodall2011physician", "dorgan2010management", "sarto2016clinical", "tsai2015hospital"}


def test_evidence_map_corrections_of_the_2026_edition():
    ev = ml.load("evidence_map")
    assert set(ev["source"]) <= BIB_KEYS
    # Veronesi et al.'s abstract speaks of morbidity, not mortality
    veronesi = ev[ev["source"] == "veronesi2013clinicians"].iloc[0]
    assert "morbidity" in veronesi["outcome"] and "mortality" not in veronesi["outcome"]
    # the chief-executive shares come second-hand from a BMJ feature
    assert ev.loc[ev["source"] == "thornton2019doctors", "confidence"].eq("secondary").all()
    # the reviews and the study of management quantity and quality are mapped
    for key in ("asaria2020impact", "sarto2016clinical", "savage2020medical", "tsai2015hospital", "storey2017mobilizing", "waring2023what"):
        assert (ev["source"] == key).sum() == 1, key
    assert ev.loc[ev["source"] == "asaria2020impact", "direction"].iloc[0] == "mixed"
    assert set(ev.loc[ev["direction"] == "mixed", "source"]) == {"webb2014first", "asaria2020impact", "savage2020medical"}


def test_no_data_cite_the_untraced_placeholder():
    assert "rughani2012leadership" not in BIB_KEYS
    for name in ("evidence_map", "gp_leadership", "events", "voices", "leadership_styles"):
        assert "rughani2012leadership" not in set(ml.load(name)["source"]), name


def test_gp_leadership_records_the_move_from_ccgs_to_icbs():
    gp = ml.load("gp_leadership")
    icb = gp[gp["item"].str.contains("Integrated care boards")].iloc[0]
    assert (icb["year"], icb["value"], icb["kind"]) == (2022, 42, "policy") and "1 July 2022" in icb["detail"]
    assert gp["item"].str.contains("Primary care networks").sum() == 1
    assert gp.loc[gp["item"].str.contains("Waring"), "value"].iloc[0] == 24
    assert set(gp["source"]) <= BIB_KEYS


def test_evidence_map_keeps_the_general_practice_rows():
    ev = ml.load("evidence_map")
    gp_rows = ev[ev["study"].str.contains("GP")]
    assert len(gp_rows) >= 3 and gp_rows["sample_size"].isna().sum() >= 2
    assert (ev.loc[ev["source"] == "iliffe2019medical", "confidence"] == "secondary").all()


def test_new_resources_are_described_in_the_datapackage():
    pkg = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    by_name = {r["name"]: r for r in pkg["resources"]}
    for name in ("gp_leadership", "voices"):
        res = by_name[name]
        assert res["licenses"] and res["sources"] and res["title"] and res["description"]
        fields = {f["name"] for f in res["schema"]["fields"]}
        assert {"source", "confidence"} <= fields


def test_exercise_answers_come_from_the_data():
    known = registry()
    ev, gp = ml.load("evidence_map"), ml.load("gp_leadership")
    assert known["gp-common-styles"].compute() == int(ml.load("leadership_styles")["frequency"].eq("common").sum())
    assert known["gp-years-apart"].compute() == 9
    assert known["gp-secondary-items"].compute() == int(gp["confidence"].eq("secondary").sum())
    assert known["next-positive-studies"].compute() == int(ev["direction"].eq("positive").sum())
    assert known["next-size-not-reported"].compute() == int(ev["sample_size"].isna().sum())
    assert known["next-doctor-speakers"].compute() == 3  # the CCG clinical chair does not say which profession
    assert ml.is_correct("gp-years-apart", 9) and not ml.is_correct("gp-years-apart", "9")

"""Bad input, as a careless student (or a hurried maintainer) would give it.

Each case asserts the error class and that the message names what is wrong
(the argument, file or folder) and how to fix it. Most use small frames made
here, so the file runs in seconds (it is also what ``./book mutate`` runs).
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import mlhelpers as ml
from mlhelpers import closing, config, datapackage, errors, validate
from mlhelpers import international as intl
from mlhelpers import practice as prac
from mlhelpers import professions as prof
from mlhelpers import variation as v

from conftest import GOOD_CSV, SCHEMA


def raises(error: type[BaseException], call, *words: str) -> str:
    """Assert ``call()`` raises ``error`` whose message contains every word; return the message."""
    with pytest.raises(error) as info:
        call()
    message = str(info.value)
    for word in words:
        assert word in message, f"{word!r} not in: {message}"
    return message


# -- small frames -----------------------------------------------------------------------------
def _panel(years=(2017, 2018)) -> pd.DataFrame:
    rows = []
    for i, code in enumerate(["RA1", "RB2", "RC3", "RD4", "RE5", "RF6"]):
        for y in years:
            rows.append({"org_code": code, "name": f"Trust {code}", "type": "acute", "year": y,
                         "ss_8c": 20.0 + i * 3 + (y - 2017), "shmi": 1.1 - i * 0.02,
                         "managers_per_consultant": 0.4 + i / 10, "ss_8_mean": 30.0 + i, "empty": np.nan})
    return pd.DataFrame(rows)


def _survey() -> pd.DataFrame:
    return pd.DataFrame({"org_code": list("ABCDE"), "pct_positive": [30.0, 35, 40, 45, 50], "n": [100] * 5})


def _totals(first: float = 10.0, years=(2010, 2011)) -> pd.DataFrame:
    return pd.DataFrame({"year": list(years), "managers_fte": [first, 12.0][: len(years)],
                         "consultants_fte": [5.0, 6.0][: len(years)]})


# == 1. the data package and the cache folder ===============================================
def _write_package(folder: Path, text: str) -> None:
    (folder / "datapackage.json").write_text(text, encoding="utf-8")


def test_descriptor_invalid_json_names_file_line_and_fix(scratch_package):
    folder = scratch_package()
    _write_package(folder, '{"resources": [ {"name": "toy",, } ]}')
    raises(errors.DescriptorError, lambda: ml.load("toy"), "datapackage.json", "line 1", "not valid JSON", "git checkout")


def test_descriptor_not_utf8(scratch_package):
    folder = scratch_package()
    (folder / "datapackage.json").write_bytes(b'{"name": "caf\xe9"}')
    raises(errors.DescriptorError, lambda: ml.datasets(), "datapackage.json", "UTF-8", "Save it as UTF-8")


def test_descriptor_top_level_list(scratch_package):
    folder = scratch_package()
    _write_package(folder, "[]")
    raises(errors.DescriptorError, lambda: ml.datasets(), "datapackage.json", "top level", "'resources'")


def test_descriptor_resources_not_a_list(scratch_package):
    folder = scratch_package()
    _write_package(folder, '{"resources": {"name": "toy"}}')
    raises(errors.DescriptorError, lambda: ml.datasets(), "'resources' must be a list")


def test_descriptor_resource_without_name(scratch_package):
    folder = scratch_package()
    _write_package(folder, json.dumps({"resources": [{"path": "toy.csv"}]}))
    raises(errors.DescriptorError, lambda: ml.datasets(), "resource number 1", "'name'", "Add it")


def test_descriptor_resource_without_path(scratch_package):
    folder = scratch_package()
    _write_package(folder, json.dumps({"resources": [{"name": "toy"}]}))
    raises(errors.DescriptorError, lambda: ml.load("toy"), "'toy'", "'path'", "Add it")


def test_descriptor_resource_not_an_object(scratch_package):
    folder = scratch_package()
    _write_package(folder, json.dumps({"resources": ["toy.csv"]}))
    raises(errors.DescriptorError, lambda: ml.datasets(), "resource number 1", "not an object")


def test_descriptor_is_a_folder(tmp_path, monkeypatch):
    (tmp_path / "datapackage.json").mkdir()
    monkeypatch.setenv("MLHELPERS_CURATED_DIR", str(tmp_path))
    raises(errors.MissingFileError, lambda: ml.datasets(), "datapackage.json", "is a folder", "git checkout")


def test_schema_field_without_name(scratch_package):
    scratch_package(schema={"fields": [{"type": "integer"}]})
    raises(errors.DescriptorError, lambda: ml.load("toy"), "toy.csv", "field number 1", "'name'")


def test_schema_invalid_regex(scratch_package):
    schema = json.loads(json.dumps(SCHEMA))
    schema["fields"][1]["constraints"]["pattern"] = r"(\d{4}"
    scratch_package(schema=schema)
    raises(errors.DescriptorError, lambda: ml.load("toy"), "toy.csv", "'date'", "not a valid regular expression")


def test_schema_enum_not_a_list(scratch_package):
    schema = json.loads(json.dumps(SCHEMA))
    schema["fields"][2]["constraints"]["enum"] = "report"
    scratch_package(schema=schema)
    raises(errors.DescriptorError, lambda: ml.load("toy"), "'kind'", "'enum' must be a list")


def test_schema_minimum_not_a_number(scratch_package):
    schema = json.loads(json.dumps(SCHEMA))
    schema["fields"][3]["constraints"]["minimum"] = "0"
    scratch_package(schema=schema)
    raises(errors.DescriptorError, lambda: ml.load("toy"), "'share'", "'minimum' must be a number")


def test_schema_constraints_not_an_object(scratch_package):
    scratch_package(schema={"fields": [{"name": "id", "constraints": ["required"]}]})
    raises(errors.DescriptorError, lambda: ml.load("toy"), "'id'", "'constraints' must be an object")


def test_schema_not_an_object(scratch_package):
    scratch_package(schema={"fields": "id"})
    raises(errors.DescriptorError, lambda: ml.load("toy"), "toy.csv", "list of 'fields'")


def test_impossible_date_in_a_string_column_is_refused(scratch_package):
    scratch_package("id,date,kind,share,note\n1,2020-02-31,report,1,\n")
    raises(errors.ValueNotAllowedError, lambda: ml.load("toy"), "'date'", "'2020-02-31'", "not real dates", "line(s) 2")


def test_impossible_month_in_a_string_column_is_refused(scratch_package):
    scratch_package("id,date,kind,share,note\n1,2019-13,report,1,\n")
    raises(errors.ValueNotAllowedError, lambda: ml.load("toy"), "'2019-13'", "month 01-12")


def _describe(folder: Path) -> None:
    """Record the toy file's hash and rows, as ./book rehash does."""
    assert datapackage.rehash() == {"toy": (datapackage.file_sha256(folder / "toy.csv"), 2)}


def test_changed_curated_file_is_refused_with_restore_and_rehash(scratch_package):
    folder = scratch_package()
    _describe(folder)
    assert len(ml.load("toy")) == 2
    (folder / "toy.csv").write_text(GOOD_CSV.replace("12.5", "13.5"), encoding="utf-8")
    raises(errors.CuratedDataChangedError, lambda: ml.load("toy"), "data/toy.csv", "was changed",
           "git checkout -- data/toy.csv", "./book rehash", "--rehash")


def test_header_only_curated_file_reports_row_counts(scratch_package):
    folder = scratch_package()
    _describe(folder)
    (folder / "toy.csv").write_text("id,date,kind,share,note\n", encoding="utf-8")
    raises(errors.CuratedDataChangedError, lambda: ml.load("toy"), "0 data row(s)", "records 2")


def test_truncated_curated_file_is_refused(scratch_package):
    folder = scratch_package()
    _describe(folder)
    (folder / "toy.csv").write_text(GOOD_CSV.splitlines(keepends=True)[0] + GOOD_CSV.splitlines(keepends=True)[1],
                                    encoding="utf-8")
    raises(errors.CuratedDataChangedError, lambda: ml.load("toy"), "1 data row(s)", "records 2")


def test_rehash_refuses_an_invalid_file_and_keeps_its_record(scratch_package):
    folder = scratch_package()
    _describe(folder)
    before = (folder / "datapackage.json").read_text()
    (folder / "toy.csv").write_text("id,date,kind,share,note\n1,1983,memo,1,\n", encoding="utf-8")
    raises(errors.DataValidationError, datapackage.rehash, "Not re-described", "toy", "'memo'")
    assert (folder / "datapackage.json").read_text() == before


def test_rehash_unknown_name(scratch_package):
    scratch_package()
    raises(errors.DatasetNotFoundError, lambda: datapackage.rehash(["tyo"]), "'tyo'", "Did you mean 'toy'")


def test_missing_cache_folder_is_reported_not_created(monkeypatch, tmp_path):
    monkeypatch.setenv("MLHELPERS_DATA_DIR", str(tmp_path / "mirorr"))
    raises(errors.CacheFolderError, lambda: ml.fetch("hospital_management/CQC_ratings_lookup.csv"),
           "MLHELPERS_DATA_DIR", "does not exist", "mkdir -p", "unset MLHELPERS_DATA_DIR")
    assert not (tmp_path / "mirorr").exists()


def test_cache_folder_that_names_a_file(monkeypatch, tmp_path):
    (tmp_path / "cache.txt").write_text("")
    monkeypatch.setenv("MLHELPERS_DATA_DIR", str(tmp_path / "cache.txt"))
    raises(errors.CacheFolderError, lambda: ml.trust_panel(), "MLHELPERS_DATA_DIR", "names a file",
           "Point MLHELPERS_DATA_DIR at a folder")


def test_external_resource_without_key(tmp_path, monkeypatch):
    res = {"name": "remote", "path": "https://example.org/x.csv", "hash": "sha256:" + "0" * 64}
    (tmp_path / "datapackage.json").write_text(json.dumps({"resources": [res]}))
    monkeypatch.setenv("MLHELPERS_CURATED_DIR", str(tmp_path))
    raises(errors.DescriptorError, lambda: ml.fetch("x.csv"), "'remote'", "no 'key'", "Add one")


# == 2. validate's argument checks ========================================================
def test_string_is_one_item_not_letters():
    assert validate.as_str_list("acute", ["acute", "community"], "org_types") == ["acute"]


@pytest.mark.parametrize("bad", [3, 2.5, {"acute": 1}, b"acute"])
def test_as_str_list_wrong_type(bad):
    raises(errors.ArgumentTypeError, lambda: validate.as_str_list(bad, ["acute"], "org_types"),
           "org_types", "a string or a list of strings", "org_types=['acute']")


def test_as_str_list_non_string_item():
    raises(TypeError, lambda: validate.as_str_list(["acute", 3], ["acute"], "org_types"), "org_types", "3 (int)")


def test_as_str_list_unknown_item_suggests():
    raises(errors.EmptySelectionError, lambda: validate.as_str_list(["acut"], [], "org_types", allowed=["acute"]),
           "org_types", "Did you mean 'acute'", "Valid choices")


def test_as_str_list_empty():
    raises(errors.EmptySelectionError, lambda: validate.as_str_list([], ["acute"], "org_types"),
           "No org_types selected", "None for the defaults")


@pytest.mark.parametrize("bad, error, words", [
    ("2018", errors.ArgumentTypeError, ["year=2018", "no quotes"]),
    (2018.5, errors.ArgumentValueError, ["whole year"]),
    (True, errors.ArgumentTypeError, ["year=2018"]),
    (None, errors.ArgumentTypeError, ["year=2018"]),
    ("last year", errors.ArgumentTypeError, ["year=2018", "'last year'"]),
])
def test_as_year_bad(bad, error, words):
    raises(error, lambda: validate.as_year(bad, "year"), "year", *words)


def test_as_year_float_warns_and_says_what_to_pass():
    with pytest.warns(UserWarning, match="pass year=2018"):
        assert validate.as_year(2018.0, "year") == 2018


def test_as_year_not_in_data():
    raises(errors.EmptySelectionError, lambda: validate.as_year(2030, "year", allowed=[2017, 2018]),
           "year", "2030", "Valid choices: [2017, 2018]")


def test_as_years_accepts_one_year_and_ranges():
    assert validate.as_years(2018, "years") == [2018]
    assert validate.as_years(range(2016, 2019), "years") == [2016, 2017, 2018]
    assert validate.as_years(None, "years", default=[2012]) == [2012]


def test_as_years_required():
    raises(errors.ArgumentTypeError, lambda: validate.as_years(None, "years"), "years is required", "[2016, 2017]")


def test_as_years_empty():
    raises(errors.EmptySelectionError, lambda: validate.as_years([], "years", default=[2012]), "No years", "[2012]")


@pytest.mark.parametrize("bad", ["2000-2022", 2000, (2000, 2010, 2022)])
def test_year_range_form(bad):
    raises(errors.ArgumentTypeError, lambda: validate.year_range(bad, "years"), "years", "(first, last)", "(2000, 2022)")


def test_year_range_backwards():
    raises(errors.EmptySelectionError, lambda: validate.year_range((2022, 2000), "years"), "runs backwards", "(first, last)")


@pytest.mark.parametrize("bad, words", [
    ("2020-02-31", ["February 2020 has 29 days", "Correct the day"]),
    ("2019-02-29", ["February 2019 has 28 days"]),
    ("2019-13", ["month must be 01-12"]),
    ("2019-00-10", ["month must be 01-12"]),
    ("19 April 2018", ["YYYY-MM-DD"]),
])
def test_real_date_refuses(bad, words):
    raises(errors.ArgumentValueError, lambda: validate.real_date(bad, "date"), "date", repr(bad), *words)


def test_require_frame_series_instead_of_frame():
    raises(TypeError, lambda: validate.require_frame(pd.Series([1], name="ss_8c"), ["ss_8c"], "summarise", "ml.trust_panel()"),
           "summarise", "not a Series", "'ss_8c'", "Pass the whole table")


def test_require_frame_names_the_frame_passed():
    providers = pd.DataFrame({"org_code": ["R1"], "type": ["acute"], "hee_region": ["x"]})
    raises(errors.MissingColumnError, lambda: validate.require_frame(providers, ["year"], "f", "ml.trust_panel()"),
           "['year']", "pass ml.trust_panel()", "looks like ml.providers()")


def test_require_frame_suggests_a_misspelt_column():
    raises(errors.MissingColumnError, lambda: validate.require_frame(_panel(), ["shmy"], "f", "ml.trust_panel()"),
           "'shmy'", "Did you mean 'shmi'")


def test_require_values_all_missing():
    raises(errors.EmptySelectionError, lambda: validate.require_values(_panel(), ["empty"], "f"),
           "'empty'", "all missing", "Choose years")


def test_require_distinct():
    raises(errors.ArgumentValueError, lambda: validate.require_distinct("shmi", "shmi", "correlation"),
           "both 'shmi'", "two different columns")


def test_require_percentages_refuses_fractions():
    raises(errors.ArgumentValueError, lambda: validate.require_percentages(pd.Series([0.3, 0.5]), "f", "pct_positive"),
           "'pct_positive'", "fractions", "Multiply it by 100")


def test_nonzero_base():
    raises(errors.ArgumentValueError, lambda: validate.nonzero_base(0.0, "pct_change", "managers_fte"),
           "'managers_fte'", "is 0", "Compare the difference")
    raises(errors.EmptySelectionError, lambda: validate.nonzero_base(np.nan, "pct_change", "managers_fte"),
           "'managers_fte'", "missing")


# == 3. the public API and the chapter modules ==============================================
def test_trust_panel_string_org_type_is_one_type(mirror):
    assert set(ml.trust_panel(org_types="acute")["type"]) == {"acute"}


def test_trust_panel_int_org_types(mirror):
    raises(errors.ArgumentTypeError, lambda: ml.trust_panel(org_types=3), "org_types", "org_types=['acute']")


def test_trust_panel_misspelt_org_type(mirror):
    raises(errors.EmptySelectionError, lambda: ml.trust_panel(org_types=["acute", "mental-health"]),
           "org_types", "'mental-health'", "Did you mean 'mental health'")


def test_trust_panel_year_as_text(mirror):
    raises(errors.ArgumentTypeError, lambda: ml.trust_panel(years="2018"), "years", "years=2018", "no quotes")


def test_trust_panel_year_out_of_range(mirror):
    raises(errors.EmptySelectionError, lambda: ml.trust_panel(years=[2019]), "years", "2019", "Valid choices")


def test_trust_panel_float_year_warns(mirror):
    with pytest.warns(UserWarning, match="pass years=2018"):
        assert set(ml.trust_panel(years=2018.0)["year"]) == {2018}


def test_load_name_not_a_string():
    raises(TypeError, lambda: ml.load(["timeline"]), "dataset name", "'timeline'")


def test_load_misspelt_name():
    raises(errors.DatasetNotFoundError, lambda: ml.load("timelines"), "'timelines'", "Did you mean 'timeline'")


def test_correlation_of_a_variable_with_itself():
    raises(errors.ArgumentValueError, lambda: v.correlation(_panel(), "ss_8c", "ss_8c"), "correlation", "both 'ss_8c'",
           "two different columns")


def test_correlation_nan_only_column():
    raises(errors.EmptySelectionError, lambda: v.correlation(_panel(), "ss_8c", "empty"), "correlation", "'empty'",
           "all missing")


def test_correlation_series_instead_of_frame():
    raises(TypeError, lambda: v.correlation(_panel()["ss_8c"], "ss_8c", "shmi"), "correlation", "not a Series")


def test_ols_outcome_among_predictors():
    raises(errors.ArgumentValueError, lambda: v.ols(_panel(), "shmi", ["ss_8c", "shmi"]), "ols", "y and x", "'shmi'")


def test_funnel_flags_wrong_frame_names_the_right_loader():
    panel = _panel()
    message = raises(errors.MissingColumnError, lambda: v.funnel_flags(panel, "pct_positive", "n"), "funnel_flags",
                     "ml.staff_survey_managers()")
    assert "ml.trust_panel()" not in message.split("pass ")[1].split(".")[0]


def test_funnel_flags_fractions_for_percentages():
    survey = _survey().assign(pct_positive=lambda d: d["pct_positive"] / 100)
    raises(errors.ArgumentValueError, lambda: v.funnel_flags(survey, "pct_positive", "n"), "funnel_flags",
           "'pct_positive'", "fractions", "Multiply it by 100")


def test_overdispersion_fractions_for_percentages():
    survey = _survey().assign(pct_positive=lambda d: d["pct_positive"] / 100)
    raises(errors.ArgumentValueError, lambda: v.overdispersion(survey, "pct_positive", "n"), "overdispersion", "fractions")


def test_latest_cqc_wrong_frame():
    raises(errors.MissingColumnError, lambda: v.latest_cqc(_panel()), "latest_cqc", "ml.cqc_ratings()",
           "looks like ml.trust_panel()")


def test_add_engagement_wrong_frame():
    raises(errors.MissingColumnError, lambda: v.add_engagement(_panel(), _panel()), "add_engagement (engagement)",
           "ml.engagement_index()")


def test_within_trust_change_one_year():
    raises(ValueError, lambda: v.within_trust_change(_panel(years=(2018,)), "ss_8c"), "within_trust_change",
           "single year", "several years")


def test_within_trust_change_year_as_text():
    raises(errors.ArgumentTypeError, lambda: v.within_trust_change(_panel(), "ss_8c", "2017", 2018),
           "within_trust_change", "first", "first=2017", "no quotes")


def test_within_trust_change_same_year_twice():
    raises(ValueError, lambda: v.within_trust_change(_panel(), "ss_8c", 2018, 2018), "first (2018)", "two different years")


def test_cross_section_string_measure_is_one_measure():
    out = v.cross_section(_panel(), "shmi", 2018)
    assert list(out.columns) == ["org_code", "name", "type", "shmi", "years_shmi"] and len(out) == 6


def test_cross_section_years_as_text():
    raises(errors.ArgumentTypeError, lambda: v.cross_section(_panel(), ["shmi"], ["2018"]), "years", "years=2018")


def test_cross_section_int_measures():
    raises(errors.ArgumentTypeError, lambda: v.cross_section(_panel(), 8, [2018]), "measures", "a string or a list")


def test_pct_change_from_zero():
    raises(errors.ArgumentValueError, lambda: prof.pct_change(_totals(first=0.0), "managers"), "pct_change",
           "'managers_fte'", "is 0", "Compare the difference")


def test_pct_change_one_year():
    raises(errors.EmptySelectionError, lambda: prof.pct_change(_totals(years=(2010,)), "managers"), "pct_change",
           "1 year(s)", "at least two")


def test_pct_change_wrong_frame_names_fte_totals():
    raises(errors.MissingColumnError, lambda: prof.pct_change(_panel(), "managers"), "pct_change", "fte_totals(...)")


def test_fte_totals_base_year_as_text(mirror):
    raises(errors.ArgumentTypeError, lambda: prof.fte_totals(ml.workforce_fte(), base_year="2012"), "fte_totals",
           "base_year", "base_year=2012")


def test_framework_treemap_string_name_is_one_framework():
    frameworks = ml.load("frameworks")
    name = frameworks["framework"].iloc[0]
    assert prof.framework_treemap(frameworks, name).data  # not split into letters


def test_framework_treemap_int_names():
    raises(errors.ArgumentTypeError, lambda: prof.framework_treemap(ml.load("frameworks"), 1), "names",
           "a string or a list")


def test_readable_date_impossible():
    raises(errors.ArgumentValueError, lambda: closing.readable_date("2020-02-31"), "readable_date", "'2020-02-31'",
           "not a real date", "29 days")


def test_partial_date_impossible():
    raises(ValueError, lambda: ml.partial_date("2021-02-29"), "partial_date", "28 days", "Correct the day")


def test_practice_year_as_text():
    tidy = pd.DataFrame({"org_code": ["A"], "name": ["A"], "type": ["acute"], "year": [2017], "question": ["8c"],
                         "label": ["x"], "pct_positive": [50.0]})
    raises(errors.ArgumentTypeError, lambda: prac.type_medians(tidy, "2017"), "year", "year=2017", "no quotes")


def test_international_years_as_text(mirror):
    raises(errors.ArgumentTypeError, lambda: intl.coverage_table(ml.country_indicators(), years="2000-2022"),
           "years", "(first, last)")


def test_international_years_backwards(mirror):
    raises(errors.EmptySelectionError, lambda: intl.panel(ml.country_indicators(), "doctors", years=(2022, 2000)),
           "runs backwards", "(first, last)")


def test_international_countries_int(mirror):
    raises(errors.ArgumentTypeError, lambda: intl.panel(ml.country_indicators(), "doctors", countries=3),
           "countries", "a string or a list")


def test_exercise_check_with_a_misspelt_key():
    raises(KeyError, lambda: ml.check("timeline-report", 13), "'timeline-report'", "Did you mean 'timeline-reports'")


def test_exercise_check_with_the_key_not_text():
    raises(TypeError, lambda: ml.is_correct(None, 13), "key as text", "ml.check('timeline-reports', answer)")


def test_warnings_are_not_raised_for_good_input():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert validate.as_years([2016, np.int64(2017)], "years") == [2016, 2017]
        assert validate.real_date("2020-02-29") == (2020, 2, 29)
        assert validate.year_range((2000, 2022)) == (2000, 2022)


def test_config_curated_dir_must_exist(monkeypatch, tmp_path):
    monkeypatch.setenv("MLHELPERS_CURATED_DIR", str(tmp_path / "dta"))
    raises(errors.CacheFolderError, config.curated_dir, "MLHELPERS_CURATED_DIR", "does not exist", "Check the spelling")


def test_timeline_string_kind_is_one_kind():
    fig = ml.timeline(ml.load("timeline"), kinds="report")
    assert [t.name for t in fig.data if t.name] == ["report"]


def test_timeline_int_kinds():
    raises(errors.ArgumentTypeError, lambda: ml.timeline(ml.load("timeline"), kinds=1), "kinds", "a string or a list")


def test_filter_evidence_int_designs():
    raises(errors.ArgumentTypeError, lambda: closing.filter_evidence(ml.load("evidence_map"), designs=3), "designs",
           "a string or a list")


def test_filter_evidence_string_direction_is_one_direction():
    out = closing.filter_evidence(ml.load("evidence_map"), directions="positive")
    assert set(out["direction"]) == {"positive"}

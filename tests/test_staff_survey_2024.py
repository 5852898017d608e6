"""The 2024 staff survey workbook loader (mlhelpers.sources.staff_survey_2024).

On the real mirrored workbook, and on small damaged workbooks written with
openpyxl: a missing sheet, a renamed column, a suppressed cell, a workbook
that is not the pinned one.
"""

from __future__ import annotations

import importlib
import shutil
from pathlib import Path

import pandas as pd
import pytest

import mlhelpers as ml
from mlhelpers import datapackage, errors
from mlhelpers import sources

# The package exports the loader under the module's own name, so reach the module through sys.modules.
ss24 = importlib.import_module("mlhelpers.sources.staff_survey_2024")

openpyxl = pytest.importorskip("openpyxl")

ANSWERS = ["% Strongly disagree", "% Disagree", "% Neither agree nor disagree", "% Agree", "% Strongly agree",
           "Base (number of responses)"]
IDS = ["ODS code", "Organisation name", "Benchmarking group", "Region", "ICS", "Weighting"]


# -- the real workbook -------------------------------------------------------------
def test_registered_with_pin_and_licence_as_the_mirror_states_it():
    res = datapackage.external_resource(ss24.SS24)
    assert res["path"].startswith("https://raw.githubusercontent.com/soylee22/SS_24/b6865c3")
    assert res["hash"] == "sha256:2a894c46efce36a3b4291f5d0c299415ae3a0d10428110688eabb47842b63c79"
    assert res["format"] == "xlsx" and res["bytes"] == 2890558
    lic = res["licenses"][0]["title"]
    assert "does not say so" in lic and "states no licence" in lic
    assert any("NHS Staff Survey Coordination Centre" in s["title"] for s in res["sources"])
    assert sources.LOADERS[ss24.SS24] == "staff_survey_2024" and ml.staff_survey_2024 is ss24.staff_survey_2024


def test_managers_items_tidy_long(mirror):
    d = ml.staff_survey_2024()
    assert len(d) == 210 * 9 and d["org_code"].nunique() == 210
    assert sorted(d["question"].unique()) == [f"q9{c}" for c in "abcdefghi"]
    assert d.groupby("org_code")["question"].nunique().eq(9).all()
    assert d.drop_duplicates("org_code")["type"].value_counts().to_dict() == {
        "acute": 135, "mental health": 50, "community": 14, "ambulance": 11}
    assert d.drop_duplicates("org_code")["specialist"].sum() == 13
    assert set(d["type"]) <= set(ml.sources.TRUST_TYPES)
    assert d.attrs["excluded"] == {"organisations": 53, "by_type": {"csu": 4, "icb": 41, "other provider": 1,
                                                                    "social enterprise": 7},
                                   "reason": "not an NHS trust (trusts_only=True)"}
    assert d["pct_positive"].between(0, 100).all() and str(d["base_n"].dtype) == "Int64"
    shares = d[[c for c in d.columns if c.startswith("pct_") and c != "pct_positive"]].sum(axis=1)
    assert (shares - 100).abs().max() < 1e-6
    assert (d["pct_positive"] - d["pct_agree"] - d["pct_strongly_agree"]).abs().max() < 1e-9
    q9b = d.loc[d["question"] == "q9b", "wording"].iloc[0]
    assert q9b == "My immediate manager (who may be referred to as your 'line manager') gives me clear feedback on my work."
    r0a = d[(d["org_code"] == "R0A") & (d["question"] == "q9a")].iloc[0]
    assert r0a["name"] == "Manchester University NHS Foundation Trust" and r0a["base_n"] == 13169
    assert r0a["pct_positive"] == pytest.approx(71.9157, abs=1e-3)


def test_all_organisations_and_themes(mirror):
    every = ml.staff_survey_2024(trusts_only=False)
    assert every["org_code"].nunique() == 263 and "excluded" not in every.attrs
    assert (~every.drop_duplicates("org_code")["is_trust"]).sum() == 53
    th = ml.staff_survey_2024("themes")
    assert len(th) == 210 and th["org_code"].is_unique
    for stem in ss24.THEMES.values():
        assert th[f"{stem}_score"].between(0, 10).all(), stem
    assert th["engagement_score"].median() == pytest.approx(6.9, abs=0.1)


def test_parsed_once_and_fresh_copies(mirror):
    ss24._parse.cache_clear()
    a = ml.staff_survey_2024()
    a.loc[0, "pct_positive"] = -1
    b = ml.staff_survey_2024()
    assert b.loc[0, "pct_positive"] >= 0
    assert ss24._parse.cache_info().misses == 1 and ss24._parse.cache_info().hits == 1


def test_bad_arguments():
    with pytest.raises(ValueError, match="part must be one of"):
        ml.staff_survey_2024("q9")
    with pytest.raises(TypeError, match="trusts_only"):
        ml.staff_survey_2024(trusts_only="yes")


# -- small damaged workbooks ---------------------------------------------------------
def _workbook(path: Path, *, sheet: str = "YOUR MANAGERS Q9", header: list[str] | None = None,
              cell: object = 40.0, group: str = "Acute and Acute & Community Trusts") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.cell(1, 1, "NHS Staff Survey 2024 - WEIGHTED Results")
    ws.cell(1, 7, "Q9a - My immediate manager encourages me at work.")
    ws.cell(1, 13, "Q9b - My immediate manager gives me clear feedback on my work.")
    for j, name in enumerate(header or IDS + ANSWERS + ANSWERS, start=1):
        ws.cell(5, j, name)
    rows = [["RXX", "Toy Trust", group, "London", "North Central London", "Occupation Group",
             5, 10, 15, cell, 30, 120, 5, 5, 10, 40, 40, 8],
            ["0AR", "Toy CSU", "CSUs", "-", "-", "Unweighted", 1, 2, 3, 44, 50, 300, 1, 2, 3, 44, 50, 300]]
    for i, row in enumerate(rows, start=6):
        for j, v in enumerate(row, start=1):
            ws.cell(i, j, v)
    wb.save(path)
    return path


def _parse(path: Path) -> pd.DataFrame:
    return ss24._parse(ss24.SS24, "test-" + str(path), str(path), "managers")


def test_toy_workbook_reads_and_keeps_suppressed_cells_missing(tmp_path):
    d = _parse(_workbook(tmp_path / "ok.xlsx", cell="*"))
    rxx = d[d["org_code"] == "RXX"].set_index("question")
    assert pd.isna(rxx.loc["q9a", "pct_agree"]) and pd.isna(rxx.loc["q9a", "pct_positive"])  # never 0
    assert rxx.loc["q9b", "pct_positive"] == 80 and rxx.loc["q9b", "base_n"] == 8
    assert rxx.loc["q9a", "wording"] == "My immediate manager encourages me at work."
    assert d.set_index("org_code").loc["0AR", "type"].tolist() == ["csu", "csu"]


def test_missing_sheet_is_named(tmp_path):
    with pytest.raises(errors.DataValidationError, match=r"no sheet 'YOUR MANAGERS Q9'.*fetch"):
        _parse(_workbook(tmp_path / "renamed_sheet.xlsx", sheet="MANAGERS"))


def test_renamed_column_is_named(tmp_path):
    header = IDS + ANSWERS + ANSWERS
    header[9] = "% Agreed"
    with pytest.raises(errors.MissingColumnError, match=r"block 'Q9a'.*renamed or missing: \['% Agreed'\]"):
        _parse(_workbook(tmp_path / "renamed_col.xlsx", header=header))
    header = ["ODS Code", *IDS[1:]] + ANSWERS + ANSWERS
    with pytest.raises(errors.MissingColumnError, match=r"missing or renamed: \['ODS code'\]"):
        _parse(_workbook(tmp_path / "renamed_id.xlsx", header=header))


def test_unknown_benchmarking_group_and_text_in_numbers(tmp_path):
    with pytest.raises(errors.ValueNotAllowedError, match="BENCHMARKING_GROUPS"):
        _parse(_workbook(tmp_path / "group.xlsx", group="Hospices"))
    with pytest.raises(errors.DataValidationError, match="not numbers or suppression markers"):
        _parse(_workbook(tmp_path / "text.xlsx", cell="forty"))


def test_not_a_workbook(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(errors.DataValidationError, match="not a readable .xlsx workbook"):
        _parse(bad)


def test_workbook_that_is_not_the_pinned_one_is_refused(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    target = cache / ss24.SS24
    target.parent.mkdir(parents=True)
    _workbook(target)
    monkeypatch.setenv("MLHELPERS_DATA_DIR", str(cache))
    with pytest.raises(errors.HashMismatchError, match="does not match its pinned sha256.*refused"):
        ml.staff_survey_2024()


def test_a_copy_of_the_pinned_workbook_is_accepted(mirror, tmp_path, monkeypatch):
    target = tmp_path / "cache" / ss24.SS24
    target.parent.mkdir(parents=True)
    shutil.copyfile(mirror / ss24.SS24, target)
    monkeypatch.setenv("MLHELPERS_DATA_DIR", str(tmp_path / "cache"))
    assert ml.staff_survey_2024("themes")["org_code"].nunique() == 210

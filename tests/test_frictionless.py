"""The data package passes the reference Frictionless validator, resource by resource.

``frictionless`` (PyPI) validates each resource of ``data/datapackage.json``:
curated CSVs from ``data/``, and every external file from its cached copy
(``$MLHELPERS_DATA_DIR``, the mirror in CI), with the descriptor's own
``path`` swapped for the cached file. It checks the cells *as they are in the
file*; mlhelpers' own validator (``mlhelpers.validate``) strips spaces first.
Where the two disagree about a resource, the failure message says which one
rejects it and why.
"""

from __future__ import annotations

import copy
import csv
import json
from pathlib import Path

import pytest

import mlhelpers as ml
from mlhelpers import config, datapackage, errors
from mlhelpers.sources import _reader

frictionless = pytest.importorskip("frictionless")

RESOURCES = datapackage.resources()


def _reference(res: dict) -> tuple[bool, list[str]]:
    """Validate one resource with the reference validator: (valid, first errors)."""
    desc = copy.deepcopy(res)
    if datapackage.is_external(res):
        ml.fetch(res["key"])  # sha256-verified copy in the cache
        desc["path"] = desc.pop("key")
        base = config.external_cache_dir()
    else:
        base = config.curated_dir()
    report = frictionless.Resource(desc, basepath=str(base)).validate()
    return report.valid, [f"{t}: {n}" for t, n in report.flatten(["type", "note"])[:5]]


def _own(res: dict) -> tuple[bool, str]:
    """Validate one resource with mlhelpers' own validator: (valid, error)."""
    try:
        if not datapackage.is_external(res):
            ml.load(res["name"])
        elif res.get("format") == "csv":
            _reader.table(res["key"])
        else:  # the .xlsx workbook: sha256 on fetch, then the loader's layout checks
            ml.fetch(res["key"])
            ml.staff_survey_2024("managers"), ml.staff_survey_2024("themes")
    except errors.MlhelpersError as exc:
        return False, f"{type(exc).__name__}: {exc}"
    return True, ""


@pytest.mark.parametrize("res", RESOURCES, ids=lambda r: r["name"])
def test_every_resource_passes_the_reference_validator(mirror, res):
    ref_ok, ref_errors = _reference(res)
    own_ok, own_error = _own(res)
    if ref_ok != own_ok:
        who = "frictionless rejects it, mlhelpers accepts it" if own_ok else "mlhelpers rejects it, frictionless accepts it"
        pytest.fail(f"{res['name']}: the validators disagree ({who}). frictionless: {ref_errors or 'valid'}; "
                    f"mlhelpers: {own_error or 'valid'}. frictionless reads cells as they are in the file; "
                    "mlhelpers strips spaces first, so a pattern must allow any spaces the raw file has.")
    assert ref_ok, f"{res['name']}: frictionless: {ref_errors}"
    assert own_ok, f"{res['name']}: mlhelpers: {own_error}"


def test_every_resource_is_checked():
    names = [r["name"] for r in RESOURCES]
    assert len(names) == len(set(names)) and len(names) >= 46
    assert {"hospital-management-beds", "hospital-management-inpatient-data",
            "nhs-staff-survey-2024-organisational-results", "survey_item_map"} <= set(names)


def test_padded_codes_are_described_as_they_are(mirror):
    """beds and inpatient_data have space-padded codes: the patterns allow them, mlhelpers strips them."""
    for key in ("hospital_management/beds.csv", "hospital_management/inpatient_data.csv"):
        res = datapackage.external_resource(key)
        pattern = next(f for f in res["schema"]["fields"] if f["name"] == "ORG_CODE")["constraints"]["pattern"]
        assert pattern.startswith(" *") and pattern.endswith(" *"), key
        with open(config.external_cache_dir() / key, encoding="utf-8-sig", newline="") as fh:
            codes = [row["ORG_CODE"] for row in csv.DictReader(fh)]
        assert any(c != c.strip() for c in codes), key  # the raw file is still padded
        assert not _reader.table(key)["ORG_CODE"].str.contains(" ").any()


def test_the_workbook_is_checked_as_a_file():
    """The multi-sheet .xlsx is described as a file: frictionless checks its bytes and sha256."""
    res = datapackage.external_resource("nhs_staff_survey_2024/organisational_results.xlsx")
    assert res["type"] == "file" and "schema" not in res


def test_a_disagreement_is_reported(tmp_path):
    """A padded code under a strict pattern: mlhelpers (which strips) accepts it, frictionless does not."""
    (tmp_path / "toy.csv").write_text("code,n\n RXX ,1\nRYY,2\n", encoding="utf-8")
    schema = {"fields": [{"name": "code", "type": "string", "constraints": {"pattern": "[A-Z]{3}"}},
                         {"name": "n", "type": "integer"}]}
    desc = {"name": "toy", "path": "toy.csv", "profile": "tabular-data-resource", "schema": schema}
    (tmp_path / "datapackage.json").write_text(json.dumps({"name": "t", "resources": [desc]}), encoding="utf-8")
    report = frictionless.Resource(desc, basepath=str(tmp_path)).validate()
    assert not report.valid and report.flatten(["type"])[0] == ["constraint-error"]
    import pandas as pd

    from mlhelpers.validate import validate_table

    raw = pd.read_csv(tmp_path / "toy.csv", dtype=str).apply(lambda c: c.str.strip())
    assert validate_table(raw, schema, "toy")["code"].tolist() == ["RXX", "RYY"]
    padded = copy.deepcopy(desc)
    padded["schema"]["fields"][0]["constraints"]["pattern"] = " *[A-Z]{3} *"
    assert frictionless.Resource(padded, basepath=str(tmp_path)).validate().valid
    assert Path(tmp_path / "toy.csv").is_file()

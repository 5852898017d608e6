"""Tidy loaders of the external data (mlhelpers.external) and the trust panel.

Each loader is tested on the real mirrored files, refuses a damaged cached copy
by hash, and explains a missing cache with no network. The trust panel's
coverage figures are pinned so that a change in any join shows up here.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import mlhelpers as ml
from mlhelpers import datapackage, errors, external

# Every public loader, with the keys it reads (the first is the one damaged below).
LOADERS: dict[str, tuple[Callable[[], pd.DataFrame], list[str]]] = {
    "providers": (ml.providers, [external.PROVIDER, external.HEE]),
    "cqc_ratings": (ml.cqc_ratings, [external.CQC, external.CQC_LOOKUP]),
    "staff_survey_managers": (ml.staff_survey_managers, [external.SS, external.SS_QUESTIONS]),
    "workforce_fte": (ml.workforce_fte, [external.MANAGERS, external.CONSULTANTS, external.ALL_STAFF]),
    "shmi": (ml.shmi, [external.SHMI]),
    "ae_performance": (ml.ae_performance, [external.AE]),
    "engagement_index": (ml.engagement_index, [external.WELLBEING]),
    "staff_wellbeing_2021_2024": (ml.staff_wellbeing_2021_2024, [external.GENDER]),
    "country_indicators": (ml.country_indicators, [
        "gapminder/medical_doctors_per_1000_people.csv", external.GEO,
        *(f"gapminder/{k}.csv" for k in external.INDICATORS if k != "medical_doctors_per_1000_people"),
    ]),
    "indicator_info": (ml.indicator_info, [external.CONCEPTS]),
    "trust_panel": (ml.trust_panel, [
        external.AE, external.PROVIDER, external.HEE, external.MANAGERS, external.CONSULTANTS,
        external.ALL_STAFF, external.SS, external.SS_QUESTIONS, external.CQC, external.CQC_LOOKUP, external.SHMI,
    ]),
}


def _pct_ok(series: pd.Series) -> bool:
    values = series.dropna()
    return bool(len(values)) and bool(values.between(0, 100).all())


def _clean_codes(series: pd.Series) -> bool:
    return bool((series == series.str.strip()).all()) and not series.str.contains(r"\s").any()


def _no_bom(df: pd.DataFrame) -> bool:
    return not any("\ufeff" in str(c) for c in df.columns)


# -- the real mirrored files ---------------------------------------------------------
def test_every_external_resource_has_a_schema_that_its_file_matches(mirror):
    for res in datapackage.resources("external"):
        fields = res["schema"]["fields"]
        assert all(f.get("description") and f.get("type") for f in fields), res["key"]
        table = external._table(res["key"])  # validates against the schema
        assert list(table.columns) == [f["name"] for f in fields]
        assert _no_bom(table)


def test_raw_files_lose_bom_and_trailing_spaces(mirror):
    assert (mirror / external.PROVIDER).read_bytes().startswith(b"\xef\xbb\xbf")
    raw = external._table(external.PROVIDER)
    assert raw.columns[0] == "ORG_CODE" and raw["ORG_CODE"].str.len().eq(3).all()
    assert not raw["ORG_NAME"].str.endswith(" ").any()


def test_providers(mirror):
    p = ml.providers()
    assert len(p) == 431 and p["org_code"].is_unique and _clean_codes(p["org_code"]) and _no_bom(p)
    assert p["type"].value_counts().to_dict() == {
        "ccg": 198, "acute": 151, "mental health": 52, "community": 20, "ambulance": 10,
    }
    assert p["hee_region"].notna().all() and p["hee_region"].nunique() == 13
    assert "North West" in set(p["hee_region"]) and not p["hee_region"].str.startswith("Health Education").any()
    assert p["specialist"].dtype == bool and p["specialist"].sum() == 17
    assert p.loc[p["org_code"].eq("RAN"), "specialist"].item()  # Royal National Orthopaedic


def test_cqc_ratings_labels_and_dropped_provider_ids(mirror):
    c = ml.cqc_ratings()
    assert len(c) == 8155 - 606 and _no_bom(c) and _clean_codes(c["org_code"])
    assert not c["org_code"].str.startswith("1-").any()
    assert c.attrs["dropped"]["rows"] == 606 and c.attrs["dropped"]["providers"] == 23
    assert list(c["rating"].cat.categories) == ["Inadequate", "Requires improvement", "Good", "Outstanding"]
    assert c["rating"].cat.ordered and c["rating"].notna().all()
    pairs = set(zip(c["score"], c["rating"].astype(str)))
    assert pairs == {(0, "Inadequate"), (1, "Requires improvement"), (2, "Good"), (3, "Outstanding")}
    assert set(c["question"]) == {"Safe", "Effective", "Caring", "Responsive", "Well-led", "Overall"}
    assert c["date"].min() == pd.Timestamp("2013-12-18") and c["date"].max() == pd.Timestamp("2019-02-28")
    assert c["year"].between(2013, 2018).all()
    assert c.loc[c["date"].eq(pd.Timestamp("2019-02-28")), "year"].eq(2018).all()  # financial year
    trust_level = c[c["population"].eq("Overall") & c["question"].eq("Overall")]
    assert len(trust_level) == trust_level["org_code"].nunique() == 226  # one (latest) rating per trust


def test_staff_survey_managers(mirror):
    s = ml.staff_survey_managers()
    assert len(s) == 1393 * 11 - 478 * 2 and _no_bom(s) and _clean_codes(s["org_code"])
    assert s["year"].between(2012, 2018).all()
    assert set(s["question"]) == set(external.SS_ITEMS)
    assert not s[s["year"] < 2015]["question"].isin(["7f", "7g"]).any()
    pct = [c for c in s.columns if c.startswith("pct_")]
    assert all(_pct_ok(s[c]) for c in pct)
    total = s[["pct_strongly_disagree", "pct_disagree", "pct_neither", "pct_agree", "pct_strongly_agree"]].sum(axis=1)
    assert total.between(97.5, 102.5).all()
    assert (s["pct_positive"] - s["pct_agree"] - s["pct_strongly_agree"]).abs().max() < 1e-9
    assert s["wording"].notna().all() and s["n"].min() >= 20
    assert s.loc[s["question"].eq("8a"), "wording"].iloc[0] == "I know who the senior managers are here"
    assert set(s.loc[s["question"].str.startswith("8"), "group"]) == {"senior managers"}
    assert not s.duplicated(["org_code", "year", "question"]).any()


def test_workforce_fte(mirror):
    w = ml.workforce_fte()
    assert list(w.columns) == ["org_code", "year", "consultants_fte", "managers_fte", "all_staff_fte"]
    assert len(w) == 4375 and not w.duplicated(["org_code", "year"]).any() and _clean_codes(w["org_code"])
    assert w["year"].between(2009, 2018).all()
    assert w.loc[w["year"] > 2015, "all_staff_fte"].isna().all()
    assert (w[["consultants_fte", "managers_fte", "all_staff_fte"]].min() >= 0).all()


def test_shmi_and_ae(mirror):
    s = ml.shmi()
    assert len(s) == 952 and s["year"].between(2012, 2018).all() and s["shmi"].between(0.5, 1.3).all()
    a = ml.ae_performance()
    assert len(a) == 1379 and a["year"].between(2012, 2018).all() and _pct_ok(a["ae_4h_pct"])
    assert a.attrs["recoded"] == 123 and not a["org_code"].str.contains("-").any()
    assert not a.duplicated(["org_code", "year"]).any() and ("RJ1", 2012) in set(zip(a["org_code"], a["year"]))


def test_engagement_index(mirror):
    e = ml.engagement_index()
    assert len(e) == 1084 and e["year"].between(2012, 2019).all() and _clean_codes(e["org_code"])
    assert not {"FreedomSpeak.Index", "Openness.Index", "freedom_speak"} & set(e.columns)
    assert e["engagement_index"].dropna().between(3.5, 4.2).all() and e["engagement_index"].notna().sum() == 1073
    for col in ("clinical_pct", "engagement_pct", "recommend_work_pct", "recommend_care_pct", "work_stress_pct"):
        assert _pct_ok(e[col]), col
    assert set(e["north_south"].dropna()) == {"North", "South"}
    assert e["hee_region"].dropna().nunique() == 13 and not e["hee_region"].str.contains(r"\(").any()


def test_engagement_index_refuses_if_dropped_columns_carry_data(monkeypatch):
    real = external._table

    def fake(key):
        t = real(key)
        if key == external.WELLBEING:
            t.loc[0, "Openness.Index"] = 0.5
        return t

    monkeypatch.setattr(external, "_table", fake)
    with pytest.raises(errors.DataValidationError, match="Openness.Index is no longer all zero"):
        ml.engagement_index()


def test_staff_wellbeing_2021_2024(mirror):
    g = ml.staff_wellbeing_2021_2024()
    assert len(g) == 1075 and g["year"].between(2021, 2024).all() and _clean_codes(g["org_code"])
    assert not g.duplicated(["org_code", "year"]).any()
    assert set(g["region"].dropna()) == set(external.NHS_REGIONS)
    assert g.loc[g["benchmarking_group"].str.startswith("Acute"), "region"].notna().all()  # 2021 swap repaired
    assert "-" not in set(g["ics"].dropna()) and "-" not in set(g["region"].dropna())
    pct = [c for c in g.columns if c.endswith("_pct")]
    assert len(pct) == 21 and all(_pct_ok(g[c]) for c in pct)
    assert g["respondents"].min() == 24 and (g["respondents"] != 100).all()


def test_country_indicators_defaults(mirror):
    c = ml.country_indicators()
    assert set(c["geo"]) == set(external.DEFAULT_COUNTRIES) and set(c["indicator"]) == set(external.INDICATORS)
    assert list(c.columns) == ["geo", "iso3", "country", "year", "indicator", "value"]
    assert (c["iso3"] == c["geo"].str.upper()).all()
    uk = c[c["geo"].eq("gbr")]
    assert set(uk["country"]) == {"UK"} and uk["year"].between(1800, 2023).all()
    docs = uk[uk["indicator"].eq("medical_doctors_per_1000_people")]
    assert docs["year"].max() == 2023 and docs["value"].between(0.5, 5).all()
    assert not c.duplicated(["geo", "indicator", "year"]).any()
    info = ml.indicator_info()
    assert list(info["indicator"]) == list(external.INDICATORS) and info["name"].notna().all()


def test_country_indicators_selection_by_code_name_or_iso3(mirror):
    c = ml.country_indicators(["GBR", "Denmark", "usa"], "total_health_spending_percent_of_gdp")
    assert set(c["geo"]) == {"gbr", "dnk", "usa"} and set(c["indicator"]) == {"total_health_spending_percent_of_gdp"}
    assert c["year"].between(2000, 2022).all() and c["value"].between(5, 20).all()


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"countries": ["gbr", "Brittania"]}, "Unknown country 'Brittania'"),
        ({"countries": "gbrr"}, "did you mean 'gbr'"),
        ({"indicators": ["doctors"]}, "Valid choices: \\['medical_doctors_per_1000_people'"),
        ({"countries": []}, "No countries selected"),
        ({"indicators": []}, "No indicators selected"),
        ({"countries": "abkh", "indicators": "medical_doctors_per_1000_people"}, "No data points"),
    ],
)
def test_country_indicators_bad_input(mirror, kwargs, match):
    with pytest.raises(errors.EmptySelectionError, match=match):
        ml.country_indicators(**kwargs)


def test_country_indicators_wrong_type():
    with pytest.raises(TypeError, match="list of strings"):
        ml.country_indicators(countries=826)


# -- the trust panel -----------------------------------------------------------------
COVERAGE = [
    # step, trusts_kept, trusts_lost, trust_years, codes_not_in_panel
    ("providers", 233, 198, 1631, None),
    ("workforce: managers per consultant", 224, 9, 1549, 211),
    ("staff survey 8a-8d", 232, 1, 1210, 99),
    ("CQC overall rating in force", 226, 7, 377, 0),
    ("shmi", 135, 98, 931, 10),
    ("A&E 4-hour", 170, 63, 1126, 104),
    ("all measures", 128, 105, 221, None),
]


def test_trust_panel_shape_and_columns(mirror):
    p = ml.trust_panel()
    assert len(p) == 233 * 7 and not p.duplicated(["org_code", "year"]).any()
    assert p["year"].between(2012, 2018).all() and set(p["type"]) == set(external.TRUST_TYPES)
    for col in ("ss_8a", "ss_8b", "ss_8c", "ss_8d", "ss_8_mean", "ss_7_mean", "ae_4h_pct"):
        assert _pct_ok(p[col]), col
    acute = p[p["type"].eq("acute")]
    assert acute["managers_per_consultant"].dropna().between(0.05, 2).all()
    assert acute["managers_per_consultant"].median() == pytest.approx(0.476, abs=0.001)
    assert set(p["cqc_overall"].dropna()) <= {"Inadequate", "Requires improvement", "Good", "Outstanding"}
    rated = p.dropna(subset=["cqc_overall"])
    assert (rated["cqc_date"] <= pd.to_datetime((rated["year"] + 1).astype(str) + "-03-31")).all()
    assert p["cqc_overall_score"].dtype == "Int64"


def test_trust_panel_carries_cqc_forward_not_backward(mirror):
    p = ml.trust_panel()
    rated = p.dropna(subset=["cqc_overall"]).groupby("org_code")["year"].min()
    first = p.merge(rated.rename("first"), left_on="org_code", right_index=True)
    assert first.loc[first["year"] < first["first"], "cqc_overall"].isna().all()
    assert first.loc[first["year"] >= first["first"], "cqc_overall"].notna().all()


def test_trust_panel_coverage_is_reported(mirror):
    cov = ml.coverage(ml.trust_panel())
    got = [
        (r.step, r.trusts_kept, r.trusts_lost, r.trust_years, None if pd.isna(r.codes_not_in_panel) else r.codes_not_in_panel)
        for r in cov.itertuples()
    ]
    assert got == COVERAGE
    assert "606 rows of 23 providers" in cov.loc[cov["step"].str.startswith("CQC"), "note"].item()


def test_trust_panel_acute_coverage(mirror):
    cov = ml.coverage(ml.trust_panel(org_types=["acute"])).set_index("step")
    assert cov.loc["providers", "trusts_kept"] == 151
    assert cov.loc["shmi", ["trusts_kept", "trusts_lost"]].tolist() == [134, 17]
    assert cov.loc["all measures", ["trusts_kept", "trust_years"]].tolist() == [128, 221]


def test_panel_selections_keep_their_coverage_and_concatenate(mirror):
    p = ml.trust_panel()
    both = pd.concat([p[p["year"] == 2012], p[p["year"] == 2013]])
    assert len(ml.coverage(both)) == len(COVERAGE)
    with pytest.raises(errors.MlhelpersError, match="no coverage report"):
        ml.coverage(pd.DataFrame({"x": [1]}))


@pytest.mark.parametrize("kwargs", [{"years": [2011]}, {"years": []}, {"org_types": ["hospital"]}, {"org_types": []}])
def test_trust_panel_bad_selection(mirror, kwargs):
    with pytest.raises(errors.EmptySelectionError, match="Valid choices"):
        ml.trust_panel(**kwargs)


# -- parsing once, copies out --------------------------------------------------------
def test_files_are_parsed_once_and_copies_returned(mirror):
    first = ml.providers()
    first.loc[0, "name"] = "changed"
    hits = external._parse.cache_info().hits
    again = ml.providers()
    assert external._parse.cache_info().hits > hits
    assert again.loc[0, "name"] != "changed"


# -- damaged cache and no network ----------------------------------------------------
@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MLHELPERS_DATA_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _copy(mirror: Path, cache: Path, keys: list[str]) -> None:
    for key in keys:
        (cache / key).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(mirror / key, cache / key)


@pytest.mark.parametrize("name", list(LOADERS))
def test_loader_refuses_corrupted_file(mirror, cache, name):
    loader, keys = LOADERS[name]
    _copy(mirror, cache, keys)
    target = cache / keys[0]
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x01  # one flipped bit in the middle
    target.write_bytes(bytes(data))
    with pytest.raises(errors.HashMismatchError, match="refused"):
        loader()


@pytest.mark.parametrize("name", ["cqc_ratings", "trust_panel", "country_indicators"])
def test_loader_refuses_truncated_file(mirror, cache, name):
    loader, keys = LOADERS[name]
    _copy(mirror, cache, keys)
    target = cache / keys[0]
    target.write_bytes(target.read_bytes()[:-200])
    with pytest.raises(errors.HashMismatchError, match="refused"):
        loader()


@pytest.mark.parametrize("name", list(LOADERS))
def test_loader_without_cache_or_network(cache, monkeypatch, name):
    import pooch

    class Offline:
        def fetch(self, *args, **kwargs):
            raise ConnectionError("Name or service not known")

    monkeypatch.setattr(pooch, "create", lambda **kwargs: Offline())
    with pytest.raises(errors.DataUnavailableError, match="MLHELPERS_DATA_DIR"):
        LOADERS[name][0]()


def test_intact_copy_in_another_cache_loads(mirror, cache):
    loader, keys = LOADERS["trust_panel"]
    _copy(mirror, cache, keys)
    assert len(loader()) == 233 * 7

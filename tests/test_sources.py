"""Tidy loaders of the external data (mlhelpers.sources) and the trust panel.

Each loader is tested on the real mirrored files, refuses a damaged cached copy
by hash, and explains a missing cache with no network. The trust panel's
coverage figures are pinned so that a change in any join shows up here.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pandas as pd
import pytest

import mlhelpers as ml
from mlhelpers import datapackage, errors
from mlhelpers import sources as external
from mlhelpers.sources import _reader, hospital_management, nhs_wellbeing

# Every public loader, with the keys it reads (the first is the one damaged below).
LOADERS: dict[str, tuple[Callable[[], pd.DataFrame], list[str]]] = {
    "providers": (ml.providers, [external.PROVIDER, external.HEE]),
    "cqc_ratings": (ml.cqc_ratings, [external.CQC, external.CQC_LOOKUP]),
    "staff_survey_managers": (ml.staff_survey_managers, [external.SS, external.SS_QUESTIONS]),
    "workforce_fte": (ml.workforce_fte, [external.MANAGERS, external.CONSULTANTS, external.ALL_STAFF]),
    "shmi": (ml.shmi, [external.SHMI]),
    "ae_performance": (ml.ae_performance, [external.AE]),
    "rtt_performance": (ml.rtt_performance, [external.RTT]),
    "finances": (ml.finances, [external.FINANCES]),
    "beds": (ml.beds, [external.BEDS]),
    "staff_stability": (ml.staff_stability, [external.STABILITY]),
    "inpatient_admissions": (ml.inpatient_admissions, [external.INPATIENT]),
    "medical_staff_2017": (ml.medical_staff_2017, [external.MEDICAL_STAFF]),
    **{f"codebook_{name}": (partial(ml.codebook, name), [key]) for name, key in external.CODEBOOKS.items()},
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
        if res.get("format") != "csv":  # the 2024 survey .xlsx: tested in test_staff_survey_2024.py
            assert res["profile"] == "data-resource" and "schema" not in res, res["key"]
            continue
        fields = res["schema"]["fields"]
        assert all(f.get("description") and f.get("type") for f in fields), res["key"]
        table = _reader.table(res["key"])  # validates against the schema
        assert list(table.columns) == [f["name"] for f in fields]
        assert _no_bom(table)


def test_raw_files_lose_bom_and_trailing_spaces(mirror):
    assert (mirror / external.PROVIDER).read_bytes().startswith(b"\xef\xbb\xbf")
    raw = _reader.table(external.PROVIDER)
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
    real = _reader.table

    def fake(key):
        t = real(key)
        if key == external.WELLBEING:
            t.loc[0, "Openness.Index"] = 0.5
        return t

    monkeypatch.setattr(nhs_wellbeing, "table", fake)
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


def test_rtt_performance(mirror):
    r = ml.rtt_performance()
    assert list(r.columns) == ["org_code", "year", "date", "waiting", "waiting_within_18w", "rtt_18w_pct"]
    assert len(r) == 1331 and r["org_code"].nunique() == 213 and _clean_codes(r["org_code"]) and _no_bom(r)
    assert not r.duplicated(["org_code", "year"]).any() and r["year"].between(2012, 2018).all()
    assert (r["date"] == pd.to_datetime((r["year"] + 1).astype(str) + "-03-31")).all()  # end of the financial year
    assert (r["waiting_within_18w"] <= r["waiting"]).all() and _pct_ok(r["rtt_18w_pct"])
    assert r["rtt_18w_pct"].median() == pytest.approx(93.2, abs=0.1)  # a 0-100 scale, not a fraction
    assert r.attrs["recoded"] == 1 and r["rtt_18w_pct"].isna().sum() == 1
    rt2 = r[r["org_code"].eq("RT2") & r["year"].eq(2018)].iloc[0]
    assert rt2["waiting"] == 0 and pd.isna(rt2["rtt_18w_pct"])  # 0/0 is missing, not the file's 0
    r0a = r[r["org_code"].eq("R0A") & r["year"].eq(2018)].iloc[0]
    assert r0a["rtt_18w_pct"] == pytest.approx(86.3459, abs=1e-4)


def test_finances(mirror):
    f = ml.finances()
    assert list(f.columns) == ["org_code", "year", "surplus_gbp_k", "operating_income_gbp_k", "operating_cost_gbp_k"]
    assert len(f) == 2183 - 2 and f["org_code"].nunique() == 261 and _clean_codes(f["org_code"]) and _no_bom(f)
    assert not f.duplicated(["org_code", "year"]).any() and f["year"].between(2010, 2018).all()
    assert f.attrs["dropped"]["rows"] == 2 and f.attrs["dropped"]["orgs"] == ["RBB", "RD7"]
    assert not ({("RBB", 2015), ("RD7", 2015)} & set(zip(f["org_code"], f["year"])))
    assert (f["operating_cost_gbp_k"] > 0).all() and (f["operating_income_gbp_k"] >= 0).all()  # cost made positive
    r0a = f[f["org_code"].eq("R0A") & f["year"].eq(2018)].iloc[0]
    money = ["surplus_gbp_k", "operating_income_gbp_k", "operating_cost_gbp_k"]
    assert r0a[money].tolist() == [75358, 1709055, 1642518]
    gap = f["surplus_gbp_k"] - (f["operating_income_gbp_k"] - f["operating_cost_gbp_k"])
    assert gap.median() < -1000  # the surplus is after non-operating items, not income minus cost
    assert f["operating_income_gbp_k"].median() == pytest.approx(245_000, rel=0.05)  # GBP thousands: ~GBP 245m


def test_beds(mirror):
    b = ml.beds()
    assert list(b.columns) == ["org_code", "year", "beds", "occupancy_pct"]
    assert len(b) == 2089 and _clean_codes(b["org_code"]) and _no_bom(b)
    assert not b.duplicated(["org_code", "year"]).any() and b["year"].between(2010, 2018).all()
    assert _pct_ok(b["occupancy_pct"]) and b["occupancy_pct"].median() == 87  # 0-100, not the file's fraction
    assert (b["occupancy_pct"].dropna() % 1 == 0).all()  # the file rounds to two decimals of a fraction
    assert b.attrs["recoded"] == 12 and b["occupancy_pct"].isna().equals(b["beds"].eq(0))
    assert b.groupby("year")["beds"].sum().between(128_000, 145_000).all()


def test_staff_stability(mirror):
    s = ml.staff_stability()
    assert list(s.columns) == ["org_code", "year", "stability_pct"]
    assert len(s) == 429 and s["org_code"].is_unique and _clean_codes(s["org_code"]) and _no_bom(s)
    assert s["year"].eq(2017).all()
    assert s.attrs["recoded"] == 21 and s["stability_pct"].isna().sum() == 21
    assert s["stability_pct"].dropna().between(45, 100).all()
    assert s.loc[s["org_code"].isin(["RW3", "RM2", "RR1"]), "stability_pct"].isna().all()  # merged away: no staff left


def test_inpatient_admissions(mirror):
    i = ml.inpatient_admissions()
    ages = list(hospital_management._AGE_GROUPS)
    assert list(i.columns) == ["org_code", "year", "episodes", "admissions", "male", "female", "female_pct", *ages]
    assert len(i) == 3245 and _clean_codes(i["org_code"]) and _no_bom(i)
    assert not i.duplicated(["org_code", "year"]).any() and i["year"].between(2012, 2018).all()
    assert i.attrs["recoded"] == 96 and not i["org_code"].str.contains("-").any()
    assert set(i.loc[i["org_code"].eq("RJ1"), "year"]) == {2012, 2013, 2015, 2016, 2017}  # no 2014, no 2018
    assert _pct_ok(i["female_pct"]) and i["female_pct"].isna().sum() == 50
    assert i[counts := ["episodes", "admissions", "male", "female", *ages]].eq(0).all(axis=1).sum() == 34
    big = i[i["episodes"] > 10_000]
    sexes = big["male"] + big["female"]
    assert (sexes / big["episodes"])[big["year"] <= 2015].median() == pytest.approx(1, abs=1e-3)  # episodes ...
    assert (sexes / big["admissions"])[big["year"] >= 2016].median() == pytest.approx(1, abs=1e-3)  # then admissions
    assert (big["admissions"] / big["episodes"]).median() < 0.9
    aged = big[ages].sum(axis=1) / big["episodes"]
    assert aged.between(0.7, 1).all() and aged.median() == pytest.approx(0.996, abs=0.001)
    assert (i.loc[i["year"] >= 2016, counts] % 5 == 0).all().all()  # HES rounding from 2016


def test_medical_staff_2017(mirror):
    m = ml.medical_staff_2017()
    assert list(m.columns) == ["org_code", "date", "year", "grade", "specialty_group", "specialty", "fte"]
    assert len(m) == 19094 and m["org_code"].nunique() == 357 and _clean_codes(m["org_code"]) and _no_bom(m)
    assert m["date"].eq(pd.Timestamp("2017-09-30")).all() and m["year"].eq(2017).all()
    assert m["grade"].cat.ordered and len(m["grade"].cat.categories) == 10 and m["grade"].notna().all()
    assert m["grade"].cat.categories[0] == "Consultant (including Directors of Public Health)"
    assert m["specialty_group"].nunique() == 12 and m["specialty"].nunique() == 84
    assert m.groupby("specialty")["specialty_group"].nunique().eq(1).all()
    assert not m.duplicated(["org_code", "grade", "specialty"]).any()
    assert (m["fte"] > 0).all() and m["fte"].sum() == pytest.approx(109_002.28, abs=0.01)
    consultants = m[m["grade"].eq(m["grade"].cat.categories[0])]["fte"].sum()
    assert consultants == pytest.approx(45_824.87, abs=0.01)


def test_codebook(mirror):
    v = ml.codebook("variables")
    assert list(v.columns) == ["code", "variable", "label"] and len(v) == 100 and v["code"].is_unique and _no_bom(v)
    assert v.loc[v["variable"].eq("YEAR"), "label"].item() == "Financial Year"
    sizes = {"main_staff_group": 4, "staff_group_1": 12, "staff_group_2": 32}
    for name, size in sizes.items():
        c = ml.codebook(name)
        assert list(c.columns) == ["code", "name"] and len(c) == size and _no_bom(c), name
        assert c["code"].dtype == "int64" and c["code"].is_unique and c["code"].is_monotonic_increasing
        assert c["name"].notna().all() and (c["name"] == c["name"].str.strip()).all()
    assert ml.codebook("main_staff_group").set_index("code")["name"][1] == "Professionally qualified clinical staff"
    assert (ml.codebook("staff_group_2")["name"] == "Clerical & administrative").sum() == 5


@pytest.mark.parametrize("name, match", [("staff_group1", "Did you mean 'staff_group_1'"), ("beds", "Valid choices"),
                                         (1, "Valid choices: \\['variables'")])
def test_codebook_unknown_name(name, match):
    with pytest.raises(errors.DatasetNotFoundError, match=match):
        ml.codebook(name)


# -- every external file names its loader ----------------------------------------------
def test_every_external_file_names_an_exported_loader():
    keys = [r["key"] for r in datapackage.resources("external")]
    assert sorted(external.LOADERS) == sorted(keys)
    for key, name in external.LOADERS.items():
        assert name in ml.__all__, (key, name)
        assert callable(getattr(ml, name)) and getattr(ml, name) is getattr(external, name), (key, name)
        call = external.loader_call(key)
        assert call is not None and call.startswith(f"mlhelpers.{name}("), key
    assert external.loader_call("no/such.csv") is None


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
    hits = _reader._parse.cache_info().hits
    again = ml.providers()
    assert _reader._parse.cache_info().hits > hits
    assert again.loc[0, "name"] != "changed"


# -- damaged cache and no network ----------------------------------------------------
@pytest.fixture
def cache(tmp_path, monkeypatch):
    (tmp_path / "cache").mkdir()  # a cache folder that does not exist is an error, not created
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


@pytest.mark.parametrize("key", sorted(external.LOADERS))
def test_each_file_is_read_and_checked_by_its_named_loader(mirror, cache, key):
    """Damage one file: the loader that LOADERS names for it must refuse it (so it really reads it)."""
    _copy(mirror, cache, list(external.LOADERS))
    target = cache / key
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x01
    target.write_bytes(bytes(data))
    call = external.loader_call(key)
    assert call is not None
    with pytest.raises(errors.HashMismatchError, match="refused"):
        eval(call, {"mlhelpers": ml})  # the very call the Data appendix shows


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

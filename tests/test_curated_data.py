"""The curated datasets: valid against their schemas, sourced, and complete enough."""

from __future__ import annotations

import re

import pytest

import mlhelpers as ml
from conftest import ROOT

BIB_KEYS = set(re.findall(r"^@\w+\{([^,\s]+),", (ROOT / "references.bib").read_text(encoding="utf-8"), re.M))


@pytest.mark.parametrize("name", ml.datasets())
def test_validates_and_every_row_is_sourced(name):
    df = ml.load(name)
    assert len(df) > 0
    assert set(df["confidence"]) <= {"verified", "secondary"}
    unknown = set(df["source"]) - BIB_KEYS
    assert not unknown, f"{name}: source keys not in references.bib: {unknown}"


def test_expected_datasets_exist():
    assert {"timeline", "frameworks", "evidence_map", "boards_and_ceos", "management_international",
            "leadership_styles", "events"} <= set(ml.datasets())


def test_timeline_spans_cogwheel_to_messenger():
    t = ml.load("timeline")
    assert len(t) >= 20
    assert set(t["kind"]) == {"report", "law", "framework", "institution", "guidance"}
    assert "Cogwheel" in t.iloc[0]["event"] and t["event"].str.contains("Messenger").any()
    assert t.iloc[-1]["date"] >= "2025"  # the events of 2019-2025 drawn by chapter 7
    starts = t["date"].map(ml.partial_date)
    assert starts.is_monotonic_increasing


def test_frameworks_have_their_published_shape():
    f = ml.load("frameworks")
    by = {name: rows for name, rows in f.groupby("framework")}
    mlcf = next(v for k, v in by.items() if k.startswith("Medical Leadership Competency"))
    assert mlcf["domain"].nunique() == 5 and mlcf.groupby("domain")["element"].count().eq(4).all()
    hlm = next(v for k, v in by.items() if k.startswith("Healthcare Leadership Model"))
    assert len(hlm) == 9
    messenger = next(v for k, v in by.items() if "Messenger" in k)
    assert len(messenger) == 7
    lf = next(v for k, v in by.items() if k.startswith("Leadership Framework") or k.startswith("NHS Leadership Framework"))
    assert lf["domain"].nunique() == 2


def test_evidence_map_and_styles_and_events():
    assert len(ml.load("evidence_map")) >= 15
    styles = ml.load("leadership_styles")
    assert {"transformational", "situational", "authentic", "quantum", "charismatic", "clinical"} <= set(styles["style"])
    events = ml.load("events")
    assert events["date"].str[:4].isin(["2018", "2019"]).all() and len(events) >= 6

"""Chapter 2 (professionalization): concept data, charts, workforce totals, statement sorting."""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go
import pytest

import mlhelpers as ml
from conftest import ROOT
from mlhelpers import professions as pr
from mlhelpers.errors import EmptySelectionError, MissingColumnError
from mlhelpers.exercises import registry

BIB_KEYS = set(re.findall(r"^@\w+\{([^,\s]+),", (ROOT / "references.bib").read_text(encoding="utf-8"), re.M))


@pytest.fixture(scope="module")
def concepts() -> pd.DataFrame:
    return ml.load("professions_concepts")


@pytest.fixture(scope="module")
def workforce() -> pd.DataFrame:
    return ml.workforce_fte()


@pytest.fixture(scope="module")
def providers() -> pd.DataFrame:
    return ml.providers()


# -- the curated concepts ----------------------------------------------------------------
def test_concepts_are_sourced_and_cover_the_chapter(concepts):
    assert set(concepts["source"]) <= BIB_KEYS
    assert concepts["concept"].is_unique
    assert set(concepts["confidence"]) == {"verified", "secondary"}
    names = set(concepts["concept"])
    for needed in ("Professional project", "Medical dominance", "Jurisdiction", "New public management",
                   "Re-stratification", "Hybrid professionalism", "Leaderism", "Hegemony", "Organic intellectual",
                   "Cadre", "Sheep dipping"):
        assert needed in names, needed
    row = concepts.set_index("concept").loc["Professional project"]
    assert row["author"] == "Larson" and row["source"] == "larson1977rise" and row["year"] == 1977
    # undated seed documents carry no year rather than a guessed one
    assert concepts.loc[concepts["source"] == "anonndwhat", "year"].isna().all()
    assert concepts["definition"].str.len().between(40, 200).all()


# -- concept map -------------------------------------------------------------------------
def test_layout_is_deterministic_and_complete(concepts):
    nodes, edges = pr.concept_layout(concepts)
    nodes2, edges2 = pr.concept_layout(concepts)
    pd.testing.assert_frame_equal(nodes, nodes2)
    pd.testing.assert_frame_equal(edges, edges2)
    counts = nodes["kind"].value_counts()
    assert counts["concept"] == len(concepts)
    assert counts["author"] == concepts["author"].nunique()
    assert counts["theme"] == concepts["explains"].nunique()
    assert len(edges) == 2 * len(concepts)
    assert nodes["y"].between(0, 1).all()
    for kind in ("author", "concept"):  # no two labels of a column at the same height
        assert nodes.loc[nodes["kind"] == kind, "y"].is_unique
    # concepts of one theme sit together, so each theme's concepts form a contiguous block
    order = nodes[nodes["kind"] == "concept"].sort_values("y", ascending=False)["theme"].tolist()
    assert order == sorted(order, key=lambda t: list(dict.fromkeys(order)).index(t))


def test_layout_keeps_every_label_when_rows_are_shuffled(concepts):
    shuffled = concepts.sample(frac=1, random_state=0)
    nodes, _ = pr.concept_layout(shuffled)
    assert set(nodes["label"]) == set(pr.concept_layout(concepts)[0]["label"])


def test_concept_map_hover_has_definition_and_citation(concepts):
    fig = pr.concept_map(concepts)
    concept_trace = next(t for t in fig.data if t.name == "concepts")
    text = " ".join(concept_trace.hovertext)
    for label in ("Larson (1977)", "McGivern et al. (2015)", "Martin and Learmonth (2012)"):
        assert f"cite: {label}" in text
    # readers see author and year, never a raw citation key
    assert not any(key in text for key in concepts["source"])
    assert "secondary" in text and "verified" in text
    larson = next(h for h in concept_trace.hovertext if h.startswith("<b>Professional project</b>"))
    assert "Larson (1977)" in larson and "credentials" in larson
    assert {t.name for t in fig.data if t.name} == {"concepts", "authors", "themes"}


def test_concept_map_refuses_bad_input(concepts):
    with pytest.raises(TypeError, match="DataFrame"):
        pr.concept_map(concepts.to_dict())
    with pytest.raises(MissingColumnError, match="definition"):
        pr.concept_map(concepts.drop(columns="definition"))
    with pytest.raises(EmptySelectionError, match="no rows"):
        pr.concept_map(concepts.iloc[0:0])
    with pytest.raises(ValueError, match="appear twice"):
        pr.concept_layout(pd.concat([concepts, concepts.iloc[[0]]]))


# -- framework explorer ------------------------------------------------------------------
def test_framework_treemap_switches_framework():
    frameworks = ml.load("frameworks")
    fig = pr.framework_treemap(frameworks)
    names = list(dict.fromkeys(frameworks["framework"]))
    assert [t.name for t in fig.data] == names
    assert [t.visible for t in fig.data] == [True] + [False] * (len(names) - 1)
    buttons = fig.layout.updatemenus[0].buttons
    assert [b.label for b in buttons] == names
    for i, b in enumerate(buttons):
        assert b.args[0]["visible"] == [k == i for k in range(len(names))]
    mlcf = fig.data[0]
    assert len(mlcf.ids) == 1 + 5 + 20  # root, domains, elements
    hlm = fig.data[names.index("Healthcare Leadership Model")]
    assert len(hlm.ids) == 1 + 9


def test_framework_treemap_refuses_unknown_framework():
    with pytest.raises(EmptySelectionError, match="no framework named"):
        pr.framework_treemap(ml.load("frameworks"), ["Made-up Framework"])
    with pytest.raises(MissingColumnError):
        pr.framework_treemap(ml.load("frameworks").drop(columns="domain"))


# -- workforce ---------------------------------------------------------------------------
def test_fte_totals_all_organisations(workforce):
    t = pr.fte_totals(workforce)
    assert list(t["year"]) == list(range(2009, 2019))
    assert t.loc[0, "managers_index"] == pytest.approx(100) and t.loc[0, "consultants_index"] == pytest.approx(100)
    by_year = workforce.groupby("year")["managers_fte"].sum()
    assert t.set_index("year")["managers_fte"].to_dict() == pytest.approx(by_year.to_dict())
    assert pr.pct_change(t, "managers") < 0 < pr.pct_change(t, "consultants")
    manual = 100 * (t["managers_fte"].iloc[-1] / t["managers_fte"].iloc[0] - 1)
    assert pr.pct_change(t, "managers") == pytest.approx(manual)


def test_fte_totals_same_trusts(workforce, providers):
    keep = pr.same_trusts(workforce, providers)
    assert len(keep) > 150
    assert not set(keep) & set(providers.loc[providers["type"] == "ccg", "org_code"])
    t = pr.fte_totals(workforce, providers, coverage="same trusts", base_year=2012)
    assert t["managers_orgs"].eq(len(keep)).all() and t["consultants_orgs"].eq(len(keep)).all()
    assert t.set_index("year").loc[2012, "managers_index"] == pytest.approx(100)
    assert 0 < pr.pct_change(t, "managers") < pr.pct_change(t, "consultants")


def test_managers_by_body_adds_up(workforce, providers):
    b = pr.managers_by_body(workforce, providers)
    assert set(b["body"]) == set(pr.BODY_KINDS)
    totals = pr.fte_totals(workforce).set_index("year")["managers_fte"]
    assert b.groupby("year")["managers_fte"].sum().to_dict() == pytest.approx(totals.to_dict())
    wide = b.pivot(index="year", columns="body", values="managers_fte")
    assert wide.loc[2009, "CCGs"] == 0 and wide.loc[2013, "CCGs"] > 0
    assert wide.loc[2009, "other bodies"] > 10 * wide.loc[2018, "other bodies"]


def test_workforce_helpers_refuse_bad_input(workforce, providers):
    with pytest.raises(ValueError, match="coverage must be"):
        pr.fte_totals(workforce, coverage="some")
    with pytest.raises(ValueError, match="needs providers"):
        pr.fte_totals(workforce, coverage="same trusts")
    with pytest.raises(ValueError, match="base_year 1999"):
        pr.fte_totals(workforce, base_year=1999)
    with pytest.raises(MissingColumnError, match="managers_fte"):
        pr.fte_totals(workforce.drop(columns="managers_fte"))
    with pytest.raises(TypeError, match="ml.workforce_fte"):
        pr.fte_totals([1, 2, 3])
    with pytest.raises(ValueError, match="'managers' or 'consultants'"):
        pr.pct_change(pr.fte_totals(workforce), "nurses")
    with pytest.raises(ValueError, match="needs a dict"):
        pr.fte_index_chart([])


def test_index_chart_buttons_and_labels(workforce, providers):
    views = {"All": pr.fte_totals(workforce), "Same": pr.fte_totals(workforce, providers, coverage="same trusts")}
    fig = pr.fte_index_chart(views)
    assert isinstance(fig, go.Figure) and len(fig.data) == 4
    assert [t.visible for t in fig.data] == [True, True, False, False]
    assert fig.layout.updatemenus[0].buttons[1].args[0]["visible"] == [False, False, True, True]
    assert fig.data[0].text[-1] == "<b>Managers</b>" and fig.data[1].text[-1] == "<b>Consultants</b>"


# -- statement sorting -------------------------------------------------------------------
def test_statements_are_sourced_and_balanced():
    assert {s.source for s in pr.STATEMENTS} <= BIB_KEYS
    counts = pd.Series([s.lens for s in pr.STATEMENTS]).value_counts()
    assert set(counts.index) == set(pr.LENSES) and counts.nunique() == 1


def test_score_sorting():
    right = [s.lens for s in pr.STATEMENTS]
    assert pr.score_sorting(right) == [True] * len(right)
    wrong = ["practice" if lens != "practice" else "discourse" for lens in right]
    assert pr.score_sorting(wrong) == [False] * len(right)
    partial = [right[0]] + [None] * (len(right) - 1)
    assert pr.score_sorting(partial) == [True] + [None] * (len(right) - 1)
    lines, summary = pr.sorting_feedback(partial)
    assert lines[0].startswith("✓") and lines[1].startswith("—")
    assert summary.startswith(f"1 of {len(right)} right") and "not answered" in summary


def test_score_sorting_refuses_bad_answers():
    with pytest.raises(ValueError, match="answers for"):
        pr.score_sorting(["practice"])
    with pytest.raises(ValueError, match="not lenses"):
        pr.score_sorting(["sociology"] * len(pr.STATEMENTS))
    with pytest.raises(TypeError, match="one lens"):
        pr.score_sorting("practice")


def test_statement_sorter_widget_gives_feedback():
    box = pr.statement_sorter()
    assert len(box.dropdowns) == len(pr.STATEMENTS)
    assert all(d.value is None for d in box.dropdowns)
    for d, s in zip(box.dropdowns, pr.STATEMENTS):
        d.value = s.lens
    box.dropdowns[0].value = next(lens for lens in pr.LENSES if lens != pr.STATEMENTS[0].lens)
    button = box.children[-1].children[0]
    button.click()
    assert box.feedback[0].value.startswith("✗")
    assert all(f.value.startswith("✓") for f in box.feedback[1:])
    assert box.summary.value == f"{len(pr.STATEMENTS) - 1} of {len(pr.STATEMENTS)} right"


# -- exercises ---------------------------------------------------------------------------
def test_chapter_exercises_are_registered_and_answerable(workforce, providers):
    ex = {k: v for k, v in registry().items() if k.startswith("prof-")}
    assert len(ex) >= 4
    all_orgs = pr.fte_totals(workforce)
    assert ml.is_correct("prof-managers-change-all", round(pr.pct_change(all_orgs, "managers"), 1))
    assert not ml.is_correct("prof-managers-change-all", -round(pr.pct_change(all_orgs, "managers"), 1))
    same = pr.fte_totals(workforce, providers, coverage="same trusts")
    assert ml.is_correct("prof-managers-change-same", round(pr.pct_change(same, "managers"), 1))
    assert ml.is_correct("prof-managers-lowest-year", 2016)
    n = int(ml.load("professions_concepts")["confidence"].eq("secondary").sum())
    assert ml.is_correct("prof-concepts-secondary", n) and not ml.is_correct("prof-concepts-secondary", n + 1)

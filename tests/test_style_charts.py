"""The house style, source captions, the timeline chart and notebook set-up."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

import mlhelpers as ml
from mlhelpers import errors, style


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_setup_registers_template_and_renderer():
    ml.setup()
    assert pio.templates.default == "mlbook"
    assert pio.renderers.default == "plotly_mimetype"
    assert list(go.Figure().layout.template.layout.colorway) == list(ml.PALETTE)


def test_palette_is_okabe_ito_and_readable():
    assert set(ml.PALETTE) == {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}
    # the colours used for lines and markers first reach 3:1 against white (WCAG non-text)
    assert all(contrast(c, "#ffffff") >= 3 for c in ml.PALETTE[:4])
    assert contrast(style.TEXT_COLOUR, "#ffffff") >= 7 and contrast(style.MUTED_COLOUR, "#ffffff") >= 4.5


def test_add_source_writes_caption_and_meta():
    fig = ml.add_source(go.Figure(layout=dict(title="T")), "CQC", "OGL v3.0")
    note = [a for a in fig.layout.annotations if a.name == "source"][0]
    assert note.text == "Source: CQC<br>Licence: OGL v3.0"
    assert fig.layout.meta == {"source": "CQC", "licence": "OGL v3.0", "alt": "T"}
    fig = ml.add_source(go.Figure(), "A", "B", alt="Dots over time")
    assert fig.layout.meta["alt"] == "Dots over time"


@pytest.mark.parametrize("source, licence", [("", "OGL"), ("CQC", "  "), (None, "OGL")])
def test_add_source_refuses_blank(source, licence):
    with pytest.raises(ValueError, match="non-empty"):
        ml.add_source(go.Figure(), source, licence)


def test_add_source_needs_a_figure():
    with pytest.raises(TypeError, match="plotly Figure"):
        ml.add_source({"data": []}, "A", "B")


@pytest.mark.parametrize("text, expected", [("1983", "1983-01-01"), ("2011-10", "2011-10-01"), ("2022-06-08", "2022-06-08")])
def test_partial_date(text, expected):
    assert ml.partial_date(text) == pd.Timestamp(expected)


@pytest.mark.parametrize("bad", ["", "83-1", "June 2022", "2022-13"])
def test_partial_date_rejects(bad):
    with pytest.raises(ValueError, match="YYYY"):
        ml.partial_date(bad)


EVENTS = pd.DataFrame(
    {
        "date": ["1967", "1983-10", "2011-10-17", "2022-06-08"],
        "end_date": ["1974", None, None, None],
        "event": ["Cogwheel", "Griffiths", "FMLM", "Messenger"],
        "kind": ["report", "report", "institution", "report"],
        "detail": ["a", "b", "c", "d"],
        "source": ["k1", "k2", "k3", "k4"],
        "confidence": ["verified", "verified", "secondary", "verified"],
    }
)


def test_timeline_traces_controls_and_markers():
    fig = ml.timeline(EVENTS, title="T")
    markers = [t for t in fig.data if t.mode == "markers"]
    assert [t.name for t in markers] == ["report", "institution"]
    assert sum(len(t.x) for t in markers) == 4
    assert any(t.mode == "lines" for t in fig.data)  # the Cogwheel span
    assert markers[1].marker.symbol[0].endswith("-open")  # secondary source: open marker
    kinds_menu, period_menu = fig.layout.updatemenus
    assert [b.label for b in kinds_menu.buttons] == ["All kinds", "report", "institution"]
    only_inst = kinds_menu.buttons[2].args[0]["visible"]
    assert [t.legendgroup for t, v in zip(fig.data, only_inst) if v] == ["institution"]
    assert [b.method for b in period_menu.buttons] == ["relayout"] * 3


def test_timeline_bad_input():
    with pytest.raises(TypeError):
        ml.timeline([1, 2])
    with pytest.raises(errors.MissingColumnError, match="kind"):
        ml.timeline(EVENTS.drop(columns="kind"))
    with pytest.raises(errors.EmptySelectionError, match="law"):
        ml.timeline(EVENTS, kinds=["law"])
    with pytest.raises(errors.EmptySelectionError):
        ml.timeline(EVENTS, kinds=[])


def test_timeline_explorer_filters_by_kind_and_years():
    box = ml.timeline_explorer(EVENTS)
    (kind, span), count, table = box.children[0].children, box.children[1], box.children[2]
    assert "<strong>4</strong> of 4" in count.value and "Cogwheel" in table.value
    kind.value = "institution"
    assert "<strong>1</strong> of 4" in count.value and "FMLM" in table.value and "Cogwheel" not in table.value
    kind.value = "report"
    span.value = (1980, 1990)
    assert "Griffiths" in table.value and "Messenger" not in table.value
    span.value = (1990, 2000)
    assert "No events match" in table.value


def test_timeline_explorer_bad_input():
    with pytest.raises(TypeError):
        ml.timeline_explorer("timeline")
    with pytest.raises(errors.MissingColumnError):
        ml.timeline_explorer(EVENTS.drop(columns="source"))
    with pytest.raises(errors.EmptySelectionError):
        ml.timeline_explorer(EVENTS.iloc[:0])


def test_events_table_escapes_html():
    from mlhelpers.explorers import events_table_html

    rows = EVENTS.assign(event=["<script>x</script>", "b", "c", "d"])
    assert "<script>" not in events_table_html(rows)


def test_table_is_deterministic_and_blank_for_missing():
    html1 = ml.table(EVENTS, ["date", "end_date", "event"], name="t")._repr_html_()
    html2 = ml.table(EVENTS, ["date", "end_date", "event"], name="t")._repr_html_()
    assert html1 == html2 and "nan" not in html1.lower() and "Cogwheel" in html1
    assert repr(ml.table(EVENTS, ["date", "end_date"])) == repr(ml.table(EVENTS, ["date", "end_date"]))
    assert " at 0x" not in repr(ml.table(EVENTS)) and "nan" not in repr(ml.table(EVENTS)).lower()
    with pytest.raises(errors.MissingColumnError, match="'nope'"):
        ml.table(EVENTS, ["nope"])
    with pytest.raises(TypeError):
        ml.table([1, 2])


def test_table_text_handles_nullable_integers():
    df = pd.DataFrame({"n": pd.array([3, None], dtype="Int64"), "s": ["x", None]})
    text = repr(ml.table(df, name="nullable"))
    assert text.splitlines()[1].split() == ["3", "x"] and "<NA>" not in text and "nan" not in text


def test_author_year_replaces_citation_keys_and_nothing_else():
    assert ml.author_year("griffiths1983nhs") == "Griffiths (1983)"
    assert ml.author_year("moh1967first; darzi2008high") == "Ministry of Health (1967); Darzi (2008)"
    for text in ("Good", "good", "2018", "", "not a key at all", "o2925py"):
        assert ml.author_year(text) == text
    assert ml.author_year(None) is None


def test_tables_and_timeline_hovers_show_author_year_not_keys():
    df = pd.DataFrame({"source": ["griffiths1983nhs", "Good"], "n": [1, 2]})
    html, text = ml.table(df, name="keys")._repr_html_(), repr(ml.table(df, name="keys"))
    assert "griffiths1983nhs" not in html + text and "Griffiths (1983)" in html and "Griffiths (1983)" in text
    fig = ml.charts.timeline(ml.load("timeline")) if hasattr(ml, "charts") else None
    if fig is not None:
        shown = [str(row[3]) for t in fig.data if t.customdata is not None for row in t.customdata]
        assert shown and not any(s in style._bibliography() for s in shown)


def test_house_template_puts_the_title_at_the_top_with_room():
    title = style.template().layout.title
    assert (title.yref, title.y, title.yanchor, title.automargin) == ("container", 1, "top", True)

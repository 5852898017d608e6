"""Unit tests of mlhelpers.load and the schema validation: good and bad input."""

from __future__ import annotations

import pandas as pd
import pytest

import mlhelpers as ml
from mlhelpers import errors


def test_load_good_table_types(scratch_package):
    df = ml.load("toy")
    assert list(df.columns) == ["id", "date", "kind", "share", "note"]
    assert str(df["id"].dtype) == "Int64"
    assert df["share"].dtype == "float64"
    assert df.loc[0, "share"] == 12.5 and pd.isna(df.loc[1, "share"])
    assert pd.isna(df.loc[1, "note"])
    assert ml.datasets() == ["toy"]


def test_load_accepts_byte_order_mark_and_padded_header(scratch_package):
    scratch_package("\ufeffid, date ,kind,share,note\n1,1983,report,1,\n")
    assert ml.load("toy")["date"].tolist() == ["1983"]


@pytest.mark.parametrize(
    "csv_text, error, words",
    [
        ("id,date,share,note\n1,1983,1,\n", errors.MissingColumnError, ["'kind'", "toy.csv"]),
        ("id,date,kind,share,note,extra\n1,1983,report,1,,x\n", errors.UnexpectedColumnError, ["'extra'"]),
        ("id,date,kind,share,note\none,1983,report,1,\n", errors.ColumnTypeError, ["'id'", "'one'", "line(s) 2"]),
        ("id,date,kind,share,note\n1,1983,report,12%,\n", errors.ColumnTypeError, ["'share'", "'12%'"]),
        ("id,date,kind,share,note\n1,,report,1,\n", errors.MissingValueError, ["'date'", "required"]),
        ("id,date,kind,share,note\n1,1983,memo,1,\n", errors.ValueNotAllowedError, ["'memo'", "allowed set"]),
        ("id,date,kind,share,note\n1,83,report,1,\n", errors.ValueNotAllowedError, ["pattern", "'83'"]),
        ("id,date,kind,share,note\n1,1983,report,140,\n", errors.ValueNotAllowedError, ["maximum 100"]),
        ("id,date,kind,share,note\n0,1983,report,1,\n", errors.ValueNotAllowedError, ["minimum 1"]),
        ("id,date,kind,share,note\n1,1983,report,1,\n1,1984,law,2,\n", errors.ValueNotAllowedError, ["unique", "line(s) 2, 3"]),
        ("", errors.DataValidationError, ["empty"]),
        ("id,date,kind,share,note\n1,1983,report,1,\"unclosed\n", errors.DataValidationError, ["toy.csv"]),
    ],
    ids=["missing-column", "unexpected-column", "integer-type", "number-type", "required-empty",
         "enum", "pattern", "maximum", "minimum", "unique", "empty-file", "malformed-csv"],
)
def test_bad_files_raise_named_errors(scratch_package, csv_text, error, words):
    scratch_package(csv_text)
    with pytest.raises(error) as info:
        ml.load("toy")
    message = str(info.value)
    for word in words:
        assert word in message, message
    assert isinstance(info.value, errors.MlhelpersError)


def test_missing_file_says_how_to_fix(scratch_package):
    scratch_package(None)
    with pytest.raises(errors.MissingFileError, match=r"toy\.csv.*git checkout"):
        ml.load("toy")


def test_unknown_name_suggests_close_match(scratch_package):
    with pytest.raises(errors.DatasetNotFoundError, match=r"Did you mean 'toy'"):
        ml.load("tooy")


def test_name_must_be_a_string(scratch_package):
    with pytest.raises(TypeError, match="must be a string"):
        ml.load(3)


def test_external_name_is_redirected_to_fetch(scratch_package):
    ext = {"name": "ext", "key": "g/x.csv", "path": "https://example.org/x.csv", "hash": "sha256:" + "0" * 64}
    scratch_package(extra=[ext])
    with pytest.raises(errors.DatasetNotFoundError, match="fetch"):
        ml.load("g/x.csv")


def test_unsupported_type_in_schema(scratch_package):
    schema = {"fields": [{"name": "id", "type": "geopoint"}]}
    scratch_package("id\n1\n", schema=schema)
    with pytest.raises(errors.ColumnTypeError, match="geopoint"):
        ml.load("toy")


def test_missing_descriptor(tmp_path, monkeypatch):
    monkeypatch.setenv("MLHELPERS_CURATED_DIR", str(tmp_path))
    with pytest.raises(errors.MissingFileError, match="datapackage.json"):
        ml.load("timeline")


def test_require_frame_names_what_is_wrong_and_what_to_pass():
    import pandas as pd

    from mlhelpers.validate import require_frame

    df = pd.DataFrame({"a": [1], "b": [2]})
    assert require_frame(df, ["a"], "f", "ml.load('x')") is df
    with pytest.raises(TypeError, match=r"f needs a pandas DataFrame such as ml.load\('x'\), not list"):
        require_frame([1], ["a"], "f", "ml.load('x')")
    with pytest.raises(ml.MissingColumnError, match=r"lacks column\(s\) \['c'\]; pass ml.load\('x'\)"):
        require_frame(df, ["a", "c"], "f", "ml.load('x')")
    with pytest.raises(ml.EmptySelectionError, match="no rows"):
        require_frame(df.iloc[:0], ["a"], "f", "ml.load('x')")
    assert require_frame(df.iloc[:0], ["a"], "f", "x", allow_empty=True).empty

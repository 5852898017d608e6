"""Unit tests of mlhelpers.load and the schema validation: good and bad input."""

from __future__ import annotations

import pandas as pd
import pytest

import mlhelpers as ml
from mlhelpers import errors

from conftest import GOOD_CSV


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


# -- recorded fingerprints of curated files (sha256 and row count) --------------------------
def test_every_curated_file_has_a_current_hash_and_row_count():
    """The real data/: every curated resource records the sha256 and rows of its file as it is now."""
    from mlhelpers import datapackage

    stale = datapackage.stale()
    assert not stale, (
        "Curated files without a current record in data/datapackage.json: "
        + "; ".join(f"{k}: {why}" for k, why in stale.items())
        + f". Check the changes are intended, then run {datapackage.REHASH_COMMAND}."
    )
    for res in datapackage.resources("curated"):
        assert res["hash"].startswith("sha256:") and len(res["hash"]) == 71, res["name"]
        assert res["rows"] == len(ml.load(res["name"])), res["name"]


def test_rehash_records_then_is_idempotent(scratch_package):
    import json

    from mlhelpers import datapackage

    folder = scratch_package()
    assert datapackage.stale() == {"toy": "no sha256 'hash' and 'rows' recorded"}
    changed = datapackage.rehash()
    assert list(changed) == ["toy"] and changed["toy"][1] == 2
    text = (folder / "datapackage.json").read_text(encoding="utf-8")
    assert text.endswith("}\n") and text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"
    res = json.loads(text)["resources"][0]
    assert res["hash"] == "sha256:" + datapackage.file_sha256(folder / "toy.csv") and res["rows"] == 2
    assert datapackage.stale() == {}
    assert datapackage.rehash() == {}  # nothing changed, nothing written
    assert (folder / "datapackage.json").read_text(encoding="utf-8") == text
    (folder / "toy.csv").write_text(GOOD_CSV + "3,1990,law,1,\n", encoding="utf-8")
    assert "changed since" in datapackage.stale()["toy"]
    assert datapackage.rehash(["toy"])["toy"][1] == 3
    assert len(ml.load("toy")) == 3


def test_stale_reports_missing_file_and_wrong_rows(scratch_package):
    import json

    from mlhelpers import datapackage

    folder = scratch_package()
    datapackage.rehash()
    pkg = json.loads((folder / "datapackage.json").read_text())
    pkg["resources"][0]["rows"] = 5
    (folder / "datapackage.json").write_text(json.dumps(pkg))
    assert datapackage.stale() == {"toy": "'rows' is 5 but data/toy.csv has 2"}
    (folder / "toy.csv").unlink()
    assert datapackage.stale() == {"toy": "data/toy.csv does not exist"}


def test_rehash_command_line(scratch_package, capsys):
    from mlhelpers import datapackage

    scratch_package()
    assert datapackage.main(["--check"]) == 1
    assert "toy: no sha256" in capsys.readouterr().out
    assert datapackage.main(["--rehash"]) == 0
    assert "toy: sha256:" in capsys.readouterr().out
    assert datapackage.main(["--check"]) == 0
    assert datapackage.main(["--rehash"]) == 0 and "Nothing changed" in capsys.readouterr().out
    assert datapackage.main(["--rehash", "nope"]) == 2 and "nope" in capsys.readouterr().err


def test_unrecorded_file_loads_but_recorded_one_is_checked(scratch_package):
    from mlhelpers import datapackage

    folder = scratch_package()
    assert len(ml.load("toy")) == 2  # no hash yet: usable while being added; the test above reports it
    datapackage.rehash()
    (folder / "toy.csv").write_text(GOOD_CSV.replace("first", "frist"), encoding="utf-8")
    with pytest.raises(errors.CuratedDataChangedError, match="toy.csv was changed"):
        ml.load("toy")


# -- the table validator, exactly -----------------------------------------------------------
def _validate(csv_text: str, schema: dict):
    import io

    from mlhelpers.validate import validate_table

    raw = pd.read_csv(io.StringIO(csv_text), dtype=str, keep_default_na=False, na_values=[])
    return validate_table(raw, schema, "t.csv")


def test_validator_messages_exactly():
    num = {"fields": [{"name": "x", "type": "number", "constraints": {"minimum": 0, "maximum": 10}}]}
    rows = "x\n" + "\n".join(["11"] * 7) + "\n"
    with pytest.raises(errors.ValueNotAllowedError) as info:
        _validate(rows, num)
    assert str(info.value) == (
        "t.csv, column 'x': '11', '11', '11', '11', '11' on line(s) 2, 3, 4, 5, 6 and 2 more are above the "
        "maximum 10. Check the source of those values."
    )
    with pytest.raises(errors.ValueNotAllowedError, match=r"'-1' on line\(s\) 3 are below the minimum 0"):
        _validate("x\n0\n-1\n10\n", num)
    assert _validate("x\n0\n10\n\n", num)["x"].tolist()[:2] == [0.0, 10.0]
    with pytest.raises(errors.ColumnTypeError) as info:
        _validate('x\n"1,5"\n', {"fields": [{"name": "x", "type": "number"}]})
    assert str(info.value) == (
        "t.csv, column 'x': expected numbers but found '1,5' on line(s) 2. Use a dot as decimal separator "
        "and no units or thousands separators in the cell."
    )


def test_validator_types():
    schema = {"fields": [{"name": "b", "type": "boolean"}, {"name": "d", "type": "date"},
                         {"name": "y", "type": "year"}, {"name": "s", "type": "string"}]}
    out = _validate("b,d,y,s\ntrue,2020-02-29,2019,a\nno,,-5,\nyes,2021-01-01,+7,2020-02\n", schema)
    assert out["b"].tolist() == [True, False, True]
    assert str(out["d"].iloc[0].date()) == "2020-02-29" and pd.isna(out["d"].iloc[1])
    assert out["y"].tolist() == [2019, -5, 7] and str(out["y"].dtype) == "Int64"
    assert out["s"].tolist()[0] == "a" and pd.isna(out["s"].iloc[1])
    with pytest.raises(errors.ColumnTypeError, match=r"expected true/false but found 'maybe' on line\(s\) 2"):
        _validate("b\nmaybe\n", {"fields": [{"name": "b", "type": "boolean"}]})
    with pytest.raises(errors.ColumnTypeError, match=r"expected ISO dates YYYY-MM-DD but found '2020-02-31'"):
        _validate("d\n2020-02-31\n", {"fields": [{"name": "d", "type": "date"}]})
    with pytest.raises(errors.ColumnTypeError, match=r"whole numbers \(year\) but found '2019.0'"):
        _validate("y\n2019.0\n", {"fields": [{"name": "y", "type": "year"}]})
    with pytest.raises(errors.ColumnTypeError, match=r"type 'datetime'.*Use string, integer"):
        _validate("y\n1\n", {"fields": [{"name": "y", "type": "datetime"}]})


def test_validator_keys_and_columns():
    schema = {"fields": [{"name": "a"}, {"name": "b"}], "primaryKey": ["a", "b"]}
    assert len(_validate("a,b\n1,1\n1,2\n", schema)) == 2
    with pytest.raises(errors.ValueNotAllowedError, match=r"primary key \['a', 'b'\] repeats on line\(s\) 2, 3"):
        _validate("a,b\n1,1\n1,1\n", schema)
    with pytest.raises(errors.ValueNotAllowedError, match=r"primary key \['a'\] repeats"):
        _validate("a,b\n1,1\n1,2\n", {**schema, "primaryKey": "a"})
    with pytest.raises(errors.MissingColumnError, match=r"column\(s\) 'b' missing.*expects \['a', 'b'\]; the file has \['a'\]"):
        _validate("a\n1\n", schema)
    with pytest.raises(errors.UnexpectedColumnError, match=r"column\(s\) 'c' are not in the schema"):
        _validate("a,b,c\n1,1,1\n", schema)
    assert _validate("a,b\n", schema).empty
    enum = {"fields": [{"name": "k", "constraints": {"enum": [1, 2], "required": True}}, {"name": "z"}]}
    assert _validate("k,z\n1,a\n2,b\n", enum)["k"].tolist() == ["1", "2"]
    with pytest.raises(errors.ValueNotAllowedError, match=r"'3' on line\(s\) 3 not in the allowed set \['1', '2'\]"):
        _validate("k,z\n1,a\n3,b\n", enum)
    with pytest.raises(errors.MissingValueError, match=r"'k' is required but is empty on line\(s\) 3"):
        _validate("k,z\n1,a\n ,b\n", enum)
    pat = {"fields": [{"name": "p", "constraints": {"pattern": "[a-z]+"}}]}
    assert _validate("p\nabc\n", pat)["p"].tolist() == ["abc"]
    with pytest.raises(errors.ValueNotAllowedError, match=r"'abc1' on line\(s\) 2 do not match the pattern '\[a-z\]\+'"):
        _validate("p\nabc1\n", pat)
    uniq = {"fields": [{"name": "u", "constraints": {"unique": True}}]}
    with pytest.raises(errors.ValueNotAllowedError, match=r"must be unique but 'x' repeat on line\(s\) 2, 4"):
        _validate("u\nx\ny\nx\n", uniq)


def test_argument_helpers_exactly():
    import numpy as np

    from mlhelpers import validate

    assert validate.as_str_list(None, ("a", "b"), "w") == ["a", "b"]
    assert validate.as_str_list(("b", "a", "b"), [], "w") == ["b", "a"]
    assert validate.as_str_list(["a"], [], "w", allowed=["a", "b"]) == ["a"]
    with pytest.raises(errors.ArgumentTypeError, match=r"^w must be a string or a list of strings, e.g. w=\['\.\.\.'\], not 3 \(int\)\.$"):
        validate.as_str_list(3, [], "w")
    with pytest.warns(UserWarning, match=r"^years=2017.0 is a float; years are whole numbers: pass years=2017\.$"):
        assert validate.as_years([2017, 2017.0, np.int64(2018)], "years") == [2017, 2018]
    assert validate.as_year(np.int64(2016), "year", allowed=[2016]) == 2016
    with pytest.raises(errors.ArgumentTypeError, match=r"^f: year must be a year such as year=2018, not \[2018\] \(list\)\.$"):
        validate.as_year([2018], "year", where="f")
    with pytest.raises(errors.ArgumentTypeError, match=r"^f: year must be a year as a number, e.g. year=2019 \(no quotes\)"):
        validate.as_year(" 2019 ", "year", where="f")
    assert validate.year_range([2000, 2000]) == (2000, 2000) and validate.year_range(range(2000, 2002)) == (2000, 2001)
    assert validate.suggest("acut", ["acute", "ambulance"]) == " Did you mean 'acute'?"
    assert validate.suggest("ACUTE ", ["acute"]) == " Did you mean 'acute'?"
    assert validate.suggest("zzz", ["acute"]) == ""
    validate.require_percentages(pd.Series([0.5]), "f", "p")  # one value: cannot tell
    validate.require_percentages(pd.Series([0.0, 0.0]), "f", "p")  # all zero: could be percentages
    validate.require_percentages(pd.Series([0.5, 1.5]), "f", "p")
    validate.require_percentages(pd.Series([0.5, "x", 50]), "f", "p")
    assert validate.nonzero_base(2, "f", "x") == 2.0 and isinstance(validate.nonzero_base(2, "f", "x"), float)
    validate.require_distinct("a", "b", "f")
    with pytest.raises(errors.ArgumentValueError, match=r"^ols: y and x are both 'a'"):
        validate.require_distinct("a", "a", "ols", ("y", "x"))
    validate.require_values(pd.DataFrame({"a": [np.nan, 1]}), ["a"], "f")
    validate.require_values(pd.DataFrame({"a": []}), ["a"], "f")  # empty frames are for other checks
    with pytest.raises(errors.EmptySelectionError, match=r"^f: column 'a' has no values in the 2 row\(s\) passed.*Use x\.$"):
        validate.require_values(pd.DataFrame({"a": [np.nan, np.nan]}), ["a"], "f", "Use x.")
    assert validate.real_date(" 2019 ") == (2019,) and validate.real_date("2019-12") == (2019, 12)
    assert validate.real_date("2019-12-31") == (2019, 12, 31) and validate.real_date("2019-01-01") == (2019, 1, 1)
    with pytest.raises(errors.ArgumentValueError, match=r"^date: '2019-04-31' is not a real date: April 2019 has 30 days"):
        validate.real_date("2019-04-31")
    with pytest.raises(errors.ArgumentValueError, match=r"'2019-01-00' is not a real date"):
        validate.real_date("2019-01-00")
    assert validate.frame_kind(pd.DataFrame(columns=["iso3", "indicator", "value", "x"])) == "ml.country_indicators()"
    assert validate.frame_kind(pd.DataFrame(columns=["a"])) is None
    with pytest.raises(ml.MissingColumnError) as info:
        validate.require_frame(pd.DataFrame(columns=["iso3", "indicator", "value"]), ["year"], "f", "ml.country_indicators()")
    assert "looks like" not in str(info.value)  # it is the right kind, only a column is missing
    assert str(info.value) == ("f: the table lacks column(s) ['year']; pass ml.country_indicators(). "
                               "Its columns are ['iso3', 'indicator', 'value'].")


# -- the package reader, exactly -----------------------------------------------------------
EXT = {"name": "ext", "key": "g/x.csv", "path": "https://example.org/x.csv", "hash": "sha256:" + "0" * 64}


def test_descriptor_shape_messages_exactly(scratch_package):
    import json

    from mlhelpers import datapackage

    folder = scratch_package()
    path = folder / "datapackage.json"
    hint = f"See what changed with `git diff -- {path}` and correct it, or restore the committed version with `git checkout -- {path}`."
    cases = [
        ("[1]", f"{path}: the top level must be a JSON object with a 'resources' list, not a list. {hint}"),
        ('{"resources": 3}', f"{path}: 'resources' must be a list of resource objects, not a int."),
        ('{"resources": [{"name": "a", "path": "a.csv"}, 4]}',
         f"{path}: resource number 2 is a int, not an object with 'name' and 'path'."),
        ('{"resources": [{"name": "", "path": "a.csv"}]}',
         f"{path}: resource number 1 ('') has no 'name' (a non-empty string). Add it: every resource needs a name and a path."),
        ('{"resources": [{"path": 3}]}',
         f"{path}: resource number 1 ('unnamed') has no 'name' (a non-empty string). Add it: every resource needs a name and a path."),
        ('{"resources": [{"name": "a", "path": 3}]}',
         f"{path}: resource number 1 ('a') has no 'path' (a non-empty string). Add it: every resource needs a name and a path."),
        ('{"resources": [}', f"{path} is not valid JSON: Expecting value at line 1, column 16. Fix the JSON there "
                             f"(often a missing or extra comma or quote). {hint}"),
    ]
    for text, message in cases:
        path.write_text(text)
        with pytest.raises(errors.DescriptorError) as info:
            datapackage.read_descriptor()
        assert str(info.value) == message
    path.write_text(json.dumps({"resources": []}))
    assert datapackage.read_descriptor() == {"resources": []} and datapackage.resources() == []
    path.write_text(json.dumps({"name": "no resources"}))
    assert datapackage.resources("curated") == []


def test_not_found_lists_suggestions_and_known_names(scratch_package):
    from mlhelpers import datapackage

    folder = scratch_package(extra=[{"name": "toys", "path": "toys.csv"}, {"name": "top", "path": "top.csv"}, EXT])
    with pytest.raises(errors.DatasetNotFoundError) as info:
        ml.load("toy2")
    assert str(info.value) == (
        f"No curated dataset 'toy2' in {folder / 'datapackage.json'}. Did you mean 'toy', 'toys'? "
        "Known curated datasets: top, toy, toys."
    )
    with pytest.raises(errors.DatasetNotFoundError) as info:
        datapackage.external_resource("nothing/like/it")
    assert str(info.value) == f"No external key 'nothing/like/it' in {folder / 'datapackage.json'}. Known external keys: g/x.csv."
    with pytest.raises(errors.DatasetNotFoundError, match="is an external dataset"):
        ml.load("ext")
    with pytest.raises(TypeError, match="An external key must be a string such as 'gapminder/concepts.csv', not int"):
        datapackage.external_resource(3)


def test_stale_and_rehash_skip_external_and_unchosen(scratch_package):
    import json

    from mlhelpers import datapackage

    folder = scratch_package(extra=[EXT, {"name": "other", "path": "other.csv", "schema": {"fields": [{"name": "a"}]}}])
    (folder / "other.csv").write_text("a\n1\n2\n3\n", encoding="utf-8")
    assert set(datapackage.stale()) == {"toy", "other"}
    assert set(datapackage.stale(["other"])) == {"other"}
    assert list(datapackage.rehash(["other"])) == ["other"]
    pkg = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert [r.get("rows") for r in pkg["resources"]] == [None, None, 3]
    assert pkg["resources"][1] == EXT  # external resources are never touched
    assert not (folder / "datapackage.json.tmp").exists()
    pkg["resources"][0]["hash"] = "sha256:" + datapackage.file_sha256(folder / "toy.csv")
    (folder / "datapackage.json").write_text(json.dumps(pkg))
    assert datapackage.stale() == {"toy": "no sha256 'hash' and 'rows' recorded"}  # a hash without rows is stale
    assert datapackage.recorded({"hash": "md5:" + "0" * 64, "rows": True}) == (None, None)
    assert datapackage.recorded({"hash": "SHA256:" + "A" * 64, "rows": 0}) == (None, 0)
    assert datapackage.recorded({"hash": "sha256:" + "A" * 64, "rows": 2}) == ("a" * 64, 2)
    with pytest.raises(errors.DatasetNotFoundError) as info:
        datapackage.rehash(["toy", "nope"])
    assert str(info.value).startswith(f"No curated dataset 'nope' in {folder / 'datapackage.json'}.")


def test_rehash_reports_every_invalid_file_and_still_describes_the_rest(scratch_package):
    from mlhelpers import datapackage

    folder = scratch_package(extra=[{"name": "other", "path": "other.csv", "schema": {"fields": [{"name": "a"}]}},
                                    {"name": "gone", "path": "gone.csv"}])
    (folder / "other.csv").write_text("a\n1\n", encoding="utf-8")
    (folder / "toy.csv").write_text("id,date,kind,share,note\n1,1983,memo,1,\n", encoding="utf-8")
    with pytest.raises(errors.DataValidationError) as info:
        datapackage.rehash()
    message = str(info.value)
    assert message.startswith("Not re-described, because they do not match their schema (fix them, then run "
                              "./book rehash (or: python -m mlhelpers.datapackage --rehash) again): toy: data/toy.csv, column 'kind'")
    assert " | gone: data/gone.csv: the file does not exist." in message and message.endswith(" (re-described: other)")
    assert datapackage.stale() == {"toy": "no sha256 'hash' and 'rows' recorded", "gone": "data/gone.csv does not exist"}


def test_count_rows_reads_utf8_with_bom_and_quoted_newlines(tmp_path):
    from mlhelpers import datapackage

    path = tmp_path / "t.csv"
    path.write_bytes('\ufeffa,b\n"x\ny",é\n\n2,3\n'.encode("utf-8"))
    assert datapackage.count_rows(path) == 2
    path.write_text("", encoding="utf-8")
    assert datapackage.count_rows(path) == 0


def test_command_line_needs_an_action(capsys):
    from mlhelpers import datapackage

    with pytest.raises(SystemExit) as info:
        datapackage.main([])
    assert info.value.code == 2 and "one of the arguments --rehash --check is required" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        datapackage.main(["--rehash", "--check"])


def test_command_line_check_lists_and_explains(scratch_package, capsys):
    from mlhelpers import datapackage

    scratch_package()
    assert datapackage.main(["--check", "toy"]) == 1
    assert capsys.readouterr().out == (
        "toy: no sha256 'hash' and 'rows' recorded\n"
        "Re-describe them with ./book rehash (or: python -m mlhelpers.datapackage --rehash) after checking the "
        "changes are intended.\n"
    )
    assert datapackage.main(["--rehash", "toy"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("toy: sha256:") and out[0].endswith("... rows=2") and len(out[0]) == len("toy: sha256:") + 12 + len("... rows=2")
    assert out[1].startswith("1 resource(s) re-described in ") and out[1].endswith("datapackage.json.")
    assert datapackage.main(["--check"]) == 0 and capsys.readouterr().out == ""


def test_rehash_edge_cases(scratch_package):
    import json

    from mlhelpers import datapackage

    folder = scratch_package(extra=[EXT, {"name": "free", "path": "free.csv", "title": "Café"}])
    (folder / "free.csv").write_text("a,b\n1,2\n", encoding="utf-8")  # no schema: its columns are not described
    with pytest.raises(errors.DatasetNotFoundError, match="No curated dataset 'ext'"):
        datapackage.rehash(["ext"])  # an external resource is not re-described
    with pytest.raises(errors.DataValidationError) as info:
        datapackage.rehash()
    assert str(info.value).endswith("free: data/free.csv: column(s) 'a', 'b' are not in the schema. Describe them in "
                                    "datapackage.json (name, type, description) or remove them from the file. "
                                    "(re-described: toy)")
    text = (folder / "datapackage.json").read_text(encoding="utf-8")
    assert '"title": "Café"' in text and "\\u00e9" not in text  # UTF-8 kept as written
    (folder / "toy.csv").write_text("id,date,kind,share,note\n1,1983,memo,1,\n", encoding="utf-8")
    with pytest.raises(errors.DataValidationError) as info:
        datapackage.rehash(["toy"])
    assert str(info.value).endswith("on line(s) 2 not in the allowed set ['report', 'law']. Use one of those values, "
                                    "or add the new value to the field's enum in datapackage.json.")
    pkg = json.loads(text)
    pkg["resources"][2]["schema"] = {"fields": [{"name": "a"}, {"name": "b"}]}
    pkg["resources"].append({"name": "other", "path": "other.csv", "schema": {"fields": [{"name": "a"}]}})
    (folder / "other.csv").write_text("a\n1\n", encoding="utf-8")
    (folder / "datapackage.json").write_text(json.dumps(pkg, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(errors.DataValidationError) as info:
        datapackage.rehash()
    assert str(info.value).endswith(" (re-described: free, other)")
    (folder / "datapackage.json").write_text(json.dumps({"name": "empty"}), encoding="utf-8")
    assert datapackage.rehash() == {}


def test_not_found_shows_at_most_three_suggestions_or_none(scratch_package):
    folder = scratch_package(extra=[{"name": f"toy{i}", "path": f"toy{i}.csv"} for i in range(1, 5)])
    with pytest.raises(errors.DatasetNotFoundError) as info:
        ml.load("toyy")
    assert str(info.value).split("Did you mean ")[1].split("?")[0].count("'toy") == 3  # three suggestions at most
    (folder / "datapackage.json").write_text('{"resources": []}')
    with pytest.raises(errors.DatasetNotFoundError) as info:
        ml.load("toy")
    assert str(info.value) == f"No curated dataset 'toy' in {folder / 'datapackage.json'}. Known curated datasets: (none)."


def test_line_numbers_of_exactly_five_and_six_rows():
    from mlhelpers.validate import _lines

    assert _lines(pd.Index(range(5))) == "2, 3, 4, 5, 6"
    assert _lines(pd.Index(range(6))) == "2, 3, 4, 5, 6 and 1 more"


def test_nonzero_base_message_exactly():
    from mlhelpers import validate

    with pytest.raises(errors.ArgumentValueError) as info:
        validate.nonzero_base(0, "pct_change", "managers_fte")
    assert str(info.value) == (
        "pct_change: the first value of 'managers_fte' is 0, so a percentage change from it is undefined (it would "
        "be infinite). Compare the difference instead, or start from a year where it is not 0."
    )


def test_validator_messages_exactly_more():
    from mlhelpers.validate import validate_table

    assert validate_table(pd.DataFrame(), {}, "t.csv").empty  # a schema without fields, a file without columns
    two = {"fields": [{"name": "a"}, {"name": "b"}, {"name": "c"}]}
    cases = [
        ("a\n1\n", two, errors.MissingColumnError,
         "t.csv: column(s) 'b', 'c' missing. The schema in datapackage.json expects ['a', 'b', 'c']; the file has ['a']. "
         "Add the column(s) to the file, or correct the schema if the column was renamed."),
        ("a,b,c,d,e\n1,1,1,1,1\n", two, errors.UnexpectedColumnError,
         "t.csv: column(s) 'd', 'e' are not in the schema. Describe them in datapackage.json (name, type, description) "
         "or remove them from the file."),
        ("a\nx\n", {"fields": [{"name": "a", "type": "integer"}]}, errors.ColumnTypeError,
         "t.csv, column 'a': expected whole numbers (integer) but found 'x' on line(s) 2. Correct those cells or change "
         "the field's type in datapackage.json."),
        ("a\n2020-13-01\n", {"fields": [{"name": "a", "type": "date"}]}, errors.ColumnTypeError,
         "t.csv, column 'a': expected ISO dates YYYY-MM-DD but found '2020-13-01' on line(s) 2. For a date known only "
         "to the year or month, make the field a string with a pattern instead."),
        ("a\n1\n", {"fields": [{"name": "a", "type": "geo"}]}, errors.ColumnTypeError,
         "t.csv, column 'a': the schema gives type 'geo', which mlhelpers does not support. Use string, integer, "
         "number, year, boolean or date."),
        ("a\n2021-02-29\n", {"fields": [{"name": "a"}]}, errors.ValueNotAllowedError,
         "t.csv, column 'a': '2021-02-29' on line(s) 2 are not real dates (a month 01-12, a day that exists in that "
         "month). Correct them."),
        ("a,b\n,1\n", {"fields": [{"name": "a", "constraints": {"required": True}}, {"name": "b"}]},
         errors.MissingValueError,
         "t.csv, column 'a' is required but is empty on line(s) 2. Fill those cells (write nothing you cannot source: "
         "drop the row instead)."),
        ("a\nz\n", {"fields": [{"name": "a", "constraints": {"enum": ["x"]}}]}, errors.ValueNotAllowedError,
         "t.csv, column 'a': 'z' on line(s) 2 not in the allowed set ['x']. Use one of those values, or add the new "
         "value to the field's enum in datapackage.json."),
        ("a\n1\n", {"fields": [{"type": "integer"}]}, errors.DescriptorError,
         "datapackage.json, the schema of t.csv: field number 1 has no 'name'. Give every field the name of its column "
         'in the CSV, e.g. {"name": "year", "type": "integer"}.'),
        ("a\n1\n", {"fields": [{"name": "a", "constraints": {"maximum": "9"}}]}, errors.DescriptorError,
         "datapackage.json, the schema of t.csv, field 'a': 'maximum' must be a number, not '9'."),
    ]
    for text, schema, error, message in cases:
        with pytest.raises(error) as info:
            _validate(text, schema)
        assert str(info.value) == message


def test_validator_keeps_types_and_index():
    schema = {"fields": [{"name": "i", "type": "integer"}, {"name": "n", "type": "number", "constraints": {"maximum": 5}},
                         {"name": "b", "type": "boolean"}, {"name": "d", "type": "date"}, {"name": "s"}]}
    out = _validate("i,n,b,d,s\n1,2.5,true,2020-01-02,x\n,,,, \n", schema)
    assert str(out["i"].dtype) == "Int64" and out["n"].dtype == "float64" and str(out["b"].dtype) == "boolean"
    assert out["d"].dtype.kind == "M" and pd.isna(out["b"].iloc[1]) and pd.isna(out["s"].iloc[1])
    assert list(out.index) == [0, 1] and list(out.columns) == ["i", "n", "b", "d", "s"]
    with pytest.raises(errors.ColumnTypeError, match=r"'02/01/2020'"):
        _validate("d\n02/01/2020\n", {"fields": [{"name": "d", "type": "date"}]})

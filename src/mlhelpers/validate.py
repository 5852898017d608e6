"""Validate a table of raw strings against a Frictionless Table Schema.

Supported field types: ``string``, ``integer``, ``number``, ``year``,
``boolean`` and ``date`` (full ISO dates). Supported constraints:
``required``, ``enum``, ``pattern``, ``minimum``, ``maximum``, ``unique``.
Empty cells are missing values. Each failure raises one named error from
:mod:`mlhelpers.errors` that names the file, the column, the offending rows
(as line numbers in the file) and what to do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pandas as pd

from .errors import (
    ColumnTypeError,
    EmptySelectionError,
    MissingColumnError,
    MissingValueError,
    UnexpectedColumnError,
    ValueNotAllowedError,
)

_INT = re.compile(r"^[+-]?\d+$")
_BOOL_TRUE = {"true", "True", "TRUE", "1", "yes"}
_BOOL_FALSE = {"false", "False", "FALSE", "0", "no"}
_SHOW = 5  # offending values shown in a message


def _lines(index: pd.Index) -> str:
    """File line numbers (header is line 1) of the first offending rows."""
    rows = [str(int(i) + 2) for i in list(index)[:_SHOW]]
    more = f" and {len(index) - _SHOW} more" if len(index) > _SHOW else ""
    return ", ".join(rows) + more


def _examples(values: pd.Series) -> str:
    return ", ".join(repr(v) for v in list(values)[:_SHOW])


def check_columns(columns: list[str], schema: dict[str, Any], label: str) -> None:
    """Raise if the file's header does not match the schema's fields."""
    wanted = [f["name"] for f in schema.get("fields", [])]
    missing = [c for c in wanted if c not in columns]
    if missing:
        raise MissingColumnError(
            f"{label}: column(s) {', '.join(repr(c) for c in missing)} missing. "
            f"The schema in datapackage.json expects {wanted}; the file has {columns}. "
            "Add the column(s) to the file, or correct the schema if the column was renamed."
        )
    extra = [c for c in columns if c not in wanted]
    if extra:
        raise UnexpectedColumnError(
            f"{label}: column(s) {', '.join(repr(c) for c in extra)} are not in the schema. "
            "Describe them in datapackage.json (name, type, description) or remove them from the file."
        )


def _convert(raw: pd.Series, ftype: str, label: str, name: str) -> pd.Series:
    present = raw.notna()
    vals = raw[present]
    if ftype == "string":
        return raw.astype("object")
    if ftype in ("integer", "year"):
        bad = vals[~vals.str.match(_INT)]
        if len(bad):
            raise ColumnTypeError(
                f"{label}, column {name!r}: expected whole numbers ({ftype}) but found "
                f"{_examples(bad)} on line(s) {_lines(bad.index)}. Correct those cells or "
                "change the field's type in datapackage.json."
            )
        return pd.array([int(v) if p else None for v, p in zip(raw, present)], dtype="Int64")
    if ftype == "number":
        conv = pd.to_numeric(vals, errors="coerce")
        bad = vals[conv.isna()]
        if len(bad):
            raise ColumnTypeError(
                f"{label}, column {name!r}: expected numbers but found {_examples(bad)} on "
                f"line(s) {_lines(bad.index)}. Use a dot as decimal separator and no units "
                "or thousands separators in the cell."
            )
        return pd.to_numeric(raw, errors="coerce").astype("float64")
    if ftype == "boolean":
        bad = vals[~vals.isin(_BOOL_TRUE | _BOOL_FALSE)]
        if len(bad):
            raise ColumnTypeError(
                f"{label}, column {name!r}: expected true/false but found {_examples(bad)} "
                f"on line(s) {_lines(bad.index)}."
            )
        return raw.map(lambda v: None if pd.isna(v) else v in _BOOL_TRUE).astype("boolean")
    if ftype == "date":
        conv = pd.to_datetime(vals, format="%Y-%m-%d", errors="coerce")
        bad = vals[conv.isna()]
        if len(bad):
            raise ColumnTypeError(
                f"{label}, column {name!r}: expected ISO dates YYYY-MM-DD but found "
                f"{_examples(bad)} on line(s) {_lines(bad.index)}. For a date known only to "
                "the year or month, make the field a string with a pattern instead."
            )
        return pd.to_datetime(raw, format="%Y-%m-%d")
    raise ColumnTypeError(
        f"{label}, column {name!r}: the schema gives type {ftype!r}, which mlhelpers does not "
        "support. Use string, integer, number, year, boolean or date."
    )


def _constraints(raw: pd.Series, typed: pd.Series, field: dict[str, Any], label: str) -> None:
    name = field["name"]
    cons = field.get("constraints", {})
    present = raw.notna()
    if cons.get("required") and not present.all():
        missing = raw[~present]
        raise MissingValueError(
            f"{label}, column {name!r} is required but is empty on line(s) "
            f"{_lines(missing.index)}. Fill those cells (write nothing you cannot source: "
            "drop the row instead)."
        )
    vals, tvals = raw[present], typed[present]
    if "enum" in cons:
        allowed = [str(a) for a in cons["enum"]]
        bad = vals[~vals.isin(allowed)]
        if len(bad):
            raise ValueNotAllowedError(
                f"{label}, column {name!r}: {_examples(bad)} on line(s) {_lines(bad.index)} "
                f"not in the allowed set {allowed}. Use one of those values, or add the new "
                "value to the field's enum in datapackage.json."
            )
    if "pattern" in cons:
        pat = re.compile(f"^(?:{cons['pattern']})$")
        bad = vals[~vals.map(lambda v: bool(pat.match(v)))]
        if len(bad):
            raise ValueNotAllowedError(
                f"{label}, column {name!r}: {_examples(bad)} on line(s) {_lines(bad.index)} "
                f"do not match the pattern {cons['pattern']!r}. Rewrite them in that form."
            )
    for key, test, word in (("minimum", lambda s, b: s < b, "below"), ("maximum", lambda s, b: s > b, "above")):
        if key in cons:
            bound = cons[key]
            bad_mask = test(tvals, bound)
            bad_mask = pd.Series(bad_mask, index=tvals.index).fillna(False).astype(bool)
            bad = vals[bad_mask]
            if len(bad):
                raise ValueNotAllowedError(
                    f"{label}, column {name!r}: {_examples(bad)} on line(s) {_lines(bad.index)} "
                    f"are {word} the {key} {bound}. Check the source of those values."
                )
    if cons.get("unique"):
        dup = vals[vals.duplicated(keep=False)]
        if len(dup):
            raise ValueNotAllowedError(
                f"{label}, column {name!r} must be unique but {_examples(dup.drop_duplicates())} "
                f"repeat on line(s) {_lines(dup.index)}. Remove or merge the duplicate rows."
            )


def validate_table(raw: pd.DataFrame, schema: dict[str, Any], label: str) -> pd.DataFrame:
    """Check ``raw`` (all cells strings, empty cells NA) and return typed columns.

    Parameters
    ----------
    raw:
        The table as read, every cell a string or missing.
    schema:
        A Frictionless Table Schema (``{"fields": [...], "primaryKey": ...}``).
    label:
        How to name the table in messages, usually its file path.
    """
    fields = schema.get("fields", [])
    check_columns(list(raw.columns), schema, label)
    out = {}
    for field in fields:
        name = field["name"]
        col = raw[name].where(raw[name].str.strip().ne(""), other=None) if len(raw) else raw[name]
        typed = _convert(col, field.get("type", "string"), label, name)
        typed = pd.Series(typed, index=raw.index, name=name)
        _constraints(col, typed, field, label)
        out[name] = typed
    table = pd.DataFrame(out, index=raw.index)
    key = schema.get("primaryKey")
    if key:
        cols = [key] if isinstance(key, str) else list(key)
        dup = table[table.duplicated(cols, keep=False)]
        if len(dup):
            raise ValueNotAllowedError(
                f"{label}: the primary key {cols} repeats on line(s) {_lines(dup.index)}. "
                "Each row must be unique on those columns; remove or merge duplicates."
            )
    return table


def require_frame(
    df: object, columns: Any, what: str, hint: str, *, allow_empty: bool = False
) -> pd.DataFrame:
    """Check an argument of a chart or analysis function, with errors that say how to fix it.

    ``df`` must be a pandas DataFrame with ``columns`` and, unless
    ``allow_empty``, at least one row. ``what`` names the function (used in the
    message) and ``hint`` says what to pass, e.g. ``"ml.load('voices')"``.
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{what} needs a pandas DataFrame such as {hint}, not {type(df).__name__}.")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise MissingColumnError(f"{what}: the table lacks column(s) {missing}; pass {hint}.")
    if not allow_empty and df.empty:
        raise EmptySelectionError(f"{what}: the table has no rows; pass {hint} or a non-empty selection of it.")
    return df


def as_str_list(value: object, default: Iterable[str], what: str) -> list[str]:
    """``value`` (a string or a list of strings) as a list; None gives ``default``.

    Raises TypeError for any other type and
    :class:`~mlhelpers.EmptySelectionError` for an empty list, each naming
    ``what`` (e.g. ``"indicator"``) and the defaults.
    """
    if value is None:
        return list(default)
    items = [value] if isinstance(value, str) else list(value) if isinstance(value, Iterable) else None
    if items is None or not all(isinstance(v, str) for v in items):
        raise TypeError(f"{what} must be a string or a list of strings, not {value!r}.")
    if not items:
        raise EmptySelectionError(f"No {what} selected: pass at least one, or None for the defaults {list(default)}.")
    return items

"""The one place where mlhelpers checks data and arguments.

Two halves:

- **Tables**: :func:`validate_table` checks a table of raw strings against a
  Frictionless Table Schema (used by :func:`mlhelpers.load`).
- **Arguments** of every public function: :func:`require_frame` (a frame of
  the right kind, with a hint naming the loader that makes it),
  :func:`as_str_list`, :func:`as_years`/:func:`as_year`, :func:`require_values`
  (no column that is missing everywhere), :func:`require_distinct` (no
  variable against itself), :func:`require_percentages` (no fractions where
  percentages are meant), :func:`nonzero_base` (no change from zero),
  :func:`real_date` (no 2020-02-31) and :func:`suggest` (did you mean ...).
  Each error names the argument and says what to pass instead.

Table schemas
-------------

Supported field types: ``string``, ``integer``, ``number``, ``year``,
``boolean`` and ``date`` (full ISO dates). Supported constraints:
``required``, ``enum``, ``pattern``, ``minimum``, ``maximum``, ``unique``.
Empty cells are missing values. Each failure raises one named error from
:mod:`mlhelpers.errors` that names the file, the column, the offending rows
(as line numbers in the file) and what to do.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from .errors import (
    ArgumentTypeError,
    ArgumentValueError,
    ColumnTypeError,
    DescriptorError,
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


_TYPES = ("string", "integer", "number", "year", "boolean", "date")


def check_schema(schema: Any, label: str) -> None:
    """Refuse a schema that cannot be applied, naming the resource and the field.

    Every field needs a ``name``; a ``pattern`` must be a valid regular
    expression; ``enum`` must be a list; ``minimum``/``maximum`` numbers.
    """
    where = f"datapackage.json, the schema of {label}"
    if not isinstance(schema, dict) or not isinstance(schema.get("fields", []), list):
        raise DescriptorError(f"{where}: the schema must be an object with a list of 'fields'.")
    for i, field in enumerate(schema.get("fields", [])):
        if not isinstance(field, dict) or not isinstance(field.get("name"), str) or not field["name"].strip():
            raise DescriptorError(
                f"{where}: field number {i + 1} has no 'name'. Give every field the name of its column "
                "in the CSV, e.g. {\"name\": \"year\", \"type\": \"integer\"}."
            )
        name, cons = field["name"], field.get("constraints", {})
        if not isinstance(cons, dict):
            raise DescriptorError(f"{where}, field {name!r}: 'constraints' must be an object.")
        if "pattern" in cons:
            try:
                re.compile(str(cons["pattern"]))
            except re.error as exc:
                raise DescriptorError(
                    f"{where}, field {name!r}: the pattern {cons['pattern']!r} is not a valid regular "
                    f"expression ({exc}). Correct it (remember to double backslashes in JSON)."
                ) from None
        if "enum" in cons and not isinstance(cons["enum"], list):
            raise DescriptorError(f"{where}, field {name!r}: 'enum' must be a list of allowed values.")
        for key in ("minimum", "maximum"):
            if key in cons and (isinstance(cons[key], bool) or not isinstance(cons[key], (int, float))):
                raise DescriptorError(f"{where}, field {name!r}: {key!r} must be a number, not {cons[key]!r}.")


def check_columns(columns: list[str], schema: dict[str, Any], label: str) -> None:
    """Raise if the file's header does not match the schema's fields."""
    check_schema(schema, label)
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


def _is_real_date(text: str) -> bool:
    try:
        real_date(text)
    except ArgumentValueError:
        return False
    return True


def _convert(raw: pd.Series, ftype: str, label: str, name: str) -> pd.Series:
    present = raw.notna()
    vals = raw[present]
    if ftype == "string":
        looks = vals[vals.str.fullmatch(r"\d{4}-\d{2}(-\d{2})?")]
        bad = looks[~looks.map(_is_real_date)]
        if len(bad):
            raise ValueNotAllowedError(
                f"{label}, column {name!r}: {_examples(bad)} on line(s) {_lines(bad.index)} "
                "are not real dates (a month 01-12, a day that exists in that month). Correct them."
            )
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


#: Distinctive columns of the frames the library's loaders return, used to tell a
#: student which frame they passed when a function needs another.
FRAME_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ml.trust_panel()", ("managers_per_consultant", "ss_8_mean", "year")),
    ("ml.staff_survey_managers()", ("question", "pct_positive", "n", "year")),
    ("ml.workforce_fte()", ("managers_fte", "consultants_fte", "year")),
    ("ml.cqc_ratings()", ("population", "question", "rating")),
    ("ml.providers()", ("org_code", "type", "hee_region")),
    ("ml.engagement_index()", ("engagement_index", "recommend_care_pct")),
    ("ml.country_indicators()", ("iso3", "indicator", "value")),
    ("ml.load('timeline')", ("date", "event", "kind")),
    ("ml.load('frameworks')", ("framework", "domain", "element")),
    ("ml.load('evidence_map')", ("study", "design", "direction")),
    ("ml.load('voices')", ("speaker", "speaker_group", "about")),
)


def frame_kind(df: pd.DataFrame) -> str | None:
    """The loader call whose frame ``df`` looks like (by its columns), or None."""
    cols = set(map(str, df.columns))
    for call, needed in FRAME_KINDS:
        if set(needed) <= cols:
            return call
    return None


def require_frame(
    df: object, columns: Any, what: str, hint: str, *, allow_empty: bool = False
) -> pd.DataFrame:
    """Check an argument of a chart or analysis function, with errors that say how to fix it.

    ``df`` must be a pandas DataFrame with ``columns`` and, unless
    ``allow_empty``, at least one row. ``what`` names the function (used in the
    message) and ``hint`` says what to pass, e.g. ``"ml.load('voices')"``.
    When columns are missing the message also says which loader's frame
    ``df`` looks like, so a student who passed the wrong table sees it.
    """
    if isinstance(df, pd.Series):
        raise ArgumentTypeError(
            f"{what} needs a pandas DataFrame such as {hint}, not a Series (one column"
            f"{' ' + repr(df.name) if df.name is not None else ''}). Pass the whole table, not one column of it."
        )
    if not isinstance(df, pd.DataFrame):
        raise ArgumentTypeError(f"{what} needs a pandas DataFrame such as {hint}, not {type(df).__name__}.")
    columns = [columns] if isinstance(columns, str) else list(columns)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        kind = frame_kind(df)
        looks = f" The table you passed looks like {kind}." if kind and kind not in hint else ""
        close = "".join(suggest(c, df.columns) for c in missing[:1] if isinstance(c, str))
        raise MissingColumnError(
            f"{what}: the table lacks column(s) {missing}; pass {hint}.{looks}{close} "
            f"Its columns are {list(map(str, df.columns))[:12]}."
        )
    if not allow_empty and df.empty:
        raise EmptySelectionError(f"{what}: the table has no rows; pass {hint} or a non-empty selection of it.")
    return df


def as_str_list(value: object, default: Iterable[str], what: str, *, allowed: Iterable[str] | None = None) -> list[str]:
    """``value`` (a string or a list of strings) as a list; None gives ``default``.

    A single string is one item (``"acute"`` -> ``["acute"]``, never split into
    letters). Raises :class:`~mlhelpers.errors.ArgumentTypeError` for any
    other type, :class:`~mlhelpers.EmptySelectionError` for an empty list and,
    with ``allowed``, for an unknown item (suggesting the closest), each
    naming ``what`` (e.g. ``"org_types"``) and what to pass.
    """
    default = list(default)
    if value is None:
        return default
    example = f"{what}={default[:1]!r}" if default else f"{what}=['...']"
    if isinstance(value, (bytes, dict, pd.DataFrame)) or not isinstance(value, (str, Iterable)):
        raise ArgumentTypeError(
            f"{what} must be a string or a list of strings, e.g. {example}, not {value!r} "
            f"({type(value).__name__})."
        )
    items = [value] if isinstance(value, str) else list(value)
    wrong = [v for v in items if not isinstance(v, str)]
    if wrong:
        raise ArgumentTypeError(
            f"{what} must be a string or a list of strings, e.g. {example}; "
            f"{wrong[0]!r} ({type(wrong[0]).__name__}) is not a string."
        )
    allowed = None if allowed is None else list(allowed)
    if not items:
        raise EmptySelectionError(f"No {what} selected: pass at least one, or None for the defaults {default}."
                                  + (f" Valid choices: {allowed}." if allowed is not None else ""))
    if allowed is not None:
        bad = [v for v in items if v not in allowed]
        if bad:
            raise EmptySelectionError(
                f"Unknown {what} {bad}.{suggest(bad[0], allowed)} Valid choices: {allowed}."
            )
    return list(dict.fromkeys(items))


def as_year(value: object, what: str, *, allowed: Iterable[int] | None = None, where: str = "") -> int:
    """One year as an ``int``: 2018, ``np.int64(2018)``; 2018.0 with a warning; "2018" or 2018.5 refused.

    ``what`` names the argument (e.g. ``"first"``) and ``where`` the function
    (e.g. ``"within_trust_change"``). ``allowed`` (the years the data have)
    turns an unknown year into an :class:`~mlhelpers.EmptySelectionError`
    that lists them.
    """
    import warnings

    at = f"{where}: " if where else ""
    if isinstance(value, (bool, np.bool_)):
        raise ArgumentTypeError(f"{at}{what} must be a year such as {what}=2018, not {value!r}.")
    if isinstance(value, str):
        hint = f"{what}={value.strip()}" if value.strip().isdigit() else f"{what}=2018"
        raise ArgumentTypeError(f"{at}{what} must be a year as a number, e.g. {hint} (no quotes), not the text {value!r}.")
    if isinstance(value, (int, np.integer)):
        year = int(value)
    elif isinstance(value, (float, np.floating)):
        if not float(value).is_integer():
            raise ArgumentValueError(f"{at}{what} must be a whole year such as {what}=2018, not {value!r}.")
        year = int(value)
        warnings.warn(f"{at}{what}={value!r} is a float; years are whole numbers: pass {what}={year}.",
                      UserWarning, stacklevel=3)
    else:
        raise ArgumentTypeError(f"{at}{what} must be a year such as {what}=2018, not {value!r} ({type(value).__name__}).")
    if allowed is not None:
        allowed = sorted({int(y) for y in allowed})
        if year not in allowed:
            raise EmptySelectionError(f"{at}{what}: {year} is not in the data. Valid choices: {allowed}.")
    return year


def as_years(value: object, what: str, *, default: Iterable[int] | None = None,
             allowed: Iterable[int] | None = None) -> list[int]:
    """Years as a list of ints: one year, a list or a range; None gives ``default``.

    Each year is checked with :func:`as_year`; repeats are dropped; an empty
    selection is an :class:`~mlhelpers.EmptySelectionError`.
    """
    if value is None:
        if default is None:
            raise ArgumentTypeError(f"{what} is required: pass a year such as 2018 or a list such as [2016, 2017].")
        return list(default)
    if isinstance(value, (str, int, float, np.integer, np.floating, bool, np.bool_)):
        items = [value]
    elif isinstance(value, Iterable) and not isinstance(value, (dict, pd.DataFrame)):
        items = list(value)
    else:
        raise ArgumentTypeError(f"{what} must be a year or a list of years, e.g. [2016, 2017], not {value!r}.")
    if not items:
        raise EmptySelectionError(f"No {what} selected: pass at least one year"
                                  f"{', or None for ' + str(list(default)) if default is not None else ''}."
                                  + (f" Valid choices: {sorted(int(y) for y in allowed)}." if allowed is not None else ""))
    return list(dict.fromkeys(as_year(v, what, allowed=allowed) for v in items))


def year_range(value: object, what: str = "years") -> tuple[int, int]:
    """An inclusive range of years given as ``(first, last)``, e.g. ``(2000, 2022)``.

    Refuses a single year, text such as ``"2000-2022"``, more than two years and
    a range that runs backwards, each with the form to use.
    """
    if isinstance(value, str) or not isinstance(value, (tuple, list, range)) or len(value) != 2:
        raise ArgumentTypeError(
            f"{what} must be a range of years (first, last), e.g. {what}=(2000, 2022), not {value!r}."
        )
    lo, hi = (as_year(v, what) for v in value)
    if lo > hi:
        raise EmptySelectionError(f"The year range {tuple(value)} runs backwards: pass (first, last), e.g. (2000, 2022).")
    return lo, hi


def require_values(df: pd.DataFrame, columns: Iterable[str], what: str, hint: str = "") -> None:
    """Refuse a column that is missing in every row of ``df`` (so any result would be empty or NaN)."""
    for col in columns:
        if len(df) and df[col].isna().all():
            raise EmptySelectionError(
                f"{what}: column {col!r} has no values in the {len(df)} row(s) passed (all missing), so there is "
                f"nothing to compute. {hint or 'Choose years or trusts where it is measured.'}"
            )


def require_distinct(a: str, b: str, what: str, names: tuple[str, str] = ("x", "y")) -> None:
    """Refuse a variable compared with itself (e.g. a correlation of a column with itself is 1 by definition)."""
    if a == b:
        raise ArgumentValueError(
            f"{what}: {names[0]} and {names[1]} are both {a!r}; a variable compared with itself tells nothing "
            f"(r would be 1). Pass two different columns."
        )


def require_percentages(values: pd.Series, what: str, name: str) -> None:
    """Refuse fractions (every value between 0 and 1) where percentages 0-100 are expected."""
    v = pd.to_numeric(values, errors="coerce").dropna()
    if len(v) >= 2 and v.between(0, 1).all() and (v > 0).any():
        raise ArgumentValueError(
            f"{what}: {name!r} looks like fractions (every value is between 0 and 1, e.g. {float(v.iloc[0]):g}), "
            f"but percentages 0-100 are expected. Multiply it by 100 first."
        )


def nonzero_base(value: float, what: str, name: str) -> float:
    """The base of a change, refused if it is zero or missing (a percentage change from 0 is undefined)."""
    if pd.isna(value):
        raise EmptySelectionError(f"{what}: the first value of {name!r} is missing, so there is no base for a change.")
    if value == 0:
        raise ArgumentValueError(
            f"{what}: the first value of {name!r} is 0, so a percentage change from it is undefined (it would be "
            "infinite). Compare the difference instead, or start from a year where it is not 0."
        )
    return float(value)


_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def real_date(value: object, what: str = "date") -> tuple[int, ...]:
    """A partial ISO date ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as its numbers, if it is a real date.

    Refuses text of another form and impossible dates such as ``"2020-02-31"``
    or ``"2019-13"``, naming the value and the form to use.
    """
    import calendar

    text = str(value).strip()
    m = _DATE.match(text)
    if not m:
        raise ArgumentValueError(f"{what}: {value!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD.")
    nums = tuple(int(g) for g in m.groups() if g is not None)
    if len(nums) >= 2 and not 1 <= nums[1] <= 12:
        raise ArgumentValueError(f"{what}: {value!r} is not a real date: the month must be 01-12 (form YYYY-MM or YYYY-MM-DD).")
    if len(nums) == 3:
        days = calendar.monthrange(nums[0], nums[1])[1]
        if not 1 <= nums[2] <= days:
            raise ArgumentValueError(
                f"{what}: {value!r} is not a real date: {calendar.month_name[nums[1]]} {nums[0]} has {days} days. "
                "Correct the day."
            )
    return nums


def suggest(word: object, choices: Iterable[object]) -> str:
    """`` Did you mean 'x'?`` for the closest of ``choices`` to ``word`` (case-insensitive), else ``''``."""
    options = [str(c) for c in choices]
    lowered = {o.lower(): o for o in options}
    close = difflib.get_close_matches(str(word).strip().lower(), list(lowered), n=1, cutoff=0.6)
    return f" Did you mean {lowered[close[0]]!r}?" if close else ""

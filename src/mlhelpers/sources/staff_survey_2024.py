"""Source: the NHS Staff Survey 2024 organisational results workbook (NHS England).

"NHS Staff Survey 2024 - Detailed spreadsheets, organisational results"
(weighted), published by NHS England / the NHS Staff Survey Coordination
Centre; the pinned copy is a byte-identical file in the soylee22/SS_24
repository, which states no licence. NHS England publishes its official
statistics under the Open Government Licence v3.0, but the survey's download
page does not say so.

The workbook has one sheet per block of questions. Only the sheets a loader
needs are read (:data:`SHEETS`), with pandas' ``calamine`` engine: reading the
two sheets took 0.07 s with calamine against 0.47 s with openpyxl (medians of
five runs on the book's 2-core machine, December 2026; all 17 sheets: 1.0 s
against 3.5 s). Each sheet is parsed once per process (cached by the
file's pinned sha256) and every call returns a fresh copy.

Layout of a sheet: the column names are on the 5th row; the text of each
question sits in the 1st row above the first column of its block; each
question is a block of five answer shares (% strongly disagree ... % strongly
agree) and a base (the number of responses), repeated left to right. Cells
under 10 responses are suppressed by the publisher: they are read as missing
(NaN), never as zero.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from ..datapackage import external_resource
from ..errors import DataValidationError, MissingColumnError, ValueNotAllowedError
from ..fetch import fetch
from ._reader import tidy

SS24 = "nhs_staff_survey_2024/organisational_results.xlsx"

#: What :func:`staff_survey_2024` can return -> the sheet of the workbook it reads.
SHEETS: dict[str, str] = {"managers": "YOUR MANAGERS Q9", "themes": "THEMES"}

#: pandas' Excel engine, chosen by measurement (see the module docstring).
ENGINE = "calamine"

#: Survey benchmarking group -> (book's organisation type, specialist flag). The
#: four trust types are those of :data:`mlhelpers.TRUST_TYPES`; the rest are not trusts.
BENCHMARKING_GROUPS: dict[str, tuple[str, bool]] = {
    "Acute and Acute & Community Trusts": ("acute", False),
    "Acute Specialist Trusts": ("acute", True),
    "Mental Health & Learning Disability and Mental Health, Learning Disability & Community Trusts":
        ("mental health", False),
    "Community Trusts": ("community", False),
    "Ambulance Trusts": ("ambulance", False),
    "ICBs": ("icb", False),
    "CSUs": ("csu", False),
    "Social Enterprises - Community": ("social enterprise", False),
    "Social Enterprises - Mental Health": ("social enterprise", False),
    "Community Surgical Services": ("other provider", False),
}
_TRUSTS = ("acute", "mental health", "community", "ambulance")

_ID_COLUMNS = {"ODS code": "org_code", "Organisation name": "name", "Benchmarking group": "benchmarking_group",
               "Region": "region", "ICS": "ics", "Weighting": "weighting"}
_ANSWERS = {"% Strongly disagree": "pct_strongly_disagree", "% Disagree": "pct_disagree",
            "% Neither agree nor disagree": "pct_neither", "% Agree": "pct_agree",
            "% Strongly agree": "pct_strongly_agree"}
_BASE = "Base (number of responses)"
_SUPPRESSED = ("*", "-", "", "n/a", "N/A")

#: Theme and sub-score codes of the THEMES sheet -> output column stem (scores 0-10).
THEMES: dict[str, str] = {
    "Staff Engagement": "engagement", "E_1": "motivation", "E_2": "involvement", "E_3": "advocacy",
    "Morale": "morale", "M_1": "thinking_about_leaving", "M_2": "work_pressure", "M_3": "stressors",
}

_FIX = ("Fetch the pinned workbook again (delete the cached copy; mlhelpers.fetch re-downloads it), "
        "or, if NHS England has changed the layout, update mlhelpers/sources/staff_survey_2024.py.")


def _read_sheet(path: str, sheet: str) -> pd.DataFrame:
    """The raw cells of one sheet (no header), or a named error if the sheet is absent."""
    try:
        book = pd.ExcelFile(path, engine=ENGINE)
    except Exception as exc:  # calamine raises its own error types for non-workbooks
        raise DataValidationError(f"{SS24}: {path} is not a readable .xlsx workbook ({exc}). {_FIX}") from None
    with book:
        if sheet not in book.sheet_names:
            raise DataValidationError(
                f"{SS24}: the workbook has no sheet {sheet!r} (it has {book.sheet_names}). Is this the NHS "
                f"Staff Survey 2024 organisational results workbook? {_FIX}"
            )
        return pd.read_excel(book, sheet_name=sheet, header=None)


def _blocks(raw: pd.DataFrame, sheet: str, labels: list[str]) -> list[tuple[int, str, str]]:
    """(first column, code, wording) of each block of ``len(labels)`` columns after the id columns.

    Checks the header row (the 5th) of every block against ``labels`` and the
    id columns against :data:`_ID_COLUMNS`, so that a renamed or moved column
    is named in the error instead of being read as something else.
    """
    if raw.shape[0] < 6:
        raise DataValidationError(f"{SS24}: sheet {sheet!r} has {raw.shape[0]} rows; expected a header on row 5 "
                                  f"and data below it. {_FIX}")
    header = [str(v).strip() if pd.notna(v) else "" for v in raw.iloc[4]]
    ids = list(_ID_COLUMNS)
    if header[: len(ids)] != ids:
        missing = [c for c in ids if c not in header[: len(ids)]]
        raise MissingColumnError(
            f"{SS24}: sheet {sheet!r}, row 5: expected the columns {ids} first, found {header[:len(ids)]} "
            f"(missing or renamed: {missing}). {_FIX}"
        )
    width = len(labels)
    body = header[len(ids):]
    while body and body[-1] == "":
        body.pop()
    if len(body) % width:
        raise MissingColumnError(f"{SS24}: sheet {sheet!r} has {len(body)} data columns, not a multiple of "
                                 f"{width} ({labels}). A column was added, removed or renamed. {_FIX}")
    out = []
    for start in range(len(ids), len(ids) + len(body), width):
        got = header[start: start + width]
        text = raw.iat[0, start]
        match = re.match(r"^\s*(\S+(?: \S+)?) - (.+?)\s*$", str(text)) if pd.notna(text) else None
        if not match:
            raise DataValidationError(f"{SS24}: sheet {sheet!r}, row 1 above column {start + 1}: expected "
                                      f"'<code> - <wording>', found {text!r}. {_FIX}")
        code, wording = match.groups()
        expected = [lab.format(code=code) for lab in labels]
        if got != expected:
            bad = [g for g, e in zip(got, expected) if g != e]
            raise MissingColumnError(
                f"{SS24}: sheet {sheet!r}, block {code!r} (columns {start + 1}-{start + width}): expected the "
                f"columns {expected}, found {got}; renamed or missing: {bad}. {_FIX}"
            )
        out.append((start, code, wording))
    return out


def _numbers(col: pd.Series, what: str) -> pd.Series:
    """Cells as floats; suppressed markers and blanks become NaN (never 0)."""
    vals = col.where(~col.astype(str).str.strip().isin(_SUPPRESSED))
    num = pd.to_numeric(vals, errors="coerce")
    bad = vals.notna() & num.isna()
    if bad.any():
        raise DataValidationError(f"{SS24}: {what}: values {sorted(set(map(str, vals[bad])))[:5]} are not "
                                  f"numbers or suppression markers. {_FIX}")
    return num.astype("float64")


def _organisations(raw: pd.DataFrame, sheet: str) -> pd.DataFrame:
    """The id columns of the data rows, with the book's organisation type and specialist flag."""
    data = raw.iloc[5:, : len(_ID_COLUMNS)].copy()
    data.columns = list(_ID_COLUMNS.values())
    data = data[data["org_code"].notna()]
    data = data.apply(lambda c: c.astype(str).str.strip())
    data[["region", "ics"]] = data[["region", "ics"]].mask(data[["region", "ics"]].eq("-"))
    unknown = sorted(set(data["benchmarking_group"]) - set(BENCHMARKING_GROUPS))
    if unknown:
        raise ValueNotAllowedError(
            f"{SS24}: sheet {sheet!r}: benchmarking group(s) {unknown} are not known to mlhelpers. Add them "
            f"to BENCHMARKING_GROUPS in mlhelpers/sources/staff_survey_2024.py with the book's type."
        )
    if data["org_code"].duplicated().any():
        dup = sorted(data.loc[data["org_code"].duplicated(), "org_code"])
        raise DataValidationError(f"{SS24}: sheet {sheet!r}: ODS codes {dup} appear more than once. {_FIX}")
    kind = data["benchmarking_group"].map(BENCHMARKING_GROUPS)
    data.insert(2, "type", kind.str[0])
    data.insert(3, "specialist", kind.str[1].astype(bool))
    data.insert(4, "is_trust", data["type"].isin(_TRUSTS))
    return data


@lru_cache(maxsize=8)
def _parse(key: str, digest: str, path: str, part: str) -> pd.DataFrame:
    """Parse one part of the verified workbook. Cached: ``digest`` pins its bytes."""
    sheet = SHEETS[part]
    raw = _read_sheet(path, sheet)
    orgs = _organisations(raw, sheet)
    rows = orgs.index
    if part == "themes":
        out = orgs.copy()
        for start, code, _ in _blocks(raw, sheet, ["{code} - score", _BASE]):
            stem = THEMES.get(code)
            if stem is None:
                raise ValueNotAllowedError(f"{SS24}: sheet {sheet!r}: theme {code!r} is not one of {list(THEMES)}. "
                                           f"{_FIX}")
            out[f"{stem}_score"] = _numbers(raw.loc[rows, start], code)
            out[f"{stem}_base_n"] = _numbers(raw.loc[rows, start + 1], f"{code} base").astype("Int64")
        return out.sort_values("org_code", ignore_index=True)
    parts = []
    for start, code, wording in _blocks(raw, sheet, [*_ANSWERS, _BASE]):
        part_df = orgs.copy()
        part_df["question"] = code.lower()
        part_df["wording"] = wording
        for i, name in enumerate(_ANSWERS.values()):
            part_df[name] = _numbers(raw.loc[rows, start + i], f"{code} {name}")
        part_df["pct_positive"] = part_df["pct_agree"] + part_df["pct_strongly_agree"]  # NaN stays NaN
        part_df["base_n"] = _numbers(raw.loc[rows, start + 5], f"{code} base").astype("Int64")
        parts.append(part_df)
    return pd.concat(parts, ignore_index=True).sort_values(["org_code", "question"], ignore_index=True)


@tidy
def staff_survey_2024(part: str = "managers", *, trusts_only: bool = True) -> pd.DataFrame:
    """NHS Staff Survey 2024 by organisation: manager items (long) or theme scores (wide).

    Reads only the sheet that ``part`` needs from the pinned, sha256-verified
    workbook (see :data:`SHEETS`); suppressed cells (fewer than 10 responses)
    are NaN, never zero.

    Parameters
    ----------
    part : {"managers", "themes"}
        ``"managers"``: sheet "YOUR MANAGERS Q9", one row per organisation and
        item q9a-q9i (the immediate manager). ``"themes"``: sheet "THEMES",
        one row per organisation with the Staff Engagement and Morale theme
        scores and their sub-scores.
    trusts_only : bool
        Keep only NHS trusts (210 of 263 organisations). The others (ICBs,
        CSUs, social enterprises, one independent provider) are excluded and
        counted in ``df.attrs["excluded"]`` (``{"organisations": 53,
        "by_type": {...}, "reason": ...}``); with ``False`` they are kept and
        ``is_trust`` tells them apart.

    Columns (both parts)
    --------------------
    org_code : str
        ODS code.
    name : str
        Organisation name.
    type : str
        The book's type: ``acute``, ``mental health``, ``community``,
        ``ambulance`` (trusts, as :data:`mlhelpers.TRUST_TYPES`), or ``icb``,
        ``csu``, ``social enterprise``, ``other provider``.
    specialist : bool
        True for acute specialist trusts (benchmarking group "Acute
        Specialist Trusts").
    is_trust : bool
        One of the four trust types.
    benchmarking_group, region, ics, weighting : str
        As in the workbook (region and ICS missing where it gives ``-``);
        ``weighting`` is ``Occupation Group`` (trusts) or ``Unweighted``.

    Columns of ``part="managers"``
    ------------------------------
    question : str
        ``q9a`` ... ``q9i``.
    wording : str
        The statement, from row 1 of the sheet ("My immediate manager (who may
        be referred to as your 'line manager') encourages me at work.").
    pct_strongly_disagree, pct_disagree, pct_neither, pct_agree, pct_strongly_agree : float
        Weighted share of respondents giving each answer (%, 0-100).
    pct_positive : float
        ``pct_agree + pct_strongly_agree`` (%, 0-100).
    base_n : Int64
        Number of responses to the item.

    Columns of ``part="themes"``
    ----------------------------
    engagement_score, motivation_score, involvement_score, advocacy_score : float
        Staff Engagement theme score and its sub-scores E_1-E_3 (0-10).
    morale_score, thinking_about_leaving_score, work_pressure_score, stressors_score : float
        Morale theme score and its sub-scores M_1-M_3 (0-10).
    *_base_n : Int64
        Number of responses behind each score.
    """
    if part not in SHEETS:
        raise ValueError(f"part must be one of {sorted(SHEETS)}, not {part!r}.")
    if not isinstance(trusts_only, bool):
        raise TypeError(f"trusts_only must be True or False, not {trusts_only!r}.")
    path = fetch(SS24)
    out = _parse(SS24, external_resource(SS24)["hash"], str(path), part).copy()
    if trusts_only:
        orgs = out.drop_duplicates("org_code")
        gone = orgs[~orgs["is_trust"]]
        out = out[out["is_trust"]].reset_index(drop=True)
        out.attrs["excluded"] = {
            "organisations": len(gone),
            "by_type": {k: int(v) for k, v in gone["type"].value_counts().sort_index().items()},
            "reason": "not an NHS trust (trusts_only=True)",
        }
    return out

"""Load the book's curated datasets from ``data/``, validated against their schema.

There is one way to load a curated table::

    import mlhelpers as ml
    timeline = ml.load("timeline")

The name is the resource's ``name`` in ``data/datapackage.json``; the file is
checked against the schema there before anything is returned.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from . import config
from .datapackage import REHASH_COMMAND, count_rows, curated_resource, file_sha256, recorded, resources
from .errors import CuratedDataChangedError, DataValidationError, MissingFileError
from .validate import validate_table


def datasets() -> list[str]:
    """Names of the curated datasets that :func:`load` accepts."""
    return sorted(r["name"] for r in resources("curated"))


def path_of(name: str) -> Path:
    """Path on disk of the curated dataset ``name``."""
    return config.curated_dir() / curated_resource(name)["path"]


def read_csv_strict(path: Path, schema: dict, label: str | None = None) -> pd.DataFrame:
    """Read a CSV as strings and validate it against ``schema``.

    Raises :class:`~mlhelpers.errors.MissingFileError` if the file is absent and
    a :class:`~mlhelpers.errors.DataValidationError` subclass if it does not match.
    """
    label = label or str(path)
    if not path.is_file():
        raise MissingFileError(
            f"{label}: the file does not exist. It is described in datapackage.json, so it "
            "should be in the repository's data/ folder: restore it with `git checkout -- data/`, "
            "or remove its resource from datapackage.json if it was dropped on purpose."
        )
    try:
        raw = pd.read_csv(
            path, dtype=str, keep_default_na=False, na_values=[], encoding="utf-8-sig"
        )
    except pd.errors.EmptyDataError:
        raise DataValidationError(f"{label}: the file is empty; it needs at least a header row.") from None
    except (pd.errors.ParserError, csv.Error, UnicodeDecodeError) as exc:
        raise DataValidationError(
            f"{label}: not a readable UTF-8 CSV ({exc}). Check for unquoted commas and save as UTF-8."
        ) from None
    raw.columns = [str(c).strip() for c in raw.columns]
    return validate_table(raw, schema, label)


def load(name: str) -> pd.DataFrame:
    """Return the curated dataset ``name`` as a validated, typed DataFrame.

    Parameters
    ----------
    name:
        A resource name from ``data/datapackage.json``, e.g. ``"timeline"``;
        :func:`datasets` lists them.

    Raises
    ------
    DatasetNotFoundError
        No such dataset (the message suggests close names).
    MissingFileError
        The dataset is described but its CSV is missing.
    MissingColumnError, UnexpectedColumnError, ColumnTypeError, MissingValueError, ValueNotAllowedError
        The CSV does not match its schema.
    """
    res = curated_resource(name)
    path = config.curated_dir() / res["path"]
    label = f"data/{res['path']}"
    if path.is_file():
        check_fingerprint(path, res, label)
    return read_csv_strict(path, res.get("schema", {}), label=label)


def check_fingerprint(path: Path, res: dict, label: str) -> None:
    """Refuse a curated file whose sha256 or row count differs from ``datapackage.json``.

    A resource with no recorded ``hash`` is not checked here (the test suite
    reports it), so that a file being added is usable before it is described.
    """
    digest, rows = recorded(res)
    if digest is None:
        return
    if file_sha256(path) == digest:
        return
    actual = count_rows(path)
    counts = (f" It now has {actual} data row(s); datapackage.json records {rows}." if rows is not None
              else f" It now has {actual} data row(s).")
    raise CuratedDataChangedError(
        f"{label} was changed: its sha256 differs from the one recorded in datapackage.json.{counts} "
        f"If you did not mean to change it, restore it with `git checkout -- data/{res['path']}` "
        f"(`git diff -- data/{res['path']}` shows what changed). If the change is intended, "
        f"re-describe it with {REHASH_COMMAND}."
    )

"""The one shared reader of the source modules: fetch, verify, parse once, validate.

Every source module reads its files through :func:`table`, which fetches the
file with :func:`mlhelpers.fetch` (sha256 verified, cached), strips the
cells, reads the schema's ``missingValues`` as missing and validates the
result against the schema in ``data/datapackage.json``. :func:`tidy` gives
the text columns of a loader's result one dtype.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any, ParamSpec

import pandas as pd

from ..datapackage import external_resource
from ..errors import DataValidationError
from ..fetch import fetch
from ..validate import validate_table

P = ParamSpec("P")

@lru_cache(maxsize=64)
def _parse(key: str, digest: str, path: str) -> pd.DataFrame:
    """Read and validate one verified file. Cached: ``digest`` pins its bytes."""
    schema = external_resource(key).get("schema", {})
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[], encoding="utf-8-sig")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error, UnicodeDecodeError) as exc:
        raise DataValidationError(f"{key}: not a readable UTF-8 CSV ({exc}).") from None
    raw.columns = [str(c).strip() for c in raw.columns]
    raw = raw.apply(lambda col: col.str.strip())
    raw = raw.mask(raw.isin(schema.get("missingValues", [""])))
    return validate_table(raw, schema, key)


def table(key: str) -> pd.DataFrame:
    """The verified, validated file ``key`` as typed columns (a fresh copy)."""
    path = fetch(key)
    return _parse(key, external_resource(key)["hash"], str(path)).copy()


#: Text dtype of the returned frames: pandas' default string dtype from pandas 3, object before.
TEXT: Any = "str" if int(pd.__version__.split(".")[0]) >= 3 else object


def tidy(loader: Callable[P, pd.DataFrame]) -> Callable[P, pd.DataFrame]:
    """Decorator: give every text column of the result one dtype (``str`` on pandas 3)."""

    @wraps(loader)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> pd.DataFrame:
        df = loader(*args, **kwargs)
        for col in df.columns:
            if df[col].dtype == object and df[col].dropna().map(type).eq(str).all():
                df[col] = df[col].astype(TEXT)
        return df

    return wrapper


def fiscal_year(dates: pd.Series) -> pd.Series:
    """Financial year starting in April: 2018-05-01 -> 2018, 2019-02-28 -> 2018."""
    return (dates.dt.year - (dates.dt.month < 4).astype(int)).astype("int64")


"""Read the book's Frictionless Data Package descriptor (``data/datapackage.json``).

The descriptor is the single description of every dataset: curated CSVs kept
in ``data/`` and external files fetched at run time (whose ``path`` is a
pinned URL and which carry a ``hash`` and a ``key``).
"""

from __future__ import annotations

import difflib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import config
from .errors import DatasetNotFoundError, MissingFileError

Resource = dict[str, Any]


def descriptor_path() -> Path:
    """Path of ``datapackage.json``."""
    return config.curated_dir() / config.DATAPACKAGE_FILE


@lru_cache(maxsize=4)
def _read(path: str, mtime: float) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def read_descriptor() -> dict[str, Any]:
    """Return the parsed descriptor (cached until the file changes)."""
    path = descriptor_path()
    if not path.is_file():
        raise MissingFileError(
            f"The data package descriptor {path} does not exist. "
            "Run from a checkout of the book's repository, or set "
            f"{config.CURATED_DIR_ENV} to the folder holding datapackage.json."
        )
    return _read(str(path), path.stat().st_mtime)


def is_external(resource: Resource) -> bool:
    """True for resources fetched at run time (their ``path`` is a URL)."""
    return str(resource.get("path", "")).startswith(("http://", "https://"))


def resources(kind: str | None = None) -> list[Resource]:
    """All resources, or only ``kind="curated"`` or ``kind="external"`` ones."""
    if kind not in (None, "curated", "external"):
        raise ValueError(f"kind must be None, 'curated' or 'external', not {kind!r}")
    out = read_descriptor().get("resources", [])
    if kind == "curated":
        return [r for r in out if not is_external(r)]
    if kind == "external":
        return [r for r in out if is_external(r)]
    return list(out)


def _not_found(what: str, wanted: str, known: list[str]) -> DatasetNotFoundError:
    close = difflib.get_close_matches(wanted, known, n=3)
    hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    return DatasetNotFoundError(
        f"No {what} {wanted!r} in {descriptor_path()}.{hint} "
        f"Known {what}s: {', '.join(sorted(known)) or '(none)'}."
    )


def curated_resource(name: str) -> Resource:
    """The curated resource called ``name`` (e.g. ``"timeline"``)."""
    if not isinstance(name, str):
        raise TypeError(f"A dataset name must be a string such as 'timeline', not {type(name).__name__}.")
    found = {r["name"]: r for r in resources("curated")}
    if name not in found:
        if name in {r.get("key") for r in resources("external")} or name in {
            r["name"] for r in resources("external")
        }:
            raise DatasetNotFoundError(
                f"{name!r} is an external dataset: it is fetched, not loaded from data/. "
                "Use mlhelpers.fetch(key) or one of the tidy loaders in mlhelpers."
            )
        raise _not_found("curated dataset", name, list(found))
    return found[name]


def external_resource(key: str) -> Resource:
    """The external resource whose ``key`` (path in the mirror) is ``key``."""
    if not isinstance(key, str):
        raise TypeError(f"An external key must be a string such as 'gapminder/concepts.csv', not {type(key).__name__}.")
    found = {r["key"]: r for r in resources("external")}
    if key not in found:
        raise _not_found("external key", key, list(found))
    return found[key]

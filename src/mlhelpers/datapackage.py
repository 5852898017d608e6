"""Read the book's Frictionless Data Package descriptor (``data/datapackage.json``).

The descriptor is the single description of every dataset: curated CSVs kept
in ``data/`` and external files fetched at run time (whose ``path`` is a
pinned URL and which carry a ``hash`` and a ``key``).

Each curated resource also records its file's ``hash`` (``"sha256:<hex>"``)
and ``rows`` (the number of data rows), so that a changed, truncated or
header-only CSV is refused by :func:`mlhelpers.load` instead of being analysed.
After changing a curated CSV on purpose, re-describe it with::

    ./book rehash                               # or
    python -m mlhelpers.datapackage --rehash [name ...]

which records the new hash and row count of every curated file that validates
against its schema (it is idempotent: nothing changes if nothing changed).
``python -m mlhelpers.datapackage --check`` lists resources whose record is
missing or stale and exits with status 1 if there are any.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import hashlib
import json
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import config
from .errors import DatasetNotFoundError, DescriptorError, MissingFileError

Resource = dict[str, Any]

#: The command that re-describes curated files, quoted in error messages.
REHASH_COMMAND = "./book rehash (or: python -m mlhelpers.datapackage --rehash)"


def descriptor_path() -> Path:
    """Path of ``datapackage.json``."""
    return config.curated_dir() / config.DATAPACKAGE_FILE


def _restore_hint(path: Path) -> str:
    return (f"See what changed with `git diff -- {path}` and correct it, or restore the committed "
            f"version with `git checkout -- {path}`.")


@lru_cache(maxsize=4)
def _read(path: str, mtime: float, size: int) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except json.JSONDecodeError as exc:
        raise DescriptorError(
            f"{path} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}. "
            f"Fix the JSON there (often a missing or extra comma or quote). {_restore_hint(Path(path))}"
        ) from None
    except UnicodeDecodeError as exc:
        raise DescriptorError(
            f"{path} is not UTF-8 text ({exc.reason} at byte {exc.start}). Save it as UTF-8. "
            f"{_restore_hint(Path(path))}"
        ) from None
    except OSError as exc:
        raise DescriptorError(f"{path} cannot be read ({exc.strerror}). Check its permissions.") from None
    _check_shape(data, path)
    return data


def _check_shape(data: Any, path: str) -> None:
    """Refuse a descriptor whose structure the library cannot use, naming the place."""
    if not isinstance(data, dict):
        raise DescriptorError(
            f"{path}: the top level must be a JSON object with a 'resources' list, not a "
            f"{type(data).__name__}. {_restore_hint(Path(path))}"
        )
    res = data.get("resources", [])
    if not isinstance(res, list):
        raise DescriptorError(f"{path}: 'resources' must be a list of resource objects, not a {type(res).__name__}.")
    for i, r in enumerate(res):
        if not isinstance(r, dict):
            raise DescriptorError(f"{path}: resource number {i + 1} is a {type(r).__name__}, not an object "
                                  "with 'name' and 'path'.")
        for key in ("name", "path"):
            if not isinstance(r.get(key), str) or not r.get(key):
                raise DescriptorError(
                    f"{path}: resource number {i + 1} ({r.get('name', 'unnamed')!r}) has no {key!r} "
                    f"(a non-empty string). Add it: every resource needs a name and a path."
                )


def read_descriptor() -> dict[str, Any]:
    """Return the parsed descriptor (cached until the file changes)."""
    path = descriptor_path()
    if path.is_dir():
        raise MissingFileError(
            f"{path} is a folder, but it should be the data package descriptor file. "
            f"Remove or rename the folder and restore the file with `git checkout -- {path}`."
        )
    if not path.is_file():
        raise MissingFileError(
            f"The data package descriptor {path} does not exist. "
            "Run from a checkout of the book's repository, or set "
            f"{config.CURATED_DIR_ENV} to the folder holding datapackage.json."
        )
    stat = path.stat()
    return _read(str(path), stat.st_mtime, stat.st_size)


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
    external = resources("external")
    for r in external:
        if not isinstance(r.get("key"), str):
            raise DescriptorError(
                f"{descriptor_path()}: external resource {r['name']!r} has no 'key' (its path in the cache, "
                "e.g. 'gapminder/concepts.csv'). Add one."
            )
    found = {r["key"]: r for r in external}
    if key not in found:
        raise _not_found("external key", key, list(found))
    return found[key]


# -- fingerprints of curated files ----------------------------------------------------------
def file_sha256(path: Path) -> str:
    """Hex sha256 of the bytes of ``path``."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def count_rows(path: Path) -> int:
    """Number of data rows (records after the header) in the CSV ``path``."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return max(sum(1 for row in csv.reader(fh) if row) - 1, 0)


def recorded(resource: Resource) -> tuple[str | None, int | None]:
    """The (hex sha256, rows) a curated resource records, None where absent."""
    algo, _, value = str(resource.get("hash", "")).partition(":")
    digest = value.lower() if algo == "sha256" and len(value) == 64 else None
    rows = resource.get("rows")
    return digest, rows if isinstance(rows, int) and not isinstance(rows, bool) else None


def stale(names: list[str] | None = None) -> dict[str, str]:
    """Curated resources whose recorded hash or row count is missing or out of date: name -> why."""
    out: dict[str, str] = {}
    for r in resources("curated"):
        if names and r["name"] not in names:
            continue
        path = config.curated_dir() / r["path"]
        digest, rows = recorded(r)
        if not path.is_file():
            out[r["name"]] = f"data/{r['path']} does not exist"
        elif digest is None or rows is None:
            out[r["name"]] = "no sha256 'hash' and 'rows' recorded"
        elif digest != file_sha256(path):
            out[r["name"]] = f"data/{r['path']} changed since its hash was recorded"
        elif rows != count_rows(path):
            out[r["name"]] = f"'rows' is {rows} but data/{r['path']} has {count_rows(path)}"
    return out


def rehash(names: list[str] | None = None) -> dict[str, tuple[str, int]]:
    """Record the sha256 and row count of curated files in ``datapackage.json``.

    Only files that load and validate against their schema are described; a
    file that does not is reported with its validation error and left as it
    was. Returns ``{name: (sha256, rows)}`` for the resources whose record
    changed; the descriptor is rewritten only if something changed (same
    formatting: two-space indent, UTF-8, trailing newline).
    """
    from .data import read_csv_strict
    from .errors import DataValidationError

    path = descriptor_path()
    read_descriptor()  # clear errors for a broken descriptor
    known = {r["name"] for r in resources("curated")}
    unknown = [n for n in names or [] if n not in known]
    if unknown:
        raise _not_found("curated dataset", unknown[0], sorted(known))
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    changed: dict[str, tuple[str, int]] = {}
    failed: list[str] = []
    for r in data.get("resources", []):
        if is_external(r) or (names and r["name"] not in names):
            continue
        csv_path = config.curated_dir() / r["path"]
        try:
            table = read_csv_strict(csv_path, r.get("schema", {}), label=f"data/{r['path']}")
        except (DataValidationError, MissingFileError) as exc:
            failed.append(f"{r['name']}: {exc}")
            continue
        del table  # validated; the row count is read the same way load() and stale() read it
        digest, rows = file_sha256(csv_path), count_rows(csv_path)
        if recorded(r) != (digest, rows):
            r["hash"], r["rows"] = f"sha256:{digest}", rows
            changed[r["name"]] = (digest, rows)
    if changed:
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        tmp.replace(path)
    if failed:
        raise DataValidationError(
            "Not re-described, because they do not match their schema (fix them, then run "
            f"{REHASH_COMMAND} again): " + " | ".join(failed)
            + (f" (re-described: {', '.join(changed)})" if changed else "")
        )
    return changed


def main(argv: list[str] | None = None) -> int:
    """Command line: ``--rehash [name ...]`` records fingerprints; ``--check`` lists stale ones."""
    parser = argparse.ArgumentParser(prog="python -m mlhelpers.datapackage", description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--rehash", action="store_true", help="record sha256 and rows of curated files")
    group.add_argument("--check", action="store_true", help="list curated files whose record is missing or stale")
    parser.add_argument("names", nargs="*", help="curated resource names (default: all)")
    args = parser.parse_args(argv)
    from .errors import MlhelpersError

    try:
        if args.check:
            bad = stale(args.names or None)
            for name, why in bad.items():
                print(f"{name}: {why}")
            if bad:
                print(f"Re-describe them with {REHASH_COMMAND} after checking the changes are intended.")
            return 1 if bad else 0
        changed = rehash(args.names or None)
    except MlhelpersError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for name, (digest, rows) in changed.items():
        print(f"{name}: sha256:{digest[:12]}... rows={rows}")
    print(f"{len(changed)} resource(s) re-described in {descriptor_path()}." if changed else "Nothing changed.")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

"""Fetch external datasets by key, verified by sha256, through a local cache.

External files are never committed. Each is described in
``data/datapackage.json`` with a pinned URL (``path``), a ``hash``
(``sha256:...``) and a ``key`` (its path below the cache). The cache folder
is ``$MLHELPERS_DATA_DIR`` when set (point it at an existing mirror to work
offline), otherwise the user cache (``~/.cache/mlhelpers``).

A cached file whose hash differs from the pinned one is refused with
:class:`~mlhelpers.errors.HashMismatchError`; it is never analysed.
"""

from __future__ import annotations

from pathlib import Path

from . import config
from .datapackage import external_resource, file_sha256
from .errors import DataUnavailableError, HashMismatchError


#: Hex sha256 of a file: the one implementation, shared with the curated-data check.
sha256 = file_sha256


def _expected(resource: dict) -> str:
    algo, _, value = str(resource.get("hash", "")).partition(":")
    if algo != "sha256" or len(value) != 64:
        raise HashMismatchError(
            f"External resource {resource.get('key')!r} has no sha256 hash in datapackage.json "
            "(expected 'hash': 'sha256:<64 hex digits>'). Add one before using the file."
        )
    return value.lower()


def fetch(key: str) -> Path:
    """Return the local path of the external file ``key``, verified by sha256.

    ``key`` is the file's path below the cache, e.g.
    ``"hospital_management/CQC_ratings.csv"``. If the file is cached, its hash
    is checked; otherwise it is downloaded with pooch from its pinned URL into
    the cache and checked there.

    Raises
    ------
    DatasetNotFoundError
        ``key`` is not registered in datapackage.json.
    HashMismatchError
        The cached or downloaded file is not the pinned one.
    DataUnavailableError
        Not cached, and the download failed (e.g. no network).
    """
    res = external_resource(key)
    expected = _expected(res)
    cache = config.external_cache_dir()
    target = cache / key
    if target.is_file():
        actual = sha256(target)
        if actual != expected:
            raise HashMismatchError(
                f"{target} does not match its pinned sha256 (expected {expected[:12]}..., got "
                f"{actual[:12]}...): the file is corrupt, truncated or a different version, and "
                "is refused. Delete it so that it is downloaded again from "
                f"{res['path']}, or restore the mirror that {config.DATA_DIR_ENV} points at."
            )
        return target
    return _download(key, res["path"], expected, cache)


def _download(key: str, url: str, expected: str, cache: Path) -> Path:
    import pooch  # local import: keeps ``import mlhelpers`` fast

    fixes = (
        f"To fix: connect to the internet and run again; or set {config.DATA_DIR_ENV} to a "
        f"folder that already holds the file as {key} (a mirror); or download {url} yourself "
        f"and save it as {cache / key}."
    )
    try:
        cache.mkdir(parents=True, exist_ok=True)
        fetcher = pooch.create(path=cache, base_url="", registry={key: f"sha256:{expected}"}, urls={key: url})
        return Path(fetcher.fetch(key, progressbar=False))
    except ValueError as exc:
        if "hash" in str(exc).lower():
            raise HashMismatchError(
                f"The download of {key} from {url} does not match its pinned sha256 and was "
                "refused. The source may have changed: check the URL's commit in datapackage.json."
            ) from None
        raise DataUnavailableError(f"{key} is not cached in {cache} and could not be downloaded ({exc}). {fixes}") from None
    except Exception as exc:  # network errors come from requests/urllib3/OS
        raise DataUnavailableError(
            f"{key} is not cached in {cache} and could not be downloaded "
            f"({type(exc).__name__}: {exc}). {fixes}"
        ) from None

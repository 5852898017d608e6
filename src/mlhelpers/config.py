"""One place for the book's configuration: paths, environment variables, names.

Everything that another module needs to know about *where* things are lives
here, so that a chapter, a test and the build all agree.
"""

from __future__ import annotations

import os
from pathlib import Path

#: Environment variable naming the cache directory for external datasets.
#: Point it at an existing mirror (a folder laid out as ``<key>`` paths) to
#: work offline; CI points it at ``../shared/data/external``.
DATA_DIR_ENV = "MLHELPERS_DATA_DIR"

#: Environment variable that overrides where the curated ``data/`` folder is.
CURATED_DIR_ENV = "MLHELPERS_CURATED_DIR"

#: Name of the house plotly template registered by :mod:`mlhelpers.style`.
TEMPLATE_NAME = "mlbook"

#: File name of the Frictionless Data Package descriptor inside ``data/``.
DATAPACKAGE_FILE = "datapackage.json"


def repo_root() -> Path:
    """Return the book's repository root.

    Works both from an editable install (``src/mlhelpers`` inside the
    repository) and from a notebook whose working directory is ``chapters/``.
    """
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "_config.yml").is_file() and (parent / "data").is_dir():
            return parent
    cwd = Path.cwd().resolve()
    for parent in (cwd, *cwd.parents):
        if (parent / "_config.yml").is_file() and (parent / "data").is_dir():
            return parent
    raise RuntimeError(
        "Cannot find the book's repository root (a folder with _config.yml and data/). "
        "Install mlhelpers in editable mode from the repository (pip install -e .) "
        f"or set {CURATED_DIR_ENV} to the book's data/ folder."
    )


def curated_dir() -> Path:
    """Return the folder holding the curated CSVs and ``datapackage.json``.

    ``$MLHELPERS_CURATED_DIR`` if set (it must name an existing folder),
    otherwise the repository's ``data/``.
    """
    override = os.environ.get(CURATED_DIR_ENV)
    if override:
        return _existing_folder(override, CURATED_DIR_ENV, "the folder holding datapackage.json and the curated CSVs")
    return repo_root() / "data"


def _existing_folder(value: str, variable: str, what: str) -> Path:
    """``value`` as a resolved path that must be an existing folder, else a named error."""
    from .errors import CacheFolderError

    path = Path(value).expanduser().resolve()
    if path.is_file():
        raise CacheFolderError(
            f"{variable}={value!r} names a file ({path}), but it must be a folder: {what}. "
            f"Point {variable} at a folder, or unset it (unset {variable}) to use the default."
        )
    if not path.is_dir():
        raise CacheFolderError(
            f"{variable}={value!r}: the folder {path} does not exist, so it was not used (nor created: "
            f"a misspelt name would silently start an empty cache). Check the spelling, create it "
            f"with `mkdir -p {path}` if you mean a new one, or unset {variable} to use the default."
        )
    return path


def external_cache_dir() -> Path:
    """Return the cache directory for external datasets.

    ``$MLHELPERS_DATA_DIR`` if set (it must name an existing folder: a
    missing one is reported, never silently created), otherwise the user
    cache folder (``~/.cache/mlhelpers`` on Linux), created when first needed.
    """
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return _existing_folder(override, DATA_DIR_ENV, "the cache of external data files, laid out by key")
    import pooch  # local import: keeps ``import mlhelpers`` fast

    return Path(pooch.os_cache("mlhelpers"))

"""Shared fixtures: paths, a scratch data package, the mirror, the built book."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MIRROR = ROOT.parent / "shared" / "data" / "external"

# Offline by default: use the mirror beside the repository when nothing else is set.
if "MLHELPERS_DATA_DIR" not in os.environ and MIRROR.is_dir():
    os.environ["MLHELPERS_DATA_DIR"] = str(MIRROR)


@pytest.fixture
def mirror() -> Path:
    """The external data cache the tests read (the mirror in CI)."""
    path = Path(os.environ.get("MLHELPERS_DATA_DIR", ""))
    if not path.is_dir():
        pytest.fail(
            "No external data: set MLHELPERS_DATA_DIR to a mirror of the external files "
            "(CI uses ../shared/data/external)."
        )
    return path


SCHEMA = {
    "fields": [
        {"name": "id", "type": "integer", "constraints": {"required": True, "unique": True, "minimum": 1}},
        {"name": "date", "type": "string", "constraints": {"required": True, "pattern": r"\d{4}(-\d{2}(-\d{2})?)?"}},
        {"name": "kind", "type": "string", "constraints": {"required": True, "enum": ["report", "law"]}},
        {"name": "share", "type": "number", "constraints": {"minimum": 0, "maximum": 100}},
        {"name": "note", "type": "string"},
    ],
    "primaryKey": "id",
}
GOOD_CSV = "id,date,kind,share,note\n1,1983,report,12.5,first\n2,2011-10-17,law,,\n"


@pytest.fixture
def scratch_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A throwaway data/ folder with one curated resource ``toy`` (toy.csv).

    Returns a function ``write(csv_text=None, schema=None)`` that (re)writes the
    CSV and the descriptor, and returns the folder.
    """
    monkeypatch.setenv("MLHELPERS_CURATED_DIR", str(tmp_path))

    def write(csv_text: str | None = GOOD_CSV, schema: dict | None = None, extra: list | None = None) -> Path:
        resource = {"name": "toy", "path": "toy.csv", "profile": "tabular-data-resource", "schema": schema or SCHEMA}
        pkg = {"name": "scratch", "resources": [resource, *(extra or [])]}
        (tmp_path / "datapackage.json").write_text(json.dumps(pkg))
        target = tmp_path / "toy.csv"
        if csv_text is None:
            target.unlink(missing_ok=True)
        else:
            target.write_text(csv_text, encoding="utf-8")
        return tmp_path

    write()
    return write


@pytest.fixture(scope="session")
def built_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the book once per test run with warnings as errors; return its html folder.

    Under pytest-xdist the workers share one build: the first to need it builds
    it under a file lock, and the others wait for it and read its outcome.
    Set ``MLHELPERS_BUILT_BOOK`` to an existing ``_build/html`` folder to test
    that build instead (quicker while iterating; CI always builds afresh).
    """
    prebuilt = os.environ.get("MLHELPERS_BUILT_BOOK")
    if prebuilt:
        path = Path(prebuilt)
        if not (path / "index.html").is_file():
            pytest.fail(f"MLHELPERS_BUILT_BOOK={prebuilt} is not a built book (no index.html).")
        return path
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the folder all workers of this run share
    out = base / "book"
    outcome = base / "book-outcome.json"
    with open(base / "book.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not outcome.is_file():
            outcome.write_text(json.dumps(_build_book(out)), encoding="utf-8")
    failure = json.loads(outcome.read_text(encoding="utf-8"))["failure"]
    if failure:
        pytest.fail(failure)
    return out / "_build" / "html"


def _build_book(out: Path) -> dict:
    """Run ``jupyter-book build`` into ``out``; return ``{"failure": message or None}``."""
    out.mkdir(parents=True, exist_ok=True)
    jb = Path(sys.executable).parent / "jupyter-book"
    cmd = [str(jb), "build", str(ROOT), "--path-output", str(out), "-W", "-n", "--keep-going"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    log = proc.stdout + proc.stderr
    (out / "build.log").write_text(log)
    if proc.returncode != 0 or "WARNING" in log:
        tail = "\n".join(line for line in log.splitlines() if "WARNING" in line or "ERROR" in line)[:4000]
        return {"failure": f"jupyter-book build failed or warned (exit {proc.returncode}):\n{tail or log[-4000:]}"}
    return {"failure": None}


def chapter_notebooks() -> list[Path]:
    """Every chapter notebook."""
    return sorted((ROOT / "chapters").glob("*.ipynb"))


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian Chromium, which the browser tests drive (never `playwright install`)."""
    path = os.environ.get("MLHELPERS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail("Chromium not found: install Debian's `chromium` (apt-get install chromium) or set MLHELPERS_CHROMIUM.")
    return path

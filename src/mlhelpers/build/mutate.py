"""Mutation testing of the data layer and the exercise checker with mutmut (``./book mutate``).

mutmut changes the code one small edit at a time (a ``<`` for a ``<=``, a
string for another, a dropped argument ...) and runs the tests against each
changed copy (a *mutant*). A mutant the tests notice is *killed*; one they
do not notice *survives*, and shows a behaviour no test pins down.

What is mutated: :data:`TARGETS` (the validator, the fetcher, the package
reader and the exercise checker). What runs: :data:`TESTS`, the fast unit
tests that cover them (never the notebooks or the browser). The run happens
in a scratch copy of the repository, ``_build/mutmut``, so the working tree
is never touched, and the book's pytest options (``--nbval``) do not apply.

Usage::

    ./book mutate                  # everything, at most --max-minutes (default 50)
    ./book mutate --max-minutes 20 --jobs 2
    ./book mutate --retest         # after adding tests: re-test only the last run's survivors

The score is printed and written to ``_build/mutmut/score.json``; the
surviving mutants are listed (``cd _build/mutmut && mutmut show NAME`` shows
one as a diff).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from ..config import repo_root

#: The modules whose mutants are counted.
TARGETS = (
    "src/mlhelpers/validate.py",
    "src/mlhelpers/fetch.py",
    "src/mlhelpers/datapackage.py",
    "src/mlhelpers/exercises.py",
)

#: The tests run against each mutant: fast, offline, no notebooks.
TESTS = (
    "tests/test_bad_inputs.py",
    "tests/test_exercises.py",
    "tests/test_data.py",
    "tests/test_fetch.py",
    "tests/test_config.py",
)

_PYPROJECT = """\
# written by mlhelpers.build.mutate for a scratch copy of the repository
[tool.mutmut]
source_paths = ["src/mlhelpers"]
only_mutate = {targets}
also_copy = ["_config.yml", "references.bib", "data", "tests"]
pytest_add_cli_args = {pytest_args}
pytest_add_cli_args_test_selection = {tests}
timeout_multiplier = 5.0
timeout_constant = 10.0

[tool.pytest.ini_options]
addopts = ""
"""


def prepare(root: Path, scratch: Path, targets: tuple[str, ...] = TARGETS, select: str | None = None) -> None:
    """Lay out ``scratch``: the package, the data, the chosen tests and a mutmut configuration."""
    if scratch.exists():
        shutil.rmtree(scratch)
    (scratch / "src").mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "node_modules")
    shutil.copytree(root / "src" / "mlhelpers", scratch / "src" / "mlhelpers", ignore=ignore)
    shutil.copytree(root / "data", scratch / "data", ignore=ignore)
    for name in ("_config.yml", "references.bib"):
        shutil.copy2(root / name, scratch / name)
    (scratch / "tests").mkdir()
    for name in ("conftest.py", *(Path(t).name for t in TESTS)):
        src = root / "tests" / name
        if src.exists():
            shutil.copy2(src, scratch / "tests" / name)
    # describe the scratch copy of data/ so that the tests' check of recorded hashes passes there even
    # while curated files are being edited in the working tree (the working tree itself is not touched)
    env = {**os.environ, "MLHELPERS_CURATED_DIR": str(scratch / "data")}
    subprocess.run([sys.executable, "-c", "from mlhelpers.datapackage import main; main(['--rehash'])"],
                   env=env, cwd=scratch, check=False, capture_output=True)
    tests = [t for t in TESTS if (root / t).exists()]
    (scratch / "pyproject.toml").write_text(
        _PYPROJECT.format(targets=json.dumps(list(targets)), tests=json.dumps(tests),
                          pytest_args=json.dumps(["-p", "no:cacheprovider", "-q", *(["-k", select] if select else [])])), encoding="utf-8"
    )


def score(scratch: Path) -> dict:
    """Killed, survived and other outcomes from mutmut's own stats export."""
    subprocess.run([sys.executable, "-m", "mutmut", "export-cicd-stats"], cwd=scratch, check=False,
                   capture_output=True, text=True)
    stats_file = scratch / "mutants" / "mutmut-cicd-stats.json"
    stats = json.loads(stats_file.read_text()) if stats_file.exists() else {}
    results = subprocess.run([sys.executable, "-m", "mutmut", "results"], cwd=scratch, check=False,
                             capture_output=True, text=True).stdout
    survivors = [line.split(":")[0].strip() for line in results.splitlines() if line.strip().endswith("survived")]
    killed = int(stats.get("killed", 0))
    survived = int(stats.get("survived", len(survivors)))
    tested = killed + survived + int(stats.get("timeout", 0)) + int(stats.get("suspicious", 0))
    stats["score_pct"] = round(100 * (tested - survived) / tested, 1) if tested else None
    stats["survivors"] = survivors
    return stats


def main(argv: list[str] | None = None) -> int:
    """Prepare the scratch copy, run mutmut with a time limit, print and save the score."""
    parser = argparse.ArgumentParser(prog="./book mutate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-minutes", type=float, default=50.0, help="stop mutmut after this long (default 50)")
    parser.add_argument("--jobs", type=int, default=2, help="mutants tested at once (default 2)")
    parser.add_argument("--keep", action="store_true", help="resume a previous run in _build/mutmut")
    parser.add_argument("--retest", action="store_true",
                        help="after adding tests: copy the tests into the previous run and re-test only its survivors")
    parser.add_argument("--only", action="append", choices=TARGETS, help="mutate only this module (repeatable)")
    parser.add_argument("-k", dest="select", help="pytest -k expression to run only some of the tests (development)")
    args = parser.parse_args(argv)
    root = repo_root()
    scratch = root / "_build" / "mutmut"
    names: list[str] = []
    if args.retest:
        if not (scratch / "mutants").exists():
            parser.error("--retest needs a previous run in _build/mutmut")
        changed = [t for t in TARGETS if (root / t).read_bytes() != (scratch / t).read_bytes()]
        if changed:
            parser.error(f"{changed} changed since the previous run: run ./book mutate again without --retest")
        for name in ("conftest.py", *(Path(t).name for t in TESTS)):
            for folder in (scratch / "tests", scratch / "mutants" / "tests"):
                if (root / "tests" / name).exists():
                    shutil.copy2(root / "tests" / name, folder / name)
        names = score(scratch)["survivors"]
        if not names:
            print("No surviving mutants to re-test.")
    elif not (args.keep and (scratch / "mutants").exists()):
        prepare(root, scratch, tuple(args.only or TARGETS), args.select)
    env = dict(os.environ)
    env.setdefault("MLHELPERS_DATA_DIR", str(root.parent / "shared" / "data" / "external"))
    env.pop("MLHELPERS_CURATED_DIR", None)
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "mutmut", "run", "--max-children", str(args.jobs), *names],
                            cwd=scratch, env=env, start_new_session=True)
    try:
        proc.wait(timeout=args.max_minutes * 60)
    except subprocess.TimeoutExpired:
        print(f"mutmut stopped after {args.max_minutes:g} minutes; the score counts the mutants tested so far.")
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait()
    stats = score(scratch)
    stats["minutes"] = round((time.monotonic() - start) / 60, 1)
    stats["targets"], stats["tests"] = list(args.only or TARGETS), list(TESTS)
    (scratch / "score.json").write_text(json.dumps(stats, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in stats.items() if k != "survivors"}, indent=2))
    print(f"{len(stats['survivors'])} surviving mutants (see one with: cd _build/mutmut && mutmut show NAME):")
    for name in stats["survivors"]:
        print("  ", name)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

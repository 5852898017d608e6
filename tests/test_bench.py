"""The bench's command line: what it does not know is refused before any build starts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "bench.py"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(BENCH), *args], capture_output=True, text=True, timeout=60)


def test_help_prints_the_usage_and_runs_nothing():
    proc = run("--help")
    assert proc.returncode == 0 and "./book bench --draw" in proc.stdout and "builds, nbval" in proc.stdout


@pytest.mark.parametrize("args,says", [
    (["--bogus"], "unknown argument '--bogus'"),
    (["--draw", "--runs", "x"], "--runs takes a whole number"),
    (["--draw", "--against"], "--against needs a value"),
    (["--runs", "3"], "works with --draw only"),
])
def test_bad_arguments_are_refused_with_the_fix(args, says):
    proc = run(*args)
    assert proc.returncode == 1 and says in proc.stderr and "Traceback" not in proc.stderr


def test_the_machine_measure_times_the_loop_it_names():
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench", BENCH)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    short, long = bench.machine_loop_s(n=10_000, repeat=1), bench.machine_loop_s(n=3_000_000, repeat=1)
    assert 0 <= short < long  # three hundred times the additions take longer
    assert long > 0.01

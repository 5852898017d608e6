"""The bench: its command line refuses what it does not know before any build starts, and its
machine and drawing measures time what they name."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "bench.py"


def load_bench():
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench", BENCH)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench


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
    bench = load_bench()
    short, long = bench.machine_loop_s(n=10_000, repeat=1), bench.machine_loop_s(n=3_000_000, repeat=1)
    assert 0 <= short < long  # three hundred times the additions take longer
    assert long > 0.01


# Two stand-in charts whose marks appear at 0.4 s and 0.8 s after the page is parsed,
# and an image the server holds back for 2.5 s, so the page's load event comes long after.
DRAWN_LATE = """<!doctype html><html><body>
<div class="plotly-graph-div" id="a"></div><div class="plotly-graph-div" id="b"></div>
<img src="slow.png" alt="">
<script>
function mark(id) { document.getElementById(id).innerHTML = '<svg class="main-svg"><g class="trace"></g></svg>'; }
document.addEventListener("DOMContentLoaded", function () {
  setTimeout(function () { mark("a"); }, 400);
  setTimeout(function () { mark("b"); }, 800);
});
</script></body></html>"""


@pytest.mark.browser
def test_drawing_is_timed_to_the_frame_with_the_last_chart_not_to_the_load_event(chromium_path, tmp_path):
    import functools
    import http.server
    import threading
    import time

    from playwright.sync_api import sync_playwright

    bench = load_bench()
    (tmp_path / "late.html").write_text(DRAWN_LATE, encoding="utf-8")

    class Slow(bench.QuietHandler):
        def do_GET(self):
            if self.path.endswith("slow.png"):
                time.sleep(2.5)
            super().do_GET()

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Slow, directory=str(tmp_path)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            seconds = bench.time_to_drawn(page, f"http://127.0.0.1:{httpd.server_address[1]}/late.html")
            loaded = page.evaluate("document.readyState")
            browser.close()
    finally:
        httpd.shutdown()
    # not before the second chart's marks, and not held back until the image lets the page load
    assert 0.8 <= seconds < 2.0, seconds
    assert loaded != "complete"


def test_the_loops_at_once_run_in_as_many_processes_and_report_the_slowest(monkeypatch):
    import os

    bench = load_bench()
    pids = bench.at_once(os.getpid, 3)
    assert len(set(pids)) == 3 and os.getpid() not in pids
    # the slowest process's time is reported
    times = iter([0.5, 0.9])
    monkeypatch.setattr(bench, "at_once", lambda fn, processes: [next(times) for _ in range(processes)])
    assert bench.machine_loops_at_once_s(processes=2) == 0.9

"""Re-execute chapters in place, as strict nbval will replay them.

Usage: ``python -m mlhelpers.build.execute [--status FILE] [PATH ...]`` (notebooks
or folders; default ``chapters``). Each notebook runs in a fresh kernel whose
working directory is the notebook's own folder, with a finite timeout per cell
(nbclient#312 can stall Output-widget cells). Widget state is *not* stored:
the static book shows no live widgets (their cells are tagged
``remove-output``), and a plotly FigureWidget's state would embed all of
plotly.js (about 5 MB) in the notebook and in its page.

With ``--status FILE`` (``./book execute`` passes
``reference/execution_status.json``) each notebook's result, execution time
and the sha256 of the notebook it wrote are recorded there; the book's Status
page is built from that file and tells a reader if a chapter changed since.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

CELL_TIMEOUT = 120  # seconds; finite on purpose
KERNEL = "python3"


def notebooks(paths: list[str]) -> list[Path]:
    """Expand files and folders into a sorted list of ``.ipynb`` files."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found += sorted(q for q in p.glob("*.ipynb") if ".ipynb_checkpoints" not in q.parts)
        elif p.suffix == ".ipynb" and p.is_file():
            found.append(p)
        else:
            raise FileNotFoundError(f"{p} is neither a notebook nor a folder of notebooks.")
    return found


def execute(path: Path, timeout: int = CELL_TIMEOUT) -> float:
    """Execute one notebook in place; return the seconds it took."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=KERNEL,
        resources={"metadata": {"path": str(path.parent.resolve())}},
        store_widget_state=False,
        record_timing=False,
    )
    client.execute()
    nb.metadata.pop("widgets", None)  # state stored by an earlier run or another tool
    nbformat.write(nb, path)
    return time.perf_counter() - start


def sha256(path: Path) -> str:
    """The sha256 of a file's bytes (how the Status page knows a chapter is unchanged)."""
    from ..datapackage import file_sha256

    return file_sha256(Path(path))


def record_status(status_file: Path, results: list[dict]) -> None:
    """Merge ``results`` (one dict per notebook, keyed by its path) into ``status_file``."""
    status_file = Path(status_file)
    old = json.loads(status_file.read_text(encoding="utf-8")) if status_file.is_file() else {}
    entries = {e["notebook"]: e for e in old.get("notebooks", [])}
    entries.update({r["notebook"]: r for r in results})
    data = {
        "about": "Written by `./book execute` (python -m mlhelpers.build.execute --status ...). Do not edit by hand.",
        "python": platform.python_version(),
        "notebooks": [entries[k] for k in sorted(entries)],
    }
    status_file.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: execute, report, record; exit 1 if any notebook failed."""
    ap = argparse.ArgumentParser(prog="python -m mlhelpers.build.execute", description="Re-execute notebooks in place.")
    ap.add_argument("paths", nargs="*", default=["chapters"])
    ap.add_argument("--status", type=Path, help="record results in this JSON file (the Status page's source)")
    args = ap.parse_args(argv if argv is not None else sys.argv[1:])
    root = args.status.resolve().parent.parent if args.status else None
    results, failed = [], 0
    for nb in notebooks(args.paths or ["chapters"]):
        print(f"executing {nb} ...", end=" ", flush=True)
        start = time.perf_counter()
        try:
            seconds, result, detail = execute(nb), "ok", ""
        except Exception as exc:  # noqa: BLE001 - report every failure, then go on
            seconds, result, detail = time.perf_counter() - start, "error", f"{type(exc).__name__}: {str(exc)[-300:]}"
            failed += 1
        print(f"{seconds:.1f} s" if result == "ok" else f"FAILED after {seconds:.1f} s\n{detail}")
        name = nb.resolve().relative_to(root).as_posix() if root else nb.as_posix()
        results.append({
            "notebook": name,
            "result": result,
            "seconds": round(seconds, 1),
            "executed": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "sha256": sha256(nb),
            **({"error": detail} if detail else {}),
        })
    if args.status:
        record_status(args.status, results)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Re-execute chapters in place, as strict nbval will replay them.

Usage: ``python -m mlhelpers.execute [PATH ...]`` (notebooks or folders;
default ``chapters``). Each notebook runs in a fresh kernel whose working
directory is the notebook's own folder, with a finite timeout per cell
(nbclient#312 can stall Output-widget cells), and widget state stored.
"""

from __future__ import annotations

import sys
import time
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
        store_widget_state=True,
        record_timing=False,
    )
    client.execute()
    nbformat.write(nb, path)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    paths = (argv if argv is not None else sys.argv[1:]) or ["chapters"]
    for nb in notebooks(paths):
        print(f"executing {nb} ...", end=" ", flush=True)
        print(f"{execute(nb):.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

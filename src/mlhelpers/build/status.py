"""The Status page: how each chapter fared when it was last executed.

``./book execute`` records every chapter's result, execution time and the
sha256 of the notebook it wrote in ``reference/execution_status.json``. The
``{execution-status}`` directive (see :mod:`mlhelpers.build.sphinx_ext`) turns that
file into a table at build time, comparing each recorded hash with the
notebook as committed, so a chapter edited since its last run shows as stale.
"""

from __future__ import annotations

import json
from pathlib import Path

from .execute import sha256

STATUS_FILE = Path("reference") / "execution_status.json"


def _title(nb_path: Path) -> str:
    cells = json.loads(nb_path.read_text(encoding="utf-8")).get("cells", [])
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            for line in "".join(cell.get("source", "")).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return nb_path.stem


def rows(root: Path) -> list[dict]:
    """One row per chapter notebook: title, result, seconds, date, and whether it is current.

    A chapter with no record, or whose notebook changed since it was recorded,
    is reported as such rather than left out.
    """
    root = Path(root)
    status_path = root / STATUS_FILE
    recorded = {}
    if status_path.is_file():
        recorded = {e["notebook"]: e for e in json.loads(status_path.read_text(encoding="utf-8"))["notebooks"]}
    out = []
    for nb in sorted((root / "chapters").glob("*.ipynb")):
        name = nb.relative_to(root).as_posix()
        entry = recorded.get(name)
        out.append({
            "notebook": name,
            "title": _title(nb),
            "result": entry["result"] if entry else "not recorded",
            "seconds": entry["seconds"] if entry else None,
            "executed": entry["executed"] if entry else "",
            "current": bool(entry) and entry["sha256"] == sha256(nb),
        })
    return out


def markdown(root: Path, docs_prefix: str = "../") -> str:
    """The status table as MyST Markdown (links relative to the page using ``docs_prefix``)."""
    lines = [
        "| Chapter | Result of last execution | Execution time | Executed | Notebook unchanged since? |",
        "|---|---|---:|---|---|",
    ]
    for r in rows(root):
        link = f"{{doc}}`{r['title']} <{docs_prefix}{r['notebook'].removesuffix('.ipynb')}>`"
        secs = f"{r['seconds']:.1f} s" if r["seconds"] is not None else "–"
        if r["result"] == "not recorded":
            current = "–"
        else:
            current = "yes" if r["current"] else "**no: re-run `./book execute`**"
        lines.append(f"| {link} | {r['result']} | {secs} | {r['executed'] or '–'} | {current} |")
    return "\n".join(lines) + "\n"

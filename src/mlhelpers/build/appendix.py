"""The book's Data appendix, written from ``data/datapackage.json``.

:func:`markdown` turns the descriptor into MyST Markdown (a section per
dataset: what it is, who published it, its licence and attribution, its
fields, a download link for curated CSVs and the call that loads it: for
external files, the tidy loader named in :data:`mlhelpers.sources.LOADERS`
as well as the fetch of the verified raw file). The
Sphinx directive ``{datapackage-appendix}`` in :mod:`mlhelpers.build.sphinx_ext`
renders it at build time, so the appendix cannot drift from the data.
"""

from __future__ import annotations

from typing import Any

from ..datapackage import is_external, read_descriptor
from ..sources import loader_call


def _cell(text: Any) -> str:
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


def _fields(res: dict[str, Any]) -> list[str]:
    fields = res.get("schema", {}).get("fields", [])
    if not fields:
        return ["The fields of this file are documented in its loader's docstring.", ""]
    rows = ["| field | type | description | constraints |", "|---|---|---|---|"]
    for f in fields:
        cons = f.get("constraints", {})
        bits = []
        if cons.get("required"):
            bits.append("required")
        if "enum" in cons:
            bits.append("one of " + ", ".join(f"`{v}`" for v in cons["enum"]))
        if "pattern" in cons:
            bits.append(f"pattern `{cons['pattern']}`")
        for key in ("minimum", "maximum"):
            if key in cons:
                bits.append(f"{key} {cons[key]}")
        rows.append(f"| `{f['name']}` | {f.get('type', 'string')} | {_cell(f.get('description', f.get('title', '')))} | {_cell('; '.join(bits))} |")
    return rows + [""]


def _licences(res: dict[str, Any]) -> str:
    lic = res.get("licenses", [])
    return "; ".join(f"[{l.get('title', l.get('name'))}]({l['path']})" if l.get("path") else l.get("title", l.get("name", "")) for l in lic) or "not stated"


def _sources(res: dict[str, Any]) -> str:
    out = []
    for s in res.get("sources", []):
        out.append(f"[{s['title']}]({s['path']})" if s.get("path") else s.get("title", ""))
    return "; ".join(out) or "not stated"


def section(res: dict[str, Any], download_prefix: str = "") -> list[str]:
    """MyST lines for one resource."""
    lines = [f"### {res.get('title', res['name'])}", "", res.get("description", ""), ""]
    lines += [f"- **Published by / compiled from:** {_sources(res)}", f"- **Licence:** {_licences(res)}"]
    if res.get("attribution"):
        lines.append(f"- **Attribution:** {res['attribution']}")
    if is_external(res):
        lines += [
            f"- **Pinned source:** <{res['path']}>",
            f"- **sha256:** `{res['hash'].split(':', 1)[1]}`",
        ]
        call = loader_call(res["key"])
        if call:
            lines.append(f"- **Tidy loader:** `{call}` (its docstring lists the columns, units and any rows dropped or recoded).")
        lines.append(
            f"- **Raw file:** `mlhelpers.fetch(\"{res['key']}\")` returns the verified local file; it is fetched at run time and never committed."
        )
    else:
        lines += [
            f"- **Download:** {{download}}`{res['path']} <{download_prefix}{res['path']}>`",
            f"- **Load it:** `mlhelpers.load(\"{res['name']}\")` returns it validated against the schema below.",
        ]
    return lines + ["", *_fields(res)]


def markdown(download_prefix: str = "") -> str:
    """The whole appendix body as MyST Markdown."""
    pkg = read_descriptor()
    curated = [r for r in pkg["resources"] if not is_external(r)]
    external = [r for r in pkg["resources"] if is_external(r)]
    lines = [
        "## Curated datasets",
        "",
        "Compiled for this book from published sources. Every row names its source "
        "(a key in the bibliography) and whether the fact was verified in a primary or "
        "retrieved text (`verified`) or seen only in a secondary report (`secondary`).",
        "",
    ]
    for res in sorted(curated, key=lambda r: r["name"]):
        lines += section(res, download_prefix)
    lines += [
        "## External datasets",
        "",
        "Real public datasets, fetched at run time from a URL pinned to a commit and "
        "verified by sha256. They are never committed to the book's repository. Credit "
        "both the original publisher and the repository that compiled each file.",
        "",
    ]
    for res in sorted(external, key=lambda r: r["key"]):
        lines += section(res, download_prefix)
    return "\n".join(lines)

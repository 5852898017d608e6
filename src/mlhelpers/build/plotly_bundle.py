"""The book's own plotly.js: a partial bundle with only the trace types the book draws.

The plotly.js that ships inside the plotly package holds every trace type
(maps, 3-D, WebGL, ...) and is 4.8 MB. A browser spends about 0.7 s
evaluating it before any chart can draw, which kept chapter 4 over the book's
goal of every chart drawn within 1.5 s. The book draws only the trace types in
:data:`TRACES`, so it serves a bundle of just those, built from the npm package
``plotly.js`` with esbuild (the bundler plotly.js itself uses for its official
partial bundles), at the version the installed plotly package ships (the same
major and minor version, checked), so the figures' JSON means the same to it.

``js/package.json`` and ``js/package-lock.json`` pin plotly.js and esbuild.
Building needs Node.js 18 or later and npm, with the npm registry (or npm's
own cache) reachable the first time. The result is cached in
``~/.cache/mlhelpers/plotly-js/<key>/``, keyed by the lock file, the trace list
and the build options, so it is built once per change, never committed, and
copied into ``_build/html/_static`` by :mod:`mlhelpers.build.sphinx_ext`.

Add a trace type to :data:`TRACES` when a chapter first draws it; the build
warns (an error under ``-W``) about any chart whose trace type is missing.

Command line: ``python -m mlhelpers.build.plotly_bundle [--cache DIR]`` builds (if
needed) and prints where the bundle is.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Iterator, Sequence

from .. import config

#: Trace types in the book's bundle (plotly.js module names). scatter is always in.
TRACES: tuple[str, ...] = ("bar", "box", "heatmap", "scatter", "scatterpolar", "table", "treemap")
#: File name the bundle is served under, in ``_static``.
BUNDLE = "plotly-book.min.js"
#: Folder (in the repository) holding package.json and package-lock.json.
JS_DIR = "js"
#: esbuild options, after those of plotly.js's own build (esbuild-config.js).
#: The maplibre stylesheet that plotly.js imports serves map traces only.
ESBUILD_ARGS: tuple[str, ...] = (
    "--bundle",
    "--minify",
    "--format=iife",
    "--global-name=Plotly",
    "--define:global=window",
    "--define:define.amd=false",
    "--target=es2016",
    "--loader:.css=empty",
    "--log-level=warning",
)
MIN_NODE = 18


class BundleError(RuntimeError):
    """The bundle cannot be built; the message says why and what to do."""


def shipped_version() -> str:
    """The plotly.js version that the installed plotly (Python) package ships."""
    import plotly

    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    with path.open(encoding="utf-8") as fh:
        head = fh.read(400)
    match = re.search(r"plotly\.js v(\d+\.\d+\.\d+)", head)
    if not match:
        raise BundleError(f"Cannot read the plotly.js version from the header of {path}.")
    return match.group(1)


def pinned_version(js_dir: Path) -> str:
    """The plotly.js version pinned in ``js/package.json``."""
    package = js_dir / "package.json"
    if not package.is_file():
        raise BundleError(f"{package} is missing: it pins plotly.js and esbuild for the book's bundle.")
    deps = json.loads(package.read_text(encoding="utf-8")).get("devDependencies", {})
    if "plotly.js" not in deps:
        raise BundleError(f"{package} does not pin plotly.js in devDependencies.")
    return str(deps["plotly.js"])


def check_versions(js_dir: Path) -> str:
    """Fail unless ``js/package.json`` pins the plotly.js release line the plotly package ships.

    Major and minor versions must match, since a minor release of plotly.js
    can add attributes that figures then use. A patch release only fixes
    bugs, so a difference there is allowed (a plotly bug-fix release does not
    stop the book building); the pinned version is what gets bundled.
    """
    shipped, pinned = shipped_version(), pinned_version(js_dir)
    if shipped.split(".")[:2] != pinned.split(".")[:2]:
        raise BundleError(
            f"The installed plotly package ships plotly.js {shipped}, but {js_dir / 'package.json'} pins "
            f"{pinned}. Figures are written for the shipped version: in {js_dir} run "
            f"`npm install --save-exact plotly.js@{shipped}` and commit package.json and package-lock.json."
        )
    return pinned


def entry_source(traces: Sequence[str] = TRACES) -> str:
    """The JavaScript entry point: plotly.js core plus the listed trace modules."""
    unknown = [t for t in traces if not re.fullmatch(r"[a-z0-9]+", t)]
    if unknown or not traces:
        raise BundleError(f"Trace names must be plotly.js module names such as 'bar'; got {list(traces)!r}.")
    lines = [f"    require('plotly.js/lib/{t}')," for t in sorted(set(traces)) if t != "scatter"]
    return "'use strict';\nvar Plotly = require('plotly.js/lib/core');\nPlotly.register([\n" + "\n".join(lines) + "\n]);\nmodule.exports = Plotly;\n"


def cache_key(js_dir: Path, traces: Sequence[str] = TRACES) -> str:
    """A key that changes whenever the pinned packages, the traces or the options change."""
    digest = hashlib.sha256()
    for name in ("package.json", "package-lock.json"):
        path = js_dir / name
        if not path.is_file():
            raise BundleError(f"{path} is missing: it pins the packages the book's plotly.js is built from.")
        digest.update(path.read_bytes())
    digest.update(entry_source(traces).encode())
    digest.update("\0".join(ESBUILD_ARGS).encode())
    return digest.hexdigest()[:16]


def default_cache() -> Path:
    """``~/.cache/mlhelpers/plotly-js`` (the user cache folder, never the data mirror)."""
    import pooch

    return Path(pooch.os_cache("mlhelpers")) / "plotly-js"


def _run(cmd: list[str], cwd: Path, what: str) -> None:
    try:
        proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    except FileNotFoundError:
        raise BundleError(f"{what} failed: {cmd[0]} is not on PATH.") from None
    if proc.returncode != 0:
        raise BundleError(f"{what} failed ({' '.join(cmd)}):\n{(proc.stdout + proc.stderr)[-2000:]}")


def check_node() -> None:
    """Fail with instructions unless Node.js (18 or later) and npm are on PATH."""
    fix = (
        "Building the book needs Node.js 18 or later and npm to make its plotly.js bundle "
        "(Debian/Ubuntu: sudo apt-get install nodejs npm; or https://nodejs.org)."
    )
    if not shutil.which("node") or not shutil.which("npm"):
        raise BundleError(f"node or npm is not on PATH. {fix}")
    out = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    match = re.match(r"v(\d+)", out)
    if not match or int(match.group(1)) < MIN_NODE:
        raise BundleError(f"node {out or '(unknown version)'} is too old. {fix}")


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".lock").open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def build(js_dir: Path, out_dir: Path, traces: Sequence[str] = TRACES) -> Path:
    """Install the pinned packages in a scratch folder and bundle into ``out_dir``."""
    check_node()
    version = check_versions(js_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="build-", dir=out_dir.parent) as tmp:
        work = Path(tmp)
        for name in ("package.json", "package-lock.json"):
            shutil.copyfile(js_dir / name, work / name)
        _run(["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"], work, "npm ci (installing plotly.js and esbuild)")
        (work / "entry.js").write_text(entry_source(traces), encoding="utf-8")
        names = ", ".join(sorted(set(traces) | {"scatter"}))
        banner = f"/*! plotly.js v{version} (MIT License, Copyright Plotly, Inc.), partial bundle with traces: {names}. Built by mlhelpers.build.plotly_bundle. */"
        esbuild = work / "node_modules" / ".bin" / "esbuild"
        _run([str(esbuild), "entry.js", *ESBUILD_ARGS, f"--banner:js={banner}", f"--outfile={BUNDLE}"], work, "esbuild")
        bundle = work / BUNDLE
        if not bundle.is_file() or bundle.stat().st_size < 100_000:
            raise BundleError(f"esbuild wrote no usable {BUNDLE} in {work}.")
        manifest = {"plotly.js": version, "traces": sorted(set(traces) | {"scatter"}), "bytes": bundle.stat().st_size}
        (work / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        staged = out_dir.parent / f"{out_dir.name}.staged"
        shutil.rmtree(staged, ignore_errors=True)
        staged.mkdir()
        for name in (BUNDLE, "manifest.json", "entry.js"):
            shutil.copyfile(work / name, staged / name)
        shutil.rmtree(out_dir, ignore_errors=True)
        staged.rename(out_dir)
    return out_dir / BUNDLE


def bundle_path(root: Path | None = None, cache: Path | None = None, traces: Sequence[str] = TRACES) -> Path:
    """The book's plotly.js bundle, built first if it is not in the cache."""
    js_dir = (root or config.repo_root()) / JS_DIR
    cache = cache or default_cache()
    out_dir = cache / cache_key(js_dir, traces)
    if (out_dir / BUNDLE).is_file():
        return out_dir / BUNDLE
    with _locked(cache):
        if (out_dir / BUNDLE).is_file():  # built by another process while we waited
            return out_dir / BUNDLE
        return build(js_dir, out_dir, traces)


def missing_traces(figure: dict, traces: Sequence[str] = TRACES) -> list[str]:
    """Trace types a figure (plotly JSON) draws that the bundle lacks."""
    have = set(traces) | {"scatter"}
    used: set[str] = set()
    for trace in figure.get("data") or []:
        used.add(trace.get("type") or "scatter")
    for frame in figure.get("frames") or []:
        for trace in frame.get("data") or []:
            used.add(trace.get("type") or "scatter")
    return sorted(used - have)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=None, help="cache folder (default: ~/.cache/mlhelpers/plotly-js)")
    args = parser.parse_args(argv)
    try:
        path = bundle_path(cache=args.cache)
    except BundleError as err:
        parser.exit(1, f"error: {err}\n")
    print(f"{path} ({path.stat().st_size / 1e6:.2f} MB; traces: {', '.join(sorted(set(TRACES)))})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

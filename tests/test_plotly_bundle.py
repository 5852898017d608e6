"""The book's partial plotly.js bundle (mlhelpers.build.plotly_bundle)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from mlhelpers import config
from mlhelpers.build import plotly_bundle
from mlhelpers.build.mystnb_plotly import PLOTLY_MIME
from mlhelpers.build.plotly_bundle import BundleError
from test_browser import browser  # noqa: F401  (module-scoped fixture)

ROOT = config.repo_root()
JS = ROOT / plotly_bundle.JS_DIR


def _js_copy(tmp_path: Path) -> Path:
    js = tmp_path / "js"
    js.mkdir()
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(JS / name, js / name)
    return js


def test_pinned_plotly_js_matches_the_one_plotly_ships():
    pinned = plotly_bundle.pinned_version(JS)
    assert pinned.split(".")[:2] == plotly_bundle.shipped_version().split(".")[:2]
    assert plotly_bundle.check_versions(JS) == pinned
    lock = json.loads((JS / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/plotly.js"]["version"] == pinned


def test_a_version_mismatch_says_how_to_fix_it(tmp_path):
    js = _js_copy(tmp_path)
    package = json.loads((js / "package.json").read_text())
    package["devDependencies"]["plotly.js"] = "2.0.0"
    (js / "package.json").write_text(json.dumps(package))
    with pytest.raises(BundleError, match=rf"ships plotly.js {plotly_bundle.shipped_version()}.*pins 2\.0\.0.*npm install --save-exact"):
        plotly_bundle.check_versions(js)


def test_a_patch_release_of_plotly_does_not_stop_the_build(tmp_path, monkeypatch):
    js = _js_copy(tmp_path)
    major, minor, _ = plotly_bundle.pinned_version(js).split(".")
    monkeypatch.setattr(plotly_bundle, "shipped_version", lambda: f"{major}.{minor}.99")
    assert plotly_bundle.check_versions(js) == plotly_bundle.pinned_version(js)
    monkeypatch.setattr(plotly_bundle, "shipped_version", lambda: f"{major}.{int(minor) + 1}.0")
    with pytest.raises(BundleError, match="npm install --save-exact"):
        plotly_bundle.check_versions(js)


def test_missing_package_files_are_named(tmp_path):
    with pytest.raises(BundleError, match="package.json is missing"):
        plotly_bundle.pinned_version(tmp_path)
    (tmp_path / "package.json").write_text("{}")
    with pytest.raises(BundleError, match="does not pin plotly.js"):
        plotly_bundle.pinned_version(tmp_path)
    with pytest.raises(BundleError, match="package-lock.json is missing"):
        plotly_bundle.cache_key(tmp_path)


def test_entry_registers_each_trace_once():
    src = plotly_bundle.entry_source(("treemap", "bar", "bar", "scatter"))
    assert src.count("require('plotly.js/lib/bar')") == 1
    assert "require('plotly.js/lib/treemap')" in src and "lib/scatter'" not in src  # scatter is in core
    for bad in ((), ("bar; alert(1)",), ("Bar",)):
        with pytest.raises(BundleError, match="module names"):
            plotly_bundle.entry_source(bad)


def test_cache_key_follows_lock_file_and_traces(tmp_path):
    js = _js_copy(tmp_path)
    key = plotly_bundle.cache_key(js)
    assert plotly_bundle.cache_key(js) == key
    assert plotly_bundle.cache_key(js, (*plotly_bundle.TRACES, "violin")) != key
    with (js / "package-lock.json").open("a") as fh:
        fh.write("\n")
    assert plotly_bundle.cache_key(js) != key


def test_no_node_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BundleError, match="node or npm is not on PATH.*apt-get install nodejs npm"):
        plotly_bundle.check_node()


def test_missing_traces():
    fig = {"data": [{"type": "bar"}, {}], "frames": [{"data": [{"type": "violin"}]}]}
    assert plotly_bundle.missing_traces(fig) == ["violin"]
    assert plotly_bundle.missing_traces({"data": [{"type": "scatter"}]}, traces=("bar",)) == []


def test_every_chart_in_the_chapters_uses_a_bundled_trace():
    used: dict[str, set[str]] = {}
    for nb in sorted((ROOT / "chapters").glob("*.ipynb")):
        for cell in json.loads(nb.read_text())["cells"]:
            for out in cell.get("outputs", []):
                fig = out.get("data", {}).get(PLOTLY_MIME)
                if fig:
                    for t in plotly_bundle.missing_traces(fig):
                        used.setdefault(t, set()).add(nb.name)
    assert not used, f"add these trace types to TRACES in mlhelpers/plotly_bundle.py: {used}"


def test_bundle_holds_the_listed_traces_and_no_others(browser):
    """Load the built bundle in Chromium and ask plotly.js which trace types it knows."""
    bundle = plotly_bundle.bundle_path()
    text = bundle.read_text(encoding="utf-8")
    assert text.startswith(f"/*! plotly.js v{plotly_bundle.pinned_version(JS)} (MIT License")
    page = browser.new_page()
    page.set_content(f"<!doctype html><html><head><script>{text}</script></head><body></body></html>")
    traces = page.evaluate("Object.keys(Plotly.PlotSchema.get().traces).sort()")
    page.close()
    assert traces == sorted(set(plotly_bundle.TRACES) | {"scatter"})
    manifest = json.loads((bundle.parent / "manifest.json").read_text())
    assert manifest["traces"] == traces and manifest["plotly.js"] == plotly_bundle.pinned_version(JS)

"""The edition's version and date agree across every file that states them."""

from __future__ import annotations

import json
import re
import subprocess
import tomllib
from datetime import date
from pathlib import Path

import pytest
import yaml

import mlhelpers
from mlhelpers.build import citation

ROOT = Path(__file__).resolve().parents[1]
SEMVER = re.compile(r"^\d+\.\d+\.\d+$")
ENTRY = re.compile(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})\s*$", re.MULTILINE)


@pytest.fixture(scope="module")
def cff() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def changelog_entries() -> list[tuple[str, str]]:
    """``(version, date)`` of every edition in CHANGELOG.md, newest first."""
    return ENTRY.findall((ROOT / "CHANGELOG.md").read_text(encoding="utf-8"))


def test_citation_cff_names_the_edition(cff: dict) -> None:
    assert SEMVER.match(str(cff["version"])), cff["version"]
    date.fromisoformat(str(cff["date-released"]))  # a real date, quoted or not


def test_version_and_date_agree_everywhere(cff: dict) -> None:
    version, released = str(cff["version"]), str(cff["date-released"])
    newest = changelog_entries()[0]
    zenodo = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert newest == (version, released), f"CHANGELOG.md's newest entry {newest} != CITATION.cff {version, released}"
    assert (zenodo["version"], zenodo["publication_date"]) == (version, released)
    assert project["version"] == version
    assert mlhelpers.__version__ == version


def test_changelog_holds_this_edition_and_the_last() -> None:
    entries = changelog_entries()
    assert len(entries) >= 2
    versions = [tuple(int(x) for x in v.split(".")) for v, _ in entries]
    dates = [d for _, d in entries]
    assert versions == sorted(versions, reverse=True) and len(set(versions)) == len(versions)
    assert dates == sorted(dates, reverse=True)
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    for v, _ in entries:
        assert f"[{v}]: " in text, f"CHANGELOG.md has no link for [{v}]"


def test_first_edition_is_dated_by_the_first_commit() -> None:
    proc = subprocess.run(["git", "log", "--reverse", "--format=%ad", "--date=short"], cwd=ROOT, capture_output=True, text=True, check=False)
    if proc.returncode != 0 or not proc.stdout.strip():
        pytest.skip("not a git clone with history")
    first = proc.stdout.split()[0]
    oldest = changelog_entries()[-1]
    assert oldest == ("1.0.0", first)


def test_zenodo_metadata_describes_a_book(cff: dict) -> None:
    zenodo = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))
    assert zenodo["upload_type"] == "publication" and zenodo["publication_type"] == "book"
    assert zenodo["title"] == cff["title"]
    assert zenodo["license"].lower() == str(cff["license"]).lower()
    assert [c["name"] for c in zenodo["creators"]] == [a.get("name") for a in cff["authors"]]


def test_how_to_cite_shows_the_edition(cff: dict) -> None:
    text = citation.markdown(ROOT / "CITATION.cff")
    assert f"edition **{cff['version']}**" in text and str(cff["date-released"]) in text
    assert f"version = {{{cff['version']}}}" in text


def test_release_workflow_attaches_html_pdf_and_bundle() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8"))
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True
    assert on["push"]["tags"] == ["v*"]
    steps = "\n".join(str(step.get("run", "")) for job in workflow["jobs"].values() for step in job["steps"])
    assert "./book build --pdf" in steps
    assert "gh release" in steps
    for asset in ("html.tar.gz", ".pdf", "notebooks-and-data.zip"):
        assert asset in steps, asset

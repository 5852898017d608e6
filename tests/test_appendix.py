"""The Data appendix is written from datapackage.json and covers every resource."""

from __future__ import annotations

import re
from html import unescape

import pytest

import mlhelpers
from mlhelpers import datapackage
from mlhelpers import sources as external
from mlhelpers.build import appendix


def test_markdown_has_a_section_per_resource():
    text = appendix.markdown()
    for res in datapackage.resources():
        assert f"### {res['title']}" in text, res["name"]
    for res in datapackage.resources("curated"):
        assert f'mlhelpers.load("{res["name"]}")' in text
        assert f"<{res['path']}>`" in text  # a {download} link
        for field in res["schema"]["fields"]:
            assert f"| `{field['name']}` |" in text
    for res in datapackage.resources("external"):
        assert f'mlhelpers.fetch("{res["key"]}")' in text and res["hash"].split(":")[1] in text


def test_external_sections_name_their_tidy_loader():
    for res in datapackage.resources("external"):
        lines = appendix.section(res)
        name = external.LOADERS[res["key"]]
        loader = [line for line in lines if line.startswith("- **Tidy loader:**")]
        assert len(loader) == 1 and f"`mlhelpers.{name}(" in loader[0], res["key"]
        assert f"`{external.loader_call(res['key'])}`" in loader[0]
        assert any(f'`mlhelpers.fetch("{res["key"]}")`' in line for line in lines)  # the fetch line stays
        assert callable(getattr(mlhelpers, name))
    text = appendix.markdown()
    assert "`mlhelpers.cqc_ratings()`" in text and '`mlhelpers.codebook("staff_group_1")`' in text
    assert '`mlhelpers.country_indicators(indicators="medical_doctors_per_1000_people")`' in text


def test_every_resource_names_licence_and_source():
    for res in datapackage.resources():
        assert res.get("licenses") and all(l.get("path") for l in res["licenses"]), res["name"]
        assert res.get("sources"), res["name"]


def test_table_cells_are_escaped():
    line = appendix._fields({"schema": {"fields": [{"name": "x", "type": "string", "description": "a | b\nc"}]}})[2]
    assert "a \\| b c" in line


@pytest.mark.book
def test_built_appendix_lists_every_dataset_with_downloads(built_book):
    html = (built_book / "reference" / "data.html").read_text(encoding="utf-8")
    text = unescape(html).replace("\u2019", "'")
    for res in datapackage.resources():
        assert res["title"] in text, res["name"]
    for res in datapackage.resources("external"):
        assert external.loader_call(res["key"]) in text, res["key"]
    links = re.findall(r'href="(\.\./_downloads/[0-9a-f]+/[^"]+\.(?:csv|json))"', html)
    names = {l.rsplit("/", 1)[1] for l in links}
    assert {r["path"] for r in datapackage.resources("curated")} | {"datapackage.json"} <= names
    for link in links:
        assert (built_book / "reference" / link).resolve().is_file(), link

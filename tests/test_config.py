"""Configuration: where the book's data and caches are."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from mlhelpers import config, datapackage, errors


def test_repo_root_and_curated_dir(monkeypatch):
    monkeypatch.delenv("MLHELPERS_CURATED_DIR", raising=False)
    assert config.repo_root() == ROOT
    assert config.curated_dir() == ROOT / "data"


def test_curated_dir_override(monkeypatch, tmp_path):
    monkeypatch.setenv("MLHELPERS_CURATED_DIR", str(tmp_path))
    assert config.curated_dir() == tmp_path.resolve()


def test_cache_dir_default_and_override(monkeypatch, tmp_path):
    monkeypatch.delenv("MLHELPERS_DATA_DIR", raising=False)
    assert config.external_cache_dir().name == "mlhelpers"
    (tmp_path / "mirror").mkdir()
    monkeypatch.setenv("MLHELPERS_DATA_DIR", str(tmp_path / "mirror"))
    assert config.external_cache_dir() == (tmp_path / "mirror").resolve()


def test_missing_cache_folder_is_reported_not_created(monkeypatch, tmp_path):
    monkeypatch.setenv("MLHELPERS_DATA_DIR", str(tmp_path / "mirorr"))
    with pytest.raises(errors.CacheFolderError, match="does not exist") as info:
        config.external_cache_dir()
    assert "MLHELPERS_DATA_DIR" in str(info.value) and "mkdir -p" in str(info.value)
    assert not (tmp_path / "mirorr").exists()


def test_cache_folder_that_is_a_file(monkeypatch, tmp_path):
    (tmp_path / "file").write_text("x")
    monkeypatch.setenv("MLHELPERS_DATA_DIR", str(tmp_path / "file"))
    with pytest.raises(errors.CacheFolderError, match="names a file") as info:
        config.external_cache_dir()
    assert "unset MLHELPERS_DATA_DIR" in str(info.value)
    assert isinstance(info.value, OSError)


def test_curated_dir_override_must_exist(monkeypatch, tmp_path):
    monkeypatch.setenv("MLHELPERS_CURATED_DIR", str(tmp_path / "nope"))
    with pytest.raises(errors.CacheFolderError, match="MLHELPERS_CURATED_DIR"):
        config.curated_dir()


def test_resources_kind_must_be_known():
    with pytest.raises(ValueError, match="curated"):
        datapackage.resources("internal")
    assert {r["name"] for r in datapackage.resources()} == {
        r["name"] for r in datapackage.resources("curated") + datapackage.resources("external")
    }


def test_external_resource_is_not_a_curated_one():
    key = datapackage.resources("external")[0]["key"]
    with pytest.raises(errors.DatasetNotFoundError):
        datapackage.external_resource("timeline")
    assert datapackage.external_resource(key)["key"] == key

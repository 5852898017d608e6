"""Fetching external data: the mirror, hash refusal, downloads, no network."""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import shutil
import threading
from pathlib import Path

import pytest

import mlhelpers as ml
from mlhelpers import datapackage, errors
from mlhelpers.fetch import sha256

KEY = "hospital_management/CQC_ratings_lookup.csv"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serve files without logging every request."""

    def log_message(self, *args) -> None:
        pass


def test_every_external_resource_is_pinned():
    external = datapackage.resources("external")
    assert len(external) >= 30
    for res in external:
        assert res["path"].startswith("https://raw.githubusercontent.com/"), res["name"]
        assert len(res["path"].split("/")[5]) == 40, f"{res['name']}: URL not pinned to a commit"
        assert res["hash"].startswith("sha256:") and len(res["hash"]) == 71
        assert res["licenses"] and res["sources"], res["name"]


def test_fetch_from_mirror_verifies_hash(mirror):
    path = ml.fetch(KEY)
    assert path.resolve() == (mirror / KEY).resolve()
    assert "sha256:" + sha256(path) == datapackage.external_resource(KEY)["hash"]


def test_all_mirrored_files_match_their_pins(mirror):
    for res in datapackage.resources("external"):
        assert ml.fetch(res["key"]).is_file()


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MLHELPERS_DATA_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.mark.parametrize("damage", ["corrupt", "truncate"])
def test_damaged_cached_file_is_refused(mirror, cache, damage):
    target = cache / KEY
    target.parent.mkdir(parents=True)
    data = (mirror / KEY).read_bytes()
    target.write_bytes(data.replace(b"Good", b"Gold") if damage == "corrupt" else data[: len(data) // 2])
    with pytest.raises(errors.HashMismatchError, match="refused"):
        ml.fetch(KEY)


def test_no_cache_no_network_explains_fix(cache, monkeypatch):
    import pooch

    class Offline:
        def fetch(self, *args, **kwargs):
            raise ConnectionError("Name or service not known")

    monkeypatch.setattr(pooch, "create", lambda **kwargs: Offline())
    with pytest.raises(errors.DataUnavailableError) as info:
        ml.fetch(KEY)
    message = str(info.value)
    assert "MLHELPERS_DATA_DIR" in message and "is not cached" in message and "download" in message


def test_unknown_key_suggests(cache):
    with pytest.raises(errors.DatasetNotFoundError, match="Did you mean"):
        ml.fetch("hospital_management/CQC_rating.csv")


def test_key_must_be_string():
    with pytest.raises(TypeError):
        ml.fetch(None)


# -- a real download through pooch, from a server on 127.0.0.1 -------------------
@pytest.fixture
def local_server(tmp_path):
    root = tmp_path / "www"
    root.mkdir()
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _package_with(tmp_path, monkeypatch, url, digest):
    curated = tmp_path / "data"
    curated.mkdir()
    res = {"name": "remote", "key": "remote/file.csv", "path": url, "hash": f"sha256:{digest}"}
    (curated / "datapackage.json").write_text(json.dumps({"resources": [res]}))
    monkeypatch.setenv("MLHELPERS_CURATED_DIR", str(curated))
    # The descriptor check requires http(s); this is what pooch downloads from.
    return res


def test_download_is_cached_and_verified(tmp_path, monkeypatch, cache, local_server):
    root, base = local_server
    body = b"a,b\n1,2\n"
    (root / "file.csv").write_bytes(body)
    _package_with(tmp_path, monkeypatch, f"{base}/file.csv", hashlib.sha256(body).hexdigest())
    path = ml.fetch("remote/file.csv")
    assert path == cache / "remote/file.csv" and path.read_bytes() == body
    (root / "file.csv").unlink()  # second call is served from the cache
    assert ml.fetch("remote/file.csv") == path


def test_download_with_wrong_hash_is_refused(tmp_path, monkeypatch, cache, local_server):
    root, base = local_server
    (root / "file.csv").write_bytes(b"tampered\n")
    _package_with(tmp_path, monkeypatch, f"{base}/file.csv", hashlib.sha256(b"original\n").hexdigest())
    with pytest.raises(errors.HashMismatchError, match="refused"):
        ml.fetch("remote/file.csv")
    assert not (cache / "remote/file.csv").exists()


def test_resource_without_sha256_is_refused(tmp_path, monkeypatch, cache):
    curated = tmp_path / "data"
    curated.mkdir()
    res = {"name": "nohash", "key": "x/y.csv", "path": "https://example.org/y.csv", "hash": "md5:abc"}
    (curated / "datapackage.json").write_text(json.dumps({"resources": [res]}))
    monkeypatch.setenv("MLHELPERS_CURATED_DIR", str(curated))
    with pytest.raises(errors.HashMismatchError, match="no sha256"):
        ml.fetch("x/y.csv")

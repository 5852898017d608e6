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
    (tmp_path / "cache").mkdir()
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


def test_messages_name_the_key_and_the_fix(tmp_path, monkeypatch, cache, mirror):
    curated = tmp_path / "data"
    curated.mkdir()
    res = {"name": "nohash", "key": "x/y.csv", "path": "https://example.org/y.csv", "hash": "sha256:abc"}
    (curated / "datapackage.json").write_text(json.dumps({"resources": [res]}))
    monkeypatch.setenv("MLHELPERS_CURATED_DIR", str(curated))
    with pytest.raises(errors.HashMismatchError) as info:
        ml.fetch("x/y.csv")
    assert str(info.value) == (
        "External resource 'x/y.csv' has no sha256 hash in datapackage.json (expected 'hash': "
        "'sha256:<64 hex digits>'). Add one before using the file."
    )
    digest = "A" * 64
    res["hash"] = f"sha256:{digest}"
    (curated / "datapackage.json").write_text(json.dumps({"resources": [res]}))
    (cache / "x").mkdir()
    (cache / "x" / "y.csv").write_bytes(b"a\n")
    with pytest.raises(errors.HashMismatchError) as info:
        ml.fetch("x/y.csv")
    actual = hashlib.sha256(b"a\n").hexdigest()
    assert str(info.value) == (
        f"{cache / 'x' / 'y.csv'} does not match its pinned sha256 (expected {'a' * 12}..., got {actual[:12]}...): "
        "the file is corrupt, truncated or a different version, and is refused. Delete it so that it is downloaded "
        "again from https://example.org/y.csv, or restore the mirror that MLHELPERS_DATA_DIR points at."
    )
    res["hash"] = f"sha256:{actual.upper()}"  # the pin may be written in capitals
    (curated / "datapackage.json").write_text(json.dumps({"resources": [res]}))
    assert ml.fetch("x/y.csv") == cache / "x" / "y.csv"


def test_sha256_of_a_large_file(tmp_path):
    body = b"x" * (3 * (1 << 20) + 5)
    (tmp_path / "big").write_bytes(body)
    assert sha256(tmp_path / "big") == hashlib.sha256(body).hexdigest()


def test_offline_message_exactly(cache, monkeypatch):
    import pooch

    seen = {}

    class Offline:
        def fetch(self, key, progressbar):
            seen["progressbar"] = progressbar
            raise ConnectionError("no network")

    def create(**kwargs):
        seen.update(kwargs)
        return Offline()

    monkeypatch.setattr(pooch, "create", create)
    with pytest.raises(errors.DataUnavailableError) as info:
        ml.fetch(KEY)
    url = datapackage.external_resource(KEY)["path"]
    assert str(info.value) == (
        f"{KEY} is not cached in {cache} and could not be downloaded (ConnectionError: no network). To fix: connect "
        f"to the internet and run again; or set MLHELPERS_DATA_DIR to a folder that already holds the file as {KEY} "
        f"(a mirror); or download {url} yourself and save it as {cache / KEY}."
    )
    assert seen["path"] == cache and seen["base_url"] == "" and seen["urls"] == {KEY: url}
    assert seen["registry"] == {KEY: datapackage.external_resource(KEY)["hash"]} and seen["progressbar"] is False


def test_pooch_value_errors(cache, monkeypatch):
    import pooch

    class Broken:
        def __init__(self, message):
            self.message = message

        def fetch(self, *args, **kwargs):
            raise ValueError(self.message)

    monkeypatch.setattr(pooch, "create", lambda **kwargs: Broken("SHA256 hash of downloaded file does not match"))
    with pytest.raises(errors.HashMismatchError, match=r"^The download of .* does not match its pinned sha256 and was refused\."):
        ml.fetch(KEY)
    monkeypatch.setattr(pooch, "create", lambda **kwargs: Broken("unknown protocol"))
    with pytest.raises(errors.DataUnavailableError, match=r"could not be downloaded \(unknown protocol\)\. To fix"):
        ml.fetch(KEY)

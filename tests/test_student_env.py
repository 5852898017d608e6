"""A student's environment: what Binder builds from requirements.txt, and every chapter run in it.

Binder (repo2docker) builds the environment from ``runtime.txt`` and
``requirements.txt`` at the repository root, because the repository holds no
other environment file. This test does what Binder does: it copies the
repository, creates a fresh virtual environment, installs ``requirements.txt``
alone (not the maintainers' extras), and executes every chapter in a fresh
kernel of that environment, from the chapter's own folder, as a student
clicking through the book would. External data come from
``MLHELPERS_DATA_DIR`` (the mirror in CI), as a student's first run would
download them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT, chapter_notebooks

pytestmark = [pytest.mark.student_env]

# Files repo2docker would read *instead of* requirements.txt if they existed.
OTHER_ENV_FILES = ["binder", ".binder", "environment.yml", "environment.yaml", "Pipfile", "Pipfile.lock", "Project.toml", "setup.py"]
def student_environ() -> dict:
    """The environment a student's kernel sees: no PYTHONPATH or venv leaking in from ours."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    return env


IGNORE = shutil.ignore_patterns(".venv", "_build", ".git", "*.egg-info", "__pycache__", ".pytest_cache", "bench", ".ipynb_checkpoints")


def test_binder_uses_requirements_txt_and_python_311():
    present = [name for name in OTHER_ENV_FILES if (ROOT / name).exists()]
    assert not present, f"Binder would build from {present} instead of requirements.txt"
    assert (ROOT / "runtime.txt").read_text().strip() == f"python-{sys.version_info.major}.{sys.version_info.minor}"
    reqs = (ROOT / "requirements.txt").read_text()
    assert "-e ." in reqs.splitlines(), "requirements.txt must install mlhelpers itself (-e .)"
    assert "nbval" not in reqs and "pytest" not in reqs, "maintainers' tools belong in requirements-dev.txt"


@pytest.fixture(scope="module")
def student_env(tmp_path_factory):
    """A copy of the repository with a fresh venv built from its requirements.txt alone."""
    base = tmp_path_factory.mktemp("student")
    repo = base / "repo"
    shutil.copytree(ROOT, repo, ignore=IGNORE)
    env = base / "env"
    python = shutil.which("python3.11") or sys.executable
    subprocess.run([python, "-m", "venv", str(env)], check=True, timeout=300)
    py = env / "bin" / "python"
    proc = subprocess.run(
        [str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", "requirements.txt"],
        cwd=repo, capture_output=True, text=True, timeout=1200, env=student_environ(),
    )
    assert proc.returncode == 0, f"pip install -r requirements.txt failed:\n{proc.stderr[-3000:]}"
    return repo, py


def test_the_kernel_is_the_fresh_environment(student_env):
    repo, py = student_env
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import sys, mlhelpers; print(sys.prefix); print(mlhelpers.__file__)")]
    probe = repo / "chapters" / "_probe.ipynb"
    nbformat.write(nb, probe)
    try:
        proc = subprocess.run([str(py), "-m", "mlhelpers.build.execute", str(probe)], cwd=repo, capture_output=True, text=True, timeout=300, env=student_environ())
        assert proc.returncode == 0, proc.stdout + proc.stderr
        prefix, module = nbformat.read(probe, as_version=4).cells[0].outputs[0]["text"].split()
    finally:
        probe.unlink()
    assert Path(prefix) == py.parent.parent
    assert Path(module).is_relative_to(repo), "mlhelpers must come from the repository (requirements.txt: -e .)"


def test_every_chapter_runs_top_to_bottom(student_env):
    repo, py = student_env
    status = repo / "reference" / "student_run.json"
    env = student_environ()
    if "MLHELPERS_DATA_DIR" not in env:
        pytest.fail("set MLHELPERS_DATA_DIR to the external-data mirror (CI: ../shared/data/external)")
    proc = subprocess.run(
        [str(py), "-m", "mlhelpers.build.execute", "--status", str(status), "chapters"],
        cwd=repo, capture_output=True, text=True, timeout=1800, env=env,
    )
    print(proc.stdout)
    results = {e["notebook"]: e for e in json.loads(status.read_text())["notebooks"]}
    expected = {f"chapters/{nb.name}" for nb in chapter_notebooks()}
    assert set(results) == expected
    failed = {k: v.get("error") for k, v in results.items() if v["result"] != "ok"}
    assert not failed and proc.returncode == 0, f"chapters failed in the student environment: {failed}\n{proc.stderr[-2000:]}"

"""The marker check (tests/markguard.py) fails a test that builds a site or drives
Chromium without saying so, and lets a marked one run."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from markguard import needs

HERE = Path(__file__).resolve().parent


@pytest.mark.parametrize("argv, wanted", [
    ([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "out"], {"slow"}),
    (["python3", "-m", "mkdocs", "-q", "serve", "-a", "127.0.0.1:0"], {"slow"}),
    (["/venv/bin/properdocs", "build"], {"slow"}),
    (["/venv/bin/zensical", "build", "--strict"], {"slow"}),
    (["python", "bench/run.py", "--sizes", "20"], {"slow"}),
    (["python", "/repo/tests/serve_steps.py", "site", "live"], {"slow"}),
    (["python", "-c", "from mkdocs.commands.build import build\nbuild(cfg)"], {"slow"}),
    (["/usr/bin/chromium", "--headless"], {"browser", "slow"}),
    (["/repo/.ci/lighthouse/node_modules/.bin/lighthouse", "http://x/"], {"browser", "slow"}),
    ([sys.executable, "-m", "mkdocs", "--version"], set()),
    ([sys.executable, "-m", "error_catalog", "validate", "catalog"], set()),
    (["nginx", "-p", "/tmp/x"], set()),
    (["git", "show", "HEAD:mkdocs.yml"], set()),
])
def test_what_a_subprocess_needs(argv, wanted):
    assert needs(argv) == wanted


INNER = '''
import subprocess, sys
import pytest

BUILD = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", "out"]

@pytest.fixture
def site():
    return "a built site"

def test_unmarked_build():
    subprocess.run(BUILD, capture_output=True)

def test_unmarked_build_whose_error_is_caught():
    try:
        subprocess.run(BUILD, capture_output=True)
    except Exception:
        pass

@pytest.mark.slow
def test_marked_build():
    subprocess.run(BUILD, capture_output=True)  # no mkdocs.yml here: fails at once, unchecked

def test_unmarked_in_process_build():
    from mkdocs.commands.build import build
    build(None)

def test_unmarked_site_fixture(site):
    pass

def test_unmarked_chromium():
    subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True)

@pytest.mark.slow
def test_chromium_marked_slow_only():
    subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True)

@pytest.mark.browser
def test_browser_without_slow():
    pass

def test_unmarked_and_quick():
    subprocess.run([sys.executable, "-c", "pass"], check=True)
'''


def test_unmarked_builds_and_browsers_fail(tmp_path):
    (tmp_path / "test_inner.py").write_text(textwrap.dedent(INNER), encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers =\n    slow: s\n    browser: b\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")])}
    env.pop("PYTEST_XDIST_WORKER", None)
    env.pop("PYTEST_ADDOPTS", None)
    proc = subprocess.run([sys.executable, "-m", "pytest", "-p", "markguard", "-p", "no:cacheprovider", "-rA",
                           "-q", "test_inner.py"], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)
    outcomes = {line.split("::")[1].split(" ")[0]: line.split(" ")[0]
                for line in proc.stdout.splitlines() if line.startswith(("PASSED", "FAILED", "ERROR"))}
    assert outcomes == {
        "test_unmarked_build": "FAILED",
        "test_unmarked_build_whose_error_is_caught": "FAILED",
        "test_marked_build": "PASSED",
        "test_unmarked_in_process_build": "FAILED",
        "test_unmarked_site_fixture": "ERROR",
        "test_unmarked_chromium": "FAILED",
        "test_chromium_marked_slow_only": "FAILED",
        "test_browser_without_slow": "ERROR",
        "test_unmarked_and_quick": "PASSED",
    }, proc.stdout
    assert "test_inner.py::test_unmarked_build starts" in proc.stdout
    assert "is not marked slow: add @pytest.mark.slow" in proc.stdout
    assert "is not marked browser and slow" in proc.stdout

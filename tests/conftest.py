"""Shared fixtures: real MkDocs builds (cached per session) and paths."""
from __future__ import annotations

import contextlib
import ctypes
import fcntl
import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Markers that tell the truth: a test that builds a site or drives Chromium and
# lacks `slow` / `browser` fails (tests/markguard.py).
pytest_plugins = ["markguard"]

_built: dict[str, Path] = {}


def without_root_file_access() -> None:
    """For `preexec_fn`: as root, give up the two capabilities that let root read any
    file (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so file modes apply to the child
    as to anyone else. Dropped from the bounding set, they are gone after exec."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    pr_capbset_drop, cap_dac_override, cap_dac_read_search = 24, 1, 2
    for cap in (cap_dac_override, cap_dac_read_search):
        if libc.prctl(pr_capbset_drop, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def run_build(catalog: Path | str, out: Path, *extra: str, env: dict | None = None,
              check: bool = True) -> subprocess.CompletedProcess:
    """`CATALOG_DIR=<catalog> mkdocs build --strict -d <out>`, as a user runs it."""
    full_env = {**os.environ, "CATALOG_DIR": str(catalog), "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out), *extra],
        cwd=ROOT, env=full_env, capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise AssertionError(f"build of {catalog} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


def shared_temp(tmp_path_factory) -> Path:
    """The session's temporary folder, one for all pytest-xdist workers (each
    worker's own `tmp_path_factory` folder is a child of it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextlib.contextmanager
def exclusive(lock: Path) -> Iterator[None]:
    """Hold an exclusive lock on the file `lock` (made if missing): one process of
    the session at a time, pytest-xdist workers included."""
    with open(lock, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file closes
        yield


@pytest.fixture(scope="session")
def build(tmp_path_factory):
    """Build a catalog's site once per session (per environment, e.g.
    REDIRECTS_FOR="cloudflare"); return the site folder. pytest-xdist workers share
    each build: the first to ask builds it under a lock, the others wait and read
    the same folder (tests only read a built site)."""
    shared = shared_temp(tmp_path_factory) / "sites"
    shared.mkdir(exist_ok=True)

    def _build(catalog: Path | str = ROOT / "catalog", **env: str) -> Path:
        key = str(Path(catalog).resolve()) + "".join(f" {k}={v}" for k, v in sorted(env.items()))
        if key not in _built:
            out = shared / hashlib.sha256(key.encode()).hexdigest()[:16]
            with exclusive(out.with_suffix(".lock")):
                if not out.with_suffix(".done").exists():
                    run_build(catalog, out, env=env)
                    out.with_suffix(".done").touch()
            _built[key] = out
        return _built[key]
    return _build


@pytest.fixture(scope="session")
def site(build) -> Path:
    """The built site of the repository's own catalog."""
    return build(ROOT / "catalog")


# -- a real Chromium ---------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-gpu"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright (no browser download)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (bash .ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def settle_and_close(page, context) -> None:
    """Close a test's browser context once its page has stopped loading. A test may end
    right after a navigation it only waited to commit, with its server already stopped;
    twice a suite then hung, idle, in Playwright after such a test (not reproduced alone).
    A blank page first leaves no navigation in flight when the context closes."""
    try:
        page.goto("about:blank", timeout=15_000)
    except Exception:  # noqa: BLE001 - a page that cannot even go blank still gets closed
        pass
    context.close()


@pytest.fixture
def context_for(browser):
    """New pages at a viewport (and locale) whose script errors fail the test."""
    made = []

    def make(width: int, height: int = 900, locale: str = "en-US", scheme: str = "light"):
        ctx = browser.new_context(viewport={"width": width, "height": height}, locale=locale,
                                  color_scheme=scheme)
        pg = ctx.new_page()
        pg.problems = []
        pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))
        pg.on("console", lambda m: pg.problems.append(f"console: {m.text}")
              if m.type == "error" and "Failed to load resource" not in m.text else None)
        made.append((ctx, pg))
        return pg

    yield make
    problems = [p for _, pg in made for p in pg.problems]
    for ctx, _ in made:
        ctx.close()
    assert not problems, "\n".join(problems)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    settle_and_close(pg, context)

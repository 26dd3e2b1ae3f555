"""Markers that tell the truth, checked on every run (loaded by conftest.py).

A test that builds or serves a site is `slow`; one that drives Chromium is
`browser` and `slow`. The quick run (`-m "not slow and not browser"`) stays quick
only while that holds, so a test that breaks it fails, naming the marker it lacks:

- before it runs, by the fixtures it asks for (`build`, `site`, `browser`, and any
  fixture that depends on them);
- while it runs, by what it starts: a subprocess that builds or serves a site
  (`mkdocs`/`properdocs`/`zensical` build, serve or gh-deploy, the build benchmark, an inline
  script that calls MkDocs' build), Chromium or Lighthouse, or MkDocs' build
  called in this process.

The subprocesses are seen through Python's audit hook ("subprocess.Popen" event),
so a new helper that runs a build is caught without being listed here.
"""
from __future__ import annotations

import functools
import importlib
import os
import shlex
import sys

import pytest

SITE_FIXTURES = {"build", "site"}
BROWSER_FIXTURES = {"browser"}
# Scripts of this repository that build sites when run.
SITE_SCRIPTS = ("bench/run.py", "tests/serve_steps.py")
SITE_COMMANDS = {"build", "serve", "gh-deploy"}
ENGINES = {"mkdocs", "properdocs", "zensical"}

_current: pytest.Item | None = None
_MISSING = pytest.StashKey[list[str]]()


def needs(argv: list[str]) -> set[str]:
    """The markers a subprocess with this argv needs: {"slow"} for a site build or
    serve, {"browser", "slow"} for Chromium or Lighthouse, else nothing."""
    words = [os.fsdecode(a) for a in argv]
    names = [os.path.basename(w) for w in words]
    if any(n in ("chromium", "chromium-browser", "chrome", "lighthouse") for n in names):
        return {"browser", "slow"}
    for i, w in enumerate(words):
        engine = names[i] in ENGINES or (w in ENGINES and i > 0 and words[i - 1] == "-m")
        command = next((a for a in words[i + 1:] if not a.startswith("-")), "")
        if engine and command in SITE_COMMANDS:
            return {"slow"}
        if w.replace("\\", "/").endswith(SITE_SCRIPTS):
            return {"slow"}
        if i > 0 and words[i - 1] == "-c" and "commands.build" in w:
            return {"slow"}
    return set()


def _require(wanted: set[str], what: str) -> None:
    item = _current
    if item is None or not wanted:
        return
    missing = sorted(m for m in wanted if item.get_closest_marker(m) is None)
    if missing:
        message = (f"{item.nodeid} {what} but is not marked {' and '.join(missing)}: "
                   f"add @pytest.mark.{'/'.join(missing)} (see CONTRIBUTING.md, Markers)")
        item.stash.setdefault(_MISSING, []).append(message)
        raise MarkerMissing(message)


class MarkerMissing(Exception):
    """A test started what its markers say it does not."""


def _audit(event: str, args: tuple) -> None:
    if event == "subprocess.Popen" and _current is not None:
        argv = args[1] if isinstance(args[1], (list, tuple)) else shlex.split(os.fsdecode(args[1]))
        _require(needs(list(argv)), f"starts {' '.join(map(str, argv))[:200]!r}")


def _guard_in_process_builds() -> None:
    """Wrap MkDocs' (and ProperDocs') build function for builds run in this process."""
    for engine in ENGINES:
        try:
            module = importlib.import_module(f"{engine}.commands.build")
        except ImportError:
            continue
        original = module.build
        if getattr(original, "_markguard", False):
            continue

        @functools.wraps(original)
        def guarded(*args, _original=original, _engine=engine, **kwargs):
            _require({"slow"}, f"runs {_engine}'s build in process")
            return _original(*args, **kwargs)

        guarded._markguard = True
        module.build = guarded


sys.addaudithook(_audit)
_guard_in_process_builds()


def static_missing(item: pytest.Item) -> list[str]:
    """What the fixtures a test asks for (with their own fixtures) say it lacks."""
    names = set(getattr(item, "fixturenames", ()))
    marks = {m.name for m in item.iter_markers()}
    wanted = set()
    if names & SITE_FIXTURES:
        wanted.add("slow")
    if names & BROWSER_FIXTURES or "browser" in marks:
        wanted |= {"browser", "slow"}
    return sorted(wanted - marks)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    global _current
    _current = item
    try:
        yield
    finally:
        _current = None


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    missing = static_missing(item)
    if missing:
        pytest.fail(f"{item.nodeid} uses a site build or Chromium (fixtures "
                    f"{sorted(set(item.fixturenames) & (SITE_FIXTURES | BROWSER_FIXTURES))}) "
                    f"but is not marked {' and '.join(missing)} (see CONTRIBUTING.md, Markers)",
                    pytrace=False)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    found = item.stash.get(_MISSING, [])
    if found and report.passed:  # the test caught the exception: it still fails
        report.outcome = "failed"
        report.longrepr = "\n".join(found)
    found.clear()  # reported once, in the phase that started it

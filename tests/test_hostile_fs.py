"""Faults and hostile catalogs (issue 14): nothing lost, nothing leaked, nothing crashes.

- Every CLI command and the build run over the whole bad-catalog corpus: exit 1
  (or succeed), no traceback, no file outside the catalog touched, and no byte
  of a secret that sits in the environment and in files the catalog's links
  and paths point to is printed.
- Writes interrupted by a file-size limit or a kill leave the old file whole.
- Files written keep their permissions.
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import os
import secrets
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from error_catalog.cli import redirects as redirects_cli
from conftest import FIXTURES, ROOT
from forkrun import MkDocsRuns

from error_catalog import cli
from error_catalog.core import paths
from error_catalog.core.files import write_atomic

CORPUS = Path(__file__).parent / "bad_catalogs"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


def command_names() -> list[str]:
    """Every subcommand the CLI registers (a new one is swept automatically)."""
    import argparse
    import importlib

    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    for name in cli.COMMANDS:
        importlib.import_module(name).register(sub)
    return sorted(sub.choices)


def snapshot(folder: Path, skip: Path) -> dict[str, tuple]:
    """Every path under `folder` but `skip`: kind, mode, mtime and content hash."""
    out = {}
    for here, dirs, files in os.walk(folder):
        if Path(here) == skip or skip in Path(here).parents:
            dirs[:] = []
            continue
        for name in dirs + files:
            p = Path(here) / name
            if p == skip:
                continue
            st = p.lstat()
            digest = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() and not p.is_symlink() else ""
            out[str(p)] = (st.st_mode, st.st_mtime_ns, digest)
    return out


@pytest.fixture
def arena(tmp_path, monkeypatch):
    """T/repo/.git marks the repository; T/outside holds the secret in files the
    corpus links point to (`../../outside/...` from the catalog folder)."""
    secret = "SECRET-" + secrets.token_hex(12)
    monkeypatch.setenv("EC_TEST_SECRET", secret)
    outside = tmp_path / "outside"
    (outside / "errors").mkdir(parents=True)
    (outside / "secret.txt").write_text(f"{secret}\n/errors/{secret} {secret}\n")
    (outside / "errors" / "stolen.yaml").write_text(
        f"- code: {secret}\n  category: auth\n  title: {secret}\n")
    (outside / "de.po").write_text(f'msgid ""\nmsgstr ""\n\nmsgctxt "{secret}"\nmsgid "{secret}"\nmsgstr "x"\n')
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    return tmp_path, secret


def run_cli(argv: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(argv)
        except SystemExit as e:  # argparse
            code = e.code
    return code, out.getvalue() + err.getvalue()


@pytest.mark.slow
def test_every_command_over_the_corpus(arena):
    base, secret = arena
    names = command_names()
    assert {"validate", "check", "extract", "update", "lock"} <= set(names)
    for case in CASES:
        catalog = base / "repo" / case
        shutil.copytree(CORPUS / case, catalog, symlinks=True)
        # the corpus links point two levels up into `outside`; from repo/<case> that is base/../outside
        for link in [p for p in catalog.rglob("*") if p.is_symlink()]:
            target = os.readlink(link)
            if "outside" in target:
                os.unlink(link)
                os.symlink(os.path.relpath(base / "outside" / target.split("outside", 1)[1].lstrip("/"),
                                           link.parent), link)
        before = snapshot(base, catalog)
        for name in names:
            argv = [name, str(catalog)]  # `init` into the catalog: not empty, so refused unwritten
            if name == "diff":  # OLD and NEW: the case against itself
                argv.append(str(catalog))
            if name == "explain":  # CODE, then the catalog
                argv = [name, "token/expired", str(catalog)]
            extras: list[list[str]] = [[]]
            if name in ("extract", "update", "lock"):
                extras.append(["--check"])
            elif name == "codegen":  # each language
                extras = [["--lang", "typescript"], ["--lang", "python"]]
            elif name == "redirects":  # every host's syntax
                extras = [["--format", f] for f in redirects_cli.FORMATS] + [["--format", "vercel", "--bulk"]]
            elif name == "pages":  # written inside the catalog folder, which the snapshot leaves out
                extras = [["--out", str(catalog / "docs" / "reference")]]
            elif name == "outputs":  # a built site inside the catalog folder
                (catalog / "site").mkdir(exist_ok=True)
                (catalog / "site" / "index.html").write_text("<!doctype html>\n", encoding="utf-8")
                extras = [[str(catalog / "site")]]
            for extra in extras:
                code, printed = run_cli(argv + extra)
                assert code in (0, 1), (case, name, extra, printed)
                assert "Traceback" not in printed, (case, name, printed)
                assert secret not in printed, (case, name, extra, printed)
        assert snapshot(base, catalog) == before, case


@pytest.fixture(scope="module")
def mkdocs_runs():
    with MkDocsRuns() as runs:
        yield runs


@pytest.mark.parametrize("case", CASES)
@pytest.mark.slow
def test_build_over_the_corpus_fails_cleanly(case, arena, mkdocs_runs):
    base, secret = arena
    catalog = base / "repo" / "catalog"
    shutil.copytree(CORPUS / case, catalog, symlinks=True)
    for link in [p for p in catalog.rglob("*") if p.is_symlink()]:
        target = os.readlink(link)
        if "outside" in target:
            os.unlink(link)
            os.symlink(os.path.relpath(base / "outside" / target.split("outside", 1)[1].lstrip("/"),
                                       link.parent), link)
    before = snapshot(base, catalog)
    site = base / "site"
    env = {**os.environ, "CATALOG_DIR": str(catalog), "NO_MKDOCS_2_WARNING": "1"}
    # `python -m mkdocs build` in a process of its own, its imports made once (tests/forkrun.py)
    code, printed = mkdocs_runs.run(["build", "--strict", "-d", str(site)], ROOT, env, base / "build.log")
    assert code == 1, printed
    assert "Traceback" not in printed
    assert secret not in printed
    after = snapshot(base, catalog)
    after = {k: v for k, v in after.items() if not k.startswith(str(site)) and k != str(base / "build.log")}
    assert after == before


# -- interrupted writes ------------------------------------------------------------

CHILD = textwrap.dedent("""
    import os, resource, signal, sys
    from error_catalog.core.files import write_atomic
    path, mode = sys.argv[1], sys.argv[2]
    # Python ignores SIGXFSZ (the write then fails with EFBIG); a C program is killed by it.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN if mode == "fsize-ignored" else signal.SIG_DFL)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
    write_atomic(path, "new content\\n" * 100_000)
""")


@pytest.mark.parametrize("mode", ["fsize-killed", "fsize-ignored"])
def test_a_write_over_the_file_size_limit_leaves_the_old_file(tmp_path, mode):
    target = tmp_path / "de.po"
    old = "old translations\n" * 10
    target.write_text(old)
    proc = subprocess.run([sys.executable, "-c", CHILD, str(target), mode], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode != 0
    if mode == "fsize-killed":
        assert proc.returncode == -signal.SIGXFSZ
    else:
        assert "File too large" in proc.stderr
        assert [p.name for p in tmp_path.iterdir()] == ["de.po"]  # the temporary file is gone
    assert target.read_text() == old


@pytest.mark.slow
def test_a_killed_update_leaves_the_old_or_the_new_file(tmp_path):
    """`update` killed at many points of its run: each PO file is the old one or a
    complete new one (parsed, with every message), never cut."""
    catalog = tmp_path / "catalog"
    shutil.copytree(FIXTURES / "i18n", catalog)
    # a long source text makes the files big enough to be caught mid-write
    entries = catalog / "errors" / "auth.yaml"
    entries.write_text(entries.read_text().replace("message: The access token has expired",
                                                   "message: " + "The access token has expired " * 2000))
    olds = {p.name: p.read_bytes() for p in (catalog / "locales").iterdir()}
    probe = tmp_path / "probe"
    shutil.copytree(catalog, probe)
    subprocess.run([sys.executable, "-m", "error_catalog", "update", str(probe)], cwd=ROOT, check=True,
                   capture_output=True)
    news = {p.name: p.read_bytes() for p in (probe / "locales").iterdir()}
    delays = [0.05 * i for i in range(1, 30)]
    for delay in delays:
        for name, data in olds.items():
            (catalog / "locales" / name).write_bytes(data)
        child = subprocess.Popen([sys.executable, "-m", "error_catalog", "update", str(catalog)], cwd=ROOT,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        for p in (catalog / "locales").iterdir():
            if p.name.endswith(".tmp"):
                p.unlink()  # a stray temporary file is allowed; a cut file is not
                continue
            data = p.read_bytes()
            assert data in (olds[p.name], news[p.name]) or _same_but_dates(data, news[p.name]), (delay, p.name)


def _same_but_dates(a: bytes, b: bytes) -> bool:
    from error_catalog.core.potools import comparable

    return comparable(a.decode()) == comparable(b.decode())


def test_a_write_keeps_the_permissions_of_the_file_it_replaces(tmp_path):
    target = tmp_path / "permalinks.lock"
    target.write_text("old\n")
    target.chmod(0o640)
    write_atomic(target, "new\n")
    assert target.read_text() == "new\n"
    assert target.stat().st_mode & 0o777 == 0o640
    fresh = tmp_path / "new.po"
    old = os.umask(0o027)
    try:
        write_atomic(fresh, "x")
    finally:
        os.umask(old)
    assert fresh.stat().st_mode & 0o777 == 0o640


def test_writes_never_go_through_a_link_out_or_onto_a_folder(tmp_path):
    root = tmp_path / "catalog"
    root.mkdir()
    outside = tmp_path / "victim.txt"
    outside.write_text("keep me\n")
    (root / "permalinks.lock").symlink_to(outside)
    with pytest.raises(paths.PathRefused):
        write_atomic(root / "permalinks.lock", "owned\n", root=root)
    assert outside.read_text() == "keep me\n"
    (root / "messages.pot").mkdir()
    with pytest.raises(paths.PathRefused):
        write_atomic(root / "messages.pot", "x", root=root)
    (root / "inside.txt").write_text("a")
    (root / "alias.txt").symlink_to(root / "inside.txt")
    write_atomic(root / "alias.txt", "b", root=root)  # a link inside the root is written through
    assert (root / "inside.txt").read_text() == "b" and (root / "alias.txt").is_symlink()


# -- special files -------------------------------------------------------------------

ALL = ("validate", "check", "update", "lock")


@pytest.mark.parametrize("where, readers", [
    ("catalog.yaml", ALL), ("errors/fifo.yaml", ALL), ("locales/de.po", ALL),
    ("locales/messages.pot", ("update", "extract")),
    ("permalinks.lock", ("validate", "check", "lock")), ("src/codes.txt", ("check",))])
@pytest.mark.slow
def test_a_fifo_is_refused_not_waited_on(tmp_path, where, readers):
    catalog = tmp_path / "catalog"
    shutil.copytree(FIXTURES / "i18n", catalog)
    (catalog / "catalog.yaml").write_text((catalog / "catalog.yaml").read_text()
                                          + "emitted:\n  - list: src/codes.txt\n")
    (catalog / "src").mkdir()
    (catalog / "src" / "codes.txt").write_text("token/expired\n")
    target = catalog / where
    if target.exists():
        target.unlink()
    os.mkfifo(target)
    for command in readers:
        proc = subprocess.run([sys.executable, "-m", "error_catalog", command, str(catalog)], cwd=ROOT,
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == 1, (command, proc.stdout, proc.stderr)
        assert "FIFO" in proc.stderr + proc.stdout, (command, proc.stderr)
        assert "Traceback" not in proc.stderr


def test_the_repository_root_is_the_nearest_git_folder_else_the_catalog_parent(tmp_path):
    (tmp_path / "a" / "b" / "catalog").mkdir(parents=True)
    assert paths.repository_root(tmp_path / "a" / "b" / "catalog") == (tmp_path / "a" / "b").resolve()
    (tmp_path / "a" / ".git").write_text("gitdir: elsewhere\n")  # a worktree's .git is a file
    assert paths.repository_root(tmp_path / "a" / "b" / "catalog") == (tmp_path / "a").resolve()


def test_proc_is_refused_even_when_the_root_is_slash():
    with pytest.raises(paths.PathRefused, match="view of the build machine"):
        paths.read_bytes("/proc/self/environ", "/")

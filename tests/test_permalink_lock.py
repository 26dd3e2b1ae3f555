"""The permalink lock: `error-catalog lock`, and builds that fail when a locked
permalink stops resolving (and pass when the code is retired or renamed with an alias)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run_build
from htmltext import unbroken
from error_catalog import cli
from error_catalog.core import lock
from error_catalog.core.loader import load_catalog
from permalink_servers import FIXTURES, parse_redirects


@pytest.fixture
def locked(tmp_path) -> Path:
    """A copy of the permalink fixture catalog with its lock written."""
    folder = tmp_path / "cat"
    shutil.copytree(FIXTURES / "permalinks", folder)
    assert cli.main(["lock", str(folder)]) == 0
    return folder


def edit(folder: Path, file: str, old: str, new: str) -> None:
    path = folder / "errors" / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


REMOVE_JOB_GONE = ("""- code: JOB_GONE
  category: jobs
  title: Job no longer exists
  status: 410
  number: 202
  lifecycle: retired
  replaced_by: job/queue_full
""", "")


def test_the_repos_catalog_is_locked_and_current():
    assert cli.main(["lock", "--check", str(ROOT / "catalog")]) == 0


def test_lock_file_is_sorted_and_complete(locked):
    text = (locked / lock.LOCK_FILE).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if not ln.startswith("#")]
    assert lines == sorted(lines)
    assert "/errors/JOB_GONE JOB_GONE" in lines and "/codes/202 JOB_GONE" in lines
    assert "/errors/expired_token token/expired" in lines  # lower-case variants are published too
    assert len(lines) == len(lock.current(load_catalog(locked)))


def test_lock_is_deterministic(locked):
    before = (locked / lock.LOCK_FILE).read_bytes()
    assert cli.main(["lock", str(locked)]) == 0
    assert (locked / lock.LOCK_FILE).read_bytes() == before


def test_check_fails_when_missing_or_stale(locked, capsys):
    (locked / lock.LOCK_FILE).unlink()
    assert cli.main(["lock", "--check", str(locked)]) == 1
    assert "missing" in capsys.readouterr().err
    assert cli.main(["lock", str(locked)]) == 0
    edit(locked, "auth.yaml", "aliases: [EXPIRED_TOKEN, auth/token-expired]",
         "aliases: [EXPIRED_TOKEN, auth/token-expired, OLD_EXPIRED]")
    assert cli.main(["lock", "--check", str(locked)]) == 1
    assert "stale" in capsys.readouterr().err


def test_lock_refuses_to_drop_published_permalinks(locked, capsys):
    edit(locked, "jobs.yaml", *REMOVE_JOB_GONE)
    before = (locked / lock.LOCK_FILE).read_text(encoding="utf-8")
    assert cli.main(["lock", str(locked)]) == 1
    err = capsys.readouterr().err
    assert "/errors/JOB_GONE (JOB_GONE) no longer resolves" in err
    assert (locked / lock.LOCK_FILE).read_text(encoding="utf-8") == before
    assert cli.main(["lock", "--force", str(locked)]) == 0
    assert "/errors/JOB_GONE" not in (locked / lock.LOCK_FILE).read_text(encoding="utf-8")


@pytest.mark.parametrize("line, message", [
    ("/errors/x", "expected '<path> <code>'"),
    ("errors/x x", "expected '<path> <code>'"),
    ("/errors/x x y", "expected '<path> <code>'"),
])
def test_malformed_lock_lines_are_reported(locked, line, message):
    with open(locked / lock.LOCK_FILE, "a", encoding="utf-8") as f:
        f.write(line + "\n")
    problems = lock.check(load_catalog(locked))
    assert len(problems) == 1 and message in problems[0] and "permalinks.lock:" in problems[0]


def test_a_path_given_to_another_entry_is_broken(locked):
    # Number 202 moves from JOB_GONE to job/queue_full: /errors/202 lands elsewhere now.
    edit(locked, "jobs.yaml", "  number: 202\n", "")
    edit(locked, "jobs.yaml", "  number: 201\n", "  number: 202\n")
    problems = lock.check(load_catalog(locked))
    assert any("/errors/202 (JOB_GONE) now lands on 'job/queue_full'" in p for p in problems)
    assert any("/errors/201 (job/queue_full) no longer resolves" in p for p in problems)


# -- real builds ------------------------------------------------------------------------


def test_validate_and_check_report_removed_locked_permalinks(locked, capsys):
    assert cli.main(["validate", str(locked)]) == 0
    edit(locked, "jobs.yaml", *REMOVE_JOB_GONE)
    for command in ("validate", "check"):
        capsys.readouterr()
        assert cli.main([command, str(locked)]) == 1
        err = capsys.readouterr().err
        assert "/errors/JOB_GONE (JOB_GONE) no longer resolves" in err, err
        assert "6 locked permalink(s) no longer resolve." in err


@pytest.mark.slow
def test_build_fails_naming_each_removed_locked_permalink(locked, tmp_path):
    edit(locked, "jobs.yaml", *REMOVE_JOB_GONE)
    proc = run_build(locked, tmp_path / "site", check=False)
    assert proc.returncode != 0
    out = proc.stdout + proc.stderr
    for path in ("/errors/JOB_GONE", "/errors/202", "/problems/JOB_GONE", "/codes/202", "/errors/job_gone",
                 "/problems/job_gone"):
        assert f"{path} (JOB_GONE) no longer resolves" in out, out
    assert "6 locked permalink(s) no longer resolve" in out
    assert "Traceback" not in out


@pytest.mark.slow
def test_retiring_a_locked_code_builds_and_keeps_its_urls(locked, tmp_path):
    edit(locked, "auth.yaml", "  number: 102\n", "  number: 102\n  lifecycle: retired\n")
    site = tmp_path / "site"
    run_build(locked, site)
    rules = {r.source: r.target for r in parse_redirects((site / "_redirects").read_text(encoding="utf-8"))}
    for path in ("/errors/PERMISSION_DENIED", "/errors/102", "/problems/PERMISSION_DENIED", "/codes/102"):
        assert rules[path] == "/reference/auth/#permission-denied"
        assert (site / path.strip("/") / "index.html").is_file()
    page = (site / "reference" / "auth" / "index.html").read_text(encoding="utf-8")
    assert "ec-notice ec-retired" in page


@pytest.mark.slow
def test_renaming_a_locked_code_with_an_alias_builds_and_keeps_its_urls(locked, tmp_path):
    edit(locked, "auth.yaml", "- code: PERMISSION_DENIED\n",
         "- code: access/denied\n  aliases: [PERMISSION_DENIED]\n")
    site = tmp_path / "site"
    run_build(locked, site)
    rules = {r.source: r.target for r in parse_redirects((site / "_redirects").read_text(encoding="utf-8"))}
    for path in ("/errors/PERMISSION_DENIED", "/errors/permission_denied", "/errors/102",
                 "/problems/PERMISSION_DENIED", "/codes/102", "/errors/access/denied"):
        assert rules[path] == "/reference/auth/#access-denied", path
    stub = (site / "errors" / "PERMISSION_DENIED" / "index.html").read_text(encoding="utf-8")
    assert 'data-target="reference/auth/#access-denied"' in stub
    page = unbroken((site / "reference" / "auth" / "index.html").read_text(encoding="utf-8"))
    assert "Also returned as: <code>PERMISSION_DENIED</code>" in page


@pytest.mark.slow
def test_renaming_without_an_alias_fails(locked, tmp_path):
    edit(locked, "auth.yaml", "- code: PERMISSION_DENIED\n", "- code: access/denied\n")
    proc = run_build(locked, tmp_path / "site", check=False)
    assert proc.returncode != 0
    out = proc.stdout + proc.stderr
    assert "/errors/PERMISSION_DENIED (PERMISSION_DENIED) no longer resolves" in out
    assert "/errors/102 (PERMISSION_DENIED) now lands on 'access/denied'" in out

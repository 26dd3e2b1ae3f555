"""`error-catalog diff`: one golden report per kind of change (text, markdown
and json), the exit code that says breaking, the json against its schema, and
`--git REF` on a temporary repository.

Each case copies tests/fixtures/versions, makes one edit, and compares the
copy with the original. `UPDATE_GOLDEN=1` rewrites tests/golden/diff/.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from conftest import FIXTURES, ROOT

import goldens
from error_catalog import cli
from error_catalog.core import diff
from error_catalog.core.loader import load_catalog

BASE = FIXTURES / "versions"
SCHEMA = json.loads((ROOT / "error_catalog" / "schema" / "diff.schema.json").read_text(encoding="utf-8"))


def edit(path: str, old: str, new: str, count: int = 1):
    def apply(folder: Path) -> None:
        f = folder / path
        text = f.read_text(encoding="utf-8")
        assert old in text, (path, old)
        f.write_text(text.replace(old, new, count), encoding="utf-8")
    return apply


AUTH, INPUT, HEAD, DE = "errors/auth.yaml", "errors/input.yaml", "catalog.yaml", "locales/de.po"
NEW_CODE = """- code: input/missing
  category: input
  title: A field is missing
  status: 400
  number: 2003
  message: Missing field
  since: '3.0'
"""

# name -> (edits, breaking?)
CASES = {
    "added": ([edit(INPUT, "- code: input/unversioned", NEW_CODE + "- code: input/unversioned")], False),
    "removed": ([lambda f: _drop_last(f / INPUT)], True),
    "renamed": ([edit(AUTH, "- code: token/expired", "- code: token/timed_out"),
                 edit(AUTH, "  since: '1.0'\n", "  since: '1.0'\n  aliases: [token/expired]\n")], True),
    "status": ([edit(AUTH, "status: 401", "status: 403")], True),
    "status-of-retired": ([edit(AUTH, "status: 403", "status: 410")], False),
    "number": ([edit(INPUT, "number: 2001", "number: 2011")], True),
    "number-set": ([edit(INPUT, "status: 422", "status: 422\n  number: 2099")], False),
    "category": ([edit(INPUT, "- code: input/unversioned\n  category: input",
                       "- code: input/unversioned\n  category: auth")], False),
    "retryable-off": ([edit(AUTH, "retryable: true", "retryable: false")], True),
    "retryable-on": ([edit(INPUT, "status: 422", "status: 422\n  retryable: true")], False),
    "surfaces": ([edit(HEAD, "categories:", "surfaces: {http: HTTP API, sdk: SDK}\ncategories:"),
                  edit(INPUT, "status: 422", "status: 422\n  surfaces: [http, sdk]")], False),
    "lifecycle": ([edit(INPUT, "  since: '1.0'", "  since: '1.0'\n  lifecycle: deprecated\n  deprecated_in: '3.0'")],
                  False),
    "message": ([edit(INPUT, "message: Invalid input", "message: Input is invalid")], False),
    "translations": ([edit(DE, 'msgstr "Ungültige Eingabe"', 'msgstr "Eingabe ungültig"')], False),
    "docs": ([edit(AUTH, "cause: The token's lifetime has elapsed.", "cause: The token is older than its TTL.")],
             False),
    "permalink-lost": ([edit(AUTH, "aliases: [BAD_TOKEN]", "aliases: []")], True),
    "permalink-gained": ([edit(AUTH, "aliases: [BAD_TOKEN]", "aliases: [BAD_TOKEN, INVALID_TOKEN]")], False),
    "envelope": ([edit(HEAD, "envelope: problem", "envelope: simple")], True),
    "no-change": ([], False),
}


def _drop_last(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:text.rindex("- code: ")], encoding="utf-8")


def make(tmp_path: Path, edits) -> tuple[Path, Path]:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(BASE, old)
    shutil.copytree(BASE, new)
    for e in edits:
        e(new)
    return old, new


def run_diff(capsys, *argv: str) -> tuple[int, str]:
    code = cli.main(["diff", *argv])
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.mark.parametrize("name", CASES)
def test_golden_per_kind(name, tmp_path, capsys, monkeypatch):
    edits, breaking = CASES[name]
    old, new = make(tmp_path, edits)
    monkeypatch.chdir(tmp_path)
    for fmt, ext in (("text", "txt"), ("markdown", "md"), ("json", "json")):
        code, out = run_diff(capsys, "old", "new", "--format", fmt)
        assert code == (1 if breaking else 0), out
        goldens.check(f"diff/{name}.{ext}", out)
        if fmt == "json":
            data = json.loads(out)
            jsonschema.validate(data, SCHEMA)
            assert data["breaking"] == sum(i["breaking"] for i in data["items"])
            assert (data["breaking"] > 0) == breaking


def test_every_kind_has_a_rule_and_a_case():
    """Each kind the comparison can report is documented, and the cases above cover
    every kind of change to one code."""
    guide = (ROOT / "docs" / "guide" / "changes.md").read_text(encoding="utf-8")
    for kind in diff.KINDS:
        assert f"`{kind}`" in guide, kind
    per_code = {k for k in diff.KINDS if k not in ("type_base", "documentation_base", "errors_path", "locales",
                                                    "service", "envelope")}
    assert per_code <= {n.split("-of-")[0].removesuffix("-off").removesuffix("-on").removesuffix("-set")
                        for n in CASES}


def test_acceptance_status_change_names_code_and_both_statuses(tmp_path, capsys, monkeypatch):
    old, new = make(tmp_path, [edit(AUTH, "status: 401", "status: 409")])
    code, out = run_diff(capsys, str(old), str(new))
    assert code == 1
    assert "BREAKING  token/expired: status 401 -> 409" in out


def test_acceptance_added_code_exits_0_and_is_named(tmp_path, capsys):
    old, new = make(tmp_path, CASES["added"][0])
    code, out = run_diff(capsys, str(old), str(new), "--format", "json")
    assert code == 0
    items = json.loads(out)["items"]
    assert [(i["code"], i["kind"], i["breaking"]) for i in items] == [("input/missing", "added", False)]


def test_catalog_level_changes(tmp_path):
    old, new = make(tmp_path, [edit(HEAD, "type_base: https://verso.example/errors/",
                                    "type_base: https://verso.example/problems/"),
                               edit(HEAD, "locales: [en, de]", "locales: [en]")])
    changes = diff.compare(load_catalog(old), load_catalog(new))
    kinds = {(c.kind, c.code, c.breaking) for c in changes}
    assert ("type_base", None, True) in kinds
    assert ("locales", None, False) in kinds
    # The type URL paths move from /errors/ (shared with errors_path) to /problems/.
    gained = {c.detail for c in changes if c.kind == "permalink-gained"}
    assert "/problems/token/expired" in gained and "/problems/BAD_TOKEN" in gained
    assert not [c for c in changes if c.kind == "permalink-lost"]


def test_a_broken_catalog_is_reported_not_compared(tmp_path, capsys):
    old, new = make(tmp_path, [edit(AUTH, "status: 401", "status: 4011")])
    code, out = run_diff(capsys, str(old), str(new))
    assert code == 1
    assert "auth.yaml:4: status [token/expired]: must be between 100 and 599, not 4011" in out


def test_a_broken_catalog_still_gets_a_markdown_comment(tmp_path, capsys):
    """The pull-request comment step posts what it is given: never an empty file."""
    old, new = make(tmp_path, [edit(AUTH, "status: 401", "status: 4011"),
                               edit(INPUT, "status: 422", "status: 422\n  nonsense: 1")])
    code = cli.main(["diff", str(old), str(new), "--format", "markdown"])
    out = capsys.readouterr()
    assert code == 1
    assert out.out.startswith("### Error catalog: not compared\n")
    assert "auth.yaml:4: status [token/expired]: must be between 100 and 599, not 4011" in out.out
    assert "input.yaml" in out.out and "nonsense" in out.out
    assert "4011" in out.err  # the log says it too


def test_no_line_reports_a_value_that_did_not_change(tmp_path, capsys):
    """A retired code given a new successor: the successor changed, not the lifecycle."""
    old, new = make(tmp_path, [edit(AUTH, "replaced_by: token/invalid", "replaced_by: token/expired")])
    code, out = run_diff(capsys, str(old), str(new))
    assert code == 0
    assert 'lifecycle (replaced_by) "token/invalid" -> "token/expired"' in out
    for line in out.splitlines()[1:]:
        olds, _, news = line.partition(" -> ")
        assert not news or not olds.endswith(news), line


def test_usage_errors(tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["diff", str(BASE)])
    assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        cli.main(["diff", "--git", "HEAD", "a", "b"])
    assert info.value.code == 2


# -- --git REF ------------------------------------------------------------------

def git(repo: Path, *argv: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid", "GIT_CONFIG_GLOBAL": "/dev/null"}
    return subprocess.run(["git", *argv], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path) -> Path:
    """A repository whose catalog sits in a subfolder, committed once."""
    git(tmp_path, "init", "-q", "-b", "main")
    shutil.copytree(BASE, tmp_path / "api" / "catalog")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "catalog")
    return tmp_path


def cli_in(folder: Path, *argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "error_catalog", "diff", *argv], cwd=folder, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_git_mode_reads_old_from_a_revision_without_touching_the_tree(repo):
    catalog = repo / "api" / "catalog"
    edit(AUTH, "status: 401", "status: 403")(catalog)
    CASES["added"][0][0](catalog)
    proc = cli_in(repo, "--git", "HEAD", "api/catalog")
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.splitlines() == [
        "HEAD:api/catalog -> api/catalog: 2 changes, 1 breaking",
        "          input/missing: added",
        "BREAKING  token/expired: status 401 -> 403",
    ]
    # The working tree keeps its edits; nothing was checked out.
    assert "status: 403" in (catalog / AUTH).read_text(encoding="utf-8")
    assert git(repo, "status", "--porcelain").splitlines() == [" M api/catalog/errors/auth.yaml",
                                                              " M api/catalog/errors/input.yaml"]
    # From inside the folder, and against an older commit.
    git(repo, "commit", "-qam", "edit")
    proc = cli_in(catalog, "--git", "HEAD~1", ".", "--format", "json")
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["old"] == "HEAD~1:."
    assert cli_in(catalog, "--git", "HEAD", ".").returncode == 0


def test_git_mode_errors_name_the_revision(repo):
    catalog = repo / "api" / "catalog"
    proc = cli_in(repo, "--git", "no-such-ref", "api/catalog")
    assert proc.returncode == 1
    assert "no-such-ref: not a commit of the repository of api/catalog" in proc.stderr
    # A problem of the old copy is named REF:folder/file, never a temporary path.
    (catalog / HEAD).write_text((catalog / HEAD).read_text() + "colour: blue\n")
    git(repo, "commit", "-qam", "bad")
    git(repo, "revert", "--no-edit", "HEAD")
    proc = cli_in(repo, "--git", "HEAD~1", "api/catalog")
    assert proc.returncode == 1
    assert "HEAD~1:api/catalog/catalog.yaml:18: colour: unknown field" in proc.stderr
    assert "/tmp" not in proc.stderr

"""`error-catalog init`: a new site that builds strict and passes `check` as written."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from error_catalog import cli

FILES = [".gitignore", "README.md", "catalog/catalog.yaml", "catalog/errors/auth.yaml",
         "catalog/errors/payments.yaml", "catalog/permalinks.lock", "docs/index.md", "mkdocs.yml",
         "netlify.toml", "requirements.txt"]


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("CATALOG_DIR", None)
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True)


def files_in(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


@pytest.mark.slow
@pytest.mark.parametrize("service", ["Acme Pay", 'Zap: "beta" *edge* <b>&</b> {{ x }}'])
def test_init_writes_a_site_that_builds_strict_and_passes_check(tmp_path, service):
    target = tmp_path / "acme"
    assert cli.main(["init", str(target), "--service", service]) == 0
    assert files_in(target) == FILES
    check = run(target, "-m", "error_catalog", "check", "catalog")
    assert check.returncode == 0, check.stderr
    assert run(target, "-m", "error_catalog", "lock", "catalog", "--check").returncode == 0
    build = run(target, "-m", "mkdocs", "build", "--strict")
    assert build.returncode == 0, build.stdout + build.stderr
    site = target / "site"
    for rel in ["reference/auth/index.html", "reference/payments/index.html", "reference/index.html",
                "_redirects", "_headers", "errors.json", "404.html", "assets/error-catalog/errors.css"]:
        assert (site / rel).is_file(), rel
    # No host named: Netlify's forced rules, and a fallback page per path for any other host.
    assert (site / "errors" / "token" / "expired" / "index.html").is_file()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "<b>&</b>" not in home  # the name is text, never markup
    assert not (site / "guide").exists()
    assert "emitted-code gate" not in (site / "search" / "search_index.json").read_text(encoding="utf-8")


def test_the_service_name_comes_from_the_folder(tmp_path, capsys):
    assert cli.main(["init", str(tmp_path / "acme-pay")]) == 0
    assert "service: \"Acme Pay\"" in (tmp_path / "acme-pay" / "catalog" / "catalog.yaml").read_text()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert cli.main(["init", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path}: not an empty folder; init writes only into a new or empty one" in err
    assert files_in(tmp_path) == ["notes.txt"]


def test_init_into_an_empty_folder_and_no_temporary_files_left(tmp_path):
    assert cli.main(["init", str(tmp_path), "--service", "Acme"]) == 0
    assert files_in(tmp_path) == FILES  # no .tmp left behind by the atomic writes


def test_a_name_the_catalog_refuses_writes_nothing(tmp_path, capsys):
    assert cli.main(["init", str(tmp_path / "x"), "--service", "   "]) == 1
    assert "--service: the service needs a name" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()

"""Sources beside the docs: a service checked out outside the catalog's repository is
read only when the site names its folder (`allowed_roots` in mkdocs.yml, or
`check --allowed-root`); every other path outside the repository stays refused."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from error_catalog import cli

CODES = "token/expired\nauth/forbidden\npayment/declined\npayment/duplicate\n"
REFUSED = "leads outside the repository"


@pytest.fixture
def layout(tmp_path, monkeypatch):
    """T/docs: the docs repository (a new site); T/service: the service, a checkout of
    its own beside it; T/other: a folder nobody named."""
    docs = tmp_path / "docs"
    assert cli.main(["init", str(docs), "--service", "Acme", "--requirement", "error-catalog"]) == 0
    (docs / ".git").mkdir()
    for name in ("service", "other"):
        (tmp_path / name / "src").mkdir(parents=True)
        (tmp_path / name / "src" / "codes.txt").write_text(CODES, encoding="utf-8")
    (tmp_path / "service" / "src" / "errors.py").write_text('raise Err(code="payment/declined")\n')
    monkeypatch.chdir(docs)
    return tmp_path


def emit(layout: Path, *sources: str) -> None:
    catalog = layout / "docs" / "catalog" / "catalog.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8") + "emitted:\n" + "".join(sources), encoding="utf-8")


def check(capsys, *argv: str) -> tuple[int, str]:
    code = cli.main(["check", "catalog", *argv])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_a_source_outside_the_repository_is_refused_unless_its_folder_is_named(layout, capsys):
    emit(layout, "  - list: ../../service/src/codes.txt\n",
         "  - scan: ../../service/src/*.py\n    pattern: 'code=\"([^\"]+)\"'\n")
    code, out = check(capsys)
    assert code == 1 and out.count(REFUSED) == 2
    code, out = check(capsys, "--allowed-root", "../service")
    assert code == 0, out
    assert "catalog: 4 entries; 5 emitted value(s) from 2 source(s); 4 entries emitted, 0 error(s)" in out
    assert REFUSED not in out


def test_naming_one_folder_allows_no_other(layout, capsys):
    emit(layout, "  - list: ../../other/src/codes.txt\n")
    code, out = check(capsys, "--allowed-root", "../service")
    assert code == 1 and REFUSED in out
    assert "(allowed_roots, --allowed-root)" in out  # the refusal says how to allow it


def test_a_link_inside_an_allowed_folder_that_leads_out_is_refused(layout, capsys):
    secret = layout / "secret.txt"
    secret.write_text("TOP-SECRET-CODE\n", encoding="utf-8")
    os.symlink(secret, layout / "service" / "src" / "leak.txt")
    emit(layout, "  - list: ../../service/src/leak.txt\n")
    code, out = check(capsys, "--allowed-root", "../service")
    assert code == 1 and "a link to a file outside the repository; refused" in out
    assert "TOP-SECRET" not in out and str(secret) not in out


def test_absolute_paths_only_into_a_named_folder(layout, capsys):
    emit(layout, f"  - list: {layout / 'service' / 'src' / 'codes.txt'}\n")
    assert check(capsys)[0] == 1
    code, out = check(capsys, "--allowed-root", str(layout / "service"))
    assert code == 0, out


def test_an_allowed_root_that_is_not_a_folder(layout, capsys):
    code, out = check(capsys, "--allowed-root", "../nowhere")
    assert code == 1 and "--allowed-root ../nowhere: not a folder" in out


@pytest.mark.slow
def test_the_site_names_its_allowed_roots_in_mkdocs_yml(layout):
    emit(layout, "  - scan: ../../service/src\n    pattern: 'code=\"([^\"]+)\"'\n")
    config = layout / "docs" / "mkdocs.yml"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("CATALOG_DIR", None)

    def build() -> subprocess.CompletedProcess:
        # Run from elsewhere: the folders are relative to mkdocs.yml, not the working folder.
        return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", "docs/mkdocs.yml"], cwd=layout,
                              env=env, capture_output=True, text=True)

    refused = build()
    assert refused.returncode != 0 and REFUSED in refused.stderr
    text = config.read_text(encoding="utf-8")
    assert "  - error-catalog:\n" in text
    config.write_text(text.replace("  - error-catalog:\n", "  - error-catalog:\n      allowed_roots: [../service]\n"),
                      encoding="utf-8")
    allowed = build()
    assert allowed.returncode == 0, allowed.stderr
    assert (layout / "docs" / "site" / "reference" / "payments" / "index.html").is_file()


def test_import_reads_the_named_folder_too(layout, capsys):
    (layout / "service" / "src" / "codes.txt").write_text(CODES + "order/lost\n", encoding="utf-8")
    emit(layout, "  - list: ../../service/src/codes.txt\n")
    assert cli.main(["import", "catalog", "--category", "payments"]) == 1
    assert REFUSED in capsys.readouterr().err
    assert cli.main(["import", "catalog", "--category", "payments", "--allowed-root", "../service"]) == 0
    capsys.readouterr()
    code, out = check(capsys, "--allowed-root", "../service")
    assert code == 0 and "1 entry not yet explained" in out, out


def test_paths_through_links_to_the_same_folders(layout, capsys):
    """A checkout reached through a link (a CI workspace, macOS's /tmp), and an allowed
    folder named through one: the same real folders, so the same answer."""
    emit(layout, "  - list: ../../service/src/codes.txt\n",
         f"  - list: {layout / 'svc-link' / 'src' / 'codes.txt'}\n")
    os.symlink(layout / "docs", layout / "docs-link")
    os.symlink(layout / "service", layout / "svc-link")
    assert cli.main(["check", str(layout / "docs-link" / "catalog"), "--allowed-root", str(layout / "svc-link")]) == 0
    out = capsys.readouterr()
    assert REFUSED not in out.err and "8 emitted value(s) from 2 source(s)" in out.out, out

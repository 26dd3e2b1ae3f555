"""`error-catalog init`: a new site that builds strict and passes `check` as written."""
from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

from error_catalog import cli
from error_catalog.cli import requirement
from error_catalog.core.problems import Failure

FILES = [".gitignore", "README.md", "catalog/catalog.yaml", "catalog/errors/auth.yaml",
         "catalog/errors/payments.yaml", "catalog/permalinks.lock", "docs/index.md", "mkdocs.yml",
         "netlify.toml", "requirements.txt"]


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("CATALOG_DIR", None)
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True)


def files_in(folder: Path) -> list[str]:
    """The files of `folder`, but the tool's wheel (vendor/: only for a local install of the tool)."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and p.relative_to(folder).parts[0] != "vendor")


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


# -- what requirements.txt installs the tool from ---------------------------------

def _dist(tmp_path: Path, direct_url: dict | None) -> importlib.metadata.Distribution:
    """A real installed-distribution record (dist-info folder) as pip writes it."""
    info = tmp_path / "error_catalog-0.1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: error-catalog\nVersion: 0.1.0\n")
    if direct_url is not None:
        (info / "direct_url.json").write_text(json.dumps(direct_url))
    return importlib.metadata.PathDistribution(info)


@pytest.mark.parametrize("direct_url, line", [
    (None, "error-catalog==0.1.0"),  # from a package index
    ({"url": "https://github.com/acme/error-catalog.git",
      "vcs_info": {"vcs": "git", "commit_id": "0123456789abcdef0123456789abcdef01234567"}},
     "error-catalog @ git+https://github.com/acme/error-catalog.git@0123456789abcdef0123456789abcdef01234567"),
    ({"url": "https://files.acme.test/error_catalog-0.1.0-py3-none-any.whl",
      "archive_info": {"hashes": {"sha256": "ab" * 32}}},
     "error-catalog @ https://files.acme.test/error_catalog-0.1.0-py3-none-any.whl#sha256=" + "ab" * 32),
    # PEP 610's `subdirectory`: the project sits in a folder of the repository or the archive
    ({"url": "https://github.com/acme/tools.git", "subdirectory": "error-catalog",
      "vcs_info": {"vcs": "git", "commit_id": "0123456789abcdef0123456789abcdef01234567"}},
     "error-catalog @ git+https://github.com/acme/tools.git@0123456789abcdef0123456789abcdef01234567"
     "#subdirectory=error-catalog"),
    ({"url": "https://files.acme.test/tools-1.0.tar.gz", "subdirectory": "py/error-catalog",
      "archive_info": {"hashes": {"sha256": "ab" * 32}}},
     "error-catalog @ https://files.acme.test/tools-1.0.tar.gz#sha256=" + "ab" * 32 + "&subdirectory=py/error-catalog"),
    ({"url": "https://files.acme.test/tools-1.0.tar.gz", "subdirectory": "ec", "archive_info": {}},
     "error-catalog @ https://files.acme.test/tools-1.0.tar.gz#subdirectory=ec"),
])
def test_the_requirement_names_where_the_tool_came_from(tmp_path, direct_url, line):
    assert requirement.requirement(_dist(tmp_path, direct_url)) == (line, {})


def test_a_local_copy_of_the_tool_is_vendored_as_its_wheel(tmp_path):
    """A source folder (this repository, installed with `pip install -e .`) or a wheel on
    disk: paths no other machine has, so the site carries the wheel."""
    line, files = requirement.requirement(_dist(tmp_path / "a", {"url": ROOT.as_uri(),
                                                                 "dir_info": {"editable": True}}))
    assert line == "./vendor/error_catalog-0.1.0-py3-none-any.whl" and list(files) == [line[2:]]
    wheel = tmp_path / "error_catalog-0.1.0-py3-none-any.whl"
    wheel.write_bytes(files[line[2:]])
    with zipfile.ZipFile(wheel) as z:
        assert "error_catalog/cli/requirement.py" in z.namelist()
        assert "error_catalog/render/templates/entry.md.j2" in z.namelist()
    assert not (ROOT / "build").exists()  # built from a copy: nothing written into the source folder
    again = requirement.requirement(_dist(tmp_path / "b", {"url": wheel.as_uri(), "archive_info": {}}))
    assert again == (line, {line[2:]: wheel.read_bytes()})


def test_a_local_sdist_is_vendored_as_it_is(tmp_path):
    """pip installs an sdist as it installs a wheel: the site carries the archive it was installed from."""
    sdist = tmp_path / "error_catalog-0.1.0.tar.gz"
    sdist.write_bytes(b"\x1f\x8b not unpacked")
    assert requirement.requirement(_dist(tmp_path / "a", {"url": sdist.as_uri(), "archive_info": {}})) == (
        "./vendor/error_catalog-0.1.0.tar.gz", {"vendor/error_catalog-0.1.0.tar.gz": sdist.read_bytes()})


@pytest.mark.parametrize("make, subdirectory, finding", [
    (lambda p: p.mkdir(), "py", "{source}/py: could not build the tool's wheel for the new site: "),
    (lambda p: p.with_suffix(".tar.gz").write_bytes(b""), "py",
     "{source}.tar.gz: the tool was installed from the folder py inside this archive, which a requirements.txt "
     "line cannot name"),
    (lambda p: None, None, "{source}: could not read the archive the tool was installed from: "),
], ids=["folder-without-package", "archive-subdirectory", "missing-archive"])
def test_a_local_copy_that_cannot_be_vendored_fails_cleanly(tmp_path, make, subdirectory, finding):
    source = tmp_path / "tools"
    make(source)
    url = (source.with_suffix(".tar.gz") if source.with_suffix(".tar.gz").exists() else source).as_uri()
    info = {"url": url, "archive_info": {}, **({"subdirectory": subdirectory} if subdirectory else {})}
    with pytest.raises(Failure) as failed:
        requirement.requirement(_dist(tmp_path / "a", info))
    assert failed.value.report().startswith(finding.format(source=source))
    assert failed.value.advice == "Name the requirement with --requirement."


@pytest.mark.slow
def test_a_fresh_clone_of_the_new_site_installs_the_tool_as_written(tmp_path):
    """The README's commands in a clone of the new site, in a new virtual environment
    that has not got the tool: `pip install -r requirements.txt` installs it (from the
    vendored wheel here, as this copy is a source checkout), then the site builds and
    the catalog passes `check`. Tests reach no network: the tool's dependencies come
    from this environment's site-packages, linked one by one into a folder on the new
    environment's path, all but the tool's own files; pip runs with --no-index."""
    site = tmp_path / "acme"
    assert cli.main(["init", str(site), "--service", "Acme"]) == 0
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "init.defaultBranch=main"]
    for argv in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "new site"]):
        subprocess.run([*git, *argv], cwd=site, check=True)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(site), str(clone)], check=True)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = str(venv / "bin" / "python")
    purelib = subprocess.run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    deps = tmp_path / "deps"
    deps.mkdir()
    for p in Path(sysconfig.get_paths()["purelib"]).iterdir():
        if not p.name.startswith(("error_catalog", "__editable__", "_error_catalog")) and p.suffix != ".pth":
            (deps / p.name).symlink_to(p)
    (Path(purelib) / "deps.pth").write_text(f"{deps}\n")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    env.pop("CATALOG_DIR", None)
    env.pop("PYTHONPATH", None)

    def fresh(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run([py, *argv], cwd=clone, env=env, capture_output=True, text=True)

    assert fresh("-c", "import error_catalog").returncode != 0  # the control: not installed yet
    pip = fresh("-m", "pip", "install", "-q", "--no-deps", "-r", "requirements.txt")
    assert pip.returncode == 0, pip.stdout + pip.stderr
    where = fresh("-c", "import error_catalog; print(error_catalog.__file__)")
    assert where.stdout.startswith(str(venv)), where.stdout + where.stderr
    build = fresh("-m", "mkdocs", "build", "--strict")
    assert build.returncode == 0, build.stdout + build.stderr
    assert (clone / "site" / "reference" / "auth" / "index.html").is_file()
    check = fresh("-m", "error_catalog", "check", "catalog")
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_requirement_named_by_the_team_is_written_as_given(tmp_path):
    assert cli.main(["init", str(tmp_path / "s"), "--requirement", "error-catalog==0.1.0"]) == 0
    text = (tmp_path / "s" / "requirements.txt").read_text(encoding="utf-8")
    assert text.splitlines()[-1] == "error-catalog==0.1.0"
    assert not (tmp_path / "s" / "vendor").exists()

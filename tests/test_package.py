"""The installed tool under one name: the `error_catalog` package, the `error-catalog`
command on PATH, and nothing installed as `macros` (a name teams give their own
mkdocs-macros module). Files written by releases that ran as `python -m macros`
stay up to date."""
from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from error_catalog import cli
from error_catalog.cli import requirement

ROOT = Path(__file__).resolve().parent.parent
SUBCOMMANDS = ["validate", "check", "extract", "update", "lock", "init", "diff", "redirects", "import", "codegen",
               "openapi", "explain", "pages", "outputs"]


@pytest.mark.slow
def test_the_wheel_installs_error_catalog_and_no_macros_module(tmp_path):
    # As `init` builds it for a new site: pip, from a copy of the source (nothing written here).
    name, data = requirement.build_wheel(ROOT)
    wheel = tmp_path / name
    wheel.write_bytes(data)
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        top = {n.split("/")[0] for n in names if not n.split("/")[0].endswith((".dist-info", ".data"))}
        assert top == {"error_catalog"}
        (points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        text = z.read(points).decode()
    assert "[console_scripts]\nerror-catalog = error_catalog.cli:main" in text
    assert "[mkdocs.plugins]\nerror-catalog = error_catalog.plugin:ErrorCatalogPlugin" in text
    # What the plugin reads at build time ships inside the package.
    for part in ("plugin/assets/errors.css", "plugin/theme/404.html", "schema/errors.schema.json"):
        assert f"error_catalog/{part}" in names


def command() -> str:
    found = shutil.which("error-catalog", path=str(Path(sys.executable).parent))
    assert found, "the error-catalog console script is not installed beside this Python"
    return found


def test_the_command_on_path_lists_every_subcommand():
    proc = subprocess.run([command(), "--help"], capture_output=True, text=True)
    assert proc.returncode == 0
    assert proc.stdout.startswith("usage: error-catalog ")
    for name in SUBCOMMANDS:
        assert f"\n    {name} " in proc.stdout or f"\n    {name}\n" in proc.stdout, name


@pytest.mark.parametrize("argv, code", [(["validate", "catalog"], 0), (["validate", "no/such/folder"], 1),
                                        (["no-such-command"], 2)])
def test_the_command_python_m_and_main_agree(argv, code):
    by_script = subprocess.run([command(), *argv], cwd=ROOT, capture_output=True, text=True)
    by_module = subprocess.run([sys.executable, "-m", "error_catalog", *argv], cwd=ROOT,
                               capture_output=True, text=True)
    assert by_script.returncode == by_module.returncode == code
    assert by_script.stdout == by_module.stdout


def test_files_written_by_the_old_command_name_are_not_stale(tmp_path, capsys):
    catalog = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog", catalog)
    for f in [catalog / "permalinks.lock", *sorted((catalog / "locales").iterdir())]:
        text = f.read_text(encoding="utf-8")
        assert "`error-catalog " in text.split("\n\n")[0], f
        f.write_text(text.replace("`error-catalog ", "`python -m macros "), encoding="utf-8")
    assert cli.main(["lock", "--check", str(catalog)]) == 0
    assert cli.main(["update", "--check", str(catalog)]) == 0
    # A real change is still one, whatever the comment says.
    lock = catalog / "permalinks.lock"
    lock.write_text("\n".join(lock.read_text(encoding="utf-8").splitlines()[:-1]) + "\n", encoding="utf-8")
    assert cli.main(["lock", "--check", str(catalog)]) == 1
    assert "stale" in capsys.readouterr().err

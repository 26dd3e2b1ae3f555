"""The gate in real `mkdocs build`s: undocumented codes fail the build, never-emitted entries warn."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from conftest import FIXTURES, ROOT, run_build

pytestmark = pytest.mark.slow


@pytest.fixture
def mini(tmp_path):
    """The minimal catalog plus an `emitted:` list of codes next to it."""
    cat = tmp_path / "mini"
    shutil.copytree(FIXTURES / "minimal", cat)
    with open(cat / "catalog.yaml", "a", encoding="utf-8") as fh:
        fh.write("emitted:\n  - list: codes.txt\n")
    return cat


def test_undocumented_code_fails_until_an_alias_documents_it(mini, tmp_path):
    (mini / "codes.txt").write_text("token/expired\nVALIDATION_ERROR\n\nINVALID_INPUT  # from the v2 API\n")
    proc = run_build(mini, tmp_path / "out", check=False)
    assert proc.returncode != 0
    log = proc.stdout + proc.stderr
    where = mini / "codes.txt"  # outside the working folder: named in full
    assert f"{where}:4: code [INVALID_INPUT]: undocumented: no entry has this code, alias or number" in log
    assert "emitted-code gate: 1 problem(s); see above." in log
    assert "Traceback" not in log

    entries = mini / "errors" / "auth.yaml"
    entries.write_text(entries.read_text().replace(
        "- code: VALIDATION_ERROR\n", "- code: VALIDATION_ERROR\n  aliases: [INVALID_INPUT]\n"))
    run_build(mini, tmp_path / "out")  # raises with the log when it fails


def test_recorded_type_that_is_not_a_code_fails(mini, tmp_path):
    (mini / "codes.txt").write_text("token/expired\nVALIDATION_ERROR\n")
    (mini / "recorded.jsonl").write_text(
        '{"type": "https://mini.example/errors/token/expired", "status": 401, "code": "token/expired"}\n'
        '{"type": "https://mini.example/errors/not_a_code", "status": 400}\n')
    with open(mini / "catalog.yaml", "a", encoding="utf-8") as fh:
        fh.write("  - responses: recorded.jsonl\n")
    proc = run_build(mini, tmp_path / "out", check=False)
    assert proc.returncode != 0
    where = mini / "recorded.jsonl"
    assert (f"{where}:2: type [https://mini.example/errors/not_a_code]: undocumented: type_base + "
            "'not_a_code', and no entry has the code or alias 'not_a_code'") in proc.stdout + proc.stderr


def _mkdocs(catalog, out, *flags: str) -> subprocess.CompletedProcess:
    # Not `-q`: it raises the log level to ERROR, so `--strict` would never see
    # a warning (MkDocs counts only the records that reach its logger).
    env = {**os.environ, "CATALOG_DIR": str(catalog), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", *flags, "-d", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True)


def test_never_emitted_entry_warns_and_fails_only_strict(mini, tmp_path):
    (mini / "codes.txt").write_text("EXPIRED_TOKEN\n")  # an alias of token/expired; VALIDATION_ERROR unused
    warning = ("WARNING -  %s:11: code [VALIDATION_ERROR]: documented but no source in `emitted:` emits "
               "it; if the service no longer sends it, mark it `lifecycle: retired`" % (mini / "errors" / "auth.yaml"))
    relaxed = _mkdocs(mini, tmp_path / "a")
    assert relaxed.returncode == 0, relaxed.stderr
    assert warning in relaxed.stderr
    strict = _mkdocs(mini, tmp_path / "b", "--strict")
    assert strict.returncode == 1
    log = strict.stdout + strict.stderr
    assert warning in log and "Aborted with 1 warnings in strict mode!" in log


def test_site_catalog_builds_strict_with_the_gate(site):
    # The session build of catalog/ (mkdocs build --strict) ran the gate over
    # catalog/emitted-codes.txt: every active code is listed, no retired one.
    assert (site / "index.html").is_file()

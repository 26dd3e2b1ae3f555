"""The same catalog gives the same bytes on Python 3.11 and 3.13.

`http.HTTPStatus` renamed four reason phrases in 3.13 (413, 414, 416, 422);
the project's own table (`error_catalog/core/reasons.py`) makes the pages independent
of it. The other interpreter's environment is made once and cached by
`.ci/python-env` (a fresh machine spends about two minutes on it).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT, exclusive, shared_temp
from test_determinism import differences

from error_catalog.core.reasons import RFC9110, reason_phrase

OTHER = "3.13" if sys.version_info[:2] != (3, 13) else "3.11"

# Every envelope, every error status of the table, rendered by the running Python.
RENDER_ALL = """
import json, sys
from dataclasses import replace
from error_catalog.core.loader import load_catalog
from error_catalog.core.reasons import RFC9110
from error_catalog.render import responses
catalog = load_catalog(sys.argv[1])
entry = next(e for e in catalog.entries if e.status)
out = {}
for envelope in sorted(responses.ENVELOPES):
    c = replace(catalog, envelope=envelope)
    for status in sorted(s for s in RFC9110 if s >= 400):
        out[f"{envelope} {status}"] = responses.http_example(c, replace(entry, status=status)).text()
print(json.dumps(out, ensure_ascii=False, sort_keys=True))
"""


@pytest.fixture(scope="session")
def other_python(tmp_path_factory) -> str:
    with exclusive(shared_temp(tmp_path_factory) / "python-env.lock"):  # one maker among xdist workers
        proc = subprocess.run(["bash", str(ROOT / ".ci" / "python-env"), OTHER],
                              capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.fail(f"no Python {OTHER} environment: {proc.stderr[-2000:]}")
    return proc.stdout.strip().splitlines()[-1]


def render_all(python: str) -> dict[str, str]:
    proc = subprocess.run([python, "-c", RENDER_ALL, str(ROOT / "examples" / "livestream")],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def test_example_responses_are_the_same_on_both_versions(other_python):
    here, there = render_all(sys.executable), render_all(other_python)
    assert len(here) == 6 * len([s for s in RFC9110 if s >= 400])
    assert here == there
    # The phrases each framework sends, whatever the Python.
    assert here["nest 422"].startswith("HTTP/1.1 422 Unprocessable Entity\n")
    assert '"error": "Unprocessable Entity"' in here["nest 422"]
    assert '"error": "Payload Too Large"' in here["nest 413"]
    assert here["problem 422"].startswith("HTTP/1.1 422 Unprocessable Content\n")
    assert here["detail 413"].startswith("HTTP/1.1 413 Content Too Large\n")


def test_the_table_does_not_follow_the_running_python():
    assert [reason_phrase(s) for s in (413, 414, 416, 422)] == [
        "Content Too Large", "URI Too Long", "Range Not Satisfiable", "Unprocessable Content"]
    assert [reason_phrase(s, "nest") for s in (413, 422, 429)] == [
        "Payload Too Large", "Unprocessable Entity", "Too Many Requests"]
    assert reason_phrase(599) == "" and reason_phrase(None) == ""


@pytest.mark.slow
@pytest.mark.parametrize("name", ["livestream", "copilot"])
def test_sites_are_byte_identical_on_both_versions(name, other_python, build, tmp_path):
    """Every page, errors.json and the exports: NestJS phrases (livestream) and
    translated pages (copilot)."""
    here = build(ROOT / "examples" / name)
    there = tmp_path / "site"
    proc = subprocess.run([other_python, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(there)],
                          cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "CATALOG_DIR": str(ROOT / "examples" / name),
                               "NO_MKDOCS_2_WARNING": "1"})
    assert proc.returncode == 0, proc.stderr
    assert differences(here, there) == []
    assert (here / "errors.json").read_bytes() == (there / "errors.json").read_bytes()

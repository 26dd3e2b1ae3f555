"""`error-catalog import`: from the codes a service emits to catalog entries.

On a held-back catalog (tests/import_gap/) whose `emitted:` sources name codes
it lacks: import, then `check` passes, `check --strict` names every imported
entry, and a second import writes nothing. Every run is on a copy.
"""
from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, run_build
from error_catalog import cli
from error_catalog.cli import importing
from error_catalog.core import emitted, imported
from error_catalog.core.loader import load_catalog
from error_catalog.core.model import EmittedSource
from error_catalog.core.sightings import Found
from error_catalog.render.renderer import Renderer

GAP = Path(__file__).parent / "import_gap"
IMPORTED = ["auth/session_revoked", "9001", "payment_declined", "invoice/overdue", "quotaExceeded", "export/too_large"]


@pytest.fixture
def gap(tmp_path, monkeypatch):
    shutil.copytree(GAP, tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)  # messages name files relative to the working folder
    return tmp_path


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def imported_entries(path: str = "catalog/errors/imported.yaml") -> dict[str, dict]:
    return {e["code"]: e for e in yaml.safe_load(Path(path).read_text(encoding="utf-8"))}


def test_acceptance_import_then_check(gap, capsys):
    assert cli.main(["check", "catalog"]) == 1  # the gap: six emitted codes have no entry
    before = snapshot(gap)
    capsys.readouterr()

    assert cli.main(["import", "catalog", "--category", "general"]) == 0
    out = capsys.readouterr().out
    assert "wrote catalog/errors/imported.yaml: 6 entries" in out
    after = snapshot(gap)
    assert {k: v for k, v in after.items() if k != "catalog/errors/imported.yaml"} == before  # nothing else changed
    assert sorted(imported_entries()) == sorted(IMPORTED)

    assert cli.main(["check", "catalog"]) == 0
    capsys.readouterr()
    assert cli.main(["check", "catalog", "--strict"]) == 1
    err = capsys.readouterr().err
    named = [line for line in err.splitlines() if "not yet explained: write its cause" in line]
    assert sorted(line.split("[")[1].split("]")[0] for line in named) == sorted(IMPORTED)
    assert all(line.strip().startswith("catalog/errors/imported.yaml:") for line in named)

    assert cli.main(["import", "catalog"]) == 0
    assert "nothing to import" in capsys.readouterr().out
    assert snapshot(gap) == after  # the second run wrote nothing


def test_entries_carry_what_the_sources_know(gap):
    assert cli.main(["import", "catalog", "--category", "general"]) == 0
    got = imported_entries()
    # a recorded response: status and message; the enum's description as a first cause
    assert got["payment_declined"] == {
        "code": "payment_declined", "category": "billing", "title": "Your card was declined", "status": 402,
        "message": "Your card was declined", "cause": "The card issuer declined the charge.", "explained": False}
    # a recorded event: its surface, no HTTP status
    assert got["auth/session_revoked"]["surfaces"] == ["socket"]
    assert "status" not in got["auth/session_revoked"]
    assert got["auth/session_revoked"]["category"] == "auth"  # its first segment is a category
    assert got["9001"]["category"] == "general"  # inside the category's numbers
    assert got["export/too_large"]["title"] == "Export too large"  # a type URL: type_base + the code
    assert got["invoice/overdue"]["category"] == "billing"  # catalog.yaml `import: categories:`
    assert got["quotaExceeded"] == {"code": "quotaExceeded", "category": "general", "title": "Quota exceeded",
                                    "cause": "The workspace used up its monthly quota.", "explained": False}
    catalog = load_catalog("catalog")
    assert [e.code for e in catalog.entries if not e.explained] == [
        e.code for e in catalog.entries if e.file.endswith("imported.yaml")]


def test_a_code_without_a_category_is_named_and_the_rest_written(gap, capsys):
    assert cli.main(["import", "catalog"]) == 1  # not a terminal: nobody to ask
    err = capsys.readouterr().err
    assert "openapi.yaml:12: components.schemas.ErrorCode.enum[2] [quotaExceeded]: no category" in err
    assert sorted(imported_entries()) == sorted(set(IMPORTED) - {"quotaExceeded", "export/too_large"})
    assert cli.main(["import", "catalog", "--category", "general=quota*", "--category", "general=export/*"]) == 0
    assert list(imported_entries("catalog/errors/imported-2.yaml")) == ["quotaExceeded", "export/too_large"]
    assert cli.main(["check", "catalog"]) == 0


def test_unknown_category_option_writes_nothing(gap, capsys):
    before = snapshot(gap)
    assert cli.main(["import", "catalog", "--category", "nope"]) == 1
    assert "unknown category 'nope'" in capsys.readouterr().err
    assert snapshot(gap) == before


def test_the_question_takes_a_number_or_an_id(gap, capsys):
    catalog = load_catalog("catalog")
    draft = imported.Draft("quotaExceeded", imported.plan(catalog).drafts[0].seen)
    answers = iter(["7", "billing"])
    assert importing._ask(catalog, draft, lambda prompt: next(answers)) == "billing"
    assert "no category '7'" in capsys.readouterr().out
    assert importing._ask(catalog, draft, lambda prompt: "2") == "billing"
    assert importing._ask(catalog, draft, lambda prompt: "") is None


def test_a_code_sharing_an_anchor_is_not_imported(gap, capsys):
    with open("catalog/emitted-codes.txt", "a", encoding="utf-8") as fh:
        fh.write("AUTH/TOKEN_EXPIRED\n")
    assert cli.main(["import", "catalog", "--category", "general"]) == 1
    err = capsys.readouterr().err
    assert ("catalog/emitted-codes.txt:5: code [AUTH/TOKEN_EXPIRED]: cannot be imported: it shares its anchor "
            "or permalink with 'auth/token-expired' (catalog/errors/auth.yaml:1)") in err
    assert "AUTH/TOKEN_EXPIRED" not in imported_entries()
    assert cli.main(["validate", "catalog"]) == 0


def test_an_unreadable_source_stops_the_import(gap, capsys):
    Path("openapi.yaml").unlink()
    before = snapshot(gap)
    assert cli.main(["import", "catalog", "--category", "general"]) == 1
    assert "no file matches '../openapi.yaml'" in capsys.readouterr().err
    assert snapshot(gap) == before


def test_a_file_that_would_not_load_is_taken_back(gap, capsys, monkeypatch):
    monkeypatch.setattr(imported, "entries_yaml", lambda catalog, drafts: "- code: x\n  code: y\n")
    before = snapshot(gap)
    assert cli.main(["import", "catalog", "--category", "general"]) == 1
    err = capsys.readouterr().err
    assert "was not kept" in err
    # its problems name a file no longer there: the report says so before them
    assert err.startswith("catalog/errors/imported.yaml was written, did not load, and was removed; what it held:\n")
    assert snapshot(gap) == before


def test_messages_left_out_when_missing_translations_fail(gap):
    path = Path("catalog/catalog.yaml")
    path.write_text(path.read_text(encoding="utf-8") + "translations:\n  missing: fail\n", encoding="utf-8")
    Path("catalog/locales").mkdir()
    assert cli.main(["update", "catalog"]) == 0  # fr.po for the existing entry ...
    po = Path("catalog/locales/fr.po")
    head, _, tail = po.read_text(encoding="utf-8").rpartition('msgstr ""')  # the entry's (the header's is first)
    po.write_text(head + 'msgstr "Le jeton a expiré"' + tail, encoding="utf-8")
    assert cli.main(["validate", "catalog"]) == 0  # ... translated, so the catalog is valid
    assert cli.main(["import", "catalog", "--category", "general"]) == 0
    assert "message" not in imported_entries()["payment_declined"]
    assert cli.main(["check", "catalog"]) == 0


def test_openapi_descriptions_by_list_mapping_and_const(tmp_path):
    doc = tmp_path / "api.yaml"
    doc.write_text(
        "openapi: 3.1.0\ncomponents:\n  schemas:\n"
        "    A:\n      properties:\n        code:\n          enum: [a1, a2]\n"
        "          x-enum-descriptions: [First.]\n"
        "    B:\n      properties:\n        code:\n          enum: [b1]\n"
        "          x-enumDescriptions: {b1: '  Mapped.  '}\n"
        "    C:\n      properties:\n        code:\n          oneOf:\n"
        "            - {const: c1, description: By const.}\n            - {const: c2, title: Titled.}\n",
        encoding="utf-8")
    out = Found(tmp_path)
    emitted._READERS["openapi"](EmittedSource("openapi", "api.yaml"), str(doc), out)
    assert [s.value for s in out.sightings] == ["a1", "a2", "b1", "c1", "c2"]
    assert out.descriptions == {"a1": "First.", "b1": "Mapped.", "c1": "By const.", "c2": "Titled."}


def test_not_yet_explained_is_shown_on_the_entry(gap):
    catalog = load_catalog("catalog")
    entry = catalog.entry("auth/token-expired")
    shown = str(Renderer(catalog).entry_section(dataclasses.replace(entry, explained=False)))
    assert '<div class="ec-notice ec-draft" role="note"><p><strong>Not yet explained.</strong>' in shown
    assert "ec-draft" not in str(Renderer(catalog).entry_section(entry))


def test_explained_must_be_a_boolean(gap):
    path = Path("catalog/errors/auth.yaml")
    path.write_text(path.read_text(encoding="utf-8") + "  explained: later\n", encoding="utf-8")
    assert cli.main(["validate", "catalog"]) == 1


def test_import_rules_name_known_categories(gap, capsys):
    path = Path("catalog/catalog.yaml")
    path.write_text(path.read_text(encoding="utf-8").replace("    billing: ['payment_*'", "    bills: ['payment_*'"),
                    encoding="utf-8")
    assert cli.main(["validate", "catalog"]) == 1
    assert "import.categories: unknown category 'bills'" in capsys.readouterr().err


def test_without_emitted_sources_there_is_nothing_to_import(tmp_path, capsys):
    shutil.copytree(Path(__file__).parent / "fixtures" / "minimal", tmp_path / "c")
    before = snapshot(tmp_path)
    assert cli.main(["import", str(tmp_path / "c")]) == 0
    assert "declares no `emitted:` sources" in capsys.readouterr().out
    assert snapshot(tmp_path) == before


@pytest.mark.slow
def test_the_site_marks_imported_entries_and_strict_builds_fail(gap, capsys):
    assert cli.main(["import", "catalog", "--category", "general"]) == 0
    proc = run_build(gap / "catalog", gap / "site", check=False)
    assert proc.returncode == 1
    assert "explained [payment_declined]: not yet explained" in proc.stderr
    env = {**os.environ, "CATALOG_DIR": str(gap / "catalog"), "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(gap / "site")], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    page = (gap / "site" / "reference" / "billing" / "index.html").read_text(encoding="utf-8")
    section = page.split('id="payment-declined"', 1)[1].split("<h2", 1)[0]
    assert '<div class="ec-notice ec-draft" role="note"><p><strong>Not yet explained.</strong>' in section


@pytest.mark.parametrize("brk", ["\n", "\r", "\x85", "\u2028", "\u2029"])
def test_a_source_file_name_cannot_write_yaml_into_the_entry_file(gap, capsys, brk):
    # the name a comment carries would end it at a line break: the rest would be catalog YAML
    name = f"x{brk}- code: injected{brk}  category: general{brk}  title: Injected{brk}#.py"
    try:
        Path("src", name).write_text('raise ApiError("sneaky/code")\n', encoding="utf-8")
    except OSError:
        pytest.skip("this file system refuses the name")
    assert cli.main(["import", "catalog", "--category", "general"]) == 0
    assert sorted(imported_entries()) == sorted([*IMPORTED, "sneaky/code"])  # the drafts, nothing else
    assert "wrote catalog/errors/imported.yaml: 7 entries" in capsys.readouterr().out
    assert cli.main(["check", "catalog"]) == 0


@pytest.mark.parametrize("text", ["Ding\x07", "\x1b[31mCard declined\x1b[0m", "bad\ud800half"])
def test_a_message_a_catalog_cannot_hold_is_left_out_and_named(gap, capsys, text):
    # a log's colour codes or a bell in one recorded message must not block the other codes
    line = json.dumps({"surface": "http", "status": 400, "body": {"success": False, "error": {"code": "bell/code", "message": text}}})
    with open("recorded/http.jsonl", "a", encoding="utf-8", errors="surrogatepass") as fh:
        fh.write(line + "\n")
    assert cli.main(["import", "catalog", "--category", "general"]) == 0
    captured = capsys.readouterr()
    assert sorted(imported_entries()) == sorted([*IMPORTED, "bell/code"])
    assert imported_entries()["bell/code"] == {"code": "bell/code", "category": "general", "title": "Bell code",
                                                "status": 400, "explained": False}
    assert ("recorded/http.jsonl:4: error.message [bell/code]: left out of the imported entry: it holds "
            "control character U+") in captured.err
    assert cli.main(["validate", "catalog"]) == 0  # (check names the message still to write)

"""Recorded responses in the full form, checked against their entries (`core/recorded.py`).

Two halves: the shop fixture of test_gate (a `problem` catalog) with one
changed line per case, asserting the exact problem; and the five example
catalogs, whose recorded responses come from the seeds: `check --strict`
passes on each as shipped and fails, naming the file and line, when any
recorded status or message is changed.
"""
from __future__ import annotations

import json
import shutil

import pytest
from conftest import FIXTURES, ROOT

from error_catalog import cli
from error_catalog.core import gate
from error_catalog.core.loader import load_catalog

EXAMPLES = sorted(p.name for p in (ROOT / "examples").iterdir() if (p / "catalog.yaml").exists())
RECORDED = "recorded/responses.jsonl"


@pytest.fixture
def shop(tmp_path, monkeypatch):
    shutil.copytree(FIXTURES / "gate", tmp_path, dirs_exist_ok=True, symlinks=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def record(**fields) -> None:
    with open("service/recorded/2025-06.jsonl", "a", encoding="utf-8") as fh:
        fh.write(json.dumps(fields) + "\n")


def errors() -> list[str]:
    return [str(p) for p in gate.check(load_catalog("catalog")).errors]


LINE = "service/recorded/2025-06.jsonl:5"  # the fixture's file has four lines
GOOD = {"type": "https://api.shop.test/problems/cart/empty", "title": "Cart is empty", "status": 422,
        "detail": "The cart has no items.", "code": "cart/empty"}


def test_a_matching_record_passes(shop):
    record(surface="http", status=422, body=GOOD, seed="made up")
    assert errors() == []


@pytest.mark.parametrize("change, expected", [
    ({"status": 400}, [
        f"{LINE}: status [cart/empty]: 400, but the catalog gives cart/empty status 422 (catalog/errors/orders.yaml:15)",
        f"{LINE}: body.status [cart/empty]: 422, but the response's status is 400"]),
    ({"body": {**GOOD, "title": "Cart empty"}}, [
        f"{LINE}: body.title [cart/empty]: 'Cart empty', but the catalog's title is 'Cart is empty' "
        "(catalog/errors/orders.yaml:14)"]),
    ({"body": {k: v for k, v in GOOD.items() if k != "type"}}, [
        f"{LINE}: body.type [cart/empty]: missing: the problem envelope of the catalog has `type`"]),
    ({"body": {**GOOD, "type": "https://api.shop.test/problems/payment/declined"}}, [
        f"{LINE}: body.type [cart/empty]: the type URL resolves to payment/declined, not cart/empty",
        f"{LINE}: body.code: the response names more than one entry (cart/empty, payment/declined)"]),
    ({"locale": "fr"}, [f"{LINE}: locale [cart/empty]: 'fr' is not one of the catalog's locales (en)"]),
    ({"mode": "staging"}, [f"{LINE}: mode: must be one of production, development, not \"staging\""]),
    ({"headers": {"X-Error-Code": "cart/full"}}, [
        f"{LINE}: headers.X-Error-Code [cart/full]: undocumented: no entry has this code, alias or number"]),
])
def test_each_disagreement_is_named(shop, change, expected):
    record(**{"surface": "http", "status": 422, "body": GOOD, **change})
    assert sorted(errors()) == sorted(expected)


def test_production_records_carry_no_hidden_details(shop):
    with open("catalog/errors/orders.yaml", "a", encoding="utf-8") as fh:
        fh.write("- code: vault/locked\n  category: orders\n  title: Vault locked\n  status: 423\n"
                 "  number: 1006\n  expose_details: false\n  details: {reason: audit}\n")
    body = {"type": "https://api.shop.test/problems/vault/locked", "title": "Vault locked", "status": 423,
            "code": "vault/locked", "details": {"reason": "audit"}}
    record(surface="http", status=423, mode="development", body=body)
    record(surface="http", status=423, mode="production", body=body)
    assert errors() == ["service/recorded/2025-06.jsonl:6: body.details [vault/locked]: a production response "
                        "carries details, but vault/locked has expose_details: false (catalog/errors/orders.yaml:39)"]


def test_a_code_less_record_must_match_an_entry(shop):
    # The problem envelope carries `code`; without it and with a status the statuses
    # page does not describe, the response is undocumented.
    record(surface="http", status=422, body={"title": "Basket is empty", "status": 422})
    assert errors() == [f"service/recorded/2025-06.jsonl:5: body.title: no entry has status 422 and the message "
                        "'Basket is empty'; it carries no code, and its status has no `troubleshooting` text "
                        "on the statuses page"]


def test_the_old_and_the_full_form_mix(shop):
    record(surface="http", status=422, body=GOOD)
    with open("service/recorded/2025-06.jsonl", "a", encoding="utf-8") as fh:
        fh.write('{"code": "cart/empty"}\n{"surface": "http", "status": "422", "body": []}\n')
    assert errors() == [
        "service/recorded/2025-06.jsonl:7: body: must be a JSON object (the response body or the event's payload)",
        "service/recorded/2025-06.jsonl:7: status: must be an HTTP status (100-599), not \"422\""]


# -- the five examples -------------------------------------------------------------

def check_strict(folder) -> tuple[int, str]:
    import contextlib
    import io
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        code = cli.main(["check", "--strict", str(folder)])
    return code, err.getvalue() + out.getvalue()


@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_pass_check_strict_with_their_recorded_responses(name):
    catalog = load_catalog(ROOT / "examples" / name)
    assert any(s.kind == "responses" for s in catalog.emitted), f"{name} declares no responses source"
    code, text = check_strict(ROOT / "examples" / name)
    assert code == 0, text


def _message_field(body: dict) -> str | None:
    for path in ("error.message", "title", "message", "detail"):
        node = body
        for part in path.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, str):
            return path
    return None


def _set(body: dict, path: str, value) -> None:
    *head, last = path.split(".")
    for part in head:
        body = body[part]
    body[last] = value


@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_fail_when_a_recorded_status_or_message_changes(name, tmp_path):
    """Every record of every example: a changed message (and, for HTTP records,
    status) fails `check --strict` and names the line (LVNG's simple-shape records
    against the responses of its `shapes:`)."""
    shutil.copytree(ROOT / "examples" / name, tmp_path / name)
    path = tmp_path / name / RECORDED
    lines = path.read_text(encoding="utf-8").splitlines()
    tried = 0
    for i, line in enumerate(lines):
        rec = json.loads(line)
        body = rec["body"]
        changes = []
        if rec.get("status") is not None:
            changes.append(("status", {**rec, "status": 418 if rec["status"] != 418 else 419}))
        field = _message_field(body)
        if field:
            changed = json.loads(json.dumps(body))
            _set(changed, field, "Something else entirely")
            changes.append((field, {**rec, "body": changed}))
        for what, new in changes:
            path.write_text("\n".join(lines[:i] + [json.dumps(new, ensure_ascii=False)] + lines[i + 1:]) + "\n",
                            encoding="utf-8")
            code, text = check_strict(tmp_path / name)
            assert code == 1, f"{name} line {i + 1}: changing {what} went unnoticed"
            assert f"{RECORDED}:{i + 1}:" in text, text
            tried += 1
    assert tried >= len(lines)

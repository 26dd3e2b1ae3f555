"""The emitted-code gate: each source kind, each failure, exact messages.

The fixture `tests/fixtures/gate` is a small shop API: `catalog/` declares all
four source kinds over `service/`, and every active entry is emitted. Each case
copies it, changes one thing and asserts the exact problems.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from conftest import FIXTURES, ROOT, without_root_file_access

from error_catalog import cli
from error_catalog.core import gate
from error_catalog.core.loader import load_catalog
from error_catalog.core.problems import CatalogError


@pytest.fixture
def shop(tmp_path, monkeypatch):
    shutil.copytree(FIXTURES / "gate", tmp_path, dirs_exist_ok=True, symlinks=True)
    monkeypatch.chdir(tmp_path)  # messages name files relative to the working folder
    return tmp_path


def findings() -> gate.Findings:
    return gate.check(load_catalog("catalog"))


def errors() -> list[str]:
    return [str(p) for p in findings().errors]


def append(path: str, text: str) -> None:
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(text)


def set_emitted(yaml_items: str) -> None:
    """Replace the `emitted:` section of the shop's catalog.yaml."""
    path = "catalog/catalog.yaml"
    text = open(path, encoding="utf-8").read()
    head = text[:text.index("emitted:\n")]
    open(path, "w", encoding="utf-8").write(head + "emitted:\n" + yaml_items)


UNDOC = "undocumented: no entry has this code, alias or number"
RETIRED = ("'LEGACY_TIMEOUT' is retired (catalog/errors/orders.yaml:23) but still emitted; "
           "stop emitting it, or set its lifecycle back to deprecated")


def test_fixture_is_clean(shop):
    f = findings()
    assert f.errors == [] and f.unused == []
    # 2 listed + 3 scanned (the binary file is skipped) + 3 + 2 enum values + 6 from responses.
    assert (f.sightings, f.documented, f.sources) == (16, 5, 5)


def test_no_emitted_sources_means_no_check(shop):
    set_emitted("")
    text = open("catalog/catalog.yaml").read().replace("emitted:\n", "")
    open("catalog/catalog.yaml", "w").write(text)
    assert findings() == gate.Findings()


# -- documented, undocumented, alias, retired: one table for every source kind --

CASES = [
    # list
    ("list-undocumented", "service/emitted-codes.txt", "UNKNOWN_CODE\n",
     [f"service/emitted-codes.txt:4: code [UNKNOWN_CODE]: {UNDOC}"]),
    ("list-retired", "service/emitted-codes.txt", "LEGACY_TIMEOUT   # still raised by SDK 0.9\n",
     [f"service/emitted-codes.txt:4: code [LEGACY_TIMEOUT]: {RETIRED}"]),
    ("list-alias-and-number", "service/emitted-codes.txt", "ORDER_MISSING\n1001\n# 9999 is a comment\n\n", []),
    ("list-two-words", "service/emitted-codes.txt", "cart/empty order/not_found\n",
     ["service/emitted-codes.txt:4: one code per line; found 2 words (cart/empty order/not_found)"]),
    # scan
    ("scan-undocumented-seen-twice", "service/src/refunds.py",
     'def refund(order):\n    raise ApiError(code="refund/window_closed")\n\n'
     'def refund_all():\n    raise ApiError(code="refund/window_closed")\n',
     [f"service/src/refunds.py:2: code [refund/window_closed]: {UNDOC} "
      "(also seen at service/src/refunds.py:5)"]),
    ("scan-retired", "service/src/payments/charge.py", 'raise ApiError(code="LEGACY_TIMEOUT")\n',
     [f"service/src/payments/charge.py:10: code [LEGACY_TIMEOUT]: {RETIRED}"]),
    ("scan-alias", "service/src/orders.py", 'raise ApiError(code="ORDER_MISSING")\n', []),
    # openapi: enums of a `code` property (through $ref) and of a schema named in `schemas:`
    ("openapi-undocumented", "service/openapi.yaml", "        - gift_card/expired\n",
     ["service/openapi.yaml:19: components.schemas.ErrorCode.enum[3] [gift_card/expired]: " + UNDOC]),
    ("openapi-retired", "service/openapi.yaml", "        - LEGACY_TIMEOUT\n",
     [f"service/openapi.yaml:19: components.schemas.ErrorCode.enum[3] [LEGACY_TIMEOUT]: {RETIRED}"]),
    ("openapi-alias-and-null", "service/openapi.yaml", "        - ORDER_MISSING\n        - null\n", []),
    ("openapi-bad-value", "service/openapi.yaml", "        - [a, b]\n",
     ["service/openapi.yaml:19: components.schemas.ErrorCode.enum[3]: "
      "an error code must be text or a number, not ['a', 'b']"]),
    # responses
    ("responses-type-not-a-code", "service/recorded/2025-06.jsonl",
     '{"type": "https://api.shop.test/problems/not_a_code", "status": 400}\n',
     ["service/recorded/2025-06.jsonl:5: type [https://api.shop.test/problems/not_a_code]: "
      "undocumented: type_base + 'not_a_code', and no entry has the code or alias 'not_a_code'"]),
    ("responses-type-outside-base", "service/recorded/2025-06.jsonl",
     '{"type": "about:blank", "status": 404, "code": "order/not_found"}\n',
     ["service/recorded/2025-06.jsonl:5: type [about:blank]: not under type_base "
      "https://api.shop.test/problems/: every type must be type_base + a code or alias"]),
    ("responses-code-undocumented", "service/recorded/2025-06.jsonl",
     '{"type": "https://api.shop.test/problems/cart/empty", "code": "cart/emptied"}\n',
     [f"service/recorded/2025-06.jsonl:5: code [cart/emptied]: {UNDOC}"]),
    ("responses-documentation-url", "service/recorded/2025-06.jsonl",
     '{"error": {"code": "cart/empty", "documentation_url": "https://docs.shop.test/errors/1999"}}\n'
     '{"error": {"code": "cart/empty", "documentation_url": "https://shop.test/help/1002"}}\n',
     ["service/recorded/2025-06.jsonl:5: error.documentation_url [https://docs.shop.test/errors/1999]: "
      "undocumented: documentation_base + '1999', and no entry has that number",
      "service/recorded/2025-06.jsonl:6: error.documentation_url [https://shop.test/help/1002]: not under "
      "documentation_base https://docs.shop.test/errors/: it must be documentation_base + an entry's number"]),
    ("responses-retired-type", "service/recorded/2025-06.jsonl",
     '{"type": "https://api.shop.test/problems/LEGACY_TIMEOUT"}\n',
     [f"service/recorded/2025-06.jsonl:5: type [https://api.shop.test/problems/LEGACY_TIMEOUT]: {RETIRED}"]),
    ("responses-numeric-code-and-alias", "service/recorded/2025-06.jsonl",
     '{"code": 1002, "type": "https://api.shop.test/problems/ORDER_MISSING"}\n', []),
    ("responses-malformed-line", "service/recorded/2025-06.jsonl",
     '{"code": "cart/empty", "status": 422\n["not", "an", "object"]\n{"code": {"nested": 1}}\n',
     ["service/recorded/2025-06.jsonl:5: invalid JSON: Expecting ',' delimiter (column 37)",
      "service/recorded/2025-06.jsonl:6: a recorded response must be a JSON object",
      'service/recorded/2025-06.jsonl:7: code: must be text or a number, not {"nested": 1}']),
]


@pytest.mark.parametrize("name, path, text, expected", CASES, ids=[c[0] for c in CASES])
def test_sources(shop, name, path, text, expected):
    append(path, text)
    f = findings()
    assert [str(p) for p in f.errors] == expected
    if not expected:
        assert f.unused == []


def test_entry_or_alias_makes_it_pass(shop):
    append("service/emitted-codes.txt", "GIFT_CARD_EXPIRED\n")
    assert errors() == [f"service/emitted-codes.txt:4: code [GIFT_CARD_EXPIRED]: {UNDOC}"]
    append("catalog/errors/orders.yaml",
           "- code: gift_card/expired\n  category: orders\n  title: Gift card expired\n"
           "  aliases: [GIFT_CARD_EXPIRED]\n")
    assert findings().errors == []


def test_unused_entries_are_reported_unless_retired(shop):
    # cart/empty is emitted by the scan and the OpenAPI document; drop both.
    os.remove("service/src/orders.py")
    text = open("service/openapi.yaml").read().replace("        - cart/empty\n", "")
    open("service/openapi.yaml", "w").write(text)
    f = findings()
    assert f.errors == []
    # LEGACY_TIMEOUT is never emitted either, but it is retired: not reported.
    assert [str(p) for p in f.unused] == [
        "catalog/errors/orders.yaml:12: code [cart/empty]: documented but no source in `emitted:` "
        "emits it; if the service no longer sends it, mark it `lifecycle: retired`"]


def test_type_without_type_base_is_a_code(shop):
    text = open("catalog/catalog.yaml").read().replace("  type_base: https://api.shop.test/problems/\n", "")
    open("catalog/catalog.yaml", "w").write(text)
    # The fixture's recorded type URLs now have no base to be checked against.
    assert errors() == [
        "service/recorded/2025-06.jsonl:1: type [https://api.shop.test/problems/order/not_found]: "
        "a type URL, but catalog.yaml sets no permalinks.type_base to check it against",
        "service/recorded/2025-06.jsonl:2: type [https://api.shop.test/problems/ORDER_MISSING]: "
        "a type URL, but catalog.yaml sets no permalinks.type_base to check it against"]
    # Socket.IO-style records whose `type` is the code itself.
    open("service/recorded/2025-06.jsonl", "w").write(
        '{"type": "cart/empty", "message": "x"}\n{"type": "CART_GONE", "message": "x"}\n')
    assert errors() == [
        "service/recorded/2025-06.jsonl:2: type [CART_GONE]: undocumented: no entry has this code or alias "
        "(with no type_base, a type is read as a code)"]


# -- sources that cannot be used ----------------------------------------------------

def test_unreadable_files(shop):
    os.symlink("gone.py", "service/src/broken.py")  # a link to nothing: unreadable, even for root
    os.symlink("missing.txt", "service/codes-link.txt")
    set_emitted("  - list: ../service/codes-link.txt\n"
                "  - scan: ../service/src/**/*.py\n    pattern: 'code=\"([^\"]+)\"'\n"
                "  - responses: ../service/recorded/nothing-*.jsonl\n")
    f = findings()
    assert [str(p) for p in f.errors] == [
        "catalog/catalog.yaml:12: emitted[0].list: cannot read service/codes-link.txt: No such file or directory",
        "catalog/catalog.yaml:13: emitted[1].scan: cannot read service/src/broken.py: No such file or directory",
        "catalog/catalog.yaml:15: emitted[2].responses: no file matches '../service/recorded/nothing-*.jsonl' "
        "(paths are relative to the catalog folder catalog)"]
    assert f.unused == []  # with a source unread, "never emitted" would be a guess


def test_not_utf8_list(shop):
    with open("service/emitted-codes.txt", "ab") as fh:
        fh.write(b"caf\xe9\ncart/empty\n")
    assert errors() == ["service/emitted-codes.txt:4: not UTF-8 text (byte 4 of the line)"]


def test_permission_denied(shop):
    """A file the build may not read. Root reads any file whatever its mode, so the
    check runs in a child process without the capabilities that let root do so."""
    os.chmod("service/emitted-codes.txt", 0)
    proc = subprocess.run([sys.executable, "-m", "error_catalog", "check", "catalog"], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, preexec_fn=without_root_file_access)
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[1:] == ["  catalog/catalog.yaml:12: emitted[0].list: cannot read "
                                            "service/emitted-codes.txt: Permission denied"]


@pytest.mark.parametrize("emitted, expected", [
    ("  - scan: src\n    pattern: 'code=\"([^\"]+\"'\n",
     "catalog/catalog.yaml:13: emitted[0].pattern: invalid regular expression: "
     "missing ), unterminated subpattern at position 6"),
    ("  - scan: src\n    pattern: 'code=\\w+'\n",
     "catalog/catalog.yaml:13: emitted[0].pattern: the pattern has no group: put the code in group 1, "
     "like 'code=\"([^\"]+)\"'"),
    ("  - scan: src\n",
     "catalog/catalog.yaml:12: emitted[0].scan: needs `pattern` alongside it"),
    ("  - list: a.txt\n    pattern: 'x(y)'\n",
     "catalog/catalog.yaml:13: emitted[0].pattern: needs `scan` alongside it"),
    ("  - responses: r.jsonl\n    schemas: [A]\n",
     "catalog/catalog.yaml:13: emitted[0].schemas: needs `openapi` alongside it"),
    ("  - list: a.txt\n    openapi: o.yaml\n",
     "catalog/catalog.yaml:12: emitted[0]: needs exactly one of list, scan, openapi, responses; "
     "found list and openapi"),
    ("  - {}\n",
     "catalog/catalog.yaml:12: emitted[0]: needs exactly one of list, scan, openapi, responses"),
    ("  - grep: src\n",
     "catalog/catalog.yaml:12: emitted[0].grep: unknown field; allowed: list, openapi, pattern, "
     "responses, scan, schemas"),
])
def test_bad_declarations(shop, emitted, expected):
    set_emitted(emitted)
    with pytest.raises(CatalogError) as e:
        load_catalog("catalog")
    assert expected in [str(p) for p in e.value.problems]


OPENAPI_CASES = [
    ("yaml-syntax", "openapi: 3.0.0\ncomponents:\n  schemas:\n    E:\n      type: object\n     properties: {}\n",
     ["service/openapi.yaml:6: invalid YAML: while parsing a block mapping (from line 4), did not find expected key"]),
    ("swagger-2", 'swagger: "2.0"\ndefinitions: {}\n',
     ["service/openapi.yaml:1: openapi: not an OpenAPI 3 document: `openapi` must be a version 3.x, not None"]),
    ("not-a-mapping", "- just\n- a list\n",
     ["service/openapi.yaml:1: not an OpenAPI document: expected a mapping at the top"]),
    ("schemas-not-a-mapping", "openapi: 3.1.0\ncomponents:\n  schemas: [a, b]\n",
     ["service/openapi.yaml:3: components.schemas: must be a mapping of schema names to schemas"]),
    ("no-enum", "openapi: 3.1.0\ncomponents:\n  schemas:\n    Problem:\n      type: object\n"
                "      properties:\n        code: {type: string}\n",
     ["service/openapi.yaml:3: components.schemas: no error-code enum found: looked for enums of properties "
      "named code or error_code in components.schemas; name the schemas that hold the codes with "
      "`schemas:` in catalog.yaml"]),
    ("external-ref", "openapi: 3.1.0\ncomponents:\n  schemas:\n    Problem:\n      properties:\n"
                     "        error_code: {$ref: 'codes.yaml#/ErrorCode'}\n",
     ["service/openapi.yaml:6: components.schemas.Problem.properties.error_code.$ref: only local references "
      "('#/...') are followed, not 'codes.yaml#/ErrorCode'",
      "service/openapi.yaml:3: components.schemas: no error-code enum found: looked for enums of properties "
      "named code or error_code in components.schemas; name the schemas that hold the codes with "
      "`schemas:` in catalog.yaml"]),
    ("dangling-ref", "openapi: 3.1.0\ncomponents:\n  schemas:\n    Problem:\n      properties:\n"
                     "        code: {$ref: '#/components/schemas/Nope'}\n",
     ["service/openapi.yaml:6: components.schemas.Problem.properties.code.$ref: "
      "'#/components/schemas/Nope' points to nothing in this document",
      "service/openapi.yaml:3: components.schemas: no error-code enum found: looked for enums of properties "
      "named code or error_code in components.schemas; name the schemas that hold the codes with "
      "`schemas:` in catalog.yaml"]),
    ("ref-cycle", "openapi: 3.1.0\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n"
                  "    B: {$ref: '#/components/schemas/A'}\n"
                  "    P: {properties: {code: {$ref: '#/components/schemas/A'}}}\n",
     ["service/openapi.yaml:5: components.schemas.B.$ref: more than 64 $ref hops (a cycle?) at "
      "'#/components/schemas/A'",
      "service/openapi.yaml:3: components.schemas: no error-code enum found: looked for enums of properties "
      "named code or error_code in components.schemas; name the schemas that hold the codes with "
      "`schemas:` in catalog.yaml"]),
    # Nested properties, arrays of codes, compositions and const are all read.
    ("deep", "openapi: 3.1.0\ncomponents:\n  schemas:\n    Envelope:\n      type: object\n"
             "      properties:\n        error:\n          allOf:\n            - properties:\n"
             "                code: {oneOf: [{const: cart/empty}, {enum: [order/not_found]}]}\n"
             "        errors:\n          type: array\n          items:\n            properties:\n"
             "              error_code: {type: array, items: {enum: [inventory/reserved, cart/emptied]}}\n",
     ["service/openapi.yaml:15: components.schemas.Envelope.properties.errors.items.properties.error_code."
      "items.enum[1] [cart/emptied]: " + UNDOC]),
]


@pytest.mark.parametrize("name, text, expected", OPENAPI_CASES, ids=[c[0] for c in OPENAPI_CASES])
def test_openapi_documents(shop, name, text, expected):
    open("service/openapi.yaml", "w").write(text)
    assert sorted(errors()) == sorted(expected)


def test_openapi_json_malformed_and_missing_schema(shop):
    open("service/openapi.json", "w").write('{\n  "openapi": "3.1.0",\n  "components": {"schemas": {}},\n}\n')
    assert errors() == ["service/openapi.json:4: invalid JSON: Expecting property name enclosed in double "
                        "quotes (column 1)"]
    open("service/openapi.json", "w").write('{"openapi": "3.1.0", "components": {"schemas": {"Other": {}}}}\n')
    assert errors() == [
        "catalog/catalog.yaml:16: emitted[3].schemas: no schema 'PaymentErrorCode' in service/openapi.json "
        "components.schemas (known: Other)",
        "service/openapi.json:1: components.schemas: no error-code enum found: looked for enums of properties "
        "named code or error_code in components.schemas; name the schemas that hold the codes with "
        "`schemas:` in catalog.yaml"]


def test_responses_without_anything_to_check(shop):
    open("service/recorded/2025-06.jsonl", "w").write('{"detail": "Not Found"}\n')
    assert errors() == ["catalog/catalog.yaml:18: emitted[4].responses: service/recorded/2025-06.jsonl: no "
                        "recorded response has a code, type, documentation_url (at the top or inside `error`) or a `body`; "
                        "nothing to check"]


def test_every_problem_of_every_source_in_one_run(shop):
    append("service/emitted-codes.txt", "A_ONE\n")
    append("service/src/orders.py", 'raise ApiError(code="B_TWO")\n')
    append("service/openapi.yaml", "        - C_THREE\n")
    append("service/recorded/2025-06.jsonl", "not json\n")
    assert [e.split(": ")[0] for e in errors()] == [
        "service/emitted-codes.txt:4", "service/openapi.yaml:19",
        "service/recorded/2025-06.jsonl:5", "service/src/orders.py:14"]


def test_many_sightings_are_summarised(shop):
    append("service/emitted-codes.txt", "X\n" * 6)
    assert errors() == [f"service/emitted-codes.txt:4: code [X]: {UNDOC} (also seen at "
                        "service/emitted-codes.txt:5, service/emitted-codes.txt:6, service/emitted-codes.txt:7 "
                        "and 2 more)"]


# -- error-catalog check ----------------------------------------------------------

def test_check_exit_codes(shop, capsys):
    assert cli.main(["check", "catalog", "--strict"]) == 0
    out = capsys.readouterr()
    assert out.out == ("catalog: 6 entries; 16 emitted value(s) from 5 source(s); 5 entries emitted, "
                       "0 error(s), 0 never emitted\n")

    os.remove("service/src/orders.py")  # cart/empty is still in the OpenAPI enum; order/not_found too
    text = open("service/openapi.yaml").read().replace("        - cart/empty\n", "")
    open("service/openapi.yaml", "w").write(text)
    assert cli.main(["check", "catalog"]) == 0  # never emitted: a warning
    assert "1 entry that no source emits (warnings; --strict fails on them):\n  catalog/errors/orders.yaml:12: " \
        "code [cart/empty]" in capsys.readouterr().err
    assert cli.main(["check", "catalog", "--strict"]) == 1
    assert "(errors under --strict)" in capsys.readouterr().err

    append("service/emitted-codes.txt", "NOPE\n")
    assert cli.main(["check", "catalog"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("The emitted-code gate found 1 problem:\n  service/emitted-codes.txt:4: code [NOPE]: ")

    append("catalog/errors/orders.yaml", "- code: broken\n")
    assert cli.main(["check", "catalog"]) == 1
    assert capsys.readouterr().err.startswith("The catalog has ")

    with pytest.raises(SystemExit) as e:
        cli.main(["check", "--no-such-option"])
    assert e.value.code == 2


def test_check_command_line(shop):
    """The real entry point, as a pre-commit hook runs it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    ok = subprocess.run([sys.executable, "-m", "error_catalog", "check", "catalog"], env=env,
                        capture_output=True, text=True)
    assert (ok.returncode, ok.stderr) == (0, "")
    append("service/emitted-codes.txt", "NOPE\n")
    bad = subprocess.run([sys.executable, "-m", "error_catalog", "check", "catalog"], env=env,
                         capture_output=True, text=True)
    assert bad.returncode == 1
    assert f"service/emitted-codes.txt:4: code [NOPE]: {UNDOC}" in bad.stderr


def test_site_catalog_passes_strict(capsys):
    assert cli.main(["check", str(ROOT / "catalog"), "--strict"]) == 0
    assert "0 error(s), 0 never emitted" in capsys.readouterr().out

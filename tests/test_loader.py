"""The loader: every rule of the contract, each with the exact message users read."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from error_catalog.core.loader import load_catalog
from error_catalog.core.problems import CatalogError

HEAD = """\
service: Demo
envelope: problem
categories:
  - id: auth
    title: Auth
    numbers: 1000-1999
  - id: data
    title: Data
"""

ENTRY = """\
- code: token/expired
  category: auth
  title: Token has expired
  status: 401
  number: 1001
"""


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def problems_of(root: Path) -> list[str]:
    with pytest.raises(CatalogError) as info:
        load_catalog(root)
    return [str(p).replace(str(root) + "/", "") for p in info.value.problems]


# (id, files, expected report lines). Files default to a valid head and entry.
CASES = [
    ("missing-service", {"catalog.yaml": HEAD.replace("service: Demo\n", "")},
     ["catalog.yaml:1: service: missing (required)"]),
    ("bad-envelope", {"catalog.yaml": HEAD.replace("envelope: problem", "envelope: soap")},
     ["catalog.yaml:2: envelope: must be one of problem, simple, structured, wrapped, detail, nest, not 'soap'"]),
    ("unknown-head-key", {"catalog.yaml": HEAD + "colour: blue\n"},
     ["catalog.yaml:9: colour: unknown field; allowed: categories, emitted, envelope, events, headers, import, locales, "
      "permalinks, service, shapes, surfaces, translations, troubleshooting, versions, wire_codes"]),
    ("bad-category-id", {"catalog.yaml": HEAD.replace("id: data", "id: Data Stuff")},
     ["catalog.yaml:7: categories[1].id: 'Data Stuff' is not a valid id: use lower-case letters, "
      "digits and '-', starting with a letter or digit"]),
    ("empty-range", {"catalog.yaml": HEAD.replace("1000-1999", "1999-1000")},
     ["catalog.yaml:6: categories[0].numbers: range 1999-1000 is empty (start above end)"]),
    ("duplicate-category", {"catalog.yaml": HEAD.replace("id: data", "id: auth")},
     ["catalog.yaml:7: categories[1].id: category 'auth' is defined twice (first on line 4)"]),
    ("duplicate-yaml-key", {"errors/a.yaml": ENTRY + "  title: Again\n"},
     ["errors/a.yaml:6: title [token/expired]: duplicate key 'title' (first set on line 3)"]),
    ("yaml-syntax", {"errors/a.yaml": ENTRY + "- code: [unclosed\n"},
     ["errors/a.yaml:7: invalid YAML: while parsing a flow sequence (from line 6), did not find expected ',' or ']'"]),
    ("missing-title", {"errors/a.yaml": ENTRY.replace("  title: Token has expired\n", "")},
     ["errors/a.yaml:1: title [token/expired]: missing (required)"]),
    ("status-type", {"errors/a.yaml": ENTRY.replace("status: 401", "status: '401'")},
     ["errors/a.yaml:4: status [token/expired]: must be an integer, not text '401'"]),
    ("status-range", {"errors/a.yaml": ENTRY.replace("status: 401", "status: 700")},
     ["errors/a.yaml:4: status [token/expired]: must be between 100 and 599, not 700"]),
    ("bad-code-chars", {"errors/a.yaml": ENTRY.replace("token/expired", "token expired")},
     ["errors/a.yaml:1: code: 'token expired' is not a valid code: use letters, digits and _ . - in "
      "'/'-separated segments, none empty"]),
    ("dot-segment", {"errors/a.yaml": ENTRY.replace("token/expired", "token/../admin")},
     ["errors/a.yaml:1: code [token/../admin]: a segment may not be '.' or '..'"]),
    ("unknown-field", {"errors/a.yaml": ENTRY + "  severity: high\n"},
     ["errors/a.yaml:6: severity [token/expired]: unknown field; allowed: aliases, category, cause, code, "
      "deprecated_in, details, examples, explained, expose_details, lifecycle, message, number, recovery, replaced_by, "
      "retired_in, retryable, since, status, surfaces, title, variants"]),
    ("unknown-category", {"errors/a.yaml": ENTRY.replace("category: auth", "category: billing")},
     ["errors/a.yaml:2: category [token/expired]: unknown category 'billing'; known: auth, data"]),
    ("unknown-surface", {"errors/a.yaml": ENTRY + "  surfaces: [http, grpc]\n"},
     ["errors/a.yaml:6: surfaces [token/expired]: unknown surface 'grpc'; known: http"]),
    ("number-out-of-range", {"errors/a.yaml": ENTRY.replace("1001", "2001")},
     ["errors/a.yaml:5: number [token/expired]: 2001 is outside category 'auth' range 1000-1999"]),
    ("bad-lifecycle", {"errors/a.yaml": ENTRY + "  lifecycle: gone\n"},
     ["errors/a.yaml:6: lifecycle [token/expired]: must be one of active, deprecated, retired, not 'gone'"]),
    ("replaced-by-active", {"errors/a.yaml": ENTRY + "  replaced_by: other\n"},
     ["errors/a.yaml:6: replaced_by [token/expired]: only a deprecated or retired entry can be replaced; "
      "set lifecycle",
      "errors/a.yaml:6: replaced_by [token/expired]: unknown code 'other'"]),
    ("replaced-by-unknown", {"errors/a.yaml": ENTRY + "  lifecycle: retired\n  replaced_by: nope\n"},
     ["errors/a.yaml:7: replaced_by [token/expired]: unknown code 'nope'"]),
    ("multi-line-title", {"errors/a.yaml": ENTRY.replace("title: Token has expired", 'title: "a\\nb"')},
     ["errors/a.yaml:3: title [token/expired]: 'a\\nb' is not one line of text (with more than spaces)"]),
    ("blank-title", {"errors/a.yaml": ENTRY.replace("title: Token has expired", "title: '   '")},
     ["errors/a.yaml:3: title [token/expired]: '   ' is not one line of text (with more than spaces)"]),
    ("blank-service", {"catalog.yaml": HEAD.replace("service: Demo", "service: ' '")},
     ["catalog.yaml:1: service: ' ' is not one line of text (with more than spaces)"]),
    ("duplicate-code", {"errors/a.yaml": ENTRY, "errors/b.yaml": ENTRY.replace("1001", "1002")},
     ["errors/b.yaml:1: code [token/expired]: duplicate code (first defined at errors/a.yaml:1)"]),
    ("anchor-collision", {"errors/a.yaml": ENTRY + ENTRY.replace("token/expired", "TOKEN_EXPIRED")
                          .replace("1001", "1002")},
     ["errors/a.yaml:6: code [TOKEN_EXPIRED]: same anchor '#token-expired' as 'token/expired' "
      "(errors/a.yaml:1); codes may not differ only in case or separators"]),
    ("duplicate-number", {"errors/a.yaml": ENTRY + ENTRY.replace("token/expired", "token/invalid")},
     ["errors/a.yaml:10: number [token/invalid]: number 1001 is already used by 'token/expired' "
      "(errors/a.yaml:5)"]),
    ("alias-is-code", {"errors/a.yaml": ENTRY + "  aliases: [other]\n" + ENTRY.replace("token/expired", "other")
                       .replace("1001", "1002")},
     ["errors/a.yaml:6: aliases [token/expired]: alias 'other' is also a code (errors/a.yaml:7)"]),
    ("path-collision", {"errors/a.yaml": ENTRY + ENTRY.replace("token/expired", "'1001'").replace("number: 1001",
                                                                                               "number: 1002")},
     ["errors/a.yaml:6: code [1001]: permalink /errors/1001 is also a permalink of 'token/expired' "
      "(errors/a.yaml:5)"]),
    ("variant-surface", {"errors/a.yaml": ENTRY + "  variants:\n    socket: {title: On the socket}\n"},
     ["errors/a.yaml:6: variants [token/expired]: variant for surface 'socket', which this entry does not "
      "list in surfaces"]),
    ("not-a-list", {"errors/a.yaml": "code: x\n"},
     ["errors/a.yaml:1: must be a list, not a mapping"]),
    ("no-entries", {"errors/a.yaml": None},
     ["errors: folder not found; error entries go in errors/*.yaml files"]),
]


@pytest.mark.parametrize("files,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_mistake_has_its_exact_message(tmp_path, files, expected):
    base = {"catalog.yaml": HEAD, "errors/a.yaml": ENTRY}
    base.update(files)
    write(tmp_path, {k: v for k, v in base.items() if v is not None})
    assert problems_of(tmp_path) == [e.format(root=tmp_path) for e in expected]


def test_valid_catalog_loads(tmp_path):
    write(tmp_path, {"catalog.yaml": HEAD, "errors/a.yaml": ENTRY})
    catalog = load_catalog(tmp_path)
    (e,) = catalog.entries
    assert (e.code, e.anchor, e.status, e.reason, e.number) == (
        "token/expired", "token-expired", 401, "Unauthorized", 1001)
    assert catalog.locales == ("en",) and catalog.surfaces == {"http": "HTTP API"}
    assert catalog.permalinks.errors_path == "/errors/"


def test_ten_mistakes_in_three_files_all_reported_at_once(tmp_path):
    write(tmp_path, {
        "catalog.yaml": HEAD.replace("envelope: problem", "envelope: soap") + "colour: blue\n",
        "errors/a.yaml": """\
            - code: token/expired
              category: auth
              title: Token has expired
              status: 401
              number: 1001
              number: 1003
            - code: token expired
              category: auth
              title: Bad code
            """,
        "errors/b.yaml": """\
            - code: token/expired
              category: billing
              title: Twice
              status: six
            - code: other
              category: data
              title: Other
              aliases: [token/expired]
              lifecycle: active
              replaced_by: token/expired
              surfaces: [grpc]
            """,
    })
    assert problems_of(tmp_path) == [
        "catalog.yaml:2: envelope: must be one of problem, simple, structured, wrapped, detail, nest, not 'soap'",
        "catalog.yaml:9: colour: unknown field; allowed: categories, emitted, envelope, events, headers, import, locales, "
        "permalinks, service, shapes, surfaces, translations, troubleshooting, versions, wire_codes",
        "errors/a.yaml:6: number [token/expired]: duplicate key 'number' (first set on line 5)",
        "errors/a.yaml:7: code: 'token expired' is not a valid code: use letters, digits and _ . - in "
        "'/'-separated segments, none empty",
        "errors/b.yaml:1: code [token/expired]: duplicate code (first defined at errors/a.yaml:1)",
        "errors/b.yaml:2: category [token/expired]: unknown category 'billing'; known: auth, data",
        "errors/b.yaml:4: status [token/expired]: must be an integer, not text 'six'",
        "errors/b.yaml:8: aliases [other]: alias 'token/expired' is also a code (errors/a.yaml:1)",
        "errors/b.yaml:10: replaced_by [other]: only a deprecated or retired entry can be replaced; "
        "set lifecycle",
        "errors/b.yaml:11: surfaces [other]: unknown surface 'grpc'; known: http",
    ]


def test_unchanged_files_read_again_report_the_same(tmp_path):
    """Entry files are parsed once per text (`mkdocs serve` reloads after each edit):
    a broken file that did not change still reports every problem, and a valid one
    still loads to the same entries, whatever was loaded from it before."""
    write(tmp_path, {"catalog.yaml": HEAD, "errors/a.yaml": ENTRY, "errors/b.yaml": """\
        - code: other
          category: data
          title: Other
          status: six
          lifecycle: active
          replaced_by: token/expired
        """})
    first = problems_of(tmp_path)
    assert first == problems_of(tmp_path)
    write(tmp_path, {"catalog.yaml": HEAD.replace("title: Data", "title: Data and files")})
    assert problems_of(tmp_path) == first and len(first) == 2
    write(tmp_path, {"errors/b.yaml": "[]\n"})
    once = load_catalog(tmp_path)
    write(tmp_path, {"catalog.yaml": HEAD})
    again = load_catalog(tmp_path)
    assert once.entries == again.entries and again.categories[1].title == "Data"


def test_cli_exits_nonzero_with_full_report(tmp_path, capsys):
    from error_catalog.cli import main

    write(tmp_path, {"catalog.yaml": HEAD, "errors/a.yaml": ENTRY.replace("status: 401", "status: 700")})
    assert main(["validate", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("The catalog has 1 problem:")
    assert "errors/a.yaml:4: status [token/expired]: must be between 100 and 599, not 700" in err


def test_a_refused_value_hides_nothing_else_in_its_file(tmp_path):
    """A value the YAML reader refuses (an octal-looking number, a binary tag) is one
    problem: the rest of its entry and of its file is still checked, and the value
    is not reported a second time as missing or of the wrong type."""
    write(tmp_path, {"catalog.yaml": HEAD, "errors/a.yaml": """\
        - code: token/expired
          category: auth
          title: Token has expired
          status: 0401
          number: 5000
        - code: token/invalid
          category: auth
          title: Token is invalid
          numbre: 3
          details: !!binary aGVsbG8=
        """})
    assert problems_of(tmp_path) == [
        "errors/a.yaml:4: status [token/expired]: '0401' is not an integer written as a plain decimal "
        "(YAML 1.1 reads it as 257; write digits only, like 42, or quote it as text)",
        "errors/a.yaml:5: number [token/expired]: 5000 is outside category 'auth' range 1000-1999",
        "errors/a.yaml:9: numbre [token/invalid]: unknown field; allowed: aliases, category, cause, code, "
        "deprecated_in, details, examples, explained, expose_details, lifecycle, message, number, recovery, "
        "replaced_by, retired_in, retryable, since, status, surfaces, title, variants",
        "errors/a.yaml:10: details [token/invalid]: binary values (!!binary) are not supported; use text",
    ]


def test_a_broken_field_skips_only_the_rules_that_read_it(tmp_path):
    """Each entry's other fields are still checked; a rule that reads the broken
    field is skipped rather than run against its default (no out-of-range report
    for a number written as text, no lifecycle report for an unknown lifecycle)."""
    write(tmp_path, {"catalog.yaml": HEAD + "surfaces: {http: HTTP API, socket: WebSocket}\n", "errors/a.yaml": """\
        - code: a
          category: auth
          title: [A]
          number: 5
        - code: b
          category: [auth]
          title: B
          number: 6
        - code: c
          category: auth
          title: C
          number: "5"
          lifecycle: gone
          replaced_by: a
          retired_in: "2"
        - code: d
          category: auth
          title: D
          surfaces: socket
          variants:
            socket: {title: D}
          status: 99
          aliases: [A]
        - category: auth
          title: E without a code
          number: 1001
        """})
    assert problems_of(tmp_path) == [
        "errors/a.yaml:3: title [a]: must be text, not a list",
        "errors/a.yaml:4: number [a]: 5 is outside category 'auth' range 1000-1999",
        "errors/a.yaml:6: category [b]: must be text, not a list",
        "errors/a.yaml:12: number [c]: must be an integer, not text '5'",
        "errors/a.yaml:13: lifecycle [c]: must be one of active, deprecated, retired, not 'gone'",
        "errors/a.yaml:19: surfaces [d]: must be a list, not text 'socket'",
        "errors/a.yaml:22: status [d]: must be between 100 and 599, not 99",
        "errors/a.yaml:23: aliases [d]: permalink /errors/A differs only in case from /errors/a, "
        "a permalink of 'a' (errors/a.yaml:1)",
        "errors/a.yaml:24: code: missing (required)",
    ]


def test_a_broken_category_keeps_the_others_checked_against(tmp_path):
    """Entries are still checked against the sound categories; a category name not
    among them may be the broken one, so it is not called unknown."""
    write(tmp_path, {"catalog.yaml": HEAD.replace("id: data", "id: Data Stuff"), "errors/a.yaml": """\
        - code: a
          category: auth
          title: A
          number: 5
        - code: b
          category: Data Stuff
          title: B
        """})
    assert problems_of(tmp_path) == [
        "catalog.yaml:7: categories[1].id: 'Data Stuff' is not a valid id: use lower-case letters, "
        "digits and '-', starting with a letter or digit",
        "errors/a.yaml:4: number [a]: 5 is outside category 'auth' range 1000-1999",
    ]


def test_an_unreadable_file_makes_unknown_only_the_codes_it_cannot_hold(tmp_path):
    """A file that cannot be parsed may define the code a `replaced_by` names: that one
    is not called unknown; one the file's text does not hold still is."""
    write(tmp_path, {"catalog.yaml": HEAD, "errors/a.yaml": ENTRY + "  message: [broken\n", "errors/b.yaml": """\
        - code: old
          category: auth
          title: Old
          lifecycle: retired
          replaced_by: token/expired
        - code: older
          category: auth
          title: Older
          lifecycle: retired
          replaced_by: token/gone
        - code: [not, a, code]
          category: auth
          title: Oldest
        - code: oldest
          category: auth
          title: Oldest
          lifecycle: retired
          replaced_by: not
        """})
    found = problems_of(tmp_path)
    assert [p.split(": ", 1)[0] for p in found] == ["errors/a.yaml:7", "errors/b.yaml:10", "errors/b.yaml:11"]
    assert "invalid YAML" in found[0]
    assert found[1] == "errors/b.yaml:10: replaced_by [older]: unknown code 'token/gone'"
    assert found[2] == "errors/b.yaml:11: code: must be text, not a list"


def test_the_plugin_session_reports_the_same_all_at_once(tmp_path):
    """The session reuses parsed files (`mkdocs serve`): their refused values too."""
    from error_catalog.plugin.session import Session

    write(tmp_path, {"catalog.yaml": HEAD, "errors/a.yaml": ENTRY.replace("status: 401", "status: 0401")
                     + "  numbre: 3\n"})
    expected = problems_of(tmp_path)
    session = Session()
    for _ in range(2):
        with pytest.raises(CatalogError) as info:
            session.catalog(tmp_path)
        assert [str(p).replace(str(tmp_path.resolve()) + "/", "") for p in info.value.problems] == expected
    assert len(expected) == 2

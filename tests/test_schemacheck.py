"""The quick schema check may only say "valid" where jsonschema agrees."""
from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from error_catalog.core import schemacheck
from error_catalog.core.yamlsource import load_document

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ("entries.schema.json", "catalog.schema.json")


def _errors(name: str, data) -> list:
    schema = schemacheck.load_schema(name)
    return list(jsonschema.validators.validator_for(schema)(schema).iter_errors(data))


# Values that probe types, bounds, patterns and equality corners.
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 700), st.sampled_from([0.0, 1.0, 2.5, 401.0]),
    st.sampled_from(["", "x", "auth", "a/b", "a b", "two\nlines", "token/expired", "HTTP", "http",
                     "1000-1999", "/errors/", "https://x.io/e/", "en", "EN", "zh-Hans", "problem",
                     "active", "retired", "gone", "Retry-After", "bad header"]))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["id", "title", "x", "http"]), inner, max_size=3)),
    max_leaves=6)

ENTRY_KEYS = ["code", "category", "title", "status", "surfaces", "number", "retryable", "expose_details",
              "message", "cause", "recovery", "details", "aliases", "lifecycle", "replaced_by", "variants", "bogus"]
HEAD_KEYS = ["service", "envelope", "permalinks", "locales", "translations", "surfaces", "headers",
             "categories", "troubleshooting", "emitted", "bogus"]

valid_entry = {"code": "token/expired", "category": "auth", "title": "Expired", "status": 401,
               "surfaces": ["http"], "number": 1002, "aliases": ["EXPIRED"], "lifecycle": "deprecated",
               "replaced_by": "token/invalid", "variants": {"http": {"title": "t", "message": "m"}}}
valid_head = {"service": "S", "envelope": "problem", "locales": ["en", "fr"],
              "permalinks": {"errors_path": "/errors/", "type_base": "https://x.io/e/"},
              "surfaces": {"http": "HTTP"}, "categories": [{"id": "auth", "title": "Auth", "numbers": "1-9"}],
              "headers": [{"name": "Retry-After", "description": "d", "statuses": [429]}],
              "emitted": [{"list": "codes.txt"}, {"scan": "src/*.py", "pattern": "x"}]}


def mutated(base: dict, keys: list[str]):
    return st.builds(lambda changes, drops: {**{k: v for k, v in base.items() if k not in drops}, **changes},
                     st.dictionaries(st.sampled_from(keys), values, max_size=3),
                     st.sets(st.sampled_from(list(base)), max_size=2))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mutated(valid_entry, ENTRY_KEYS), max_size=3) | values)
def test_quick_yes_means_jsonschema_yes_entries(doc):
    if schemacheck.conforms("entries.schema.json")(doc):
        assert _errors("entries.schema.json", doc) == []


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(valid_head, HEAD_KEYS) | values)
def test_quick_yes_means_jsonschema_yes_catalog(doc):
    if schemacheck.conforms("catalog.schema.json")(doc):
        assert _errors("catalog.schema.json", doc) == []


BAD_ENTRY_FIELDS = [
    ("code", "a b"), ("code", ""), ("code", "a//b"), ("code", 7), ("title", "two\nlines"), ("title", ""),
    ("status", 99), ("status", 600), ("status", "401"), ("status", True), ("surfaces", []),
    ("surfaces", ["http", "http"]), ("number", -1), ("number", 1.5), ("retryable", "yes"),
    ("message", ""), ("aliases", ["A", "A"]), ("aliases", ["a b"]), ("lifecycle", "gone"),
    ("replaced_by", "x y"), ("variants", {"http": {"bogus": 1}}), ("variants", {"http": {"title": ""}}),
    ("bogus", 1),
]


@pytest.mark.parametrize("field, value", BAD_ENTRY_FIELDS)
def test_each_broken_field_is_left_to_jsonschema(field, value):
    doc = [{**valid_entry, field: value}]
    assert _errors("entries.schema.json", doc)
    assert schemacheck.conforms("entries.schema.json")(doc) is False
    assert schemacheck.conforms("entries.schema.json")([valid_entry]) is True


@pytest.mark.parametrize("field", ["code", "category", "title"])
def test_missing_required_is_left_to_jsonschema(field):
    doc = [{k: v for k, v in valid_entry.items() if k != field}]
    assert schemacheck.conforms("entries.schema.json")(doc) is False


@pytest.mark.parametrize("catalog", ["catalog", "tests/fixtures/minimal"])
def test_valid_catalogs_take_the_quick_path(catalog):
    root = ROOT / catalog
    head, _ = load_document((root / "catalog.yaml").read_text(encoding="utf-8"), "catalog.yaml")
    assert schemacheck.conforms("catalog.schema.json")(head.data)
    for path in sorted((root / "errors").glob("*.yaml")):
        doc, _ = load_document(path.read_text(encoding="utf-8"), str(path))
        assert schemacheck.conforms("entries.schema.json")(doc.data), path


@pytest.mark.parametrize("schema, instance", [
    ({"type": "integer"}, True),                       # bool is not an integer
    ({"enum": [1]}, True),                             # nor equal to 1
    ({"uniqueItems": True}, [1, 1.0]),                 # equal numbers: undecided, so no
    ({"if": {"type": "string"}, "then": {}}, "x"),     # unknown keyword: no
    ({"$ref": "https://elsewhere/schema"}, "x"),       # remote reference: no
    ({"properties": {"a": {"const": []}}}, {"a": []}),  # non-scalar equality: no
])
def test_undecided_means_no(schema, instance):
    assert schemacheck.compile_schema(schema)(instance) is False


EMITTED = {"type": "array", "items": {
    "type": "object", "minProperties": 1,
    "oneOf": [{"required": ["list"]}, {"required": ["scan"]}],
    "dependentRequired": {"scan": ["pattern"], "pattern": ["scan"]}}}


@pytest.mark.parametrize("instance", [
    [{"list": "a.txt"}], [{"scan": "*.py", "pattern": "x"}], [],
    [{"list": "a"}, {"scan": "b", "pattern": "c"}],
    [{"list": "a", "scan": "b", "pattern": "c"}],  # both alternatives: not one of
    [{"scan": "b"}], [{"pattern": "c", "list": "a"}], [{}], [{"other": 1}],
])
def test_one_of_required_keys_and_dependencies_agree_with_jsonschema(instance):
    validator = jsonschema.validators.validator_for(EMITTED)(EMITTED)
    expected = not list(validator.iter_errors(instance))
    assert schemacheck.compile_schema(EMITTED)(instance) is expected


@pytest.mark.parametrize("schema, instance, expected", [
    ({"allOf": [{"type": "string"}, {"minLength": 2}]}, "ab", True),
    ({"allOf": [{"type": "string"}, {"minLength": 2}]}, "a", False),
    ({"anyOf": [{"type": "string"}, {"type": "integer"}]}, 3, True),
    ({"anyOf": [{"type": "string"}, {"type": "integer"}]}, None, False),
    ({"oneOf": [{"type": "string"}, {"minLength": 1}]}, "x", False),  # not decidable exactly: no
])
def test_combinations(schema, instance, expected):
    assert schemacheck.compile_schema(schema)(instance) is expected


def test_recursive_reference():
    schema = {"$defs": {"node": {"type": "object", "properties": {"kids": {"type": "array",
                                                                            "items": {"$ref": "#/$defs/node"}}}}},
              "$ref": "#/$defs/node"}
    check = schemacheck.compile_schema(schema)
    assert check({"kids": [{"kids": []}]})
    assert not check({"kids": [{"kids": 3}]})

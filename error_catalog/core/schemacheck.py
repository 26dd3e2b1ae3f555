"""A fast yes/maybe check of a document against one of our JSON Schemas.

jsonschema is the authority on structure and writes the messages users read,
but it costs about half a millisecond per catalog entry (and its import a
tenth of a second), which made it a fifth of the build of a large catalog.
Nearly every build is of a valid catalog, so the loader first asks this
module, which compiles a schema into plain Python checks once: `True` means
the document certainly conforms; `False` means "ask jsonschema", which then
finds and describes the problems.

The check is conservative by construction. It knows the keywords our schemas
use, with jsonschema's semantics or stricter ones (an integer must be an
`int`, `uniqueItems` is only decided for lists of strings); a keyword it does
not know makes its part of the schema answer `False`, so a schema that grows
a new keyword stays correct and only loses speed.
"""
from __future__ import annotations

import json
import operator
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

Check = Callable[[Any], bool]

SCHEMA_DIR = Path(__file__).parent.parent / "schema"

# Keywords that describe and never reject (jsonschema does not assert `format`
# unless given a format checker, and the loader gives none).
_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "title", "description", "default", "examples",
                          "deprecated", "readOnly", "writeOnly", "format"})


def _never(_: Any) -> bool:
    return False


def _always(_: Any) -> bool:
    return True


def _is_number(x: Any) -> bool:
    return type(x) is int or type(x) is float


def _identity(x: Any) -> Any:
    return x


_TYPES: dict[str, Callable[[Any], bool]] = {
    "object": lambda x: type(x) is dict,
    "array": lambda x: type(x) is list,
    "string": lambda x: type(x) is str,
    "integer": lambda x: type(x) is int,  # jsonschema also takes 2.0; stricter is safe
    "number": _is_number,
    "boolean": lambda x: type(x) is bool,
    "null": lambda x: x is None,
}


# Size and range keywords: what they apply to, what they measure, how they compare.
_BOUNDS: dict[str, tuple[Callable[[Any], bool], Callable[[Any], Any], Callable[[Any, Any], bool]]] = {
    "minProperties": (_TYPES["object"], len, operator.ge), "maxProperties": (_TYPES["object"], len, operator.le),
    "minItems": (_TYPES["array"], len, operator.ge), "maxItems": (_TYPES["array"], len, operator.le),
    "minLength": (_TYPES["string"], len, operator.ge), "maxLength": (_TYPES["string"], len, operator.le),
    "minimum": (_is_number, _identity, operator.ge), "maximum": (_is_number, _identity, operator.le),
    "exclusiveMinimum": (_is_number, _identity, operator.gt),
    "exclusiveMaximum": (_is_number, _identity, operator.lt),
}


def _bound(applies: Callable[[Any], bool], measure: Callable[[Any], Any],
           compare: Callable[[Any, Any], bool], limit: Any) -> Check | None:
    if not _is_number(limit):
        return None
    return lambda x: not applies(x) or compare(measure(x), limit)


def _same(x: Any, y: Any) -> bool:
    """Equal as JSON values, decided only for scalars of one type (else: not known equal)."""
    return type(x) is type(y) and type(x) in (str, int, float, bool, type(None)) and x == y


class _Compiler:
    def __init__(self, root: dict):
        self.root = root
        self.refs: dict[str, Check] = {}

    def compile(self, node: Any) -> Check:
        if node is True or node == {}:
            return _always
        if not isinstance(node, dict):
            return _never
        checks: list[Check] = []
        for key, value in node.items():
            if key in _ANNOTATIONS or key == "$defs":
                continue
            if key in _BOUNDS:
                check = _bound(*_BOUNDS[key], value)
            else:
                make = getattr(self, "k_" + key.lstrip("$"), None)
                check = make(value, node) if make else None
            if check is None:
                return _never  # unknown keyword or value: leave it to jsonschema
            if check is not _always:
                checks.append(check)
        if not checks:
            return _always
        if len(checks) == 1:
            return checks[0]
        return lambda x: all(c(x) for c in checks)

    # -- keywords: each returns a check, or None when it cannot decide --------

    def k_ref(self, ref: Any, node: dict) -> Check | None:
        if not isinstance(ref, str) or not ref.startswith("#/$defs/"):
            return None
        if ref not in self.refs:
            target = self.root.get("$defs", {}).get(ref[len("#/$defs/"):])
            if target is None:
                return None
            cell: list[Check] = []
            self.refs[ref] = lambda x: cell[0](x)  # recursive schemas see the cell first
            cell.append(self.compile(target))
            self.refs[ref] = cell[0]
        return self.refs[ref]

    def k_type(self, value: Any, node: dict) -> Check | None:
        names = value if isinstance(value, list) else [value]
        if not all(n in _TYPES for n in names):
            return None
        tests = [_TYPES[n] for n in names]
        return tests[0] if len(tests) == 1 else (lambda x: any(t(x) for t in tests))

    def k_enum(self, value: Any, node: dict) -> Check | None:
        if not isinstance(value, list):
            return None
        return lambda x: any(_same(x, v) for v in value)

    def k_const(self, value: Any, node: dict) -> Check | None:
        return lambda x: _same(x, value)

    def k_required(self, value: Any, node: dict) -> Check | None:
        keys = list(value)
        return lambda x: type(x) is not dict or all(k in x for k in keys)

    def k_properties(self, value: Any, node: dict) -> Check | None:
        props = {k: self.compile(v) for k, v in value.items()}
        return lambda x: type(x) is not dict or all(props[k](x[k]) for k in props if k in x)

    def k_additionalProperties(self, value: Any, node: dict) -> Check | None:
        if "patternProperties" in node:
            return None
        known = set(node.get("properties", {}))
        rest = self.compile(value) if value is not False else None
        if rest is None:
            return lambda x: type(x) is not dict or all(k in known for k in x)
        return lambda x: type(x) is not dict or all(rest(v) for k, v in x.items() if k not in known)

    def k_dependentRequired(self, value: Any, node: dict) -> Check | None:
        deps = {k: list(v) for k, v in value.items()}
        return lambda x: type(x) is not dict or all(d in x for k, ds in deps.items() if k in x for d in ds)

    def k_allOf(self, value: Any, node: dict) -> Check | None:
        parts = [self.compile(v) for v in value]
        return lambda x: all(p(x) for p in parts)

    def k_anyOf(self, value: Any, node: dict) -> Check | None:
        parts = [self.compile(v) for v in value]
        return lambda x: any(p(x) for p in parts)

    def k_oneOf(self, value: Any, node: dict) -> Check | None:
        # "Exactly one" needs every part decided exactly both ways, which only
        # holds here for parts that just list required keys (as `emitted` does).
        if not all(isinstance(v, dict) and set(v) - _ANNOTATIONS == {"required"} for v in value):
            return None
        parts = [self.compile(v) for v in value]
        return lambda x: sum(1 for p in parts if p(x)) == 1

    def k_propertyNames(self, value: Any, node: dict) -> Check | None:
        names = self.compile(value)
        return lambda x: type(x) is not dict or all(names(k) for k in x)

    def k_items(self, value: Any, node: dict) -> Check | None:
        if not isinstance(value, (dict, bool)) or "prefixItems" in node:
            return None
        item = self.compile(value) if value is not False else _never
        return lambda x: type(x) is not list or all(item(i) for i in x)

    def k_uniqueItems(self, value: Any, node: dict) -> Check | None:
        if value is not True:
            return _always if value is False else None
        return lambda x: type(x) is not list or (all(type(i) is str for i in x) and len(set(x)) == len(x))

    def k_pattern(self, value: Any, node: dict) -> Check | None:
        rx = re.compile(value)
        return lambda x: type(x) is not str or rx.search(x) is not None


def compile_schema(schema: dict) -> Check:
    """A function that returns True only for documents that certainly conform to `schema`."""
    return _Compiler(schema).compile(schema)


# Read and compiled once per process: the schemas are files of the package, constant.
@cache
def load_schema(name: str) -> dict:
    """One of the package's schemas (`catalog.schema.json`, `entries.schema.json`, ...)."""
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


@cache
def conforms(name: str) -> Check:
    """The compiled check of the package's schema `name`."""
    return compile_schema(load_schema(name))

"""Structure: a document checked against its JSON Schema, and each error worded.

The fast check (`schemacheck.conforms`) says "certainly valid" for nearly every
document; only the rest is run through jsonschema, whose errors are turned into
messages users read: a rule in words, the field named as they write it, the
line it is on. Messages are built from the error's data, never parsed from
jsonschema's wording, which a minor release may change.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

from . import schemacheck, versions
from .problems import Problems
from .yamlsource import Document, dotted, short

if TYPE_CHECKING:
    import jsonschema

# Whether `data` certainly conforms to the schema named: the loader's default is the
# fast check itself; the plugin's session passes one that remembers its answers.
Conforms = Callable[[str, Any], bool]

# What a pattern failure means, by field name, so users read a rule, not a regex.
_CODE_RULE = "letters, digits and _ . - in '/'-separated segments, none empty"
_URL_RULE = ("an http(s) URL ending in '/', like https://example.com/errors/ "
             "(host and path of letters, digits and _ . ~ -; no segment starting with '.')")
_PATTERN_HINTS = {
    "code": f"not a valid code: use {_CODE_RULE}",
    "replaced_by": f"not a valid code: use {_CODE_RULE}",
    "aliases": f"not a valid alias: use {_CODE_RULE}",
    "id": "not a valid id: use lower-case letters, digits and '-', starting with a letter or digit",
    "numbers": "not a range like 2000-2999",
    "errors_path": ("not a path like /errors/: it starts and ends with '/', and its segments "
                    "hold letters, digits and _ . ~ -, none starting with '.'"),
    "type_base": f"not {_URL_RULE}",
    "documentation_base": f"not {_URL_RULE}",
    "locales": "not a locale id like en, pt_BR or zh-Hans",
    "title": "not one line of text (with more than spaces)",
    "service": "not one line of text (with more than spaces)",
    "name": "not an HTTP header name",
    "surfaces": "not a valid surface id: use lower-case letters, digits, _ and -",
    "troubleshooting": "not an HTTP status like 404",
    **dict.fromkeys(versions.FIELDS + ("versions", "version"), versions.NAME_RULE),
    "date": "not a date like 2025-06-01",
}

# Compiled once per process: the schemas are files of the package, constant.
@cache
def _validator(name: str) -> jsonschema.protocols.Validator:
    import jsonschema  # noqa: PLC0415 - only needed when the quick check is unsure

    schema = schemacheck.load_schema(name)
    cls = jsonschema.validators.validator_for(schema)
    # JSON Schema counts 401.0 as an integer; a status or number written so would
    # publish "HTTP 401.0" and /errors/2005.0. Integers are ints here, as in schemacheck.
    strict = cls.TYPE_CHECKER.redefine("integer", lambda _, x: type(x) is int)
    return jsonschema.validators.extend(cls, type_checker=strict)(schema)


def conforming(schema: str, data: Any) -> bool:
    """The fast check, as a `Conforms`."""
    return schemacheck.conforms(schema)(data)


def check_schema(doc: Document, schema: str, problems: Problems, conforms: Conforms = conforming) -> set[tuple]:
    """Report schema errors; return the parts (`_part`) that have any, or a value the
    parser refused (`doc.dropped`, reported when the file was read)."""
    is_entries = schema.startswith("entries")
    if doc.data is None and is_entries:
        return set()  # an empty file holds no entries; nothing to check
    dropped = doc.dropped
    bad: set[tuple] = {_part(p, is_entries) for p in dropped}
    if conforms(schema, doc.data):
        return bad  # certainly valid: skip jsonschema (see schemacheck)
    for err in _validator(schema).iter_errors(doc.data):
        path = tuple(err.absolute_path)
        if dropped and any(path[:len(d)] == d for d in dropped):
            continue  # at or in a value the parser refused, and reported: not a second time
        described = _describe(err, path)
        for _, _, line_path in described:
            bad.add(_part(line_path, is_entries))
        if is_entries and len(path) >= 1 and not isinstance(doc.data, list):
            bad.add(())
        code = None
        if is_entries and path and isinstance(doc.data, list):
            item = doc.data[path[0]]
            if isinstance(item, dict) and isinstance(item.get("code"), str) and path[1:] != ("code",):
                code = short(item["code"], 80, quote=False)
        in_entry = is_entries and bool(path) and isinstance(doc.data, list)
        for field, message, line_path in described:
            if field is None:
                field = dotted(line_path[1:] if in_entry else line_path)
            else:
                field = dotted(field[1:] if in_entry else field)
            problems.add(doc.file, doc.line(line_path), field, message, code)
    return bad



def _part(path: tuple, is_entries: bool) -> tuple:
    """What a problem at `path` makes unusable: an entry's field ((index, key)); in
    catalog.yaml a top-level key, or one category ('categories', index)."""
    if is_entries or (path[:1] == ("categories",) and len(path) > 1):
        return path[:2]
    return path[:1]


def _describe(err: jsonschema.ValidationError, path: tuple) -> list[tuple[tuple | None, str, tuple]]:
    """Readable messages for one schema error: (field path or None, message, path whose line to cite)."""
    v, inst = err.validator, err.instance
    # Messages are built from the error's data, never parsed from jsonschema's
    # wording, which a minor release may change.
    if v == "required":
        missing = [k for k in err.validator_value if not isinstance(inst, dict) or k not in inst]
        return [(path + (k,), "missing (required)", path) for k in missing]  # one error per key: duplicates merge
    if v == "additionalProperties":
        allowed = sorted(err.schema.get("properties", {}))
        extra = sorted(k for k in inst if k not in allowed) if isinstance(inst, dict) else []
        hint = f"; allowed: {', '.join(allowed)}" if allowed else ""
        return [(path + (k,), f"unknown field{hint}", path + (k,)) for k in extra]
    if v == "type":
        want = err.validator_value
        want = " or ".join(_article(w) for w in want) if isinstance(want, list) else _article(want)
        return [(None, f"must be {want}, not {_kind(inst)}{versions.quote_hint(path, inst)}", path)]
    if v == "enum":
        opts = ", ".join(str(o) for o in err.validator_value)
        return [(None, f"must be one of {opts}, not {short(inst)}", path)]
    if v == "pattern":
        key = next((p for p in reversed(path) if isinstance(p, str)), "")
        if path and path[-1] == key and key in ("surfaces", "troubleshooting") and isinstance(inst, str):
            return [(path, f"key {short(inst)} is {_PATTERN_HINTS[key]}", path + (inst,))]
        hint = _PATTERN_HINTS.get(key, f"not text matching {err.validator_value}")
        return [(None, f"{short(inst)} is {hint}", path)]
    if v in ("minimum", "maximum"):
        lo, hi = err.schema.get("minimum"), err.schema.get("maximum")
        rng = f"between {lo} and {hi}" if lo is not None and hi is not None else (
            f"at least {lo}" if lo is not None else f"at most {hi}")
        return [(None, f"must be {rng}, not {short(inst)}", path)]
    if v in ("minItems", "minLength", "minProperties"):
        return [(None, "must not be empty", path)]
    if v == "maxLength":
        return [(None, f"longer than {err.validator_value} characters", path)]
    if v == "uniqueItems":
        seen, dup = set(), None
        for x in inst:
            key = json.dumps(x, sort_keys=True, default=str)
            if key in seen:
                dup = x
                break
            seen.add(key)
        return [(None, f"lists {short(dup)} more than once", path)]
    if v == "oneOf" and all(list(b) == ["required"] and len(b["required"]) == 1 for b in err.validator_value):
        # A choice of one key among several (the kinds of an `emitted:` source).
        keys = [b["required"][0] for b in err.validator_value]
        have = [k for k in keys if isinstance(inst, dict) and k in inst]
        found = f"; found {' and '.join(have)}" if have else ""
        return [(None, f"needs exactly one of {', '.join(keys)}{found}", path)]
    if v == "dependentRequired" and isinstance(inst, dict):
        for key, needs in err.validator_value.items():
            for need in needs:
                if key in inst and need not in inst:
                    return [(None, f"needs `{need}` alongside it", path + (key,))]
    return [(None, short(err.message, 200, quote=False), path)]


def _article(t: str) -> str:
    return {"integer": "an integer", "object": "a mapping", "array": "a list",
            "string": "text", "boolean": "true or false"}.get(t, t)


def _kind(v: Any) -> str:
    if v is None:
        return "empty"
    if isinstance(v, bool):
        return f"{str(v).lower()}"
    return {dict: "a mapping", list: "a list", str: f"text {short(v)}", int: f"the number {short(v)}",
            float: f"the number {short(v)}"}.get(type(v), type(v).__name__)


"""The `openapi` kind of emitted source: the enum values of the error-code schemas
of an OpenAPI 3 document (JSON or YAML), each a `Sighting` with its line."""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .model import EmittedSource
from .sightings import Found, too_deep
from .yamlsource import MAX_DEPTH, Document, dotted, load_document, short

# Properties whose enum values are error codes in any schema of components.schemas.
CODE_PROPERTIES = ("code", "error_code")
_COMPOSITIONS = ("allOf", "anyOf", "oneOf")
_MAX_REFS = 64  # $ref hops followed from one schema (cycles end here)


def read_openapi(src: EmittedSource, path: str, out: Found) -> None:
    with out.open(path) as fh:
        raw = fh.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        out.problem(path, raw.count(b"\n", 0, e.start) + 1, "", "not UTF-8 text")
        return
    if path.endswith(".json"):
        # YAML accepts what JSON does not (trailing commas, comments): check JSON as JSON.
        deep = too_deep(text)
        if deep:
            out.problem(path, deep, "", f"nesting deeper than {MAX_DEPTH} levels; refused")
            return
        try:
            json.loads(text)
        except json.JSONDecodeError as e:
            out.problem(path, e.lineno, "", f"invalid JSON: {e.msg} (column {e.colno})")
            return
    doc, problems = load_document(text, path)  # JSON is YAML: one parser, with lines, for both
    if problems:
        out.problems.extend(problems)
        return
    _OpenAPI(src, doc, out).read()


class _OpenAPI:
    def __init__(self, src: EmittedSource, doc: Document, out: Found):
        self.src, self.doc, self.out = src, doc, out
        self.found = 0
        self.walked: set[tuple] = set()  # $ref targets already walked

    def problem(self, path: tuple, field: str, message: str) -> None:
        self.out.problem(self.doc.file, self.doc.line(path), field, message)

    def read(self) -> None:
        data = self.doc.data
        if not isinstance(data, dict):
            self.problem((), "", "not an OpenAPI document: expected a mapping at the top")
            return
        version = data.get("openapi")
        if not (isinstance(version, str) and version.startswith("3.")):
            self.problem(("openapi",), "openapi",
                         f"not an OpenAPI 3 document: `openapi` must be a version 3.x, not {short(version)}")
            return
        components = data.get("components")
        schemas = components.get("schemas") if isinstance(components, dict) else None
        where = ("components", "schemas")
        if schemas is not None and not isinstance(schemas, dict):
            self.problem(where, dotted(where), "must be a mapping of schema names to schemas")
            return
        schemas = schemas or {}
        for name, schema in schemas.items():
            self.properties(schema, where + (name,))
        for name in self.src.schemas:
            if name not in schemas:
                known = ", ".join(sorted(schemas)[:8]) or "none"
                self.out.problem(self.src.file, self.src.line, f"emitted[{self.src.index}].schemas",
                                 f"no schema '{name}' in {self.doc.file} components.schemas (known: {known})")
            else:
                self.enum_values(schemas[name], where + (name,), 0)
        if not self.found:
            self.problem(where if schemas else (), dotted(where) if schemas else "",
                         "no error-code enum found: looked for enums of properties named "
                         f"{' or '.join(CODE_PROPERTIES)} in components.schemas; name the schemas "
                         "that hold the codes with `schemas:` in catalog.yaml")

    def properties(self, node: Any, path: tuple) -> None:
        """Walk one schema (not its $refs: each target is walked in its own place) for code properties."""
        if not isinstance(node, dict):
            return
        props = node.get("properties")
        if isinstance(props, dict):
            for key, sub in props.items():
                if key in CODE_PROPERTIES:
                    self.enum_values(sub, path + ("properties", key), 0)
                self.properties(sub, path + ("properties", key))
        for key in ("items", "additionalProperties"):
            self.properties(node.get(key), path + (key,))
        for key in _COMPOSITIONS:
            for i, sub in enumerate(node.get(key) or ()):
                self.properties(sub, path + (key, i))

    def enum_values(self, node: Any, path: tuple, hops: int) -> None:
        """The codes a schema allows: its enum/const, through $refs and compositions.

        Iterative (no recursion however deep), and each $ref target is walked
        once per document: two refs per level of an `allOf` would otherwise
        double the work with each level.
        """
        stack = [(node, path, hops)]
        while stack:
            node, path, hops = stack.pop()
            if not isinstance(node, dict):
                continue
            if "$ref" in node:
                target = self.resolve(node["$ref"], path, hops)
                if target is None:
                    continue
                if isinstance(target[0], dict) and "$ref" in target[0]:
                    stack.append((target[0], target[1], hops + 1))  # a ref to a ref: one hop, bounded
                elif target[1] not in self.walked:
                    self.walked.add(target[1])
                    stack.append((target[0], target[1], hops + 1))
                continue
            described = _enum_descriptions(node)
            for i, value in enumerate(node.get("enum") or ()):
                self.value(value, path + ("enum", i), described(i, value))
            if "const" in node:
                self.value(node["const"], path + ("const",), _text(node.get("description")) or _text(node.get("title")))
            children = [(sub, path + (key, i), hops) for key in _COMPOSITIONS
                        for i, sub in enumerate(node.get(key) or ()) if isinstance(node.get(key), list)]
            if node.get("type") == "array":
                children.append((node.get("items"), path + ("items",), hops))
            stack.extend(reversed(children))

    def value(self, value: Any, path: tuple, description: str = "") -> None:
        self.found += 1
        if value is None:
            return  # `nullable` enums list null; it is not a code
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            self.problem(path, dotted(path), f"an error code must be text or a number, not {short(value)}")
            return
        self.out.see(self.doc.file, self.doc.line(path), dotted(path), "code", str(value))
        if description:
            self.out.descriptions.setdefault(str(value), description)

    def resolve(self, ref: Any, path: tuple, hops: int) -> tuple[Any, tuple] | None:
        where = path + ("$ref",)
        if not isinstance(ref, str) or not ref.startswith("#/"):
            self.problem(where, dotted(where), f"only local references ('#/...') are followed, not {short(ref)}")
            return None
        if hops >= _MAX_REFS:
            self.problem(where, dotted(where), f"more than {_MAX_REFS} $ref hops (a cycle?) at {short(ref)}")
            return None
        node: Any = self.doc.data
        target: tuple = ()
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node, target = node[int(part)], target + (int(part),)
            elif isinstance(node, dict) and part in node:
                node, target = node[part], target + (part,)
            else:
                self.problem(where, dotted(where), f"{short(ref)} points to nothing in this document")
                return None
        return node, target


# Where OpenAPI documents describe each enum value (no standard field exists): a
# list beside `enum` (openapi-generator's `x-enum-descriptions`) or a mapping of
# value -> text (`x-enumDescriptions`, Redoc's and others'). `import` takes it as a first cause.
_DESCRIPTION_KEYS = ("x-enum-descriptions", "x-enumDescriptions")


def _enum_descriptions(node: dict) -> Callable[[int, Any], str]:
    """(index, value) -> the description the schema gives that enum value, or ''."""
    found = next((node[k] for k in _DESCRIPTION_KEYS if k in node), None)

    def described(i: int, value: Any) -> str:
        if isinstance(found, list):
            return _text(found[i]) if i < len(found) else ""
        if isinstance(found, dict):
            return _text(found.get(value if isinstance(value, str) else str(value)))
        return ""
    return described


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""

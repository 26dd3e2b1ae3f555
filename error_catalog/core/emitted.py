"""Read the `emitted:` sources of a catalog: every code (or URL) the service emits, and where.

Four kinds of source, each read into `Sighting`s (value, file, line):
- `list`: text files, one code per line, `#` comments;
- `scan`: source trees, a regex whose group 1 is the code (see `scan.py`);
- `openapi`: enum values of the error-code schemas of an OpenAPI 3 document;
- `responses`: recorded error responses, JSON Lines: either `code`, `type`,
  `documentation_url` (at the top or in `error`), or the full form `{surface,
  event, status, locale, mode, headers, body, seed}` (a `Record`, checked
  against its entry by `recorded.py`).

A source that cannot be read, or holds malformed data, becomes a `Problem` naming
the file and line; reading goes on, so one run reports them all. Whether a value
is documented is `gate.py`'s business, not this module's.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import paths, scan
from .model import Catalog, EmittedSource
from .problems import Problem
from .yamlsource import MAX_DEPTH, Document, dotted, load_document, short

WHAT = "repository"  # what messages call the root of emitted sources

# Properties whose enum values are error codes in any schema of components.schemas.
CODE_PROPERTIES = ("code", "error_code")
# Keys of a recorded response (at its top level, or inside its `error` object).
RESPONSE_KEYS = ("code", "type", "documentation_url")
_COMPOSITIONS = ("allOf", "anyOf", "oneOf")
_MAX_REFS = 64  # $ref hops followed from one schema (cycles end here)


@dataclass(frozen=True)
class Sighting:
    """One emitted value, where it was seen."""

    file: str
    line: int
    field: str  # how messages name it: 'code', 'error.type', 'components.schemas.E.enum[2]'
    kind: str  # what the value is: 'code', 'type' (a URL) or 'documentation_url'
    value: str


class _Out:
    """What reading found: sightings and problems, in reading order; `root` is the
    folder every source must stay in (`paths.repository_root`)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.sightings: list[Sighting] = []
        self.problems: list[Problem] = []
        self.records: list[Record] = []  # full-form recorded responses, checked by `recorded.py`

    def open(self, path: str):
        """A source file opened under the path policy (`paths.PathRefused` otherwise)."""
        return paths.open_binary(path, self.root, what=WHAT)

    def see(self, file: str, line: int, field: str, kind: str, value: str) -> None:
        self.sightings.append(Sighting(file, line, field, kind, value))

    def problem(self, file: str, line: int, field: str, message: str, code: str | None = None) -> None:
        self.problems.append(Problem(file, line, field, message, code))

    def declared(self, src: EmittedSource, message: str) -> None:
        """A problem with the source as declared in catalog.yaml."""
        self.problem(src.file, src.line, src.field, message)


def read(catalog: Catalog) -> tuple[list[Sighting], list[Problem]]:
    """Every sighting of every source of `catalog.emitted`, and every problem reading them."""
    out = read_all(catalog)
    return out.sightings, out.problems


def read_all(catalog: Catalog) -> _Out:
    """What `read` gives, and the full-form recorded responses (`.records`)."""
    out = _Out(paths.repository_root(catalog.root))
    for src in catalog.emitted:
        files = _files(catalog, src, out)
        if src.kind == "scan":
            _scan(src, files, out)
            continue
        for path in files:
            try:
                _READERS[src.kind](src, path, out)
            except paths.PathRefused as e:
                out.declared(src, str(e))
            except OSError as e:
                out.declared(src, f"cannot read {path}: {e.strerror or type(e).__name__}")
    return out


def _files(catalog: Catalog, src: EmittedSource, out: _Out) -> list[str]:
    """The files of a source the path policy allows; the others are reported, unread."""
    pattern = src.path
    joined = os.path.normpath(os.path.join(os.path.abspath(catalog.root), pattern))
    if os.path.isabs(pattern) or not paths.lexically_under(joined, os.path.abspath(out.root)):
        out.declared(src, f"'{short(pattern, 80, quote=False)}' leads outside the {WHAT}; "
                          "a source must be a path relative to the catalog folder, inside the repository")
        return []
    files = scan.expand(catalog.root, pattern)
    if not files:
        out.declared(src, f"no file matches '{short(pattern, 80, quote=False)}' (paths are relative to the "
                          f"catalog folder {catalog.root})")
    usable = []
    for path in files:
        try:
            paths.check_file(path, out.root, what=WHAT)
        except paths.PathRefused as e:
            out.declared(src, str(e))
            continue
        except OSError:
            pass  # a broken link fails on reading, with the reason
        usable.append(path)
    return usable


# -- list ----------------------------------------------------------------------

def _lines(path: str, out: _Out) -> Iterator[tuple[int, str]]:
    """(number, text) of each UTF-8 line; undecodable lines are reported and skipped."""
    with out.open(path) as fh:
        for n, raw in enumerate(fh, 1):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                out.problem(path, n, "", f"not UTF-8 text (byte {e.start + 1} of the line)")
                continue
            yield n, (text.lstrip("\ufeff") if n == 1 else text)


def _list(src: EmittedSource, path: str, out: _Out) -> None:
    for n, text in _lines(path, out):
        words = text.split("#", 1)[0].split()
        if len(words) > 1:
            out.problem(path, n, "", f"one code per line; found {len(words)} words "
                                     f"({short(' '.join(words[:3]), 60, quote=False)})")
        elif words:
            out.see(path, n, "code", "code", words[0])


# -- scan ----------------------------------------------------------------------

def _scan(src: EmittedSource, files: list[str], out: _Out) -> None:
    rx = scan.compile_pattern(src.pattern or "")  # checked by the loader; compiled once here
    for path in files:
        try:
            with out.open(path) as fh:
                for line, code in scan.scan_file(fh, rx):
                    if code:
                        out.see(path, line, "code", "code", code)
        except paths.PathRefused as e:
            out.declared(src, str(e))
        except OSError as e:
            out.declared(src, f"cannot read {path}: {e.strerror or e}")


# -- openapi -------------------------------------------------------------------

def _openapi(src: EmittedSource, path: str, out: _Out) -> None:
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
    def __init__(self, src: EmittedSource, doc: Document, out: _Out):
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
            for i, value in enumerate(node.get("enum") or ()):
                self.value(value, path + ("enum", i))
            if "const" in node:
                self.value(node["const"], path + ("const",))
            children = [(sub, path + (key, i), hops) for key in _COMPOSITIONS
                        for i, sub in enumerate(node.get(key) or ()) if isinstance(node.get(key), list)]
            if node.get("type") == "array":
                children.append((node.get("items"), path + ("items",), hops))
            stack.extend(reversed(children))

    def value(self, value: Any, path: tuple) -> None:
        self.found += 1
        if value is None:
            return  # `nullable` enums list null; it is not a code
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            self.problem(path, dotted(path), f"an error code must be text or a number, not {short(value)}")
            return
        self.out.see(self.doc.file, self.doc.line(path), dotted(path), "code", str(value))

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


# -- JSON --------------------------------------------------------------------------

_JSON_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[\[\]{}\n]')


def too_deep(text: str, limit: int = MAX_DEPTH) -> int:
    """The line where JSON `text` nests deeper than `limit`, or 0: checked in one
    pass before parsing, as the YAML reader does (json.loads would recurse)."""
    depth, line = 0, 1
    for m in _JSON_TOKEN.finditer(text):
        t = m.group()
        if t == "\n":
            line += 1
        elif t in "[{":
            depth += 1
            if depth > limit:
                return line
        elif t in "]}":
            depth -= 1
    return 0


# -- responses -----------------------------------------------------------------

# Fields of a recorded response in the full form (one seen HTTP response or event).
RECORD_FIELDS = ("surface", "event", "status", "locale", "mode", "headers", "body", "seed")
MODES = ("production", "development")
CODE_HEADER = "x-error-code"  # a code sent in a header (compared without case)


@dataclass(frozen=True)
class Record:
    """One recorded response in the full form: what a client saw, where it is written.

    `codes` are the sightings of the codes (and type URLs) it carries; a record
    without any is identified by status and message (see `recorded.py`).
    """

    file: str
    line: int
    surface: str
    event: str | None
    status: int | None
    locale: str | None
    mode: str | None
    headers: dict[str, str] = field(compare=False)
    body: Any = field(compare=False)
    codes: tuple[Sighting, ...] = ()

    @property
    def is_event(self) -> bool:
        return self.event is not None or (self.status is None and self.surface != "http")


def _responses(src: EmittedSource, path: str, out: _Out) -> None:
    checked = 0
    for n, text in _lines(path, out):
        if not text.strip():
            continue
        if too_deep(text):
            out.problem(path, n, "", f"nesting deeper than {MAX_DEPTH} levels; refused")
            continue
        try:
            record = json.loads(text.rstrip("\r\n"))
        except json.JSONDecodeError as e:
            out.problem(path, n, "", f"invalid JSON: {e.msg} (column {e.colno})")
            continue
        if not isinstance(record, dict):
            out.problem(path, n, "", "a recorded response must be a JSON object")
            continue
        if "body" in record:
            rec = _record(path, n, record, out)
            if rec is not None:
                checked += 1
                out.records.append(rec)
            continue
        holders = [("", record)]
        if isinstance(record.get("error"), dict):
            holders.append(("error.", record["error"]))
        checked += _holders(path, n, holders, out, {})
    if not checked:
        out.declared(src, f"{path}: no recorded response has a {', '.join(RESPONSE_KEYS)} "
                          "(at the top or inside `error`) or a `body`; nothing to check")


def _holders(path: str, n: int, holders: list[tuple[str, dict]], out: _Out,
             kinds: dict[str, str]) -> int:
    """See the code, type and documentation_url of each holder; `kinds` renames a key's kind."""
    seen = 0
    for prefix, holder in holders:
        for key in RESPONSE_KEYS:
            value = holder.get(key)
            if value is None:
                continue
            seen += 1
            kind = kinds.get(key, key)
            if kind == "code" and isinstance(value, int) and not isinstance(value, bool):
                value = str(value)  # a numeric code is looked up as an entry number
            if not isinstance(value, str):
                what = "text or a number" if kind == "code" else "text"
                out.problem(path, n, prefix + key, f"must be {what}, not {json.dumps(value)[:40]}")
                continue
            out.see(path, n, prefix + key, kind, value)
    return seen


def _record(path: str, n: int, raw: dict, out: _Out) -> Record | None:
    """A full-form record, its fields checked; None (with the problems reported) when malformed."""
    bad = len(out.problems)
    unknown = sorted(k for k in raw if k not in RECORD_FIELDS)
    if unknown:
        out.problem(path, n, unknown[0], f"unknown field; a recorded response has {', '.join(RECORD_FIELDS)}")
    surface, event, status = raw.get("surface", "http"), raw.get("event"), raw.get("status")
    locale, mode, headers, body = raw.get("locale"), raw.get("mode"), raw.get("headers") or {}, raw["body"]
    for name, value in (("surface", surface), ("event", event), ("locale", locale), ("seed", raw.get("seed"))):
        if value is not None and not isinstance(value, str):
            out.problem(path, n, name, f"must be text, not {json.dumps(value)[:40]}")
    if status is not None and (isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599):
        out.problem(path, n, "status", f"must be an HTTP status (100-599), not {json.dumps(status)[:40]}")
    if mode is not None and mode not in MODES:
        out.problem(path, n, "mode", f"must be one of {', '.join(MODES)}, not {json.dumps(mode)[:40]}")
    if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
        out.problem(path, n, "headers", "must be an object of header names to text values")
    if not isinstance(body, dict):
        out.problem(path, n, "body", "must be a JSON object (the response body or the event's payload)")
    if surface == "http" and status is None and event is None:
        out.problem(path, n, "status", "an HTTP response needs its status")
    if len(out.problems) > bad:
        return None
    start = len(out.sightings)
    for name, value in headers.items():
        if name.lower() == CODE_HEADER:
            out.see(path, n, f"headers.{name}", "code", value)
    if event is not None or (status is None and surface != "http"):
        # An event's payload names its code in `code`, or in `type` (the typed shape).
        _holders(path, n, [("body.", body)], out, {"type": "code"})
    else:
        holders = [("body.", body)]
        if isinstance(body.get("error"), dict):
            holders.append(("body.error.", body["error"]))
        _holders(path, n, holders, out, {})
    codes = tuple(out.sightings[start:])
    return Record(path, n, surface, event, status, locale, mode, headers, body, codes)


_READERS: dict[str, Callable[[EmittedSource, str, _Out], None]] = {
    "list": _list,
    "openapi": _openapi,
    "responses": _responses,
}

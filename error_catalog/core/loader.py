"""Load a catalog folder into a validated `Catalog`, reporting every problem.

Data flows one way: YAML files -> `Document`s (with line numbers) -> JSON
Schema checks (structure) -> the rules of the contract (meaning) -> `Catalog`.
All problems of all files are collected, then raised once as `CatalogError`.
"""
from __future__ import annotations

import json
import os
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import paths, permalinks, schemacheck, versions
from .model import (DEFAULT_SURFACES, HEADER_PLACEHOLDERS, PLACEHOLDER, Catalog, Category, DocumentedExample,
                    EmittedSource, Entry, Events, Header, Permalinks, Shape, Variant)
from .problems import Problem, Problems
from .scan import PatternError, compile_pattern
from .textlimits import markdown_problem
from .yamlsource import Document, dotted, short, load_document

if TYPE_CHECKING:
    import jsonschema

SCHEMA_DIR = Path(__file__).parent.parent / "schema"
CATALOG_FILE = "catalog.yaml"
ERRORS_DIR = "errors"
# Far above any honest file (10,000 entries are ~6 MB), far below what would
# stall a build: a bigger file is refused unread.
MAX_FILE_BYTES = 20_000_000

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


@cache
def load_schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


@cache
def conforms(name: str) -> schemacheck.Check:
    return schemacheck.compile_schema(load_schema(name))


@cache
def _validator(name: str) -> jsonschema.protocols.Validator:
    import jsonschema  # noqa: PLC0415 - only needed when the quick check is unsure

    schema = load_schema(name)
    cls = jsonschema.validators.validator_for(schema)
    # JSON Schema counts 401.0 as an integer; a status or number written so would
    # publish "HTTP 401.0" and /errors/2005.0. Integers are ints here, as in schemacheck.
    strict = cls.TYPE_CHECKER.redefine("integer", lambda _, x: type(x) is int)
    return jsonschema.validators.extend(cls, type_checker=strict)(schema)


def load_catalog(root: str | os.PathLike) -> Catalog:
    """Read and validate the catalog in folder `root`; raise `CatalogError` on any problem."""
    root = Path(root)
    problems = Problems()
    catalog_file = root / CATALOG_FILE
    if not root.is_dir():
        problems.add(str(root), 0, "", "catalog folder not found")
        problems.raise_if_any()
    before = len(problems.items)
    head = _read(catalog_file, problems, root)
    if head is None and len(problems.items) == before:
        problems.add(str(catalog_file), 1, "", "the file is empty: it needs at least service, envelope "
                                               "and categories")
    errors_dir = root / ERRORS_DIR
    entry_files = _entry_files(errors_dir, root, problems)
    entry_docs = [d for d in (_read(p, problems, root, entries=True) for p in entry_files or ()) if d is not None]
    if entry_files is not None and not entry_files:
        problems.add(str(errors_dir), 0, "", "no error entries: add errors/*.yaml files")
    entry_files = entry_files or []

    # Structure first; then meaning, on every part whose structure is sound, so
    # one run reports schema mistakes and rule violations together.
    bad_head = _check_schema(head, "catalog.schema.json", problems) if head is not None else {()}
    for doc in entry_docs:
        bad = _check_schema(doc, "entries.schema.json", problems)
        doc.data = [] if () in bad else [_usable_entry(i, x, bad) for i, x in enumerate(doc.data or [])]
    head = _usable_head(head, bad_head)
    for doc in [head, *entry_docs]:
        _check_markdown(doc, doc is not head, problems)

    catalog = _build(root, head, entry_docs, problems)
    if entry_files and not catalog.entries and not problems:
        problems.add(str(root / ERRORS_DIR), 0, "", "no error entries: the errors/*.yaml files hold none")
    problems.raise_if_any()
    return catalog


def _entry_files(errors_dir: Path, root: Path, problems: Problems) -> list[Path] | None:
    """The YAML files under errors/ the path policy allows; None when the folder is unusable."""
    try:
        paths.check_dir(errors_dir, root)
    except FileNotFoundError:
        problems.add(str(errors_dir), 0, "", "folder not found; error entries go in errors/*.yaml files")
        return None
    except paths.PathRefused as e:
        problems.add(e.path, 0, "", e.reason)
        return None
    files, refused = paths.walk_files(errors_dir, root, (".yaml", ".yml"))
    for e in refused:
        problems.add(e.path, 0, "", e.reason)
    return files if files or not refused else None


def _read(path: Path, problems: Problems, root: Path, entries: bool = False) -> Document | None:
    try:
        # The path policy: a link out of the folder could publish (or echo in
        # messages) any file of the build machine; a FIFO would block forever.
        text = paths.read_bytes(path, root, MAX_FILE_BYTES).decode("utf-8")
    except paths.PathRefused as e:
        problems.add(e.path, 0, "", e.reason)
        return None
    except FileNotFoundError:
        problems.add(str(path), 0, "", "file not found")
        return None
    except UnicodeDecodeError as e:
        raw = e.object[:e.start]
        problems.add(str(path), raw.count(b"\n") + 1, "",
                     f"not UTF-8 text: byte 0x{e.object[e.start]:02X} at offset {e.start}; save the file as UTF-8")
        return None
    except OSError as e:
        problems.add(str(path), 0, "", f"cannot read: {e.strerror}")
        return None
    doc, found = _parse_entries_once(text, str(path)) if entries else load_document(text, str(path))
    problems.extend(_by_entry(doc, found) if entries else found)
    # Keep a document whose only problems are repeated keys (each keeps its first
    # value), so that its other mistakes are reported in the same run.
    return doc if doc.data is not None and doc.complete else None


# Entry files as parsed, by path and text: `mkdocs serve` reloads the catalog after
# each edit, and parsing the files that did not change was half of that. Nothing
# changes parsed values in place (the loader builds new lists and dicts from them),
# so the cached data is shared; each caller gets its own Document around it.
# catalog.yaml is not cached: `_usable_head` fills in its defaults in place.
_parsed: dict[str, tuple[str, Document, list[Problem]]] = {}


def _parse_entries_once(text: str, file: str) -> tuple[Document, list[Problem]]:
    hit = _parsed.get(file)
    if hit is None or hit[0] != text:
        if len(_parsed) >= 4096:
            _parsed.clear()
        hit = _parsed[file] = (text, *load_document(text, file))
    doc = hit[1]
    return Document(doc.file, doc.data, doc.lines, doc.complete), list(hit[2])


# Whether parsed data conforms, by the data's identity: the cached entry files above
# keep their parsed data objects, so a serve rebuild checks only the files that changed.
_conforming: dict[int, tuple[Any, str, bool]] = {}


def _conforms(schema: str, data: Any) -> bool:
    hit = _conforming.get(id(data))
    if hit is not None and hit[0] is data and hit[1] == schema:
        return hit[2]
    ok = conforms(schema)(data)
    if len(_conforming) >= 4096:
        _conforming.clear()
    _conforming[id(data)] = (data, schema, ok)  # holds `data`: its id is not reused while cached
    return ok


_ENTRY_FIELD = re.compile(r"^\[(\d+)\]\.?(.*)$")


def _by_entry(doc: Document, found: list[Problem]) -> list[Problem]:
    """'[3].status' -> 'status [<code of entry 3>]': entry problems name the code, as the rules' do."""
    out = []
    for p in found:
        m = _ENTRY_FIELD.match(p.field)
        item = doc.data[int(m.group(1))] if m and isinstance(doc.data, list) else None
        if isinstance(item, dict) and isinstance(item.get("code"), str) and m.group(2) != "code":
            p = Problem(p.file, p.line, m.group(2), p.message, short(item["code"], 80, quote=False))
        out.append(p)
    return out


def _markdown_texts(data: Any, entries: bool):
    """(path, text) of every Markdown field: the texts Python-Markdown renders."""
    def get(node, *keys):
        for k in keys:
            node = node.get(k) if isinstance(node, dict) else None
        return node

    if entries:
        for i, e in enumerate(data if isinstance(data, list) else ()):
            for k in ("cause", "recovery"):
                yield (i, k), get(e, k)
            variants = get(e, "variants")
            for s, v in (variants.items() if isinstance(variants, dict) else ()):
                for k in ("cause", "recovery"):
                    yield (i, "variants", s, k), get(v, k)
        return
    for i, c in enumerate(get(data, "categories") or ()):
        yield ("categories", i, "summary"), get(c, "summary")
    for i, h in enumerate(get(data, "headers") or ()):
        yield ("headers", i, "description"), get(h, "description")
    ts = get(data, "troubleshooting")
    for k, v in (ts.items() if isinstance(ts, dict) else ()):
        yield ("troubleshooting", k), v


def _check_markdown(doc: Document, entries: bool, problems: Problems) -> None:
    """Text fields within the limits that keep Markdown rendering linear (core/textlimits.py)."""
    for path, text in _markdown_texts(doc.data, entries):
        why = markdown_problem(text) if isinstance(text, str) else None
        if why:
            code = doc.data[path[0]].get("code") if entries else None
            problems.add(doc.file, doc.line(path), dotted(path[1:] if entries else path), why,
                         short(code, 80, quote=False) if isinstance(code, str) else None)


# -- structure ---------------------------------------------------------------

def _check_schema(doc: Document, schema: str, problems: Problems) -> set[tuple]:
    """Report schema errors; return the top-level parts (one-element paths) that have any."""
    is_entries = schema.startswith("entries")
    if doc.data is None and is_entries:
        return set()  # an empty file holds no entries; nothing to check
    if _conforms(schema, doc.data):
        return set()  # certainly valid: skip jsonschema (see schemacheck)
    bad: set[tuple] = set()
    for err in _validator(schema).iter_errors(doc.data):
        path = tuple(err.absolute_path)
        described = _describe(err, path)
        for _, _, line_path in described:
            bad.add(line_path[:2] if is_entries else line_path[:1])
        if is_entries and err.validator == "required":
            bad.add(path[:1])  # no code, category or title: nothing to check it against
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


_REQUIRED = ("code", "category", "title")


def _usable_entry(i: int, raw: Any, bad: set[tuple]) -> dict | None:
    """An entry without its broken fields, or None when it cannot be checked further.

    Positions are kept (lines are looked up by index), so a dropped entry is None.
    """
    if (i,) in bad or not isinstance(raw, dict) or any((i, k) in bad for k in _REQUIRED):
        return None
    return {k: v for k, v in raw.items() if (i, k) not in bad}


def _usable_head(head: Document | None, bad: set[tuple]) -> Document:
    """catalog.yaml without its broken parts, so entries can still be checked against it."""
    if head is None or () in bad or not isinstance(head.data, dict):
        data: dict = {}
        fallback = Document(head.file if head else CATALOG_FILE, data, head.lines if head else {})
        head = fallback
    data = {k: v for k, v in head.data.items() if (k,) not in bad}
    data.setdefault("service", "")
    data.setdefault("envelope", "problem")
    if "categories" not in data:
        data["categories"] = []
        data["_categories_unknown"] = True
    return Document(head.file, data, head.lines)


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


# -- meaning -----------------------------------------------------------------

_UNKNOWN: dict = {}  # categories could not be read; skip checks against them

def _build(root: Path, head: Document, docs: list[Document], problems: Problems) -> Catalog:
    h = head.data
    hf = head.file
    categories = _categories(head, problems)
    surfaces = dict(h.get("surfaces") or DEFAULT_SURFACES)
    pl = h.get("permalinks") or {}
    catalog_permalinks = Permalinks(
        errors_path=pl.get("errors_path", "/errors/"),
        type_base=pl.get("type_base"),
        documentation_base=pl.get("documentation_base"),
    )
    headers = _headers(head, problems)
    ev = h.get("events") or {}

    cats = _UNKNOWN if h.get("_categories_unknown") else {c.id: c for c in categories}
    entries: list[Entry] = []
    for doc in docs:
        for i, raw in enumerate(doc.data or []):
            if raw is not None:
                entries.append(_entry(doc, i, raw, cats, surfaces, problems))

    _check_unique(entries, problems)
    # Order on the site: categories as listed, entries in file order within each.
    order = {c.id: n for n, c in enumerate(categories)}
    entries.sort(key=lambda e: order.get(e.category, len(order)))
    catalog = Catalog(
        root=root,
        service=h["service"],
        envelope=h["envelope"],
        permalinks=catalog_permalinks,
        locales=tuple(h.get("locales") or ("en",)),
        surfaces=surfaces,
        headers=headers,
        categories=tuple(categories),
        entries=tuple(entries),
        missing_translations=(h.get("translations") or {}).get("missing", "fallback"),
        troubleshooting={int(k): v for k, v in (h.get("troubleshooting") or {}).items()},
        emitted=_emitted(head, problems),
        events=Events(ev.get("name", "error"), ev.get("shape", "code")),
        versions=versions.declared(head, problems),
        shapes=tuple(Shape(sh["name"], sh["description"], tuple(
            DocumentedExample(x["body"], x.get("title", ""), "http", x["status"], tuple((x.get("headers") or {}).items()))
            for x in sh["examples"])) for sh in h.get("shapes") or ()),
        wire_codes=h.get("wire_codes", True) is not False,
        files={"catalog": hf},
    )
    versions.check_entries(catalog, problems)
    _check_paths(catalog, problems)
    _check_spellings(catalog, problems)
    return catalog


_SOURCE_KINDS = ("list", "scan", "openapi", "responses")


def _emitted(head: Document, problems: Problems) -> tuple[EmittedSource, ...]:
    """The `emitted:` sources (structure already checked), each with its line; bad regexes reported."""
    out = []
    for i, raw in enumerate(head.data.get("emitted") or ()):
        kind = next(k for k in _SOURCE_KINDS if k in raw)
        src = EmittedSource(kind, raw[kind], raw.get("pattern"), tuple(raw.get("schemas", ())),
                            i, head.file, head.line(("emitted", i)))
        if src.pattern is not None:
            try:
                compile_pattern(src.pattern)
            except PatternError as e:
                problems.add(head.file, head.line(("emitted", i, "pattern")), f"emitted[{i}].pattern", str(e))
        out.append(src)
    return tuple(out)


def _headers(head: Document, problems: Problems) -> tuple[Header, ...]:
    out = []
    for i, x in enumerate(head.data.get("headers") or []):
        example = None if x.get("example") is None else str(x["example"])
        for name in PLACEHOLDER.findall(example or ""):
            if name not in HEADER_PLACEHOLDERS:
                problems.add(head.file, head.line(("headers", i, "example")), f"headers[{i}].example",
                             f"unknown placeholder {{{name}}}; known: "
                             + ", ".join(f"{{{p}}}" for p in HEADER_PLACEHOLDERS))
        out.append(Header(x["name"], x["description"], example, tuple(x.get("statuses", ())),
                          bool(x.get("retryable_only", False)), bool(x.get("always", False))))
    return tuple(out)


def _categories(head: Document, problems: Problems) -> list[Category]:
    out: list[Category] = []
    seen: dict[str, int] = {}
    index: dict[str, int] = {}
    for i, c in enumerate(head.data["categories"]):
        line = head.line(("categories", i, "id"))
        numbers = None
        if "numbers" in c:
            lo, hi = (int(x) for x in c["numbers"].split("-"))
            if lo > hi:  # reported once here; entries are not checked against it
                problems.add(head.file, head.line(("categories", i, "numbers")), f"categories[{i}].numbers",
                             f"range {c['numbers']} is empty (start above end)")
            else:
                numbers = (lo, hi)
        if c["id"] in seen:
            problems.add(head.file, line, f"categories[{i}].id",
                         f"category '{c['id']}' is defined twice (first on line {seen[c['id']]})")
            continue
        seen[c["id"]] = line
        out.append(Category(c["id"], c["title"], c.get("summary", ""), numbers, head.file, line))
        index[c["id"]] = i
    ranged = sorted(((c.numbers, c) for c in out if c.numbers), key=lambda x: (x[0], x[1].id))
    for (a, ca), (b, cb) in zip(ranged, ranged[1:]):
        if b[0] <= a[1]:
            i = index[cb.id]
            problems.add(head.file, head.line(("categories", i, "numbers")), f"categories[{i}].numbers",
                         f"category '{cb.id}' range {b[0]}-{b[1]} overlaps '{ca.id}' range {a[0]}-{a[1]}")
    return out


def _entry(doc: Document, i: int, raw: dict, cats: dict[str, Category],
           surfaces: dict[str, str], problems: Problems) -> Entry:
    code = raw["code"]

    def bad(field: str, message: str) -> None:
        problems.add(doc.file, doc.line((i, field)), field, message, code)

    for why in _dot_segments(code):
        bad("code", why)
    cat = cats.get(raw["category"])
    if cat is None and cats is not _UNKNOWN:
        bad("category", f"unknown category '{raw['category']}'; known: {', '.join(cats) or 'none'}")
    own = tuple(raw.get("surfaces") or ("http",))
    for s in own:
        if s not in surfaces:
            bad("surfaces", f"unknown surface '{s}'; known: {', '.join(surfaces)}")
    number = raw.get("number")
    if number is not None and cat is not None and cat.numbers:
        lo, hi = cat.numbers
        if not lo <= number <= hi:
            bad("number", f"{number} is outside category '{cat.id}' range {lo}-{hi}")
    lifecycle = raw.get("lifecycle", "active")
    replaced_by = raw.get("replaced_by")
    if replaced_by is not None and lifecycle == "active":
        bad("replaced_by", "only a deprecated or retired entry can be replaced; set lifecycle")
    if replaced_by == code:
        bad("replaced_by", "an entry cannot replace itself")
    for a in raw.get("aliases", ()):
        for why in _dot_segments(a):
            bad("aliases", f"alias '{a}': {why}")
    written = raw.get("variants") or {}
    for s in sorted(set(written) - set(own)):
        bad("variants", f"variant for surface '{s}', which this entry does not list in surfaces")
    # In the order of the entry's surfaces, not the order the keys were written.
    variants = {s: Variant(v.get("title", ""), v.get("message", ""), v.get("cause", ""),
                           v.get("recovery", ""), v.get("details"))
                for s in own if (v := written.get(s)) is not None}
    examples = []
    for n, x in enumerate(raw.get("examples") or ()):
        surface = x.get("surface", "http")
        if surface not in own:
            bad("examples", f"examples[{n}]: surface '{surface}', which this entry does not list in surfaces")
        examples.append(DocumentedExample(x["body"], x.get("title", ""), surface, x.get("status"),
                                          tuple((x.get("headers") or {}).items())))
    return Entry(
        code=code,
        category=raw["category"],
        title=raw["title"],
        anchor=permalinks.anchor(code),
        status=raw.get("status"),
        surfaces=own,
        number=number,
        retryable=raw.get("retryable", False),
        expose_details=raw.get("expose_details"),
        message=raw.get("message", ""),
        cause=raw.get("cause", ""),
        recovery=raw.get("recovery", ""),
        details=raw.get("details"),
        aliases=tuple(raw.get("aliases", ())),
        lifecycle=lifecycle,
        replaced_by=replaced_by,
        variants=variants,
        **{k: raw.get(k) for k in versions.FIELDS},
        examples=tuple(examples),
        file=doc.file,
        line=doc.line((i,)),
        lines={k: doc.line((i, k)) for k in raw},
    )


def _dot_segments(code: str) -> list[str]:
    """Why `code` cannot be a path: a '.' or '..' segment, or one starting with '.'
    (hosts hide dot-files or give them meaning: .git, .htaccess, .well-known)."""
    segments = code.split("/")
    if any(seg in (".", "..") for seg in segments):
        return ["a segment may not be '.' or '..'"]
    hidden = [seg for seg in segments if seg.startswith(".")]
    if hidden:
        return [f"a segment may not start with '.' ({short(hidden[0], 40)}): web hosts hide such "
                "paths or give them a meaning of their own (.git, .htaccess, .well-known)"]
    return []


def _where(e: Entry, name: str = "") -> str:
    return f"{e.file}:{e.line_of(name) if name else e.line}"


def _check_unique(entries: list[Entry], problems: Problems) -> None:
    """Codes, anchors, numbers and aliases are unique; references name real codes."""
    codes: dict[str, Entry] = {}
    anchors: dict[str, Entry] = {}
    numbers: dict[int, Entry] = {}
    for e in entries:
        if e.code in codes:
            problems.add(e.file, e.line_of("code"), "code",
                         f"duplicate code (first defined at {_where(codes[e.code], 'code')})", e.code)
            continue
        codes[e.code] = e
        other = anchors.get(e.anchor)
        if other is not None:
            problems.add(e.file, e.line_of("code"), "code",
                         f"same anchor '#{e.anchor}' as '{other.code}' ({_where(other, 'code')}); "
                         "codes may not differ only in case or separators", e.code)
        anchors.setdefault(e.anchor, e)
        if e.number is not None:
            if e.number in numbers:
                first = numbers[e.number]
                problems.add(e.file, e.line_of("number"), "number",
                             f"number {e.number} is already used by '{first.code}' ({_where(first, 'number')})",
                             e.code)
            numbers.setdefault(e.number, e)
    aliases: dict[str, Entry] = {}
    for e in entries:
        for a in e.aliases:
            if a in codes:
                problems.add(e.file, e.line_of("aliases"), "aliases",
                             f"alias '{a}' is also a code ({_where(codes[a], 'code')})", e.code)
            elif a in aliases and aliases[a] is not e:
                problems.add(e.file, e.line_of("aliases"), "aliases",
                             f"alias '{a}' is already an alias of '{aliases[a].code}' "
                             f"({_where(aliases[a], 'aliases')})", e.code)
            aliases.setdefault(a, e)
    for e in entries:
        if e.replaced_by and e.replaced_by != e.code and e.replaced_by not in codes:
            problems.add(e.file, e.line_of("replaced_by"), "replaced_by",
                         f"unknown code '{e.replaced_by}'", e.code)


def _origins(catalog: Catalog, e: Entry) -> dict[str, str]:
    """Each permalink path of `e` -> the field it comes from (code, number or aliases).

    Asks `permalinks.paths_of` (what `permalink_paths` returns) with fewer fields set, so it can never
    disagree with the paths the outputs publish.
    """
    out: dict[str, str] = {}
    steps = [("code", None, ()), ("number", e.number, ()), ("aliases", e.number, e.aliases)]
    for name, number, aliases in steps:
        for p in permalinks.paths_of(catalog, e.code, number, aliases):
            out.setdefault(p, name)
    return out


def _check_paths(catalog: Catalog, problems: Problems) -> None:
    """No two entries may share a permalink path, ignoring case (hosts differ on case).

    A field that already has a problem (a duplicate code, alias or number, an
    anchor collision) is not reported again for the path it implies.
    """
    reported = {(p.file, p.code, p.field) for p in problems.items}
    owner: dict[str, tuple[Entry, str, str]] = {}
    for e in catalog.entries:
        for p, name in _origins(catalog, e).items():
            other, other_path, other_name = owner.setdefault(p.lower(), (e, p, name))
            if other is e or {(e.file, e.code, name), (other.file, other.code, other_name)} & reported:
                continue
            clash = "is also a permalink" if other_path == p else f"differs only in case from {other_path}, a permalink"
            problems.add(e.file, e.line_of(name), name,
                         f"permalink {p} {clash} of '{other.code}' ({_where(other, other_name)})", e.code)
            reported.add((e.file, e.code, name))
    # Each permalink is a file <path>/index.html in the built site: no such file
    # may sit where another permalink needs a folder ('x' and 'x/index.html').
    files = {p.strip("/") + "/index.html": v for p, v in owner.items()}
    for low, (e, p, name) in sorted(owner.items()):
        parts = low.strip("/").split("/")
        for i in range(1, len(parts) + 1):
            hit = files.get("/".join(parts[:i]))
            if hit is not None and hit[0] is not e and (e.file, e.code, name) not in reported:
                problems.add(e.file, e.line_of(name), name,
                             f"permalink {p} needs a folder where the permalink {hit[1]} of '{hit[0].code}' "
                             f"({_where(hit[0], hit[2])}) puts its page {hit[1].strip('/')}/index.html", e.code)
                reported.add((e.file, e.code, name))


def _check_spellings(catalog: Catalog, problems: Problems) -> None:
    """Separator variants: 'token/expired' and an alias 'TOKEN_EXPIRED' of another
    entry read as one code. Two codes are reported by _check_unique (same anchor)
    and pure case variants by _check_paths (same path), so only the rest here."""
    spelled: dict[str, tuple[Entry, str, bool]] = {}
    for e in catalog.entries:
        for name, is_code in ((e.code, True), *((a, False) for a in e.aliases)):
            other, other_name, other_is_code = spelled.setdefault(permalinks.anchor(name), (e, name, is_code))
            if other is e or (is_code and other_is_code) or name.lower() == other_name.lower():
                continue
            what = "code" if is_code else f"alias '{name}'"
            theirs = f"code '{other_name}'" if other_is_code else f"alias '{other_name}' of '{other.code}'"
            problems.add(e.file, e.line, "code" if is_code else "aliases",
                         f"{what} differs only in case or separators from {theirs} ({_where(other)})", e.code)


# -- once per build ----------------------------------------------------------

_cache: dict[str, tuple[tuple, Catalog]] = {}


def fingerprint(root: Path) -> tuple:
    """Names, sizes and mtimes of the catalog's files: cheap, and changes on any edit."""
    out = []
    for p in sorted(root.rglob("*")):
        if p.is_file():
            st = p.stat()
            out.append((str(p), st.st_size, st.st_mtime_ns))
    return tuple(out)


def load_cached(root: str | os.PathLike) -> Catalog:
    """`load_catalog`, parsed once for as long as no file of the catalog changes.

    MkDocs hooks, the macros module and `mkdocs serve` rebuilds all call this,
    so the YAML is read once per change, not once per consumer.
    """
    root = Path(root).resolve()
    fp = fingerprint(root) if root.is_dir() else ()
    hit = _cache.get(str(root))
    if hit and hit[0] == fp:
        return hit[1]
    catalog = load_catalog(_display(root))
    _cache[str(root)] = (fp, catalog)
    return catalog


def _display(root: Path) -> Path:
    """The catalog path as users name it: relative to the working dir when inside it."""
    try:
        return root.relative_to(Path.cwd())
    except ValueError:
        return root

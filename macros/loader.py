"""Load a catalog folder into a validated `Catalog`, reporting every problem.

Data flows one way: YAML files -> `Document`s (with line numbers) -> JSON
Schema checks (structure) -> the rules of the contract (meaning) -> `Catalog`.
All problems of all files are collected, then raised once as `CatalogError`.
"""
from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import permalinks, schemacheck
from .model import DEFAULT_SURFACES, Catalog, Category, Entry, Header, Permalinks, Variant
from .problems import CatalogError, Problems
from .yamlsource import Document, _dotted, load_document

if TYPE_CHECKING:
    import jsonschema

SCHEMA_DIR = Path(__file__).parent / "schema"
CATALOG_FILE = "catalog.yaml"
ERRORS_DIR = "errors"

# What a pattern failure means, by field name, so users read a rule, not a regex.
_PATTERN_HINTS = {
    "code": "letters, digits, _ . - in '/'-separated segments",
    "replaced_by": "a code: letters, digits, _ . - in '/'-separated segments",
    "aliases": "letters, digits, _ . - in '/'-separated segments",
    "id": "lower-case letters, digits and '-', starting with a letter or digit",
    "numbers": "a range like 2000-2999",
    "errors_path": "a path that starts and ends with '/', like /errors/",
    "type_base": "an http(s) URL ending in '/'",
    "documentation_base": "an http(s) URL ending in '/'",
    "locales": "a locale id like en, pt_BR or zh-Hans",
    "title": "one line of text",
    "service": "one line of text",
    "name": "an HTTP header name",
}


@cache
def _schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


@cache
def _conforms(name: str) -> schemacheck.Check:
    return schemacheck.compile_schema(_schema(name))


@cache
def _validator(name: str) -> jsonschema.protocols.Validator:
    import jsonschema  # noqa: PLC0415 - only needed when the quick check is unsure

    schema = _schema(name)
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


def load_catalog(root: str | os.PathLike) -> Catalog:
    """Read and validate the catalog in folder `root`; raise `CatalogError` on any problem."""
    root = Path(root)
    problems = Problems()
    catalog_file = root / CATALOG_FILE
    if not root.is_dir():
        problems.add(str(root), 0, "", "catalog folder not found")
        problems.raise_if_any()
    head = _read(catalog_file, problems)
    entry_files = sorted(p for p in (root / ERRORS_DIR).rglob("*") if p.suffix in (".yaml", ".yml"))
    entry_docs = [d for d in (_read(p, problems) for p in entry_files) if d is not None]
    if not entry_files:
        problems.add(str(root / ERRORS_DIR), 0, "", "no error entries: add errors/*.yaml files")

    # Structure first; then meaning, on every part whose structure is sound, so
    # one run reports schema mistakes and rule violations together.
    bad_head = _check_schema(head, "catalog.schema.json", problems) if head is not None else {()}
    for doc in entry_docs:
        bad = _check_schema(doc, "entries.schema.json", problems)
        # Keep positions (lines are looked up by index); a broken entry becomes None.
        doc.data = [] if () in bad else [None if (i,) in bad else x for i, x in enumerate(doc.data or [])]
    head = _usable_head(head, bad_head)

    catalog = _build(root, head, entry_docs, problems)
    problems.raise_if_any()
    return catalog


def _read(path: Path, problems: Problems) -> Document | None:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.add(str(path), 0, "", "file not found")
        return None
    except UnicodeDecodeError as e:
        problems.add(str(path), 0, "", f"not UTF-8 text (byte {e.start})")
        return None
    except OSError as e:
        problems.add(str(path), 0, "", f"cannot read: {e.strerror}")
        return None
    doc, found = load_document(text, str(path))
    problems.extend(found)
    return None if found else doc


# -- structure ---------------------------------------------------------------

def _check_schema(doc: Document, schema: str, problems: Problems) -> set[tuple]:
    """Report schema errors; return the top-level parts (one-element paths) that have any."""
    is_entries = schema.startswith("entries")
    if doc.data is None and is_entries:
        return set()  # an empty file holds no entries; nothing to check
    if _conforms(schema)(doc.data):
        return set()  # certainly valid: skip jsonschema (see schemacheck)
    bad: set[tuple] = set()
    for err in _validator(schema).iter_errors(doc.data):
        path = tuple(err.absolute_path)
        bad.add(path[:1])
        if is_entries and len(path) >= 1 and not isinstance(doc.data, list):
            bad.add(())
        field, message, line_path = _describe(err, path)
        code = None
        if is_entries and path and isinstance(doc.data, list):
            item = doc.data[path[0]]
            if isinstance(item, dict) and isinstance(item.get("code"), str):
                code = item["code"]
            field = _dotted(line_path[1:]) if field is None else field
        elif field is None:
            field = _dotted(line_path)
        problems.add(doc.file, doc.line(line_path), field, message, code)
    return bad


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


def _describe(err: jsonschema.ValidationError, path: tuple) -> tuple[str | None, str, tuple]:
    """A readable message for one schema error, and the path whose line to cite."""
    v, inst = err.validator, err.instance
    if v == "required":
        missing = err.message.split("'")[1]
        return _field(path + (missing,)), "missing (required)", path
    if v == "additionalProperties":
        allowed = sorted(err.schema.get("properties", {}))
        extra = [k for k in inst if k not in allowed] if isinstance(inst, dict) else []
        name = extra[0] if extra else "?"
        hint = f"; allowed: {', '.join(allowed)}" if allowed else ""
        return _field(path + (name,)), f"unknown field{hint}", path + (name,)
    if v == "type":
        want = err.validator_value
        want = " or ".join(want) if isinstance(want, list) else want
        return None, f"must be {_article(want)}, not {_kind(inst)}", path
    if v == "enum":
        opts = ", ".join(str(o) for o in err.validator_value)
        return None, f"must be one of {opts}, not {inst!r}", path
    if v == "pattern":
        key = next((p for p in reversed(path) if isinstance(p, str)), "")
        hint = _PATTERN_HINTS.get(key, f"text matching {err.validator_value}")
        return None, f"{inst!r} is not {hint}", path
    if v in ("minimum", "maximum"):
        lo, hi = err.schema.get("minimum"), err.schema.get("maximum")
        rng = f"between {lo} and {hi}" if lo is not None and hi is not None else (
            f"at least {lo}" if lo is not None else f"at most {hi}")
        return None, f"must be {rng}, not {inst}", path
    if v == "minItems":
        return None, "must not be empty", path
    if v == "minLength":
        return None, "must not be empty", path
    if v == "maxLength":
        return None, f"longer than {err.validator_value} characters", path
    if v == "uniqueItems":
        return None, "has repeated items", path
    if v == "minProperties":
        return None, "must not be empty", path
    if v == "propertyNames":
        return None, f"{err.instance!r} has a key that is not allowed", path
    return None, err.message, path


def _field(path: tuple) -> str:
    return _dotted(path)


def _article(t: str) -> str:
    return {"integer": "an integer", "object": "a mapping", "array": "a list",
            "string": "text", "boolean": "true or false"}.get(t, t)


def _kind(v: Any) -> str:
    if v is None:
        return "empty"
    if isinstance(v, bool):
        return f"{str(v).lower()}"
    return {dict: "a mapping", list: "a list", str: f"text {v!r}", int: f"the number {v}",
            float: f"the number {v}"}.get(type(v), type(v).__name__)


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
    headers = tuple(
        Header(x["name"], x["description"], None if x.get("example") is None else str(x["example"]),
               tuple(x.get("statuses", ())), bool(x.get("retryable_only", False)))
        for x in h.get("headers") or [])

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
        emitted=tuple(h.get("emitted") or ()),
        files={"catalog": hf},
    )
    _check_paths(catalog, problems)
    return catalog


def _categories(head: Document, problems: Problems) -> list[Category]:
    out: list[Category] = []
    seen: dict[str, int] = {}
    for i, c in enumerate(head.data["categories"]):
        line = head.line(("categories", i, "id"))
        numbers = None
        if "numbers" in c:
            lo, hi = (int(x) for x in c["numbers"].split("-"))
            if lo > hi:
                problems.add(head.file, head.line(("categories", i, "numbers")), f"categories[{i}].numbers",
                             f"range {c['numbers']} is empty (start above end)")
            numbers = (lo, hi)
        if c["id"] in seen:
            problems.add(head.file, line, f"categories[{i}].id",
                         f"category '{c['id']}' is defined twice (first on line {seen[c['id']]})")
            continue
        seen[c["id"]] = line
        out.append(Category(c["id"], c["title"], c.get("summary", ""), numbers, head.file, line))
    ranged = sorted((c.numbers, c) for c in out if c.numbers)
    for (a, ca), (b, cb) in zip(ranged, ranged[1:]):
        if b[0] <= a[1]:
            problems.add(head.file, cb.line, "numbers",
                         f"category '{cb.id}' range {b[0]}-{b[1]} overlaps '{ca.id}' range {a[0]}-{a[1]}")
    return out


def _entry(doc: Document, i: int, raw: dict, cats: dict[str, Category],
           surfaces: dict[str, str], problems: Problems) -> Entry:
    code = raw["code"]

    def bad(field: str, message: str) -> None:
        problems.add(doc.file, doc.line((i, field)), field, message, code)

    if any(seg in (".", "..") for seg in code.split("/")):
        bad("code", "a segment may not be '.' or '..'")
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
        if any(seg in (".", "..") for seg in a.split("/")):
            bad("aliases", f"alias '{a}': a segment may not be '.' or '..'")
    variants = {}
    for s, v in (raw.get("variants") or {}).items():
        if s not in own:
            bad("variants", f"variant for surface '{s}', which this entry does not list in surfaces")
        variants[s] = Variant(v.get("title", ""), v.get("message", ""), v.get("cause", ""),
                              v.get("recovery", ""), v.get("details"))
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
        file=doc.file,
        line=doc.line((i,)),
    )


def _where(e: Entry) -> str:
    return f"{e.file}:{e.line}"


def _check_unique(entries: list[Entry], problems: Problems) -> None:
    codes: dict[str, Entry] = {}
    anchors: dict[str, Entry] = {}
    numbers: dict[int, Entry] = {}
    for e in entries:
        if e.code in codes:
            problems.add(e.file, e.line, "code", f"duplicate code (first defined at {_where(codes[e.code])})", e.code)
            continue
        codes[e.code] = e
        other = anchors.get(e.anchor)
        if other is not None:
            problems.add(e.file, e.line, "code",
                         f"same anchor '#{e.anchor}' as '{other.code}' ({_where(other)}); "
                         "codes may not differ only in case or separators", e.code)
        anchors.setdefault(e.anchor, e)
        if e.number is not None:
            if e.number in numbers:
                problems.add(e.file, e.line, "number",
                             f"number {e.number} is already used by '{numbers[e.number].code}' "
                             f"({_where(numbers[e.number])})", e.code)
            numbers.setdefault(e.number, e)
    aliases: dict[str, Entry] = {}
    for e in entries:
        for a in e.aliases:
            if a in codes:
                problems.add(e.file, e.line, "aliases", f"alias '{a}' is also a code ({_where(codes[a])})", e.code)
            elif a in aliases and aliases[a] is not e:
                problems.add(e.file, e.line, "aliases",
                             f"alias '{a}' is already an alias of '{aliases[a].code}'", e.code)
            aliases.setdefault(a, e)
    for e in entries:
        if e.replaced_by and e.replaced_by != e.code and e.replaced_by not in codes:
            problems.add(e.file, e.line, "replaced_by", f"unknown code '{e.replaced_by}'", e.code)


def _check_paths(catalog: Catalog, problems: Problems) -> None:
    """No two entries may share a permalink path, ignoring case (hosts differ on case)."""
    owner: dict[str, Entry] = {}
    for e in catalog.entries:
        for p in permalinks.permalink_paths(catalog, e):
            key = p.lower()
            other = owner.setdefault(key, e)
            if other is not e:
                problems.add(e.file, e.line, "code",
                             f"permalink {p} is also a permalink of '{other.code}' ({_where(other)})", e.code)


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

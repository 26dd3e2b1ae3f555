"""Meaning: the `Catalog` built from documents whose structure is sound, with the
rules of the contract a schema cannot say (ranges, references, placeholders,
path-safe codes). Rules across entries (duplicates, shared permalinks) are in
core/clashes.py.
"""
from __future__ import annotations

from pathlib import Path

from . import clashes, permalinks, versions
from .localenames import locale_key, nearest_locale
from .model import (DEFAULT_SURFACES, HEADER_PLACEHOLDERS, PLACEHOLDER, Catalog, Category, DocumentedExample,
                    EmittedSource, Entry, Events, Header, Permalinks, Shape, Variant)
from .problems import Problems
from .scan import PatternError, compile_pattern
from .yamlsource import Document, short

# In an entry the loader hands in, the fields it left out for a problem of their
# own: a rule that reads one (the category's range, the surfaces a variant needs,
# the lifecycle a replacement needs) is skipped, never run against a default.
BROKEN = "_broken"  # in an entry's or catalog.yaml's data: the fields that could not be read


def build(root: Path, head: Document, docs: list[Document], problems: Problems,
          unread: list[str | None]) -> Catalog:
    """The `Catalog` of the parts whose structure is sound, each rule's violation added to `problems`
    (`unread`: the text of entries that could not be read, see `clashes.check_unique`)."""
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

    cats = {c.id: c for c in categories}
    # Some categories could not be read: a name not among the others may be one of them.
    all_known = "categories" not in h.get(BROKEN, ())
    entries: list[Entry] = []
    for doc in docs:
        for i, raw in enumerate(doc.data or []):
            if raw is not None:
                entries.append(_entry(doc, i, raw, cats, all_known, surfaces, problems))

    clashes.check_unique(entries, problems, unread)
    # Order on the site: categories as listed, entries in file order within each.
    order = {c.id: n for n, c in enumerate(categories)}
    entries.sort(key=lambda e: order.get(e.category, len(order)))
    catalog = Catalog(
        root=root,
        service=h["service"],
        envelope=h["envelope"],
        permalinks=catalog_permalinks,
        locales=_locales(head, problems),
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
        import_rules=_import_rules(head, cats if all_known else None, problems),
        files={"catalog": hf},
    )
    versions.check_entries(catalog, problems)
    clashes.check_paths(catalog, problems)
    clashes.check_spellings(catalog, problems)
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


def _import_rules(head: Document, cats: dict[str, Category] | None,
                  problems: Problems) -> tuple[tuple[str, str], ...]:
    """`import: categories:` as (category, glob) pairs; an unknown category is reported
    (`cats`: all the categories; None when some could not be read)."""
    rules = ((head.data.get("import") or {}).get("categories") or {})
    for cid in rules:
        if cats is not None and cid not in cats:
            problems.add(head.file, head.line(("import", "categories", cid)), "import.categories",
                         f"unknown category '{cid}'; known: {', '.join(cats) or 'none'}")
    return tuple((cid, glob) for cid, globs in rules.items() for glob in globs)


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


def _locales(head: Document, problems: Problems) -> tuple[str, ...]:
    """The configured locales; one CLDR does not know (`jp` for `ja`) is reported with the
    nearest known id: its column would carry no language name, `lang` or plural rules."""
    ids = tuple(head.data.get("locales") or ("en",))
    first: dict[str, str] = {}  # locale -> how the list first spells it (pt_BR, pt-BR and pt_br are one)
    for i, loc in enumerate(head.data.get("locales") or ()):
        if not isinstance(loc, str):
            continue  # reported by the schema check
        key = locale_key(loc)
        if key is None:
            near = nearest_locale(loc)
            hint = f"; did you mean '{near}'?" if near else "; use a language code such as 'ja' or 'pt_BR'"
            problems.add(head.file, head.line(("locales", i)), f"locales[{i}]",
                         f"'{short(loc, 40, quote=False)}' is not a locale CLDR (Babel) knows{hint}")
        elif first.setdefault(key, loc) != loc:
            problems.add(head.file, head.line(("locales", i)), f"locales[{i}]",
                         f"'{short(loc, 40, quote=False)}' is '{short(first[key], 40, quote=False)}' "
                         "spelt another way: list each locale once")
    return ids


def _categories(head: Document, problems: Problems) -> list[Category]:
    out: list[Category] = []
    seen: dict[str, int] = {}
    index: dict[str, int] = {}
    for i, c in enumerate(head.data["categories"]):
        if c is None:  # broken, reported by the schema check
            continue
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


def _entry(doc: Document, i: int, raw: dict, cats: dict[str, Category], all_known: bool,
           surfaces: dict[str, str], problems: Problems) -> Entry:
    code = raw["code"]
    broken = raw.get(BROKEN, ())

    def bad(field: str, message: str, item: str | None = None) -> None:
        problems.add(doc.file, doc.line((i, field)), field, message, code, item)

    for why in _dot_segments(code):
        bad("code", why)
    category = raw.get("category")
    cat = cats.get(category)
    if cat is None and all_known and category is not None:
        bad("category", f"unknown category '{category}'; known: {', '.join(cats) or 'none'}")
    own = tuple(raw.get("surfaces") or ("http",))
    for s in own:
        if s not in surfaces:
            bad("surfaces", f"unknown surface '{s}'; known: {', '.join(surfaces)}")
    number = raw.get("number")
    if number is not None and cat is not None and cat.numbers:
        lo, hi = cat.numbers
        if not lo <= number <= hi:
            bad("number", f"{number} is outside category '{cat.id}' range {lo}-{hi}")
    lifecycle = raw.get("lifecycle", None if "lifecycle" in broken else "active")
    replaced_by = raw.get("replaced_by")
    if replaced_by is not None and lifecycle == "active":
        bad("replaced_by", "only a deprecated or retired entry can be replaced; set lifecycle")
    if replaced_by == code:
        bad("replaced_by", "an entry cannot replace itself")
    for a in raw.get("aliases", ()):
        for why in _dot_segments(a):
            bad("aliases", f"alias '{a}': {why}", a)
    written = raw.get("variants") or {}
    for s in sorted(set(written) - set(own)) if "surfaces" not in broken else ():
        bad("variants", f"variant for surface '{s}', which this entry does not list in surfaces")
    # In the order of the entry's surfaces, not the order the keys were written.
    variants = {s: Variant(v.get("title", ""), v.get("message", ""), v.get("cause", ""),
                           v.get("recovery", ""), v.get("details"))
                for s in own if (v := written.get(s)) is not None}
    examples = []
    for n, x in enumerate(raw.get("examples") or ()):
        surface = x.get("surface", "http")
        if surface not in own and "surfaces" not in broken:
            bad("examples", f"examples[{n}]: surface '{surface}', which this entry does not list in surfaces")
        examples.append(DocumentedExample(x["body"], x.get("title", ""), surface, x.get("status"),
                                          tuple((x.get("headers") or {}).items())))
    return Entry(
        code=code,
        category=category,
        title=raw.get("title", ""),
        anchor=permalinks.anchor(code),
        status=raw.get("status"),
        surfaces=own,
        number=number,
        retryable=raw.get("retryable", False),
        expose_details=raw.get("expose_details"),
        message=raw.get("message", ""),
        cause=raw.get("cause", ""),
        recovery=raw.get("recovery", ""),
        explained=raw.get("explained", True),
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
    """Why `code` cannot be a path: a '.' or '..' segment (a URL resolves them away).
    A segment starting with '.' is a code the contract allows (`v1/.well-known`);
    docs/guide/permalinks.md says which hosts leave such folders out."""
    if any(seg in (".", "..") for seg in code.split("/")):
        return ["a segment may not be '.' or '..'"]
    return []


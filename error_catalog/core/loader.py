"""Load a catalog folder into a validated `Catalog`, reporting every problem.

Data flows one way: YAML files -> `Document`s with line numbers (core/catalogfiles.py)
-> JSON Schema checks of structure (core/schemaerrors.py) -> the rules of the
contract (core/building.py, core/clashes.py) -> `Catalog`. All problems of all
files are collected, then raised once as `CatalogError`.

A pure function of the folder: nothing is kept between calls. What `mkdocs serve`
reuses between rebuilds, the plugin's session keeps, and hands in as `parse`
and `conforms` (error_catalog/plugin/session.py).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from . import catalogfiles
from .building import BROKEN, build
from .catalogfiles import CATALOG_FILE, ERRORS_DIR, MAX_FILE_BYTES, Parse  # noqa: F401 - the loader's limits, by name
from .model import Catalog
from .problems import Problems
from .schemaerrors import Conforms, check_schema, conforming
from .textlimits import markdown_problem
from .yamlsource import Document, dotted, load_document, short


def load_catalog(root: str | os.PathLike, parse: Parse = load_document,
                 conforms: Conforms = conforming) -> Catalog:
    """Read and validate the catalog in folder `root`; raise `CatalogError` on any problem.

    `parse` reads an entry file's text, `conforms` is the fast schema check: the
    plugin's session passes versions that reuse what an earlier load found.
    """
    root = Path(root)
    problems = Problems()
    catalog_file = root / CATALOG_FILE
    if not root.is_dir():
        problems.add(str(root), 0, "", "catalog folder not found")
        problems.raise_if_any()
    before = len(problems.items)
    head = catalogfiles.read(catalog_file, problems, root)
    if head is None and len(problems.items) == before:
        problems.add(str(catalog_file), 1, "", "the file is empty: it needs at least service, envelope "
                                               "and categories")
    errors_dir = root / ERRORS_DIR
    before = len(problems.items)
    entry_files = catalogfiles.entry_files(errors_dir, root, problems)
    # What holds entries that cannot be read (None: not even as text): a reference to
    # a code found nowhere else is not called unknown if one of these may define it.
    unread: list[str | None] = [None] if len(problems.items) > before else []
    entry_docs = []
    for p in entry_files or ():
        before = len(problems.items)
        doc = catalogfiles.read(p, problems, root, entries=True, parse=parse)
        if doc is not None:
            entry_docs.append(doc)
        elif len(problems.items) > before:  # not an empty file: one that could not be read
            unread.append(catalogfiles.text_of(p, root))
    if entry_files is not None and not entry_files:
        problems.add(str(errors_dir), 0, "", "no error entries: add errors/*.yaml files")
    entry_files = entry_files or []

    # Structure first; then meaning, on every part whose structure is sound, so
    # one run reports schema mistakes and rule violations together.
    bad_head = check_schema(head, "catalog.schema.json", problems, conforms) if head is not None else {()}
    for doc in entry_docs:
        bad = check_schema(doc, "entries.schema.json", problems, conforms)
        data, doc.data = doc.data, _usable_entries(doc.data, bad)
        if () in bad:
            unread.append(repr(data))
        elif bad:
            unread += [repr(x) for x, kept in zip(data, doc.data) if kept is None]
    head = _usable_head(head, bad_head)
    for doc in [head, *entry_docs]:
        _check_markdown(doc, doc is not head, problems)

    catalog = build(root, head, entry_docs, problems, unread)
    if entry_files and not catalog.entries and not problems:
        problems.add(str(root / ERRORS_DIR), 0, "", "no error entries: the errors/*.yaml files hold none")
    problems.raise_if_any()
    return catalog


def _usable_entries(data: Any, bad: set[tuple]) -> list:
    """The entries without their broken fields (positions kept: lines are looked up
    by index); None for one that cannot be checked further (no usable code)."""
    if () in bad:
        return []
    if not bad:
        return data or []
    broken: dict[int, set[str]] = {}
    for p in bad:
        if len(p) == 2:
            broken.setdefault(p[0], set()).add(p[1])
    return [None if (i,) in bad or not isinstance(x, dict) else _usable_entry(x, broken.get(i))
            for i, x in enumerate(data)]


def _usable_entry(raw: dict, broken: set[str] | None) -> dict | None:
    if not broken:
        return raw
    if "code" in broken:
        return None  # every rule and report names the entry by its code
    return {**{k: v for k, v in raw.items() if k not in broken}, BROKEN: frozenset(broken)}


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
        data[BROKEN] = frozenset({"categories"})
    gone = {p[1] for p in bad if p[:1] == ("categories",) and len(p) == 2}
    if gone and isinstance(data["categories"], list):
        # The sound categories are still checked and checked against (positions kept,
        # for lines); an entry may name a broken one, so none is called unknown.
        data["categories"] = [None if i in gone else c for i, c in enumerate(data["categories"])]
        data[BROKEN] = frozenset({"categories"})
    return Document(head.file, data, head.lines)



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


"""From the codes a service already emits to catalog entries: what `error-catalog import` writes.

`plan` reads the catalog's `emitted:` sources (the same reading as the gate)
and makes a `Draft` for every emitted code no entry documents, with what the
sources know: the status and message of a recorded response, the description
an OpenAPI document gives the enum value (a first cause), the category from a
rule. `entries_yaml` writes the drafts as an entry file. Nothing here writes a
file or asks a question: the command does (error_catalog/cli/importing.py).

An imported entry carries `explained: false` until a person writes its cause
and recovery; `unexplained` lists those entries, which `check --strict` fails on.
"""
from __future__ import annotations

import fnmatch
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import yaml

from . import emitted, permalinks
from .constnames import title_of
from .gate import Index
from .model import Catalog, Entry
from .problems import Failure, Problem, sort_key
from .recorded import MESSAGE_FIELD, get
from .sightings import Record, Sighting
from .yamlsource import not_printable

FILE_STEM = "imported"  # errors/imported.yaml, then imported-2.yaml, ...
_CODE = re.compile(r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$")  # entries.schema.json's `code`
_MAX_CODE = 200


@dataclass
class Draft:
    """One entry to import; `category` is None until a rule, the option or a person gives one."""

    code: str
    seen: Sighting  # where a source first shows it
    category: str | None = None
    title: str = ""
    status: int | None = None
    surfaces: tuple[str, ...] = ()
    message: str = ""
    cause: str = ""

    def fields(self, with_message: bool = True) -> dict:
        """The entry as written, in the contract's field order."""
        out: dict = {"code": self.code, "category": self.category, "title": self.title}
        if self.status is not None:
            out["status"] = self.status
        if self.surfaces and self.surfaces != ("http",):
            out["surfaces"] = list(self.surfaces)
        if self.message and with_message:
            out["message"] = self.message
        if self.cause:
            out["cause"] = self.cause
        out["explained"] = False
        return out


@dataclass
class Plan:
    drafts: list[Draft] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)  # emitted values no entry can be made for
    left_out: list[Problem] = field(default_factory=list)  # source text a draft could not carry


def plan(catalog: Catalog, categories: list[tuple[str, str]] = (),
         allowed: Sequence[str | os.PathLike] = ()) -> Plan:
    """The drafts for every undocumented emitted code. `categories`: (category id, glob) rules
    given on the command line (a glob '*' files every code), tried after catalog.yaml's;
    `allowed`: folders outside the repository the sources may read (`emitted.read`).
    Raises `Failure` when a source cannot be read: import reads them whole or not at all."""
    found = emitted.read_all(catalog, allowed)
    if found.problems:
        raise Failure([str(p) for p in sorted(set(found.problems))], "the emitted sources could not be read",
                      "Fix them (error-catalog check shows the same), then import again.")
    index = Index(catalog)
    out = Plan()
    drafts: dict[str, Draft] = {}
    anchors = {e.anchor: e for e in catalog.entries}
    paths = {p.lower(): e for p, e in permalinks.permalink_map(catalog).items()}
    seen: set[tuple[str, str]] = set()  # each value is judged once, where it is first seen
    for s in found.sightings:
        if (s.kind, s.value) in seen or index.resolve(s)[0] is not None:
            continue
        seen.add((s.kind, s.value))
        code = _code_of(catalog, s, out)
        if code is None or code in drafts:
            continue
        clash = _clash(catalog, code, anchors, paths)
        if clash:
            out.skipped.append(Problem(s.file, s.line, s.field, clash, code))
            continue
        drafts[code] = Draft(code, s)
        anchors[permalinks.anchor(code)] = Entry(code, "", "", permalinks.anchor(code), file=s.file, line=s.line)
    shown: dict[str, list[Record]] = {}  # code -> the recorded responses that carry it
    for r in found.records:
        for code in dict.fromkeys(_code_of(catalog, c, None) for c in r.codes):
            if code in drafts:
                shown.setdefault(code, []).append(r)
    for d in drafts.values():
        _from_records(catalog, d, shown.get(d.code, []), out)
        d.cause = d.cause or _usable(found.descriptions.get(d.code, ""), d.seen, "its description", d.code, out)
        d.title = d.title or title_of(d.code)
        d.category = category_of(catalog, d.code, categories)
    out.drafts = list(drafts.values())
    return out


def _code_of(catalog: Catalog, s: Sighting, out: Plan | None) -> str | None:
    """The code an undocumented sighting names, or None (reported in `out`) when it names none."""
    value = s.value
    if s.kind == "type" and catalog.permalinks.type_base:
        base = catalog.permalinks.type_base
        value = value[len(base):] if value.startswith(base) else ""
    elif s.kind == "documentation_url":
        value = ""
    if value and len(value) <= _MAX_CODE and _CODE.match(value) and not any(
            seg in (".", "..") or seg.startswith(".") for seg in value.split("/")):
        return value
    if out is not None:
        why = ("a documentation_url names a number, not a code: add the entry with that number by hand"
               if s.kind == "documentation_url" else
               f"not under type_base {catalog.permalinks.type_base}" if s.kind == "type" and not value else
               "not a valid code (letters, digits, _ . - and '/'-separated segments, at most 200 characters)")
        out.skipped.append(Problem(s.file, s.line, s.field, f"cannot be imported: {why}", s.value))
    return None


def _clash(catalog: Catalog, code: str, anchors: dict[str, Entry], paths: dict[str, Entry]) -> str:
    """Why `code` cannot have an entry of its own beside the others ('' when it can)."""
    other = anchors.get(permalinks.anchor(code))
    if other is None:
        errors = permalinks.paths_of(catalog, code, None, ())[0].lower()
        other = paths.get(errors)
    if other is None:
        return ""
    where = f" ({other.file}:{other.line})" if other.file else ""
    return (f"cannot be imported: it shares its anchor or permalink with '{other.code}'{where}; "
            f"if it is another name for that code, add it to its `aliases`")


def _from_records(catalog: Catalog, d: Draft, records: list[Record], out: Plan) -> None:
    """Status, surface and message as the recorded responses of `d.code` show them."""
    if not records:
        d.surfaces = ("http",)
        return
    first = next((r for r in records if r.locale in (None, catalog.source_locale)), records[0])
    d.surfaces = tuple(dict.fromkeys(r.surface for r in records if r.surface in catalog.surfaces)) or ("http",)
    d.status = None if first.is_event else first.status
    field, kind = ("message", "message") if first.is_event else MESSAGE_FIELD[catalog.envelope]
    text = get(first.body, field)
    if first.locale not in (None, catalog.source_locale) or not isinstance(text, str) or not text.strip():
        return
    if not _usable(text, Sighting(first.file, first.line, field, "code", d.code), field, d.code, out):
        return
    if kind == "title":
        d.title = _one_line(text)
    else:
        d.message = text
        d.title = _one_line(text)


def _usable(text: str, at: Sighting, what: str, code: str, out: Plan) -> str:
    """`text`, or '' (said in `out.left_out`) when it holds a character no catalog text may
    (a bell, a log's colour codes): the message is what the service sends, so it is left
    out for a person to write rather than changed, and the other drafts are still written."""
    bad = not_printable(text) if text else None
    if bad is None:
        return text
    out.left_out.append(Problem(at.file, at.line, what, f"left out of the imported entry: it holds control "
                                f"character U+{ord(bad):04X}, which catalog text may not; write it by hand", code))
    return ""


def _one_line(text: str) -> str:
    return " ".join(text.split())[:200]


def category_of(catalog: Catalog, code: str, given: list[tuple[str, str]] = ()) -> str | None:
    """The category a rule files `code` in: catalog.yaml's `import: categories:`, then the
    command line's globs, then a category whose id is the code's first segment or whose
    `numbers` hold an all-digit code, then the command line's category for every code
    (glob '*'). None when nothing says."""
    everything = [cid for cid, glob in given if glob == "*"]
    for cid, glob in (*catalog.import_rules, *((c, g) for c, g in given if g != "*")):
        if fnmatch.fnmatchcase(code, glob):
            return cid
    ids = {c.id for c in catalog.categories}
    first = code.split("/", 1)[0]
    if "/" in code and first in ids:
        return first
    if code.isascii() and code.isdigit():
        n = int(code)
        for c in catalog.categories:
            if c.numbers and c.numbers[0] <= n <= c.numbers[1]:
                return c.id
    return everything[0] if everything else None


def entries_yaml(catalog: Catalog, drafts: list[Draft]) -> str:
    """The entry file `import` writes: a comment saying what it is, then each draft, with
    where it was first seen. Without usable translations for a new message (a catalog whose
    policy for missing translations is `fail`), the message is left out: the title carries it."""
    with_message = not (catalog.missing_translations == "fail" and len(catalog.locales) > 1)
    parts = ["# Written by `error-catalog import` from the codes the service emits (catalog.yaml\n"
             "# `emitted:`). Write each entry's cause and recovery, then remove its\n"
             "# `explained: false`: until then the site shows it as not yet explained and\n"
             "# `error-catalog check --strict` fails on it.\n"]
    for d in drafts:
        body = yaml.safe_dump([d.fields(with_message)], sort_keys=False, allow_unicode=True, width=100)
        parts.append(f"\n# first seen at {_in_comment(d.seen.file)}:{d.seen.line}\n{body}")
    return "".join(parts)


def _in_comment(path: str) -> str:
    """`path` as a YAML comment can hold it: a line break in a file name (\\n, \\r, NEL,
    U+2028, U+2029) would end the comment and write the rest as entries, so a name with
    anything not printable is written quoted, with escapes."""
    return path if path.isprintable() else json.dumps(path)


def unexplained(catalog: Catalog) -> list[Problem]:
    """Every entry marked `explained: false`: `check --strict` fails on each."""
    return sorted((Problem(e.file, e.line_of("explained"), "explained",
                           "not yet explained: write its cause and recovery, then remove `explained: false`", e.code)
                   for e in catalog.entries if not e.explained), key=sort_key)

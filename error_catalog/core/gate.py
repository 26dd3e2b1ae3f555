"""The emitted-code gate: a check in both directions, as Rust's error index has.

- Every code (or `type` URL, or `documentation_url`) a source in `emitted:`
  shows the service emitting must resolve to an entry: its code, an alias, or
  (for an all-digit code) its number. Otherwise the build fails.
- An entry marked retired must not be emitted any more.
- A recorded response (the full form of a `responses` source) must agree
  with its entry: status, message, envelope fields (`recorded.py`).
- An entry no source emits is reported (a warning; `--strict` fails on it)
  unless it is retired.

`check(catalog)` is pure with respect to the site: it reads the declared
sources and returns `Findings`; the build (`site.py`) and `error-catalog
check` decide how to report them. A catalog without `emitted:` is not checked.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from . import emitted, locales, permalinks, recorded
from .sightings import Sighting
from .model import Catalog, Entry
from .problems import Failure, Problem, sort_key

MAX_ALSO = 3  # further places named in a message before "and N more"


@dataclass
class Findings:
    errors: list[Problem] = field(default_factory=list)  # fail the build
    unused: list[Problem] = field(default_factory=list)  # entries never emitted: warnings
    sightings: int = 0  # values read from the sources
    documented: int = 0  # entries some source emits
    sources: int = 0

    def summary(self) -> str:
        return (f"{self.sightings} emitted value(s) from {self.sources} source(s); "
                f"{self.documented} entr{'y' if self.documented == 1 else 'ies'} emitted, "
                f"{len(self.errors)} error(s), {len(self.unused)} never emitted")

    def raise_errors(self, then: str = "") -> None:
        """Stop a build on the errors (undocumented or retired codes emitted, unreadable
        sources), the same words for every engine; `then`: what did not happen."""
        if self.errors:
            raise Failure([str(p) for p in self.errors], f"emitted-code gate: {len(self.errors)} problem(s)",
                          " ".join(filter(None, ["Document each emitted code (an entry or an alias) or fix "
                                                 "its source.", then])))


class Index:
    """What each kind of emitted value resolves to, built from the permalink functions."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.numbers = {e.number: e for e in catalog.entries if e.number is not None}
        self.type_urls: dict[str, Entry] = {}
        self.doc_urls: dict[str, Entry] = {}
        for e in catalog.entries:
            # An alias answers at the type URL its code would have (permalink_paths
            # lands type_base + alias on the entry too), so ask type_url for each name.
            for name in (e.code, *e.aliases):
                url = permalinks.type_url(catalog, e if name == e.code else replace(e, code=name))
                if url:
                    self.type_urls.setdefault(url, e)
            doc = permalinks.documentation_url(catalog, e)
            if doc:
                self.doc_urls.setdefault(doc, e)

    def code(self, value: str) -> Entry | None:
        entry = self.catalog.entry(value)
        if entry is None and value.isascii() and value.isdigit():
            entry = self.numbers.get(int(value))
        return entry

    def resolve(self, s: Sighting) -> tuple[Entry | None, str]:
        """The entry `s` names, or None and why not."""
        pl = self.catalog.permalinks
        if s.kind == "code":
            return self.code(s.value), "undocumented: no entry has this code, alias or number"
        if s.kind == "type":
            if not pl.type_base:
                if ":" in s.value:
                    return None, ("a type URL, but catalog.yaml sets no permalinks.type_base "
                                  "to check it against")
                return self.code(s.value), "undocumented: no entry has this code or alias (with no type_base, a type is read as a code)"
            entry = self.type_urls.get(s.value)
            if entry is not None:
                return entry, ""
            if not s.value.startswith(pl.type_base):
                return None, f"not under type_base {pl.type_base}: every type must be type_base + a code or alias"
            rest = s.value[len(pl.type_base):]
            return None, f"undocumented: type_base + '{rest}', and no entry has the code or alias '{rest}'"
        base = pl.documentation_base
        if not base:
            return None, "a documentation_url, but catalog.yaml sets no permalinks.documentation_base"
        entry = self.doc_urls.get(s.value)
        if entry is not None:
            return entry, ""
        if not s.value.startswith(base):
            return None, f"not under documentation_base {base}: it must be documentation_base + an entry's number"
        return None, f"undocumented: documentation_base + '{s.value[len(base):]}', and no entry has that number"


def check(catalog: Catalog, translations: locales.Translations | None = None,
          allowed: Sequence[str | os.PathLike] = ()) -> Findings:
    """Read the sources of `catalog.emitted` and check them against the entries
    (`translations`: the catalog's, when the caller has read them; else read if needed;
    `allowed`: folders outside the repository the sources may read, as `emitted.read`)."""
    if not catalog.emitted:
        return Findings()
    out = emitted.read_all(catalog, allowed)
    sightings, problems = out.sightings, out.problems
    index = Index(catalog)
    missing: dict[tuple[str, str], list[Sighting]] = {}
    retired: dict[str, tuple[Entry, list[Sighting]]] = {}
    hit: set[str] = set()
    reasons: dict[tuple[str, str], str] = {}
    for s in sightings:
        entry, why = index.resolve(s)
        if entry is None:
            key = (s.kind, s.value)
            missing.setdefault(key, []).append(s)
            reasons.setdefault(key, why)
            continue
        hit.add(entry.code)
        if entry.lifecycle == "retired":
            retired.setdefault(entry.code, (entry, []))[1].append(s)

    disagreements, shown = recorded.check(catalog, out.records, index.resolve, translations)
    hit |= shown
    errors = list(problems) + disagreements
    for key, seen in missing.items():
        first = seen[0]
        errors.append(Problem(first.file, first.line, first.field, reasons[key] + _also(seen), first.value))
    for entry, seen in retired.values():
        first = seen[0]
        errors.append(Problem(first.file, first.line, first.field,
                              f"'{entry.code}' is retired ({entry.file}:{entry.line}) but still "
                              f"emitted{_also(seen)}; stop emitting it, or set its lifecycle back "
                              "to deprecated", first.value))

    unused: list[Problem] = []
    if not problems:  # with a source unread, "never emitted" would be a guess
        for e in catalog.entries:
            if e.code not in hit and e.lifecycle != "retired":
                unused.append(Problem(e.file, e.line, "code",
                                      "documented but no source in `emitted:` emits it; if the service "
                                      "no longer sends it, mark it `lifecycle: retired`", e.code))
    return Findings(sorted(set(errors), key=sort_key), sorted(unused, key=sort_key), len(sightings), len(hit), len(catalog.emitted))


def _also(seen: list[Sighting]) -> str:
    places = list(dict.fromkeys(f"{s.file}:{s.line}" for s in seen))[1:]
    if not places:
        return ""
    shown = ", ".join(places[:MAX_ALSO])
    more = f" and {len(places) - MAX_ALSO} more" if len(places) > MAX_ALSO else ""
    return f" (also seen at {shown}{more})"

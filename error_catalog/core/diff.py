"""Compare two catalogs code by code, and say which changes break clients.

A change is breaking when a client written against OLD can misbehave against
NEW (docs/guide/changes.md lists the rules; `RULES` is their source):
- a code removed without a tombstone (neither kept, retired, nor an alias);
- an active code renamed (now an alias of another code: clients that match on
  the code see another one);
- the HTTP status or the number of an active code changed (a number set for
  the first time is not);
- `retryable` turned off on an active code (clients would retry in vain);
- a permalink path lost: it no longer lands on the code's entry;
- the response envelope or the `type` base changed (every response differs).
Everything else (new codes, lifecycle steps, rewording, categories, surfaces,
translations, new permalinks) is reported as not breaking.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import locales, permalinks
from .model import Catalog, Entry

# Kind -> when it is breaking, in words (shown by `--format markdown`, documented).
RULES: dict[str, str] = {
    "added": "never",
    "removed": "always: retire the code (lifecycle: retired) or make it an alias instead",
    "renamed": "when the old code was active",
    "status": "when the code was active",
    "number": "when the code was active and had a number",
    "retryable": "when an active code stops being retryable",
    "category": "never (permalinks keep landing on the entry)",
    "surfaces": "never",
    "lifecycle": "never",
    "message": "never (clients should not match on messages)",
    "translations": "never",
    "docs": "never",
    "permalink-lost": "always: a published permalink must keep resolving",
    "permalink-gained": "never",
    "envelope": "always: every response body changes shape",
    "type_base": "always: every `type` URL changes",
    "documentation_base": "never (lost permalinks are reported on their own)",
    "errors_path": "never (lost permalinks are reported on their own)",
    "locales": "never",
    "service": "never",
}
KINDS = tuple(RULES)
# Fields that only change what the documentation says.
_DOCS_FIELDS = ("title", "cause", "recovery", "details", "expose_details", "since", "variants")
_LIFECYCLE_FIELDS = ("lifecycle", "replaced_by", "deprecated_in", "retired_in")


@dataclass(frozen=True)
class Change:
    kind: str  # one of KINDS
    code: str | None  # None for a change to the whole catalog
    breaking: bool
    old: Any = None
    new: Any = None
    detail: str = ""  # what part changed: a locale, a path, field names

    def sort_key(self) -> tuple:
        return (self.code is not None, (self.code or "").lower(), self.code or "", KINDS.index(self.kind),
                self.detail)


def compare(old: Catalog, new: Catalog,
            translations: tuple[locales.Translations, locales.Translations] | None = None) -> list[Change]:
    """Every difference between OLD and NEW, sorted by code, then kind. With
    `translations` (each catalog's, from `locales.load`) translations are compared too."""
    out: list[Change] = []
    out += _catalog_changes(old, new)
    new_codes = {e.code: e for e in new.entries}
    old_codes = {e.code: e for e in old.entries}
    for code, o in old_codes.items():
        n = new_codes.get(code)
        if n is not None:
            out += _entry_changes(o, n)
            continue
        holder = new.entry(code)  # an alias now?
        if holder is not None:
            out.append(Change("renamed", code, o.lifecycle == "active", code, holder.code))
        else:
            out.append(Change("removed", code, True, o.lifecycle))
    for code, n in new_codes.items():
        if code not in old_codes and old.entry(code) is None:
            out.append(Change("added", code, False, None, n.lifecycle))
    out += _permalink_changes(old, new, old_codes, new_codes)
    if translations:
        out += _translation_changes(old, new, *translations, old_codes)
    return sorted(out, key=Change.sort_key)


def _catalog_changes(old: Catalog, new: Catalog) -> list[Change]:
    pairs = [("envelope", old.envelope, new.envelope),
             ("type_base", old.permalinks.type_base, new.permalinks.type_base),
             ("documentation_base", old.permalinks.documentation_base, new.permalinks.documentation_base),
             ("errors_path", old.permalinks.errors_path, new.permalinks.errors_path),
             ("locales", list(old.locales), list(new.locales)),
             ("service", old.service, new.service)]
    out = []
    for kind, a, b in pairs:
        if a != b:
            # A type base set for the first time adds `type` URLs; it breaks nothing.
            breaking = kind == "envelope" or (kind == "type_base" and a is not None)
            out.append(Change(kind, None, breaking, a, b))
    return out


def _entry_changes(o: Entry, n: Entry) -> list[Change]:
    code, active = o.code, o.lifecycle == "active"
    out = []
    if o.status != n.status:
        out.append(Change("status", code, active, o.status, n.status))
    if o.number != n.number:
        out.append(Change("number", code, active and o.number is not None, o.number, n.number))
    if o.retryable != n.retryable:
        out.append(Change("retryable", code, active and o.retryable, o.retryable, n.retryable))
    if o.category != n.category:
        out.append(Change("category", code, False, o.category, n.category))
    if o.surfaces != n.surfaces:
        out.append(Change("surfaces", code, False, list(o.surfaces), list(n.surfaces)))
    # One change per field that changed, with that field's values: a new `replaced_by`
    # of a retired code is not "retired -> retired".
    for f in _LIFECYCLE_FIELDS:
        if getattr(o, f) != getattr(n, f):
            out.append(Change("lifecycle", code, False, getattr(o, f), getattr(n, f), "" if f == "lifecycle" else f))
    if o.message != n.message:
        out.append(Change("message", code, False, o.message, n.message))
    for s in sorted(set(o.variants) | set(n.variants)):
        a, b = o.variants.get(s), n.variants.get(s)
        if (a.message if a else "") != (b.message if b else ""):
            out.append(Change("message", code, False, a.message if a else None, b.message if b else None,
                              f"surface {s}"))
    changed = [f for f in _DOCS_FIELDS if getattr(o, f) != getattr(n, f)]
    if changed:
        out.append(Change("docs", code, False, None, None, ", ".join(changed)))
    return out


def _permalink_changes(old: Catalog, new: Catalog, old_codes: dict[str, Entry],
                       new_codes: dict[str, Entry]) -> list[Change]:
    """Paths that stop landing on a code's entry, or start to. The paths of added and
    removed codes are implied by those changes and not listed again."""
    before = permalinks.permalink_map(old)
    after = permalinks.permalink_map(new)
    out = []
    for path, o in before.items():
        n = after.get(path)
        # Still fine when the path lands on the entry that now holds the code (an alias after a rename).
        if n is not None and (n.code == o.code or o.code in n.aliases):
            continue
        if o.code in new_codes or new.entry(o.code) is not None:
            out.append(Change("permalink-lost", o.code, True, path, n.code if n else None, path))
    for path, n in after.items():
        o = before.get(path)
        if o is None and (n.code in old_codes or old.entry(n.code) is not None):
            out.append(Change("permalink-gained", n.code, False, None, path, path))
    return out


def _translation_changes(old: Catalog, new: Catalog, a: locales.Translations, b: locales.Translations,
                         old_codes: dict[str, Entry]) -> list[Change]:
    """A usable translation of a kept message that appeared, changed or went."""
    out = []
    shared = [m for m in b.messages if m.entry.code in old_codes]
    for locale in sorted(set(old.locales[1:]) & set(new.locales[1:])):
        for m in shared:
            x, y = _usable(a, locale, m.context), _usable(b, locale, m.context)
            if x != y:
                where = locale + (f", surface {m.surface}" if m.surface else "")
                out.append(Change("translations", m.entry.code, False, x, y, where))
    return out


def _usable(t: locales.Translations, locale: str, context: str) -> str | None:
    r = t.lookup(locale, context)
    return r.text if r.state == locales.TRANSLATED and r.text else None


def breaking(changes: list[Change]) -> list[Change]:
    return [c for c in changes if c.breaking]

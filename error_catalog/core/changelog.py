"""The changelog: per declared version, the codes it added, renamed, deprecated
and retired, derived from the entries' `since`, `deprecated_in` and `retired_in`.

Rules (docs/guide/changes.md):
- an entry with `since: V` was added in V;
- in any version but the first, an entry added in V that has aliases is listed
  as renamed from them instead (its aliases are the names it had before V);
- `deprecated_in: V` and `retired_in: V` list the entry under V as deprecated
  or retired.
The page and the Atom feed both read `releases`; a catalog without `versions:`
has no changelog.
"""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from .model import Catalog, Entry, Version

KINDS = ("added", "renamed", "deprecated", "retired")
TITLES = {"added": "Added", "renamed": "Renamed", "deprecated": "Deprecated", "retired": "Retired"}
PAGE_SRC = "changes.md"  # /changes/
PAGE_PATH = "changes/"
FEED_FILE = "changes.xml"
# Entry ids are UUIDs derived from the service and the version name, so they
# stay the same across builds, hosts and site URLs (Atom ids must never change).
_NAMESPACE = uuid.UUID("5b0f3c1e-7d8a-4c2e-9a61-2f4b8d9e0c17")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


@dataclass(frozen=True)
class Change:
    kind: str  # one of KINDS
    entry: Entry
    old: str | None = None  # renamed: the old name (an alias)


@dataclass(frozen=True)
class Release:
    version: Version
    changes: tuple[Change, ...]

    def of(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]

    def summary(self) -> str:
        """'2 added, 1 deprecated' (or 'no changes to codes')."""
        parts = [f"{len(self.of(k))} {k}" for k in KINDS if self.of(k)]
        return ", ".join(parts) or "no changes to codes"


def releases(catalog: Catalog) -> list[Release]:
    """Every declared version with its changes, newest first."""
    if not catalog.versions:
        return []
    first = catalog.versions[0].name
    found: dict[str, list[Change]] = {v.name: [] for v in catalog.versions}
    for e in catalog.entries:
        if e.since in found:
            if e.aliases and e.since != first:
                found[e.since] += [Change("renamed", e, a) for a in e.aliases]
            else:
                found[e.since].append(Change("added", e))
        if e.deprecated_in in found:
            found[e.deprecated_in].append(Change("deprecated", e))
        if e.retired_in in found:
            found[e.retired_in].append(Change("retired", e))
    rank = {k: i for i, k in enumerate(KINDS)}
    out = []
    for v in reversed(catalog.versions):
        changes = sorted(found[v.name], key=lambda c: (rank[c.kind], c.entry.code.lower(), c.entry.code, c.old or ""))
        out.append(Release(v, tuple(changes)))
    return out


def feed_id(catalog: Catalog) -> str:
    return uuid.uuid5(_NAMESPACE, f"feed\n{catalog.service}").urn


def release_id(catalog: Catalog, version: Version) -> str:
    return uuid.uuid5(_NAMESPACE, f"release\n{catalog.service}\n{version.name}").urn


def date(version: Version) -> str | None:
    """The version's date: the one declared, or its name when that is a date."""
    return version.date or (version.name if _DATE.match(version.name) else None)


def timestamp(version: Version) -> str:
    """The version's date as an RFC 3339 time; an undated version gets the epoch
    (deterministic output: never the time of the build)."""
    return f"{date(version) or '1970-01-01'}T00:00:00Z"

"""API versions: `versions:` in catalog.yaml and `since` / `deprecated_in` /
`retired_in` on entries.

Versions are names (text), ordered only by the catalog's own list, oldest
first: '2.10' after '2.9', '2024-05' after '2023-12', whatever the scheme.
Without a list the fields are free text, shown as written and never ordered,
so the changelog (which needs an order) exists only with one.
"""
from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from . import permalinks
from .model import Version

if TYPE_CHECKING:
    from .model import Catalog, Entry
    from .problems import Problems
    from .yamlsource import Document

FIELDS = ("since", "deprecated_in", "retired_in")
NAME_RULE = "not a version name: one line of text without leading, trailing or double spaces"
# The lifecycles an entry needs for each field (since fits any).
_NEEDS = {"deprecated_in": ("deprecated", "retired"), "retired_in": ("retired",)}
_SHOWN = 8  # declared versions listed in an "unknown version" message


def quote_hint(path: tuple, value: Any) -> str:
    """For a version written as a YAML number (2.0, 3): YAML reads 1.10 as 1.1."""
    key = next((p for p in reversed(path) if isinstance(p, str)), "")
    if key in FIELDS + ("versions", "version") and type(value) in (int, float):
        return "; quote it in YAML, as in '2.0' (unquoted, 1.10 reads as 1.1)"
    return ""


def declared(head: Document, problems: Problems) -> tuple[Version, ...]:
    """The `versions:` list (structure already checked), each name once, dates in order."""
    out: list[Version] = []
    seen: dict[str, Version] = {}
    spelled: dict[str, Version] = {}
    last_dated: Version | None = None
    for i, raw in enumerate(head.data.get("versions") or ()):
        item = {"version": raw} if isinstance(raw, str) else raw
        line = head.line(("versions", i))
        v = Version(item["version"], item.get("date"), line)

        def bad(message: str, field: str = "") -> None:
            problems.add(head.file, head.line(("versions", i, field)) if field else line,
                         f"versions[{i}]{'.' + field if field else ''}", message)

        if v.name in seen:
            bad(f"version '{v.name}' is listed twice (first on line {seen[v.name].line})")
            continue
        other = spelled.get(anchor(v.name))
        if other is not None:
            bad(f"version '{v.name}' reads as '{other.name}' (line {other.line}) in links; "
                "versions may not differ only in case or separators")
            continue
        if v.date is not None:
            try:
                datetime.date.fromisoformat(v.date)
            except ValueError:
                bad(f"{v.date} is not a real date", "date")
                v = Version(v.name, None, line)
            else:
                if last_dated is not None and v.date < last_dated.date:
                    bad(f"{v.date} is before the date of '{last_dated.name}' ({last_dated.date}); "
                        "versions are listed oldest first", "date")
                last_dated = v
        seen[v.name] = spelled[anchor(v.name)] = v
        out.append(v)
    return tuple(out)


def anchor(name: str) -> str:
    """The id of a version's heading on the changes page ('2.3' -> '_v-2-3')."""
    return "_v-" + permalinks.anchor(name)


def order(catalog: Catalog) -> dict[str, int]:
    """Version name -> position, oldest 0."""
    return {v.name: i for i, v in enumerate(catalog.versions)}


def check_entries(catalog: Catalog, problems: Problems) -> None:
    """Each entry's versions: the lifecycle they need, declared names, and in order."""
    rank = order(catalog)
    names = ", ".join(v.name for v in catalog.versions[:_SHOWN]) + (", ..." if len(rank) > _SHOWN else "")
    for e in catalog.entries:
        def bad(field: str, message: str, e: Entry = e) -> None:
            problems.add(e.file, e.line_of(field), field, message, e.code)

        known: list[tuple[str, str]] = []
        for field in FIELDS:
            value = getattr(e, field)
            if value is None:
                continue
            needs = _NEEDS.get(field)
            if needs and e.lifecycle is not None and e.lifecycle not in needs:  # None: its own problem
                bad(field, f"only a {' or '.join(needs)} entry has {field}; set lifecycle"
                           f"{': retired' if needs == ('retired',) else ''}")
            if rank and value not in rank:
                bad(field, f"unknown version '{value}'; declared in catalog.yaml versions: {names}")
            elif rank:
                known.append((field, value))
        for (f1, v1), (f2, v2) in zip(known, known[1:]):
            if rank[v2] < rank[v1]:
                bad(f2, f"{f2} {v2} is before {f1} {v1}")

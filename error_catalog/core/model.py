"""The validated catalog: plain, immutable data that every output reads.

Nothing here knows about MkDocs; renderers and exporters take a `Catalog` and
return text, so moving the site to another engine touches only the wiring.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .reasons import reason_phrase

LIFECYCLES = ("active", "deprecated", "retired")
DEFAULT_SURFACES = {"http": "HTTP API"}
# Placeholders a header's `example` may hold; example responses fill them per entry.
HEADER_PLACEHOLDERS = ("code", "number", "status", "retryable", "request_id")
PLACEHOLDER = re.compile(r"\{([A-Za-z0-9_]+)\}")


@dataclass(frozen=True)
class Category:
    id: str
    title: str
    summary: str = ""
    numbers: tuple[int, int] | None = None
    file: str = ""
    line: int = 0


@dataclass(frozen=True)
class Header:
    name: str
    description: str
    example: str | None = None
    statuses: tuple[int, ...] = ()
    retryable_only: bool = False
    always: bool = False  # on every HTTP error response, whatever its status


@dataclass(frozen=True)
class Variant:
    """How one code reads on one surface, where that differs from the entry."""

    title: str = ""
    message: str = ""
    cause: str = ""
    recovery: str = ""
    details: Any = None


@dataclass(frozen=True)
class DocumentedExample:
    """A response as the service documents it (`examples:` of an entry), shown verbatim."""

    body: Any
    title: str = ""
    surface: str = "http"
    status: int | None = None  # None: the entry's
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Shape:
    """A further HTTP body shape of the service (`shapes:`), with documented responses."""

    name: str
    description: str
    examples: tuple[DocumentedExample, ...]


@dataclass(frozen=True)
class Entry:
    code: str
    category: str
    title: str
    anchor: str
    status: int | None = None
    surfaces: tuple[str, ...] = ("http",)
    number: int | None = None
    retryable: bool = False
    expose_details: bool | None = None
    message: str = ""
    cause: str = ""
    recovery: str = ""
    # False for an entry whose cause and recovery no person has written yet
    # (`error-catalog import` writes `explained: false`); `check --strict` fails on it.
    explained: bool = True
    details: Any = None
    aliases: tuple[str, ...] = ()
    lifecycle: str = "active"
    replaced_by: str | None = None
    variants: dict[str, Variant] = field(default_factory=dict)
    # Versions (names from `Catalog.versions`, or free text when none are declared).
    since: str | None = None
    deprecated_in: str | None = None
    retired_in: str | None = None
    examples: tuple[DocumentedExample, ...] = ()
    file: str = ""
    line: int = 0
    # The line of each field as written, for messages about that field.
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, name: str) -> int:
        return self.lines.get(name, self.line)

    @property
    def reason(self) -> str:
        """The RFC 9110 reason phrase of `status` ('' when there is none); example
        responses use the phrase of the catalog's framework (`reasons.reason_phrase`)."""
        return reason_phrase(self.status)




@dataclass(frozen=True)
class Permalinks:
    errors_path: str = "/errors/"
    type_base: str | None = None
    documentation_base: str | None = None


@dataclass(frozen=True)
class EmittedSource:
    """One item of `emitted:` in catalog.yaml: where the service's codes are found."""

    kind: str  # list | scan | openapi | responses
    path: str  # a glob relative to the catalog folder; `**` spans folders
    pattern: str | None = None  # scan: a regex whose group 1 is the code
    schemas: tuple[str, ...] = ()  # openapi: components.schemas names whose enums are codes
    index: int = 0  # position in `emitted:`
    file: str = ""  # where it is declared (catalog.yaml) ...
    line: int = 0  # ... and on which line

    @property
    def field(self) -> str:
        """How the declaration is named in messages: `emitted[2].scan`."""
        return f"emitted[{self.index}].{self.kind}"


@dataclass(frozen=True)
class Version:
    """One item of `versions:` in catalog.yaml, oldest first."""

    name: str
    date: str | None = None  # YYYY-MM-DD, when given
    line: int = 0


@dataclass(frozen=True)
class Events:
    """How socket error events look in example payloads."""

    name: str = "error"
    shape: str = "code"  # code: {code, message}; typed: {type, message, retryable, context, timestamp}


@dataclass(frozen=True)
class Catalog:
    root: Path
    service: str
    envelope: str
    permalinks: Permalinks
    locales: tuple[str, ...]
    surfaces: dict[str, str]
    headers: tuple[Header, ...]
    categories: tuple[Category, ...]
    entries: tuple[Entry, ...]
    missing_translations: str = "fallback"
    troubleshooting: dict[int, str] = field(default_factory=dict)
    emitted: tuple[EmittedSource, ...] = ()
    events: Events = Events()
    versions: tuple[Version, ...] = ()
    shapes: tuple[Shape, ...] = ()
    wire_codes: bool = True  # False: responses carry no code, only status and message
    # `import: categories:` as (category id, code glob), in order: where `import` files a code.
    import_rules: tuple[tuple[str, str], ...] = ()
    files: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def codeless(self, entry: Entry) -> bool:
        """Whether `entry`'s HTTP responses carry no code (`wire_codes: false`): it is
        identified by status and message, and its code is only the reference's name."""
        return not self.wire_codes and entry.status is not None and "http" in entry.surfaces

    @property
    def source_locale(self) -> str:
        return self.locales[0]

    def category(self, cid: str) -> Category:
        return self._categories[cid]

    def entries_in(self, cid: str) -> list[Entry]:
        return self._by_category.get(cid, [])

    def entry(self, code: str) -> Entry | None:
        """The entry of a code or of one of its aliases."""
        return self._by_code.get(code)

    # Indexes, made on first use: `cached_property` stores into the instance's
    # __dict__ without __setattr__, so the dataclass stays frozen.
    @cached_property
    def _by_code(self) -> dict[str, Entry]:
        by_code = {e.code: e for e in self.entries}
        for e in self.entries:
            for a in e.aliases:
                by_code.setdefault(a, e)
        return by_code

    @cached_property
    def _by_category(self) -> dict[str, list[Entry]]:
        by_cat: dict[str, list[Entry]] = {}
        for e in self.entries:
            by_cat.setdefault(e.category, []).append(e)
        return by_cat

    @cached_property
    def _categories(self) -> dict[str, Category]:
        return {c.id: c for c in self.categories}

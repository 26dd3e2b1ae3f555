"""The messages of a catalog, and its POT template.

Each message the API sends is one gettext message: `msgctxt` is the code and
`msgid` its `message` in the source language (`catalog-format.md`). A
surface variant's message (`variants.<surface>.message`) is a message of its
own with `msgctxt` `<code>@<surface>`; '@' cannot occur in a code, so the two
never collide.
"""
from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from babel.messages.catalog import Catalog as PoCatalog

from .model import Catalog, Entry

LOCALES_DIR = "locales"
TEMPLATE_FILE = "messages.pot"
VARIANT_SEP = "@"


@dataclass(frozen=True)
class SourceMessage:
    """One translatable message of the catalog."""

    context: str  # msgctxt: the code, or '<code>@<surface>' for a variant
    text: str  # msgid: the message in the source language
    entry: Entry
    surface: str | None = None  # the variant's surface, None for the entry's own message

    @property
    def field(self) -> str:
        return f"variants.{self.surface}.message" if self.surface else "message"


def source_messages(catalog: Catalog) -> list[SourceMessage]:
    """Every message to translate, in site order: an entry's message, then its variants'."""
    out = []
    for e in catalog.entries:
        if e.message:
            out.append(SourceMessage(e.code, e.message, e))
        for surface, v in sorted(e.variants.items()):
            if v.message:
                out.append(SourceMessage(f"{e.code}{VARIANT_SEP}{surface}", v.message, e, surface))
    return out


def po_path(catalog: Catalog, locale: str) -> Path:
    return catalog.root / LOCALES_DIR / f"{locale}.po"


def template_path(catalog: Catalog) -> Path:
    return catalog.root / LOCALES_DIR / TEMPLATE_FILE


def now() -> datetime.datetime:
    """The time stamped into new PO headers; `SOURCE_DATE_EPOCH` makes it reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)
    return datetime.datetime.now(datetime.timezone.utc).replace(second=0, microsecond=0)


def template(catalog: Catalog, creation_date: datetime.datetime | None = None) -> PoCatalog:
    """The POT of the catalog: one message per `SourceMessage`, translator notes included.

    Locations name the entry file without a line number, so that editing one
    entry does not touch the location of every message after it.
    """
    pot = PoCatalog(
        project=catalog.service, version="errors", fuzzy=False,
        creation_date=creation_date or now(),
        header_comment=(f"# {catalog.service} error messages: the template for translations.\n"
                        "# Made from the catalog by `error-catalog extract`; do not edit by hand."))
    relative: dict[str, str] = {}  # one answer per entry file, asked for each of its messages

    def where(file: str) -> str:
        if file not in relative:
            relative[file] = _relative(catalog.root, file)
        return relative[file]

    for m in source_messages(catalog):
        note = m.entry.title
        if m.surface:
            surface = catalog.surfaces.get(m.surface, m.surface)
            note = f"On {surface}: {m.entry.variants[m.surface].title or m.entry.title}"
        pot.add(m.text, None, locations=[(where(m.entry.file), None)],
                auto_comments=[note], context=m.context)
    return pot


def _relative(root: Path, file: str) -> str:
    try:
        return PurePosixPath(Path(file).relative_to(root)).as_posix()
    except ValueError:
        return Path(file).name

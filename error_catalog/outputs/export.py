"""`errors.json`: the whole dictionary for SDKs and tools, with its JSON Schema.

One object per entry (code, number, title, status, category, surfaces,
retryable, lifecycle and its versions, aliases, permalink and type URLs, message per locale),
built only from the model and the permalink functions, written with sorted
locales and a fixed key order so the same catalog gives the same bytes.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from ..core import locales, permalinks
from ..core.context import BuildContext
from ..core.model import Catalog, Entry
from ..core.files import write_atomic
from . import jsonout

FILE = "errors.json"
SCHEMA_FILE = "errors.schema.json"
SCHEMA_SOURCE = Path(__file__).parent.parent / "schema" / SCHEMA_FILE
FORMAT_VERSION = 1


def locale_messages(translations: locales.Translations) -> dict[str, dict[str, str]]:
    """code -> {locale: message}: the source message and every usable translation.

    A translation counts when it is not empty, not fuzzy, and was made from the
    entry's current message: the PO files as `locales.load` read them for the
    site (once per build), so the export and the pages cannot disagree.
    """
    catalog = translations.catalog
    out = {e.code: {catalog.source_locale: e.message} for e in catalog.entries if e.message}
    for locale in catalog.locales[1:]:
        for code, messages in out.items():
            r = translations.lookup(locale, code)
            if r.state == locales.TRANSLATED and r.text:
                messages[locale] = r.text
    return {code: dict(sorted(msgs.items())) for code, msgs in out.items()}


def dictionary(translations: locales.Translations, site_url: str = "") -> dict[str, Any]:
    """The export as plain data (what `errors.json` holds), from the catalog's translations."""
    catalog = translations.catalog
    messages = locale_messages(translations)
    return {
        "version": FORMAT_VERSION,
        "service": catalog.service,
        "locales": list(catalog.locales),
        "surfaces": dict(catalog.surfaces),
        "versions": [{"version": v.name, "date": v.date} for v in catalog.versions],
        "categories": [
            {"id": c.id, "title": c.title,
             "numbers": list(c.numbers) if c.numbers else None,
             "count": len(catalog.entries_in(c.id))}
            for c in catalog.categories],
        "errors": [_entry(catalog, e, site_url, messages.get(e.code, {})) for e in catalog.entries],
    }


def _entry(catalog: Catalog, e: Entry, site_url: str, messages: dict[str, str]) -> dict[str, Any]:
    return {
        "code": e.code,
        "number": e.number,
        "title": e.title,
        "status": e.status,
        "reason": e.reason or None,
        "category": e.category,
        "surfaces": list(e.surfaces),
        "retryable": e.retryable,
        "lifecycle": e.lifecycle,
        "replaced_by": e.replaced_by,
        "since": e.since,
        "deprecated_in": e.deprecated_in,
        "retired_in": e.retired_in,
        "aliases": list(e.aliases),
        "url": permalinks.permalink_url(catalog, e, site_url),
        "type_url": permalinks.type_url(catalog, e),
        "documentation_url": permalinks.documentation_url(catalog, e),
        "messages": messages,
        # What a person wrote (Markdown, as in the catalog), for tools that explain a code
        # where the site is not at hand (`error-catalog explain`, a support console).
        "cause": e.cause or None,
        "recovery": e.recovery or None,
        "explained": e.explained,
        # Per-surface meanings of one code (e.g. HTTP and socket), so none is lost.
        "variants": {s: {k: v for k, v in (("title", x.title), ("message", x.message)) if v}
                     for s, x in e.variants.items()},
    }


def to_json(data: dict[str, Any]) -> str:
    return jsonout.dumps(data)


def write(ctx: BuildContext, site_dir: Path) -> None:
    """Write `errors.json` and its schema into the built site."""
    write_atomic(site_dir / FILE, to_json(dictionary(ctx.translations, ctx.site_url)), durable=False)
    shutil.copyfile(SCHEMA_SOURCE, site_dir / SCHEMA_FILE)

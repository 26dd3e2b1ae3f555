"""Translated messages as the PO files hold them, read with Babel (not through the
project's own reader): the oracle for what search must find."""
from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po


def translated_messages(catalog) -> list[tuple[str, str, str]]:
    """(translated message, code, locale) for every translated, not fuzzy, message of each
    target locale's `locales/<locale>.po` (an entry's message or a variant's)."""
    codes = {e.code for e in catalog.entries}
    out = []
    for locale in catalog.locales[1:]:
        path = Path(catalog.root) / "locales" / f"{locale}.po"
        if not path.is_file():
            continue
        with path.open("rb") as f:
            po = read_po(f, locale=locale.replace("-", "_"))
        for m in po:
            if not m.id or not m.string or m.fuzzy or not m.context:
                continue
            code = m.context if m.context in codes else m.context.rsplit("@", 1)[0]
            if code in codes:
                out.append((m.string, code, locale))
    return out

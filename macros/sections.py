"""The optional parts of an entry's section, chosen per catalog.

Each provider takes an `Entry` and returns HTML; `Renderer` appends them in
this order. New per-entry content (translations, example responses) plugs in
here instead of growing the entry template.
"""
from __future__ import annotations

from . import locales, translations
from .model import Catalog
from .render import Section


def for_catalog(catalog: Catalog) -> list[Section]:
    return [translations.message_table(locales.load(catalog))]

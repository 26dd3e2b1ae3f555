"""What the site shows and exports of translations.

- `message_table`: the section provider that puts each entry's message in
  every configured locale into its section, a fallback visibly marked;
- `status_page`: per locale, translated / fuzzy / missing and what is left;
- `write_json`: `locales/<locale>.json` (code -> message) for APIs and SDKs.

The data comes from `locales.load`, read once per build.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from . import jsonout, locales
from .locales import FUZZY, MISSING, TRANSLATED, Translations, locale_name
from .model import Catalog, Entry
from .render import Section, environment, href

if TYPE_CHECKING:
    from .site import State

_BADGE = {MISSING: "Not translated", FUZZY: "Needs review"}


@dataclass(frozen=True)
class _Cell:
    text: str
    fallback: bool = False
    badge: str = ""
    why: str = ""


def message_table(translations: Translations) -> Section:
    """A provider: the entry's message (and its variants') in every locale.

    A catalog with a single locale gets nothing here: its entry template shows
    the message on its own.
    """
    catalog = translations.catalog
    template = environment().get_template("translations.html.j2")
    source = locale_name(catalog.source_locale)
    names = [locale_name(loc) for loc in catalog.locales]
    by_code: dict[str, list[locales.SourceMessage]] = {}
    for m in translations.messages:
        by_code.setdefault(m.entry.code, []).append(m)

    def section(e: Entry) -> Markup:
        if len(catalog.locales) < 2:
            return Markup("")
        columns = by_code.get(e.code, [])
        if not columns:
            return Markup("")
        labels = [f"On {catalog.surfaces.get(m.surface, m.surface)}" if m.surface else "Message" for m in columns]
        rows = []
        for name in names:
            cells = []
            for m in columns:
                r = translations.lookup(name.id, m.context)
                if r.state == TRANSLATED:
                    cells.append(_Cell(r.text))
                else:
                    why = (f"The {name.english} translation is {'fuzzy' if r.state == FUZZY else 'missing'}; "
                           f"showing the {source.english} source text.")
                    cells.append(_Cell(m.text, True, f"{_BADGE[r.state]}: {source.english} shown", why))
            rows.append({"name": name, "source": name.id == catalog.source_locale, "cells": cells})
        return Markup(template.render(columns=labels, rows=rows, source=source))

    return section


_NOT_ID = re.compile(r"[^a-z0-9]+")


def status_page(catalog: Catalog, from_dir: str = "") -> Markup:
    """The translation status: counts and percentages per locale, and the codes left to do."""
    t = locales.load(catalog)
    rows = []
    for st in t.locales.values():
        todo = []
        for m in t.messages:
            r = st.results[m.context]
            if r.state != TRANSLATED:
                surface = catalog.surfaces.get(m.surface, m.surface) if m.surface else ""
                todo.append({"code": m.entry.code, "surface": surface, "state": r.state,
                             "href": href(m.entry, from_dir)})
        rows.append({
            "locale": st.locale, "name": st.name, "counts": st.counts, "exists": st.exists,
            "drift": st.drift, "todo": todo, "file": f"{locales.LOCALES_DIR}/{st.locale}.po",
            "anchor": _NOT_ID.sub("-", st.locale.lower()),
        })
    text = environment().get_template("translation_status.md.j2").render(
        locales=rows, source=locale_name(catalog.source_locale), total=len(t.messages),
        policy=catalog.missing_translations,
        stale=any(not st.exists or st.drift for st in t.locales.values()))
    return Markup(text)


def exports(translations: Translations) -> dict[str, dict[str, str]]:
    """locale -> {context: message}: the source locale complete, the others with
    only what is translated (a consumer falls back to the source itself)."""
    out = {}
    for loc in translations.catalog.locales:
        table = {}
        for m in translations.messages:
            r = translations.lookup(loc, m.context)
            if r.state == TRANSLATED:
                table[m.context] = r.text
        out[loc] = table
    return out


def write_json(state: State, site_dir: Path) -> None:
    """`locales/<locale>.json` in the site: sorted keys, stable bytes."""
    folder = site_dir / locales.LOCALES_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for loc, table in exports(locales.load(state.catalog)).items():
        text = jsonout.dumps(dict(sorted(table.items())))
        (folder / f"{loc}.json").write_text(text, encoding="utf-8")

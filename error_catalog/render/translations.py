"""What the site shows and exports of translations.

- `message_table`: the section provider that puts each entry's message in
  every configured locale into its section, a fallback visibly marked;
- `status_page`: per locale, translated / fuzzy / missing and what is left;
- (`locales/<locale>.json` for APIs and SDKs: error_catalog/outputs/translation_json.py)

The data comes from `locales.load`, read once per build by the caller.
"""
from __future__ import annotations

import re

from markupsafe import Markup

from ..core import locales, permalinks
from ..core.locales import FUZZY, MISSING, TRANSLATED, Translations, locale_name
from ..core.model import Entry
from .elements import h
from .links import href
from .renderer import Section, environment
from .uitext import ENGLISH, UiText


def _badge(t: UiText, state: str) -> str:
    return t("Not translated") if state == MISSING else t("Needs review")


def message_table(translations: Translations, text: UiText = ENGLISH) -> Section:
    """A provider: the entry's message (and its variants') in every locale.

    A catalog with a single locale gets nothing here: its entry template shows
    the message on its own. The markup is lean on purpose: every tag costs the
    search plugin's HTML parser time on each build (bench/README.md).

    In a site whose language is one of the catalog's other locales (`text`), that
    locale's message comes first: above the table (where errors.js would put the
    reader's own) and as the table's first row.
    """
    catalog = translations.catalog
    t = text
    source = locale_name(catalog.source_locale)
    names = [locale_name(loc) for loc in catalog.locales]
    page = next((n for n in names[1:] if t.matches(n.id)), None)
    if page is not None:
        names.remove(page)
        names.insert(0, page)
    # Row heads are the same for every entry: built once. Language names and
    # fallback copies stay out of the search index (they would repeat on every entry).
    heads = [(name, {"data-locale": name.id, "class": "ec-source" if name.id == source.id else None},
              h("th", {"scope": "row", "data-search-exclude": True}, t.language_label(name))) for name in names]
    source_in_ui = t.language_name(source)
    by_code: dict[str, list[locales.SourceMessage]] = {}
    for m in translations.messages:
        by_code.setdefault(m.entry.code, []).append(m)

    def cell(name: locales.LocaleName, m: locales.SourceMessage) -> Markup:
        r = translations.lookup(name.id, m.context)
        if r.state == TRANSLATED:
            return h("td", {"lang": name.tag, "dir": "rtl" if name.rtl else None}, r.text)
        values = {"language": t.language_name(name), "source": source_in_ui}
        why = (t("The {language} translation is fuzzy; showing the {source} source text.", **values)
               if r.state == FUZZY else
               t("The {language} translation is missing; showing the {source} source text.", **values))
        return h("td", {"class": "ec-fallback", "lang": source.tag, "data-search-exclude": True}, m.text, " ",
                 h("span", {"class": "ec-badge ec-fallback-badge", "title": why},
                   t("{badge}: {source} shown", badge=_badge(t, r.state), source=source_in_ui)))

    def section(e: Entry) -> Markup:
        columns = by_code.get(e.code, [])
        if len(catalog.locales) < 2 or not columns:
            return Markup("")
        labels = [h("th", {"scope": "col"}, t("On {surface}", surface=catalog.surfaces.get(m.surface, m.surface))
                    if m.surface else t("Message")) for m in columns]
        rows = [h.join([h("tr", attrs, th, *(cell(name, m) for m in columns)), "\n"]) for name, attrs, th in heads]
        # Collapsed behind one click (errors.js shows the reader's own language
        # above it); the whole table stays in the page for search and no-JS readers.
        # Material styles only tables without a class: the wrapper carries ours.
        table = h("table", None, "\n", h("thead", {"data-search-exclude": True},
                                         h("tr", None, h("th", {"scope": "col"}, t("Language")), *labels)),
                  "\n", h("tbody", None, "\n", *rows), "\n")
        more = h("details", {"class": "ec-translations-more"},
                 h("summary", None, t.n("Message in {count} language", "Message in {count} languages",
                                        len(catalog.locales))),
                 h("div", {"class": "ec-table ec-translations"}, table))
        return h.join([first(e), more]) if page is not None else more

    def first(e: Entry) -> Markup:
        """The page language's message of `e` (its main one), as errors.js shows a reader's."""
        m = next((m for m in by_code[e.code] if not m.surface), None)
        r = translations.lookup(page.id, m.context) if m is not None else None
        if r is None or r.state != TRANSLATED:
            return Markup("")
        return h.join([h("p", {"class": "ec-message ec-reader-message"},
                         h("span", {"class": "ec-label"}, t("Message"), " · ", page.native), " ",
                         h("code", {"lang": page.tag, "dir": "rtl" if page.rtl else None}, r.text)), "\n"])

    def inputs(e: Entry) -> tuple:
        return tuple(translations.lookup(name.id, m.context) for m in by_code.get(e.code, ()) for name in names)

    section.inputs = inputs
    return section


_NOT_ID = re.compile(r"[^a-z0-9]+")


def status_page(t: Translations, from_dir: str = "", layout: permalinks.Layout | None = None,
                text: UiText = ENGLISH) -> Markup:
    """The translation status of `t` (`locales.load`'s reading): counts and percentages per
    locale, and the codes left to do (linked where `layout` puts them; the default page size when None),
    in `text`'s language."""
    catalog = t.catalog
    layout = layout or permalinks.layout(catalog)
    rows = []
    for st in t.locales.values():
        todo = []
        for m in t.messages:
            r = st.results[m.context]
            if r.state != TRANSLATED:
                surface = catalog.surfaces.get(m.surface, m.surface) if m.surface else ""
                todo.append({"code": m.entry.code, "surface": surface, "state": r.state,
                             "href": href(layout, m.entry, from_dir)})
        rows.append({
            "locale": st.locale, "name": st.name, "in_ui": text.language_name(st.name), "counts": st.counts,
            "exists": st.exists,
            "drift": st.drift, "todo": todo, "file": f"{locales.LOCALES_DIR}/{st.locale}.po",
            "anchor": _NOT_ID.sub("-", st.locale.lower()),
        })
    source = locale_name(catalog.source_locale)
    page = environment().get_template("translation_status.md.j2").render(
        locales=rows, source=source, source_name=text.language_name(source), total=len(t.messages),
        policy=catalog.missing_translations, t=text.markup, tn=text.nmarkup, num=text.number, pct=text.percent,
        stale=any(not st.exists or st.drift for st in t.locales.values()))
    return Markup(page)


def translation_page(t: Translations, from_dir: str = "", layout: permalinks.Layout | None = None,
                     text: UiText = ENGLISH) -> str:
    """The whole translation status page, for a site that has none of its own."""
    return environment().get_template("translation_page.md.j2").render(
        service=t.catalog.service, status=status_page(t, from_dir, layout, text), t=text.markup)

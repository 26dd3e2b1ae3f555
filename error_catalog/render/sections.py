"""The optional parts of an entry's section, chosen per catalog.

Each provider takes an `Entry` and returns HTML; `Renderer` appends them in
this order. New per-entry content (translations, example responses) plugs in
here instead of growing the entry template.
"""
from __future__ import annotations

from functools import cache

from markupsafe import Markup
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import HttpLexer, JsonLexer

from ..core import locales
from ..core.model import Catalog, Entry
from . import responses, translations
from .elements import h
from .renderer import Section
from .safe_markdown import pre_text, render
from .uitext import ENGLISH, UiText


def _summary(t: UiText, kind: str) -> str:
    return {"http": t("Example response"), "event": t("Example event"), "sdk": t("Example SDK error"),
            "object": t("Example error")}[kind]


def example_responses(catalog: Catalog, text: UiText = ENGLISH) -> Section:
    """A block per surface with the example response, event or SDK error, shown open."""

    def section(entry: Entry) -> Markup:
        return Markup("\n").join(example_html(catalog, ex, text) for ex in responses.examples(catalog, entry))

    section.inputs = lambda entry: ()  # the entry and the catalog's settings only
    return section


def example_html(catalog: Catalog, ex: responses.Example, text: UiText = ENGLISH) -> Markup:
    where = catalog.surfaces.get(ex.surface, ex.surface)
    lang = "http" if ex.kind == "http" else "json"
    label = f"{_summary(text, ex.kind)} · {where}" + (f" · {ex.title}" if ex.title else "")
    # Visible, not collapsed: the example is what a developer compares with their
    # response. Kept out of the search index: snippets show message, cause, recovery.
    return h("div", {"class": "ec-example", "data-surface": ex.surface, "data-search-exclude": True},
             h("p", {"class": "ec-label"}, label), "\n", highlighted(ex.text(), lang),
             h("p", {"class": "ec-note"}, text(ex.note)) if ex.note else None)


def highlighted(text: str, lang: str) -> Markup:
    """Pygments spans in the markup Material's stylesheet colours (the classes
    pymdownx.highlight writes), whether or not the site enables that extension;
    without the stylesheet it is still a plain, readable code block. Pygments
    escapes the text."""
    return Markup(_highlighted(text, lang))


def _highlighted(text: str, lang: str) -> str:
    if text and len(text) <= 20_000:
        body = highlight(text, _lexer(lang), _FORMATTER)
    else:
        body = str(pre_text(text))
    return h("div", {"class": f"language-{lang} highlight"}, h("pre", None, h("span"), h("code", None, Markup(body))))


_FORMATTER = HtmlFormatter(nowrap=True)


@cache
def _lexer(lang: str):
    return HttpLexer() if lang == "http" else JsonLexer()


def for_catalog(catalog: Catalog, read: locales.Translations, text: UiText = ENGLISH) -> list[Section]:
    """The sections of every entry, given the catalog's translations as `locales.load` read them,
    with the plugin's words in `text`'s language."""
    # The example first: the translations table is long and comes last (collapsed).
    return [example_responses(catalog, text), translations.message_table(read, text)]


def shapes_html(catalog: Catalog, text: UiText = ENGLISH) -> Markup:
    """The further body shapes of `shapes:` (statuses page): description, then each
    documented response, verbatim."""
    parts = []
    for shape in catalog.shapes:
        examples = Markup("\n").join(example_html(catalog, ex, text)
                                     for ex in responses.documented_examples(catalog, None, shape.examples))
        parts.append(h("div", {"class": "ec-shape", "data-shape": shape.name},
                       h("p", {"class": "ec-label"}, text.markup("Shape {name}", name=h("code", None, shape.name))), "\n",
                       render(shape.description), examples))
    if not parts:
        return Markup("")
    return h.join([h("h2", {"id": "_shapes"}, text("Other response shapes")), "\n",
                   h("p", None, text("Besides its {envelope} bodies, {service} sends these:", envelope=catalog.envelope,
                                     service=catalog.service)), "\n",
                   h.join(parts, "\n")])

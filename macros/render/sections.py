"""The optional parts of an entry's section, chosen per catalog.

Each provider takes an `Entry` and returns HTML; `Renderer` appends them in
this order. New per-entry content (translations, example responses) plugs in
here instead of growing the entry template.
"""
from __future__ import annotations

from markupsafe import Markup

from ..core import locales
from ..core.model import Catalog, Entry
from . import responses, translations
from .renderer import Section
from .safe_markdown import plain, pre_text, render

_SUMMARY = {"http": "Example response", "event": "Example event", "sdk": "Example SDK error",
            "object": "Example error"}


def example_responses(catalog: Catalog) -> Section:
    """A collapsed block per surface with the example response, event or SDK error."""

    def section(entry: Entry) -> Markup:
        return Markup("\n").join(example_html(catalog, ex) for ex in responses.examples(catalog, entry))

    return section


def example_html(catalog: Catalog, ex: responses.Example) -> Markup:
    where = catalog.surfaces.get(ex.surface, ex.surface)
    lang = "http" if ex.kind == "http" else "json"
    text = pre_text(ex.text())
    note = f'<p class="ec-note">{plain(ex.note)}</p>' if ex.note else ""
    return Markup(
        f'<details class="example ec-example" data-surface="{plain(ex.surface)}">'
        f"<summary>{_SUMMARY[ex.kind]} · {plain(where)}{' · ' + plain(ex.title) if ex.title else ''}</summary>\n"
        f'<pre><code class="language-{lang}">{text}</code></pre>{note}</details>')


def for_catalog(catalog: Catalog) -> list[Section]:
    return [translations.message_table(locales.load(catalog)), example_responses(catalog)]


def shapes_html(catalog: Catalog) -> Markup:
    """The further body shapes of `shapes:` (statuses page): description, then each
    documented response, verbatim."""
    parts = []
    for shape in catalog.shapes:
        examples = Markup("\n").join(example_html(catalog, ex)
                                     for ex in responses.documented_examples(catalog, None, shape.examples))
        parts.append(Markup(f'<div class="ec-shape" data-shape="{plain(shape.name)}">'
                            f'<p class="ec-label">Shape <code>{plain(shape.name)}</code></p>\n')
                     + render(shape.description) + examples + Markup("</div>"))
    if not parts:
        return Markup("")
    head = Markup(f'<h2 id="_shapes">Other response shapes</h2>\n<p>Besides its {plain(catalog.envelope)} '
                  f'bodies, {plain(catalog.service)} sends these:</p>\n')
    return head + Markup("\n").join(parts)

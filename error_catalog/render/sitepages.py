"""Which pages a site gets from its catalog, and each page's Markdown.

The plan the MkDocs plugin follows in `on_files` (category pages, A-Z pages, the
overview, translation and changes pages), for `error-catalog pages`, which writes
them into the docs folder before `zensical build`. Both render through the same
`Renderer`; they differ only in what stands for finished HTML in the Markdown:
the plugin's deferred tokens, or the HTML itself (`compact`); the words are the
renderer's (`Renderer.text`, the site's language).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..core import changelog, permalinks
from ..core.model import Catalog, Entry
from ..core.locales import Translations
from .changelog import changes_page
from .renderer import Renderer
from .translations import translation_page


@dataclass(frozen=True)
class Planned:
    src: str  # the page's Markdown file under docs_dir
    kind: str  # 'category', 'a-z', 'overview', 'translations' or 'changes'
    part: permalinks.Part | None = None  # the entries a category page holds; None otherwise
    entries: tuple[Entry, ...] = ()  # the codes an A-Z page lists


def category_pages(catalog: Catalog, layout: permalinks.Layout) -> list[Planned]:
    """Every category page (a split category: its index page, then each of its pages)."""
    out = []
    for c in catalog.categories:
        out.append(Planned(permalinks.page_src(c.id), "category", layout.parts(c.id)[0]))
        if layout.is_split(c.id):
            out += [Planned(p.src, "category", p) for p in layout.parts(c.id)]
    return out


def az_pages(catalog: Catalog) -> list[Planned]:
    """The A-Z index's pages of a catalog too long for one (none otherwise)."""
    return [Planned(src, "a-z", entries=tuple(entries)) for src, entries in permalinks.az_parts(catalog)]


def extra_pages(catalog: Catalog, overview: str, translation_status: str | bool) -> list[Planned]:
    """The overview, the translation status page (two or more locales and a path for
    it) and the changes page (a catalog with versions); a site may have its own."""
    pages = [Planned(overview, "overview")]
    if translation_status and len(catalog.locales) > 1:
        pages.append(Planned(translation_status, "translations"))
    if catalog.versions:  # the changelog needs the catalog's order of versions
        pages.append(Planned(changelog.PAGE_SRC, "changes"))
    return pages


def markdown(page: Planned, renderer: Renderer, translations: Callable[[], Translations],
             slot: Callable[[str], str] | None, defer: Callable[[str], str], from_dir: str) -> str:
    """The Markdown of `page`, whose relative links start from the site folder `from_dir`.
    `slot(body)` stands for an entry body (None: the body itself), `defer(html)` for a table."""
    catalog, layout = renderer.catalog, renderer.layout
    if page.kind == "category":
        index = page.src == permalinks.page_src(page.part.category)  # whole, or a split category's index
        return renderer.category_page(catalog.category(page.part.category), slot, None if index else page.part)
    if page.kind == "a-z":
        return renderer.az_page(page.src, list(page.entries), defer)
    if page.kind == "overview":
        return renderer.overview_page(from_dir, defer)
    if page.kind == "changes":
        return changes_page(catalog, from_dir, defer, layout, renderer.text)
    return translation_page(translations(), from_dir, layout, renderer.text)

"""The site's navigation with the reference in it: as plain lists and dicts (the
shape of `nav:` in mkdocs.yml) handed to MkDocs as `config.nav`, or placed in
the navigation a navigation plugin (awesome-nav, literate-nav) built."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section

from ..core import permalinks
from ..core.model import Category
from ..render.pagehtml import html_text
from ..render.sitepages import Planned
from ..render.uitext import ENGLISH, UiText



def titles(t: UiText = ENGLISH) -> dict[str, str]:
    """The nav title of each page the plugin writes besides the category pages."""
    return {"overview": t("Overview"), "translations": t("Translations"), "changes": t("Changes")}


def with_section(nav: list | None, own: set[str], title: str, extra_pages: Iterable[Planned],
                 categories: Iterable[Category], t: UiText = ENGLISH) -> list:
    """The nav with the reference's section after its first item (the home page).

    The section holds the `extra_pages` the plugin writes (a site's
    own page, in `own`, stays where the site put it) and every category.
    """
    items: list = [{titles(t)[p.kind]: p.src} for p in extra_pages if p.src not in own]
    items += [{html_text(c.title): permalinks.page_src(c.id)} for c in categories]
    nav = list(nav or [])
    nav.insert(1 if nav else 0, {html_text(title): items})
    return nav


def without(nav: list | None, left_out: tuple[str, ...]) -> list | None:
    """The nav without pages under `left_out` (sections left empty go too)."""
    if nav is None or not left_out:
        return nav
    out = []
    for item in nav:
        if isinstance(item, dict):
            kept = {}
            for title, value in item.items():
                if isinstance(value, list):
                    inner = without(value, left_out)
                    if inner:
                        kept[title] = inner
                elif not (isinstance(value, str) and under(value, left_out)):
                    kept[title] = value
            if kept:
                out.append(kept)
        elif not (isinstance(item, str) and under(item, left_out)):
            out.append(item)
    return out


def paths(nav) -> list[str]:
    """Every docs path the nav lists."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [p for v in nav.values() for p in paths(v)]
    if isinstance(nav, list):
        return [p for v in nav for p in paths(v)]
    return []


def title(configured: str, text: UiText) -> str:
    """The section's title: `nav_title`, its default ("Errors") in the site's language."""
    return text("Errors") if configured == "Errors" else configured


def under(src: str, prefixes: tuple[str, ...]) -> bool:
    """Whether docs path `src` is one of `prefixes` or inside one."""
    return any(src == p or src.startswith(p.rstrip("/") + "/") for p in prefixes)


def left_out(config_dir: Path, catalog_dir: Path, pages_only_for: Mapping[str, list[str]]) -> tuple[str, ...]:
    """Docs paths of pages that belong to another catalog's site (`pages_only_for`,
    its folders relative to `config_dir`, the folder of mkdocs.yml)."""
    mine = catalog_dir.resolve()
    out = []
    for folder, prefixes in pages_only_for.items():
        if (config_dir / folder).resolve() != mine:
            out += [p.strip("/") for p in prefixes]
    return tuple(out)


# -- sites whose navigation a plugin builds ----------------------------------------

# Plugins that build the whole navigation from files of their own (`.nav.yml`,
# SUMMARY.md): the plugin leaves `config.nav` to them and places its section in
# the navigation they build (`place_section`).
NAV_PLUGINS = ("awesome-nav", "literate-nav")


def nav_plugin(plugin_names: Iterable[str]) -> str | None:
    """The navigation plugin the site runs, if any (names as listed under `plugins`)."""
    return next((name for name in plugin_names if name.split("/")[-1] in NAV_PLUGINS), None)


def reference_section(files: Files, title: str, extra_pages: Iterable[Planned],
                      categories: Iterable[Category], generated: Mapping[str, str], t: UiText = ENGLISH) -> Section:
    """The reference's section of MkDocs' navigation: the pages the plugin wrote
    (`generated`; a site's own overview or status page stays where the site put
    it), then every category, each titled from the catalog."""
    items = [(titles(t)[p.kind], p.src) for p in extra_pages if p.src in generated]
    items += [(c.title, permalinks.page_src(c.id)) for c in categories]
    pages = []
    for text, src in items:
        file = files.get_file_from_path(src)
        if file is not None and file.page is not None:
            file.page.title = html_text(text)
            pages.append(file.page)
    return Section(html_text(title), pages)


def place_section(nav: Navigation, section: Section) -> Navigation:
    """The navigation a navigation plugin built, with the reference's `section`:
    in place of the section the site's navigation file made of the reference's
    folder (its title kept), else after the first item."""
    ours = {p.file.src_uri for p in section.children}
    def pages_under(item) -> list:
        if item.is_page:
            return [item]
        return [p for c in (item.children or ()) for p in pages_under(c)] if item.is_section else []

    def replace(items: list) -> bool:
        for i, item in enumerate(items):
            if not item.is_section:
                continue
            under = pages_under(item)
            if under and all(p.file.src_uri in ours for p in under):
                section.title = item.title
                items[i] = section
                return True
            if replace(item.children):
                return True
        return False

    items = list(nav.items)
    if not replace(items):
        items.insert(1 if items else 0, section)
    pages = [p for item in items for p in pages_under(item)]
    for item in items:
        item.parent = None
    _link_parents(items)
    for before, page, after in zip([None, *pages[:-1]], pages, [*pages[1:], None]):
        page.previous_page, page.next_page = before, after
    # The same object, changed in place: plugins after this one may hold it.
    nav.items[:], nav.pages[:] = items, pages
    return nav


def _link_parents(items: list) -> None:
    for item in items:
        if item.is_section:
            for child in item.children:
                child.parent = item
            _link_parents(item.children)

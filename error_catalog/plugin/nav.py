"""The site's navigation with the reference in it, as plain lists and dicts
(the shape of `nav:` in mkdocs.yml): what the plugin hands MkDocs as `config.nav`."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from ..core import permalinks
from ..core.model import Category
from ..render.pagehtml import html_text

# The nav title of each page the plugin writes besides the category pages.
TITLES = {"overview": "Overview", "translations": "Translations", "changes": "Changes"}


def with_section(nav: list | None, own: set[str], title: str, extra_pages: Iterable[tuple[str, str]],
                 categories: Iterable[Category]) -> list:
    """The nav with the reference's section after its first item (the home page).

    The section holds the `extra_pages` (docs path, kind) the plugin writes (a site's
    own page, in `own`, stays where the site put it) and every category.
    """
    items: list = [{TITLES[kind]: src} for src, kind in extra_pages if src not in own]
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

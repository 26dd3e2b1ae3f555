"""The reference's pages as MkDocs files: category pages (whole or split), A-Z pages,
and the overview and translation status a site has none of its own of.

A page is made from `render.sitepages`' plan; under mkdocs-static-i18n it is dressed
as that plugin dresses a page (`i18nsite.dress`). The site's own files that belong to
another catalog's site (`pages_only_for`) or that `error-catalog pages` wrote (made
here instead) leave the build.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from ..core import permalinks
from ..core.model import Catalog
from ..render import sitepages
from . import i18nsite
from . import nav as site_nav


@dataclass
class Added:
    """The site's own pages kept (src_uri), and what the build added: src_uri -> kind
    ('category', 'overview', ...), and the entries each category page holds."""
    own: list[str]
    generated: dict[str, str] = field(default_factory=dict)
    parts: dict[str, permalinks.Part] = field(default_factory=dict)


def add(files: Files, config: MkDocsConfig, catalog: Catalog, layout: permalinks.Layout,
        extra: list[sitepages.Planned], markdown: Callable[[sitepages.Planned, str], str],
        left_out: tuple[str, ...], written: set[str]) -> Added:
    """Add the reference's pages to `files`; `markdown(page, from_dir)` makes a page's Markdown."""
    i18n = i18nsite.plugin(config)

    def generated(src: str, content: str) -> File:
        file = File.generated(config, src, content=content)
        return i18nsite.dress(file, i18n, config) if i18n is not None else file

    for f in list(files):
        if site_nav.under(f.src_uri, left_out) or f.src_uri in written:
            files.remove(f)
    added = Added([f.src_uri for f in files.documentation_pages()])
    for page in [*sitepages.category_pages(catalog, layout), *sitepages.az_pages(catalog)]:
        if page.kind == "category" and files.get_file_from_path(page.src) is not None:
            raise PluginError(f"docs/{page.src} exists, but category pages are generated: remove or rename it")
        files.append(generated(page.src, markdown(page, "")))
        added.generated[page.src] = page.kind
        if page.part is not None:
            added.parts[page.src] = page.part
    for page in extra:
        if files.get_file_from_path(page.src) is None:
            file = File.generated(config, page.src, content="")
            # Links from the page's place in the default language: the same in every language's folder.
            file.content_string = markdown(page, permalinks.page_folder(file.url))
            if i18n is not None:
                i18nsite.dress(file, i18n, config)
            files.append(file)
            added.generated[page.src] = page.kind
    return added

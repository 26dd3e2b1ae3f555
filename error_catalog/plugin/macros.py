"""The macros hand-written pages call through mkdocs-macros, and how they are offered."""
from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from ..render import sections
from ..render.safe_markdown import md_plain
from ..render.translations import status_page

def macros(plugin: Any) -> dict[str, Any]:
    """The macros; each renders when called, from the state of the `plugin`
    (`ErrorCatalogPlugin`, not imported: it imports this module; or, under Zensical,
    `standalone`'s view of one page) in that build."""
    def here() -> str:
        page = getattr(plugin.macros_plugin, "page", None)
        return page.url if page is not None else ""

    def defer(html: str) -> str:
        # Tables are finished HTML: `defer` keeps them out of Python-Markdown.
        return plugin.defer(html)

    def overview_intro():
        """The overview's opening: what the reference covers and which links land here."""
        return plugin.renderer.overview_intro()

    def az_index():
        """Every code A-Z with title, status and category, linking to its section."""
        return defer(plugin.renderer.az_index(here()))

    def categories_table():
        """Categories with count, number range and statuses, derived from the entries."""
        return defer(plugin.renderer.categories_table(here()))

    def status_table():
        """HTTP status -> codes, with reason phrases and troubleshooting advice."""
        return defer(plugin.renderer.status_table(here()))

    def shapes():
        """The service's further body shapes (`shapes:`), with their documented responses."""
        return defer(sections.shapes_html(plugin.catalog, plugin.text)) if plugin.catalog.shapes else ""

    def headers_table():
        """Documented response headers: which responses carry them, on how many codes, an example."""
        return defer(plugin.renderer.headers_table())

    def translation_status():
        """Per locale: translated, fuzzy and missing messages, and the codes left to translate."""
        # Has Markdown headings: not deferred.
        return status_page(plugin.ctx.translations, here(), plugin.renderer.layout, plugin.text)

    return {f.__name__: f for f in (overview_intro, shapes, az_index, categories_table, status_table, headers_table,
                                    translation_status)}


def offer(config: MkDocsConfig, plugin: Any):
    """Give mkdocs-macros, when the site uses it, the macros and the `catalog` and
    `service` variables, after its own on_config (the site's module loaded), so that
    a name the site defines too is refused here, by name, whichever plugin is listed
    first. Returns that plugin (its `page` is the page being rendered), or None."""
    for other in config.plugins.values():
        if hasattr(other, "register_macros") and hasattr(other, "register_variables"):
            ours = macros(plugin)
            # Pages put `service` into markdown: escaped for HTML and markdown both.
            variables = {"catalog": plugin.catalog, "service": md_plain(plugin.catalog.service)}
            taken = sorted(set(ours) & set(getattr(other, "macros", {}))) + sorted(
                set(variables) & set(getattr(other, "variables", {})))
            if taken:
                raise PluginError(f"mkdocs-macros already defines {', '.join(taken)}, which the error-catalog "
                                  "plugin provides: rename the site's own macro or variable")
            other.register_macros(ours)
            other.register_variables(variables)
            return other
    return None

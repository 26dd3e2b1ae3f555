"""Error catalog -> MkDocs site. `define_env` is the mkdocs-macros entry point.

It only wires: the model comes from `plugin.state` (parsed once per build), and
each macro asks the renderer for a derived table.
"""
from __future__ import annotations


def define_env(env) -> None:
    from .plugin.plugin import state
    from .render.safe_markdown import md_plain

    st = state(env.conf)
    env.variables["catalog"] = st.catalog
    # Pages put `service` into markdown: escaped for HTML and markdown both.
    env.variables["service"] = md_plain(st.catalog.service)

    def here() -> str:
        page = env.page
        return page.url if page is not None else ""

    # Tables are finished HTML: `defer` keeps them out of Python-Markdown
    # (macros/render/deferred.py); the page comes out the same.
    @env.macro
    def az_index():
        """Every code A-Z with title, status and category, linking to its section."""
        return st.deferred.defer(st.renderer.az_index(here()))

    @env.macro
    def categories_table():
        """Categories with count, number range and statuses, derived from the entries."""
        return st.deferred.defer(st.renderer.categories_table(here()))

    @env.macro
    def status_table():
        """HTTP status -> codes, with reason phrases and troubleshooting advice."""
        return st.deferred.defer(st.renderer.status_table(here()))

    @env.macro
    def headers_table():
        """Documented response headers: which responses carry them, on how many codes, an example."""
        return st.deferred.defer(st.renderer.headers_table())

    @env.macro
    def translation_status():
        """Per locale: translated, fuzzy and missing messages, and the codes left to translate."""
        from .render.translations import status_page

        return status_page(st.catalog, here())  # has markdown headings: not deferred

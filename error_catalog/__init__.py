"""Error catalog -> documentation site.

The MkDocs plugin is `error_catalog.plugin.ErrorCatalogPlugin` (entry point
`error-catalog`); it registers its macros with mkdocs-macros itself. On Zensical,
which runs no plugin, `error-catalog pages` and `outputs` do its work around the
build and `define_env` below offers the macros. Layers:
`core` (catalog, no MkDocs) -> `render` -> `outputs` -> `plugin` -> `cli`
(the `error-catalog` command, also `python -m error_catalog`).
"""
from __future__ import annotations


def define_env(env) -> None:
    """mkdocs-macros' module hook (`modules: [error_catalog]`, or a site's own module
    calling it). Under MkDocs the error-catalog plugin offers its macros and variables
    to mkdocs-macros itself (`plugin.macros.offer`), so there is nothing to add here;
    under Zensical, which runs no plugin, they come from the catalog its mkdocs.yml
    names (`plugin.standalone.define_env`)."""
    if hasattr(env, "register_macros"):  # mkdocs-macros' plugin: MkDocs is running the plugin
        return
    from .plugin import standalone  # only here: importing the package must stay cheap

    standalone.define_env(env)

"""Error catalog -> MkDocs site.

The MkDocs plugin is `macros.plugin.ErrorCatalogPlugin` (entry point `error-catalog`);
it registers its macros with mkdocs-macros itself. Layers: `core` (catalog, no
MkDocs) -> `render` -> `outputs` -> `plugin` -> `cli` (`python -m macros`).
"""
from __future__ import annotations


def define_env(env) -> None:
    """mkdocs-macros' hook for `module_name: macros`, kept so that an older mkdocs.yml
    still builds. Nothing to define: the error-catalog plugin offers its macros and
    variables to mkdocs-macros itself (macros/plugin/plugin.py, `offer_macros`)."""

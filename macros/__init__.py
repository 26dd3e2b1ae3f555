"""This site's mkdocs-macros module (`module_name: macros` in mkdocs.yml).

Not part of the installed tool (that is `error_catalog`): a team's own `macros`
module lives beside the plugin the same way. The catalog macros its pages call
(`az_index()`, `status_table()`, `translation_status()`...) come from
`error_catalog`, whose plugin offers them to mkdocs-macros.
"""
from __future__ import annotations

from error_catalog import define_env as catalog_env


def define_env(env) -> None:
    """mkdocs-macros' hook: the catalog macros for this site's hand-written pages."""
    catalog_env(env)

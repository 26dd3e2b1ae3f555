"""Files written next to the built site (after MkDocs has written its pages).

Each writer takes the `BuildContext` and the site folder and writes its files
deterministically (sorted, stable bytes). The plugin runs them in this order
after the build (`error-catalog outputs` after a Zensical build); nothing here
knows MkDocs.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..core.context import BuildContext
from . import changes_feed, clientcode, export, headers, redirects, search, suggestions, translation_json

Writer = Callable[[BuildContext, Path], None]

# Every file the site gets is written before the redirect writers, which count the
# site's files against the host's limits; the search index is rewritten last.
WRITERS: tuple[Writer, ...] = (export.write, clientcode.write, translation_json.write_json, changes_feed.write,
                               suggestions.write, suggestions.write_exact,
                               headers.write, redirects.write_redirects, redirects.write_fallback_pages,
                               search.write)


def write_all(ctx: BuildContext, site_dir: Path) -> None:
    for write in WRITERS:
        write(ctx, site_dir)

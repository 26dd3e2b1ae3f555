"""Files written next to the built site (after MkDocs has written its pages).

Each writer takes the build `State` and the site folder and writes its files
deterministically (sorted, stable bytes). `site.on_post_build` runs them in
this order.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .site import State

Writer = Callable[["State", Path], None]


def writers() -> list[Writer]:
    from . import export, redirects, translations  # noqa: PLC0415 - keep the hook import light

    return [export.write, translations.write_json, redirects.write_redirects, redirects.write_fallback_pages]


def write_all(state: State, site_dir: Path) -> None:
    for write in writers():
        write(state, site_dir)

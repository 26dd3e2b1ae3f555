"""`assets/error-catalog/codes.json`: what the 404 page's "Did you mean" reads.

One row per entry, `[code, alias..., section path from the site root]`, in
catalog order. The 404 page fetches it only for an address under a permalink
prefix, so it stays small at any size of catalog (inlined, the list made the 404
page of a 10,000-code site 950 KB, loaded on every mistyped address).
"""
from __future__ import annotations

import json
from pathlib import Path

from ..core.context import BuildContext
from ..core.files import write_atomic
from ..render.renderer import href

CODES = "assets/error-catalog/codes.json"


def rows(ctx: BuildContext) -> list[list[str]]:
    return [[e.code, *e.aliases, href(e)] for e in ctx.catalog.entries]


def write(ctx: BuildContext, site_dir: Path) -> None:
    write_atomic(site_dir / CODES, json.dumps(rows(ctx), ensure_ascii=False, separators=(",", ":")) + "\n",
                 durable=False)

"""`python -m macros validate [DIR]`: check a catalog without building the site."""
from __future__ import annotations

import sys

from .loader import load_catalog
from .model import Catalog
from .problems import CatalogError


def register(sub) -> None:
    p = sub.add_parser("validate", help="check a catalog folder and report every problem")
    p.add_argument("dir", nargs="?", default="catalog", help="catalog folder (default: catalog)")
    p.set_defaults(run=run)


def load_or_report(folder: str) -> Catalog | None:
    """The catalog in `folder`, or None after printing every problem (for commands)."""
    try:
        return load_catalog(folder)
    except CatalogError as e:
        print(e.report(), file=sys.stderr)
        return None


def run(args) -> int:
    catalog = load_or_report(args.dir)
    if catalog is None:
        return 1
    print(f"{args.dir}: {len(catalog.entries)} entries in {len(catalog.categories)} categories, no problems")
    return 0

"""`python -m macros validate [DIR]`: check a catalog without building the site."""
from __future__ import annotations

import sys

from . import locales
from .loader import load_catalog
from .problems import CatalogError


def register(sub) -> None:
    p = sub.add_parser("validate", help="check a catalog folder and report every problem")
    p.add_argument("dir", nargs="?", default="catalog", help="catalog folder (default: catalog)")
    p.set_defaults(run=run)


def run(args) -> int:
    try:
        catalog = load_catalog(args.dir)
        locales.load(catalog)  # PO files, and the policy for missing translations
    except CatalogError as e:
        print(e.report(), file=sys.stderr)
        return 1
    print(f"{args.dir}: {len(catalog.entries)} entries in {len(catalog.categories)} categories, no problems")
    return 0

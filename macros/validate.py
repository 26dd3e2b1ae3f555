"""`python -m macros validate [DIR]`: check a catalog without building the site."""
from __future__ import annotations

import sys

from . import locales
from .loader import load_catalog
from .model import Catalog
from .problems import CatalogError


def register(sub) -> None:
    p = sub.add_parser("validate", help="check a catalog folder and report every problem")
    p.add_argument("dir", nargs="?", default="catalog", help="catalog folder (default: catalog)")
    p.set_defaults(run=run)


def load_or_report(folder: str) -> Catalog | None:
    """The catalog in `folder`, or None after printing every problem to stderr."""
    try:
        catalog = load_catalog(folder)
        locales.load(catalog)  # PO files, and the policy for missing translations
        return catalog
    except CatalogError as e:
        print(e.report(), file=sys.stderr)
        return None


def valid_or_report(folder: str) -> Catalog | None:
    """Like `load_or_report`, and every permalink in the catalog's lock still lands,
    as the build requires (docs/guide/permalinks.md)."""
    catalog = load_or_report(folder)
    if catalog is None:
        return None
    from . import lock  # noqa: PLC0415 - lock imports this module

    broken = lock.check(catalog)
    if broken:
        print("\n".join(broken), file=sys.stderr)
        print(f"{len(broken)} locked permalink(s) no longer resolve.", file=sys.stderr)
        return None
    return catalog


def run(args) -> int:
    catalog = valid_or_report(args.dir)
    if catalog is None:
        return 1
    print(f"{args.dir}: {len(catalog.entries)} entries in {len(catalog.categories)} categories, no problems")
    return 0

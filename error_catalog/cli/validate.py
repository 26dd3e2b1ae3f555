"""`error-catalog validate [DIR]`: check a catalog without building the site."""
from __future__ import annotations

from ..core import locales, lock
from ..core.loader import load_catalog
from ..core.model import Catalog


def register(sub) -> None:
    p = sub.add_parser("validate", help="check a catalog folder and report every problem")
    p.add_argument("dir", nargs="?", default="catalog", help="catalog folder (default: catalog)")
    p.set_defaults(run=run)


def load_or_fail(folder: str) -> Catalog:
    """The catalog in `folder` with its translations; raises `CatalogError`."""
    catalog = load_catalog(folder)
    locales.load(catalog)  # PO files, and the policy for missing translations
    return catalog


def valid_or_fail(folder: str) -> Catalog:
    """Like `load_or_fail`, and every permalink in the catalog's lock still lands,
    as the build requires (docs/guide/permalinks.md); raises `Failure`."""
    catalog = load_or_fail(folder)
    lock.verify(catalog)
    return catalog


def run(args) -> int:
    catalog = valid_or_fail(args.dir)
    print(f"{args.dir}: {len(catalog.entries)} entries in {len(catalog.categories)} categories, no problems")
    return 0

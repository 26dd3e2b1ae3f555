"""`error-catalog extract|update [DIR] [--check]`: keep PO files in step with the catalog.

The merge itself is `error_catalog/core/potools.py`; this module parses arguments,
writes the planned files (atomically) and prints what changed.
"""
from __future__ import annotations

import os

from ..core import locales, potools
from ..core.files import write_atomic
from ..core.loader import load_catalog
from ..core.problems import CatalogError, Failure


def register(sub) -> None:
    p = sub.add_parser("extract", help="write locales/messages.pot, the template of the catalog's messages")
    p.add_argument("dir", nargs="?", default="catalog", help="catalog folder (default: catalog)")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 when messages.pot is stale")
    p.set_defaults(run=lambda args: run(args, with_locales=False))
    p = sub.add_parser("update", help="extract, then merge the template into every locale's PO file")
    p.add_argument("dir", nargs="?", default="catalog", help="catalog folder (default: catalog)")
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 when messages.pot or a PO file is stale")
    p.set_defaults(run=lambda args: run(args, with_locales=True))


def run(args, with_locales: bool) -> int:
    catalog = load_catalog(args.dir)
    pot, tplan = potools.plan_template(catalog)
    if args.check and len(catalog.locales) == 1 and not os.path.lexists(tplan.path):
        # One language and no template yet: nothing is, or has to be, translated.
        print(f"{args.dir}: one locale ({catalog.source_locale}), no messages.pot: nothing to check")
        return 0
    plans, problems = [tplan], []
    if with_locales:
        for locale in catalog.locales[1:]:
            plan, found = potools.plan_locale(catalog, pot, locale)
            problems += found
            if plan is not None:
                plans.append(plan)
    if problems:
        raise Failure([CatalogError(problems).report()], "Nothing was written")
    for p in plans:
        print(f"{p.path}: {p.summary}")
    if args.check:
        stale = [p for p in plans if p.stale]
        if stale:
            cmd = "update" if with_locales else "extract"
            raise Failure([], f"{len(stale)} file(s) out of date; run `error-catalog {cmd} {args.dir}`")
        return 0
    for p in plans:
        if p.write:
            write_atomic(p.path, p.text, root=catalog.root)
    for p in plans[1:]:
        c = locales.completeness(p.catalog, pot)
        print(f"  {p.path.stem}: {c.translated} translated ({c.percent(locales.TRANSLATED)}%), "
              f"{c.fuzzy} fuzzy, {c.missing} missing")
    return 0

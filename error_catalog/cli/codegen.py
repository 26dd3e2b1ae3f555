"""`error-catalog codegen --lang typescript|python [DIR] [--out FILE]`: client constants.

One constant per code, what the catalog says about each code, the aliases, and
deprecated codes marked the language's way (error_catalog/outputs/clientcode.py).
Printed to standard output, or written to FILE. Codes that would share a
constant name are reported, each at its entry, and nothing is written.
"""
from __future__ import annotations

import sys

from ..core.files import write_atomic
from ..outputs import clientcode
from .validate import valid_or_fail


def register(sub) -> None:
    p = sub.add_parser("codegen", help="write a TypeScript or Python module with a constant per error code")
    p.add_argument("dir", nargs="?", default="catalog", help="catalog folder (default: catalog)")
    p.add_argument("--lang", required=True, choices=clientcode.LANGUAGES, help="the module's language")
    p.add_argument("--out", metavar="FILE", help="write the module to FILE (default: standard output)")
    p.add_argument("--site-url", default="", metavar="URL",
                   help="the site's public URL, so permalinks are absolute (default: site paths, /errors/<code>)")
    p.set_defaults(run=run)


def run(args) -> int:
    catalog = valid_or_fail(args.dir)
    return write_or_print(args, clientcode.RENDER[args.lang](catalog, args.site_url), len(catalog.entries))


def write_or_print(args, text: str, codes: int) -> int:
    """`text` into `args.out` (atomically, saying so on stderr), else onto standard output."""
    if args.out:
        write_atomic(args.out, text)
        print(f"{args.dir}: wrote {args.out} ({codes} codes)", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0

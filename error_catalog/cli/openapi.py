"""`error-catalog openapi [DIR] [--out FILE]`: the error codes as an OpenAPI 3.1 components fragment.

The error-code schema (every code with its title and permalink) and one
example response per code in the catalog's envelope, for a team's spec to
`$ref` (error_catalog/outputs/openapifrag.py).
"""
from __future__ import annotations

from ..outputs import openapifrag
from .codegen import write_or_print
from .validate import valid_or_fail


def register(sub) -> None:
    p = sub.add_parser("openapi", help="write the error-code schema and example responses as OpenAPI components")
    p.add_argument("dir", nargs="?", default="catalog", help="catalog folder (default: catalog)")
    p.add_argument("--out", metavar="FILE", help="write to FILE (default: standard output)")
    p.add_argument("--format", choices=("yaml", "json"), default=None,
                   help="yaml or json (default: from FILE's extension, else yaml)")
    p.add_argument("--site-url", default="", metavar="URL",
                   help="the site's public URL: permalinks become `externalDocs` links")
    p.set_defaults(run=run)


def run(args) -> int:
    catalog = valid_or_fail(args.dir)
    fmt = args.format or ("json" if (args.out or "").endswith(".json") else "yaml")
    return write_or_print(args, openapifrag.to_text(openapifrag.fragment(catalog, args.site_url), fmt),
                          len(catalog.entries))

"""`error-catalog redirects [DIR] --format HOST`: print a host's permalink rules.

The same rules the build writes (`outputs.redirects`, from the one permalink
map), for deploying them by hand: an nginx snippet to include in a server
block, a vercel.json `redirects` array or a Vercel bulk-redirects CSV, a
`_redirects` file, or a generic CSV. A host with a rule limit gets the rules
it applies; the others are named on stderr (they land by fallback page).
Exit codes: 0 printed, 1 the catalog has problems, 2 wrong usage.
"""
from __future__ import annotations

import sys

from ..core import permalinks
from ..outputs import hostformats, redirects
from .validate import valid_or_fail

FORMATS = tuple(hostformats.HOSTS)  # the host table: every host, and csv


def register(sub) -> None:
    p = sub.add_parser("redirects", help="print the permalink rules for one host (nginx, vercel, _redirects, csv)")
    p.add_argument("dir", nargs="?", default="catalog", help="catalog folder (default: catalog)")
    p.add_argument("--format", required=True, choices=FORMATS, help="the host whose syntax to print")
    p.add_argument("--site-url", default="", help="the site's public URL, when served under a path "
                   "(https://example.com/docs/); default: the root of its host")
    p.add_argument("--bulk", action="store_true",
                   help="vercel: a bulk-redirects CSV (bulkRedirectsPath) with every rule, instead of vercel.json")
    p.set_defaults(run=run)


def run(args) -> int:
    catalog = valid_or_fail(args.dir)
    base = permalinks.url_path(args.site_url) if args.site_url else "/"
    if args.bulk and args.format != "vercel":
        print("--bulk applies to --format vercel only", file=sys.stderr)
        return 2
    if args.bulk:
        every = redirects.host_rules(catalog, base, "csv").kept  # every rule, checked as plain paths
        text = hostformats.vercel_bulk_csv(every)
    else:
        found = redirects.host_rules(catalog, base, args.format)
        text = found.text
        if found.dropped:
            print(f"{len(found.dropped)} of {len(found.kept) + len(found.dropped)} permalink paths are past "
                  f"the host's limit ({hostformats.HOSTS[args.format].limit.note}) and left out; they land by "
                  f"fallback page: {' '.join(r.path for r in found.dropped)}", file=sys.stderr)
    sys.stdout.write(text)
    return 0

"""`error-catalog redirects [DIR] --format HOST`: print a host's permalink rules.

The same rules the build writes (`outputs.redirects`, from the one permalink
map), for deploying them by hand: an nginx snippet to include in a server
block, a vercel.json `redirects` array or a Vercel bulk-redirects CSV, a
`_redirects` file, or a generic CSV. A host with a rule limit gets the rules
it applies; the others are named on stderr (they land by fallback page).
With the site's mkdocs.yml here (or `--config`), the rules follow its settings as
the build does: `use_directory_urls`, `site_url`, the plugin's `page_size` and
catalog folder. Exit codes: 0 printed, 1 the catalog or mkdocs.yml has problems,
2 wrong usage.
"""
from __future__ import annotations

import sys

from ..core import permalinks
from ..outputs import hostformats, redirects
from .validate import valid_or_fail

FORMATS = tuple(hostformats.HOSTS)  # the host table: every host, and csv


def register(sub) -> None:
    p = sub.add_parser("redirects", help="print the permalink rules for one host (nginx, vercel, _redirects, csv)")
    p.add_argument("dir", nargs="?", help="catalog folder (default: the mkdocs.yml entry's, else catalog)")
    p.add_argument("--format", required=True, choices=FORMATS, help="the host whose syntax to print")
    p.add_argument("--site-url", default=None, help="the site's public URL, when served under a path "
                   "(https://example.com/docs/); default: mkdocs.yml's site_url, else the root of its host")
    p.add_argument("--config", "-f", help="the site's mkdocs.yml, whose settings the rules follow "
                   "(default: mkdocs.yml here, if there is one)")
    p.add_argument("--bulk", action="store_true",
                   help="vercel: a bulk-redirects CSV (bulkRedirectsPath) with every rule, instead of vercel.json")
    p.set_defaults(run=run)


def _site_layout(args) -> tuple[str, str, int, bool]:
    """(catalog folder, site_url, page_size, use_directory_urls) as the build of the site
    here has them; without a mkdocs.yml, the defaults (imported here: the plugin's config
    classes are MkDocs', which a site-less run never loads)."""
    from ..plugin import standalone

    config = standalone.config_file(args.config, "Nothing was printed")
    if config is None:
        return args.dir or "catalog", args.site_url or "", permalinks.PAGE_SIZE, True
    site = standalone.site_options(config, args.dir)
    site_url = args.site_url if args.site_url is not None else site.site_url
    return args.dir or site.options.catalog, site_url, site.options.page_size, site.directory_urls


def run(args) -> int:
    folder, site_url, page_size, directory_urls = _site_layout(args)
    catalog = valid_or_fail(folder)
    base = permalinks.url_path(site_url) if site_url else "/"
    layout = permalinks.layout(catalog, page_size, directory_urls)
    if args.bulk and args.format != "vercel":
        print("--bulk applies to --format vercel only", file=sys.stderr)
        return 2
    if args.bulk:
        every = redirects.host_rules(catalog, base, "csv", layout).kept  # every rule, checked as plain paths
        text = hostformats.vercel_bulk_csv(every)
    else:
        found = redirects.host_rules(catalog, base, args.format, layout)
        text = found.text
        if found.dropped:
            print(f"{len(found.dropped)} of {len(found.kept) + len(found.dropped)} permalink paths are past "
                  f"the host's limit ({hostformats.HOSTS[args.format].limit.note}) and left out; they land by "
                  f"fallback page: {' '.join(r.path for r in found.dropped)}", file=sys.stderr)
    sys.stdout.write(text)
    return 0

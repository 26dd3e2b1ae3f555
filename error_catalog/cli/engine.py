"""`error-catalog pages` and `error-catalog outputs`: the plugin's build as two
steps around an engine that runs no MkDocs plugin (Zensical).

    error-catalog pages --out docs/reference     # before `zensical build`
    zensical build
    error-catalog outputs site                   # after it

Both read the plugin's options from the `error-catalog` entry of the site's
mkdocs.yml (Zensical ignores it), so one config serves both engines, and do
what the plugin does in its events (`plugin/standalone.py`): the same pages,
redirect files, fallback pages and exports. Exit codes: 0 written, 1 the
catalog or the config has problems, or a file was refused; 2 wrong usage.
"""
from __future__ import annotations

import sys
from pathlib import Path

from ..core import permalinks
from ..core.problems import Failure
from ..outputs import docsfolder
from ..render import sitepages


def register(sub) -> None:
    p = sub.add_parser("pages", help="write the generated reference pages into the docs folder (Zensical)")
    p.add_argument("dir", nargs="?", help="catalog folder (default: the mkdocs.yml entry's, else catalog)")
    p.add_argument("--out", required=True, help=f"the docs folder's {permalinks.PAGES_DIR}/ folder (docs/"
                   f"{permalinks.PAGES_DIR}), or the docs folder itself for pages outside it too")
    _config_option(p)
    p.set_defaults(run=run_pages)
    p = sub.add_parser("outputs", help="write redirects, fallback pages and exports beside a built site (Zensical)")
    p.add_argument("dir", nargs="?", help="catalog folder (default: the mkdocs.yml entry's, else catalog)")
    p.add_argument("site_dir", help="the built site (site)")
    _config_option(p)
    p.set_defaults(run=run_outputs)


def _config_option(p) -> None:
    p.add_argument("--config", "-f", help="the site's mkdocs.yml, whose error-catalog entry gives the options "
                   "(default: mkdocs.yml here, if there is one)")


def _build(args):
    """`standalone.Build` of the site (imported here: the plugin's config classes are
    MkDocs', which the other commands never load)."""
    from ..plugin import standalone

    build = standalone.Build(standalone.site_options(standalone.config_file(args.config, "Nothing was written"),
                                                     args.dir))
    if not build.site.heading_ids:
        print("warning: markdown_extensions lists neither attr_list nor error_catalog.render.headings: without "
              "one of them Zensical gives the sections no permalink anchors", file=sys.stderr)
    for line in build.check():
        print(f"warning: {line}", file=sys.stderr)
    return build


def run_pages(args) -> int:
    build = _build(args)
    out = Path(args.out)
    # The pages' links and every redirect target are under reference/: with --out
    # naming that folder, pages outside it (the changes page) are left out.
    prefix = permalinks.PAGES_DIR + "/" if out.resolve().name == permalinks.PAGES_DIR else ""
    own = {prefix + rel for rel in docsfolder.own_files(out)}
    if prefix:  # the docs folder's own pages outside OUT (an overview of its own, say)
        own |= {p.src for p in sitepages.extra_pages(build.catalog, build.site.options.overview,
                                                    build.site.options.translation_status)
                if not p.src.startswith(prefix) and (out.parent / p.src).is_file()}
    changed = {prefix + rel for rel in docsfolder.edited_files(out)}
    generated = [*sitepages.category_pages(build.catalog, build.ctx.layout), *sitepages.az_pages(build.catalog)]
    clash = sorted(own & {p.src for p in generated})
    if clash:
        raise Failure([f"{out / src[len(prefix):]}: " + (
            "edited since error-catalog pages wrote it, but category pages are generated: delete it to get "
            "the generated page back (what it should say belongs in the catalog)" if src in changed else
            "exists, but category pages are generated: remove or rename it") for src in clash],
            "Nothing was written")
    for src in sorted(changed):  # never replaced or removed: the site's own page from now on
        print(f"{out / src[len(prefix):]}: edited since error-catalog pages wrote it, so kept as the site's own "
              "page and no longer written; delete it to get the generated page back", file=sys.stderr)
    pages = build.pages(own)
    mine = {src[len(prefix):]: text for src, text in pages.items() if src.startswith(prefix)}
    done = docsfolder.write_pages(out, mine)
    left = sorted(set(pages) - {prefix + rel for rel in mine})
    print(f"{out}: {len(done.written)} pages written, {len(done.removed)} removed"
          + (f"; outside it, not written: {', '.join(left)} (--out the docs folder writes them)" if left else ""))
    return 0


def run_outputs(args) -> int:
    build = _build(args)
    site_dir = Path(args.site_dir)
    if not (site_dir / "index.html").is_file() and not (site_dir / "sitemap.xml").is_file():
        raise Failure([f"{site_dir}: no built site here (build it first)"], "Nothing was written")
    for note in build.write_outputs(site_dir):
        print(f"note: {note}", file=sys.stderr)
    print(f"{site_dir}: redirects, fallback pages and exports of {len(build.catalog.entries)} codes written")
    return 0

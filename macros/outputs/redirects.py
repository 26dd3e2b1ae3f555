"""Redirect rules and static fallback pages: every permalink lands on its entry.

Two ways to land, both from `permalinks.permalink_map`:

- `_redirects` at the site root, read by Netlify (and, in its own variant, by
  Cloudflare Pages): one static 301 rule per permalink path, straight to
  `<category page>#<anchor>` (one hop; a 200 rewrite would lose the fragment).
- A fallback page at every permalink path (`<path>/index.html`) for hosts
  without server redirects (GitHub Pages, S3, any static server): a script that
  checks its target against the site's own pattern and uses `location.replace`
  (no open redirect, no back-button trap), a meta refresh without JavaScript,
  `rel=canonical` and `noindex`. They are written after MkDocs has built the
  site, so they are not MkDocs pages: not in sitemap.xml, not in the search
  index, not intercepted by instant navigation.

Netlify serves an existing file before an unforced rule, and a fallback page
exists at every permalink path, so its rules are forced (`301!`). Cloudflare
Pages always applies its rules before files but rejects `301!` as a status, so
the `cloudflare` host writes the same rules with plain `301`, each path
with and without its trailing slash (Netlify matches both with one rule).
"""
from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import quote

from ..core import permalinks
from ..core.context import BuildContext
from ..core.model import Catalog, Entry
from ..core.problems import Failure
from ..core.files import write_atomic

log = logging.getLogger("mkdocs.plugins.error_catalog")

REDIRECTS_FILE = "_redirects"
# Each host and the file its rules go to (two hosts reading one file cannot both be chosen).
HOST_FILES = {"netlify": REDIRECTS_FILE, "cloudflare": REDIRECTS_FILE}
HOSTS = tuple(HOST_FILES)
# Cloudflare Pages applies at most this many static rules and skips the rest.
CLOUDFLARE_MAX_STATIC = 2000

# What every redirect target looks like, relative to the site root: a category
# page (or one page of a split category) and an entry anchor. The fallback
# script refuses anything else.
TARGET_PATTERN = r"^" + re.escape(permalinks.PAGES_DIR) + r"/[a-z0-9-]+/(?:[a-z0-9-]+/)?#[a-z0-9-]+$"


@dataclass(frozen=True)
class Rule:
    path: str    # the permalink path, e.g. '/errors/token/expired'
    target: str  # where it lands, e.g. '/reference/auth/#token-expired'
    code: str    # the code of the entry it lands on


def rules(catalog: Catalog, base: str = "/") -> list[Rule]:
    """One rule per permalink path (lower-case variants included), sorted by path."""
    out = [Rule(p, permalinks.entry_target(e, base), e.code)
           for p, e in permalinks.permalink_map(catalog, base).items()]
    return sorted(out, key=lambda r: r.path)


def redirects_text(catalog: Catalog, base: str = "/", host: str = "netlify") -> str:
    """The `_redirects` file for `host` ('netlify' or 'cloudflare')."""
    if host not in HOSTS:
        raise ValueError(f"unknown host {host!r}; use one of {', '.join(HOSTS)}")
    lines = [
        f"# Permalinks of the {_one_line(catalog.service)} error reference, generated from the catalog: do not edit.",
        "# Each /errors/<code>, /errors/<number>, alias and type URL path goes in one hop to its section.",
    ]
    if host == "netlify":
        lines.append("# Forced (301!): a fallback page exists at each path, and Netlify serves files before unforced rules.")
    else:
        lines.append("# Cloudflare Pages: rules apply before files; '301!' is not a status it accepts.")
    for r in rules(catalog, base):
        _check_token(r.path)
        _check_token(r.target)
        if host == "netlify":
            lines.append(f"{r.path} {r.target} 301!")
        else:
            lines.append(f"{r.path} {r.target} 301")
            if not r.path.endswith("/"):
                lines.append(f"{r.path}/ {r.target} 301")
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _check_token(token: str) -> None:
    # A space ends a token and a token starting with '#' is a comment: a rule
    # with either would silently mean something else.
    if not token or any(ch.isspace() for ch in token) or token.startswith("#"):
        raise Failure([f"cannot write a redirect rule for {token!r}: it must be one token"],
                      "a permalink cannot be written as a redirect rule")


# -- fallback pages -------------------------------------------------------------

# Identical in every fallback page: the page's own path and its target come from
# data attributes, so one script (one CSP hash) serves them all. It finds the
# site root by removing the page's own path from the address (works under any
# base path, with or without the trailing slash), and only ever goes to a
# same-site category page anchor.
_SCRIPT = (
    "(function(){var d=document.documentElement.dataset,o=d.own,t=d.target,"
    "p=location.pathname.replace(/\\/?$/,'/');"
    f"if(!new RegExp({json.dumps(TARGET_PATTERN)}).test(t))return;"
    "var r=p.toLowerCase().slice(-o.length)===o.toLowerCase()?p.slice(0,p.length-o.length):null;"
    "location.replace(r===null?new URL(d.rel,location.origin+p).href:r+t)})()"
)

_HEAD = '<!doctype html>\n<html lang="en" data-own="'


def fallback_page(catalog: Catalog, path: str, entry: Entry, site_url: str = "") -> str:
    """The HTML of the fallback page at site path `path` (e.g. '/errors/1001')."""
    own = path.strip("/") + "/"
    target = permalinks.entry_target(entry, "/")[1:]
    rel = escape("../" * own.count("/") + target)  # from the page's folder up to the site root
    canonical = escape(site_url.rstrip("/") + "/" + target) if site_url else rel
    code, service = escape(entry.code), escape(catalog.service)
    # As small as a valid page can be (head and body tags are optional in HTML):
    # thousands of these are written, one per permalink path.
    return (
        f'{_HEAD}{escape(own)}" data-target="{escape(target)}" data-rel="{rel}">\n'
        f'<meta charset="utf-8"><title>{code} · {service}</title><meta name="robots" content="noindex">'
        f'<link rel="canonical" href="{canonical}">\n'
        f"<script>{_SCRIPT}</script>\n"
        f'<noscript><meta http-equiv="refresh" content="0; url={rel}"></noscript><a href="{rel}">{code}</a>\n')


def fallback_pages(catalog: Catalog, site_url: str = "") -> dict[str, str]:
    """Site-relative file path ('errors/1001/index.html') -> HTML, sorted by path."""
    out = {}
    for path, entry in sorted(permalinks.permalink_map(catalog).items()):
        out[path.strip("/") + "/index.html"] = fallback_page(catalog, path, entry, site_url)
    return out


# -- writers (registered in outputs/__init__.py) -------------------------------------

def write_redirects(ctx: BuildContext, site_dir: Path) -> None:
    """The redirect file of each host in `ctx.redirect_hosts`."""
    for target in ctx.redirect_hosts:
        text = redirects_text(ctx.catalog, ctx.base, target)
        if target == "cloudflare":
            n = sum(1 for line in text.splitlines() if line and not line.startswith("#"))
            if n > CLOUDFLARE_MAX_STATIC:
                log.info(f"{REDIRECTS_FILE}: {n} rules, above Cloudflare Pages' {CLOUDFLARE_MAX_STATIC}; "
                         "the paths past that land through their fallback pages")
        write_atomic(site_dir / HOST_FILES[target], text, durable=False)


def write_fallback_pages(ctx: BuildContext, site_dir: Path) -> None:
    # Thousands of small files: one walk of the site instead of a stat per page,
    # each folder made once, bytes written straight through os.write.
    pages = fallback_pages(ctx.catalog, ctx.site_url)
    root = os.fspath(site_dir)
    files, folders = _site_tree(root)
    clashes = [rel for rel in pages if _taken(root, files, rel)]
    if clashes:
        by_path = permalinks.permalink_map(ctx.catalog)
        lines = []
        for rel in clashes:
            e = by_path.get("/" + rel[: -len("/index.html")])
            where = f"{e.file}:{e.line}: code [{e.code}]: " if e else ""
            lines.append(f"{where}permalink /{rel[: -len('index.html')]} is also a file of the built site")
        raise Failure(lines, f"{len(clashes)} permalink(s) collide with files of the site")
    if ctx.serving:
        return  # `mkdocs serve` answers the permalink paths itself (serve_app)
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    for rel, html in pages.items():
        folder = rel.rpartition("/")[0]
        if folder not in folders:
            _make_folders(root, folder, folders)
        fd = os.open(f"{root}/{rel}", flags, 0o644)
        try:
            os.write(fd, html.encode("utf-8"))
        finally:
            os.close(fd)


def _site_tree(root: str) -> tuple[set[str], set[str]]:
    """Site-relative paths of the files and folders already in the site."""
    files, folders = set(), {""}
    for here, dirs, names in os.walk(root):
        rel = os.path.relpath(here, root).replace(os.sep, "/")
        rel = "" if rel == "." else rel + "/"
        folders.update(rel + d for d in dirs)
        files.update(rel + n for n in names)
    return files, folders


def _make_folders(root: str, folder: str, folders: set[str]) -> None:
    parts = folder.split("/")
    for i in range(1, len(parts) + 1):
        sub = "/".join(parts[:i])
        if sub not in folders:
            os.makedirs(f"{root}/{sub}", exist_ok=True)
            folders.add(sub)


def _taken(root: str, files: set[str], rel: str) -> bool:
    """Whether the site already has a file at, above or as the fallback page `rel`."""
    if rel in files:
        # A fallback page of an earlier build (`mkdocs build --dirty`) is ours to replace.
        with open(f"{root}/{rel}", "rb") as f:
            return f.read(len(_HEAD)).decode("utf-8", "replace") != _HEAD
    parts = rel.split("/")[:-1]
    return any("/".join(parts[: i + 1]) in files for i in range(len(parts)))


# -- mkdocs serve -------------------------------------------------------------------

class ServedRules:
    """The permalink rules of the last build, for `serve_app` (read from server threads)."""

    def __init__(self) -> None:
        self.targets: dict[str, str] = {}

    def update(self, catalog: Catalog, base: str) -> None:
        self.targets = {r.path: r.target for r in rules(catalog, base)}


def serve_app(app: Callable, served: ServedRules) -> Callable:
    """WSGI middleware for `mkdocs serve`: a permalink path answers 301 to its
    section, as `_redirects` does on Netlify, with or without a trailing slash.

    `mkdocs serve` empties its site folder before every rebuild; rewriting
    thousands of fallback pages each time cost more than the rest of a
    rebuild (ext4 slows down creating files right after deleting many).
    """

    def permalinks(environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            # PEP 3333: PATH_INFO is bytes decoded as latin-1.
            path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "replace")
            target = served.targets.get(path.rstrip("/") or path)
            if target is not None:
                start_response("301 Moved Permanently", [("Location", quote(target, safe="/#")),
                                                         ("Content-Length", "0")])
                return []
        return app(environ, start_response)

    return permalinks

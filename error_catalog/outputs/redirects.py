"""Redirect rules and static fallback pages: every permalink lands on its entry.

Two ways to land, both from `permalinks.permalink_map`:

- Each host's rules: one static 301 per permalink path, straight to
  `<category page>#<anchor>` (one hop; a 200 rewrite would lose the
  fragment), in the syntax and file the host table says (`hostformats.HOSTS`:
  `_redirects` for Netlify, Cloudflare Pages and GitLab Pages, an nginx
  snippet, `vercel.json`). A host with a rule limit gets the rules that fit,
  canonical paths first; the build warns and names what lands otherwise.
- A fallback page (`<path>/index.html`) at the paths no rule of the build lands
  (`fallback_pages: auto`; or at all, or none): a script that checks its
  target against the site's own pattern and uses `location.replace` (no open
  redirect, no back-button trap), a meta refresh without JavaScript,
  `rel=canonical` and `noindex`. They are written after MkDocs has built the
  site, so they are not MkDocs pages: not in sitemap.xml, not in the search
  index, not intercepted by instant navigation.

How each host applies its rules (forcing, slashes, files first) is in the table.
"""
from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup

from ..core import permalinks
from ..core.context import BuildContext
from ..core.model import Catalog, Entry
from ..render.elements import h_std
from ..core.problems import Failure
from ..core.files import write_atomic
from . import hostformats

log = logging.getLogger("mkdocs.plugins.error_catalog")

REDIRECTS_FILE, NGINX_FILE = hostformats.REDIRECTS_FILE, hostformats.NGINX_FILE
# The hosts a build writes rules for, and each one's file (two hosts reading one
# file cannot both be chosen): from the host table.
HOST_FILES = {h.name: h.file for h in hostformats.HOSTS.values() if h.file}
HOSTS = tuple(HOST_FILES)
FALLBACK_CHOICES = ("auto", "always", "never")

# What every redirect target looks like, relative to the site root: a category
# page (or one page of a split category) and an entry anchor. The fallback
# script refuses anything else.
TARGET_PATTERN = r"^" + re.escape(permalinks.PAGES_DIR) + r"/[a-z0-9-]+/(?:[a-z0-9-]+/)?#[a-z0-9-]+$"
# The same with `use_directory_urls: false`: 'reference/auth.html#x', 'reference/auth/part-2.html#x'.
FLAT_TARGET_PATTERN = r"^" + re.escape(permalinks.PAGES_DIR) + r"/[a-z0-9-]+(?:/[a-z0-9-]+)?\.html#[a-z0-9-]+$"


@dataclass(frozen=True)
class Rule:
    path: str    # the permalink path, e.g. '/errors/token/expired'
    target: str  # where it lands, e.g. '/reference/auth/#token-expired'
    code: str    # the code of the entry it lands on


# `by_path` below: the catalog's `permalink_map` for the base path given, when the
# caller has it (a build hands its one map down); computed when None.
ByPath = Mapping[str, Entry] | None


def rules(catalog: Catalog, base: str = "/", layout: permalinks.Layout | None = None,
          by_path: ByPath = None) -> list[Rule]:
    """One rule per permalink path (lower-case variants included), sorted by path;
    targets where `layout` puts each section (the default page size when None)."""
    layout = layout or permalinks.layout(catalog)
    by_path = permalinks.permalink_map(catalog, base) if by_path is None else by_path
    out = [Rule(p, layout.entry_target(e, base), e.code) for p, e in by_path.items()]
    return sorted(out, key=lambda r: r.path)


def by_priority(catalog: Catalog, base: str, found: list[Rule]) -> list[Rule]:
    """`found` in the order a host with a rule limit keeps them: every canonical
    /errors/<code> first, then numbers, aliases, type and documentation URL paths
    (`permalink_paths` order), lower-case variants last; by path within each."""
    rank: dict[str, int] = {}
    for e in catalog.entries:
        for i, p in enumerate(permalinks.permalink_paths(catalog, e, base)):
            rank.setdefault(p, i)
    return sorted(found, key=lambda r: (rank.get(r.path, 1000), r.path))


@dataclass(frozen=True)
class HostRules:
    """A host's rules: those it applies (sorted by path) and those past its limit."""
    host: str
    kept: list[Rule]
    dropped: list[Rule]
    text: str


def host_rules(catalog: Catalog, base: str, host: str, layout: permalinks.Layout | None = None,
               by_path: ByPath = None) -> HostRules:
    """The file for `host` (a name of `hostformats.HOSTS`) with as many rules as its limits let it apply."""
    h = hostformats.HOSTS.get(host)
    if h is None:
        raise ValueError(f"unknown host {host!r}; use one of {', '.join(hostformats.HOSTS)}")
    every = rules(catalog, base, layout, by_path)
    for r in every:
        _check_token(r.path)
        _check_token(r.target)
        if h.plain_paths and not (hostformats.SAFE.match(r.path) and hostformats.SAFE.match(r.target)):
            raise Failure([f"cannot write a {host} rule for {r.path} -> {r.target}: only letters, digits "
                           "and _ . ~ - / are written unescaped"], f"a permalink cannot be written for {host}")
    limit = h.limit
    if limit is None:
        return HostRules(host, every, [], render(catalog, base, host, every))
    kept, dropped, lines = [], [], 0
    size = len(render(catalog, base, host, []).encode())
    for r in by_priority(catalog, base, every):
        n = 2 if h.both_slashes and not r.path.endswith("/") else 1
        add = len(h.rule_text(r).encode()) if limit.size is not None else 0
        if (limit.rules is None or lines + n <= limit.rules) and (limit.size is None or size + add <= limit.size):
            kept.append(r)
            lines += n
            size += add
        else:
            dropped.append(r)
    kept.sort(key=lambda r: r.path)
    dropped.sort(key=lambda r: r.path)
    return HostRules(host, kept, dropped, render(catalog, base, host, kept))


def render(catalog: Catalog, base: str, host: str, chosen: list[Rule]) -> str:
    """The text of `host`'s file holding the rules `chosen`."""
    h = hostformats.HOSTS[host]
    return h.text(h, chosen, catalog.service, base + h.file if h.file else None)


def redirects_text(catalog: Catalog, base: str = "/", host: str = "netlify",
                   layout: permalinks.Layout | None = None) -> str:
    """The rules file for `host` (`_redirects` for netlify, cloudflare and gitlab)."""
    return host_rules(catalog, base, host, layout).text


def landed_by_rule(ctx: BuildContext) -> set[str]:
    """Paths that land by a rule on every host of the build (none without a host)."""
    found: set[str] | None = None
    for host in ctx.redirect_hosts:
        landing = _host_rules(ctx, host).kept if hostformats.HOSTS[host].fragment else []
        paths = {r.path for r in landing}
        found = paths if found is None else found & paths
    return found or set()


def fallback_paths(ctx: BuildContext) -> set[str] | None:
    """Permalink paths (base '/') that get a fallback page; None for all of them.

    auto: where some host of the build has no rule for the path (all paths with
    no host, none on hosts whose rules cover everything); always; never.
    """
    if ctx.fallback_pages == "always" or not ctx.redirect_hosts and ctx.fallback_pages == "auto":
        return None
    if ctx.fallback_pages == "never":
        return set()
    ruled = landed_by_rule(ctx)
    # Rules carry the site's base path; fallback pages live in the site folder (base '/').
    at_root: dict[str, str] = {}
    for e in ctx.catalog.entries:
        for here, there in zip(permalinks.permalink_paths(ctx.catalog, e, ctx.base),
                               permalinks.permalink_paths(ctx.catalog, e)):
            at_root.setdefault(here, there)
            at_root.setdefault(here.lower(), there.lower())
    ruled_at_root = {at_root.get(p, p) for p in ruled}
    return {p for p in ctx.permalink_map() if p not in ruled_at_root}


_SPACE = re.compile(r"\s")


def _check_token(token: str) -> None:
    # A space ends a token and a token starting with '#' is a comment: a rule
    # with either would silently mean something else.
    if not token or _SPACE.search(token) or token.startswith("#"):
        raise Failure([f"cannot write a redirect rule for {token!r}: it must be one token"],
                      "a permalink cannot be written as a redirect rule")


# -- fallback pages -------------------------------------------------------------

# Identical in every fallback page: the page's own path and its target come from
# data attributes, so one script (one CSP hash) serves them all. It finds the
# site root by removing the page's own path from the address (works under any
# base path, with or without the trailing slash), and only ever goes to a
# same-site category page anchor.
def _script(pattern: str) -> Markup:
    return Markup(  # a constant per URL style: script is raw text in HTML, never escaped
        "(function(){var d=document.documentElement.dataset,o=d.own,t=d.target,"
        "p=location.pathname.replace(/\\/?$/,'/');"
        f"if(!new RegExp({json.dumps(pattern)}).test(t))return;"
        "var r=p.toLowerCase().slice(-o.length)===o.toLowerCase()?p.slice(0,p.length-o.length):null;"
        "location.replace(r===null?new URL(d.rel,location.origin+p).href:r+t)})()"
    )


def fallback_page(catalog: Catalog, path: str, entry: Entry, site_url: str = "",
                  layout: permalinks.Layout | None = None) -> str:
    """The HTML of the fallback page at site path `path` (e.g. '/errors/1001')."""
    own = path.strip("/") + "/"
    layout = layout or permalinks.layout(catalog)
    target = layout.entry_target(entry, "/")[1:]
    rel = "../" * own.count("/") + target  # from the page's folder up to the site root
    canonical = site_url.rstrip("/") + "/" + target if site_url else rel
    # As small as a valid page can be (head, body and the end tag of html are
    # optional in HTML): thousands of these are written, one per permalink path.
    return h_std.join([
        _DOCTYPE, h_std.start("html", {"lang": "en", "data-own": own, "data-target": target, "data-rel": rel}), "\n",
        _CHARSET, h_std("title", None, f"{entry.code} · {catalog.service}"), _NOINDEX,
        h_std("link", {"rel": "canonical", "href": canonical}),
        _SCRIPT_ELEMENT if layout is None or layout.directory_urls else _FLAT_SCRIPT_ELEMENT,
        h_std("noscript", None, h_std("meta", {"http-equiv": "refresh", "content": f"0; url={rel}"})),
        h_std("a", {"href": rel}, entry.code), "\n"])


# The same in every fallback page: built once.
_DOCTYPE = Markup("<!doctype html>\n")
# How every fallback page starts: `_taken` knows an earlier build's page by it
# (tests/test_permalinks_site.py fails if the pages stop starting so).
_HEAD = '<!doctype html>\n<html lang="en" data-own="'
_CHARSET = h_std("meta", {"charset": "utf-8"})
_NOINDEX = h_std("meta", {"name": "robots", "content": "noindex"})
_SCRIPT_ELEMENT = h_std.join(["\n", h_std("script", None, _script(TARGET_PATTERN)), "\n"])
_FLAT_SCRIPT_ELEMENT = h_std.join(["\n", h_std("script", None, _script(FLAT_TARGET_PATTERN)), "\n"])


def fallback_pages(catalog: Catalog, site_url: str = "", layout: permalinks.Layout | None = None,
                   by_path: ByPath = None) -> dict[str, str]:
    """Site-relative file path ('errors/1001/index.html') -> HTML, sorted by path
    (`by_path` for the base path '/': fallback pages live in the site folder)."""
    layout = layout or permalinks.layout(catalog)
    by_path = permalinks.permalink_map(catalog) if by_path is None else by_path
    out = {}
    for path, entry in sorted(by_path.items()):
        out[_fallback_file(path)] = fallback_page(catalog, path, entry, site_url, layout)
    return out


def _fallback_file(path: str) -> str:
    return path.strip("/") + "/index.html"


# -- writers (registered in outputs/__init__.py) -------------------------------------

def write_redirects(ctx: BuildContext, site_dir: Path) -> None:
    """The rules file of each host in `ctx.redirect_hosts`, within the host's limits."""
    for host in ctx.redirect_hosts:
        found = _host_rules(ctx, host)
        if found.dropped:
            limit = hostformats.HOSTS[host].limit
            how = ("do not land (fallback_pages: never)" if ctx.fallback_pages == "never"
                   else "land by their fallback page (in the browser: script or meta refresh)")
            first = ", ".join(r.path for r in found.dropped[:5])
            log.warning(f"{HOST_FILES[host]} for {host}: {len(found.kept) + len(found.dropped)} permalink paths, "
                        f"past the host's limit ({limit.note}): {len(found.kept)} land by rule "
                        f"(the paths in {HOST_FILES[host]}), the other {len(found.dropped)} {how} "
                        f"(first: {first})")
        write_atomic(site_dir / HOST_FILES[host], found.text, durable=False)


def _host_rules(ctx: BuildContext, host: str) -> HostRules:
    return host_rules(ctx.catalog, ctx.base, host, ctx.layout, ctx.permalink_map(ctx.base))


def write_fallback_pages(ctx: BuildContext, site_dir: Path) -> None:
    # Thousands of small files: one walk of the site instead of a stat per page,
    # each folder made once, bytes written straight through os.write.
    # Under `mkdocs serve` only the clash check runs: it needs the paths, not the pages.
    by_path = ctx.permalink_map()
    pages = (dict.fromkeys(sorted(map(_fallback_file, by_path)), "") if ctx.serving
             else fallback_pages(ctx.catalog, ctx.site_url, ctx.layout, by_path))
    root = os.fspath(site_dir)
    files, folders = _site_tree(root)
    clashes = [rel for rel in pages if _taken(root, files, rel)]
    if clashes:
        lines = []
        for rel in clashes:
            e = by_path.get("/" + rel[: -len("/index.html")])
            where = f"{e.file}:{e.line}: code [{e.code}]: " if e else ""
            lines.append(f"{where}permalink /{rel[: -len('index.html')]} is also a file of the built site")
        raise Failure(lines, f"{len(clashes)} permalink(s) collide with files of the site")
    if ctx.serving:
        return  # `mkdocs serve` answers the permalink paths itself (serve_app)
    wanted = fallback_paths(ctx)
    if wanted is not None:
        pages = {rel: html for rel, html in pages.items() if "/" + rel[: -len("/index.html")] in wanted}
    _check_file_limits(ctx, len(files) + sum(1 for rel in pages if rel not in files), len(pages))
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


def _check_file_limits(ctx: BuildContext, total: int, fallback: int) -> None:
    for host in ctx.redirect_hosts:
        limit = hostformats.HOSTS[host].limit
        if limit and limit.files and total > limit.files:
            log.warning(f"the site has {total} files, {fallback} of them fallback pages: past the host's "
                        f"limit ({limit.note}). Every permalink path still lands on the host's plan that "
                        f"takes {total} files; set fallback_pages: never to deploy only the "
                        f"{total - fallback} others (then the paths past its rule limit do not land)")


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

    def update(self, catalog: Catalog, base: str, layout: permalinks.Layout | None = None,
               by_path: ByPath = None) -> None:
        self.targets = {r.path: r.target for r in rules(catalog, base, layout, by_path)}


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

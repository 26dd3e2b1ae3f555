"""Anchors and permalinks: the one place that says where an entry lives.

Every output (pages, redirects, fallback pages, exports, the lock, tests) asks
these functions; none derives an anchor or a URL its own way.
"""
from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .problems import Failure

if TYPE_CHECKING:
    from .model import Catalog, Entry

_NOT_ID = re.compile(r"[^a-z0-9]+")

# Category pages live under their own prefix so that no category page can sit
# on a permalink path like /errors/<code>.
PAGES_DIR = "reference"
# A category with more entries than this is split into pages of at most this many
# (the plugin's `page_size` option), so that no page grows with the catalog.
PAGE_SIZE = 100


def anchor(code: str) -> str:
    """The HTML id of a code's section: lower case, runs of other characters as '-'.

    `token/expired`, `TOKEN_EXPIRED` and `token-expired` share one anchor; the
    loader reports such codes as a collision rather than de-duplicating.
    Page headings use ids with '_' so they can never clash with an anchor.
    """
    slug = _NOT_ID.sub("-", code.lower()).strip("-")
    return slug or "code-" + code.encode().hex()


def page_src(category_id: str) -> str:
    """The generated markdown file of a category (relative to docs/)."""
    return f"{PAGES_DIR}/{category_id}.md"


def page_path(category_id: str) -> str:
    """The site-relative URL path of a category page ('reference/auth/')."""
    return f"{PAGES_DIR}/{category_id}/"


@dataclass(frozen=True)
class Part:
    """One page of a category: all of it, or one slice of a split category."""

    category: str
    slug: str                  # '' for the category page itself, else '10001-10100' or 'part-2'
    entries: tuple             # the entries whose sections this page holds, in page order
    first: str                 # what the slice starts and ends with: numbers, or codes
    last: str

    @property
    def src(self) -> str:
        return part_src(self.category, self.slug)


def part_src(category_id: str, slug: str) -> str:
    """The generated markdown file of one page of a category ('' slug: the category page)."""
    return f"{PAGES_DIR}/{category_id}/{slug}.md" if slug else page_src(category_id)



@dataclass(frozen=True)
class Layout:
    """Which page holds each entry's section, and the URL of every generated page,
    for one catalog, page size and URL style (made by `layout`). Pages, links to
    sections, redirects and exports are given one; the model itself never records
    where an entry is shown."""

    page_size: int
    category_parts: Mapping[str, tuple[Part, ...]]  # category id -> its pages
    slugs: Mapping[str, str]  # entry code -> the slug of the page that holds it ('' the category page)
    # MkDocs' `use_directory_urls`: 'reference/auth/' (true) or 'reference/auth.html'.
    directory_urls: bool = True

    def parts(self, category_id: str) -> tuple[Part, ...]:
        """The pages of a category: one, or the category page's slices (the index page not included)."""
        return self.category_parts[category_id]

    def is_split(self, category_id: str) -> bool:
        return bool(self.category_parts[category_id][0].slug)

    def url(self, src: str) -> str:
        """The site path of the page made from docs/`src` in this site's URL style."""
        return page_url(src, self.directory_urls)

    def category_url(self, category_id: str) -> str:
        """The site path of a category page ('reference/auth/' or 'reference/auth.html')."""
        return self.url(page_src(category_id))

    def part_url(self, part: Part) -> str:
        return self.url(part.src)

    def entry_page(self, entry: Entry) -> str:
        """The site path of the page that holds `entry`'s section ('reference/auth/10001-10100/')."""
        return self.url(part_src(entry.category, self.slugs.get(entry.code, "")))

    def entry_target(self, entry: Entry, base: str = "/") -> str:
        """Where every permalink of `entry` lands: '<base><entry_page>#<anchor>'."""
        return f"{base}{self.entry_page(entry)}#{entry.anchor}"


def layout(catalog: Catalog, page_size: int = PAGE_SIZE, directory_urls: bool = True) -> Layout:
    """Decide which page holds each entry's section (the plugin's `page_size`
    option; the default elsewhere). A category of at most `page_size` entries
    stays one page in file order; a longer one is cut into slices of
    `page_size`: by number when every entry has one (slug '10001-10100'), else
    alphabetically by code (slug 'part-2'). Anchors never change; every permalink
    follows its entry through `Layout.entry_page`.
    """
    parts: dict[str, tuple[Part, ...]] = {}
    slugs: dict[str, str] = {}
    for c in catalog.categories:
        entries = catalog.entries_in(c.id)
        if page_size <= 0 or len(entries) <= page_size:
            parts[c.id] = (Part(c.id, "", tuple(entries), "", ""),)
            continue
        numbered = all(e.number is not None for e in entries)
        ordered = sorted(entries, key=(lambda e: (e.number, e.code)) if numbered else
                         (lambda e: (e.code.lower(), e.code)))
        out: list[Part] = []
        seen: set[str] = set()
        for k in range(0, len(ordered), page_size):
            chunk = tuple(ordered[k:k + page_size])
            if numbered:
                first, last = str(chunk[0].number), str(chunk[-1].number)
                slug = f"{first}-{last}"
            else:
                first, last = chunk[0].code, chunk[-1].code
                slug = f"part-{len(out) + 1}"
            if slug in seen:  # equal numbers across a cut: keep slugs unique
                slug = f"{slug}-{len(out) + 1}"
            seen.add(slug)
            out.append(Part(c.id, slug, chunk, first, last))
            slugs.update((e.code, slug) for e in chunk)
        parts[c.id] = tuple(out)
    return Layout(page_size, MappingProxyType(parts), MappingProxyType(slugs), directory_urls)


# The A-Z index lists every code; past this many it becomes an index of pages of this many.
AZ_PAGE_SIZE = 1000
AZ_DIR = f"{PAGES_DIR}/_a-z"  # '_' : no category id (lower case, digits, '-') can take it


def az_parts(catalog: Catalog) -> list[tuple[str, list[Entry]]]:
    """The A-Z index's pages as (markdown file, entries), sorted by code; [] when it fits on its page."""
    ordered = sorted(catalog.entries, key=lambda e: (e.code.lower(), e.code))
    if len(ordered) <= AZ_PAGE_SIZE:
        return []
    return [(f"{AZ_DIR}/{k // AZ_PAGE_SIZE + 1}.md", ordered[k:k + AZ_PAGE_SIZE])
            for k in range(0, len(ordered), AZ_PAGE_SIZE)]


def url_path(url: str) -> str:
    """The path part of an absolute URL ('https://x.io/errors/' -> '/errors/')."""
    return urlsplit(url).path or "/"


def prefixes(catalog: Catalog, base: str = "/") -> list[str]:
    """The path prefixes under which a permalink lives, sorted (the 404 page
    recognises an unknown code by them); type URL paths host-absolute (where a
    host's rules answer them) and, on a site under a path, under it too (where
    their fallback pages are served)."""
    pl = catalog.permalinks
    out = [base + pl.errors_path.lstrip("/")]
    for u in (pl.type_base, pl.documentation_base):
        if u:
            out += [url_path(u), base + url_path(u).lstrip("/")]
    return sorted(set(out))


def page_url(src: str, directory_urls: bool = True) -> str:
    """The site-relative URL of the page made from docs/`src` ('guide/index.md' ->
    'guide/', 'a/b.md' -> 'a/b/', or 'a/b.html' without directory URLs)."""
    if not directory_urls:
        return src[:-3] + ".html"
    return src[: -len("index.md")] if src.endswith("index.md") else src[:-3] + "/"


def page_file(url: str) -> str:
    """The file of the built site that serves a page's URL ('a/b/' -> 'a/b/index.html',
    '' -> 'index.html', 'a/b.html' as it is)."""
    return url + "index.html" if url.endswith("/") or not url else url


def page_folder(url: str) -> str:
    """The site path of the folder a page's relative links start from ('' at the
    root), from the page's URL ('a/b/' -> 'a/b/', 'a/b.html' -> 'a/')."""
    if url.endswith("/") or not url:
        return url
    folder = posixpath.dirname(url)
    return folder + "/" if folder else ""


def check_page_paths(catalog: Catalog, pages: Iterable[tuple[str, str]],
                     by_path: Mapping[str, Entry] | None = None) -> None:
    """A permalink path must never be a page's URL, or one would shadow the other.
    `pages`: (site-relative URL, docs path) of every page; `by_path`: the catalog's
    `permalink_map` when the caller has it. Raises `Failure`."""
    by_url = {url.rstrip("/").lower(): src for url, src in pages if url}
    problems = []
    for path, entry in (permalink_map(catalog) if by_path is None else by_path).items():
        src = by_url.get(path.strip("/").lower())
        if src:
            problems.append(f"{entry.file}:{entry.line}: code [{entry.code}]: permalink {path} "
                            f"is also the page docs/{src}")
    if problems:
        raise Failure(problems, f"{len(problems)} permalink(s) collide with pages")


def permalink_paths(catalog: Catalog, entry: Entry, base: str = "/") -> list[str]:
    """Every path that must land on `entry`, canonical first, without duplicates.

    `/errors/<code>`, `/errors/<number>`, each alias, the path of the RFC 9457
    `type` URL and of the numeric `documentation_url`. Case variants are added
    by `permalink_map`, which can see whether they are unambiguous.
    """
    return paths_of(catalog, entry.code, entry.number, entry.aliases, base)


def paths_of(catalog: Catalog, code: str, number: int | None, aliases: tuple[str, ...],
             base: str = "/") -> list[str]:
    """`permalink_paths` of an entry with these fields (the loader asks it with fewer
    fields set, to tell which field a path comes from)."""
    pl = catalog.permalinks
    errors = base + pl.errors_path.lstrip("/")
    paths = [errors + code]
    if number is not None:
        paths.append(errors + str(number))
    paths += [errors + a for a in aliases]
    if pl.type_base:
        type_dir = url_path(pl.type_base)
        paths += [type_dir + c for c in (code, *aliases)]
    if pl.documentation_base and number is not None:
        paths.append(url_path(pl.documentation_base) + str(number))
    return list(dict.fromkeys(paths))


def permalink_url(catalog: Catalog, entry: Entry, site_url: str = "") -> str:
    """The canonical permalink of an entry, absolute when the site URL is known."""
    path = permalink_paths(catalog, entry)[0]
    if site_url:
        return site_url.rstrip("/") + "/" + path.lstrip("/")
    return path


def type_url(catalog: Catalog, entry: Entry) -> str | None:
    base = catalog.permalinks.type_base
    return base + entry.code if base else None


def documentation_url(catalog: Catalog, entry: Entry) -> str | None:
    base = catalog.permalinks.documentation_base
    if base and entry.number is not None:
        return base + str(entry.number)
    return None


def permalink_map(catalog: Catalog, base: str = "/") -> Mapping[str, Entry]:
    """Every permalink path of the catalog -> its entry, in a stable order.

    Adds the lower-case variant of each path when no other entry claims it
    (paths are case-sensitive on Netlify and most static hosts). Read-only; computed
    on each call: a build computes it once per base (`context.Readings`) and hands it down.
    """
    exact: dict[str, Entry] = {}
    for e in catalog.entries:
        for p in permalink_paths(catalog, e, base):
            exact.setdefault(p, e)
    lowered: dict[str, set[str]] = {}
    for p, e in exact.items():
        lowered.setdefault(p.lower(), set()).add(e.code)
    out = dict(exact)
    for p, e in exact.items():
        low = p.lower()
        if low not in out and lowered[low] == {e.code}:
            out[low] = e
    return MappingProxyType(out)

"""Anchors and permalinks: the one place that says where an entry lives.

Every output (pages, redirects, fallback pages, exports, the lock, tests) asks
these functions; none derives an anchor or a URL its own way.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from .model import Catalog, Entry

_NOT_ID = re.compile(r"[^a-z0-9]+")

# Category pages live under their own prefix so that no category page can sit
# on a permalink path like /errors/<code>.
PAGES_DIR = "reference"


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


def entry_target(entry: Entry, base: str = "/") -> str:
    """Where every permalink of `entry` lands: '<base>reference/<cat>/#<anchor>'."""
    return f"{base}{page_path(entry.category)}#{entry.anchor}"


def url_path(url: str) -> str:
    """The path part of an absolute URL ('https://x.io/errors/' -> '/errors/')."""
    return urlsplit(url).path or "/"


def permalink_paths(catalog: Catalog, entry: Entry, base: str = "/") -> list[str]:
    """Every path that must land on `entry`, canonical first, without duplicates.

    `/errors/<code>`, `/errors/<number>`, each alias, the path of the RFC 9457
    `type` URL and of the numeric `documentation_url`. Case variants are added
    by `permalink_map`, which can see whether they are unambiguous.
    """
    pl = catalog.permalinks
    errors = base + pl.errors_path.lstrip("/")
    paths = [errors + entry.code]
    if entry.number is not None:
        paths.append(errors + str(entry.number))
    paths += [errors + a for a in entry.aliases]
    if pl.type_base:
        type_dir = url_path(pl.type_base)
        paths += [type_dir + c for c in (entry.code, *entry.aliases)]
    if pl.documentation_base and entry.number is not None:
        paths.append(url_path(pl.documentation_base) + str(entry.number))
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


def permalink_map(catalog: Catalog, base: str = "/") -> dict[str, Entry]:
    """Every permalink path of the catalog -> its entry, in a stable order.

    Adds the lower-case variant of each path when no other entry claims it
    (paths are case-sensitive on Netlify and most static hosts).
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
    return out

"""`changes.xml`: the changelog as an Atom feed (RFC 4287), one entry per version.

Entry ids are `urn:uuid:` values derived from the service and the version
(`core.changelog.release_id`), so a reader never sees a release twice; links are
absolute when the site URL is known, otherwise relative to the feed, which sits
at the site root; the content's links are relative to the changes page
(`xml:base`). No feed when the catalog declares no versions.
"""
from __future__ import annotations

from pathlib import Path

from ..core import changelog, permalinks, versions
from ..core.context import BuildContext
from ..core.files import write_atomic
from ..core.model import Catalog
from ..render.changelog import release_html
from ..render.elements import xml

ATOM = "http://www.w3.org/2005/Atom"


def feed(catalog: Catalog, site_url: str = "", layout: permalinks.Layout | None = None) -> str:
    """The feed's XML text (deterministic: dates come from the catalog, never the clock);
    links to sections where `layout` puts them (the default page size when None)."""
    layout = layout or permalinks.layout(catalog)
    root = site_url.rstrip("/") + "/" if site_url else ""
    page_url = layout.url(changelog.PAGE_SRC)  # 'changes/', or 'changes.html' with use_directory_urls: false
    page = root + page_url
    releases = changelog.releases(catalog)
    updated = max(changelog.timestamp(v) for v in catalog.versions)
    out = [xml("id", None, changelog.feed_id(catalog)),
           xml("title", None, f"{catalog.service} error codes: changes"),
           xml("updated", None, updated),
           xml("author", None, xml("name", None, catalog.service)),
           xml("link", {"rel": "alternate", "type": "text/html", "href": page})]
    if root:
        out.append(xml("link", {"rel": "self", "type": "application/atom+xml", "href": root + changelog.FEED_FILE}))
    for r in releases:
        if not r.changes:
            continue
        # Links in the content are relative to the changes page: xml:base says so.
        # The content is HTML, and so text to the feed: escaped, not nested.
        html = release_html(catalog, r, permalinks.page_folder(page_url), layout)
        out.append(xml("entry", None, *_lines([
            xml("id", None, changelog.release_id(catalog, r.version)),
            xml("title", None, f"{catalog.service} {r.version.name}: {r.summary()}"),
            xml("updated", None, changelog.timestamp(r.version)),
            xml("link", {"rel": "alternate", "type": "text/html",
                         "href": page + "#" + versions.anchor(r.version.name)}),
            xml("content", {"type": "html", "xml:base": page}, html)], "    "), "\n  "))
    return '<?xml version="1.0" encoding="utf-8"?>\n' + xml("feed", {"xmlns": ATOM}, *_lines(out, "  "), "\n") + "\n"


def _lines(elements: list, indent: str) -> list:
    """`elements` each on a line of its own, indented (the feed is read by people too)."""
    return [part for el in elements for part in ("\n" + indent, el)]


def write(ctx: BuildContext, site_dir: Path) -> None:
    """The feed, when the catalog declares versions and the site has the changes page it
    links to (`error-catalog pages --out docs/reference` leaves that page out)."""
    if ctx.catalog.versions and has_changes_page(ctx, site_dir):
        write_atomic(site_dir / changelog.FEED_FILE, feed(ctx.catalog, ctx.site_url, ctx.layout))


def has_changes_page(ctx: BuildContext, site_dir: Path) -> bool:
    return (site_dir / permalinks.page_file(ctx.layout.url(changelog.PAGE_SRC))).is_file()

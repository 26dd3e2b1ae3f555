"""`changes.xml`: the changelog as an Atom feed (RFC 4287), one entry per version.

Entry ids are `urn:uuid:` values derived from the service and the version
(`core.changelog.release_id`), so a reader never sees a release twice; links are
absolute when the site URL is known, otherwise relative to the feed, which sits
at the site root; the content's links are relative to the changes page
(`xml:base`). No feed when the catalog declares no versions.
"""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ..core import changelog, permalinks, versions
from ..core.context import BuildContext
from ..core.files import write_atomic
from ..core.model import Catalog
from ..render.changelog import release_html

ATOM = "http://www.w3.org/2005/Atom"


def feed(catalog: Catalog, site_url: str = "", layout: permalinks.Layout | None = None) -> str:
    """The feed's XML text (deterministic: dates come from the catalog, never the clock);
    links to sections where `layout` puts them (the default page size when None)."""
    layout = layout or permalinks.layout(catalog)
    root = site_url.rstrip("/") + "/" if site_url else ""
    page = root + changelog.PAGE_PATH
    releases = changelog.releases(catalog)
    updated = max(changelog.timestamp(v) for v in catalog.versions)
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           f'<feed xmlns="{ATOM}">',
           f"  <id>{changelog.feed_id(catalog)}</id>",
           f"  <title>{escape(catalog.service)} error codes: changes</title>",
           f"  <updated>{updated}</updated>",
           f"  <author><name>{escape(catalog.service)}</name></author>",
           f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(page)}/>"]
    if root:
        out.append(f"  <link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(root + changelog.FEED_FILE)}/>")
    for r in releases:
        if not r.changes:
            continue
        # Links in the content are relative to the changes page: xml:base says so.
        html = release_html(catalog, r, changelog.PAGE_PATH, layout)
        out += ["  <entry>",
                f"    <id>{changelog.release_id(catalog, r.version)}</id>",
                f"    <title>{escape(catalog.service)} {escape(r.version.name)}: {r.summary()}</title>",
                f"    <updated>{changelog.timestamp(r.version)}</updated>",
                f"    <link rel=\"alternate\" type=\"text/html\" "
                f"href={quoteattr(page + '#' + versions.anchor(r.version.name))}/>",
                f"    <content type=\"html\" xml:base={quoteattr(page)}>{escape(html)}</content>",
                "  </entry>"]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def write(ctx: BuildContext, site_dir: Path) -> None:
    if ctx.catalog.versions:
        write_atomic(site_dir / changelog.FEED_FILE, feed(ctx.catalog, ctx.site_url, ctx.layout))

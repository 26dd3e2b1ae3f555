"""The changes page (/changes/): per version, newest first, the codes added,
renamed, deprecated and retired, each linking to its section.

Built from `core.changelog.releases` (the Atom feed reads the same), with links
from `renderer.href` (the permalinks module's page paths and anchors).
"""
from __future__ import annotations

import posixpath
from collections.abc import Callable

from markupsafe import Markup

from ..core import changelog, permalinks, versions
from ..core.changelog import Change, Release
from ..core.model import Catalog
from .renderer import environment, href
from .safe_markdown import plain


def change_item(catalog: Catalog, c: Change, from_dir: str, layout: permalinks.Layout) -> str:
    """One change as an HTML list item (catalog text escaped)."""
    e = c.entry
    link = f'<a href="{plain(href(layout, e, from_dir))}"><code>{plain(e.code)}</code></a>'
    if c.kind == "renamed":
        text = f"<code>{plain(c.old)}</code> → {link}"
    else:
        text = link
    text += f" — {plain(e.title)}"
    successor = catalog.entry(e.replaced_by) if e.replaced_by and c.kind in ("deprecated", "retired") else None
    if successor is not None:
        text += f' (use <a href="{plain(href(layout, successor, from_dir))}"><code>{plain(successor.code)}</code></a>)'
    return f'<li data-code="{plain(e.code)}">{text}</li>'


def release_html(catalog: Catalog, release: Release, from_dir: str, layout: permalinks.Layout) -> str:
    """A release's changes: one titled list per kind, or a line saying there are none."""
    parts = []
    for kind in changelog.KINDS:
        items = release.of(kind)
        if items:
            parts.append(f'<p class="ec-label">{changelog.TITLES[kind]}</p>'
                         f'<ul class="ec-changes ec-{kind}">'
                         + "".join(change_item(catalog, c, from_dir, layout) for c in items) + "</ul>")
    if not parts:
        parts.append("<p>No codes added, renamed, deprecated or retired.</p>")
    return f'<div class="ec-release" data-version="{plain(release.version.name)}">{"".join(parts)}</div>'


def changes_page(catalog: Catalog, from_dir: str = changelog.PAGE_PATH,
                 slot: Callable[[str], str] = str, layout: permalinks.Layout | None = None) -> str:
    """The page's markdown; `slot(html)` stands for each release's HTML (deferred HTML);
    `layout` says where sections are (the default page size when None)."""
    layout = layout or permalinks.layout(catalog)
    releases = [{"name": r.version.name, "date": changelog.date(r.version), "anchor": versions.anchor(r.version.name),
                 "summary": r.summary(), "html": Markup(slot(release_html(catalog, r, from_dir, layout)))}
                for r in changelog.releases(catalog)]
    feed = posixpath.relpath(changelog.FEED_FILE, from_dir or ".")
    return environment().get_template("changes.md.j2").render(
        service=catalog.service, releases=releases, feed=feed)

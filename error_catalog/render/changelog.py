"""The changes page (/changes/): per version, newest first, the codes added,
renamed, deprecated and retired, each linking to its section.

Built from `core.changelog.releases` (the Atom feed reads the same), with links
from `links.href` (the permalinks module's page paths and anchors).
"""
from __future__ import annotations

import posixpath
from collections.abc import Callable

from markupsafe import Markup

from ..core import changelog, permalinks, versions
from ..core.changelog import Change, Release
from ..core.model import Catalog, Entry
from .elements import h
from .links import href
from .renderer import environment
from .uitext import ENGLISH, UiText


def change_item(catalog: Catalog, c: Change, from_dir: str, layout: permalinks.Layout,
                text: UiText = ENGLISH) -> Markup:
    """One change as an HTML list item (catalog text escaped)."""
    e = c.entry
    successor = catalog.entry(e.replaced_by) if e.replaced_by and c.kind in ("deprecated", "retired") else None
    return h("li", {"data-code": e.code},
             *((h("code", None, c.old), " → ") if c.kind == "renamed" else ()),
             _link(e, from_dir, layout), f" — {e.title}",
             text.markup(" (use {code})", code=_link(successor, from_dir, layout)) if successor is not None else None)


def _link(e: Entry, from_dir: str, layout: permalinks.Layout) -> Markup:
    return h("a", {"href": href(layout, e, from_dir)}, h("code", None, e.code))


def _title(t: UiText, kind: str) -> str:
    """`changelog.TITLES`, in the site's language."""
    return {"added": t("Added"), "renamed": t("Renamed"), "deprecated": t("Deprecated"),
            "retired": t("Retired")}[kind]


def release_html(catalog: Catalog, release: Release, from_dir: str, layout: permalinks.Layout,
                 text: UiText = ENGLISH) -> Markup:
    """A release's changes: one titled list per kind, or a line saying there are none."""
    parts = []
    for kind in changelog.KINDS:
        items = release.of(kind)
        if items:
            parts += [h("p", {"class": "ec-label"}, _title(text, kind)),
                      h("ul", {"class": f"ec-changes ec-{kind}"}, *(change_item(catalog, c, from_dir, layout, text) for c in items))]
    if not parts:
        parts.append(h("p", None, text("No codes added, renamed, deprecated or retired.")))
    return h("div", {"class": "ec-release", "data-version": release.version.name}, *parts)


def changes_page(catalog: Catalog, from_dir: str = changelog.PAGE_PATH,
                 slot: Callable[[str], str] = str, layout: permalinks.Layout | None = None,
                 text: UiText = ENGLISH) -> str:
    """The page's markdown; `slot(html)` stands for each release's HTML (deferred HTML);
    `layout` says where sections are (the default page size when None); `text` the site's language."""
    layout = layout or permalinks.layout(catalog)
    releases = [{"name": r.version.name, "date": changelog.date(r.version), "anchor": versions.anchor(r.version.name),
                 "summary": r.summary(), "html": Markup(slot(release_html(catalog, r, from_dir, layout, text)))}
                for r in changelog.releases(catalog)]
    feed = posixpath.relpath(changelog.FEED_FILE, from_dir or ".")
    return environment().get_template("changes.md.j2").render(
        service=catalog.service, releases=releases, feed=feed, t=text.markup, date=text.date)

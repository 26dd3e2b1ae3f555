"""Finishing touches on a page's HTML after MkDocs has converted it.

Pure functions of the converted HTML and what they are handed (the catalog, the
entries a page holds): the plugin calls them from its page events.

- `permalink_icons`: each entry heading's permalink icon points at /errors/<code>,
  the URL to share, not at the section's anchor on this page;
- `CodeBreaks`: documented codes in inline code, headings and the table of
  contents get a break chance after each separator (`code_breaks`);
- `description`: a page's meta description, from the catalog.
"""
from __future__ import annotations

import html as htmllib
import os
import re
from collections.abc import Iterable, Iterator
from typing import Any

from markupsafe import Markup, escape

from ..core import permalinks
from ..core.model import Catalog
from .elements import h
from .renderer import environment
from .safe_markdown import code_breaks
from .uitext import ENGLISH, UiText

# The permalink icon's start tag MkDocs' toc extension puts after a heading with an id.
_HEADERLINK = re.compile(r'<a class="headerlink" href="#([a-z0-9-]+)"(?: title="([^"<>]*)")?>')
# Inline code (not a code block, not already broken) that may be a documented code.
_INLINE_CODE = re.compile(r"(?<!<pre>)<code>([A-Za-z0-9_./-]{2,200})</code>")
# Serve only: bodies kept with their breaks, at most this many (a bound on memory).
_KEPT_MAX = 100_000


def html_text(text: str) -> Markup:
    # Material prints site_name, nav titles and descriptions as HTML: hand it escaped
    # text, as Markup so that its own `| e` in attributes does not escape it twice.
    return Markup(escape(text))


def permalink_icons(html: str, catalog: Catalog, part: permalinks.Part, from_dir: str, site_url: str = "") -> str:
    """`html` (the page of `part`, whose links start from the site folder `from_dir`)
    with each entry's permalink icon pointing at its permalink: absolute with the
    site URL, else relative to the page."""
    by_anchor = {e.anchor: e for e in part.entries}

    def link(m: re.Match) -> str:
        e = by_anchor.get(m.group(1))
        if e is None:
            return m.group(0)
        if site_url:
            url = permalinks.permalink_url(catalog, e, site_url)
        else:
            url = os.path.relpath(permalinks.permalink_url(catalog, e).lstrip("/"), from_dir or ".")
        title = m.group(2)
        return h.start("a", {"class": "headerlink", "href": url,
                             "title": None if title is None else htmllib.unescape(title)})

    return _HEADERLINK.sub(link, html)


class CodeBreaks:
    """Break chances after the separators of documented codes (the stylesheet forbids
    breaks elsewhere), so a long code wraps there, not inside a word.

    With `keep` (`mkdocs serve`), the same entry bodies come back after each edit
    (`SectionMemo`): each is scanned once per set of code names, not once per rebuild.
    """

    def __init__(self, keep: bool = False) -> None:
        self.keep = keep
        self._catalog: Catalog | None = None
        self._names: frozenset[str] = frozenset()
        self._broken: dict[str, str] = {}  # HTML -> with break chances

    def use(self, catalog: Catalog) -> None:
        """Break the codes and aliases of `catalog` from now on."""
        if catalog is self._catalog:
            return
        self._catalog = catalog
        names = frozenset([e.code for e in catalog.entries] + [a for e in catalog.entries for a in e.aliases])
        if names != self._names:  # a code added or renamed: breaks may differ
            self._names, self._broken = names, {}

    def page(self, html: str, toc: Any) -> str:
        """A converted page, with its table of contents' titles (edited in place)."""
        for item in _toc_items(toc):
            # A TOC title is HTML: "<code>" is gone, the code is its first word.
            head, sep, rest = item.title.partition(" ")
            if head in self._names:
                item.title = h.join([h("span", {"class": "ec-code"}, code_breaks(head)), sep, Markup(rest)])
        return self._inline(html)

    def body(self, html: str) -> str:
        """HTML kept out of Markdown (deferred): broken once, before it is deferred."""
        broken = self._broken.get(html)
        if broken is None:
            broken = self._inline(html)
            if self.keep and len(self._broken) < _KEPT_MAX:
                self._broken[html] = broken
        return broken

    def _inline(self, html: str) -> str:
        names = self._names
        return _INLINE_CODE.sub(lambda m: h("code", None, code_breaks(m.group(1))) if m.group(1) in names
                                else m.group(0), html)


def _toc_items(toc: Iterable | None) -> Iterator:
    for item in toc or ():
        yield item
        yield from _toc_items(item.children)


def description(catalog: Catalog, part: permalinks.Part | None, title: str = "", ui: UiText = ENGLISH) -> Markup:
    """A page's meta description (escaped, at most 300 characters): of a category page
    (`part`: the entries it holds), or of another page of the site (`title`), in `ui`'s language."""
    entries = (part.entries or catalog.entries_in(part.category)) if part is not None else ()
    text = environment().get_template("page_description.txt.j2").render(
        t=ui, tn=ui.n, service=catalog.service, title=title,
        category=catalog.category(part.category) if part is not None else None,
        codes=[e.code for e in entries])
    return html_text(" ".join(text.split())[:300])

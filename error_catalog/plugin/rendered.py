"""Generated pages whose Markdown did not change, not converted again under `mkdocs serve`.

A category page's Markdown is its headings and one token per entry body (the
bodies are deferred HTML, put in after conversion). An edit of an entry's cause,
recovery or example changes only the deferred HTML, not the Markdown, and an
edit of a title changes one page: the other pages' conversion (about a sixth of a
serve rebuild at 1,000 codes) would give the same HTML again.

So, per page: the Markdown MkDocs is about to convert (after every plugin's
`on_page_markdown`), the page's URL and the site's Markdown settings are the key.
On a match the page is given only its title line to convert, and the first
`on_page_content` puts back what the full conversion gave: the HTML (tokens
still in it, swapped for this build's HTML later), the table of contents and the
anchor ids and in-page anchor links MkDocs validates. A page with links to
another page's anchors is never kept (MkDocs ties those to one build's files).

MkDocs has no public API for a page's anchors: `Page.render` sets the attributes
`present_anchor_ids` and `links_to_anchors` (documented on `Page` in
mkdocs/structure/pages.py, not in the plugin API) and its link check reads them,
so a page not converted again gets them set here by hand. If MkDocs renames or
stops reading them, the anchors of a kept page are lost and
tests/test_serve_incremental.py::test_pages_not_converted_again_keep_their_anchors_for_link_checks
fails (a team page's link to a kept anchor is then reported missing).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any


@dataclass
class _Kept:
    key: tuple
    html: str
    toc: Any
    anchors: set[str] | None
    own_links: dict[str, str] | None  # the page's links to its own anchors (its headings' permalinks)


class RenderedPages:
    def __init__(self) -> None:
        self._kept: dict[str, _Kept] = {}
        self._pending: dict[str, tuple[tuple, bool]] = {}  # src -> (key, put the kept page back)

    def markdown_for(self, page, markdown: str, config) -> str:
        """The Markdown to convert: `markdown`, or only its title line when the last
        conversion of the same Markdown can be put back."""
        src = page.file.src_uri
        key = (page.file.url, markdown, repr(config.markdown_extensions), repr(config.mdx_configs))
        kept = self._kept.get(src)
        title, sep, _ = markdown.partition("\n\n")
        reuse = kept is not None and kept.key == key and title.startswith("# ") and bool(sep)
        self._pending[src] = (key, reuse)
        return title + "\n" if reuse else markdown  # the page's title comes from its first heading

    def content_for(self, page, html: str) -> str:
        """The converted HTML: put back (with the page's table of contents and anchors),
        or kept for the next rebuild."""
        src = page.file.src_uri
        if src not in self._pending:
            return html
        key, reuse = self._pending.pop(src)
        if reuse:
            kept = self._kept[src]
            page.toc = copy.deepcopy(kept.toc)  # later plugins edit its titles
            # By hand: no public API (see the module's docstring).
            page.present_anchor_ids = set(kept.anchors) if kept.anchors is not None else None
            if kept.own_links is not None:
                page.links_to_anchors = {page.file: dict(kept.own_links)}
            return kept.html
        links = getattr(page, "links_to_anchors", None) or {}
        if set(links) <= {page.file}:
            anchors = getattr(page, "present_anchor_ids", None)
            own = links.get(page.file)
            self._kept[src] = _Kept(key, html, copy.deepcopy(page.toc), set(anchors) if anchors is not None else None,
                                    dict(own) if own is not None else None)
        return html

"""Heading ids for the plugin's Markdown, whatever the site's `markdown_extensions`.

Generated headings end in ` { #anchor }`, attr_list's syntax (Zensical and most
Material sites enable it). MkDocs always runs `toc`, never `attr_list` unless the
site lists it: without it the braces show as text and toc slugs the whole
heading, so no permalink lands. This tree processor runs before attr_list and
toc (both keep an id already set) and sets exactly the ids the plugin writes;
a site's own `{ #id }` for any other id is left to the site's extensions.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Container
from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

_HEADINGS = frozenset(f"h{n}" for n in range(1, 7))
# The one form the templates write: a single id, spaces inside the braces.
_TRAILING_ID = re.compile(r"[ \t]*\{ #([A-Za-z0-9_][A-Za-z0-9_-]*) \}[ \t]*$")
# After inline processing (priority 20), before attr_list (8) and toc (5).
PRIORITY = 9


class _HeadingIds(Treeprocessor):
    def __init__(self, md: Markdown, ours: Callable[[], Container[str]]) -> None:
        super().__init__(md)
        self.ours = ours

    def run(self, root: Element) -> None:
        ours = self.ours()
        for el in root.iter():
            if el.tag not in _HEADINGS or "id" in el.attrib:
                continue
            last = el[-1] if len(el) else None
            text = last.tail if last is not None else el.text
            m = _TRAILING_ID.search(text or "")
            if m is None or not is_ours(m.group(1), ours):
                continue
            rest = text[: m.start()]
            if last is not None:
                last.tail = rest
            else:
                el.text = rest
            el.set("id", m.group(1))


def is_ours(anchor: str, anchors: Container[str]) -> bool:
    """An id the plugin writes: an entry's or a release's anchor, or one of its own
    page anchors, which all start with '_' (no entry anchor does)."""
    return anchor.startswith("_") or anchor in anchors


class HeadingIds(Extension):
    """`markdown_extensions` entry added by the plugin; `ours()` gives the anchors
    of the current catalog (read per page: serve rebuilds change the catalog)."""

    def __init__(self, ours: Callable[[], Container[str]]) -> None:
        super().__init__()
        self.ours = ours

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(_HeadingIds(md, self.ours), "error_catalog_heading_ids", PRIORITY)


class _Every:
    def __contains__(self, anchor: object) -> bool:
        return True


def makeExtension(**kwargs) -> HeadingIds:  # noqa: N802 (Python-Markdown's name)
    """`markdown_extensions: [error_catalog.render.headings]`, for a site built without
    the plugin (Zensical) and without attr_list: every heading's trailing `{ #id }` is
    its id, as attr_list would make it (the generated pages write their ids so)."""
    return HeadingIds(_Every)

"""A lean search index: each entry's search document says only what finds it.

Material's search plugin indexes a section's whole text, which for an entry
carries the message in every locale and the example responses: most of
`search/search_index.json`, which the browser downloads and loads whole
before the first result. After the build, each entry's document (found by its
location, `Layout.entry_page` + anchor) is rewritten from the catalog:
the title (heading) as Material wrote it, then the code, aliases, number and
HTTP status code, the message (the exact wire text, so that pasting it finds the
entry, variants' messages too), the cause, the recovery and the words of
codes with underscores. The translations
and examples stay on the page. Every other document is left as it is.
"""
from __future__ import annotations

import json
import re
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..core import permalinks
from ..core.context import BuildContext
from ..core.files import write_atomic
from ..core.model import Catalog, Entry
from ..render.elements import h_std
from ..render.safe_markdown import code_words, render

INDEX = "search/search_index.json"

# What a search result may show of cause and recovery: paragraphs and code, not links or lists.
_TAG = re.compile(r"<(?!/?(?:p|code)>)[^>]*>")
_SPACE = re.compile(r"\s+")


def entry_text(entry: Entry, kept: MutableMapping[tuple, Any] | None = None) -> str:
    """The text of `entry`'s search document (HTML, as Material's own documents);
    `kept`: the caller's store of prose already rendered (keyed by its text)."""
    # The code is in the document's title (the heading) already.
    facts = [h_std("code", None, a) for a in entry.aliases]
    if entry.number is not None:
        facts.append(f"No. {entry.number}")
    if entry.status is not None:
        # The number, not the reason phrase: `forbidden` must find the code `forbidden`
        # before every other 403 (the status page lists codes by status and phrase).
        facts.append(f"HTTP {entry.status}")
    messages = dict.fromkeys(m for m in (entry.message, *(v.message for v in entry.variants.values())) if m)
    parts = [h_std("p", None, h_std.join(facts, " · "))] if facts else []
    parts += [h_std("p", None, m) for m in messages]
    parts += [_prose(t, kept) for t in (entry.cause, entry.recovery) if t]
    words = code_words((entry.code, *entry.aliases))
    if words:  # so that `validation` finds VALIDATION_ERROR
        parts.append(h_std("p", None, words))
    return str(h_std.join(parts, " "))


def _prose(text: str, kept: MutableMapping[tuple, Any] | None) -> Markup:
    # Rendering the prose is most of the rewrite: a serve rebuild reuses what it kept.
    if kept is None:
        return _lean(render(text))
    key = ("search", text)
    html = kept.get(key)
    if html is None:
        html = kept[key] = _lean(render(text))
    return html


def _lean(html: Markup) -> Markup:
    # Safe markdown's HTML with tags taken out: markup still, and only less of it.
    return Markup(_SPACE.sub(" ", _TAG.sub("", html)).strip())


def lean_docs(catalog: Catalog, docs: list[dict], layout: permalinks.Layout | None = None,
              kept: MutableMapping[tuple, Any] | None = None) -> list[dict]:
    """`docs` with each entry's document rewritten (order and other documents kept);
    `layout` says where sections are (the default page size when None); `kept` as
    for `entry_text`."""
    layout = layout or permalinks.layout(catalog)
    by_location = {layout.entry_target(e, "/")[1:]: e for e in catalog.entries}
    pages = {layout.entry_page(e) for e in catalog.entries} | {layout.category_url(c.id)
                                                               for c in catalog.categories}
    out = []
    for doc in docs:
        location = doc.get("location", "")
        entry = by_location.get(location)
        if entry is not None:
            doc = {**doc, "text": entry_text(entry, kept)}
        elif location in pages and "boost" in doc:
            # The category page's own document (its intro) keeps the default weight, the
            # entries the page's boost: `sdk/timeout` must show its section first, not the
            # page "Client SDKs" with the section folded under "more on this page".
            doc = {k: v for k, v in doc.items() if k != "boost"}
        out.append(doc)
    return out


# What follows "<h2" in an entry's heading: its id, up to the end of the heading.
_HEADING = re.compile(r' id="([^"]+)"[^>]*>.*?</h2>', re.S)


def lean_page(html: str, entries: list[Entry]) -> str:
    """A category page's HTML as the search plugin should read it: each entry's
    heading without its body. The heading makes the entry's document (location and
    title); the post-build rewrite (`write`) gives it its text. Parsing every
    translation table and highlighted example only to throw the text away was most
    of a build's time."""
    anchors = {e.anchor for e in entries}
    # Cut at each h2 (str.split: a regex that scans each body for the next heading
    # costs as much as the parse it saves); a chunk is a heading and its body.
    chunks = html.split("<h2")
    for i in range(1, len(chunks)):
        m = _HEADING.match(chunks[i])
        if m and m.group(1) in anchors:
            chunks[i] = chunks[i][:m.end()] + "\n"
    return "<h2".join(chunks)


class LeanView:
    """A page's HTML as the search plugin reads it (`lean_page`, `without_unsearched`),
    put in place while it reads and the page's own put back after: a page object with
    a `content` attribute (MkDocs' Page)."""

    def __init__(self) -> None:
        self._held: tuple[Any, str] | None = None

    def show(self, page: Any, entries: list[Entry] | None) -> None:
        """Give `page` its lean HTML; `entries`: those of a category page, else None."""
        self._held = (page, page.content)
        page.content = without_unsearched(lean_page(page.content, entries) if entries is not None else page.content)

    def put_back(self, page: Any) -> None:
        held, self._held = self._held, None
        if held is not None and held[0] is page:
            page.content = held[1]


_UNSEARCHED = '<div class="ec-table '
_UNSEARCHED_END = "</table></div>"


# A table cell kept out of search (cells do not nest: the first end tag closes it).
_UNSEARCHED_CELL = re.compile(r"<(t[dh])\b[^>]*\sdata-search-exclude[\s>][^<]*?(?:<(?!/t[dh]>)[^<]*)*</\1>")


def without_unsearched(html: str) -> str:
    """`html` without the tables and table cells kept out of search (`data-search-exclude`
    on a table's wrapper, e.g. the A-Z index, or on a cell, e.g. the codes of a status):
    the search plugin would parse them only to skip them."""
    if "data-search-exclude" not in html:
        return html
    return _UNSEARCHED_CELL.sub("", _without_unsearched_tables(html))


def _without_unsearched_tables(html: str) -> str:
    out, pos = [], 0
    while (start := html.find(_UNSEARCHED, pos)) != -1:
        head_end = html.find(">", start)
        end = html.find(_UNSEARCHED_END, head_end)
        if head_end == -1 or end == -1:
            break
        if "data-search-exclude" in html[start:head_end]:
            out.append(html[pos:start])
            pos = end + len(_UNSEARCHED_END)
        else:
            out.append(html[pos:head_end])
            pos = head_end
    out.append(html[pos:])
    return "".join(out)


def write(ctx: BuildContext, site_dir: Path) -> None:
    """Rewrite Material's search index in place, when the site has one."""
    path = site_dir / INDEX
    if not path.is_file():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("docs"), list):
        return
    data["docs"] = lean_docs(ctx.catalog, data["docs"], ctx.layout, ctx.kept)
    # As Material writes it: compact, non-ASCII as \u escapes.
    write_atomic(path, json.dumps(data, separators=(",", ":"), default=str), durable=False)

"""Render the model into page markdown and HTML tables.

Entry sections are markdown headings (so MkDocs builds the TOC and permalink
icons from them, with our explicit anchor) followed by one HTML block made from
escaped plain text and pre-rendered safe markdown. Tables are HTML, so no
catalog text has to survive markdown table syntax.
"""
from __future__ import annotations

import dataclasses
import json
import posixpath
import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..core import permalinks
from ..core.model import Catalog, Category, Entry, reason_phrase
from . import responses
from .elements import h
from .safe_markdown import code_breaks, code_words, md_plain, render, render_inline
from .uitext import ENGLISH, UiText

STATUS_CODES_SHOWN = 100

# A section provider adds HTML to each entry (translations, example responses).
# What it reads besides the entry and the catalog's settings, it names in an
# `inputs(entry)` attribute; a provider without one turns `SectionMemo` off.
Section = Callable[[Entry], Markup]


def _yaml_str(value: str) -> Markup:
    # JSON strings are valid YAML scalars: quoted, escaped, one line.
    return Markup(json.dumps(value, ensure_ascii=False))


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(markdown=render, markdown_inline=render_inline, md_plain=md_plain,
                       yaml_str=_yaml_str, code_breaks=code_breaks)
    return env


# A line that is empty (or spaces): the newline ending it is written as `&#10;`.
_BLANK_LINE = re.compile(r"(?<=\n)[ \t]*\n")


def compact(text: str) -> str:
    """HTML without blank lines, for HTML left in page markdown, where a blank
    line would end the raw HTML block early. A blank line inside `<pre>` (a
    code block of cause or recovery, an example response) is kept as `&#10;`.
    Deferred HTML (error_catalog/render/deferred.py) does not need this."""
    return _BLANK_LINE.sub("&#10;", text.strip("\n")) + "\n"


def href(layout: permalinks.Layout, entry: Entry, from_dir: str = "") -> str:
    """A relative link from a page at site path `from_dir` to `entry`'s section."""
    return f"{_relative(layout.entry_page(entry), from_dir)}#{entry.anchor}"


@cache
def _relative(target: str, from_dir: str) -> str:
    """posixpath.relpath for page paths (a category page links to its siblings
    thousands of times per build), with the trailing slash of directory URLs
    ('' for the page itself); `from_dir`: the folder of the linking page."""
    if not target.endswith("/"):  # 'reference/auth.html' (use_directory_urls: false)
        return posixpath.relpath(target, from_dir or ".")
    rel = posixpath.relpath(target, from_dir or ".") + "/"
    return "" if rel == "./" else rel


def promises(catalog: Catalog) -> dict:
    """What the overview may promise, from the catalog: whether responses carry
    codes, the surfaces, and which links in responses exist (per the envelope)."""
    links = []
    if catalog.permalinks.type_base and catalog.envelope == "problem":
        links.append("type")
    if catalog.permalinks.documentation_base and catalog.envelope in ("structured", "wrapped"):
        links.append("documentation_url")
    return {"codes": catalog.wire_codes, "links": links,
            "surfaces": [catalog.surfaces.get(s, s) for s in catalog.surfaces]}


class SectionMemo:
    """Entry sections kept across the rebuilds of `mkdocs serve`: after an edit, only
    the entries whose inputs changed are rendered again.

    An entry's section is a function of the catalog's settings (every field but
    the entries), the entry, the page that holds it, its successor's code and
    page, and what each section provider names in `inputs(entry)`. The settings
    are compared once per catalog (a change empties the memo); the rest per entry,
    by equality, so a stale section is never served.
    """

    def __init__(self) -> None:
        self._settings: tuple | None = None
        self._parts: dict[str, tuple[tuple, tuple[str, str]]] = {}

    def use(self, catalog: Catalog, text: UiText = ENGLISH) -> None:
        settings = (text, *(getattr(catalog, f.name) for f in dataclasses.fields(catalog) if f.name != "entries"))
        if settings != self._settings:
            self._settings = settings
            self._parts.clear()

    def get(self, code: str, key: tuple) -> tuple[str, str] | None:
        hit = self._parts.get(code)
        return hit[1] if hit is not None and hit[0] == key else None

    def put(self, code: str, key: tuple, parts: tuple[str, str]) -> None:
        self._parts[code] = (key, parts)


class Renderer:
    """Renders one catalog; build it once per build and reuse it for every page.
    `layout` says which page holds each entry (`permalinks.layout`, the default page size when None);
    `text` the site's language for the plugin's own words (English when not given)."""

    def __init__(self, catalog: Catalog, sections: Iterable[Section] = (), memo: SectionMemo | None = None,
                 layout: permalinks.Layout | None = None, text: UiText = ENGLISH):
        self.catalog = catalog
        self.text = text
        self.layout = layout or permalinks.layout(catalog)
        # The ids of the entry headings this renderer writes (render/headings.py sets them).
        self.anchors = frozenset(e.anchor for e in catalog.entries)
        self.sections = list(sections)
        self._memo = memo if all(hasattr(s, "inputs") for s in self.sections) else None
        if self._memo is not None:
            self._memo.use(catalog, text)
        env = environment()
        self._entry = env.get_template("entry.md.j2")
        self._category = env.get_template("category.md.j2")

    # -- pages ---------------------------------------------------------------

    def category_page(self, category: Category, slot: Callable[[str], str] | None = None,
                      part: permalinks.Part | None = None) -> str:
        """The page's markdown: the category page, or with `part` one page of a split
        category. With `slot`, each entry's HTML body is replaced by `slot(body)`:
        markdown that stands for it (see error_catalog/render/deferred.py)."""
        parts = self.layout.parts(category.id)
        split = bool(parts[0].slug)
        if slot is None:
            section = self.entry_section
        else:
            def section(e: Entry) -> Markup:
                head, body = self.entry_parts(e)
                return Markup(head + "\n\n" + slot(body))
        title, part_of, index = category.title, "", ""
        if part is not None:
            title = f"{category.title} ({_span(part)})"
            up = _relative(self.layout.category_url(category.id),
                           permalinks.page_folder(self.layout.part_url(part))) or "./"
            total = len(self.catalog.entries_in(category.id))
            part_of = self.text.nmarkup("Part of {category}: {span}, {shown} of {count} code.",
                                        "Part of {category}: {span}, {shown} of {count} codes.", total,
                                        category=h("a", {"href": up}, category.title), span=_span(part),
                                        shown=self.text.number(len(part.entries)))
        elif split:
            index = self.parts_index(category, parts)
        return self._category.render(
            category=category,
            title=title,
            part=part is not None,
            part_of=part_of,
            parts_index=index,
            codeless=any(self.catalog.codeless(e) for e in self.catalog.entries_in(category.id)),
            entries=part.entries if part is not None else ([] if split else parts[0].entries),
            overview=self.category_overview(category),
            entry_section=section,
            t=self.text.markup,
        )

    def parts_index(self, category: Category, parts: tuple[permalinks.Part, ...]) -> Markup:
        """The split category's pages: what each holds and how many codes."""
        here = permalinks.page_folder(self.layout.category_url(category.id))
        by_number = parts[0].slug[0].isdigit()
        t = self.text
        rows = [h("tr", None, h("td", None, h("a", {"href": _relative(self.layout.part_url(p), here)}, _span(p))),
                  h("td", None, t.number(len(p.entries)))) for p in parts]
        return _table("ec-parts", _head(t("Numbers") if by_number else t("Codes"), t("Codes")), h("tbody", None, *rows))

    def entry_section(self, e: Entry) -> Markup:
        """The entry as page markdown: its heading, then its body as a raw HTML block."""
        head, body = self.entry_parts(e)
        return Markup(head + "\n\n" + compact(body))

    def entry_parts(self, e: Entry) -> tuple[str, str]:
        """An entry's markdown heading line and its HTML body."""
        here = permalinks.page_folder(self.layout.entry_page(e))
        successor = self.catalog.entry(e.replaced_by) if e.replaced_by else None
        if self._memo is None:
            return self._entry_parts(e, here, successor)
        key = (e, here, successor and (successor.code, successor.anchor, self.layout.entry_page(successor)),
               *(s.inputs(e) for s in self.sections))
        parts = self._memo.get(e.code, key)
        if parts is None:
            parts = self._entry_parts(e, here, successor)
            self._memo.put(e.code, key, parts)
        return parts

    def _entry_parts(self, e: Entry, here: str, successor: Entry | None) -> tuple[str, str]:
        text = self._entry.render(
            e=e,
            codeless=self.catalog.codeless(e),
            surfaces=self.catalog.surfaces,
            # The source message always shows; with several locales a compact table
            # of every translation follows the example (sections.py).
            source_lang=self.catalog.source_locale.replace("_", "-"),
            parts=code_words((e.code, *e.aliases)),
            successor=h("a", {"href": href(self.layout, successor, here)}, h("code", None, code_breaks(successor.code)))
            if successor else None,
            code_html=h("code", None, e.code),
            t=self.text.markup,
            sections=Markup("\n").join(html for html in (s(e) for s in self.sections) if html),
        )
        head, _, body = text.partition("\n")
        return head, body.lstrip("\n")

    def overview_page(self, from_dir: str, slot: Callable[[str], str] = str) -> str:
        """The overview a site gets when it has none of its own: categories, every
        code A-Z, HTTP statuses and the exports. `from_dir` is the page's site path;
        `slot(html)` is what stands for each table in the markdown (deferred HTML)."""
        root = posixpath.relpath(".", from_dir or ".")
        return environment().get_template("overview.md.j2").render(
            title=self.text("{service} error reference", service=self.catalog.service), service=self.catalog.service,
            t=self.text.markup,
            intro=Markup(self.overview_intro()),
            categories=Markup(slot(self.categories_table(from_dir))), az=Markup(slot(self.az_index(from_dir))),
            statuses=Markup(slot(self.status_table(from_dir))), root="" if root == "." else root + "/")

    def overview_intro(self) -> str:
        """The overview's opening promise (markdown): codes or not, surfaces, links in
        responses, as the catalog has them; shared by the generated and hand-written overview."""
        return environment().get_template("overview_intro.md.j2").render(
            service=self.catalog.service, errors_path=self.catalog.permalinks.errors_path,
            promises=promises(self.catalog), t=self.text.markup).strip()

    # -- derived tables -------------------------------------------------------

    def category_overview(self, category: Category) -> Markup:
        """Count, number range and statuses of one category, derived from its entries."""
        entries = self.catalog.entries_in(category.id)
        numbers = [e.number for e in entries if e.number is not None]
        statuses = Counter(e.status for e in entries if e.status is not None)
        # A row only when it says something: no "Numbers: none" on a catalog without numbers.
        t = self.text
        rows = [(t("Codes"), t.number(len(entries)))]
        if numbers or category.numbers:
            rows.append((t("Numbers"), _range(t, numbers, category.numbers)))
        if statuses:
            rows.append((t("HTTP statuses"), ", ".join(f"{s} ({t.number(n)})" for s, n in sorted(statuses.items()))))
        return _table("ec-overview", h("tbody", None, *(
            h("tr", None, h("th", {"scope": "row"}, k), h("td", None, v)) for k, v in rows)))

    def categories_table(self, from_dir: str = "") -> Markup:
        # Columns only when they carry something: a catalog without numbers (or
        # statuses) gets no column full of "none".
        has_numbers = any(e.number is not None for e in self.catalog.entries) or any(
            c.numbers for c in self.catalog.categories)
        has_statuses = any(e.status is not None for e in self.catalog.entries)
        t = self.text
        rows = []
        for c in self.catalog.categories:
            entries = self.catalog.entries_in(c.id)
            numbers = [e.number for e in entries if e.number is not None]
            statuses = sorted({e.status for e in entries if e.status is not None})
            link = _relative(self.layout.category_url(c.id), from_dir) or "./"
            rows.append(h("tr", None, h("td", None, h("a", {"href": link}, c.title)), h("td", None, t.number(len(entries))),
                          h("td", None, _range(t, numbers, c.numbers)) if has_numbers else None,
                          h("td", None, ", ".join(map(str, statuses)) or "—") if has_statuses else None))
        extra = int(has_numbers) + int(has_statuses)
        head = _head(t("Category"), t("Codes"), t("Numbers") if has_numbers else None,
                     t("HTTP statuses") if has_statuses else None)
        total = h("tr", None, h("th", {"scope": "row"}, t("Total")), h("td", None, t.number(len(self.catalog.entries))),
                  *[h("td")] * extra)
        return _table("ec-categories", head, h("tbody", None, *rows), h("tfoot", None, total))

    def status_table(self, from_dir: str = "") -> Markup:
        """HTTP status -> the codes that carry it, with reason phrase and advice."""
        # Statuses with advice but no code stay listed: an API may answer with a
        # status (a 401 from a gateway, say) that no catalog code carries.
        by_status: dict[int, list[Entry]] = {s: [] for s in self.catalog.troubleshooting}
        for e in self.catalog.entries:
            if e.status is not None:
                by_status.setdefault(e.status, []).append(e)
        rows = []
        t = self.text
        # A long catalog names at most STATUS_CODES_SHOWN codes per status (the page stays bounded).
        cap = STATUS_CODES_SHOWN if sum(map(len, by_status.values())) > permalinks.AZ_PAGE_SIZE else None
        for status in sorted(by_status):
            listed = sorted(by_status[status], key=lambda e: e.code)
            # The codes stay out of search: a code finds its own section, not this row.
            codes = h.join((_code_link(self.layout, e, from_dir) for e in listed[:cap]), ", ") or "—"
            more = t(" and {count} more", count=t.number(len(listed) - cap)) if cap is not None and len(listed) > cap else None
            advice = render_inline(self.catalog.troubleshooting.get(status, ""))
            rows.append(h("tr", {"id": f"_status-{status}"}, h("td", {"data-label": t("Status")}, status),
                          h("td", {"data-label": t("Reason")}, reason_phrase(status)),
                          h("td", {"data-label": t("Count")}, t.number(len(by_status[status]))),
                          h("td", {"data-label": t("Codes"), "data-search-exclude": True}, codes, more),
                          h("td", {"data-label": t("What to check")}, advice)))
        return _table("ec-statuses", _head(t("Status"), t("Reason"), t("Count"), t("Codes"), t("What to check")),
                      h("tbody", None, *rows))

    def headers_table(self) -> Markup:
        """The documented response headers, when example responses show them, and on how many codes."""
        t = self.text
        if not self.catalog.headers:
            return h("p", None, t("{service} documents no response headers of its own.", service=self.catalog.service))
        http = [e for e in self.catalog.entries if responses.has_http_response(e)]
        rows = []
        for header in self.catalog.headers:
            carriers = [e for e in http if responses.carries(header, e)]
            if header.always:
                when = t("every error response")
            elif header.statuses:
                when = ", ".join(map(str, header.statuses))
            else:
                when = "—"
            if header.retryable_only and (header.always or header.statuses):
                when += t(" (retryable codes only)")
            example = responses.header_value(header, carriers[0]) if carriers else (header.example or "")
            rows.append(h("tr", {"id": f"_header-{header.name.lower()}"},
                          h("td", None, h("code", None, code_breaks(header.name))),
                          h("td", None, render_inline(header.description)), h("td", None, when),
                          h("td", None, t.number(len(carriers))), h("td", None, h("code", None, example) if example else None)))
        return _table("ec-headers", _head(t("Header"), t("Description"), t("Sent with"), t("Codes"), t("Example")),
                      h("tbody", None, *rows))

    def az_index(self, from_dir: str = "") -> Markup:
        """Every code A-Z (case-insensitive), linking to its section; past
        `permalinks.AZ_PAGE_SIZE` codes, a table of the A-Z pages instead."""
        parts = permalinks.az_parts(self.catalog)
        if not parts:
            return self.az_rows(sorted(self.catalog.entries, key=lambda e: (e.code.lower(), e.code)), from_dir)
        rows = [h("tr", None, h("td", None, h("a", {"href": _relative(self.layout.url(src), from_dir) or "./"},
                                              h("code", None, es[0].code), " – ", h("code", None, es[-1].code))),
                  h("td", None, self.text.number(len(es)))) for src, es in parts]
        return _table("ec-index ec-az-pages", _head(self.text("Codes"), self.text("Count")), h("tbody", None, *rows))

    def az_rows(self, entries: list[Entry], from_dir: str = "") -> Markup:
        rows = []
        # A Since column only when some entry has one; its rows carry the version
        # and lifecycle as data attributes, for a filter to use.
        with_since = any(e.since for e in self.catalog.entries)
        t = self.text
        for e in entries:
            cat = self.catalog.category(e.category)
            status = f"{e.status} {e.reason}".strip() if e.status else "—"
            life = None if e.lifecycle == "active" else h.join(
                [" ", h("span", {"class": f"ec-badge ec-{e.lifecycle}"},
                        t("deprecated") if e.lifecycle == "deprecated" else t("retired"))])
            # What the filter box (errors.js) matches besides the row's text: number and aliases.
            also = " ".join(([str(e.number)] if e.number is not None else []) + list(e.aliases))
            attrs = {"data-keys": also or None}
            if with_since:
                attrs.update({"data-since": e.since or "", "data-lifecycle": e.lifecycle})
            rows.append(h("tr", attrs, h("td", None, _code_link(self.layout, e, from_dir), life), h("td", None, e.title),
                          h("td", {"data-label": t("Status")}, status), h("td", {"data-label": t("Category")}, cat.title),
                          h("td", {"data-label": t("Since")}, e.since or "—") if with_since else None))
        # Rows in groups of _AZ_GROUP, one <tbody> each: on a phone each group is a block the
        # browser can skip off screen (errors.css), and it styles a few groups rather than
        # every row. Out of search: each code's own section is what a search for it must find.
        groups = [h("tbody", None, *rows[i:i + _AZ_GROUP]) for i in range(0, len(rows), _AZ_GROUP)] or [h("tbody")]
        return _table("ec-index", _head(t("Code"), t("Title"), t("Status"), t("Category"), t("Since") if with_since else None),
                      *groups, searched=False)

    def az_page(self, src: str, entries: list[Entry], slot: Callable[[str], str] = str) -> str:
        """One page of a long A-Z index, docs/`src` (markdown; kept out of search: each code's section is there)."""
        title = self.text("Codes {first} – {last}", first=entries[0].code, last=entries[-1].code)
        return (f"---\ntitle: {str(_yaml_str(title))}\nrender_macros: false\nsearch:\n  exclude: true\n---\n\n"
                f"# {str(md_plain(title))} {{ #_title }}\n\n"
                f"{str(slot(self.az_rows(entries, permalinks.page_folder(self.layout.url(src)))))}\n")


# Rows per <tbody> of the A-Z index. On the 1,000-row index of a phone, Lighthouse's
# performance went from about 71 with one skippable block per row to 92-95 with blocks of 50.
_AZ_GROUP = 50


def _table(kind: str, *parts: Markup, searched: bool = True) -> Markup:
    """A table Material styles (it skips tables with a class), marked by its wrapper.
    `searched=False`: out of the search index (`search.lean_page` drops it unparsed)."""
    return h("div", {"class": f"ec-table {kind}", "data-search-exclude": not searched}, h("table", None, *parts))


def _head(*columns: str | None) -> Markup:
    """A table's head row, one `<th>` per column given (None: a column left out)."""
    return h("thead", None, h("tr", None, *(h("th", None, c) for c in columns if c is not None)))


def _code_link(layout: permalinks.Layout, e: Entry, from_dir: str) -> Markup:
    return h("a", {"href": href(layout, e, from_dir)}, h("code", None, code_breaks(e.code)))


def _span(part: permalinks.Part) -> str:
    return f"{part.first}–{part.last}" if part.first != part.last else part.first


def _range(t: UiText, numbers: list[int], declared: tuple[int, int] | None) -> str:
    # Error numbers are names, not quantities: never grouped (2001, not 2,001).
    used = f"{min(numbers)}–{max(numbers)}" if numbers else t("none")
    if declared:
        return t("{used} (of {first}–{last})", used=used, first=declared[0], last=declared[1])
    return used

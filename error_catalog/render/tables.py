"""The reference's derived tables (category overview, categories, HTTP statuses,
headers, the A-Z index, a split category's pages), made with `elements.h`: every
value escaped by construction. `Tables` is mixed into `Renderer`, whose catalog,
layout and words (`text`) it reads."""
from __future__ import annotations

from collections import Counter

from markupsafe import Markup

from ..core import permalinks
from ..core.model import Catalog, Category, Entry, reason_phrase
from . import responses
from .elements import h
from .links import href, relative
from .safe_markdown import code_breaks, render_inline
from .uitext import UiText

# At most this many codes named per HTTP status on a long catalog's status table.
STATUS_CODES_SHOWN = 100


class Tables:
    catalog: Catalog
    layout: permalinks.Layout
    text: UiText

    def parts_index(self, category: Category, parts: tuple[permalinks.Part, ...]) -> Markup:
        """The split category's pages: what each holds and how many codes."""
        here = permalinks.page_folder(self.layout.category_url(category.id))
        by_number = parts[0].slug[0].isdigit()
        t = self.text
        rows = [h("tr", None, h("td", None, h("a", {"href": relative(self.layout.part_url(p), here)}, span(p))),
                  h("td", None, t.number(len(p.entries)))) for p in parts]
        return _table("ec-parts", _head(t("Numbers") if by_number else t("Codes"), t("Codes")), h("tbody", None, *rows))

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
            link = relative(self.layout.category_url(c.id), from_dir) or "./"
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
        rows = [h("tr", None, h("td", None, h("a", {"href": relative(self.layout.url(src), from_dir) or "./"},
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


def _range(t: UiText, numbers: list[int], declared: tuple[int, int] | None) -> str:
    # Error numbers are names, not quantities: never grouped (2001, not 2,001).
    used = f"{min(numbers)}–{max(numbers)}" if numbers else t("none")
    if declared:
        return t("{used} (of {first}–{last})", used=used, first=declared[0], last=declared[1])
    return used


def span(part: permalinks.Part) -> str:
    return f"{part.first}–{part.last}" if part.first != part.last else part.first

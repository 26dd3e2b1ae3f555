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
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..core import permalinks
from ..core.model import Catalog, Category, Entry
from .elements import h
from .links import href, relative
from .safe_markdown import code_breaks, code_words, md_plain, render, render_inline
from .tables import Tables, span
from .uitext import ENGLISH, UiText

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


class Renderer(Tables):
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
            title = f"{category.title} ({span(part)})"
            up = relative(self.layout.category_url(category.id),
                           permalinks.page_folder(self.layout.part_url(part))) or "./"
            total = len(self.catalog.entries_in(category.id))
            part_of = self.text.nmarkup("Part of {category}: {span}, {shown} of {count} code.",
                                        "Part of {category}: {span}, {shown} of {count} codes.", total,
                                        category=h("a", {"href": up}, category.title), span=span(part),
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

    def az_page(self, src: str, entries: list[Entry], slot: Callable[[str], str] = str) -> str:
        """One page of a long A-Z index, docs/`src` (markdown; kept out of search: each code's section is there)."""
        title = self.text("Codes {first} – {last}", first=entries[0].code, last=entries[-1].code)
        return (f"---\ntitle: {str(_yaml_str(title))}\nrender_macros: false\nsearch:\n  exclude: true\n---\n\n"
                f"# {str(md_plain(title))} {{ #_title }}\n\n"
                f"{str(slot(self.az_rows(entries, permalinks.page_folder(self.layout.url(src)))))}\n")

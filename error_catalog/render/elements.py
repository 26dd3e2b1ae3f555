"""Markup built by construction: the one way Python code writes HTML (or XML) from values.

`h(tag, attrs, *children)` escapes every text child and attribute value; only
markup of its own kind passes through (`Markup`: from a template, safe_markdown,
Pygments or `h` itself). A value someone forgets to escape is escaped anyway:
at worst shown twice escaped, never markup. Whole pages come from the Jinja
templates (autoescaping); tables, rows and the small blocks around them from here.

Each dialect keeps the bytes its output always had:
- `h`, site pages: text as `safe_markdown.plain` writes it (markupsafe's forms,
  `&#39;` and `&#34;`; control characters dropped), in one `str.translate`;
- `h_std`, the fallback pages and the search index's entry documents: the
  standard library's `html.escape` (`&#x27;`, `&quot;`);
- `xml`, the Atom feed: `xml.sax.saxutils` (only `&`, `<`, `>` in text; `quoteattr`
  quotes attributes); HTML `Markup` is text to it, escaped like any string.
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping
from xml.sax.saxutils import escape as xml_escape, quoteattr

from markupsafe import Markup


# Attribute value: True writes the bare name (`data-search-exclude`), None or False nothing.
Attrs = Mapping[str, str | int | bool | None] | None

_NAME = re.compile(r"[a-z][a-z0-9-]*(?::[a-z][a-z0-9-]*)?")
HTML_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                       "source", "track", "wbr"})


# `safe_markdown.plain` as one table (tests/test_elements.py holds the two equal): the
# five characters markupsafe escapes, as it writes them, and the control characters
# plain drops. Tables call it thousands of times; plain makes a Markup each time.
_PAGE_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "'": "&#39;", '"': "&#34;",
                            **dict.fromkeys([*range(0x09), 0x0b, 0x0c, *range(0x0e, 0x20), *range(0x7f, 0xa0)])})


def _page_text(s: str) -> str:
    return s.translate(_PAGE_TEXT)


class Xml(str):
    """XML from the `xml` dialect (a distinct type: HTML `Markup` is text in XML)."""


class Dialect:
    def __init__(self, text: Callable[[str], str], attr: Callable[[str], str], result: type[str],
                 void: frozenset[str] | None):
        """`text(s)`: `s` escaped as a text node; `attr(s)`: `s` as an attribute value,
        quotes included; `result`: the type built and passed through unescaped;
        `void`: HTML's elements without end tag, or None for XML (`<x/>` when empty)."""
        self._text, self._attr, self._result, self._void = text, attr, result, void

    def __call__(self, tag: str, attrs: Attrs = None, /, *children) -> str:
        """`<tag attrs>children</tag>`. A child is text (str, int), markup of this
        dialect, or None (left out)."""
        start = self._start(tag, attrs)
        if self._void is not None and tag in self._void:
            if children:
                raise ValueError(f"<{tag}> is a void element: it has no content")
            return self._result(start)
        body = self._join(children, "") if children else ""
        if self._void is None and not body:
            return self._result(start[:-1] + "/>")
        return self._result(f"{start}{body}</{tag}>")

    def start(self, tag: str, attrs: Attrs = None) -> str:
        """The start tag alone (for an element whose end tag HTML lets a page omit)."""
        return self._result(self._start(tag, attrs))

    def join(self, parts: Iterable, sep: str = "") -> str:
        """`parts` one after the other (`sep` between), each escaped unless markup of this dialect."""
        return self._result(self._join(parts, sep))

    # Plain str inside, one `result` per element: a table is built of thousands of them.
    def _start(self, tag: str, attrs: Attrs) -> str:
        if tag not in _NAMES:
            _check(tag)
        if not attrs:
            return f"<{tag}>"
        out = f"<{tag}"
        for name, value in attrs.items():
            if value is None or value is False:
                continue
            if name not in _NAMES:
                _check(name)
            out += f" {name}" if value is True else f" {name}={self._attr(str(value))}"
        return out + ">"

    def _join(self, parts: Iterable, sep: str) -> str:
        result, text = self._result, self._text
        # str.join, not Markup.join: the parts are escaped here.
        if sep and not isinstance(sep, result):
            sep = str(text(sep))
        return sep.join(
            [p if isinstance(p, result) else text(str(p)) for p in parts if p is not None])


_NAMES: set[str] = set()  # names checked already: a handful, all from our code


def _check(name: str) -> None:
    # Tag and attribute names come from our code, never the catalog; this keeps it so.
    if not _NAME.fullmatch(name):
        raise ValueError(f"not an element or attribute name: {name!r}")
    _NAMES.add(name)


h = Dialect(text=_page_text, attr=lambda s: f'"{_page_text(s)}"', result=Markup, void=HTML_VOID)
h_std = Dialect(text=html.escape, attr=lambda s: f'"{html.escape(s)}"', result=Markup, void=HTML_VOID)
xml = Dialect(text=xml_escape, attr=quoteattr, result=Xml, void=None)

"""Markdown for catalog text: formatting yes, raw HTML and script URLs never.

Catalog fields like `cause` and `recovery` are markdown written by many hands
and published to the public. They are rendered here, before the page is
assembled, with raw HTML switched off and every link and image checked, so
no catalog text can put markup or script on the site.
"""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

from ..core.textlimits import markdown_problem

_SAFE_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f]+")
# Control characters: never meaningful on a page, and \x02/\x03 delimit
# Python-Markdown's placeholders for stashed HTML. The YAML reader refuses them;
# this also covers text from other sources (translations).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Characters that start markdown syntax, of those Python-Markdown lets a backslash
# escape; escaped in plain text put into markdown. `<`, `>` and `&` are HTML-escaped.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def safe_url(url: str) -> bool:
    """True for relative URLs and http(s)/mailto; false for javascript:, data: and kin.

    Browsers ignore whitespace and control characters inside a scheme and decode
    entities first, so we do too before looking at it.
    """
    probe = _INVISIBLE.sub("", html.unescape(url)).lower()
    m = _SCHEME.match(probe)
    return m is None or m.group(1) in _SAFE_SCHEMES


class _LinkGuard(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for el in root.iter():
            for attr in ("href", "src"):
                value = el.get(attr)
                if value is not None and not safe_url(value):
                    del el.attrib[attr]
            if el.tag == "a" and el.get("href", "").startswith(("http://", "https://")):
                el.set("rel", "nofollow noopener")


class _NoRawHtml(markdown.Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_LinkGuard(md), "link_guard", 0)


_md = markdown.Markdown(extensions=[_NoRawHtml(), "fenced_code", "tables", "sane_lists"])


def render(text: str | None) -> Markup:
    """Catalog markdown -> safe HTML. Keeps nothing: under `mkdocs serve` the entry
    sections that hold it are kept whole (render/renderer.py, `SectionMemo`)."""
    if not text:
        return Markup("")
    if markdown_problem(text) is not None:
        # Over the limits the loader enforces (core/textlimits.py): shown as
        # text, since Python-Markdown would take super-linear time or recurse.
        return Markup("<p>") + plain(text) + Markup("</p>")
    _md.reset()
    return Markup(_md.convert(_CONTROL.sub("", text)))


def render_inline(text: str | None) -> Markup:
    """Like `render`, without the wrapping paragraph (for table cells and badges)."""
    out = str(render(text))
    if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]
    return Markup(out)


def plain(text: str | None) -> Markup:
    """Plain text for HTML: escaped, never interpreted."""
    if isinstance(text, Markup):  # already HTML
        return text
    return escape(_CONTROL.sub("", text or ""))


def pre_text(text: str | None) -> Markup:
    """Plain text for a `<pre>` block: only `<`, `>` and `&` escaped (quotes as
    entities would only be more for every HTML parser to decode)."""
    return Markup(html.escape(_CONTROL.sub("", text or ""), quote=False))


def md_plain(text: str | None) -> Markup:
    """Plain text for a markdown line (a heading): HTML-escaped, syntax escaped."""
    # Markdown syntax first, HTML second: escaping after `escape` would break its entities (`&#39;`).
    return escape(_MD_SPECIAL.sub(r"\\\1", _CONTROL.sub("", text or "")))


_SEPARATOR = re.compile(r"([/_.\-])")


def code_breaks(code: str | None) -> Markup:
    """A code as escaped text with a line-break chance (`<wbr>`) after each of its
    own separators `/ _ . -`: a long code wraps there, never inside a word (the
    stylesheet forbids breaks elsewhere)."""
    return Markup(_SEPARATOR.sub(r"\1<wbr>", str(plain(code))))


def code_words(codes: tuple[str, ...] | list[str]) -> str:
    """The words of the codes that hold underscores (`VALIDATION_ERROR` -> `VALIDATION
    ERROR`): search tokenizes on spaces and dashes, so without them `validation`
    would not find the code. Shown nowhere; the page and the search index carry it."""
    return " ".join(c.replace("_", " ") for c in codes if "_" in c)

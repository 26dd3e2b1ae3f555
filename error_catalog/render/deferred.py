"""Finished HTML kept out of Python-Markdown and put back after conversion.

Entry bodies and derived tables are final HTML before a page is converted.
Left in the page markdown, they go through Python-Markdown's raw-HTML block
parser, which copies the rest of the page for each closing tag: on a page of
a thousand entries that was most of its conversion. Instead the markdown carries a
token (a plain word, so a paragraph of its own, or a word inside one) and
`swap` replaces each token in the converted HTML with its HTML: the page comes
out as before.

Byte for byte when the HTML stands in a paragraph of its own (blank lines
around it), which is how pages and macros place it. Tokens carry a random
per-process nonce, so no catalog text can forge one.
HTML that asks md_in_html for markdown inside (a `markdown` attribute) must be
converted, so `defer` returns it unchanged.
"""
from __future__ import annotations

import re
import secrets

_MARKDOWN_ATTR = re.compile(r"<[a-zA-Z][^>]*\smarkdown(?:[\s=>])")


class Deferred:
    def __init__(self) -> None:
        self.nonce = secrets.token_hex(8)
        self._html: list[str] = []
        self._token = re.compile(rf"<p>ec-slot-{self.nonce}-(\d+)</p>|ec-slot-{self.nonce}-(\d+)")

    def clear(self) -> None:
        """Forget the HTML of the previous build (`mkdocs serve` reuses the state)."""
        self._html = []

    def defer(self, html: str) -> str:
        """The markdown that stands for `html` until `swap`."""
        if _MARKDOWN_ATTR.search(html):
            return html
        self._html.append(html)
        return f"ec-slot-{self.nonce}-{len(self._html) - 1}"

    def swap(self, html: str) -> str:
        """Converted page HTML with every token replaced by its HTML."""
        if f"ec-slot-{self.nonce}-" not in html:
            return html
        last = self._token.match(html, max(0, html.rfind(f"<p>ec-slot-{self.nonce}-")))
        out = self._token.sub(self._replace, html)
        # Markdown strips the end of its output; HTML inlined there would have been too.
        if last is not None and last.end() == len(html):
            out = out.rstrip()
        return out

    def _replace(self, m: re.Match) -> str:
        if m.group(1) is None:  # a token inside a paragraph: inline HTML
            return self._html[int(m.group(2))]
        # A paragraph of its own: Markdown ends a raw HTML block with a newline.
        html = self._html[int(m.group(1))]
        return html if html.endswith("\n") else html + "\n"

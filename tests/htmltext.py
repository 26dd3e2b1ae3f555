"""Reading built HTML as a reader sees it.

The pages mark up what a test looks for: examples are highlighted (each token a
`<span>`), and codes carry line-break chances (`<wbr>`) after their separators.
Tests compare text, so they go through these first.
"""
from __future__ import annotations

import html
import re

_TAG = re.compile(r"<[^>]+>")


def text_of(page: str) -> str:
    """The text of an HTML fragment: tags dropped, entities decoded."""
    return html.unescape(_TAG.sub("", page))


def unbroken(page: str) -> str:
    """HTML with the `<wbr>` break chances inside codes removed, so `<code>A_B</code>` matches."""
    return page.replace("<wbr>", "")

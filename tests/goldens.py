"""Golden files compared by meaning, not by a dependency's formatting.

A golden file pins what this project renders. Parts that a dependency formats (the
whitespace and entity spelling of Python-Markdown's HTML, attribute order, Babel's
CLDR names of languages) may change in a minor release without anything being
wrong, so both sides go through `canonical` first: HTML becomes one token per line
with attributes sorted, text unescaped and its whitespace collapsed, and each
locale's CLDR names become a placeholder. Escaping still counts: `&lt;b&gt;` is
text, `<b>` is a tag, and they compare different.

`UPDATE_GOLDEN=1 pytest` rewrites the files (review the diff before committing).
"""
from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

from babel import Locale

GOLDEN = Path(__file__).resolve().parent / "golden"
LOCALES = ("en", "es", "fr", "de", "ja", "zh")


def check(name: str, text: str) -> None:
    """Compare `text` with tests/golden/<name> (a path below golden/)."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"missing golden file {path}; run with UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    if text != expected:  # the same bytes need no parsing
        assert canonical(text) == canonical(expected), f"{name} differs from its golden file"


def canonical(text: str) -> list[str]:
    parser = _Tokens()
    parser.feed(_locale_names(text))
    parser.close()
    return parser.tokens


def _locale_names(text: str) -> str:
    for code in LOCALES:
        loc = Locale.parse(code)
        for name in {loc.get_display_name(code), loc.get_display_name("en")}:
            if name:
                text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", f"{{locale-name:{code}}}", text,
                              flags=re.IGNORECASE)
    return text


class _Tokens(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tokens.append(f"<{tag}{_attrs(attrs)}>")

    def handle_startendtag(self, tag, attrs):
        self.tokens.append(f"<{tag}{_attrs(attrs)}/>")

    def handle_endtag(self, tag):
        self.tokens.append(f"</{tag}>")

    def handle_data(self, data):
        words = " ".join(data.split())
        if words:
            self.tokens.append(words)

    def handle_comment(self, data):
        self.tokens.append(f"<!--{data}-->")


def _attrs(attrs) -> str:
    return "".join(f' {k}="{v}"' if v is not None else f" {k}" for k, v in sorted(attrs))

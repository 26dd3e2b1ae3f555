"""Limits on Markdown text fields, so rendering stays fast (docs/guide/security.md).

Python-Markdown's inline link parser is quadratic in the number of `[` (and
`![`) that do not close: 1,000 of them cost a third of a second, 4,000 six
seconds. Its list and quote parsers recurse once per nesting level: a list
nested 1,000 levels deep takes 40 s and then raises RecursionError. Honest
prose needs little of either, so a text field (cause, recovery, summaries,
troubleshooting, header descriptions) is refused beyond these limits, with
its line, before anything is rendered; the renderer falls back to plain text
for any text that reaches it over them (defence in depth).
"""
from __future__ import annotations

import re

MAX_MARKDOWN_CHARS = 20_000
MAX_LINK_BRACKETS = 200  # `[` in one text: links, images, references
MAX_INDENT = 32  # leading columns of a line (a tab counts 4): eight list levels
MAX_QUOTE_DEPTH = 8  # `>` markers at a line's start

_LEAD = re.compile(r"^[ \t>]*", re.M)


def markdown_problem(text: str) -> str | None:
    """Why `text` is refused as Markdown, or None when it is within the limits."""
    if len(text) > MAX_MARKDOWN_CHARS:
        return f"text of {len(text):,} characters is longer than the limit of {MAX_MARKDOWN_CHARS:,} for Markdown"
    brackets = text.count("[")
    if brackets > MAX_LINK_BRACKETS:
        return (f"{brackets:,} '[' characters, more than the limit of {MAX_LINK_BRACKETS} for Markdown "
                "(links and images); write fewer links, or use other brackets")
    for m in _LEAD.finditer(text):
        lead = m.group()
        if not lead:
            continue
        quotes = lead.count(">")
        if quotes > MAX_QUOTE_DEPTH:
            return f"quotes nested {quotes} levels deep ('>' markers), more than the limit of {MAX_QUOTE_DEPTH}"
        indent = max((len(part.expandtabs(4)) for part in lead.split(">")), default=0)
        if indent > MAX_INDENT:
            return (f"a line indented by {indent} columns, more than the limit of {MAX_INDENT} "
                    "(lists nested more than eight levels)")
    return None

"""Placeholders in messages: `{name}` (letters, digits, `_`), which clients fill in.

A translation must carry the same set as its source message (order may change):
one that drops, renames or adds a placeholder makes every client that formats
it fail or print the brace. Any other brace is plain text.
"""
from __future__ import annotations

from .model import PLACEHOLDER


def names(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text or ""))


def difference(source: str, translation: str) -> str | None:
    """How `translation`'s placeholders differ from `source`'s, as a sentence; None when they agree."""
    want, have = names(source), names(translation)
    if want == have:
        return None
    missing, added = sorted(want - have), sorted(have - want)

    def listed(items: list[str]) -> str:
        return ", ".join(f"{{{n}}}" for n in items)

    if len(missing) == 1 and len(added) == 1:
        return f"renames the placeholder {{{missing[0]}}} to {{{added[0]}}}"
    parts = []
    if missing:
        parts.append(f"lacks {listed(missing)}")
    if added:
        parts.append(f"adds {listed(added)}, which the source message does not have")
    return "; ".join(parts)

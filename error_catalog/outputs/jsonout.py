"""JSON files for the site (errors.json, locale tables): stable bytes, inert markup.

Catalog text goes into these files as it is (a message is data, not HTML), but
`<`, `>` and `&` are written as JSON escapes, so no string can close a
`<script>` that embeds the file or be sniffed as HTML; U+2028/U+2029 are
escaped for old JavaScript parsers. Key order is the caller's (sort what has
no natural order) and the output always ends with one newline.
"""
from __future__ import annotations

import json
from typing import Any

_INERT = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def dumps(data: Any, indent: int | None = 2, levels: int = 2) -> str:
    """`data` as JSON text; raises ValueError on NaN or infinity (not JSON).

    The first `levels` levels of objects and arrays get one member per line;
    anything deeper is written on that member's line (an entry of errors.json
    is one line: diffs stay per entry, and json's C encoder, which does not
    indent, writes it). `indent=None` writes everything on one line.
    """
    if indent is None:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    else:
        text = _layout(data, indent, levels, 0)
    # Outside strings JSON has none of these characters, so this only touches string content.
    # (str.replace per character, not str.translate: several times faster on a large export.)
    for char, escaped in _INERT:
        text = text.replace(char, escaped)
    return text + "\n"


_SCALARS = (str, int, float, bool, type(None))


def _layout(value: Any, indent: int, levels: int, level: int) -> str:
    if level == 0 and isinstance(value, dict) and all(isinstance(v, _SCALARS) for v in value.values()):
        # A flat object (a locale's messages): json's own indented output is the same text.
        for key in value:
            if not isinstance(key, str):
                _key(key)  # raises, as for any other object
        return json.dumps(value, ensure_ascii=False, indent=indent, allow_nan=False)
    if level < levels and isinstance(value, (dict, list)) and value:
        pad = " " * (indent * (level + 1))
        if isinstance(value, dict):
            members = [f"{pad}{_key(k)}: {_layout(v, indent, levels, level + 1)}" for k, v in value.items()]
            first, last = "{", "}"
        else:
            members = [pad + _layout(v, indent, levels, level + 1) for v in value]
            first, last = "[", "]"
        return first + "\n" + ",\n".join(members) + "\n" + " " * (indent * level) + last
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "), allow_nan=False)


def _key(key: Any) -> str:
    if not isinstance(key, str):
        raise TypeError(f"JSON object keys must be strings, not {type(key).__name__}")
    return json.dumps(key, ensure_ascii=False)

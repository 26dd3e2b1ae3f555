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

_INERT = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                        "\u2028": "\\u2028", "\u2029": "\\u2029"})


def dumps(data: Any, indent: int | None = 2) -> str:
    """`data` as JSON text; raises ValueError on NaN or infinity (not JSON)."""
    separators = (",", ": ") if indent is not None else (",", ":")
    text = json.dumps(data, ensure_ascii=False, indent=indent, separators=separators, allow_nan=False)
    # Outside strings JSON has none of these characters, so this only touches string content.
    return text.translate(_INERT) + "\n"

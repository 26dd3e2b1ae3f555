"""Names derived from codes: the constant of each code in generated client code, a first title.

`token/expired`, `TOKEN_EXPIRED` and `tokenExpired` all give the words
`token expired`: the constant `TOKEN_EXPIRED`, the title "Token expired". Two
codes whose constants would be one name are reported, each at its entry.
"""
from __future__ import annotations

import re

from .model import Catalog
from .problems import Problem

# Words of a code: runs of capitals (an acronym), capitalised or lower-case words, digits.
_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")


def words(code: str) -> list[str]:
    return _WORDS.findall(code)


def constant_name(code: str) -> str:
    """The constant of `code`: its words in capitals joined by '_', 'E_' first when it
    starts with a digit, so a valid identifier in TypeScript and Python alike."""
    parts = [w.upper() for w in words(code)]
    if not parts:
        return "CODE_" + code.encode().hex().upper()
    name = "_".join(parts)
    return "E_" + name if name[0].isdigit() else name


def constant_names(catalog: Catalog) -> tuple[dict[str, str], list[Problem]]:
    """code -> constant name for every entry, and a problem for each code whose name an
    earlier code already has (it names both entries)."""
    names: dict[str, str] = {}
    taken: dict[str, tuple[str, str]] = {}
    problems = []
    for e in catalog.entries:
        name = constant_name(e.code)
        if name in taken:
            other, where = taken[name]
            problems.append(Problem(e.file, e.line, "code", f"its constant would be {name}, the name '{other}' "
                                    f"({where}) has already; constants are the code's words in capitals, so "
                                    "rename one code (and keep the old name as an alias)", e.code))
            continue
        taken[name] = (e.code, f"{e.file}:{e.line}")
        names[e.code] = name
    return names, problems


def title_of(code: str) -> str:
    """A first title from the code itself: 'token/expired' and 'TOKEN_EXPIRED' -> 'Token expired'."""
    found = [w.lower() for w in words(code)]
    return " ".join(found).capitalize() if found else code

"""Finding an entry of `errors.json` by what a person has at hand: a code, a number, an alias.

`errors.json` (error_catalog/outputs/export.py, its fields in
error_catalog/schema/errors.schema.json) is the one input, whether it comes
from a built site or is made from a catalog folder, so `explain` reads a
published site and a checkout the same way.
"""
from __future__ import annotations

import difflib
from typing import Any

from .problems import Failure

MAX_SUGGESTIONS = 3


def _strings(v: Any) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


# The optional fields explain and lookup read, each with its test and what it must be (null or
# absent is fine: older releases wrote fewer fields). An ill-formed one stops with its place, never a traceback.
_ENTRY_FIELDS = (
    ("aliases", _strings, "a list of strings"),
    ("number", lambda v: isinstance(v, int) and not isinstance(v, bool), "an integer"),
    ("messages", lambda v: isinstance(v, dict) and all(isinstance(x, str) for x in v.values()),
     "an object of strings (locale -> message)"),
)


def entries(data: Any, where: str) -> list[dict[str, Any]]:
    """The entries of an errors.json document; `Failure` when it is not one, naming every ill-formed field."""
    errors = data.get("errors") if isinstance(data, dict) else None
    if not isinstance(errors, list) or not all(isinstance(e, dict) and isinstance(e.get("code"), str)
                                               for e in errors):
        raise Failure([f"{where}: not an errors.json: expected an object whose `errors` is a list of entries "
                       "with a `code`"], "Nothing to explain")
    problems = [] if data.get("locales") is None or _strings(data["locales"]) else [
        f"{where}: locales: expected a list of strings"]
    problems += [f"{where}: errors[{i}].{field}: expected {what}" for i, e in enumerate(errors)
                 for field, ok, what in _ENTRY_FIELDS if e.get(field) is not None and not ok(e[field])]
    if problems:
        raise Failure(problems, "Nothing to explain")
    return errors


def _names(e: dict[str, Any]) -> list[str]:
    """Every name that finds `e`: its code, its aliases, its number."""
    out = [e["code"], *(e.get("aliases") or ())]
    if isinstance(e.get("number"), int):
        out.append(str(e["number"]))
    return out


def find(errors: list[dict[str, Any]], query: str) -> dict[str, Any] | None:
    """The entry whose code, alias or number is `query` (codes first, then aliases, then numbers)."""
    query = query.strip()
    for pick in (lambda e: [e["code"]], lambda e: e.get("aliases") or [],
                 lambda e: [str(e["number"])] if isinstance(e.get("number"), int) else []):
        for e in errors:
            if query in pick(e):
                return e
    return None


def suggest(errors: list[dict[str, Any]], query: str) -> list[str]:
    """Names close to `query`: the same name in another case first, then similar spellings."""
    names = list(dict.fromkeys(n for e in errors for n in _names(e)))
    folded = [n for n in names if n.lower() == query.lower()]
    close = difflib.get_close_matches(query, names, n=MAX_SUGGESTIONS, cutoff=0.6)
    lowered = {n.lower(): n for n in names}
    close += [lowered[m] for m in difflib.get_close_matches(query.lower(), list(lowered), n=MAX_SUGGESTIONS,
                                                            cutoff=0.6)]
    return list(dict.fromkeys(folded + close))[:MAX_SUGGESTIONS]

"""Lookup files for the browser, fetched only when needed, so pages stay small at
any size of catalog:

- `assets/error-catalog/codes.json`, what the 404 page's "Did you mean" reads: one
  row per entry, `[code, alias..., section path from the site root]`, in catalog
  order, fetched only for an address under a permalink prefix (inlined, the list
  made the 404 page of a 10,000-code site 950 KB, loaded on every mistyped address);
- `assets/error-catalog/exact.json`, what search reads to put an exact match first:
  `{"rows": [[code, title, section path], ...], "keys": {text: [row, ...]}}`, where a
  text is a code, alias or number, or a message as the API sends it (the entry's and
  its variants', in every locale where translated), in lower case with its spaces collapsed (`exact_key`). Material's
  search has no phrase matching: a pasted message would rank any section sharing its
  words first. Fetched when the search box is first used.
"""
from __future__ import annotations

from pathlib import Path

from ..core import locales
from ..core.context import BuildContext
from ..core.files import write_atomic
from ..render.links import href
from . import jsonout, search, translation_json

CODES = "assets/error-catalog/codes.json"
EXACT = "assets/error-catalog/exact.json"


def rows(ctx: BuildContext) -> list[list[str]]:
    return [[e.code, *e.aliases, href(ctx.layout, e)] for e in ctx.catalog.entries]


def write(ctx: BuildContext, site_dir: Path) -> None:
    write_atomic(site_dir / CODES, jsonout.dumps(rows(ctx), indent=None), durable=False)


def exact_key(text: str) -> str:
    """What errors.js compares a search with (it normalizes the query the same way)."""
    return " ".join(text.split()).lower()


def exact(ctx: BuildContext) -> dict:
    keys: dict[str, list[int]] = {}
    translated = _translated_messages(ctx.translations)
    for i, e in enumerate(ctx.catalog.entries):
        texts = (e.code, *e.aliases, *([str(e.number)] if e.number is not None else []), e.message,
                 *(v.message for v in e.variants.values()), *translated.get(e.code, ()))
        for key in dict.fromkeys(exact_key(t) for t in texts if t and t.strip()):
            keys.setdefault(key, []).append(i)
    return {"rows": [[e.code, e.title, href(ctx.layout, e)] for e in ctx.catalog.entries], "keys": keys}


def _translated_messages(t: locales.Translations) -> dict[str, list[str]]:
    """code -> its messages (and its variants') in every target locale where translated
    (what `locales/<locale>.json` holds): an API that answers in the client's language
    puts those in the logs."""
    catalog = t.catalog
    code_of = {m.context: m.entry.code for m in t.messages}
    tables = translation_json.exports(t)
    out: dict[str, list[str]] = {}
    for loc in catalog.locales[1:]:
        for context, text in tables[loc].items():
            out.setdefault(code_of[context], []).append(text)
    return out


def write_exact(ctx: BuildContext, site_dir: Path) -> None:
    if not (site_dir / search.INDEX).is_file():
        return  # a site without Material's search has no box to read it
    # Messages and titles are catalog text: jsonout writes their markup characters inert.
    write_atomic(site_dir / EXACT, jsonout.dumps(exact(ctx), indent=None), durable=False)

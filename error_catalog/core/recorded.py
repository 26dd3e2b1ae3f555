"""Recorded responses against the catalog: the documentation cannot drift from the wire.

Each full-form record of a `responses` source (see `emitted.Record`) is matched
to its entry: by the code it carries (the envelope's code field, an event's
`code` or `type`, an `X-Error-Code` header), or, when it carries none, by its
status and exact message. Then it must agree with the entry:

- the status is the entry's;
- the message (a `problem`'s `title`) is the catalog's, or its translation in
  the record's `locale`; `{name}` placeholders of the catalog's text match any text;
- the body has the fields of the catalog's envelope (NestJS's `error` is the
  reason phrase NestJS sends);
- a `problem`'s `type` URL resolves to the same entry through the permalink map;
- a production-mode record carries no details of an `expose_details: false` entry.

A record without a code that matches no entry is an error, with one
exception: in a catalog whose envelope carries the code in the body, a body
without that field is another shape the service sends (LVNG's simple
`{error, message, hint}`): when the catalog documents its `shapes:`, the
record must be one of their responses (status and message); otherwise it is
accepted when its status is described on the statuses page (`troubleshooting`).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from . import locales
from .sightings import Record, Sighting
from .model import PLACEHOLDER, Catalog, Entry
from .problems import CatalogError, Problem
from .reasons import reason_phrase
from .yamlsource import short

HTTP = "http"

# Fields each envelope's body has (dotted); `{code}` fields only when responses carry codes.
ENVELOPE_FIELDS: dict[str, tuple[str, ...]] = {
    "problem": ("title", "status", "{code}"),
    "simple": ("error", "message"),
    "structured": ("success", "error.{code}", "error.message"),
    "wrapped": ("error.{code}", "error.message"),
    "detail": ("detail",),
    "nest": ("statusCode", "message", "error"),
}
# Where each envelope puts the text compared with the catalog: (field, which catalog text).
MESSAGE_FIELD: dict[str, tuple[str, str]] = {
    "problem": ("title", "title"),
    "simple": ("message", "message"),
    "structured": ("error.message", "message"),
    "wrapped": ("error.message", "message"),
    "detail": ("detail", "message"),
    "nest": ("message", "message"),
}
DETAIL_FIELDS = ("details", "error.details", "error.field_errors", "context")

Resolve = Callable[[Sighting], "tuple[Entry | None, str]"]


def check(catalog: Catalog, records: list[Record], resolve: Resolve,
          translations: locales.Translations | None = None) -> tuple[list[Problem], set[str]]:
    """Problems of the records, and the codes of the entries they show emitted
    (`translations`: the catalog's, when the caller has read them)."""
    problems: list[Problem] = []
    hit: set[str] = set()
    texts = _Texts(catalog, translations)
    for r in records:
        entry = _entry_of(catalog, r, resolve, texts, problems)
        if entry is None:
            continue
        hit.add(entry.code)
        _agree(catalog, r, entry, resolve, texts, problems)
    return problems, hit


def get(body: Any, dotted_field: str) -> Any:
    """The value at a dotted field of a JSON body, or None."""
    node = body
    for part in dotted_field.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _entry_of(catalog: Catalog, r: Record, resolve: Resolve, texts: _Texts,
              problems: list[Problem]) -> Entry | None:
    found = [e for e in (resolve(s)[0] for s in r.codes) if e is not None]
    if found:
        if len({e.code for e in found}) > 1:
            names = ", ".join(dict.fromkeys(e.code for e in found))
            problems.append(Problem(r.file, r.line, r.codes[0].field,
                                    f"the response names more than one entry ({names})"))
        return found[0]
    if r.codes:
        return None  # an undocumented code: the gate reports it
    field, message = _message(catalog, r)
    if not isinstance(message, str):
        problems.append(Problem(r.file, r.line, f"body.{field}",
                                "carries no code and no message to identify the response by"))
        return None
    surface = r.surface
    matches = [e for e in catalog.entries if surface in e.surfaces
               and (r.is_event or e.status == r.status)
               and texts.matches(e, surface, r.locale, message, "message")]
    if matches:
        return matches[0]
    if catalog.shapes and not r.is_event:
        # The catalog documents its other body shapes: the response must be one of theirs.
        if any(x.status == r.status and get(x.body, field) == message
               for shape in catalog.shapes for x in shape.examples):
            return None
        problems.append(Problem(r.file, r.line, f"body.{field}",
                                f"no entry and no response of `shapes:` has status {r.status} and the "
                                f"message {short(message, 80)}"))
        return None
    if (catalog.wire_codes and not r.is_event and r.status in catalog.troubleshooting
            and _code_field(catalog) and get(r.body, _code_field(catalog)) is None):
        return None  # a body shape without the envelope's code, described on the statuses page
    where = f"status {r.status} and" if not r.is_event else f"surface '{surface}' and"
    why = ("responses carry no code (wire_codes: false), so every response must match an entry"
           if not catalog.wire_codes else
           "it carries no code, and its status has no `troubleshooting` text on the statuses page")
    problems.append(Problem(r.file, r.line, f"body.{field}",
                            f"no entry has {where} the message {short(message, 80)}; {why}"))
    return None


def _code_field(catalog: Catalog) -> str:
    """Where the envelope's body carries the code ('' when it carries none: detail, nest)."""
    return next((f.replace("{code}", "code") for f in ENVELOPE_FIELDS[catalog.envelope] if "{code}" in f),
                "error" if catalog.envelope == "simple" else "")


def _message(catalog: Catalog, r: Record) -> tuple[str, Any]:
    """The field identifying a code-less response: the envelope's message field, else
    the first text of `message`/`detail` (a second body shape of the service)."""
    first = "message" if r.is_event else MESSAGE_FIELD[catalog.envelope][0]
    for field in dict.fromkeys((first, "message", "detail")):
        if isinstance(get(r.body, field), str):
            return field, get(r.body, field)
    return first, None


def _agree(catalog: Catalog, r: Record, e: Entry, resolve: Resolve, texts: _Texts,
           problems: list[Problem]) -> None:
    def problem(field: str, message: str) -> None:
        problems.append(Problem(r.file, r.line, field, message, e.code))

    where = f"{e.file}:{e.line_of('status')}"
    if r.locale and r.locale not in catalog.locales:
        problem("locale", f"'{r.locale}' is not one of the catalog's locales ({', '.join(catalog.locales)})")
    if r.surface not in e.surfaces:
        problem("surface", f"'{r.surface}' is not a surface of {e.code} ({', '.join(e.surfaces)}; {e.file}:{e.line})")
    if not r.is_event:
        if r.status != e.status:
            problem("status", f"{r.status}, but the catalog gives {e.code} status {e.status} ({where})")
        fields = ENVELOPE_FIELDS[catalog.envelope]
        if catalog.envelope == "problem" and catalog.permalinks.type_base:
            fields = ("type", *fields)
        for f in fields:
            if "{code}" in f:
                if not catalog.wire_codes:
                    continue
                f = f.replace("{code}", "code")
            if get(r.body, f) is None:
                problem(f"body.{f}", f"missing: the {catalog.envelope} envelope of the catalog has `{f}`")
        _envelope_values(catalog, r, e, problem)
    field, text_kind = ("message", "message") if r.is_event else MESSAGE_FIELD[catalog.envelope]
    value = get(r.body, field)
    if isinstance(value, str) and not texts.matches(e, r.surface, r.locale, value, text_kind):
        expected = texts.expected(e, r.surface, r.locale, text_kind)
        problem(f"body.{field}", f"{short(value, 80)}, but the catalog's {text_kind}"
                                 f"{' in ' + r.locale if r.locale else ''} is "
                                 f"{' or '.join(short(t, 80) for t in expected) or 'missing'} ({e.file}:{e.line_of(text_kind)})")
    if r.mode == "production" and e.expose_details is False:
        for f in DETAIL_FIELDS:
            if get(r.body, f) is not None:
                problem(f"body.{f}", f"a production response carries details, but {e.code} has "
                                     f"expose_details: false ({e.file}:{e.line_of('expose_details')})")
    for s in r.codes:
        other = resolve(s)[0]
        if s.kind == "type" and other is not None and other.code != e.code:
            problem(s.field, f"the type URL resolves to {other.code}, not {e.code}")


def _envelope_values(catalog: Catalog, r: Record, e: Entry, problem: Callable[[str, str], None]) -> None:
    """Values an envelope repeats: the status, NestJS's reason phrase, `success: false`."""
    body = r.body
    if catalog.envelope == "problem" and "status" in body and body["status"] != r.status:
        problem("body.status", f"{body['status']}, but the response's status is {r.status}")
    if catalog.envelope == "nest":
        if "statusCode" in body and body["statusCode"] != r.status:
            problem("body.statusCode", f"{body['statusCode']}, but the response's status is {r.status}")
        phrase = reason_phrase(r.status, catalog.envelope)
        if isinstance(body.get("error"), str) and phrase and body["error"] != phrase:
            problem("body.error", f"{short(body['error'])}, but NestJS sends the reason phrase '{phrase}' for {r.status}")
    if catalog.envelope == "structured" and body.get("success") not in (None, False):
        problem("body.success", f"{short(body['success'])}, but an error response has success: false")


class _Texts:
    """The catalog's texts of an entry on a surface, in a locale, and whether a wire text matches."""

    def __init__(self, catalog: Catalog, translations: locales.Translations | None = None):
        self.catalog = catalog
        self._translations = translations
        self._loaded = translations is not None  # else read when a record first needs them

    def translations(self) -> locales.Translations | None:
        if not self._loaded:
            self._loaded = True
            try:
                self._translations = locales.load(self.catalog)
            except CatalogError:
                self._translations = None  # reported by validation; compare with the source text only
        return self._translations

    def expected(self, e: Entry, surface: str, locale: str | None, kind: str) -> list[str]:
        v = e.variants.get(surface)
        if kind == "title":
            return [(v and v.title) or e.title]
        source = (v and v.message) or e.message or (v and v.title) or e.title
        out = [source]
        if locale and locale != self.catalog.source_locale and locale in self.catalog.locales:
            t = self.translations()
            if t is not None:
                context = e.code + (f"{locales.VARIANT_SEP}{surface}" if v and v.message else "")
                found = t.lookup(locale, context)
                out = [found.text] if found.text else out
        return out

    def matches(self, e: Entry, surface: str, locale: str | None, text: str, kind: str) -> bool:
        return any(_template(t).fullmatch(text) for t in self.expected(e, surface, locale, kind))


def _template(text: str) -> re.Pattern:
    """A catalog text as a pattern: `{name}` placeholders stand for any text."""
    parts = PLACEHOLDER.split(text)
    return re.compile("".join(re.escape(p) if i % 2 == 0 else ".+" for i, p in enumerate(parts)), re.S)

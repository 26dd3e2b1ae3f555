"""Example responses: what a client receives for an entry, built from the catalog.

Pure data, no HTML: `examples(catalog, entry)` gives one `Example` per surface
the entry is emitted on — an HTTP response in the catalog's `envelope`, a
socket error event, an SDK error, or a plain error object for any other
surface — and `Example.text()` prints it. Placeholders (request id, instance,
timestamp) are fixed, so the same catalog always gives the same bytes.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..core import permalinks
from ..core.model import PLACEHOLDER, Catalog, Entry, Header
from ..core.reasons import reason_phrase
from .uitext import mark

REQUEST_ID = "req_01J0000000000000000000"
INSTANCE = "/v1/example"  # RFC 9457 `instance`: the request path of the occurrence
TIMESTAMP_MS = 1767225600000  # 2026-01-01T00:00:00Z, for payloads that carry a time
NO_VALUE = "…"  # a shown header whose catalog entry gives no example

# Surface ids with a payload of their own; any other surface gets a plain error object.
HTTP, SOCKET, SDK = "http", "socket", "sdk"


@dataclass(frozen=True)
class Example:
    surface: str
    kind: str  # http | event | sdk | object
    status_line: str | None
    headers: tuple[tuple[str, str], ...]
    body: dict[str, Any]
    note: str = ""  # plain text shown under the example
    title: str = ""  # a documented example's own label (`examples:` in the catalog)

    def text(self) -> str:
        body = json.dumps(self.body, indent=2, ensure_ascii=False)
        if self.kind != "http":
            return body
        head = "\n".join([self.status_line or "", *(f"{k}: {v}" for k, v in self.headers)])
        return f"{head}\n\n{body}"


@dataclass(frozen=True)
class _Facet:
    """An entry as seen on one surface (its variant's texts where it has one)."""

    title: str
    message: str
    recovery: str
    details: Any  # None when the response carries no `details`
    hidden: bool  # details exist but production responses leave them out


def _facet(entry: Entry, surface: str) -> _Facet:
    v = entry.variants.get(surface)
    title = (v and v.title) or entry.title
    message = (v and v.message) or entry.message or title
    recovery = (v and v.recovery) or entry.recovery
    details = v.details if v is not None and v.details is not None else entry.details
    shown = details is not None and entry.expose_details is not False
    return _Facet(title, message, recovery, details if shown else None, details is not None and not shown)


# -- HTTP envelopes ----------------------------------------------------------
# Each takes (catalog, entry, facet) and returns the JSON body. Keys are in a
# fixed order so the printed examples are stable.

def _problem(c: Catalog, e: Entry, f: _Facet) -> dict:
    body: dict[str, Any] = {}
    type_url = permalinks.type_url(c, e)
    if type_url:
        body["type"] = type_url
    body.update(title=f.title, status=e.status, detail=f.message, code=e.code,
                request_id=REQUEST_ID, instance=INSTANCE)
    if f.details is not None:
        body["details"] = f.details
    return body


def _simple(c: Catalog, e: Entry, f: _Facet) -> dict:
    body: dict[str, Any] = {"error": e.code, "message": f.message}
    hint = _first_paragraph(f.recovery)
    if hint:
        body["hint"] = hint
    if f.details is not None:
        body["details"] = f.details
    return body


def _error_object(c: Catalog, e: Entry, f: _Facet, *, split_fields: bool) -> dict:
    err: dict[str, Any] = {"code": e.code, "message": f.message}
    if f.details is not None:
        # `wrapped` APIs send per-field problems as `field_errors`, other context as `details`.
        err["field_errors" if split_fields and isinstance(f.details, list) else "details"] = f.details
    doc = permalinks.documentation_url(c, e)
    if doc:
        err["documentation_url"] = doc
    return err


def _structured(c: Catalog, e: Entry, f: _Facet) -> dict:
    return {"success": False, "error": _error_object(c, e, f, split_fields=False)}


def _wrapped(c: Catalog, e: Entry, f: _Facet) -> dict:
    return {"error": {**_error_object(c, e, f, split_fields=True), "request_id": REQUEST_ID}}


def _detail(c: Catalog, e: Entry, f: _Facet) -> dict:
    return {"detail": f.message}


def _nest(c: Catalog, e: Entry, f: _Facet) -> dict:
    body: dict[str, Any] = {"statusCode": e.status, "message": f.message, "error": reason_phrase(e.status, c.envelope)}
    if isinstance(f.details, dict):
        # NestJS puts extra members (like `retryAfter`) next to the standard three.
        body.update({k: v for k, v in f.details.items() if k not in body})
    elif f.details is not None:
        body["details"] = f.details
    return body


ENVELOPES: dict[str, Callable[[Catalog, Entry, _Facet], dict]] = {
    "problem": _problem, "simple": _simple, "structured": _structured,
    "wrapped": _wrapped, "detail": _detail, "nest": _nest,
}


def content_type(catalog: Catalog) -> str:
    return "application/problem+json" if catalog.envelope == "problem" else "application/json"


def has_http_response(entry: Entry) -> bool:
    return HTTP in entry.surfaces and entry.status is not None


def carries(header: Header, entry: Entry) -> bool:
    """Whether the example HTTP response of `entry` shows `header`."""
    if not has_http_response(entry):
        return False
    if not (header.always or entry.status in header.statuses):
        return False
    return entry.retryable or not header.retryable_only


def header_value(header: Header, entry: Entry) -> str:
    """The header's example value with {code}, {status}, ... filled in for `entry`."""
    values = {
        "code": entry.code,
        "number": "" if entry.number is None else str(entry.number),
        "status": "" if entry.status is None else str(entry.status),
        "retryable": "true" if entry.retryable else "false",
        "request_id": REQUEST_ID,
    }
    if header.example is None:
        return NO_VALUE
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), header.example)


def http_example(catalog: Catalog, entry: Entry) -> Example:
    f = _facet(entry, HTTP)
    reason = reason_phrase(entry.status, catalog.envelope)  # the phrase its framework sends
    headers = [("Content-Type", content_type(catalog))]
    headers += [(h.name, header_value(h, entry)) for h in catalog.headers if carries(h, entry)]
    body = ENVELOPES[catalog.envelope](catalog, entry, f)
    if catalog.codeless(entry):
        body = _without_code(body, reason)
    return Example(HTTP, "http", f"HTTP/1.1 {entry.status} {reason}".rstrip(), tuple(headers),
                   body, _hidden_note(f))


def _without_code(body: dict, reason: str) -> dict:
    """The body of a service whose responses carry no code (`wire_codes: false`)."""
    body = {k: v for k, v in body.items() if k != "code"}
    if isinstance(body.get("error"), dict):
        body["error"] = {k: v for k, v in body["error"].items() if k != "code"}
    elif isinstance(body.get("error"), str):
        body["error"] = reason  # `simple` names the error by its reason phrase instead
    return body


# -- other surfaces ----------------------------------------------------------

def event_example(catalog: Catalog, entry: Entry, surface: str = SOCKET) -> Example:
    f = _facet(entry, surface)
    if catalog.events.shape == "typed":
        data: dict[str, Any] = {"type": entry.code, "message": f.message}
        if entry.number is not None:
            data["code"] = entry.number
        data["retryable"] = entry.retryable
        if f.details is not None:
            data["context"] = f.details
        data["timestamp"] = TIMESTAMP_MS
    else:
        data = _code_message(entry, f)
    return Example(surface, "event", None, (), {"event": catalog.events.name, "data": data}, _hidden_note(f))


def sdk_example(catalog: Catalog, entry: Entry, surface: str = SDK) -> Example:
    f = _facet(entry, surface)
    body: dict[str, Any] = {"name": sdk_error_name(catalog), "code": entry.code, "message": f.message}
    if entry.status is not None:
        body["status"] = entry.status
    body["retryable"] = entry.retryable
    if f.details is not None:
        body["details"] = f.details
    return Example(surface, "sdk", None, (), body, _hidden_note(f))


def object_example(catalog: Catalog, entry: Entry, surface: str) -> Example:
    f = _facet(entry, surface)
    return Example(surface, "object", None, (), _code_message(entry, f), _hidden_note(f))


def sdk_error_name(catalog: Catalog) -> str:
    """The SDK's error class: the service name without spaces or punctuation, plus 'Error'."""
    return re.sub(r"[^A-Za-z0-9]+", "", catalog.service) + "Error"


def examples(catalog: Catalog, entry: Entry) -> list[Example]:
    """One example per surface of the entry, in the entry's surface order, then the
    responses the catalog documents for it (`examples:`), verbatim."""
    out = []
    for s in entry.surfaces:
        if s == HTTP:
            if entry.status is not None:
                out.append(http_example(catalog, entry))
            elif len(entry.surfaces) == 1:
                out.append(object_example(catalog, entry, s))
        elif s == SOCKET:
            out.append(event_example(catalog, entry, s))
        elif s == SDK:
            out.append(sdk_example(catalog, entry, s))
        else:
            out.append(object_example(catalog, entry, s))
    return out + documented_examples(catalog, entry)


def documented_examples(catalog: Catalog, entry: Entry | None, documented=None) -> list[Example]:
    """The entry's `examples:` (or `documented`, a shape's), verbatim: HTTP ones with
    a status line and their headers."""
    out = []
    for x in (documented if documented is not None else entry.examples):
        status = x.status if x.status is not None else (entry.status if entry else None)
        if x.surface == HTTP and status is not None:
            line = f"HTTP/1.1 {status} {reason_phrase(status, catalog.envelope)}".rstrip()
            out.append(Example(HTTP, "http", line, x.headers, x.body, title=x.title))
        else:
            kind = "event" if x.surface == SOCKET else "object"
            out.append(Example(x.surface, kind, None, (), x.body, title=x.title))
    return out


def _code_message(entry: Entry, f: _Facet) -> dict:
    data: dict[str, Any] = {"code": entry.code, "message": f.message}
    if f.details is not None:
        data["details"] = f.details
    return data


def _hidden_note(f: _Facet) -> str:
    return mark("Production responses leave out details for this code (expose_details: false).") if f.hidden else ""


def _first_paragraph(text: str) -> str:
    return " ".join(text.strip().split("\n\n")[0].split()) if text else ""

"""The `responses` kind of emitted source: recorded error responses, JSON Lines.

Each line carries a `code`, `type` or `documentation_url` (at the top or in
`error`), each a `Sighting`; or is the full form `{surface, event, status,
locale, mode, headers, body, seed}`, a `Record` that `recorded.py` checks
against its entry.
"""
from __future__ import annotations

import json

from .model import EmittedSource
from .sightings import CODE_HEADER, MODES, RECORD_FIELDS, Found, Record, lines, too_deep
from .yamlsource import MAX_DEPTH

# Keys of a recorded response (at its top level, or inside its `error` object).
RESPONSE_KEYS = ("code", "type", "documentation_url")


def read_responses(src: EmittedSource, path: str, out: Found) -> None:
    checked = 0
    for n, text in lines(path, out):
        if not text.strip():
            continue
        if too_deep(text):
            out.problem(path, n, "", f"nesting deeper than {MAX_DEPTH} levels; refused")
            continue
        try:
            record = json.loads(text.rstrip("\r\n"))
        except json.JSONDecodeError as e:
            out.problem(path, n, "", f"invalid JSON: {e.msg} (column {e.colno})")
            continue
        if not isinstance(record, dict):
            out.problem(path, n, "", "a recorded response must be a JSON object")
            continue
        if "body" in record:
            rec = _record(path, n, record, out)
            if rec is not None:
                checked += 1
                out.records.append(rec)
            continue
        holders = [("", record)]
        if isinstance(record.get("error"), dict):
            holders.append(("error.", record["error"]))
        checked += _holders(path, n, holders, out, {})
    if not checked:
        out.declared(src, f"{path}: no recorded response has a {', '.join(RESPONSE_KEYS)} "
                          "(at the top or inside `error`) or a `body`; nothing to check")


def _holders(path: str, n: int, holders: list[tuple[str, dict]], out: Found,
             kinds: dict[str, str]) -> int:
    """See the code, type and documentation_url of each holder; `kinds` renames a key's kind."""
    seen = 0
    for prefix, holder in holders:
        for key in RESPONSE_KEYS:
            value = holder.get(key)
            if value is None:
                continue
            seen += 1
            kind = kinds.get(key, key)
            if kind == "code" and isinstance(value, int) and not isinstance(value, bool):
                value = str(value)  # a numeric code is looked up as an entry number
            if not isinstance(value, str):
                what = "text or a number" if kind == "code" else "text"
                out.problem(path, n, prefix + key, f"must be {what}, not {json.dumps(value)[:40]}")
                continue
            out.see(path, n, prefix + key, kind, value)
    return seen


def _record(path: str, n: int, raw: dict, out: Found) -> Record | None:
    """A full-form record, its fields checked; None (with the problems reported) when malformed."""
    bad = len(out.problems)
    unknown = sorted(k for k in raw if k not in RECORD_FIELDS)
    if unknown:
        out.problem(path, n, unknown[0], f"unknown field; a recorded response has {', '.join(RECORD_FIELDS)}")
    surface, event, status = raw.get("surface", "http"), raw.get("event"), raw.get("status")
    locale, mode, headers, body = raw.get("locale"), raw.get("mode"), raw.get("headers") or {}, raw["body"]
    for name, value in (("surface", surface), ("event", event), ("locale", locale), ("seed", raw.get("seed"))):
        if value is not None and not isinstance(value, str):
            out.problem(path, n, name, f"must be text, not {json.dumps(value)[:40]}")
    if status is not None and (isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599):
        out.problem(path, n, "status", f"must be an HTTP status (100-599), not {json.dumps(status)[:40]}")
    if mode is not None and mode not in MODES:
        out.problem(path, n, "mode", f"must be one of {', '.join(MODES)}, not {json.dumps(mode)[:40]}")
    if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
        out.problem(path, n, "headers", "must be an object of header names to text values")
    if not isinstance(body, dict):
        out.problem(path, n, "body", "must be a JSON object (the response body or the event's payload)")
    if surface == "http" and status is None and event is None:
        out.problem(path, n, "status", "an HTTP response needs its status")
    if len(out.problems) > bad:
        return None
    start = len(out.sightings)
    for name, value in headers.items():
        if name.lower() == CODE_HEADER:
            out.see(path, n, f"headers.{name}", "code", value)
    if event is not None or (status is None and surface != "http"):
        # An event's payload names its code in `code`, or in `type` (the typed shape).
        _holders(path, n, [("body.", body)], out, {"type": "code"})
    else:
        holders = [("body.", body)]
        if isinstance(body.get("error"), dict):
            holders.append(("body.error.", body["error"]))
        _holders(path, n, holders, out, {})
    codes = tuple(out.sightings[start:])
    return Record(path, n, surface, event, status, locale, mode, headers, body, codes)

"""`error-catalog explain CODE [SOURCE]`: an error's entry in the terminal, like `rustc --explain`.

CODE is a code, an alias or a number. SOURCE is a catalog folder (default
`catalog`), an `errors.json` file, or the http(s) URL of a site's
`errors.json`. Prints the title, status, message (in `--locale`), cause,
recovery and permalink, wrapped to the terminal's width; plain text when the
output is not a terminal. An unknown code exits 1 with the closest names.
Cause and recovery are printed as written (Markdown); an `errors.json` of an
older release has none, and explain names the permalink where they are.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import sys
import textwrap
import urllib.error
import urllib.request
from typing import Any

from ..core import locales, lookup
from ..core.problems import Failure
from ..outputs import export
from .validate import load_or_fail

TIMEOUT = 10  # seconds for a URL
MAX_BYTES = 64 * 1024 * 1024  # an errors.json larger than this is refused
MIN_WIDTH, MAX_WIDTH = 30, 100
# C0 and C1 controls but newline and tab: an errors.json or a server is untrusted, and ESC, BEL or an
# OSC sequence printed as is would retitle the window, write the clipboard (OSC 52) or hide text
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe(s: object) -> str:
    """`s` as text a terminal shows without obeying: every control character but newline and tab is U+FFFD."""
    return _CONTROLS.sub("\ufffd", str(s))


def register(sub) -> None:
    p = sub.add_parser("explain", help="print the entry of an error code, number or alias")
    p.add_argument("code", help="a code, an alias or a number")
    p.add_argument("source", nargs="?", default="catalog",
                   help="a catalog folder (default: catalog), an errors.json file, or its http(s) URL")
    p.add_argument("--locale", help="the locale of the message (default: the catalog's source locale)")
    p.add_argument("--width", type=int, help="wrap at this many columns (default: the terminal's)")
    p.set_defaults(run=run)


def run(args) -> int:
    data = _read(args.source)
    errors = lookup.entries(data, args.source)
    entry = lookup.find(errors, args.code)
    if entry is None:
        close = lookup.suggest(errors, args.code)
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        print(safe(f"error-catalog explain: no code, alias or number '{args.code}' in {args.source}{hint}"),
              file=sys.stderr)
        return 1
    styled = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    width = args.width or shutil.get_terminal_size((80, 24)).columns
    sys.stdout.write(text(entry, data, args.locale, max(MIN_WIDTH, min(width, MAX_WIDTH)), styled))
    return 0


def _read(source: str) -> dict[str, Any]:
    """errors.json from a URL or a file, or made from a catalog folder."""
    if source.startswith(("http://", "https://")):
        try:
            with urllib.request.urlopen(source, timeout=TIMEOUT) as r:
                raw = r.read(MAX_BYTES + 1)
        except urllib.error.HTTPError as e:
            raise Failure([safe(f"{source}: HTTP {e.code} {e.reason}")], "Nothing to explain") from None
        except (urllib.error.URLError, OSError, ValueError) as e:
            raise Failure([safe(f"{source}: {getattr(e, 'reason', None) or e}")], "Nothing to explain") from None
        return _parse(raw, source)
    if "://" in source:
        raise Failure([f"{source}: only http:// and https:// URLs are read"], "Nothing to explain")
    if os.path.isdir(source):
        return export.dictionary(locales.load(load_or_fail(source)))
    with open(source, "rb") as fh:
        return _parse(fh.read(MAX_BYTES + 1), source)


def _parse(raw: bytes, source: str) -> dict[str, Any]:
    if len(raw) > MAX_BYTES:
        raise Failure([f"{source}: larger than {MAX_BYTES // (1024 * 1024)} MiB"], "Nothing to explain")
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise Failure([f"{source}: not JSON: {e}"], "Nothing to explain") from None


def text(e: dict[str, Any], data: dict[str, Any], locale: str | None, width: int, styled: bool) -> str:
    """The entry as the terminal shows it: headings bold when `styled`, every paragraph wrapped."""
    def bold(s: str) -> str:
        return f"\033[1m{s}\033[0m" if styled else s

    def para(s: str, indent: str = "  ") -> list[str]:
        return markdown_lines(safe(s), width, indent)

    lines = [bold(line) for line in para(f"{e['code']}: {e.get('title', '')}", "")]
    facts = []
    if e.get("status") is not None:
        facts.append(f"HTTP {e['status']}" + (f" {e['reason']}" if e.get("reason") else ""))
    if e.get("number") is not None:
        facts.append(f"No. {e['number']}")
    if e.get("retryable"):
        facts.append("retryable")
    if e.get("lifecycle") not in (None, "active"):
        facts.append(str(e["lifecycle"]) + (f", use {e['replaced_by']}" if e.get("replaced_by") else ""))
    if facts:
        lines += para(" · ".join(facts))
    if e.get("aliases"):
        lines += para("Also sent as: " + ", ".join(e["aliases"]))
    messages = e.get("messages") or {}
    source = (data.get("locales") or ["en"])[0]
    wanted = locale or source
    if messages:
        shown = wanted if wanted in messages else source
        note = "" if shown == wanted else f" (no {wanted} translation)"
        lines += ["", bold(safe(f"Message [{shown}]{note}")), *para(messages.get(shown, ""))]
    if e.get("explained") is False:
        lines += ["", *para("Not yet explained: nobody has written its cause and recovery yet.", "")]
    for key, head in (("cause", "Cause"), ("recovery", "Recovery")):
        if e.get(key):
            lines += ["", bold(head), *para(e[key])]
    if "cause" not in e:
        lines += ["", *para("Cause and recovery: on the page below.", "")]
    lines += ["", bold("More"), *para(str(e.get("url", "")))]
    return "\n".join(lines) + "\n"


# A Markdown list item's marker: '-', '*', '+' or '1.' and a space.
_ITEM = re.compile(r"(?:[-*+]|\d{1,9}[.)])\s+")


def markdown_lines(text: str, width: int, indent: str = "  ") -> list[str]:
    """Markdown prose as terminal lines: paragraphs and list items wrapped (items hang
    under their marker, nested ones keep their indent), fenced code kept line for line."""
    out: list[str] = []
    held: list[str] = []  # the lines of the paragraph or list item being read
    fence = ""

    def flush() -> None:
        if held:
            lead = len(held[0]) - len(held[0].lstrip())
            item = _ITEM.match(held[0].lstrip())
            hang = " " * (lead + (item.end() if item else 0))
            out.extend(textwrap.wrap(" ".join(" ".join(held).split()), width, initial_indent=indent + " " * lead,
                                     subsequent_indent=indent + hang, break_on_hyphens=False))
            held.clear()

    for line in text.strip("\n").split("\n"):
        bare = line.strip()
        if fence:
            out.append((indent + line).rstrip())
            fence = "" if bare.startswith(fence) else fence
        elif bare.startswith(("```", "~~~")):
            flush()
            fence = bare[:3]
            out.append((indent + line).rstrip())
        elif not bare:
            flush()
            if out and out[-1]:
                out.append("")
        else:
            if _ITEM.match(bare):
                flush()
            held.append(line)
    flush()
    while out and not out[-1]:
        out.pop()
    return out or [""]

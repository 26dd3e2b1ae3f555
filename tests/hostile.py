"""Find catalog payloads in executable form in built files.

Every payload in tests/fixtures/hostile (and in the fuzz tests) carries the
marker `xss`. Escaped, a payload is harmless text; these checks look for the
forms a browser would run: a script element, an event-handler attribute, a
script URL in a link, image, frame or redirect. No code or anchor contains the
marker, so our own markup never matches.
"""
from __future__ import annotations

import gzip
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

MARKER = "xss"

# Attributes a browser follows or loads as a URL.
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
             "codebase", "cite", "longdesc", "usemap", "ping", "lowsrc", "dynsrc", "manifest"}
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f]+")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
_SAFE_SCHEMES = {"http", "https", "mailto", "tel"}


def unsafe_url(value: str) -> bool:
    """A URL that runs script or renders markup: javascript:, vbscript:, data:, unknown schemes."""
    probe = _INVISIBLE.sub("", html.unescape(value)).lower()
    m = _SCHEME.match(probe)
    return m is not None and m.group(1) not in _SAFE_SCHEMES


class _Scanner(HTMLParser):
    """Token-level HTML scan; `strict` adds rules that need no marker (our own pages)."""

    def __init__(self, strict: bool):
        super().__init__(convert_charrefs=True)
        self.strict = strict
        self.found: list[str] = []
        self._script: list[str] | None = None

    def _flag(self, what: str) -> None:
        line, col = self.getpos()
        self.found.append(f"line {line}: {what}")

    def handle_starttag(self, tag, attrs):
        self._element(tag, attrs)
        if tag == "script":
            self._script = []

    def handle_startendtag(self, tag, attrs):
        self._element(tag, attrs)

    def _element(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            marked = MARKER in value.lower()
            if name.startswith("on") and (self.strict or marked):
                self._flag(f"<{tag} {name}={value[:60]!r}>")
            elif name in URL_ATTRS and unsafe_url(value) and (self.strict or marked):
                self._flag(f"<{tag} {name}={value[:60]!r}>")
            elif name == "srcdoc" and (self.strict or marked):
                self._flag(f"<{tag} srcdoc>")
            elif name == "content" and tag == "meta" and "url=" in value.lower():
                target = value.lower().split("url=", 1)[1].strip(" '\"")
                if unsafe_url(target):
                    self._flag(f"<meta refresh to {target[:60]!r}>")
            elif name in ("src", "href") and tag in ("script", "iframe", "frame", "object", "embed") and marked:
                self._flag(f"<{tag} {name}={value[:60]!r}>")
        if tag in ("iframe", "frame", "object", "embed", "applet") and self.strict:
            self._flag(f"<{tag}> element")

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            body = "".join(self._script)
            if MARKER in body.lower():
                self._flag(f"<script> running {body.strip()[:60]!r}")
            self._script = None


def scan_html(text: str, strict: bool = True) -> list[str]:
    """Executable payloads in `text` read as HTML."""
    s = _Scanner(strict)
    s.feed(text)
    s.close()
    if s._script is not None and MARKER in "".join(s._script).lower():
        s._flag("unterminated <script> with a payload")
    return s.found


def scan_json_strings(data, strict: bool = True, path: str = "$") -> list[str]:
    """Strings of a JSON document that are HTML fragments for the page (the search index)."""
    out: list[str] = []
    if isinstance(data, dict):
        for k, v in data.items():
            out += scan_json_strings(v, strict, f"{path}.{k}")
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += scan_json_strings(v, strict, f"{path}[{i}]")
    elif isinstance(data, str) and "<" in data:
        out += [f"{path}: {f}" for f in scan_html(data, strict)]
    return out


def scan_redirects(text: str) -> list[str]:
    """`_redirects` rules: site paths in, site paths or http(s) URLs out, nothing else.

    Lines are split at every line break Python knows (\r, U+2028, ...), more than
    hosts do, so text smuggled into a comment cannot hide a rule from this check.
    """
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("#"):
            continue
        parts = line.split()
        if not parts:
            continue
        src, *rest = parts
        if not src.startswith("/") or src.startswith("//"):
            out.append(f"line {n}: source {src[:60]!r} is not a site path")
        if rest:
            dst = rest[0]
            if not (dst.startswith("/") and not dst.startswith("//")) and not dst.startswith(("https://", "http://")):
                out.append(f"line {n}: target {dst[:60]!r} is neither a site path nor an http(s) URL")
        if MARKER in line.lower():
            out.append(f"line {n}: payload in a rule: {line[:80]!r}")
    return out


def read_text(path: Path) -> str | None:
    """A built file as text (gzip unpacked), or None for binary files."""
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    if b"\x00" in raw[:8192]:
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def scan_site(site: Path) -> dict[str, list[str]]:
    """Every file of a built site -> the executable payloads found in it (only files with findings).

    HTML pages get the strict rules (no event handler, no script URL, no frame
    at all); any other text file (JSON, XML, JS, CSS, _redirects, ...) is read
    as HTML too, flagged only where a payload is in executable form, so a data
    file must escape `<` (as JSON's \\u003c) for markup to stay inert even if a
    page ever embeds it.
    """
    findings: dict[str, list[str]] = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        text = read_text(path)
        if text is None:
            continue
        rel = path.relative_to(site).as_posix()
        if path.name == "_redirects":
            # Read by the host, never rendered: its rules are what could redirect to script.
            found = scan_redirects(text)
            if found:
                findings[rel] = found
            continue
        found = scan_html(text, strict=path.suffix == ".html")
        # The search index holds HTML in its strings (Material renders it); the
        # exports hold plain data, inert as long as `<` is escaped (checked above).
        if path.name == "search_index.json":
            try:
                found += scan_json_strings(json.loads(text), strict=False)
            except ValueError:
                found.append("not valid JSON")
        if found:
            findings[rel] = found
    return findings

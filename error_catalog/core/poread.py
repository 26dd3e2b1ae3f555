"""Reading one PO file with Babel, plus what Babel's reader does not know.

`read_po` returns Babel's catalog of the file and its problems, located: syntax
(`posyntax`), encoding, a message defined twice; with `#|` previous text put
back and each message's lines (see its docstring).
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import NamedTuple

from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.catalog import Message
# PoFileError: what `read_po(..., abort_invalid=True)` raises on a syntax error; Babel
# documents the flag, not the class. tests/test_locales.py
# (test_what_only_babel_refuses_is_reported_as_babel_says) fails if that changes.
from babel.messages.pofile import PoFileError
from babel.messages.pofile import read_po as babel_read_po

from . import paths
from .localenames import babel_locale
from .posyntax import ESCAPED_CLASS, ESCAPES, Entry, scan
from .problems import Problem
from .yamlsource import short

MAX_PO_BYTES = 20_000_000  # as the loader's limit for YAML files


_PREVIOUS_TOKEN = re.compile(r'(msgctxt|msgid_plural|msgid)|"((?:[^"\\]|\\.)*)"')


class PoReading(NamedTuple):
    """What `read_po` found: Babel's catalog (None when the file cannot be used), the
    file's problems, and where each message's keywords are, by its msgid line."""

    catalog: PoCatalog | None
    problems: list[Problem]
    entries: dict[int, Entry]

    def line(self, message: Message, keyword: str = "msgstr") -> int:
        """The line of `message`'s msgstr (or msgctxt, msgid_plural): where a report
        about it points. Its msgid line when the file has no such keyword."""
        e = self.entries.get(message.lineno or 0)
        return (getattr(e, _LINE_OF[keyword]) if e else 0) or message.lineno or 0


_LINE_OF = {"msgstr": "msgstr_line", "msgctxt": "context_line", "msgid_plural": "plural_line"}


def _text(parts: list[str]) -> str:
    return "".join(map(unquote, parts))


# Babel's own `unescape` is not part of its documented API.
_ESCAPE = re.compile(r"\\(" + ESCAPED_CLASS + ")")


def unquote(string: str) -> str:
    """A PO string literal ('"Say \\"hi\\"\\n"') as its text, read as Babel's reader does
    (an unknown escape such as `\\q` is left as written)."""
    return _ESCAPE.sub(lambda m: ESCAPES[m.group(1)], string[1:-1])


def _previous_id(lines: list[str]) -> list[str]:
    """`msgid "..."` (and `msgid_plural`) from `#|` lines, however they were wrapped."""
    parts: dict[str, list[str]] = {}
    current = None
    # Wrapping breaks lines at spaces, even inside a string: join with one.
    for keyword, string in _PREVIOUS_TOKEN.findall(" ".join(s.strip() for s in lines)):
        if keyword:
            current = parts.setdefault(keyword, [])
        elif current is not None:
            current.append(unquote(f'"{string}"'))
    return ["".join(parts[k]) for k in ("msgid", "msgid_plural") if k in parts]


def read_po(path: Path, locale: str, shown: str | None = None,
            root: Path | None = None) -> PoReading:
    """Read one PO file; problems (syntax, encoding, duplicates) come back located.

    Babel's `read_po` does the parsing. It does not know what gettext's tools
    check and write, so a strict scan of the same lines (`posyntax`) adds it:

    - a syntax mistake Babel reads past (an unclosed string, a second msgstr,
      `msgstr[0]` without `msgid_plural`...) is an error, each at its line, and
      the catalog is not used: its text would be published damaged;
    - `#|` lines (the previous source text of a fuzzy message, written by
      `update`, msgmerge and Poedit) become `previous_id` again; Babel would
      read them as translator comments and write them back as `# | msgid`
      (python-babel/babel#206), and `#~|` lines would even abort the parse.
      They are blanked for Babel (line numbers stay) and set afterwards;
    - a message defined twice is an error, as msgfmt says, not a silent merge.
    """
    shown = shown or str(path)
    try:
        data = paths.read_bytes(path, root if root is not None else Path(path).parent, MAX_PO_BYTES,
                                what="catalog folder")
    except paths.PathRefused as e:
        return PoReading(None, [Problem(shown, 0, "", e.reason)], {})
    except OSError as e:
        return PoReading(None, [Problem(shown, 0, "", f"cannot read: {e.strerror}")], {})
    lines = data.splitlines(keepends=True)
    for_babel = [b"\n" if _is_previous(line) else line for line in lines]
    po, failed, invalid = None, None, False
    try:
        po = babel_read_po(for_babel, locale=babel_locale(locale), abort_invalid=True)
    except PoFileError as e:
        message, invalid = str(e).rsplit(" on ", 1)[0], True
        failed = Problem(shown, e.lineno + 1, "", f"not a valid PO file: {short(message, 200, quote=False)}")
    except UnicodeDecodeError as e:
        failed = _not_decodable(data, shown, e.encoding)
    except LookupError:  # a charset Python does not know
        return PoReading(None, [Problem(shown, _header_line(lines), "", f"declares the charset "
                                        f"{short(_declared_charset(lines), 40)}, which is not a known encoding; "
                                        "save the file as UTF-8 with 'Content-Type: text/plain; charset=UTF-8'")], {})
    charset = po.charset if po is not None and po.charset else _codec(_declared_charset(lines))
    # Decoded as Babel did (a text it could not decode is reported above: replaced here).
    entries, problems = scan([line.decode(charset, "replace") for line in lines], shown)
    if po is None:  # Babel's syntax complaint is one the scan names better; an encoding one is not
        return PoReading(None, problems if problems and invalid else [failed, *problems], {})
    if problems:
        return PoReading(None, problems, {})
    by_line = {e.line: e for e in entries}
    for message in [*po, *po.obsolete.values()]:
        e = by_line.get(message.lineno)
        if e is not None and e.previous:
            message.previous_id = _previous_id(e.previous)
    reading = PoReading(po, problems, by_line)
    seen: dict[tuple, int] = {}
    for e in entries:
        ctx = _text(e.context) if e.context is not None else None
        first = seen.setdefault((e.obsolete, _text(e.msgid), ctx), e.line)
        if first != e.line:
            problems.append(Problem(shown, e.context_line or e.line, "msgctxt" if ctx is not None else "msgid",
                                    f"message defined twice (first on line {first})", ctx))
    return reading


def plural_problems(reading: PoReading, shown: str) -> list[Problem]:
    """A catalog's message has one form: a plural entry would publish a tuple."""
    po = reading.catalog
    return [Problem(shown, reading.line(m, "msgid_plural"), "msgid_plural", "a message with plural forms: an "
                    "error message has one form; remove msgid_plural and the msgstr[n] lines, keep one msgstr",
                    m.context)
            for m in po or () if m.id and not isinstance(m.id, str)]


def _is_previous(line: bytes) -> bool:
    line = line.strip()
    return line.startswith(b"#|") or (line.startswith(b"#~") and line[2:].lstrip().startswith(b"|"))


_CHARSET = re.compile(rb"charset=([^\\\s\";]*)", re.I)


def _declared_charset(lines: list[bytes]) -> str:
    for line in lines:
        m = _CHARSET.search(line)
        if m:
            return m.group(1).decode("ascii", "replace")
    return ""


def _codec(name: str) -> str:
    """The declared charset when Python knows it, else UTF-8 (what Babel assumes)."""
    try:
        return codecs.lookup(name).name if name else "utf-8"
    except LookupError:
        return "utf-8"


def _header_line(lines: list[bytes]) -> int:
    return next((n for n, line in enumerate(lines, 1) if _CHARSET.search(line)), 0)


def _not_decodable(data: bytes, shown: str, encoding: str) -> Problem:
    """Babel decodes line by line; find the line of the first bad byte in the file."""
    try:
        data.decode(encoding)
        line, col = 0, 0
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
    where = f" (column {col})" if line else ""
    return Problem(shown, line, "", f"not valid {encoding} text{where}; save the file as UTF-8")


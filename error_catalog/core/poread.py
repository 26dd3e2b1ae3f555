"""Reading one PO file with Babel, plus what Babel's reader does not know.

`read_po` returns Babel's catalog of the file and its problems, located: syntax,
encoding, a message defined twice, `#|` previous text put back (see its docstring).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog as PoCatalog
# PoFileError: what `read_po(..., abort_invalid=True)` raises on a syntax error; Babel
# documents the flag, not the class. tests/test_locales.py (test_syntax_error_is_located)
# fails if that changes.
from babel.messages.pofile import PoFileError
from babel.messages.pofile import read_po as babel_read_po

from . import paths
from .localenames import babel_locale
from .problems import Problem
from .yamlsource import short

MAX_PO_BYTES = 20_000_000  # as the loader's limit for YAML files


_PREVIOUS_TOKEN = re.compile(r'(msgctxt|msgid_plural|msgid)|"((?:[^"\\]|\\.)*)"')
_KEYWORD = re.compile(rb"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s")


@dataclass
class _Unit:
    """One message as the file spells it (before Babel merges anything)."""

    line: int  # of its msgid, 1-based: what Babel stores as `Message.lineno`
    obsolete: bool
    context: list[bytes] | None = None
    msgid: list[bytes] = field(default_factory=list)
    previous: list[bytes] = field(default_factory=list)  # its `#|` lines


def _scan(lines: list[bytes]) -> list[_Unit]:
    """The messages of a PO file with their `#|` lines, read with Babel's own rules
    for where a message starts (a `msgctxt`, or a `msgid` after a complete one)."""
    units: list[_Unit] = []
    previous: list[bytes] = []
    context: list[bytes] | None = None
    current: list[bytes] | None = None  # the string that continuation lines extend
    open_unit: _Unit | None = None  # a unit whose msgid is still being read
    for n, raw in enumerate(lines, 1):
        line = raw.strip()
        obsolete = line.startswith(b"#~")
        if obsolete:
            line = line[2:].lstrip()
        elif line.startswith(b"#"):
            if line.startswith(b"#|"):
                previous.append(line[2:])
            current = None
            continue
        if obsolete and line.startswith(b"|"):  # '#~|': an obsolete message's previous text
            previous.append(line[1:])
            continue
        if line.startswith(b'"'):
            if current is not None:
                current.append(line)
            continue
        m = _KEYWORD.match(line + b" ")
        if not m:
            current = None
            continue
        keyword, arg = m.group(1), line[len(m.group(1)):].strip()
        if keyword == b"msgctxt":
            context = current = [arg]
            open_unit = None
        elif keyword == b"msgid":
            open_unit = _Unit(n, obsolete, context, [arg], previous)
            units.append(open_unit)
            previous, context, current = [], None, open_unit.msgid
        else:
            current = None
    return units


def _text(parts: list[bytes], charset: str) -> str:
    return "".join(unquote(p.decode(charset)) for p in parts)


# PO's escapes (gettext's manual, "The Format of PO Files": C escapes in double quotes).
# Babel's own `unescape` is not part of its documented API.
_ESCAPE = re.compile(r'\\([\\abfnrtv"])')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def unquote(string: str) -> str:
    """A PO string literal ('"Say \\"hi\\"\\n"') as its text, read as Babel's reader does
    (an unknown escape such as `\\q` is left as written)."""
    return _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(1)), string[1:-1])


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
            root: Path | None = None) -> tuple[PoCatalog | None, list[Problem]]:
    """Read one PO file; problems (syntax, encoding, duplicates) come back located.

    Babel's `read_po` does the parsing. It does not know two things gettext's
    tools write and check, so a scan of the same lines adds them:

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
        return None, [Problem(shown, 0, "", e.reason)]
    except OSError as e:
        return None, [Problem(shown, 0, "", f"cannot read: {e.strerror}")]
    lines = data.splitlines(keepends=True)
    for_babel = [b"\n" if _is_previous(line) else line for line in lines]
    try:
        po = babel_read_po(for_babel, locale=babel_locale(locale), abort_invalid=True)
        units = _scan(lines)
        charset = po.charset or "utf-8"
        texts = [(_text(u.context, charset) if u.context is not None else None, _text(u.msgid, charset))
                 for u in units]
        previous = {u.line: [p.decode(charset) for p in u.previous] for u in units if u.previous}
    except PoFileError as e:
        message = str(e).rsplit(" on ", 1)[0]
        return None, [Problem(shown, e.lineno + 1, "", f"not a valid PO file: {short(message, 200, quote=False)}")]
    except UnicodeDecodeError as e:
        return None, [_not_decodable(data, shown, e.encoding)]
    except LookupError:  # a charset Python does not know
        return None, [Problem(shown, _header_line(lines), "", f"declares the charset "
                              f"{short(_declared_charset(lines), 40)}, which is not a known encoding; "
                              "save the file as UTF-8 with 'Content-Type: text/plain; charset=UTF-8'")]
    for message in [*po, *po.obsolete.values()]:
        lines_of = previous.get(message.lineno)
        if lines_of:
            message.previous_id = _previous_id(lines_of)
    seen: dict[tuple, int] = {}
    problems = []
    for u, (ctx, msgid) in zip(units, texts):
        first = seen.setdefault((u.obsolete, msgid, ctx), u.line)
        if first != u.line:
            problems.append(Problem(shown, u.line, "msgctxt", f"message defined twice (first on line {first})", ctx))
    return po, problems


def plural_problems(po: PoCatalog, shown: str) -> list[Problem]:
    """A catalog's message has one form: a plural entry would publish a tuple."""
    return [Problem(shown, m.lineno, "msgid_plural", "a message with plural forms: an error message has "
                    "one form; remove msgid_plural and the msgstr[n] lines, keep one msgstr", m.context)
            for m in po if m.id and not isinstance(m.id, str)]


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


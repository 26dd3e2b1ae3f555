"""The strict syntax of a PO file, as GNU msgfmt checks it; Babel's reader is lenient.

Babel reads an unclosed string without its last character, keeps the last of
two `msgstr` lines, drops a `msgstr[0]` that has no `msgid_plural` and leaves
`\\q` as written: the published text would be damaged without a word, and
`update` would save the damage. `scan` finds every such mistake of one file
and, on the way, each message's lines (the same scan serves `poread`).

The grammar (gettext's manual, "The Format of PO Files"): comments `#...`;
the keywords `msgctxt`, `msgid`, `msgid_plural`, `msgstr`, `msgstr[N]`, each
followed by one string; lines that are only a string continue the one above;
per message `[msgctxt] msgid [msgid_plural] (msgstr | msgstr[0] msgstr[1]...)`;
an obsolete message has every line marked `#~`. A string is `"..."` closed on
its line, with the escapes Babel decodes as msgfmt does: \\\\ \\" \\n \\t \\r \\a
\\b \\f \\v. msgfmt also takes octal and hex escapes (`\\101`) and two strings on
one line; Babel keeps the escape as written and reads the two strings as one
with the quotes inside, so both are refused here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .problems import Problem

# PO's escapes (gettext's manual, "The Format of PO Files": C escapes in double quotes)
# that Babel decodes as msgfmt does: the letter after the backslash -> the character.
ESCAPES = {"\\": "\\", '"': '"', "n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
ESCAPED_CLASS = "[" + re.escape("".join(ESCAPES)) + "]"
# A line as well formed as a line can be: the fast path of the scan.
_GOOD = re.compile(r'(?:(msgctxt|msgid_plural|msgid|msgstr\[(\d+)\]|msgstr) +)?("(?:[^"\\]|\\' + ESCAPED_CLASS + r')*")')
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr\[(\d+)\]|msgstr)(?![\w\[])")
_CODE = re.compile(r"\\(?:[0-7]{1,3}|x[0-9A-Fa-f]+)")  # octal and hex: msgfmt reads them, Babel does not
_BLANK = " \t\r\n\x0b\x0c"  # what Babel strips (it strips bytes: ASCII whitespace only)
_ONE_OF = 'a # comment, a keyword (msgctxt, msgid, msgid_plural, msgstr, msgstr[N]) and its "string", or a "string"'


@dataclass
class Entry:
    """One message as the file spells it; lines are 1-based, 0 when absent."""

    obsolete: bool
    line: int = 0  # of its msgid: what Babel stores as `Message.lineno`
    context_line: int = 0
    plural_line: int = 0
    msgstr_line: int = 0  # of its msgstr, or msgstr[0]
    context: list[str] | None = None  # the string literals, as written
    msgid: list[str] = field(default_factory=list)
    previous: list[str] = field(default_factory=list)  # its `#|` lines, after the marker
    forms: int = 0  # msgstr lines seen
    plain: bool = False  # its translation is a plain msgstr (not msgstr[N])
    code: str | None = None  # its msgctxt, for reports


def scan(lines: list[str], shown: str) -> tuple[list[Entry], list[Problem]]:
    """The messages of a PO file's lines, and every syntax mistake, each at its line."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    previous: list[str] = []
    entry: Entry | None = None  # the message being read
    last = ""  # its keyword that a string line would continue; "" when none may
    for n, raw in enumerate(lines, 1):
        line = raw.strip(_BLANK)
        if not line:
            continue
        obsolete = False
        if line[0] == "#":
            rest = line[1:2]
            if rest == "~":
                line = line[2:].lstrip(_BLANK)
                if line[:1] == "|":  # '#~|': an obsolete message's previous text
                    previous.append(line[1:])
                    continue
                if not line:
                    continue
                obsolete = line[0] != "#"
            if not obsolete:
                if rest == "|":
                    previous.append(line[2:])
                if entry is not None and not entry.forms:
                    problems.append(_incomplete(entry, shown))
                entry, last = None, ""
                continue
        good = _GOOD.fullmatch(line)
        if good:
            keyword, index, string = good.groups()
        else:
            keyword, index, string, why = _diagnose(line)
            problems.append(Problem(shown, n, keyword or "", why))  # its code is added below
            bad = len(problems)
        if keyword is None:  # a string line (or not a PO line at all)
            if entry is None or not last:
                if string is not None:
                    problems.append(Problem(shown, n, "", "a string outside a message: a line that is only "
                                            "a string continues the keyword line above it"))
            else:
                if entry.obsolete != obsolete:
                    problems.append(_mixed(entry, shown, n, last))
                if string is not None and last in ("msgctxt", "msgid"):
                    (entry.context if last == "msgctxt" else entry.msgid).append(string)  # type: ignore[union-attr]
                if not good and line[0] == '"':  # a broken piece of the keyword's string: named so
                    problems[bad - 1] = replace(problems[bad - 1], field=last, code=entry.code)
            continue
        kind = "msgstr" if keyword[0:6] == "msgstr" else keyword
        if kind in ("msgctxt", "msgid") and not (kind == "msgid" and entry is not None and last == "msgctxt"
                                                 and not entry.line):
            if entry is not None and kind == "msgctxt" and entry.context_line and not entry.line:
                problems.append(Problem(shown, n, keyword, f"a second msgctxt before the msgid (first on line "
                                        f"{entry.context_line}); a message has one"))
            elif entry is not None and not entry.forms:
                problems.append(_incomplete(entry, shown))
            entry = Entry(obsolete, previous=previous)
            entries.append(entry)
            previous = []
        elif entry is None:
            problems.append(Problem(shown, n, keyword, f"{keyword} without a msgid before it"))
            last = ""
            continue
        elif entry.obsolete != obsolete:
            problems.append(_mixed(entry, shown, n, keyword))
        last = kind
        why = _order(entry, kind, keyword, index, n)
        if why:
            problems.append(Problem(shown, n, keyword, why, entry.code))
        if string is not None:
            if kind == "msgctxt":
                entry.context = [string]
                entry.code = _plain(string)
            elif kind == "msgid":
                entry.msgid = [string]
        if not good and entry.code is not None:
            problems[bad - 1] = replace(problems[bad - 1], code=entry.code)
    if entry is not None and not entry.forms:
        problems.append(_incomplete(entry, shown))
    return entries, problems


def _order(entry: Entry, kind: str, keyword: str, index: str | None, n: int) -> str:
    """What is wrong with `keyword` coming next in `entry` (and record it); "" when nothing."""
    if kind == "msgctxt":
        entry.context_line = n
        return ""
    if kind == "msgid":
        entry.line = n
        return ""
    if not entry.line:
        return f"{keyword} without a msgid before it"
    if kind == "msgid_plural":
        if entry.plural_line:
            return f"a second msgid_plural in the message (first on line {entry.plural_line})"
        if entry.forms:
            return "msgid_plural after the msgstr: it follows the msgid"
        entry.plural_line = n
        return ""
    first = entry.msgstr_line
    entry.msgstr_line = first or n
    entry.forms += 1
    if index is None:
        entry.plain = True
        if entry.plural_line:
            return "a plain msgstr after msgid_plural: a plural message has msgstr[0], msgstr[1]..."
        if entry.forms > 1:
            return f"a second msgstr in the message (first on line {first}); keep one"
        return ""
    if not entry.plural_line:
        return f"{keyword} without msgid_plural: a message with one form has one plain msgstr"
    if entry.plain:
        return f"{keyword} after a plain msgstr (line {first}); keep msgstr[0], msgstr[1]..."
    if int(index) != entry.forms - 1:
        return f"{keyword} where msgstr[{entry.forms - 1}] comes: number the forms 0, 1, 2... in order"
    return ""


def _incomplete(entry: Entry, shown: str) -> Problem:
    if not entry.line:
        return Problem(shown, entry.context_line, "msgctxt", "msgctxt without a msgid after it", entry.code)
    what = "msgstr[0]" if entry.plural_line else "msgstr"
    return Problem(shown, entry.line, "msgid", f"the message has no {what}; add {what} \"\" to leave it "
                   "untranslated", entry.code)


def _mixed(entry: Entry, shown: str, n: int, keyword: str) -> Problem:
    return Problem(shown, n, keyword, "part of the message is obsolete (#~) and part is not: "
                   "mark all of its lines #~ or none", entry.code)


def _diagnose(line: str) -> tuple[str | None, str | None, str | None, str]:
    """A line the fast path refused: (keyword, plural index, string, what is wrong).

    The string is returned when it is whole and sound, so a mistake elsewhere on the
    line does not hide the message's text from the scan."""
    keyword = index = None
    rest = line
    m = _KEYWORD.match(line)
    if m:
        keyword, index = m.group(1), m.group(2)
        rest = line[m.end():]
        spaced = rest.lstrip(" ")
        if not spaced.strip(_BLANK):
            return keyword, index, None, f'{keyword} without its string: write {keyword} "..."'
        if spaced == rest and rest.lstrip(_BLANK)[:1] == '"':
            return keyword, index, None, f"put a space (not a tab) between {keyword} and its string"
        rest = spaced
    if rest[:1] != '"':
        if keyword:
            return keyword, index, None, f'{keyword} is followed by one "string" and nothing else'
        return None, None, None, f"not a PO line: expected {_ONE_OF}"
    i, end = 1, len(rest)
    while i < end:
        c = rest[i]
        if c == "\\":
            nxt = rest[i + 1:i + 2]
            if not nxt:
                break
            if nxt not in ESCAPES:
                code = _CODE.match(rest, i)
                if code:
                    return keyword, index, None, (f"the escape {code.group()} is a character code, which Babel "
                                                  "keeps as written (gettext does not): write the character itself")
                return keyword, index, None, (f"\\{nxt} is not an escape a PO string may use: only \\\\ \\\" \\n \\t "
                                              "\\r \\a \\b \\f \\v (write \\\\ for a backslash)")
            i += 2
            continue
        if c == '"':
            after = rest[i + 1:].strip(_BLANK)
            if after[:1] == '"':
                return keyword, index, None, ("two strings on one line, which Babel reads as one with the "
                                              "quotes inside: put the second on a line of its own")
            if '"' not in after:
                return keyword, index, None, 'text after the closing " of the string: remove it'
            return keyword, index, None, 'a " inside the string ends it early: write it as \\"'
        i += 1
    return keyword, index, None, ('the string is not closed: end it with " on the same line (a longer '
                                  'text goes on as another "..." on the next line)')


def _plain(literal: str) -> str:
    """A msgctxt literal as shown in reports (the code): its text, escapes left."""
    return literal[1:-1]

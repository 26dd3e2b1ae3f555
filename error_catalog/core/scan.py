"""Find codes in source trees: glob + regex, group 1 is the code, like `grep -rEo`.

Built for large trees: the pattern is compiled once (as a bytes pattern, so
files are never decoded), each file is streamed in large chunks cut at line
ends, and the regex runs over a whole chunk rather than line by line. Line
numbers are counted only up to each match. Matches keep grep's line semantics:
a match that would span a newline (`\\s` and `[^"]` can match one) is redone on
its own line. Binary files (a NUL byte in the first chunk) are skipped, as grep
does.
"""
from __future__ import annotations

import contextlib
import fnmatch
import glob
import os
import re
from collections.abc import Iterator
from pathlib import Path

CHUNK = 1 << 20  # bytes read at a time; lines longer than this grow the buffer
BINARY_PROBE = 8192  # a NUL byte within this many leading bytes marks a binary file


class PatternError(ValueError):
    """A `pattern` that cannot be used: the message says why, for the user."""


def compile_pattern(pattern: str) -> re.Pattern:
    """`pattern` as a line-oriented regex whose group 1 is the code.

    ASCII patterns are compiled as bytes patterns (files are matched without
    decoding; `\\w`, `\\d`, `\\s` are ASCII, as codes are); others as text.
    """
    try:
        text = re.compile(pattern, re.MULTILINE)
    except re.error as e:
        where = f" at position {e.pos}" if e.pos is not None else ""
        raise PatternError(f"invalid regular expression: {e.msg}{where}") from None
    if text.groups < 1:
        raise PatternError("the pattern has no group: put the code in group 1, like 'code=\"([^\"]+)\"'")
    if pattern.isascii():
        return re.compile(pattern.encode("ascii"), re.MULTILINE)
    return text


def expand(root: Path | str, pattern: str) -> list[str]:
    """Files matched by `pattern` (relative to `root`; `**` spans folders), sorted.

    A matched folder stands for every file under it. Paths are normalised
    (`catalog/../src/a.py` -> `src/a.py`) so that messages name files plainly.
    Hidden files and folders are skipped unless the pattern names them.
    """
    out: set[str] = set()
    for hit in _glob(os.path.join(str(root), pattern)):
        hit = os.path.normpath(hit)
        if os.path.isdir(hit):
            for folder, dirs, files in os.walk(hit):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                out.update(os.path.join(folder, f) for f in files if not f.startswith("."))
        else:
            out.add(hit)
    return sorted(out)


def _glob(pattern: str) -> list[str]:
    """`glob.glob(pattern, recursive=True)`, but a `**` enters each real folder once:
    glob follows every linked folder, so a link to `.` or `..` in a service's tree
    made it read each file forty times, and two such links never finish."""
    parts = pattern.split(os.sep)
    first = next((i for i, p in enumerate(parts) if p == "**"), None)
    if first is None:
        return glob.glob(pattern)  # no `**`: a fixed depth, no loop possible
    # The part before the first `**` (it may hold wildcards of its own), then a loop-safe walk.
    starts = glob.glob(os.sep.join(parts[:first])) if first else [""]
    rest = parts[first:]
    out = []
    for start in starts:
        if start and not os.path.isdir(start):
            continue
        seen: set[str] = set()
        # Folders first, linked folders after them (glob follows links too): a folder
        # reached both ways is named by its own path, and `seen` stops a loop.
        stack: list[tuple[str, tuple[str, ...]]] = [(start, ())]
        linked: list[tuple[str, tuple[str, ...]]] = []
        while stack or linked:
            folder, names = stack.pop() if stack else linked.pop(0)
            real = os.path.realpath(folder or ".")
            if real in seen:
                continue
            seen.add(real)
            if _match(rest, names):
                out.append(os.path.join(start, *names) if names else start)
            try:
                entries = sorted(os.scandir(folder or "."), key=lambda e: e.name, reverse=True)
            except OSError:
                continue
            for entry in entries:
                path = os.path.join(folder, entry.name)
                if entry.is_dir():
                    (linked if entry.is_symlink() else stack).append((path, (*names, entry.name)))
                elif _match(rest, (*names, entry.name)):
                    out.append(path)
    return out


def _match(parts: list[str], names: tuple[str, ...]) -> bool:
    """Whether the path `names` matches the pattern `parts` as glob reads it: `**` any
    number of folders (none hidden), `*` and `?` within a name, no hidden name unless
    the pattern's part starts with a dot."""
    if not parts:
        return not names
    head = parts[0]
    if head == "**":
        return _match(parts[1:], names) or (bool(names) and not names[0].startswith(".")
                                             and _match(parts, names[1:]))
    if not names or (names[0].startswith(".") and not head.startswith(".")):
        return False
    return fnmatch.fnmatchcase(names[0], head) and _match(parts[1:], names[1:])


def scan_file(path, rx: re.Pattern) -> Iterator[tuple[int, str]]:
    """Each (line, code) that `rx` finds in the file at `path` (or in the binary
    file object `path`, left open), in order.

    Raises `OSError` when the file cannot be read. Yields nothing for a binary file.
    """
    binary = isinstance(rx.pattern, bytes)
    with (open(path, "rb") if isinstance(path, (str, os.PathLike)) else contextlib.nullcontext(path)) as fh:
        first = True
        carry = b""
        line = 1
        while True:
            chunk = fh.read(CHUNK)
            if first:
                if b"\0" in chunk[:BINARY_PROBE]:
                    return
                first = False
            if chunk:
                buf = carry + chunk
                cut = buf.rfind(b"\n") + 1
                if cut == 0:  # no line end yet: keep reading
                    carry = buf
                    continue
                buf, carry = buf[:cut], buf[cut:]
            else:
                buf, carry = carry, b""
            if not buf:
                return
            text = buf if binary else buf.decode("utf-8", "replace")
            yield from _search(text, rx, line)
            line += buf.count(b"\n")
            if not chunk:
                return


def _search(buf, rx: re.Pattern, line: int) -> Iterator[tuple[int, str]]:
    """Matches in a chunk of whole lines, each within one line, as grep sees them."""
    nl = b"\n" if isinstance(buf, bytes) else "\n"
    counted = 0
    pos = 0
    end = len(buf)
    while pos <= end:
        m = rx.search(buf, pos)
        if m is None:
            return
        start, stop = m.span()
        line += buf.count(nl, counted, start)
        counted = start
        eol = buf.find(nl, start)
        eol = end if eol < 0 else eol
        if stop > eol:
            # The match crossed a line end: redo this line alone, then go on
            # after it. Earlier positions had no match at all, so none is lost.
            for m in rx.finditer(buf, start, eol):
                yield line, _code(m)
            pos = eol + 1
            continue
        yield line, _code(m)
        pos = stop if stop > start else start + 1


def _code(m: re.Match) -> str:
    g = m.group(1)
    if g is None:
        return ""
    return g.decode("utf-8", "replace") if isinstance(g, bytes) else g


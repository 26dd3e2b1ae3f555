"""Read YAML into plain data plus a map of where each value was written.

libyaml's parser (C, iterative) turns the text into events; we build the
Python values from those events ourselves, without recursion, so that we can
- record the line of every key and list item (for `file:line` messages),
- reject a repeated mapping key instead of silently keeping the last one,
- stop at the first level deeper than MAX_DEPTH (PyYAML's C composer recurses
  and crashes the interpreter on a few thousand nested brackets),
- refuse alias bombs ("billion laughs") by their expanded size, before
  expanding anything: an alias shares its anchor's value, it never copies it,
- keep only JSON-like values (text, numbers, true/false, null, lists,
  mappings with text keys), so every output can serialize what it reads,
- turn every YAML failure into a `Problem`, never a traceback.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Problem
from .yamlscalars import NUMBERS, TAG as _TAG, construct, resolve

try:  # libyaml is ~10x faster at parsing; fall back silently when absent.
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

Path = tuple  # a path into the document: keys and list indexes

# Values a document may hold in all, aliases counted at their full size each
# time they are used. A catalog of 10,000 entries is ~300,000 values.
MAX_NODES = 5_000_000
# Values that aliases may add beyond what is written out. Honest reuse (a shared
# `details` example) adds a few thousand; the classic 9-level bomb adds 387
# million and is refused at its first alias that crosses this line.
MAX_ALIAS_NODES = 100_000
MAX_DEPTH = 64

# What YAML itself allows unescaped (its reader refuses the rest); we hold
# escaped text ("\x02" in double quotes) to the same rule.
_NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

# Scalar tags kept as the text written: dates stay '2024-01-31' (JSON has no
# dates), a lone '=' or '<<' is just text.
_AS_TEXT = {_TAG + "str", _TAG + "timestamp", _TAG + "value", _TAG + "merge"}
_CONSTRUCTED = {_TAG + "null", _TAG + "bool", _TAG + "int", _TAG + "float"}
_KIND = {_TAG + "null": "null", _TAG + "bool": "true/false", _TAG + "int": "integer",
         _TAG + "float": "number"}
_COLLECTION_TAGS = {None, "!", _TAG + "map", _TAG + "seq"}


@dataclass
class Document:
    """A parsed YAML file: its data and the line (1-based) of each path."""

    file: str
    data: Any = None
    lines: dict[Path, int] = field(default_factory=dict)
    # Paths whose value was refused (a bad tag, an odd number, a merge key), each
    # already a problem: the data holds None there, or lacks the mapping's fields.
    # The rest of the document is sound and checked as usual. A repeated or
    # non-text key is ignored (the first value kept) and drops nothing.
    dropped: set[Path] = field(default_factory=set)

    def line(self, path: Path) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


class _Refused(Exception):
    """The document is refused as a whole (too deep, too big, more than one)."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


def load_document(text: str, file: str) -> tuple[Document, list[Problem]]:
    """Parse `text`; return the document and the problems found in it."""
    doc = Document(file)
    problems: list[Problem] = []
    try:
        doc.data = _Builder(doc, problems).run(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        # libyaml may point one past the end of a file that lacks its last line break.
        line = min(mark.line + 1, last_line(text)) if mark else 1
        problems.append(Problem(file, line, "", _yaml_message(e, mark, text)))
        doc.data = None
    except yaml.reader.ReaderError as e:  # a character YAML does not allow
        line = text.count("\n", 0, e.position) + 1
        problems.append(Problem(file, line, "", f"invalid YAML: control character U+{e.character:04X}; "
                                                "only printable characters are allowed"))
        doc.data = None
    except yaml.YAMLError as e:  # pragma: no cover - libyaml raises the two above
        problems.append(Problem(file, 1, "", f"invalid YAML: {_one_line(e)}"))
        doc.data = None
    except _Refused as e:
        problems.append(Problem(file, e.line, "", str(e)))
        doc.data = None
    return doc, problems


_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def not_printable(text: str) -> str | None:
    """The first character of `text` a catalog's text may not hold, or None."""
    bad = _NON_PRINTABLE.search(text)
    return bad.group() if bad else None


def last_line(text: str) -> int:
    """The number of the last line of `text`, counting line breaks as YAML does."""
    return len(_BREAK.findall(text)) + 1


def _yaml_message(e: yaml.MarkedYAMLError, mark, text: str) -> str:
    index = getattr(mark, "index", None)
    if "tab" in (e.problem or "") or (isinstance(index, int) and text[index:index + 1] == "\t"):
        return "invalid YAML: a tab character in the indentation; indent with spaces"
    msg = e.problem or _one_line(e)
    if e.context:
        began = e.context_mark.line if e.context_mark else mark.line
        msg = f"{e.context} (from line {began + 1}), {msg}" if began != mark.line else f"{e.context}, {msg}"
    return f"invalid YAML: {msg}"


def _one_line(e: Exception) -> str:
    return " ".join(str(e).split())


class _Frame:
    """A mapping or list being built, with what its parent needs to know."""

    __slots__ = ("value", "path", "anchor", "line", "size", "depth", "is_map", "key", "skip_value", "record")

    def __init__(self, value: Any, path: Path, anchor: str | None, line: int, record: bool):
        self.value = value
        self.path = path
        self.anchor = anchor
        self.line = line
        self.size = 1              # values in this subtree, aliases at full size
        self.depth = 0             # levels below this one
        self.is_map = isinstance(value, dict)
        self.key: Any = _NO_KEY    # a mapping's key awaiting its value
        self.skip_value = False    # the awaited value belongs to a rejected key
        self.record = record       # False inside keys and rejected values: their lines mean nothing


_NO_KEY = object()
_INVALID = object()  # a scalar already reported as a problem
_MERGE = object()    # the `<<` key


class _Builder:
    def __init__(self, doc: Document, problems: list[Problem]):
        self.doc = doc
        self.problems = problems
        self.anchors: dict[str, tuple[Any, int, int]] = {}  # name -> (value, size, depth)
        self.total = 0
        self.aliased = 0

    def run(self, events) -> Any:
        stack: list[_Frame] = []
        root: Any = None
        documents = 0
        for ev in events:
            kind = type(ev)
            if kind is yaml.ScalarEvent:
                line = self._count(1, ev)
                value = self._scalar(ev, stack, line)
                if ev.anchor:
                    self.anchors[ev.anchor] = (None if value is _INVALID else value, 1, 0)
                root = self._place(stack, value, line, 1, 0, root)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                line = self._count(1, ev)
                if len(stack) >= MAX_DEPTH:
                    raise _Refused(line, f"nesting deeper than {MAX_DEPTH} levels; refused")
                path, record = self._slot(stack, line)
                if ev.tag not in _COLLECTION_TAGS:
                    self._problem(line, path, f"unsupported tag '{_tag(ev.tag)}'", drop=True)
                value = {} if kind is yaml.MappingStartEvent else []
                stack.append(_Frame(value, path, ev.anchor, line, record))
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                f = stack.pop()
                if f.anchor:
                    self.anchors[f.anchor] = (f.value, f.size, f.depth)
                root = self._place(stack, f.value, f.line, f.size, f.depth, root, collection=True)
            elif kind is yaml.AliasEvent:
                line = ev.start_mark.line + 1
                if ev.anchor not in self.anchors:
                    raise _Refused(line, f"alias *{short(ev.anchor, quote=False)} refers to no anchor "
                                         "defined before it (an alias may not refer to the value it is in)")
                value, size, depth = self.anchors[ev.anchor]
                self.aliased += size
                self._count(size, ev)
                if self.aliased > MAX_ALIAS_NODES:
                    raise _Refused(line, f"aliases expand to more than {MAX_ALIAS_NODES:,} values "
                                         "(an alias bomb?); refused")
                if len(stack) + depth > MAX_DEPTH:
                    raise _Refused(line, f"nesting deeper than {MAX_DEPTH} levels; refused")
                # Shared, not copied: expanding is what a bomb wants.
                root = self._place(stack, value, line, size, depth, root, collection=depth > 0)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _Refused(ev.start_mark.line + 1,
                                   "a second YAML document ('---'); a file holds one document")
        return root

    def _count(self, n: int, ev) -> int:
        """Add `n` values to the document's total; return the event's line."""
        line = ev.start_mark.line + 1
        self.total += n
        if self.total > MAX_NODES:
            raise _Refused(line, f"the document holds more than {MAX_NODES:,} values; refused")
        return line

    # -- where a value goes --------------------------------------------------

    def _path(self, stack: list[_Frame]) -> Path:
        """The path of the value that comes next (its mapping's path for a key)."""
        if not stack:
            return ()
        f = stack[-1]
        if not f.is_map:
            return f.path + (len(f.value),)
        return f.path if f.key is _NO_KEY else f.path + (f.key,)

    def _slot(self, stack: list[_Frame], line: int) -> tuple[Path, bool]:
        """The path of a collection starting now, and whether its lines are recorded."""
        if not stack:
            return (), True
        f = stack[-1]
        path = self._path(stack)
        is_key = f.is_map and f.key is _NO_KEY and not f.skip_value
        record = f.record and not is_key and not f.skip_value
        if record and not f.is_map:
            self.doc.lines[path] = line
        return path, record

    def _place(self, stack: list[_Frame], value: Any, line: int, size: int, depth: int, root: Any,
               collection: bool = False) -> Any:
        """Put a finished value into its parent; return the document root."""
        if not stack:
            return None if value is _INVALID else value
        f = stack[-1]
        f.size += size
        f.depth = max(f.depth, depth + 1)
        if not f.is_map:
            if f.record and not collection:
                self.doc.lines[f.path + (len(f.value),)] = line
            f.value.append(None if value is _INVALID else value)
        elif f.skip_value:
            f.skip_value = False
        elif f.key is _NO_KEY:
            self._take_key(f, value, line, collection)
        else:
            f.value[f.key] = None if value is _INVALID else value
            f.key = _NO_KEY
        return root

    def _take_key(self, f: _Frame, key: Any, line: int, collection: bool) -> None:
        message = None
        if key is _INVALID:
            f.skip_value = True
            return
        if collection:
            message = "a mapping key must be a plain value"
        elif key is _MERGE:  # the fields it would bring are missing: the mapping is not usable
            self._problem(line, f.path, "`<<` merge keys are not supported; write the fields out", drop=True)
            f.skip_value = True
            return
        elif not isinstance(key, str):  # an alias of a non-text value
            message = f"a mapping key must be text, not {short(key)}"
        if message:  # no field is spelled so: the rest of the mapping is sound
            self._problem(line, f.path, message)
            f.skip_value = True
            return
        if key in f.value:
            first = self.doc.lines.get(f.path + (key,), line)
            self._problem(line, f.path + (key,),
                          f"duplicate key '{short(key, quote=False)}' (first set on line {first})")
            f.skip_value = True
            return
        if f.record:
            self.doc.lines[f.path + (key,)] = line
        f.key = key

    # -- scalars -------------------------------------------------------------

    def _scalar(self, ev: yaml.ScalarEvent, stack: list[_Frame], line: int) -> Any:
        tag = ev.tag
        if tag is None or tag == "!":
            tag = resolve(ev.value) if ev.implicit[0] else _TAG + "str"
        at_key = bool(stack) and stack[-1].is_map and stack[-1].key is _NO_KEY and not stack[-1].skip_value
        if tag == _TAG + "merge" and at_key:
            return _MERGE
        if tag in _AS_TEXT or (at_key and tag in _CONSTRUCTED):
            # A key is the text written: `400:` is "400", `on:` is "on", not True.
            bad = _NON_PRINTABLE.search(ev.value)
            if bad:
                return self._invalid(line, stack, f"control character U+{ord(bad.group()):04X} in text; "
                                                  "only printable characters are allowed")
            return ev.value
        if tag in NUMBERS and not NUMBERS[tag].fullmatch(ev.value):
            return self._invalid(line, stack, _odd_number(tag, ev.value))
        if tag in _CONSTRUCTED:
            try:
                value = construct(tag, ev.value)
            except (ValueError, LookupError):  # an explicit tag on text it does not fit: `!!bool maybe`
                return self._invalid(line, stack, f"{short(ev.value)} is not a valid {_KIND[tag]}")
            if isinstance(value, float) and not math.isfinite(value):
                return self._invalid(line, stack, f"{short(ev.value)} is not a finite number")
            return value
        if tag == _TAG + "binary":
            return self._invalid(line, stack, "binary values (!!binary) are not supported; use text")
        return self._invalid(line, stack, f"unsupported tag '{_tag(tag)}'")

    def _invalid(self, line: int, stack: list[_Frame], message: str) -> Any:
        # A refused key is skipped with its value (the mapping stays sound); a refused value is None.
        at_key = bool(stack) and stack[-1].is_map and stack[-1].key is _NO_KEY
        self._problem(line, self._path(stack), message, drop=not at_key)
        return _INVALID

    def _problem(self, line: int, path: Path, message: str, drop: bool = False) -> None:
        if drop:
            self.doc.dropped.add(path)
        self.problems.append(Problem(self.doc.file, line, dotted(path), message))


def _odd_number(tag: str, written: str) -> str:
    what = "an integer" if tag == _TAG + "int" else "a number"
    try:
        read = yaml.safe_load(f"!!{tag[len(_TAG):]} {written}")  # only for the message
        as_read = f"YAML 1.1 reads it as {read!r}; "
    except Exception:  # noqa: BLE001 - only for the message
        as_read = ""
    like = "digits only, like 42" if tag == _TAG + "int" else "like 1.5 or 2e3"
    return f"{short(written)} is not {what} written as a plain decimal ({as_read}write {like}, or quote it as text)"


def _tag(tag: str) -> str:
    """A tag as written: 'tag:yaml.org,2002:set' -> '!!set'."""
    return short("!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag, quote=False)


def short(value: Any, limit: int = 60, quote: bool = True) -> str:
    """A value for a message: repr'd (or as is), cut to `limit` characters."""
    text = repr(value) if quote else str(value).replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return text if len(text) <= limit else text[:limit - 1] + "…"


def dotted(path: Path) -> str:
    """`('categories', 2, 'id')` -> `categories[2].id` (how users name a field)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + short(part, 40, quote=False)
    return out

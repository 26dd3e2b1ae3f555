"""Read YAML into plain data plus a map of where each value was written.

PyYAML's composer (C-accelerated when libyaml is present) builds the node
graph; we construct the Python values ourselves so that we can
- record the line of every key and list item (for `file:line` messages),
- reject a repeated mapping key instead of silently keeping the last one,
- refuse alias bombs ("billion laughs") by budgeting nodes, not bytes,
- turn every YAML failure into a `Problem`, never a traceback.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import GeneratorType
from typing import Any

import yaml

from .problems import Problem

try:  # libyaml is ~10x faster at parsing; fall back silently when absent.
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

Path = tuple  # a path into the document: keys and list indexes

# A catalog of 10,000 entries is ~300,000 nodes; far below this budget, far above
# any honest file. Aliases count every time they are expanded.
MAX_NODES = 5_000_000
MAX_DEPTH = 64

# Scalars are built by SafeConstructor's own functions, called directly:
# `construct_object` would also remember every node it ever built (a leak
# across documents and rebuilds) and costs a third of the load time.
_scalars = yaml.constructor.SafeConstructor()
_CONSTRUCTORS = yaml.constructor.SafeConstructor.yaml_constructors
_UNDEFINED = _CONSTRUCTORS[None]  # raises "could not determine a constructor for the tag"


@dataclass
class Document:
    """A parsed YAML file: its data and the line (1-based) of each path."""

    file: str
    data: Any = None
    lines: dict[Path, int] = field(default_factory=dict)

    def line(self, path: Path) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


class _Budget(Exception):
    pass


def load_document(text: str, file: str) -> tuple[Document, list[Problem]]:
    """Parse `text`; return the document and the problems found in it."""
    doc = Document(file)
    problems: list[Problem] = []
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else 1
        msg = e.problem or str(e)
        if e.context:
            msg = f"{e.context}, {msg}"
        problems.append(Problem(file, line, "", f"invalid YAML: {msg}"))
        return doc, problems
    except yaml.YAMLError as e:  # e.g. a reader error on a control character
        problems.append(Problem(file, 1, "", f"invalid YAML: {_one_line(e)}"))
        return doc, problems
    if node is None:
        return doc, problems
    builder = _Builder(doc, problems)
    try:
        doc.data = builder.build(node, (), 0)
    except _Budget as e:
        problems.append(Problem(file, node.start_mark.line + 1, "", str(e)))
        doc.data = None
    return doc, problems


def _one_line(e: Exception) -> str:
    return " ".join(str(e).split())


class _Builder:
    def __init__(self, doc: Document, problems: list[Problem]):
        self.doc = doc
        self.problems = problems
        self.nodes = 0

    def build(self, node: yaml.Node, path: Path, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Budget(f"the document expands to more than {MAX_NODES:,} values "
                          "(an alias bomb?); refused")
        if depth > MAX_DEPTH:
            raise _Budget(f"nesting deeper than {MAX_DEPTH} levels; refused")
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            out = []
            lines = self.doc.lines
            for i, item in enumerate(node.value):
                here = path + (i,)
                lines[here] = item.start_mark.line + 1
                out.append(self.build(item, here, depth + 1))
            return out
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict:
        out: dict = {}
        lines = self.doc.lines
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._problem(line, path, "`<<` merge keys are not supported; write the fields out")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(line, path, "a mapping key must be a plain value")
                continue
            key = self._scalar(key_node, path)
            if not isinstance(key, (str, int, bool)) or key is None:
                self._problem(line, path, f"a mapping key must be text, not {key!r}")
                continue
            key = str(key) if not isinstance(key, str) else key
            here = path + (key,)
            if key in out:
                first = lines.get(here, line)
                self.problems.append(Problem(
                    self.doc.file, line, _dotted(here),
                    f"duplicate key '{key}' (first set on line {first})"))
                continue
            lines[here] = line
            out[key] = self.build(value_node, here, depth + 1)
        return out

    def _scalar(self, node: yaml.Node, path: Path) -> Any:
        try:
            data = _CONSTRUCTORS.get(node.tag, _UNDEFINED)(_scalars, node)
            if isinstance(data, GeneratorType):  # collection tags (`!!seq`) on a scalar: fail as PyYAML does
                generator, data = data, next(data)
                for _ in generator:
                    pass
            return data
        except yaml.MarkedYAMLError as e:
            self._problem(node.start_mark.line + 1, path, f"unsupported value: {e.problem}")
            return None
        except yaml.YAMLError as e:
            self._problem(node.start_mark.line + 1, path, f"unsupported value: {_one_line(e)}")
            return None
        except (ValueError, OverflowError) as e:  # e.g. a timestamp out of range
            self._problem(node.start_mark.line + 1, path, f"unreadable value: {e}")
            return None

    def _problem(self, line: int, path: Path, message: str) -> None:
        self.problems.append(Problem(self.doc.file, line, _dotted(path), message))


def _dotted(path: Path) -> str:
    """`('categories', 2, 'id')` -> `categories[2].id` (how users name a field)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out

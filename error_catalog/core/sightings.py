"""What reading the `emitted:` sources finds, shared by the readers of each kind.

`Sighting` (one emitted value and where it was seen), `Record` (a recorded
response in the full form), and `Found`, which collects them with the problems
met, and opens every source file under the path policy. Also the two reading
helpers more than one kind needs: UTF-8 lines, and JSON nesting depth.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import paths
from .model import EmittedSource
from .problems import Problem
from .yamlsource import MAX_DEPTH

WHAT = "repository"  # what messages call the root of emitted sources

# Fields of a recorded response in the full form (one seen HTTP response or event).
RECORD_FIELDS = ("surface", "event", "status", "locale", "mode", "headers", "body", "seed")
MODES = ("production", "development")
CODE_HEADER = "x-error-code"  # a code sent in a header (compared without case)


@dataclass(frozen=True)
class Sighting:
    """One emitted value, where it was seen."""

    file: str
    line: int
    field: str  # how messages name it: 'code', 'error.type', 'components.schemas.E.enum[2]'
    kind: str  # what the value is: 'code', 'type' (a URL) or 'documentation_url'
    value: str


@dataclass(frozen=True)
class Record:
    """One recorded response in the full form: what a client saw, where it is written.

    `codes` are the sightings of the codes (and type URLs) it carries; a record
    without any is identified by status and message (see `recorded.py`).
    """

    file: str
    line: int
    surface: str
    event: str | None
    status: int | None
    locale: str | None
    mode: str | None
    headers: dict[str, str] = field(compare=False)
    body: Any = field(compare=False)
    codes: tuple[Sighting, ...] = ()

    @property
    def is_event(self) -> bool:
        return self.event is not None or (self.status is None and self.surface != "http")


class Found:
    """What reading found: sightings and problems, in reading order; `root` is the
    folder sources stay in (`paths.repository_root`), `allowed` the folders outside
    it that the site names for them (`allowed_roots`, `--allowed-root`)."""

    def __init__(self, root: Path, allowed: tuple[Path, ...] = ()) -> None:
        self.root = root
        self.allowed = allowed
        self.sightings: list[Sighting] = []
        self.problems: list[Problem] = []
        self.records: list[Record] = []  # full-form recorded responses, checked by `recorded.py`
        self.descriptions: dict[str, str] = {}  # code -> the description an OpenAPI document gives it

    def root_for(self, path: str) -> Path:
        """The root `path` must stay in: the allowed root it lies in, else the repository's."""
        real = os.path.realpath(path)
        for root in self.allowed:
            if paths.lexically_under(real, os.path.realpath(root)):
                return root
        return self.root

    def open(self, path: str):
        """A source file opened under the path policy (`paths.PathRefused` otherwise)."""
        return paths.open_binary(path, self.root_for(path), what=WHAT)

    def see(self, file: str, line: int, field: str, kind: str, value: str) -> None:
        self.sightings.append(Sighting(file, line, field, kind, value))

    def problem(self, file: str, line: int, field: str, message: str, code: str | None = None) -> None:
        self.problems.append(Problem(file, line, field, message, code))

    def declared(self, src: EmittedSource, message: str) -> None:
        """A problem with the source as declared in catalog.yaml."""
        self.problem(src.file, src.line, src.field, message)


def lines(path: str, out: Found) -> Iterator[tuple[int, str]]:
    """(number, text) of each UTF-8 line; undecodable lines are reported and skipped."""
    with out.open(path) as fh:
        for n, raw in enumerate(fh, 1):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                out.problem(path, n, "", f"not UTF-8 text (byte {e.start + 1} of the line)")
                continue
            yield n, (text.lstrip("\ufeff") if n == 1 else text)


_JSON_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[\[\]{}\n]')


def too_deep(text: str, limit: int = MAX_DEPTH) -> int:
    """The line where JSON `text` nests deeper than `limit`, or 0: checked in one
    pass before parsing, as the YAML reader does (json.loads would recurse)."""
    depth, line = 0, 1
    for m in _JSON_TOKEN.finditer(text):
        t = m.group()
        if t == "\n":
            line += 1
        elif t in "[{":
            depth += 1
            if depth > limit:
                return line
        elif t in "]}":
            depth -= 1
    return 0

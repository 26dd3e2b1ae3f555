"""Problems found in a catalog, and the one error that reports them all.

The loader never stops at the first mistake: it collects a `Problem` for each
and raises a single `CatalogError` at the end, so a maintainer fixes everything
in one round trip.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake, located as precisely as the input allows."""

    file: str
    line: int
    field: str
    message: str
    code: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        subject = self.field
        if self.code:
            subject = f"{subject} [{self.code}]".strip()
        return f"{where}: {subject}: {self.message}" if subject else f"{where}: {self.message}"


class Failure(Exception):
    """A check that stops the build (or a command): every finding, then one verdict.

    `lines` are the findings, one each, as the user reads them; `summary` is the
    short verdict ("3 catalog problem(s)") and `advice` what to do about it. The
    MkDocs plugin and the command line each report a `Failure` in one place
    (log or print every line, then stop with the summary), so no check formats
    its own ending.
    """

    def __init__(self, lines: list[str], summary: str = "", advice: str = ""):
        self.lines = list(lines)
        self.summary = summary
        self.advice = advice
        super().__init__(self.report())

    def report(self) -> str:
        """The findings and the verdict, as a command prints them."""
        return "\n".join([*self.lines, *([f"{self.summary}."] if self.summary else [])])


class CatalogError(Failure):
    """The catalog cannot be built; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=sort_key)
        n = len(self.problems)
        super().__init__(self.report().splitlines(), f"{n} catalog problem(s)", "Nothing was built.")

    def report(self) -> str:
        n = len(self.problems)
        head = f"The catalog has {n} problem{'s' if n != 1 else ''}:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


def sort_key(p: Problem) -> tuple:
    """The order problems are reported in: by file, line, field, message."""
    return (p.file, p.line, p.field, p.message, p.code or "")


@dataclass
class Problems:
    """A collector: `add` while checking, `raise_if_any` once at the end."""

    items: list[Problem] = field(default_factory=list)
    # (file, code, field, item) of each problem about one item of a list field (an
    # alias): a later rule skips that item, not the whole field, so the next item's
    # own problem is not hidden behind it.
    about_items: set[tuple] = field(default_factory=set)

    def add(self, file: str, line: int, fld: str, message: str, code: str | None = None,
            item: str | None = None) -> None:
        self.items.append(Problem(file, line, fld, message, code))
        if item is not None:
            self.about_items.add((file, code, fld, item))

    def extend(self, other: list[Problem]) -> None:
        self.items.extend(other)

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise CatalogError(self.items)

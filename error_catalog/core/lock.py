"""The permalink lock: published permalinks never stop resolving.

`error-catalog lock [DIR]` (`error_catalog/cli/lock.py`) writes `DIR/permalinks.lock`, one line per
permalink path (sorted) with the code of the entry it lands on. The build
(and `validate`, `check`) fails, naming each one, when a locked path no longer lands
on that entry: the path must still resolve, to the same code or to an entry
that lists the locked code as an alias (a rename). Retiring a code keeps its
permalinks; deleting it, or dropping the alias of a renamed code, breaks them.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import paths, permalinks
from .problems import Failure
from .yamlsource import short

if TYPE_CHECKING:
    from .model import Catalog, Entry

LOCK_FILE = "permalinks.lock"

HEADER = """\
# Published permalinks of this catalog: each path (relative to the site root)
# must keep landing on the entry of its code, or on an entry that lists that
# code as an alias. The site build fails when one does not.
# Written by `error-catalog lock`; commit it, and review its diffs: a line
# removed here is a link that old responses and logs may still hold.
"""


@dataclass(frozen=True)
class Broken:
    line: int
    path: str
    code: str
    now: str | None  # the code it lands on now, or None when it does not resolve

    def __str__(self) -> str:
        if self.now is None:
            return (f"{self.path} ({self.code}) no longer resolves: keep the code (retire it with "
                    f"`lifecycle: retired`) or list '{self.code}' in `aliases` of the entry that replaces it")
        return (f"{self.path} ({self.code}) now lands on '{self.now}': list '{self.code}' in its `aliases`, "
                "or give the path back to its entry")


class LockError(ValueError):
    """The lock file cannot be read (a malformed line)."""


def lock_path(catalog_dir: str | Path) -> Path:
    return Path(catalog_dir) / LOCK_FILE


def current(catalog: Catalog) -> dict[str, str]:
    """Every permalink path of the catalog (site-relative) -> the code it lands on, sorted."""
    return {p: e.code for p, e in sorted(permalinks.permalink_map(catalog).items())}


def render(locked: dict[str, str]) -> str:
    return HEADER + "".join(f"{p} {c}\n" for p, c in sorted(locked.items()))


def same_lock(old: str, new: str) -> bool:
    """Whether two lock texts lock the same permalinks: the opening comment does not
    count (a lock written by an older release names another command there)."""
    def body(text: str) -> list[str]:
        return [line for line in text.splitlines() if not line.startswith("#")]
    return body(old) == body(new)


MAX_LOCK_BYTES = 20_000_000


def read_text(path: Path, root: Path) -> str | None:
    """The lock file's text under the path policy; None when there is none.

    Raises `LockError` naming the file (never quoting what a link points to).
    """
    try:
        data = paths.read_bytes(path, root, MAX_LOCK_BYTES)
    except FileNotFoundError:
        if os.path.islink(path):
            raise LockError(f"{path}: a link to nothing; refused") from None
        return None
    except paths.PathRefused as e:
        raise LockError(str(e)) from None
    except OSError as e:
        raise LockError(f"{path}: cannot read: {e.strerror}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise LockError(f"{path}:{line}: not UTF-8 text; "
                        f"write it again with `error-catalog lock`") from None


def read(path: Path, root: Path | None = None) -> list[tuple[int, str, str]]:
    """(line, path, code) of each locked permalink; [] when there is no lock file."""
    text = read_text(path, root if root is not None else path.parent)
    if text is None:
        return []
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 2 or not parts[0].startswith("/"):
            raise LockError(f"{path}:{n}: expected '<path> <code>', got {short(line, 60)}")
        out.append((n, parts[0], parts[1]))
    return out


def broken(catalog: Catalog, locked: list[tuple[int, str, str]],
           by_path: Mapping[str, Entry] | None = None) -> list[Broken]:
    """The locked permalinks that no longer land on their entry (`by_path`: the
    catalog's `permalink_map` when the caller has it)."""
    now = permalinks.permalink_map(catalog) if by_path is None else by_path
    out = []
    for n, path, code in locked:
        e = now.get(path)
        if e is None:
            out.append(Broken(n, path, code, None))
        elif code != e.code and code not in e.aliases:
            out.append(Broken(n, path, code, e.code))
    return out


def check(catalog: Catalog, by_path: Mapping[str, Entry] | None = None) -> list[str]:
    """Problems with the catalog's lock, as `file:line: message` lines ([] when sound)."""
    file = lock_path(catalog.root)
    try:
        locked = read(file, catalog.root)
    except LockError as e:
        return [str(e)]
    return [f"{file}:{b.line}: {b}" for b in broken(catalog, locked, by_path)]


def verify(catalog: Catalog, by_path: Mapping[str, Entry] | None = None) -> None:
    """Raise `Failure` naming every locked permalink that no longer lands."""
    problems = check(catalog, by_path)
    if problems:
        raise Failure(problems, f"{len(problems)} locked permalink(s) no longer resolve",
                      "Published links must keep landing (docs/guide/permalinks.md).")

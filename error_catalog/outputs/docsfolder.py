"""Generated pages written into a site's docs folder, beside the team's own files.

For an engine that runs no plugin (`error-catalog pages`): every page is written
atomically inside the folder named (`write_atomic` with that folder as root: no
link or `..` leads out), and a manifest in it lists what this tool wrote. Only
files the manifest lists are ever replaced or removed, so a team's own page in
that folder is never lost: a page that would overwrite one is refused, as the
plugin refuses a category page the docs folder already has.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..core import paths
from ..core.permalinks import PAGES_DIR
from ..core.files import write_atomic

MANIFEST = ".error-catalog-pages"
_HEAD = "# Written by `error-catalog pages`: the files it replaces or removes on its next run.\n"


@dataclass(frozen=True)
class Written:
    written: list[str]
    removed: list[str]


def manifest(out: Path) -> set[str]:
    """The files (relative to `out`) the last run wrote."""
    try:
        text = (out / MANIFEST).read_text(encoding="utf-8")
    except FileNotFoundError:
        return set()
    return {line for line in text.splitlines() if line and not line.startswith("#")}


def own_files(out: Path) -> set[str]:
    """Files under `out` (relative paths) that this tool did not write: the team's own."""
    if not out.is_dir():
        return set()
    # With --out the docs folder, what an earlier run wrote into its reference folder is ours too.
    ours = manifest(out) | {MANIFEST, f"{PAGES_DIR}/{MANIFEST}"}
    ours |= {f"{PAGES_DIR}/{rel}" for rel in manifest(out / PAGES_DIR)}
    found = set()
    for folder, dirs, files in os.walk(out):
        for name in files:
            rel = (Path(folder) / name).relative_to(out).as_posix()
            if rel not in ours:
                found.add(rel)
    return found


def write_pages(out: Path, pages: dict[str, str]) -> Written:
    """Write `pages` (path relative to `out` -> text) and remove the files the last run
    wrote that are no longer pages. The caller has checked no page is a team's own file."""
    before = manifest(out)
    for rel in pages:
        paths.writable(out / rel, out, "output folder")  # refused before anything is written
    # The manifest first names every file this run may write, so an interrupted run
    # leaves none that the next run would take for the team's own.
    _write_manifest(out, before | set(pages))
    for rel, text in sorted(pages.items()):
        write_atomic(out / rel, text, root=out)
    removed = []
    for rel in sorted(before - set(pages)):
        path = out / rel
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            continue
        if stat.S_ISREG(st.st_mode) and paths.lexically_under(str(path.parent.resolve()), str(out.resolve())):
            path.unlink()
            removed.append(rel)
    _write_manifest(out, set(pages))
    return Written(sorted(pages), removed)


def _write_manifest(out: Path, files: set[str]) -> None:
    write_atomic(out / MANIFEST, _HEAD + "".join(f"{rel}\n" for rel in sorted(files)), root=out)


def written_pages(docs_dir: Path) -> set[str]:
    """Docs paths `error-catalog pages` wrote into `docs_dir` (with --out the docs folder
    or its reference folder): the MkDocs plugin makes these pages itself and leaves them out."""
    return manifest(docs_dir) | {f"{PAGES_DIR}/{rel}" for rel in manifest(docs_dir / PAGES_DIR)}

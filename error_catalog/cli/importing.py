"""`error-catalog import [DIR]`: an entry for every emitted code that has none.

Reads the catalog's `emitted:` sources, makes an entry for each code no entry
documents (core/imported.py) and writes them into a new file of their own,
`errors/imported.yaml` (`imported-2.yaml`, ... when that exists): no existing
entry or file changes. A code no rule files in a category is asked about when
standard input is a terminal, else reported. The catalog is loaded again with
the new file; should it not load, the file is removed and nothing is left.
Run again, it finds nothing to import and writes nothing.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from ..core import imported
from ..core.catalogfiles import ERRORS_DIR
from ..core.files import write_atomic
from ..core.model import Catalog
from ..core.problems import Failure
from .check import add_allowed_roots, allowed_roots
from .validate import valid_or_fail


def register(sub) -> None:
    p = sub.add_parser("import", help="write an entry for every emitted code the catalog lacks")
    p.add_argument("dir", nargs="?", default="catalog", help="catalog folder (default: catalog)")
    p.add_argument("--category", action="append", default=[], metavar="ID[=GLOB]",
                   help="ID=GLOB: file codes matching GLOB in category ID (after catalog.yaml's "
                        "`import: categories:`); ID alone: the category of every code no rule files; repeatable")
    add_allowed_roots(p)
    p.set_defaults(run=run)


def run(args) -> int:
    catalog = valid_or_fail(args.dir)
    rules = _rules(catalog, args.category)
    if not catalog.emitted:
        print(f"{args.dir}: catalog.yaml declares no `emitted:` sources, so there is nothing to import "
              "(docs/guide/emitted-gate.md says how to declare them); no file written")
        return 0
    found = imported.plan(catalog, rules, allowed_roots(args))
    for p in (*found.skipped, *found.left_out):
        print(f"  {p}", file=sys.stderr)
    ask = _ask if sys.stdin.isatty() and sys.stdout.isatty() else None
    undecided = []
    for d in found.drafts:
        if d.category is None and ask is not None:
            d.category = ask(catalog, d)
        if d.category is None:
            undecided.append(d)
    drafts = [d for d in found.drafts if d.category is not None]
    for d in undecided:
        print(f"  {d.seen.file}:{d.seen.line}: {d.seen.field} [{d.code}]: no category: give one with "
              "--category ID (or ID=GLOB), or a rule in catalog.yaml `import: categories:`", file=sys.stderr)
    if not drafts:
        if not found.drafts and not found.skipped:
            print(f"{args.dir}: nothing to import: every emitted code has an entry; no file written")
            return 0
        print(f"{args.dir}: no entry written")
        return 1
    target = _new_file(Path(args.dir))
    write_atomic(target, imported.entries_yaml(catalog, drafts), root=args.dir)
    try:
        written = [e.code for e in valid_or_fail(args.dir).entries if _same(e.file, target)]
    except Failure as e:  # the import must leave a valid catalog: take the file back
        target.unlink()
        raise Failure([f"{target} was written, did not load, and was removed; what it held:", *e.lines],
                      f"the imported entries would not load, so {target} was not kept") from None
    if sorted(written) != sorted(d.code for d in drafts):  # the file must hold the drafts and nothing else
        target.unlink()
        raise Failure([f"{target} held the entries {', '.join(written) or '(none)'}, not the "
                       f"{len(drafts)} imported ({', '.join(d.code for d in drafts)}); it was removed"],
                      f"{target} was not kept")
    print(f"{args.dir}: wrote {target}: {len(written)} entr{'y' if len(written) == 1 else 'ies'} "
          f"({', '.join(written)}), each marked `explained: false` until its cause and "
          "recovery are written")
    return 1 if undecided or found.skipped else 0


def _rules(catalog: Catalog, given: list[str]) -> list[tuple[str, str]]:
    ids = [c.id for c in catalog.categories]
    rules = []
    for g in given:
        cid, _, glob = g.partition("=")
        if cid not in ids:
            raise Failure([f"--category {g}: unknown category '{cid}'; known: {', '.join(ids)}"],
                          "Nothing was written")
        rules.append((cid, glob or "*"))
    return rules


def _same(file: str, target: Path) -> bool:
    return os.path.realpath(file) == os.path.realpath(target)


def _new_file(root: Path) -> Path:
    """errors/imported.yaml, or the first imported-N.yaml that does not exist."""
    folder = root / ERRORS_DIR
    n = 1
    while True:
        name = f"{imported.FILE_STEM}{'' if n == 1 else f'-{n}'}.yaml"
        if not os.path.lexists(folder / name) and not os.path.lexists(folder / (name[:-5] + ".yml")):
            return folder / name
        n += 1


def _ask(catalog: Catalog, d: imported.Draft, read: Callable[[str], str] = input) -> str | None:
    """Ask which category `d` belongs in (a number or an id; empty: skip it)."""
    print(f"\n{d.code}  (first seen at {d.seen.file}:{d.seen.line})")
    for n, c in enumerate(catalog.categories, 1):
        print(f"  {n}. {c.id}: {c.title}")
    while True:
        try:
            answer = read("Category (number or id, empty to skip): ").strip()
        except EOFError:
            return None
        if not answer:
            return None
        if answer.isdigit() and 1 <= int(answer) <= len(catalog.categories):
            return catalog.categories[int(answer) - 1].id
        if any(c.id == answer for c in catalog.categories):
            return answer
        print(f"  no category '{answer}'")

"""`error-catalog check [DIR]`: validate a catalog and run the emitted-code gate.

The same checks as a build, without building the site: fast enough for a
pre-commit hook. Exit codes: 0 all good (never-emitted entries are printed as
warnings), 1 the catalog has problems, an emitted code is undocumented, a
source is unreadable or malformed, or (with --strict) an entry is never
emitted or not yet explained (`explained: false`, what `import` writes); 2
wrong usage.
"""
from __future__ import annotations

import os
import sys

from ..core import gate, imported
from ..core.problems import Failure
from .validate import valid_or_fail


def register(sub) -> None:
    p = sub.add_parser("check", help="validate a catalog and check every emitted code has an entry")
    p.add_argument("dir", nargs="?", default="catalog", help="catalog folder (default: catalog)")
    p.add_argument("--strict", action="store_true",
                   help="fail (exit 1) on entries that no emitted source emits, and on entries "
                        "not yet explained (`explained: false`), too")
    add_allowed_roots(p)
    p.set_defaults(run=run)


def add_allowed_roots(p) -> None:
    """`--allowed-root DIR`, for the commands that read the emitted sources."""
    p.add_argument("--allowed-root", action="append", default=[], metavar="DIR",
                   help="a folder outside the catalog's repository that emitted sources may read "
                        "(a service checked out beside the docs); repeat for more")


def allowed_roots(args) -> list[str]:
    """The folders named with --allowed-root; each must be one."""
    for root in args.allowed_root:
        if not os.path.isdir(root):
            raise Failure([f"--allowed-root {root}: not a folder"], "Nothing was read")
    return args.allowed_root


def run(args) -> int:
    catalog = valid_or_fail(args.dir)
    found = gate.check(catalog, allowed=allowed_roots(args))
    if found.errors:
        _print(f"The emitted-code gate found {_n(found.errors, 'problem')}:", found.errors)
    if found.unused:
        verdict = "errors under --strict" if args.strict else "warnings; --strict fails on them"
        _print(f"{_n(found.unused, 'entry', 'entries')} that no source emits ({verdict}):", found.unused)
    drafts = imported.unexplained(catalog)
    if drafts:
        verdict = "errors under --strict" if args.strict else "warnings; --strict fails on them"
        _print(f"{_n(drafts, 'entry', 'entries')} not yet explained ({verdict}):", drafts)
    failed = bool(found.errors) or (args.strict and bool(found.unused or drafts))
    what = f"{len(catalog.entries)} entries"
    if catalog.emitted:
        what += f"; {found.summary()}"
    else:
        what += "; no `emitted:` sources declared, so no code was checked"
    print(f"{args.dir}: {what}{' -- FAILED' if failed else ''}")
    return 1 if failed else 0


def _n(items: list, one: str, many: str | None = None) -> str:
    return f"{len(items)} {one if len(items) == 1 else (many or one + 's')}"


def _print(head: str, problems: list) -> None:
    print("\n".join([head, *(f"  {p}" for p in problems)]), file=sys.stderr)

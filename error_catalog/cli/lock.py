"""`error-catalog lock [DIR] [--check] [--force]`: write or check `DIR/permalinks.lock`."""
from __future__ import annotations

from ..core import lock
from ..core.files import write_atomic
from ..core.problems import Failure
from .validate import load_or_fail


def register(sub) -> None:
    p = sub.add_parser("lock", help="write DIR/permalinks.lock, the list of published permalinks")
    p.add_argument("dir", nargs="?", default="catalog", help="catalog folder (default: catalog)")
    p.add_argument("--check", action="store_true",
                   help="write nothing; fail when the lock is missing, stale or broken")
    p.add_argument("--force", action="store_true",
                   help="rewrite the lock even though locked permalinks no longer resolve (unpublishes them)")
    p.set_defaults(run=run)


def run(args) -> int:
    catalog = load_or_fail(args.dir)
    file = lock.lock_path(args.dir)
    problems = lock.check(catalog)
    now = lock.current(catalog)
    text = lock.render(now)
    try:
        old = lock.read_text(file, catalog.root)
    except lock.LockError as e:
        if args.check or not args.force:
            raise Failure([str(e)], f"{file}: not rewritten; fix or remove it, or pass --force") from None
        old = None
    if args.check:
        if old is None or not lock.same_lock(old, text):
            problems.append(f"{file}: {'missing' if old is None else 'stale'}; "
                            f"run `error-catalog lock {args.dir}`")
        if problems:
            raise Failure(problems)
        return 0
    if problems and not args.force:
        raise Failure(problems, f"{file}: not rewritten: {len(problems)} locked permalink(s) would stop "
                                "resolving; fix the catalog, or pass --force to unpublish them")
    write_atomic(file, text, root=catalog.root)
    print(f"{file}: {len(now)} permalinks locked{'' if old != text else ' (unchanged)'}")
    return 0

"""`error-catalog <command>`: the catalog tools that run without a site build.

Each command lives in the module of its concern and registers itself here via
`COMMANDS` (module path -> its `register(subparsers)`). A command that finds
problems raises `Failure`; `main` reports it (every line, then the verdict) in
one place. Exit codes: 0 success, 1 the check found problems, 2 usage errors
(argparse).
"""
from __future__ import annotations

import argparse
import importlib
import sys

from ..core.paths import PathRefused
from ..core.problems import Failure

# Modules that provide a `register(subparsers)` function adding their commands.
COMMANDS: list[str] = [
    "error_catalog.cli.validate",
    "error_catalog.cli.check",
    "error_catalog.cli.po",
    "error_catalog.cli.lock",
    "error_catalog.cli.init",
    "error_catalog.cli.engine",
    "error_catalog.cli.diff",
    "error_catalog.cli.redirects",
    "error_catalog.cli.importing",
    "error_catalog.cli.codegen",
    "error_catalog.cli.openapi",
    "error_catalog.cli.explain",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="error-catalog", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(name).register(sub)
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except Failure as failure:
        report(failure)
        return 1
    except PathRefused as refused:  # the path policy (core/paths.py): nothing was read or written
        report(Failure([str(refused)], "Nothing was written"))
        return 1
    except OSError as e:  # the file system failed us (full disk, permissions): say where, not how
        where = f"{e.filename}: " if e.filename else ""
        report(Failure([f"{where}{e.strerror or type(e).__name__}"], "Stopped"))
        return 1
    except RecursionError:  # a last guard; inputs are bounded before they get here
        report(Failure(["the input is nested too deeply to process"], "Stopped"))
        return 1


def report(failure: Failure) -> None:
    """Every finding on stderr, then the verdict (the command then exits 1)."""
    print(failure.report(), file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""`python -m macros <command>`: the catalog tools that run without a site build.

Each command lives in the module of its concern and registers itself here via
`COMMANDS` (module path -> its `register(subparsers)`). Exit codes: 0 success,
1 the check found problems, 2 usage errors (argparse).
"""
from __future__ import annotations

import argparse
import importlib
import sys

# Modules that provide a `register(subparsers)` function adding their commands.
COMMANDS: list[str] = [
    "macros.validate",
    "macros.check",
    "macros.potools",
    "macros.lock",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(name).register(sub)
    args = parser.parse_args(argv)
    return int(args.run(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

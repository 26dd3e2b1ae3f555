"""Scan benchmark: the gate's source scanner against `grep -rEon`, same pattern, same tree.

Generates a source tree of about --lines lines (default 1,000,000) in a temporary
folder, then times, in alternating order over --runs runs, the scanner the
`scan:` source uses (`error_catalog.core.scan`: glob, compile once, stream each file, skip
binary files) and GNU grep with the same pattern. Both must find the same
matches; the ratio is scanner time / grep time, reported per run and as the
median. Run from the repository root:

    python3 bench/scan_bench.py [--lines N] [--runs N] [--keep DIR]
"""
from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from error_catalog.core import scan  # noqa: E402

# One pattern for both: Python `re` and POSIX ERE (GNU grep knows \s) agree on it.
PATTERN = r'code\s*=\s*"([^"]+)"'
GLOB = "**/*.py"
LINES_PER_FILE = 2000

_FILLER = [
    "import logging",
    "log = logging.getLogger(__name__)",
    "",
    "def handler_{n}(request, db):",
    '    """Handle one request; see docs/handlers.md for the contract."""',
    "    user = db.users.get(request.user_id)",
    "    if user is None:",
    '        return {{"status": 404, "detail": "no such user {n}"}}',
    "    for item in request.items:",
    "        total += item.price * item.quantity  # prices are in cents",
    '    log.info("handled %s in %.1f ms", request.id, elapsed)',
    "    return Response(body, status=200)",
    "# TODO(ops): move the retry budget into settings",
    '    message = f"order {{order.id}} ready"',
    '    encoded = "code" + "=" + value  # not a match: no quotes after =',
]


def generate(root: Path, lines: int, seed: int = 9457) -> int:
    """Write ~`lines` lines of Python-like code under `root`; return how many matches to expect."""
    rng = random.Random(seed)
    codes = [f"{area}/{what}" for area in ("order", "payment", "cart", "auth", "upload")
             for what in ("not_found", "declined", "expired", "locked", "too_large", "invalid")]
    expected = 0
    files = max(1, lines // LINES_PER_FILE)
    for i in range(files):
        folder = root / f"service{i % 7}" / f"module{i % 23}"
        folder.mkdir(parents=True, exist_ok=True)
        out = []
        for n in range(LINES_PER_FILE):
            r = rng.random()
            if r < 0.03:
                out.append(f'        raise ApiError(code="{rng.choice(codes)}", status=400)')
                expected += 1
            elif r < 0.032:
                # A construct whose regex match would span a line end: grep never
                # matches across lines, and neither may the scanner.
                out.append('        raise ApiError(code=')
                out.append(f'            "{rng.choice(codes)}")')
            else:
                out.append(rng.choice(_FILLER).format(n=n))
        (folder / f"handlers_{i}.py").write_text("\n".join(out) + "\n", encoding="utf-8")
    # A few binary files that would match: both tools skip them.
    for i in range(5):
        (root / f"service{i}" / f"blob_{i}.py").write_bytes(b"\x00\x01" * 512 + b'code="BINARY"\n' * 50)
    return expected


def run_scanner(root: Path) -> set[tuple[str, int, str]]:
    rx = scan.compile_pattern(PATTERN)
    found = set()
    for path in scan.expand(root, GLOB):
        for line, code in scan.scan_file(path, rx):
            found.add((os.path.relpath(path, root), line, code))
    return found


def run_grep(root: Path) -> set[tuple[str, int, str]]:
    # Output to a pipe, not /dev/null: GNU grep stops at the first match when
    # it sees its output discarded. LC_ALL=C: bytes, as the scanner reads them.
    proc = subprocess.run(["grep", "-rEon", "--include=*.py", PATTERN, "."], cwd=root,
                          capture_output=True, env={**os.environ, "LC_ALL": "C"}, check=False)
    if proc.returncode > 1:
        raise SystemExit(f"grep failed: {proc.stderr.decode(errors='replace')}")
    rx = re.compile(PATTERN.encode())
    found = set()
    for row in proc.stdout.splitlines():
        path, line, match = row.split(b":", 2)
        m = rx.fullmatch(match)
        if m:  # "binary file matches" notices have no line number and no match
            found.add((os.path.normpath(path.decode()), int(line), m.group(1).decode()))
    return found


def timed(fn, root: Path) -> tuple[float, set]:
    start = time.perf_counter()
    result = fn(root)
    return time.perf_counter() - start, result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=1_000_000, help="lines to generate (default 1,000,000)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs of each tool (default 5)")
    ap.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = ap.parse_args(argv)
    if shutil.which("grep") is None:
        raise SystemExit("grep not found")

    root = args.keep or Path(tempfile.mkdtemp(prefix="scan-bench-"))
    try:
        if args.keep:
            shutil.rmtree(root, ignore_errors=True)
            root.mkdir(parents=True)
        expected = generate(root, args.lines)
        total = sum(p.read_bytes().count(b"\n") for p in root.rglob("*.py"))
        size = sum(p.stat().st_size for p in root.rglob("*.py"))
        version = subprocess.run(["grep", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
        print(f"tree: {total:,} lines, {size / 1e6:.1f} MB in {len(list(root.rglob('*.py')))} files "
              f"({root}); pattern {PATTERN!r}")
        print(f"baseline: LC_ALL=C grep -rEon --include='*.py' (same pattern, same tree), {version}")

        ours, theirs = run_scanner(root), run_grep(root)  # warm the page cache, compare results
        if ours != theirs:
            only = sorted(ours ^ theirs)[:5]
            raise SystemExit(f"results differ ({len(ours)} vs {len(theirs)} matches), e.g. {only}")
        if len(ours) != expected:
            raise SystemExit(f"expected {expected} matches, both found {len(ours)}")
        print(f"both find the same {len(ours):,} matches\n")

        print(f"{'run':>3}  {'scanner s':>10}  {'grep s':>8}  {'ratio':>6}")
        ratios = []
        for i in range(args.runs):
            order = [("scanner", run_scanner), ("grep", run_grep)]
            if i % 2:
                order.reverse()  # alternate, so neither always runs on a warmer machine
            times = {name: timed(fn, root)[0] for name, fn in order}
            ratio = times["scanner"] / times["grep"]
            ratios.append(ratio)
            print(f"{i + 1:>3}  {times['scanner']:>10.3f}  {times['grep']:>8.3f}  {ratio:>6.2f}")
        print(f"\nmedian ratio scanner/grep: {statistics.median(ratios):.2f} "
              f"(over {args.runs} alternating runs)")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

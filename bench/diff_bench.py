"""How much `error-catalog diff` costs beyond reading the two catalogs.

Two synthetic catalogs of `--codes` codes (bench/synth.py): OLD as written,
NEW with about 1% of its entries changed (statuses, numbers, messages, a
translation per locale), some codes added and some removed. Each run times, in
this process and alternating which goes first:

- baseline: load both catalogs with their PO files (what any comparison must do);
- diff: the same, then `core.diff.compare` and the text report.

Printed: both times per run, their ratio (diff / baseline) and the median ratio.
A ratio near 1 means the comparison itself is cheap next to reading YAML.

    python3 bench/diff_bench.py                  # 10,000 codes, 5 runs
    python3 bench/diff_bench.py --codes 2000 --runs 3
"""
from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth  # noqa: E402

from error_catalog.cli.diff import text  # noqa: E402
from error_catalog.core import diff, locales  # noqa: E402
from error_catalog.core.loader import load_catalog  # noqa: E402


def make_pair(root: Path, n: int) -> tuple[Path, Path]:
    old, new = root / "old", root / "new"
    synth.write_catalog(old, n)
    shutil.copytree(old, new)
    for f in sorted((new / "errors").glob("*.yaml")):
        lines = f.read_text(encoding="utf-8").split("\n")
        for i, line in enumerate(lines):
            # Every 100th status, number and message changes (the first of each kind in a block).
            if i % 100 == 7 and re.match(r"^  status: \d+$", line):
                lines[i] = "  status: 409"
            elif i % 100 == 37 and re.match(r"^  message: ", line):
                lines[i] = line + " (reworded)"
        f.write_text("\n".join(lines), encoding="utf-8")
    for po in sorted((new / "locales").glob("*.po")):
        text = po.read_text(encoding="utf-8")
        po.write_text(re.sub(r'(msgstr ")', r"\1~", text, count=n // 100), encoding="utf-8")
    return old, new


def load(folder: Path):
    catalog = load_catalog(folder)
    return catalog, locales.load(catalog)


def baseline(old: Path, new: Path) -> None:
    load(old)
    load(new)


def full(old: Path, new: Path) -> int:
    (a, ta), (b, tb) = load(old), load(new)
    changes = diff.compare(a, b, (ta, tb))
    text(changes, "old", "new")
    return len(changes)


def timed(fn, *args) -> tuple[float, object]:
    t = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - t, result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--codes", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="diff-bench-") as tmp:
        old, new = make_pair(Path(tmp), args.codes)
        ratios = []
        for run in range(args.runs):
            if run % 2:
                t_full, found = timed(full, old, new)
                t_base, _ = timed(baseline, old, new)
            else:
                t_base, _ = timed(baseline, old, new)
                t_full, found = timed(full, old, new)
            ratios.append(t_full / t_base)
            print(f"run {run + 1}: load both {t_base:.2f} s, load + diff {t_full:.2f} s, "
                  f"ratio {ratios[-1]:.2f} ({found} changes)")
        print(f"{args.codes} codes: median ratio diff / load-both = {statistics.median(ratios):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The site build benchmark runs end to end (a tiny catalog, one round; no timing asserted)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_bench_harness_prints_a_ratio_line(tmp_path):
    proc = subprocess.run(
        [sys.executable, "bench/run.py", "--sizes", "20", "--repeat", "1", "--no-warmup", "--serve-edits", "1",
         "--no-scan", "--out", str(tmp_path), "--sites-in", str(tmp_path / "sites")],
        cwd=ROOT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rows = [line for line in proc.stdout.splitlines() if line.startswith("| 20 |")]
    assert len(rows) == 1, proc.stdout
    assert " / " in rows[0] and "chars" in rows[0]
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    size = results["sizes"]["20"]
    assert size["ratio_median"] > 0 and size["cpu_ratio_median"] > 0
    # Both sites were built and carry the same codes.
    for side in ("generated", "hand"):
        assert (Path(size["sites"][side]) / "reference" / "auth" / "index.html").is_file()
    # Only the last build of each side is kept; the others went to the trash, emptied at exit.
    assert sorted(p.name for p in (tmp_path / "sites" / "n20" / "builds").iterdir()) == sorted(
        Path(size["sites"][side]).name for side in ("generated", "hand"))
    assert not (tmp_path / "sites" / "trash").exists()
    assert results["weight"]["generated"]["search_docs_redirects"] == 0
    # `mkdocs serve` on both sides: the edit was rebuilt and served, and a reload ratio printed.
    for side in ("generated", "hand"):
        assert results["serve"][side]["verified"], results["serve"][side]
    assert results["serve"]["ratio"] > 0 and "reload ratio generated / hand: " in proc.stdout


def test_diff_bench_prints_a_ratio(tmp_path):
    """The diff benchmark runs end to end on a small catalog (no timing asserted)."""
    proc = subprocess.run([sys.executable, "bench/diff_bench.py", "--codes", "200", "--runs", "1"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "200 codes: median ratio diff / load-both = " in proc.stdout
    changes = int(proc.stdout.split("(")[1].split(" changes")[0])
    assert changes > 0

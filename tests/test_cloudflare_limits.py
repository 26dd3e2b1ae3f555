"""A 6,000-code catalog built for Cloudflare Pages: the build keeps `_redirects`
within the 2,000 static rules Cloudflare applies and says exactly which limits
the site passes and how the rest of its permalinks land.

At this size the permalink paths (22,960) far outnumber the rules (1,000 paths),
so most land by fallback page, and those pages take the site past the 20,000
files of the free plan: the build says so with the exact counts. The smallest
catalog past both limits is what is built: one build (`slow`).
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from error_catalog.core import permalinks
from error_catalog.core.loader import load_catalog
from error_catalog.outputs import redirects
from permalink_servers import parse_redirects

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import synth  # noqa: E402

pytestmark = pytest.mark.slow


def test_6000_codes_for_cloudflare(tmp_path):
    from conftest import run_build

    root = tmp_path / "catalog"
    synth.write_catalog(root, 6000)
    site = tmp_path / "site"
    proc = run_build(root, site, env={"REDIRECTS_FOR": "cloudflare", "FALLBACK_PAGES": "auto"}, check=False)
    out = proc.stdout + proc.stderr
    catalog = load_catalog(root)
    pmap = permalinks.permalink_map(catalog)
    rules = parse_redirects((site / "_redirects").read_text(encoding="utf-8"))
    assert 1990 <= len(rules) <= 2000 and all(r.status == 301 and not r.forced for r in rules)
    ruled = {r.source.rstrip("/") for r in rules}
    # every canonical /errors/<code> fits before any other kind of path
    canonical = {permalinks.permalink_paths(catalog, e)[0] for e in catalog.entries}
    assert ruled <= canonical or canonical <= ruled
    # what the rules do not land has its fallback page, and nothing else has one
    pages = {p for p in pmap if (site / p.strip("/") / "index.html").is_file()}
    assert pages == set(pmap) - ruled
    # the build names both limits with the exact counts
    assert (f"_redirects for cloudflare: {len(pmap)} permalink paths, past the host's limit (Cloudflare Pages: "
            f"2,000 static rules, 20,000 files per deployment on the free plan (100,000 paid)): {len(ruled)} "
            f"land by rule (the paths in _redirects), the other {len(pages)} land by their fallback page") in out, out
    files = sum(len(names) for _here, _dirs, names in os.walk(site))
    m = re.search(r"the site has (\d+) files, (\d+) of them fallback pages: past the host's limit", out)
    assert m, out
    assert (int(m.group(1)), int(m.group(2))) == (files, len(pages)) and files > 20000

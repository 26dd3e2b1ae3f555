"""Lighthouse 12 (pinned in .ci/lighthouse, mobile preset) on the home page and the
largest category page, of this repository's site and of a 1,000-code synthetic
catalog (bench/synth.py: Markdown links in prose, six locales, aliases, retired
codes), served with the site's real headers: accessibility, best practices and
SEO must be 100. Performance is a benchmark figure (bench/README.md),
not a test: it depends on the machine."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from error_catalog.core import permalinks
from error_catalog.core.loader import load_catalog
from permalink_servers import ROOT, StaticServer, site_headers

sys.path.insert(0, str(ROOT / "bench"))
import synth  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LIGHTHOUSE = ROOT / ".ci" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("accessibility", "best-practices", "seo")
FLAGS = "--headless --no-sandbox --disable-background-networking --disable-component-update --no-first-run"


def lighthouse(url: str, out, categories=CATEGORIES) -> dict:
    """One Lighthouse run; its JSON report."""
    if not LIGHTHOUSE.exists():
        pytest.fail("Lighthouse is not installed: npm ci --prefix .ci/lighthouse --ignore-scripts")
    report = out / "report.json"
    subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
                    f"--only-categories={','.join(categories)}", f"--chrome-flags={FLAGS}"],
                   env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"}, check=True, timeout=300,
                   capture_output=True)
    return json.loads(report.read_text(encoding="utf-8"))


def failing(report: dict) -> list[str]:
    out = []
    for key, cat in report["categories"].items():
        for ref in cat["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                items = (audit.get("details") or {}).get("items") or []
                where = [str((i.get("node") or {}).get("snippet", ""))[:120] for i in items[:3]]
                out.append(f"{key}: {ref['id']} ({audit['title']}) {where}")
    return out


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synth") / "catalog"
    synth.write_catalog(folder, 1000)
    return folder


@pytest.mark.parametrize("which", ["this repository", "synthetic 1,000 codes"])
def test_home_and_largest_category_score_100(which, build, synthetic, tmp_path):
    catalog_dir = ROOT / "catalog" if which == "this repository" else synthetic
    catalog = load_catalog(catalog_dir)
    largest = max(catalog.categories, key=lambda c: len(catalog.entries_in(c.id)))
    with StaticServer(build(catalog_dir), headers=site_headers()) as server:
        for path in ("/", "/" + permalinks.page_path(largest.id)):
            report = lighthouse(server.base + path, tmp_path)
            scores = {k: report["categories"][k]["score"] for k in CATEGORIES}
            assert scores == dict.fromkeys(CATEGORIES, 1), (path, scores, failing(report))

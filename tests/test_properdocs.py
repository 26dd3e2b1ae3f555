"""ProperDocs (the maintained fork of MkDocs 1.x) builds this repository's site
through the same `error-catalog` entry point: the same sections, anchors and
permalinks as MkDocs. It installs beside MkDocs (its own `properdocs` package
and command; it maps `mkdocs.*` imports to itself only inside its own process),
so both run from the test environment."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow

IDS = re.compile(r'\sid="([^"]+)"')


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("properdocs")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "1",
           "CATALOG_DIR": str(ROOT / "catalog")}
    proc = subprocess.run([sys.executable, "-m", "properdocs", "build", "--strict", "-d", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


def page_ids(site, rel):
    return IDS.findall((site / rel).read_text(encoding="utf-8"))


def test_same_pages_sections_and_anchors(site, properdocs_site):
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert pages == sorted(p.relative_to(properdocs_site).as_posix() for p in properdocs_site.rglob("*.html"))
    for rel in pages:
        if rel.startswith("reference/") or rel in ("index.html", "statuses/index.html"):
            assert page_ids(site, rel) == page_ids(properdocs_site, rel), rel


@pytest.mark.parametrize("rel", ["_redirects", "errors.json", "errors.schema.json", "locales/es.json",
                                 "errors/1001/index.html"])
def test_same_permalinks_and_exports_byte_for_byte(site, properdocs_site, rel):
    assert (site / rel).read_bytes() == (properdocs_site / rel).read_bytes()


def test_the_404_page_knows_the_permalinks(properdocs_site):
    page = (properdocs_site / "404.html").read_text(encoding="utf-8")
    assert 'id="ec-unknown-code"' in page and '"/errors/"' in page

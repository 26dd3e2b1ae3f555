"""Real Chromium follows every permalink of every catalog through its fallback page
on a plain static server (no redirect rules, like GitHub Pages or S3) and lands on
its section; test_browser_permalinks.py does the same through `_redirects` and says how."""
from __future__ import annotations

import pytest

from error_catalog.core import permalinks
from error_catalog.core.loader import load_catalog
from permalink_servers import StaticServer, catalog_id, catalogs, site_headers
from test_browser_permalinks import LARGE, _asked, assert_section_in_view, page, shapes  # noqa: F401 - page: the fixture

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize("catalog_dir", [c for c in catalogs() if c not in LARGE], ids=catalog_id)
def test_permalinks_land_through_fallback_pages(catalog_dir, build, page):
    walk_fallback_pages(catalog_dir, build, page)


def walk_fallback_pages(catalog_dir, build, page) -> None:
    catalog = load_catalog(catalog_dir)
    layout = permalinks.layout(catalog)
    landed: set[str] = set()
    with StaticServer(build(catalog_dir), headers=site_headers()) as server:
        for i, (path, entry, kind) in enumerate(shapes(catalog)):
            full = entry.code not in landed
            page.goto(server.base + _asked(i, path), wait_until="commit")
            page.wait_for_url(server.base + layout.entry_target(entry),
                              wait_until="domcontentloaded" if full else "commit")
            if full:
                assert_section_in_view(page, entry, path)
                landed.add(entry.code)
    assert landed == {e.code for e in catalog.entries}

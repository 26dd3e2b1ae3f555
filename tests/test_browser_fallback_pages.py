"""Real Chromium follows the permalinks of every catalog through their fallback pages
on a plain static server (no redirect rules, like GitHub Pages or S3) and lands on
their sections; test_browser_permalinks.py does the same through `_redirects` and says
which permalinks it follows."""
from __future__ import annotations

import pytest

from error_catalog.core import permalinks
from error_catalog.core.loader import load_catalog
from permalink_servers import StaticServer, catalog_id, catalogs, site_headers
from test_browser_permalinks import assert_section_in_view, page, walk  # noqa: F401 - page: the fixture

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize("catalog_dir", catalogs(), ids=catalog_id)
def test_permalinks_land_through_fallback_pages(catalog_dir, build, page):
    walk_fallback_pages(catalog_dir, build, page)


def walk_fallback_pages(catalog_dir, build, page) -> None:
    catalog = load_catalog(catalog_dir)
    layout = permalinks.layout(catalog)
    with StaticServer(build(catalog_dir), headers=site_headers()) as server:
        for asked, path, entry, kind, full in walk(catalog):
            page.goto(server.base + asked, wait_until="commit")
            page.wait_for_url(server.base + layout.entry_target(entry), wait_until="domcontentloaded" if full else "commit")
            if full:
                assert_section_in_view(page, entry, path)

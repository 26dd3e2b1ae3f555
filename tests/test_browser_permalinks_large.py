"""The largest example's permalinks followed in a real Chromium, through `_redirects`
and through the fallback pages (test_browser_permalinks.py and
test_browser_fallback_pages.py walk the others and say how): a file of its own, so
that pytest-xdist's --dist loadfile runs it beside them on another worker."""
from __future__ import annotations

import pytest

from permalink_servers import catalog_id
from test_browser_fallback_pages import walk_fallback_pages
from test_browser_permalinks import LARGE, page, walk_redirects  # noqa: F401 - page: the fixture

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize("catalog_dir", LARGE, ids=catalog_id)
def test_permalinks_land_through_redirects(catalog_dir, build, page, tmp_path):
    walk_redirects(catalog_dir, build, page, tmp_path)


@pytest.mark.parametrize("catalog_dir", LARGE, ids=catalog_id)
def test_permalinks_land_through_fallback_pages(catalog_dir, build, page):
    walk_fallback_pages(catalog_dir, build, page)

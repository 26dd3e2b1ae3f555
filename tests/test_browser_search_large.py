"""Searching every code, alias, number and message of the two largest example
catalogs in a real Chromium (test_browser_search.py has the others and says how)."""
from __future__ import annotations

import pytest
from test_browser_search import LARGE, catalog_id, search_every_query

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize("catalog_dir", LARGE, ids=catalog_id)
def test_every_code_alias_number_and_message_finds_its_entry_first(build, page, catalog_dir):
    search_every_query(build, page, catalog_dir)

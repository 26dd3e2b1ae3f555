"""Searching a code in a real Chromium: its section is the first section result."""
from __future__ import annotations

import pytest
from permalink_servers import StaticServer

pytestmark = pytest.mark.browser

CASES = [  # what a person types -> the section that must come first
    ("token/expired", "#token-expired"),
    ("token", "#token-expired"),
    ("VALIDATION_ERROR", "#validation-error"),
    ("validation", "#validation-error"),
    ("EXPIRED_TOKEN", "#token-expired"),  # an alias
    ("1002", "#token-expired"),           # a number
    ("sdk/timeout", "#sdk-timeout"),
]


def first_section(page, query: str) -> str:
    page.click("input.md-search__input")
    page.fill("input.md-search__input", "")
    page.type("input.md-search__input", query, delay=10)
    # Results update as one types; let the last keystroke's results settle.
    page.wait_for_timeout(800)
    page.wait_for_selector(".md-search-result__item a[href*='#']", state="attached", timeout=10_000)
    hrefs = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
    return next(h for h in hrefs if "#" in h)


def test_a_code_is_found_whole_and_by_its_parts(site, page):
    with StaticServer(site) as server:
        search_codes(server, page)


def search_codes(server, page):
    page.goto(server.base + "/")
    for query, anchor in CASES:
        found = first_section(page, query)
        assert found.endswith(anchor), f"searching {query!r}: first section is {found}"
    page.click(".md-search-result__item a[href*='#sdk-timeout']")
    page.wait_for_url("**/reference/sdk/**#sdk-timeout")
    assert page.locator("#sdk-timeout").is_visible()

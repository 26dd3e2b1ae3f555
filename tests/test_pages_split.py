"""Bounded pages: a category longer than `page_size` is split into pages, and every
permalink follows its entry to the page that holds its section (real strict builds)."""
from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from error_catalog.core import permalinks
from error_catalog.core.loader import load_catalog
from permalink_servers import FIXTURES, ROOT, parse_redirects
# The whole-site permalink checks, under names pytest does not collect here a second time.
from test_permalinks_site import test_every_entry_has_every_permalink as check_every_permalink
from test_permalinks_site import test_every_rule_lands_on_a_section_showing_its_code as check_rules_land
from test_permalinks_site import test_fallback_page_at_every_permalink as check_fallback_pages

sys.path.insert(0, str(ROOT / "bench"))
import synth  # noqa: E402

pytestmark = pytest.mark.slow

_ID = re.compile(r'\sid="([^"]+)"')


@pytest.fixture(scope="module")
def numbered(build, tmp_path_factory):
    """250 synthetic codes (25 per category, all numbered) in pages of 8."""
    folder = tmp_path_factory.mktemp("big") / "catalog"
    synth.write_catalog(folder, 250)
    catalog = load_catalog(folder)
    return catalog, build(folder, PAGE_SIZE="8"), permalinks.layout(catalog, 8)


@pytest.fixture(scope="module")
def alphabetical(build):
    """The permalink fixture (codes with and without numbers) in pages of 2."""
    catalog = load_catalog(FIXTURES / "permalinks")
    return catalog, build(FIXTURES / "permalinks", PAGE_SIZE="2"), permalinks.layout(catalog, 2)


@pytest.fixture(params=["numbered", "alphabetical"])
def built(request):
    return request.getfixturevalue(request.param)


def test_permalinks_land_on_the_part_pages(built):
    catalog, site, layout = built
    assert any(layout.is_split(c.id) for c in catalog.categories)
    check_rules_land(built)
    check_every_permalink(built)
    check_fallback_pages(built)


def test_each_section_on_exactly_one_page_and_ids_unique(built):
    catalog, site, layout = built
    where: Counter = Counter()
    for c in catalog.categories:
        pages = [permalinks.page_path(c.id)]
        if layout.is_split(c.id):
            pages += [layout.part_url(p) for p in layout.parts(c.id)]
        for path in pages:
            ids = _ID.findall((site / path / "index.html").read_text(encoding="utf-8"))
            assert len(ids) == len(set(ids)), f"{path}: repeated ids"
            where.update((path, i) for i in ids)
    for e in catalog.entries:
        holders = [p for (p, i) in where if i == e.anchor]
        assert holders == [layout.entry_page(e)], (e.code, holders)


def test_split_category_page_lists_its_parts_in_order(built):
    catalog, site, layout = built
    for c in catalog.categories:
        if not layout.is_split(c.id):
            continue
        parts = layout.parts(c.id)
        assert sum(len(p.entries) for p in parts) == len(catalog.entries_in(c.id))
        assert all(len(p.entries) <= layout.page_size for p in parts)
        text = (site / permalinks.page_path(c.id) / "index.html").read_text(encoding="utf-8")
        links = re.findall(r'<div class="ec-table ec-parts">.*?</div>', text, re.S)[0]
        hrefs = re.findall(r'href="([^"]+)"', links)
        assert hrefs == [p.slug + "/" for p in parts]
        # Numbered categories are cut by number: each page's range follows the last.
        if parts[0].slug[0].isdigit():
            numbers = [e.number for p in parts for e in p.entries]
            assert numbers == sorted(numbers)


def test_links_between_entries_follow_the_split(numbered):
    """Successor links and the A-Z index point at the part page of their entry."""
    catalog, site, layout = numbered
    index = (site / "index.html").read_text(encoding="utf-8")
    for e in catalog.entries:
        if layout.is_split(e.category):
            assert f'href="{layout.entry_page(e)}#{e.anchor}"' in index or \
                f'#{e.anchor}"' not in index, e.code
    redirect_targets = {r.target for r in parse_redirects((site / "_redirects").read_text(encoding="utf-8"))}
    assert any(t.count("/") == 4 for t in redirect_targets), "targets reach part pages"


def test_no_split_at_or_under_the_size(tmp_path):
    catalog = load_catalog(FIXTURES / "permalinks")
    layout = permalinks.layout(catalog, 0)
    assert not any(layout.is_split(c.id) for c in catalog.categories)
    biggest = max(len(catalog.entries_in(c.id)) for c in catalog.categories)
    layout = permalinks.layout(catalog, biggest)
    assert not any(layout.is_split(c.id) for c in catalog.categories)
    assert all(layout.entry_page(e) == permalinks.page_path(e.category) for e in catalog.entries)
    layout = permalinks.layout(catalog, biggest - 1)
    assert any(layout.is_split(c.id) for c in catalog.categories)


def test_long_az_index_and_status_table_stay_bounded(numbered, monkeypatch):
    """Past AZ_PAGE_SIZE codes the A-Z index links pages holding every code once,
    and the status table names at most STATUS_CODES_SHOWN codes per status."""
    from error_catalog.render import renderer, tables
    catalog, _, layout = numbered
    monkeypatch.setattr(permalinks, "AZ_PAGE_SIZE", 60)
    monkeypatch.setattr(tables, "STATUS_CODES_SHOWN", 3)
    r = renderer.Renderer(catalog, layout=layout)
    parts = permalinks.az_parts(catalog)
    assert [len(es) for _, es in parts] == [60, 60, 60, 60, 10]
    index = str(r.az_index(""))
    assert re.findall(r'href="([^"]+)"', index) == [layout.url(src) for src, _ in parts]
    listed = []
    for src, es in parts:
        page = r.az_page(src, es)
        assert "search:\n  exclude: true" in page
        listed += re.findall(r'href="[^"]*#([a-z0-9-]+)"', page)
    assert sorted(listed) == sorted(e.anchor for e in catalog.entries)
    table = str(r.status_table(""))
    for row in re.findall(r"<tr id=\"_status-\d+\">.*?</tr>", table):
        assert len(re.findall(r"<a href=", row)) <= 3
    assert " more</td>" in table

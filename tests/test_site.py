"""Whole-site builds of the repository's own catalog (real `mkdocs build --strict`)."""
from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser

import pytest

from error_catalog.core import permalinks
from error_catalog.core.loader import load_catalog

from conftest import ROOT, run_build
from po_texts import translated_messages


class Headings(HTMLParser):
    """Collects each element id with the text of that element (for h1-h6)."""

    def __init__(self):
        super().__init__()
        self.ids: dict[str, str] = {}
        self._open: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and "id" in a:
            self._open.append((tag, a["id"]))
            self.ids[a["id"]] = ""
        elif "id" in a:
            self.ids.setdefault(a["id"], "")

    def handle_endtag(self, tag):
        if self._open and self._open[-1][0] == tag:
            self._open.pop()

    def handle_data(self, data):
        for _, i in self._open:
            self.ids[i] += data


def headings(path) -> dict[str, str]:
    p = Headings()
    p.feed(path.read_text(encoding="utf-8"))
    return p.ids


@pytest.mark.slow
def test_every_entry_has_its_anchor_on_its_category_page_showing_the_code(site):
    catalog = load_catalog(ROOT / "catalog")
    assert len(catalog.entries) >= 40 and len(catalog.categories) >= 6
    layout = permalinks.layout(catalog)
    pages = {p: headings(site / p / "index.html") for p in {layout.entry_page(e) for e in catalog.entries}}
    for e in catalog.entries:
        ids = pages[layout.entry_page(e)]
        assert e.anchor in ids, f"{e.code}: no #{e.anchor} on {layout.entry_page(e)}"
        assert e.code in ids[e.anchor], f"{e.code}: heading #{e.anchor} reads {ids[e.anchor]!r}"
        assert e.title in ids[e.anchor]


@pytest.mark.slow
def test_category_pages_follow_the_catalog_order_in_the_nav(site):
    catalog = load_catalog(ROOT / "catalog")
    page = (site / "index.html").read_text(encoding="utf-8")
    positions = [page.find(f'href="{permalinks.page_path(c.id)}"') for c in catalog.categories]
    assert all(p > 0 for p in positions) and positions == sorted(positions)


@pytest.mark.slow
def test_index_lists_every_code_a_to_z(site):
    catalog = load_catalog(ROOT / "catalog")
    page = (site / "index.html").read_text(encoding="utf-8")
    table = page[page.index('class="ec-table ec-index"'):].replace("<wbr>", "")
    codes = re.findall(r'<td><a href="([^"]+)"><code>([^<]+)</code></a>', table)
    assert [html.unescape(c) for _, c in codes] == sorted(
        (e.code for e in catalog.entries), key=lambda c: (c.lower(), c))
    for link, code in codes:
        e = catalog.entry(html.unescape(code))
        assert link == f"{permalinks.layout(catalog).entry_page(e)}#{e.anchor}"
    assert catalog.service in page


@pytest.mark.slow
def test_permalink_icon_points_at_errors_path(site):
    page = (site / "reference/auth/index.html").read_text(encoding="utf-8")
    assert 'class="headerlink" href="../../errors/token/expired"' in page


@pytest.mark.slow
def test_search_finds_codes_whole_and_by_parts(site):
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    sep = re.compile(index["config"]["separator"])
    assert sep.split("token/expired") == ["token", "expired"]
    # `_` joins (the exact code is one word); the section carries its parts for `validation`.
    assert sep.split("VALIDATION_ERROR") == ["VALIDATION_ERROR"]
    docs = {d["location"]: d for d in index["docs"]}
    assert "reference/auth/#token-expired" in docs
    section = next(d for loc, d in docs.items() if loc.endswith("#validation-error"))
    assert "VALIDATION ERROR" in section["text"]


@pytest.mark.slow
def test_site_name_comes_from_the_catalog(site):
    assert "<title>Overview - Quillstack error reference</title>" in (site / "index.html").read_text()


@pytest.mark.slow
def test_broken_catalog_fails_the_build_with_every_problem_and_no_traceback(tmp_path):
    (tmp_path / "errors").mkdir()
    (tmp_path / "catalog.yaml").write_text("service: X\nenvelope: problem\ncategories:\n  - {id: a, title: A}\n")
    (tmp_path / "errors" / "e.yaml").write_text("- {code: x, category: b, title: T, status: 99}\n")
    proc = run_build(tmp_path, tmp_path / "out", check=False)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert f"{tmp_path}/errors/e.yaml:1: category [x]: unknown category 'b'; known: a" in proc.stderr
    assert f"{tmp_path}/errors/e.yaml:1: status [x]: must be between 100 and 599, not 99" in proc.stderr
    assert not (tmp_path / "out" / "index.html").exists()


@pytest.mark.slow
def test_builds_are_byte_identical(build, tmp_path):
    first = build(ROOT / "tests/fixtures/minimal")
    run_build(ROOT / "tests/fixtures/minimal", tmp_path / "again")
    stamped = {"sitemap.xml", "sitemap.xml.gz"}  # MkDocs stamps the build date
    for f in first.rglob("*"):
        rel = f.relative_to(first)
        if f.is_file() and str(rel) not in stamped:
            assert f.read_bytes() == (tmp_path / "again" / rel).read_bytes(), rel


@pytest.mark.slow
def test_exact_json_maps_every_exact_text_to_its_entries(site):
    """What search pins first (errors.js): each code, alias, number and message (the
    entry's and its variants', in every language translated, case and spacing aside)
    leads to exactly its entries."""
    catalog = load_catalog(ROOT / "catalog")
    data = json.loads((site / "assets" / "error-catalog" / "exact.json").read_text(encoding="utf-8"))
    layout = permalinks.layout(catalog)
    assert data["rows"] == [[e.code, e.title, layout.entry_target(e, "")] for e in catalog.entries]
    expected: dict[str, list[int]] = {}
    translated = translated_messages(catalog)
    assert len(translated) > 100  # every locale of the repository's catalog is in
    for i, e in enumerate(catalog.entries):
        texts = {e.code, *e.aliases, e.message, *(v.message for v in e.variants.values())}
        texts |= {str(e.number)} if e.number is not None else set()
        texts |= {t for t, code, _ in translated if code == e.code}
        for t in {" ".join(t.split()).lower() for t in texts if t.strip()}:
            expected.setdefault(t, []).append(i)
    assert data["keys"] == expected


@pytest.mark.slow
def test_404_page_fetches_its_did_you_mean_codes(site):
    """The codes the 404 page suggests are a file it fetches, not inlined: the page
    stays small however long the catalog (tests/test_browser_reader.py clicks them)."""
    catalog = load_catalog(ROOT / "catalog")
    rows = json.loads((site / "assets" / "error-catalog" / "codes.json").read_text(encoding="utf-8"))
    layout = permalinks.layout(catalog)
    assert rows == [[e.code, *e.aliases, layout.entry_target(e, "")] for e in catalog.entries]
    page = (site / "404.html").read_text(encoding="utf-8")
    assert '"assets/error-catalog/codes.json"' in page
    assert not any(f'"{e.code}"' in page for e in catalog.entries)

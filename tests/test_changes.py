"""Versions on entries, the /changes/ page and the changes.xml Atom feed, from a
real build of tests/fixtures/versions (and of a catalog without versions)."""
from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from conftest import FIXTURES, ROOT, run_build
from htmltext import unbroken

from error_catalog.core import changelog
from error_catalog.core.loader import load_catalog
from error_catalog.core import permalinks
from error_catalog.outputs import changes_feed

VERSIONS = FIXTURES / "versions"
A = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def vsite(build) -> Path:
    return build(VERSIONS)


def test_releases_newest_first_with_each_kind():
    releases = changelog.releases(load_catalog(VERSIONS))
    assert [r.version.name for r in releases] == ["3.0", "2.3", "2.0", "1.0"]
    got = {r.version.name: [(c.kind, c.entry.code, c.old) for c in r.changes] for r in releases}
    assert got == {
        "3.0": [("deprecated", "input/too_large", None), ("retired", "session/legacy", None)],
        "2.3": [("added", "input/too_large", None)],
        "2.0": [("renamed", "token/invalid", "BAD_TOKEN"), ("deprecated", "session/legacy", None)],
        "1.0": [("added", "input/invalid", None), ("added", "session/legacy", None),
                ("added", "token/expired", None)],
    }


@pytest.mark.slow
def test_section_shows_versions(vsite):
    auth = (vsite / "reference" / "auth" / "index.html").read_text(encoding="utf-8")
    assert '<span class="ec-badge ec-since" title="The version this code appeared in">Since 2.0</span>' in auth
    assert "<strong>Retired in 3.0.</strong> Deprecated in 2.0." in auth
    assert 'data-code="token/invalid" data-since="2.0"' in auth
    inputs = (vsite / "reference" / "input" / "index.html").read_text(encoding="utf-8")
    assert "<strong>Deprecated in 3.0.</strong>" in inputs
    unversioned = inputs[inputs.index('data-code="input/unversioned"'):]
    assert "ec-since" not in unversioned[:unversioned.index("</p>")]


@pytest.mark.slow
def test_az_index_has_since_column_and_filter_attributes(vsite):
    index = unbroken((vsite / "index.html").read_text(encoding="utf-8"))
    assert "<th>Since</th>" in index
    rows = re.findall(r'<tr (?:data-keys="[^"]*" )?data-since="([^"]*)" data-lifecycle="([a-z]+)"><td><a [^>]*><code>([^<]+)</code>', index)
    assert ("2.3", "deprecated", "input/too_large") in rows
    assert ("", "active", "input/unversioned") in rows
    assert len(rows) == 6


@pytest.mark.slow
def test_errors_json_carries_versions(vsite):
    data = json.loads((vsite / "errors.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads((ROOT / "error_catalog" / "schema" / "errors.schema.json").read_text()))
    assert data["versions"][0] == {"version": "1.0", "date": "2024-01-15"}
    assert data["versions"][-1] == {"version": "3.0", "date": None}
    legacy = next(e for e in data["errors"] if e["code"] == "session/legacy")
    assert (legacy["since"], legacy["deprecated_in"], legacy["retired_in"]) == ("1.0", "2.0", "3.0")


@pytest.mark.slow
def test_changes_page_lists_versions_newest_first(vsite):
    html = unbroken((vsite / "changes" / "index.html").read_text(encoding="utf-8"))
    ids = re.findall(r'<h2 id="(_v-[^"]+)"', html)
    assert ids == ["_v-3-0", "_v-2-3", "_v-2-0", "_v-1-0"]
    assert '<code>BAD_TOKEN</code> → <a href="../reference/auth/#token-invalid"><code>token/invalid</code></a>' in html
    assert '<a href="../changes.xml">Atom feed</a>' in html


def parse_feed(path: Path) -> ET.Element:
    root = ET.parse(path).getroot()  # well-formed, or this raises
    assert root.tag == A + "feed"
    return root


@pytest.mark.slow
def test_feed_is_valid_atom(vsite):
    feed = parse_feed(vsite / "changes.xml")
    for name in ("id", "title", "updated", "author"):
        assert feed.find(A + name) is not None, name
    entries = feed.findall(A + "entry")
    assert [e.find(A + "title").text for e in entries] == [
        "Verso 3.0: 1 deprecated, 1 retired", "Verso 2.3: 1 added", "Verso 2.0: 1 renamed, 1 deprecated",
        "Verso 1.0: 3 added"]
    ids = [e.find(A + "id").text for e in entries]
    assert len(set(ids)) == len(ids) and all(re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", i) for i in ids)
    stamp = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
    assert stamp.fullmatch(feed.find(A + "updated").text)
    for e in entries:
        assert stamp.fullmatch(e.find(A + "updated").text)
        assert e.find(A + "link").get("rel") == "alternate"
        content = e.find(A + "content")
        assert content.get("type") == "html"
        ET.fromstring(f"<div>{content.text.replace('&nbsp;', ' ')}</div>")  # the HTML inside is well-formed too
    assert entries[2].find(A + "updated").text == "2024-09-02T00:00:00Z"
    # Relative links in the content resolve against the changes page.
    assert entries[1].find(A + "content").get("{http://www.w3.org/XML/1998/namespace}base") == "changes/"


def test_feed_ids_are_stable_across_builds_and_edits(tmp_path):
    """The same version keeps its id when codes are added or the site URL changes."""
    before = changes_feed.feed(load_catalog(VERSIONS))
    copy = tmp_path / "c"
    shutil.copytree(VERSIONS, copy)
    f = copy / "errors" / "input.yaml"
    f.write_text(f.read_text() + "- {code: input/new, category: input, title: New, since: '2.3'}\n")
    after = changes_feed.feed(load_catalog(copy), "https://docs.example/api/")
    ids = lambda text: [e.find(A + "id").text for e in ET.fromstring(text).findall(A + "entry")]  # noqa: E731
    assert ids(before) == ids(after)
    assert "Verso 2.3: 2 added" in after
    root = ET.fromstring(after)
    assert root.find(A + "link[@rel='self']").get("href") == "https://docs.example/api/changes.xml"
    assert root.find(A + "entry/" + A + "link").get("href") == "https://docs.example/api/changes/#_v-3-0"
    assert changes_feed.feed(load_catalog(VERSIONS)) == before  # deterministic


def test_feed_links_follow_the_sites_url_style():
    """With use_directory_urls: false the changes page is changes.html: the feed's links,
    its content's base and the section links inside point at the pages that exist."""
    catalog = load_catalog(VERSIONS)
    flat = permalinks.layout(catalog, directory_urls=False)
    root = ET.fromstring(changes_feed.feed(catalog, "", flat))
    assert root.find(A + "link[@rel='alternate']").get("href") == "changes.html"
    entry = root.find(A + "entry")
    assert entry.find(A + "link").get("href") == "changes.html#_v-3-0"
    content = entry.find(A + "content")
    assert content.get("{http://www.w3.org/XML/1998/namespace}base") == "changes.html"
    hrefs = re.findall(r'href="([^"]+)"', content.text)
    assert hrefs and all(h.startswith("reference/") and ".html#" in h for h in hrefs), hrefs


def test_catalog_text_cannot_inject_into_feed_or_page(tmp_path):
    copy = tmp_path / "c"
    shutil.copytree(VERSIONS, copy)
    head = copy / "catalog.yaml"
    head.write_text(head.read_text().replace("service: Verso", "service: 'V<script>x</script>&]]>'"))
    f = copy / "errors" / "input.yaml"
    f.write_text(f.read_text().replace("title: Body is too large", "title: '<img src=x onerror=alert(1)>'"))
    catalog = load_catalog(copy)
    root = ET.fromstring(changes_feed.feed(catalog))
    assert root.find(A + "title").text == "V<script>x</script>&]]> error codes: changes"
    content = "".join(e.find(A + "content").text for e in root.findall(A + "entry"))
    assert "<img" not in content and "&lt;img src=x" in content
    from error_catalog.render.changelog import changes_page
    assert "<img" not in changes_page(catalog)


@pytest.mark.slow
def test_no_versions_no_changelog(build):
    site = build(FIXTURES / "minimal")
    assert not (site / "changes.xml").exists()
    assert not (site / "changes").exists()
    assert "<th>Since</th>" not in (site / "index.html").read_text(encoding="utf-8")
    assert '"versions": []' in (site / "errors.json").read_text(encoding="utf-8")


@pytest.mark.browser
@pytest.mark.slow
def test_changes_page_links_land_on_sections(vsite, page):
    """In Chromium: the changes page lists the versions, and a code's link opens
    its section on the category page."""
    from sitehttp import serve  # noqa: PLC0415

    with serve(vsite) as base:
        page.goto(base + "changes/")
        assert [h.rstrip("¶") for h in page.locator("article h2").all_inner_texts()] == ["3.0", "2.3 · 2025-03-10", "2.0 · 2024-09-02",
                                                             "1.0 · 2024-01-15"]
        page.locator('#_v-2-0 + .ec-release li[data-code="token/invalid"] a[href$="#token-invalid"]').first.click()
        page.wait_for_url(re.compile(r"/reference/auth/#token-invalid$"))
        section = page.locator('[data-code="token/invalid"]')
        assert section.is_visible()
        assert "Since 2.0" in section.inner_text()

"""Real Chromium follows the permalinks of every catalog and lands on their sections.

Twice: through `_redirects` (applied by nginx, one 301 hop), here, and through
the fallback pages on a plain static server (no redirect rules, like GitHub Pages
or S3), in test_browser_fallback_pages.py (a file of its own, so pytest-xdist's
--dist loadfile runs the two on different workers). The static server sends netlify.toml's headers, so the site's real
Content-Security-Policy is enforced: any violation fails the test.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conftest import settle_and_close
from error_catalog.core import permalinks
from error_catalog.core.loader import load_catalog
from error_catalog.core.model import Catalog, Entry
from permalink_servers import FIXTURES, NginxServer, StaticServer, catalog_id, catalogs, site_headers

pytestmark = [pytest.mark.browser, pytest.mark.slow]

@pytest.fixture
def page(browser):
    """A fresh page (Chromium from conftest) on which script errors and CSP violations fail the test."""
    context = browser.new_context()
    pg = context.new_page()
    problems: list[str] = []
    # Material's request helper throws "Network error" when an XHR fails below HTTP: here,
    # when a walk leaves a page while it still downloads its search index (the next
    # permalink is followed as soon as the section shows). An HTTP error has another message.
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}") if e.message != "Network error" else None)
    pg.on("console", lambda m: problems.append(f"console: {m.text}")
          if m.type == "error" and "Failed to load resource" not in m.text else None)
    pg.problems = problems
    yield pg
    settle_and_close(pg, context)
    assert not problems, "\n".join(problems)


def shapes(catalog: Catalog) -> list[tuple[str, Entry, str]]:
    """(path, entry, shape) of every permalink, named by what kind of link it is."""
    pl = catalog.permalinks
    out = []
    for path, e in permalinks.permalink_map(catalog).items():
        rest = path.rsplit("/", 1)[-1]
        if path.startswith(pl.errors_path) and path[len(pl.errors_path):] == e.code:
            kind = "code"
        elif rest.isdigit():
            kind = "numeric"
        elif any(path.endswith("/" + a) for a in e.aliases):
            kind = "alias"
        elif pl.type_base and path == permalinks.url_path(permalinks.type_url(catalog, e)):
            kind = "type URL path"
        elif path.lower() == path and path != path.rsplit("/", 1)[0] + "/" + e.code:
            kind = "lower-case variant"
        else:
            kind = "type URL path of an alias"
        if e.lifecycle == "retired":
            kind = "retired " + kind
        out.append((path, e, kind))
    return out


def assert_section_in_view(page: Page, entry: Entry, path: str) -> None:
    heading = page.locator(f"h2[id='{entry.anchor}']")
    expect(heading).to_be_in_viewport()
    expect(heading).to_contain_text(entry.code)
    alias = next((a for a in entry.aliases if path.lower().endswith("/" + a.lower())), None)
    body = page.locator(f".ec-entry[data-code='{entry.code}']")
    if alias:  # the alias it was reached by is shown on the section
        expect(body.locator(".ec-aliases")).to_contain_text(alias)
    if entry.lifecycle == "retired":
        expect(body.locator(".ec-notice.ec-retired")).to_be_visible()


# What Chromium adds over the servers' own tests (test_redirects_nginx.py follows every
# permalink through nginx; test_permalinks_site.py reads every fallback page's target and
# every section's id and code) is the browser following the hop, the fallback page's
# script run under the site's CSP, and the section shown. So the walks follow each kind
# of link, at each depth, with and without a trailing slash, to each page (a third of
# the permalinks), up to the committed address of its section; the full landing (page
# loaded, section in view, code shown, the alias it was reached by, a retired notice)
# once per page and kind of link.

def _asked(i: int, path: str) -> str:
    return path + ("/" if i % 2 else "")  # with and without the trailing slash


def walk(catalog: Catalog) -> list[tuple[str, str, Entry, str, bool]]:
    """(asked, path, entry, kind, full) of the permalinks the browser follows."""
    layout = permalinks.layout(catalog)
    seen: set[tuple] = set()
    landed: set[str] = set()  # pages and kinds of link landed on in full
    out = []
    for i, (path, entry, kind) in enumerate(shapes(catalog)):
        asked, page = _asked(i, path), layout.entry_page(entry)
        stratum = (page, kind, path.count("/"), asked.endswith("/"))
        if stratum not in seen:
            seen.add(stratum)
            full = not {"page " + page, kind} <= landed
            landed |= {"page " + page, kind} if full else set()
            out.append((asked, path, entry, kind, full))
    assert {layout.entry_page(e) for _, _, e, _, full in out if full} == {layout.entry_page(e) for e in catalog.entries}
    return out


@pytest.mark.parametrize("catalog_dir", catalogs(), ids=catalog_id)
def test_permalinks_land_through_redirects(catalog_dir, build, page, tmp_path):
    walk_redirects(catalog_dir, build, page, tmp_path)


def walk_redirects(catalog_dir, build, page, tmp_path) -> None:
    catalog = load_catalog(catalog_dir)
    layout = permalinks.layout(catalog)
    with NginxServer(build(catalog_dir), tmp_path) as server:
        for asked, path, entry, kind, full in walk(catalog):
            target = server.base + layout.entry_target(entry)
            response = page.goto(server.base + asked, wait_until="domcontentloaded" if full else "commit")
            hop = response.request.redirected_from
            assert hop is not None and hop.redirected_from is None, f"{kind} {asked}: not one redirect"
            assert response.status == 200 and page.url == target, f"{kind} {asked}"
            if full:
                assert_section_in_view(page, entry, path)


def test_every_shape_is_covered():
    kinds = {k for c in catalogs() for _, _, k in shapes(load_catalog(c))}
    assert {"code", "numeric", "alias", "type URL path", "lower-case variant", "retired code",
            "retired numeric"} <= kinds
    # Every kind a catalog has is landed on in full in that catalog's walks.
    for c in catalogs():
        catalog = load_catalog(c)
        assert {k for _, _, _, k, full in walk(catalog) if full} == {k for _, _, k in shapes(catalog)}
    codes = {e.code for c in catalogs() for e in load_catalog(c).entries}
    assert any("/" in c for c in codes) and any(c.isupper() and "_" in c for c in codes)


def test_fallback_page_leaves_no_back_button_trap(build, page):
    site = build(FIXTURES / "permalinks")
    with StaticServer(site, headers=site_headers()) as server:
        page.goto(server.base + "/statuses/")
        page.goto(server.base + "/errors/EXPIRED_TOKEN", wait_until="commit")
        page.wait_for_url(server.base + "/reference/auth/#token-expired")
        page.go_back()
        expect(page).to_have_url(server.base + "/statuses/")


def test_fallback_pages_land_under_a_base_path(build, page):
    # A GitHub Pages project site: the whole site under /repo/, built without site_url.
    catalog = load_catalog(FIXTURES / "permalinks")
    with StaticServer(build(FIXTURES / "permalinks"), prefix="/repo/", headers=site_headers()) as server:
        for path in ("/errors/token/expired", "/errors/101/", "/problems/EXPIRED_TOKEN", "/codes/202"):
            entry = permalinks.permalink_map(catalog)[path.rstrip("/")]
            page.goto(server.base + "/repo" + path, wait_until="commit")
            page.wait_for_url(server.base + "/repo" + permalinks.layout(catalog).entry_target(entry))
            assert_section_in_view(page, entry, path)


def test_404_page_for_an_unknown_code(build, page):
    site = build(FIXTURES / "permalinks")
    with StaticServer(site, headers=site_headers()) as server:
        response = page.goto(server.base + "/errors/token/never_heard_of")
        assert response.status == 404
        expect(page.locator("#ec-unknown-code")).to_be_visible()
        expect(page.locator("#ec-unknown-code-name")).to_have_text("token/never_heard_of")
        expect(page.get_by_text("report it")).to_be_visible()
        # Search works from here, offline, under the site's CSP.
        page.locator("label[for='__search'].md-button").click()
        page.keyboard.type("queue_full")
        expect(page.locator(".md-search-result__item").first).to_contain_text("job/queue_full")
        # And the A-Z index is one click away.
        page.keyboard.press("Escape")
        page.get_by_role("link", name="A–Z index of every code").click()
        expect(page.locator(".ec-index table")).to_be_visible()


def test_404_page_for_any_other_path(build, page):
    site = build(FIXTURES / "permalinks")
    with StaticServer(site, headers=site_headers()) as server:
        page.goto(server.base + "/no/such/page")
        expect(page.locator("#ec-unknown-code")).to_be_hidden()
        expect(page.locator("#ec-no-page")).to_be_visible()
        # Nothing from the address is ever inserted as HTML.
        page.goto(server.base + "/errors/%3Cimg%20src=x%20onerror=alert(1)%3E")
        expect(page.locator("#ec-unknown-code")).to_be_hidden()
        assert page.locator("img[src='x']").count() == 0

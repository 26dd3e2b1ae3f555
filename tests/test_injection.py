"""No catalog text can put markup or script on the site.

tests/fixtures/hostile holds `<script>`, `<img onerror>`, `<iframe>`,
`javascript:` links and more in every text field (service, surfaces, headers,
categories, troubleshooting, titles, messages, causes, recoveries, variants,
details, translations). Its site must build, no built file may carry a payload
in executable form (every file is scanned, whoever wrote it), and Chromium,
loading every page and using the search, must never run one.
"""
from __future__ import annotations

from pathlib import Path

import pytest

import hostile
import sitehttp
from error_catalog.core.loader import load_catalog
from error_catalog.render.safe_markdown import md_plain, plain, render, safe_url

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"


@pytest.fixture(scope="module")
def hostile_site(build) -> Path:
    return build(HOSTILE)


def test_scanner_finds_executable_forms():
    """The checks below can fail: each executable form is caught, each escaped one passes."""
    caught = [
        "<script>alert('xss')</script>",
        "<img src=x onerror=\"alert('xss')\">",
        "<iframe src=\"javascript:alert('xss')\"></iframe>",
        "<a href=\"jav&#x61;script:alert('xss')\">x</a>",
        "<a href=\" java\tscript:alert('xss')\">x</a>",
        "<svg onload=alert('xss')>",
        "<meta http-equiv=refresh content=\"0;url=javascript:alert('xss')\">",
        "<a href=\"data:text/html,xss\">x</a>",
    ]
    for text in caught:
        assert hostile.scan_html(text), text
    assert hostile.scan_html("<a onclick=\"go()\">x</a>")  # strict: any handler on our pages
    assert not hostile.scan_html("<a onclick=\"go()\">x</a>", strict=False)
    inert = [
        "&lt;script&gt;alert('xss')&lt;/script&gt;",
        "<code>&lt;img src=x onerror=alert('xss')&gt;</code>",
        "<a href=\"https://example.com/xss\" title=\"&lt;script&gt;alert('xss')\">x</a>",
        "<p>javascript:alert('xss')</p>",
    ]
    for text in inert:
        assert not hostile.scan_html(text), text
    assert hostile.scan_json_strings({"docs": [{"text": "<script>alert('xss')</script>"}]})
    assert not hostile.scan_json_strings({"docs": [{"text": "&lt;script&gt;alert('xss')"}]})
    assert hostile.scan_redirects("/errors/a /reference/x/#a 301\n/errors/b javascript:alert('xss') 301\n")
    assert hostile.scan_redirects("/errors/a //evil.example/ 301\n")
    assert not hostile.scan_redirects("# comment <script>alert('xss')</script>\n/errors/a /reference/x/#a 301\n"
                                      "/e/b https://x.io/y 301!\n")
    assert hostile.scan_redirects("# comment\r/errors/c https://evil.example/xss 301!\n")


@pytest.mark.parametrize("url, safe", [
    ("https://example.com", True), ("/errors/a", True), ("#x", True), ("mailto:a@b.c", True),
    ("javascript:alert(1)", False), ("JaVaScRiPt:alert(1)", False), (" javascript:alert(1)", False),
    ("java\tscript:alert(1)", False), ("jav&#x61;script:alert(1)", False), ("jav&#97;script:x", False),
    ("vbscript:msgbox(1)", False), ("data:text/html,<script>", False), ("\x01javascript:x", False),
])
def test_safe_url(url, safe):
    assert safe_url(url) is safe


def test_plain_text_is_escaped():
    assert plain("<b onclick='x'>&") == "&lt;b onclick=&#39;x&#39;&gt;&amp;"
    # In a markdown line, markdown syntax is escaped too: no link, no emphasis, no attr_list.
    assert "](" not in md_plain("[a](javascript:x)").replace("\\]\\(", "")
    assert "<" not in md_plain("<script>")


@pytest.mark.parametrize("text", [
    "<script>alert('xss')</script>",
    "<img src=x onerror=alert('xss')>",
    "[a](javascript:alert('xss'))",
    "[a](jav&#x61;script:alert('xss'))",
    "![a](javascript:alert('xss'))",
    "<javascript:alert('xss')>",
    "[a][r]\n\n[r]: javascript:alert('xss')",
    "```\n</code></pre><script>alert('xss')</script>\n```",
    "| a |\n|---|\n| <script>alert('xss')</script> |",
    "<div markdown=\"1\" onclick=\"alert('xss')\">x</div>",
])
def test_markdown_fields_render_no_script(text):
    assert not hostile.scan_html(str(render(text)))


@pytest.mark.slow
def test_hostile_catalog_builds_inert(hostile_site):
    """Every file of the site (HTML, JSON, XML, _redirects, ...) is free of executable payloads."""
    findings = hostile.scan_site(hostile_site)
    assert findings == {}, "\n".join(f"{f}: {x}" for f, xs in findings.items() for x in xs[:5])
    # Not vacuous: the payloads are on the pages, as text.
    page = (hostile_site / "reference" / "payloads" / "index.html").read_text(encoding="utf-8")
    assert page.count("&lt;script&gt;alert(") >= 20
    assert "xss-block-fence" in page
    # Catalog text is never evaluated as a template either.
    for path in hostile_site.rglob("*"):
        if path.is_file() and (text := hostile.read_text(path)) is not None:
            assert str(1337 * 1337) not in text, path


@pytest.mark.browser
@pytest.mark.slow
def test_visitor_sees_script_run(tmp_path, browser):
    """The browser check can fail: a page that runs a payload is reported."""
    (tmp_path / "index.html").write_text(
        "<!doctype html><p>x</p><img src=nothing.png onerror=\"alert('xss')\">"
        "<script>console.log('xss ran')</script>", encoding="utf-8")
    with sitehttp.serve(tmp_path) as base, sitehttp.visitor(browser) as visitor:
        visitor.visit(base)
    seen = "\n".join(visitor.problems.get(base, []))
    assert "alert dialog: 'xss'" in seen
    assert "console log: xss ran" in seen
    assert "<img onerror>" in seen


@pytest.mark.browser
@pytest.mark.slow
def test_no_page_runs_injected_script(hostile_site, browser):
    urls = sitehttp.page_urls(hostile_site)
    assert len(urls) >= 5
    with sitehttp.serve(hostile_site) as base, sitehttp.visitor(browser) as visitor:
        for url in urls:
            visitor.visit(base + url, expect_status=None)
        # The search renders catalog text from the index into the page.
        visitor.visit(base + "reference/payloads/")
        for query in ("script", "onerror", "payload"):
            visitor.current = f"search {query!r}"
            if visitor.search(query) == 0:
                visitor.note("no search result: the payload text should be found, as text")
    assert visitor.problems == {}, "\n".join(f"{u}: {p}" for u, ps in visitor.problems.items() for p in ps)


def _words(text: str) -> str:
    return " ".join(text.removesuffix("¶").split())  # ¶: the heading's permalink icon


@pytest.mark.browser
@pytest.mark.slow
def test_payloads_read_as_written(hostile_site, browser):
    """Escaped exactly once: a person reads the catalog's text, never `&lt;` or `&#39;`."""
    catalog = load_catalog(HOSTILE)
    category, entry = catalog.categories[0], catalog.entries[0]
    heading = _words(f"{entry.code} · {entry.title}")
    with sitehttp.serve(hostile_site) as base, sitehttp.visitor(browser) as visitor:
        page = visitor.page
        visitor.visit(base + "reference/payloads/")
        # The heading's copy buttons (errors.js) are not the catalog's text.
        page.locator(f"h2#{entry.anchor} .ec-copy").evaluate("box => box.remove()")
        shown = {
            "page title": page.title(),
            "site name": page.locator(".md-header__topic").first.inner_text(),
            "page heading": page.locator("h1").inner_text(),
            "entry heading": page.locator(f"h2#{entry.anchor}").inner_text(),
            "table of contents": page.locator(f"nav.md-nav--secondary a[href='#{entry.anchor}']").first.inner_text(),
            "navigation": page.locator(".md-nav--primary .md-nav__link--active").first.inner_text(),
        }
        visitor.visit(base)
        shown["home heading"] = page.locator("h1").inner_text()
    expected = {
        "page title": f"{category.title} - {catalog.service} error reference",
        "site name": f"{catalog.service} error reference", "page heading": category.title, "entry heading": heading,
        "table of contents": heading, "navigation": category.title,
        "home heading": f"{catalog.service} error reference",
    }
    assert {k: _words(v) for k, v in shown.items()} == {k: _words(v) for k, v in expected.items()}
    assert visitor.problems == {}

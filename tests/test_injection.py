"""No catalog text can put markup or script on the site.

tests/fixtures/hostile holds `<script>`, `<img onerror>`, `<iframe>`,
`javascript:` links and more in every text field (service, surfaces, headers,
categories, troubleshooting, titles, messages, causes, recoveries, variants,
details, translations). Its site must build, no built file may carry a payload
in executable form (every file is scanned, whoever wrote it), and Chromium,
loading every page and using the search, must never run one.
"""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

import hostile
import htmltext
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


# -- every field, by name: inert and shown as written ---------------------------

# Markup, an attribute breakout, a template expression and an entity: escaped once,
# each reads back exactly as written; escaped twice, `&lt;` or `&amp;amp;` would show.
PAYLOAD = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>' onblur='alert(1)' {{ 7*7 }} &amp;"
# Markdown fields keep their own syntax: `&amp;` there is an entity, shown as `&`.
MD_PAYLOAD = PAYLOAD.removesuffix(" &amp;")
# Plain-text fields (tagged so each is found on its own), and the markdown ones.
PLAIN = ["service", "surface", "category", "split-category", "title", "message", "variant-title",
         "variant-message", "example-title", "header-example", "translation", "version"]
MARKDOWN = ["summary", "description", "advice", "cause", "recovery", "shape"]
HEADER = "X-Q'&amp"  # a header name holds token characters only: a quote and an entity start


def _value(field: str) -> str:
    return f"~{field}~{PAYLOAD}"


def _fields_catalog(root: Path) -> Path:
    """A catalog with `_value(field)` in every field that reaches a page, a table
    cell or an attribute; one category long enough to be split into pages."""
    v = _value
    version = v("version")
    catalog = {
        "service": v("service"), "envelope": "problem", "locales": ["en", "fr"],
        "translations": {"missing": "fallback"},
        "surfaces": {"http": v("surface"), "socket": "Socket"},
        "versions": [{"version": "1.0", "date": "2024-01-01"}, {"version": version, "date": "2025-01-01"}],
        "headers": [{"name": HEADER, "description": v("description"), "example": v("header-example"),
                     "always": True}],
        "categories": [{"id": "fields", "title": v("category"), "summary": v("summary"), "numbers": "1-99"},
                       {"id": "split", "title": v("split-category")}],
        "troubleshooting": {"409": v("advice")},
        "shapes": [{"name": "simple", "description": v("shape"), "examples": [{"status": 409, "body": {"e": 1}}]}],
    }
    entries = [
        {"code": "f/one", "category": "fields", "title": v("title"), "status": 409, "number": 1,
         "message": v("message"), "cause": v("cause"), "recovery": v("recovery"), "since": "1.0",
         "surfaces": ["http", "socket"], "examples": [{"title": v("example-title"), "body": {"x": 1}}],
         "variants": {"http": {"title": v("variant-title"), "message": v("variant-message")}}},
        {"code": "f/two", "category": "fields", "title": v("title"), "status": 409, "number": 2,
         "message": v("message"), "since": version, "aliases": ["F_OLD"]},
        {"code": "f/three", "category": "fields", "title": v("title"), "status": 410, "number": 3,
         "message": v("message"), "since": "1.0", "lifecycle": "deprecated", "deprecated_in": version,
         "replaced_by": "f/two"},
    ] + [{"code": f"s/{i:03}", "category": "split", "title": f"Filler {i}", "status": 400} for i in range(101)]
    (root / "errors").mkdir(parents=True)
    (root / "locales").mkdir()
    (root / "catalog.yaml").write_text(yaml.safe_dump(catalog, allow_unicode=True), encoding="utf-8")
    (root / "errors" / "all.yaml").write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    po = ['msgid ""', 'msgstr ""', '"Language: fr\\n"', '"Content-Type: text/plain; charset=utf-8\\n"', ""]
    for context, message, text in [("f/one", v("message"), v("translation")), ("f/one@http", v("variant-message"), ""),
                                    ("f/two", v("message"), ""), ("f/three", v("message"), "")]:
        po += [f"msgctxt {json.dumps(context)}", f"msgid {json.dumps(message)}", f"msgstr {json.dumps(text)}", ""]
    (root / "locales" / "fr.po").write_text("\n".join(po), encoding="utf-8")
    return root


class _Reader(HTMLParser):
    """Elements, attributes and text of a page, as a browser's tokenizer reads them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.injected: list[str] = []
        self.texts: list[str] = []
        self._script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on") or (tag == "img" and value == "x"):
                self.injected.append(f"<{tag} {name}={value!r}>")
            self.texts.append(value or "")
        self._script = tag == "script"

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        if self._script and "alert(1)" in data:
            self.injected.append(f"<script>{data[:40]}")
        self.texts.append(data)

    def handle_endtag(self, tag):
        self._script = False


def _read(html: str) -> _Reader:
    r = _Reader()
    r.feed(html)
    r.close()
    return r


@pytest.fixture(scope="module")
def fields_site(build, tmp_path_factory) -> Path:
    return build(_fields_catalog(tmp_path_factory.mktemp("fields") / "catalog"))


@pytest.mark.slow  # builds a site
def test_every_field_inert_and_as_written(fields_site):
    """Every HTML page, the search index's documents and the feed's entries: no element
    or attribute from catalog text, and wherever a field shows, it shows as written."""
    docs: dict[str, str] = {}
    for path in sorted(fields_site.rglob("*.html")):
        docs[path.relative_to(fields_site).as_posix()] = path.read_text(encoding="utf-8")
    index = json.loads((fields_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for i, doc in enumerate(index["docs"]):
        docs[f"search doc {i} ({doc['location']})"] = f"<h2>{doc['title']}</h2>{doc['text']}"
    feed = ET.parse(fields_site / "changes.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    for i, el in enumerate(feed.iter(f"{atom}content")):
        assert len(el) == 0, "the feed's content is HTML as text, not XML elements"
        docs[f"feed content {i}"] = el.text
    feed_titles = [el.text for el in feed.iter(f"{atom}title")]
    assert all(_value("service") in t for t in feed_titles) and any(_value("version") in t for t in feed_titles)

    seen: dict[str, set[str]] = {}
    problems = []
    for where, html in docs.items():
        r = _read(htmltext.unbroken(html))  # a code's line-break chances apart
        problems += [f"{where}: {x}" for x in r.injected]
        for text in r.texts:
            # Wherever a field's tag shows, its whole value follows, as written
            # (in a JSON example response, as a JSON string writes it).
            for field in PLAIN + MARKDOWN:
                tag = f"~{field}~"
                written = MD_PAYLOAD if field in MARKDOWN else PAYLOAD
                start = text.find(tag)
                while start != -1:
                    rest = text[start + len(tag):]
                    if not rest.startswith((written, json.dumps(written)[1:-1])):
                        problems.append(f"{where}: {field} shows as {rest[:60]!r}")
                    seen.setdefault(field, set()).add(where)
                    start = text.find(tag, start + 1)
            if HEADER in text or text == f"_header-{HEADER.lower()}":
                seen.setdefault("header", set()).add(where)
            if "&lt;" in text or "&amp;amp;" in text:
                problems.append(f"{where}: escaped twice: {text[:60]!r}")
    assert problems == [], "\n".join(problems[:20])
    # Not vacuous: each field reaches the pages that show it in a table cell or attribute.
    pages = {
        "index.html": PLAIN[:4] + ["title"],  # the categories and A-Z tables
        "reference/fields/index.html": ["category", "summary", "title", "message", "translation", "variant-title",
                                        "variant-message", "example-title", "header-example", "version", "surface",
                                        "cause", "recovery"],
        "reference/split/index.html": ["split-category"],  # the parts index of a split category
        "statuses/index.html": ["description", "header-example", "shape", "advice"],
        "changes/index.html": ["title", "version", "service"],
        "translations/index.html": ["surface", "service"],
    }
    for page, fields in pages.items():
        assert {f for f in fields if page in seen.get(f, ())} == set(fields), page
    assert "statuses/index.html" in seen["header"]  # the headers table: cell and row id
    # A part page's "Part of" line.
    assert any(p.startswith("reference/split/") and p != "reference/split/index.html" for p in seen["split-category"])
    assert any(w.startswith("search doc") for w in seen["message"])
    assert any(w.startswith("feed content") for w in seen["title"])


def test_codes_and_aliases_inert_past_the_schema():
    """Codes and aliases cannot hold markup (the schema allows letters, digits and
    `_ . / -`); were a loader ever to let one through, each table, section, change,
    search document and fallback page would still show it as text."""
    import dataclasses

    from error_catalog.core.changelog import Change
    from error_catalog.outputs import redirects, search
    from error_catalog.render.changelog import change_item
    from error_catalog.render.renderer import Renderer

    catalog = load_catalog(Path(__file__).parent / "fixtures" / "versions")
    bad = dataclasses.replace(catalog.entries[0], code=PAYLOAD, aliases=(PAYLOAD,), since=PAYLOAD, status=409)
    catalog = dataclasses.replace(catalog, entries=(bad, *catalog.entries[1:]))
    r = Renderer(catalog)
    outputs = {
        "A-Z row": r.az_rows([bad]), "status table": r.status_table(), "entry body": r.entry_parts(bad)[1],
        "change": change_item(catalog, Change("renamed", bad, PAYLOAD), "", r.layout),
        "search document": search.entry_text(bad),
        "fallback page": redirects.fallback_page(catalog, "/errors/x", bad),
    }
    for what, html in outputs.items():
        read = _read(htmltext.unbroken(html))
        assert read.injected == [], what
        assert any(PAYLOAD in t for t in read.texts), what

"""The five seed systems as example sites: each builds with --strict, every code
lands, derived tables agree with the model, and errors.json validates.

Each site is built once per session (the `build` fixture) and shared by all
tests here.
"""
from __future__ import annotations

import json
import re
import shutil
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from error_catalog.core import locales, permalinks
from error_catalog.core.loader import load_catalog
from error_catalog.core.model import Catalog, Entry
from error_catalog.outputs import export
from error_catalog.render import responses

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ["lvng", "langgraph", "copilot", "livestream", "levelchat"]
SCHEMA = json.loads((ROOT / "error_catalog" / "schema" / "errors.schema.json").read_text(encoding="utf-8"))

# What each seed document states, checked against the model so an edit that
# drops or invents a code fails here: (codes, categories, envelope).
EXPECTED = {
    "lvng": (30, 2, "structured"),
    "langgraph": (25, 10, "detail"),
    "copilot": (81, 9, "wrapped"),
    "livestream": (14, 6, "nest"),
    "levelchat": (70, 12, "problem"),
}


@pytest.fixture(scope="module", params=EXAMPLES)
def example(request, build) -> tuple[Catalog, Path]:
    root = ROOT / "examples" / request.param
    return load_catalog(root), build(root)


@pytest.fixture(scope="module")
def site_of(build):
    def _site(name: str) -> tuple[Catalog, Path]:
        root = ROOT / "examples" / name
        return load_catalog(root), build(root)
    return _site


# -- HTML helpers -------------------------------------------------------------

class _Tables(HTMLParser):
    """Rows of cell texts of every <table>, keyed by each `ec-` class of the
    table or of the element that wraps it."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._rows: list[list[str]] | None = None
        self._cell: list[str] | None = None
        self._wrapper = ""

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class") or ""
        if tag == "table":
            self._rows = []
            for name in (cls + " " + self._wrapper).split():
                if name.startswith("ec-"):
                    self.tables[name] = self._rows
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            self._cell = []
        if tag != "table":
            self._wrapper = cls

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._rows[-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self._rows = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables(page: Path, cls: str) -> list[list[str]]:
    p = _Tables()
    p.feed(page.read_text(encoding="utf-8"))
    return p.tables[cls]


@cache
def _html(page: Path) -> str:
    return page.read_text(encoding="utf-8")


def page_of(site: Path, entry: Entry) -> Path:
    # Every example's categories fit on one page (the default page size).
    return site / permalinks.page_path(entry.category) / "index.html"


def section(site: Path, entry: Entry) -> str:
    """The HTML of an entry's section: from its heading to the next heading."""
    html = _html(page_of(site, entry))
    start = html.index(f'id="{entry.anchor}"')
    end = html.find("<h2", start)
    text = html[start:end if end != -1 else len(html)].replace("<wbr>", "")
    # Example responses are highlighted: read their text without the spans.
    return re.sub(r"<pre>(.*?)</pre>", lambda m: "<pre>" + re.sub(r"<[^>]+>", "", m.group(1)) + "</pre>",
                  text, flags=re.S)


# -- every example ------------------------------------------------------------

@pytest.mark.slow
def test_example_matches_its_seed_counts(example):
    catalog, _ = example
    name = catalog.root.name
    assert (len(catalog.entries), len(catalog.categories), catalog.envelope) == EXPECTED[name]


@pytest.mark.slow
def test_every_code_lands_from_its_permalinks(example):
    """/errors/<code>, /errors/<number> and the type URL path map to the entry,
    whose page holds its anchor (the redirects are written from this same map)."""
    catalog, site = example
    pmap = permalinks.permalink_map(catalog)
    layout = permalinks.layout(catalog)
    for e in catalog.entries:
        wanted = [f"/errors/{e.code}"]
        if e.number is not None:
            wanted.append(f"/errors/{e.number}")
        for url in (permalinks.type_url(catalog, e), permalinks.documentation_url(catalog, e)):
            if url:
                wanted.append(permalinks.url_path(url))
        for path in wanted:
            assert pmap.get(path) is e, f"{path} does not land on {e.code}"
        target = layout.entry_target(e)
        page, anchor = target.split("#")
        assert (site / page.lstrip("/") / "index.html") == page_of(site, e)
        assert f'id="{anchor}"' in _html(page_of(site, e)), f"{target} missing for {e.code}"
        assert f'data-code="{e.code}"' in section(site, e)


@pytest.mark.slow
def test_every_entry_has_an_example_per_surface(example):
    catalog, site = example
    for e in catalog.entries:
        expected = responses.examples(catalog, e)
        assert expected, e.code
        found = re.findall(r'<div class="ec-example" data-surface="([^"]+)"', section(site, e))
        assert found == [x.surface for x in expected], e.code
        http = [x for x in expected if x.kind == "http" and not x.title]  # generated; documented ones are verbatim
        for x in http:
            # The example is highlighted: its text, without the spans.
            assert f"HTTP/1.1 {e.status} " in re.sub(r"<[^>]+>", "", section(site, e))
            want = "application/problem+json" if catalog.envelope == "problem" else "application/json"
            assert dict(x.headers)["Content-Type"] == want


@pytest.mark.slow
def test_categories_table_counts_equal_the_model(example):
    catalog, site = example
    rows = tables(site / "index.html", "ec-categories")
    body = {r[0]: r for r in rows[1:-1]}
    assert list(body) == [c.title for c in catalog.categories]
    for c in catalog.categories:
        entries = catalog.entries_in(c.id)
        # The Numbers column is there only when the catalog has numbers.
        count, statuses = body[c.title][1], body[c.title][-1]
        assert len(body[c.title]) == (4 if any(e.number is not None for e in catalog.entries) else 3)
        assert int(count) == len(entries)
        want = sorted({e.status for e in entries if e.status is not None})
        assert statuses == (", ".join(map(str, want)) or "—")
    assert rows[-1][:2] == ["Total", str(len(catalog.entries))]
    assert sum(int(r[1]) for r in rows[1:-1]) == len(catalog.entries)


@pytest.mark.slow
def test_category_overviews_count_their_entries(example):
    catalog, site = example
    for c in catalog.categories:
        overview = dict(tables(site / permalinks.page_path(c.id) / "index.html", "ec-overview"))
        assert int(overview["Codes"]) == len(catalog.entries_in(c.id))


@pytest.mark.slow
def test_status_table_equals_the_model(example):
    catalog, site = example
    rows = tables(site / "statuses" / "index.html", "ec-statuses")[1:]
    by_status: dict[int, set[str]] = {s: set() for s in catalog.troubleshooting}
    for e in catalog.entries:
        if e.status is not None:
            by_status.setdefault(e.status, set()).add(e.code)
    assert [int(r[0]) for r in rows] == sorted(by_status)
    for status, _reason, count, codes, _advice in rows:
        want = by_status[int(status)]
        assert int(count) == len(want)
        assert (set(codes.split(", ")) if want else {codes}) == (want or {"—"})


@pytest.mark.slow
def test_headers_table_equals_the_model(example):
    catalog, site = example
    page = site / "statuses" / "index.html"
    if not catalog.headers:
        assert "documents no response headers" in _html(page)
        return
    rows = tables(page, "ec-headers")[1:]
    assert [r[0] for r in rows] == [h.name for h in catalog.headers]
    for h, row in zip(catalog.headers, rows):
        # Counted here from the rule itself, not through the renderer.
        want = sum(1 for e in catalog.entries
                   if "http" in e.surfaces and e.status is not None
                   and (h.always or e.status in h.statuses) and (e.retryable or not h.retryable_only))
        assert int(row[3]) == want, h.name


@pytest.mark.slow
def test_errors_json_validates_and_equals_the_model(example):
    catalog, site = example
    _check_errors_json(catalog, site)


@pytest.mark.slow
def test_site_catalog_errors_json_validates(site):
    _check_errors_json(load_catalog(ROOT / "catalog"), site)


def _check_errors_json(catalog: Catalog, site: Path) -> None:
    text = (site / "errors.json").read_text(encoding="utf-8")
    data = json.loads(text)
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    assert json.loads((site / "errors.schema.json").read_text(encoding="utf-8")) == SCHEMA
    assert text == export.to_json(export.dictionary(locales.load(catalog))), "errors.json is not what the model gives"
    assert [x["code"] for x in data["errors"]] == [e.code for e in catalog.entries]
    assert [c["count"] for c in data["categories"]] == [len(catalog.entries_in(c.id)) for c in catalog.categories]
    for x in data["errors"]:
        e = catalog.entry(x["code"])
        assert x["url"] == permalinks.permalink_url(catalog, e)
        assert x["type_url"] == permalinks.type_url(catalog, e)
        assert x["documentation_url"] == permalinks.documentation_url(catalog, e)
        assert (x["status"], x["number"], x["retryable"]) == (e.status, e.number, e.retryable)
        assert x["messages"][catalog.source_locale] == e.message


# -- what each seed stresses ----------------------------------------------------

@pytest.mark.slow
def test_copilot_categories_sum_to_81_and_1013_is_a_413(site_of):
    catalog, site = site_of("copilot")
    rows = tables(site / "index.html", "ec-categories")
    assert sum(int(r[1]) for r in rows[1:-1]) == 81 and rows[-1][1] == "81"
    statuses = {int(r[0]): set(r[3].split(", ")) for r in tables(site / "statuses" / "index.html", "ec-statuses")[1:]}
    assert statuses[413] == {"PAYLOAD_TOO_LARGE"}
    assert "PAYLOAD_TOO_LARGE" not in statuses[400]
    assert catalog.entry("PAYLOAD_TOO_LARGE").number == 1013


@pytest.mark.slow
def test_copilot_messages_in_six_locales(site_of):
    catalog, site = site_of("copilot")
    data = json.loads((site / "errors.json").read_text(encoding="utf-8"))
    assert data["locales"] == ["en", "es", "fr", "de", "ja", "zh"]
    for x in data["errors"]:
        assert sorted(x["messages"]) == sorted(data["locales"]), x["code"]
    nf = next(x for x in data["errors"] if x["code"] == "NOT_FOUND")
    assert nf["documentation_url"] == "https://docs.llm-copilot-agent.dev/errors/4000"


@pytest.mark.slow
def test_copilot_hides_details_that_are_not_exposed(site_of):
    catalog, site = site_of("copilot")
    hidden = section(site, catalog.entry("LLM_API_ERROR"))
    assert "upstream_status" not in hidden and "expose_details: false" in hidden
    shown = section(site, catalog.entry("VALIDATION_ERROR"))
    assert "field_errors" in shown and "timeout_minutes" in shown


@pytest.mark.slow
def test_lvng_permission_denied_keeps_both_meanings_in_one_place(site_of):
    catalog, site = site_of("lvng")
    e = catalog.entry("PERMISSION_DENIED")
    assert e.surfaces == ("http", "socket") and e.status == 403
    html = section(site, e)
    assert e.message in html and e.variants["socket"].message in html
    assert re.findall(r'<div class="ec-example" data-surface="(\w+)"', html) == ["http", "socket"]
    assert "HTTP/1.1 403 Forbidden" in html and '"event": "error"' in html
    owners = [p for p in site.rglob("*.html") if 'id="permission-denied"' in _html(p)]
    assert owners == [page_of(site, e)]
    assert permalinks.permalink_map(catalog)["/errors/PERMISSION_DENIED"] is e
    data = json.loads((site / "errors.json").read_text(encoding="utf-8"))
    x = next(x for x in data["errors"] if x["code"] == "PERMISSION_DENIED")
    assert x["variants"]["socket"]["message"] == e.variants["socket"].message


@pytest.mark.slow
def test_lvng_statuses_without_codes_keep_their_advice(site_of):
    catalog, site = site_of("lvng")
    rows = {int(r[0]): r for r in tables(site / "statuses" / "index.html", "ec-statuses")[1:]}
    for status in (401, 429, 503):
        assert rows[status][2] == "0" and rows[status][3] == "—"
        assert rows[status][4]


@pytest.mark.slow
def test_langgraph_code_travels_in_a_header(site_of):
    catalog, site = site_of("langgraph")
    html = section(site, catalog.entry("RATE_001"))
    for line in ("X-Error-Code: RATE_001", "X-Retryable: true", "Retry-After: 60",
                 '"detail": '):
        assert line in html
    assert "X-Rate-Limit-Remaining" not in html
    event = section(site, catalog.entry("TIMEOUT"))
    assert '"type": "TIMEOUT"' in event and '"context"' in event


@pytest.mark.slow
def test_levelchat_type_urls_and_sdk_only_codes(site_of):
    catalog, site = site_of("levelchat")
    e = catalog.entry("token/expired")
    assert permalinks.type_url(catalog, e) == "https://levelchat.io/errors/token/expired"
    assert "application/problem+json" in section(site, e)
    sdk_only = [x for x in catalog.entries if x.status is None]
    assert len(sdk_only) == 18 and all(x.surfaces == ("sdk",) for x in sdk_only)
    for x in sdk_only:
        html = section(site, x)
        assert "HTTP/1.1" not in html and '"name": "LevelChatError"' in html


@pytest.mark.slow
def test_livestream_nest_bodies(site_of):
    catalog, site = site_of("livestream")
    html = section(site, catalog.entry("RATE_LIMIT_EXCEEDED"))
    assert '"statusCode": 429' in html and '"retryAfter": 60' in html
    assert "<table>" in html  # the per-endpoint limits
    # The seed's one "Validation failed" response is a 400; its 422 row has no body.
    assert catalog.entry("VALIDATION_FAILED").status == 400
    rows = {int(r[0]): r for r in tables(site / "statuses" / "index.html", "ec-statuses")[1:]}
    assert rows[422][2] == "0" and rows[422][4]


# -- translations for the export ------------------------------------------------

def test_fuzzy_and_stale_translations_are_left_out(tmp_path):
    root = tmp_path / "copilot"
    shutil.copytree(ROOT / "examples" / "copilot", root)
    po = root / "locales" / "es.po"
    text = po.read_text(encoding="utf-8")
    text = text.replace('msgctxt "NOT_FOUND"', '#, fuzzy\nmsgctxt "NOT_FOUND"')
    text = text.replace('msgid "Invalid format"', 'msgid "An older message"')
    po.write_text(text, encoding="utf-8")
    messages = export.locale_messages(locales.load(load_catalog(root)))
    assert "es" not in messages["NOT_FOUND"] and "fr" in messages["NOT_FOUND"]
    assert "es" not in messages["INVALID_FORMAT"]
    assert messages["INVALID_UUID"]["es"] == "Formato de UUID no válido"

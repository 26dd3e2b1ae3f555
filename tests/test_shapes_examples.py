"""Several body shapes per surface (`shapes:` in catalog.yaml) and per-code
documented responses (`examples:` on an entry), shown verbatim."""
from __future__ import annotations

import shutil

import pytest
from conftest import ROOT
from htmltext import text_of

from error_catalog.core.loader import load_catalog
from error_catalog.core.problems import CatalogError
from error_catalog.render import responses, sections


def test_an_entry_shows_its_documented_response_after_the_generated_one():
    catalog = load_catalog(ROOT / "examples" / "langgraph")
    entry = catalog.entry("AUTH_002")
    generated, documented = responses.examples(catalog, entry)
    assert generated.title == "" and documented.title == "With the error headers"
    assert documented.text() == (
        "HTTP/1.1 401 Unauthorized\nX-Request-ID: req_123456789\nX-Error-Code: AUTH_002\n"
        "X-Timestamp: 1640995200\nX-Retryable: false\nX-Rate-Limit-Remaining: 95\n\n"
        '{\n  "detail": "Could not validate credentials"\n}')
    block = sections.example_html(catalog, documented)
    assert '<p class="ec-label">Example response · REST API · With the error headers</p>' in block
    assert "X-Rate-Limit-Remaining: 95" in text_of(str(block))  # highlighted, verbatim


def test_shapes_are_rendered_with_their_responses_verbatim():
    catalog = load_catalog(ROOT / "examples" / "lvng")
    assert [s.name for s in catalog.shapes] == ["simple"]
    page = text_of(str(sections.shapes_html(catalog)))
    assert "Besides its structured bodies, LVNG sends these:" in page
    assert "HTTP/1.1 429 Too Many Requests\nX-RateLimit-Limit: 100" in page
    assert '"retryAfter": 60' in page and '"hint": "The \'message\' field is required for chat requests."' in page
    assert str(sections.shapes_html(load_catalog(ROOT / "examples" / "copilot"))) == ""


def test_catalog_text_in_shapes_and_examples_cannot_inject_html(tmp_path):
    shutil.copytree(ROOT / "examples" / "lvng", tmp_path / "c")
    path = tmp_path / "c" / "catalog.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "      - title: Missing field", "      - title: <script>alert(1)</script>"), encoding="utf-8")
    out = str(sections.shapes_html(load_catalog(tmp_path / "c")))
    assert "<script>" not in out and "&lt;script&gt;" in out


@pytest.mark.parametrize("change, expected", [
    ("    - title: With the error headers\n", "    - title: With the error headers\n      surface: socket\n"),
])
def test_an_example_on_a_surface_the_entry_lacks_is_refused(tmp_path, change, expected):
    shutil.copytree(ROOT / "examples" / "langgraph", tmp_path / "c")
    path = tmp_path / "c" / "errors" / "rest.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(change, expected), encoding="utf-8")
    with pytest.raises(CatalogError) as e:
        load_catalog(tmp_path / "c")
    assert "examples[0]: surface 'socket', which this entry does not list in surfaces" in str(e.value)


def test_a_shape_without_a_description_is_refused_with_its_line(tmp_path):
    shutil.copytree(ROOT / "examples" / "lvng", tmp_path / "c")
    path = tmp_path / "c" / "catalog.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    description: >-\n      Errors without a code")
    end = text.index("    examples:\n      - title: Missing field")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(CatalogError) as e:
        load_catalog(tmp_path / "c")
    assert "description" in str(e.value) and "catalog.yaml:" in str(e.value)


@pytest.mark.slow
def test_the_lvng_statuses_page_shows_the_simple_shape(build):
    page = text_of((build(ROOT / "examples" / "lvng") / "statuses" / "index.html").read_text(encoding="utf-8"))
    assert "Other response shapes" in page and "Shape simple" in page
    assert "Example response · HTTP API · Rate limit" in page

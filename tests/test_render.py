"""Rendered sections against golden files; links between pages (anchor maths: test_permalink_maths)."""
from __future__ import annotations

import dataclasses
import html
from pathlib import Path

import markdown
import pytest

import goldens
from error_catalog.core import permalinks
from error_catalog.core.loader import load_catalog
from error_catalog.render.links import href
from error_catalog.render.renderer import Renderer

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def minimal():
    return load_catalog(FIXTURES / "minimal")


@pytest.mark.parametrize("code", ["token/expired", "VALIDATION_ERROR"])
def test_entry_section_golden(minimal, code):
    section = Renderer(minimal).entry_section(minimal.entry(code))
    goldens.check(f"section-{permalinks.anchor(code)}.md", str(section))


def test_category_page_golden(minimal):
    goldens.check("category-auth.md", Renderer(minimal).category_page(minimal.category("auth")))


def test_permalink_paths(minimal):
    e = minimal.entry("token/expired")
    assert permalinks.permalink_paths(minimal, e) == [
        "/errors/token/expired", "/errors/1001", "/errors/EXPIRED_TOKEN"]
    assert permalinks.layout(minimal).entry_target(e) == "/reference/auth/#token-expired"
    assert permalinks.type_url(minimal, e) == "https://mini.example/errors/token/expired"
    assert minimal.entry("EXPIRED_TOKEN") is e


def test_permalink_map_adds_unambiguous_lower_case(minimal):
    m = permalinks.permalink_map(minimal)
    assert m["/errors/validation_error"].code == "VALIDATION_ERROR"
    assert m["/errors/expired_token"].code == "token/expired"


@pytest.mark.parametrize("from_dir,expected", [
    ("", "reference/auth/#token-expired"),
    ("reference/auth/", "#token-expired"),
    ("reference/other/", "../auth/#token-expired"),
    ("guide/x/", "../../reference/auth/#token-expired"),
])
def test_relative_links(minimal, from_dir, expected):
    assert href(permalinks.layout(minimal), minimal.entry("token/expired"), from_dir) == expected


def test_blank_lines_in_code_blocks_survive(minimal):
    """A fenced block with a blank line in cause keeps it, whether the entry's HTML
    is deferred (kept as it is) or left in page markdown (written as &#10;)."""
    e = dataclasses.replace(minimal.entry("token/expired"), cause="Send:\n\n```\nline one\n\nline three\n```")
    head, body = Renderer(minimal).entry_parts(e)
    assert "<code>line one\n\nline three\n</code>" in body
    section = Renderer(minimal).entry_section(e)
    assert "\n\n" not in section.split("\n\n", 1)[1]  # one raw HTML block after the heading
    page = markdown.markdown(str(section), extensions=["attr_list"])
    assert "line one\n\nline three" in html.unescape(page)

"""`wire_codes: false`: a service whose responses carry no code (Livestream), and
an overview whose promises follow the catalog (which links, which surfaces)."""
from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest
from conftest import ROOT
from htmltext import text_of

from error_catalog.core.loader import load_catalog
from error_catalog.render import responses
from error_catalog.render.renderer import Renderer

LIVESTREAM = ROOT / "examples" / "livestream"


@pytest.mark.parametrize("name, links", [
    ("levelchat", ["`type`"]),              # problem + type_base: no documentation_url
    ("copilot", ["`documentation_url`"]),   # wrapped + documentation_base: no type
    ("langgraph", []),                      # detail: bodies have room for no link
    ("lvng", []),
])
def test_the_overview_promises_only_the_links_responses_have(name, links):
    intro = Renderer(load_catalog(ROOT / "examples" / name)).overview_intro()
    assert intro.startswith("Every error code ")
    promised = re.findall(r"`(?:type|documentation_url)`", intro)
    assert promised == links, intro
    if not links:
        assert "links in error responses" not in intro


def test_the_overview_names_the_surfaces():
    intro = Renderer(load_catalog(ROOT / "examples" / "langgraph")).overview_intro()
    assert "(REST API, Socket\\.IO events)" in intro  # md_plain escapes the dot


def test_a_codeless_catalog_says_so_and_promises_no_links():
    intro = Renderer(load_catalog(LIVESTREAM)).overview_intro()
    assert intro.startswith("Every error Livestream API returns")
    assert "carry no error code" in intro and "status" in intro and "message" in intro
    assert "`type`" not in intro and "documentation_url" not in intro


@pytest.mark.parametrize("envelope", sorted(responses.ENVELOPES))
def test_codeless_example_responses_carry_no_code(envelope):
    catalog = replace(load_catalog(LIVESTREAM), envelope=envelope)
    entry = catalog.entry("INVALID_API_KEY")
    example = responses.http_example(catalog, entry)
    assert "INVALID_API_KEY" not in example.text()
    body = example.body
    assert "code" not in body and "code" not in (body.get("error") if isinstance(body.get("error"), dict) else {})
    coded = responses.http_example(replace(catalog, wire_codes=True), entry).text()
    assert ("INVALID_API_KEY" in coded) == (envelope not in ("detail", "nest"))


@pytest.mark.slow
def test_the_livestream_site_identifies_errors_by_status_and_message(build):
    site = build(LIVESTREAM)
    home = text_of((site / "index.html").read_text(encoding="utf-8"))
    assert "Every error Livestream API returns" in home and "carry no error code" in home
    assert "Every error code" not in home and "documentation_url" not in home
    page = (site / "reference" / "authentication" / "index.html").read_text(encoding="utf-8")
    headings = [text_of(h).rstrip("¶") for h in re.findall(r"<h2[^>]*>.*?</h2>", page, re.S)]
    assert "401 “Invalid API Key” · API key not accepted (INVALID_API_KEY)" in headings
    assert "These HTTP responses carry no error code" in text_of(page)
    # The anchor, and so every permalink, is the entry's name as before.
    assert 'id="invalid-api-key"' in page
    # Stream push codes are the system's own names: headed by their code.
    streams = (site / "reference" / "streams" / "index.html").read_text(encoding="utf-8")
    assert "These HTTP responses carry no error code" not in text_of(streams)
    data = json.loads((site / "errors.json").read_text(encoding="utf-8"))
    assert {e["code"] for e in data["errors"]} >= {"INVALID_API_KEY", "TOKEN_EXPIRED"}

"""Example responses: golden files per envelope and surface, header rules, escaping.

Golden files live in tests/golden/responses/; regenerate them on purpose with
`UPDATE_GOLDEN=1 python3 -m pytest tests/test_responses.py`.
"""
from __future__ import annotations

import re

import dataclasses
import json
import shutil
from pathlib import Path

import pytest

import goldens
from error_catalog.core.loader import load_catalog
from error_catalog.core.model import Header
from error_catalog.core.problems import CatalogError
from error_catalog.render import responses, sections
from error_catalog.render.renderer import compact

FIXTURE = Path(__file__).parent / "fixtures" / "responses"
ENVELOPES = ["problem", "simple", "structured", "wrapped", "detail", "nest"]


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(FIXTURE)



def _printed(ex: responses.Example) -> str:
    return ex.text() + ("\n# note: " + ex.note if ex.note else "") + "\n"


@pytest.mark.parametrize("envelope", ENVELOPES)
def test_http_example_per_envelope_matches_golden(catalog, envelope):
    cat = dataclasses.replace(catalog, envelope=envelope)
    text = "".join(_printed(responses.http_example(cat, cat.entry(code)))
                   for code in ("rate/limited", "field/invalid", "secret/hidden"))
    goldens.check(f"responses/http-{envelope}.txt", text)


@pytest.mark.parametrize("shape", ["code", "typed"])
def test_socket_event_matches_golden(catalog, shape):
    cat = dataclasses.replace(catalog, events=dataclasses.replace(catalog.events, shape=shape))
    goldens.check(f"responses/event-{shape}.txt", _printed(responses.event_example(cat, cat.entry("rate/limited"))))


def test_sdk_and_other_surfaces_match_golden(catalog):
    e = catalog.entry("rate/limited")
    text = _printed(responses.sdk_example(catalog, e)) + _printed(responses.object_example(catalog, e, "webhook"))
    goldens.check("responses/sdk-and-object.txt", text)


def test_section_html_matches_golden_and_escapes_catalog_text(catalog):
    html = str(sections.example_responses(catalog)(catalog.entry("rate/limited")))
    goldens.check("responses/section.html", html + "\n")
    assert "<now>" not in html and "&lt;now&gt; &amp; retry" in html
    # Highlighted (Pygments spans), the text itself unchanged once the spans are gone.
    text = re.sub(r"<[^>]+>", "", html)
    assert '<span class="na">Retry-After</span>' in html
    # The blank line between headers and body, kept when the HTML stays in page markdown too.
    assert "Retry-After: 30\n" in text and "retryable=true status=429\n\n{" in text
    assert "\n\n" not in compact(html) and "&#10;" in compact(html)


def test_one_example_per_surface_in_surface_order(catalog):
    kinds = [(x.surface, x.kind) for x in responses.examples(catalog, catalog.entry("rate/limited"))]
    assert kinds == [("http", "http"), ("socket", "event"), ("sdk", "sdk"), ("webhook", "object")]


def test_problem_response_fields_come_from_the_catalog(catalog):
    ex = responses.http_example(catalog, catalog.entry("rate/limited"))
    assert ex.status_line == "HTTP/1.1 429 Too Many Requests"
    assert ex.headers[0] == ("Content-Type", "application/problem+json")
    assert ex.body["type"] == "https://acme.example/errors/rate/limited"
    assert ex.body["request_id"] == responses.REQUEST_ID
    assert ex.body["instance"] == responses.INSTANCE


def test_variant_message_is_used_on_its_surface(catalog):
    e = catalog.entry("rate/limited")
    assert responses.event_example(catalog, e).body["data"]["message"] == "Too many events on this connection"
    assert responses.http_example(catalog, e).body["detail"] == "Slow down <now> & retry"


def test_unexposed_details_are_left_out_with_a_note(catalog):
    cat = dataclasses.replace(catalog, envelope="wrapped")
    ex = responses.http_example(cat, cat.entry("secret/hidden"))
    assert "details" not in ex.body["error"] and "db-1" not in ex.text()
    assert "expose_details: false" in ex.note


# Table-driven: (header rule, entry status, retryable, http surface) -> shown?
HEADER_CASES = [
    (dict(statuses=(429,)), 429, False, True, True),
    (dict(statuses=(429,)), 400, False, True, False),
    (dict(statuses=(429,), retryable_only=True), 429, False, True, False),
    (dict(statuses=(429,), retryable_only=True), 429, True, True, True),
    (dict(always=True), 400, False, True, True),
    (dict(always=True, retryable_only=True), 400, False, True, False),
    (dict(), 429, True, True, False),
    (dict(always=True), 429, True, False, False),  # no HTTP surface, no HTTP response
]


@pytest.mark.parametrize("rule,status,retryable,http,shown", HEADER_CASES)
def test_header_rules(catalog, rule, status, retryable, http, shown):
    header = Header("X-Test", "d", "v", **rule)
    e = dataclasses.replace(catalog.entry("rate/limited"), status=status, retryable=retryable,
                            surfaces=("http",) if http else ("sdk",))
    assert responses.carries(header, e) is shown


def test_header_placeholders_are_filled(catalog):
    ex = responses.http_example(catalog, catalog.entry("rate/limited"))
    assert dict(ex.headers)["X-Error-Code"] == "rate/limited #4001 retryable=true status=429"
    assert dict(ex.headers)["X-Request-Id"] == responses.REQUEST_ID
    assert "X-Docs-Only" not in dict(ex.headers)


def test_unknown_header_placeholder_is_reported_with_file_and_line(tmp_path):
    root = tmp_path / "cat"
    shutil.copytree(FIXTURE, root)
    text = (root / "catalog.yaml").read_text().replace('"{request_id}"', '"{requestid}"')
    (root / "catalog.yaml").write_text(text)
    with pytest.raises(CatalogError) as err:
        load_catalog(root)
    line = next(i for i, s in enumerate(text.splitlines(), 1) if "{requestid}" in s)
    assert f"catalog.yaml:{line}: headers[1].example: unknown placeholder {{requestid}}; known: {{code}}" \
        in err.value.report()


def test_examples_are_deterministic(catalog):
    def dump():
        return json.dumps([[x.text() for x in responses.examples(catalog, e)] for e in catalog.entries])
    assert dump() == dump() == json.dumps(
        [[x.text() for x in responses.examples(load_catalog(FIXTURE), e)] for e in catalog.entries])


def test_sdk_error_name_comes_from_the_service(catalog):
    assert responses.sdk_error_name(dataclasses.replace(catalog, service="LLM-CoPilot Agent")) == \
        "LLMCoPilotAgentError"

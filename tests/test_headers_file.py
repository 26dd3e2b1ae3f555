"""`_headers` (Cloudflare Pages, Netlify) carries exactly netlify.toml's header
policy, within Cloudflare's 100 rules, under the site's base path."""
from __future__ import annotations

from pathlib import Path

import pytest

from error_catalog.outputs import headers
from permalink_servers import site_headers

ROOT = Path(__file__).resolve().parent.parent


def parse_headers_file(text: str) -> list[tuple[str, dict[str, str]]]:
    """Cloudflare's `_headers` syntax: a path line, then indented `Name: value` lines."""
    rules: list[tuple[str, dict[str, str]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0] in " \t":
            name, sep, value = line.strip().partition(":")
            assert sep and rules, line
            rules[-1][1][name.strip()] = value.strip()
        else:
            rules.append((line.strip(), {}))
    return rules


def test_the_policy_is_netlify_tomls():
    assert [(p, dict(v)) for p, v in headers.POLICY] == site_headers()


def test_the_file_says_the_same_within_cloudflares_limit():
    rules = parse_headers_file(headers.headers_text())
    assert rules == site_headers() and len(rules) <= headers.MAX_RULES
    assert all(len(line) <= 2000 for line in headers.headers_text().splitlines())  # Cloudflare's line limit


def test_under_a_base_path_every_pattern_moves_with_the_site():
    rules = parse_headers_file(headers.headers_text("/docs/"))
    assert [p for p, _ in rules] == ["/docs" + p for p, _ in site_headers()]


@pytest.mark.slow
@pytest.mark.parametrize(("env", "written"), [({}, True), ({"REDIRECTS_FOR": "nginx"}, False)])
def test_the_build_writes_it_for_the_hosts_that_read_it(build, env, written):
    site = build(ROOT / "tests" / "fixtures" / "permalinks", **env)
    assert (site / "_headers").is_file() is written
    if written:
        assert parse_headers_file((site / "_headers").read_text(encoding="utf-8")) == site_headers()

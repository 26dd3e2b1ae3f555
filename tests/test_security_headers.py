"""Security headers: netlify.toml sends them, and the site works under them.

netlify.toml is part of the repository, so the tests that read it are
mandatory. The harness itself is tested too: a strict policy that the site's
inline scripts break is caught.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

import sitehttp
from conftest import ROOT

NETLIFY = ROOT / "netlify.toml"

# What docs/guide/security.md recommends; proven below to work with Material.
RECOMMENDED_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self'; img-src 'self' data:; "
                   "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; "
                   "form-action 'self'; frame-ancestors 'none'")


def parse_csp(value: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for part in value.split(";"):
        words = part.split()
        if words:
            out.setdefault(words[0].lower(), words[1:])
    return out


def csp_problems(value: str) -> list[str]:
    """What a policy for this site must say (an empty list: it is strict enough)."""
    csp = parse_csp(value)
    out = []
    default = csp.get("default-src")
    if default is None:
        out.append("no default-src")
    scripts = csp.get("script-src", default or [])
    for bad in ("'unsafe-eval'", "*", "data:", "http:", "https:", "blob:"):
        if bad in scripts:
            out.append(f"script-src allows {bad}")
    if csp.get("object-src", default) != ["'none'"]:
        out.append("object-src is not 'none'")
    if not set(csp.get("base-uri", [])) <= {"'self'", "'none'"} or "base-uri" not in csp:
        out.append("base-uri is not 'self' or 'none'")
    if "frame-ancestors" not in csp:
        out.append("no frame-ancestors (clickjacking)")
    return out


# Header -> check of its value; each must reach every path.
REQUIRED = {
    "Content-Security-Policy": lambda v: not csp_problems(v),
    "X-Content-Type-Options": lambda v: v.strip().lower() == "nosniff",
    "Referrer-Policy": lambda v: v.strip().lower() in {"no-referrer", "same-origin", "strict-origin",
                                                        "strict-origin-when-cross-origin"},
}


def netlify_rules(path: Path = NETLIFY) -> list[tuple[re.Pattern, dict[str, str]]]:
    """`[[headers]]` of netlify.toml as (path pattern, headers); `*` is a splat, `:name` one segment."""
    rules = []
    for rule in tomllib.loads(path.read_text(encoding="utf-8")).get("headers", []):
        pattern = "".join(".*" if part == "*" else "[^/]+" if part.startswith(":") else re.escape(part)
                          for part in re.split(r"(\*|:[A-Za-z_]+)", rule["for"]))
        rules.append((re.compile(pattern + r"\Z"), {k: str(v) for k, v in rule.get("values", {}).items()}))
    return rules


def headers_for(rules, path: str) -> dict[str, str]:
    """The headers Netlify sends for `path`: those of every matching rule."""
    out: dict[str, str] = {}
    for pattern, values in rules:
        if pattern.match(path):
            out.update(values)
    return out


def pages_to_visit(site: Path, cap: int = 12) -> list[str]:
    """The site's pages, and an even sample of the rest (fallback stubs: one template,
    each landing on a section; test_browser_fallback_pages.py follows every one)."""
    urls = sitehttp.page_urls(site)
    main = [u for u in urls if not u.startswith("errors/")]
    rest = [u for u in urls if u.startswith("errors/")]
    step = max(1, len(rest) // cap)
    return main + rest[::step][:cap]


def visit_under(site: Path, browser, headers, urls: list[str] | None = None,
                search: bool = True) -> dict[str, list[str]]:
    """Load pages (and use the search) with `headers` on every response; return what went wrong."""
    with sitehttp.serve(site, headers) as base, sitehttp.visitor(browser) as v:
        for url in pages_to_visit(site) if urls is None else urls:
            v.visit(base + url, expect_status=None)
        if search:
            v.visit(base)
            v.current = "search"
            if v.search("token") == 0:
                v.note("the search found nothing")
    return v.problems


def test_csp_rules():
    assert csp_problems(RECOMMENDED_CSP) == []
    assert "script-src allows 'unsafe-eval'" in csp_problems("default-src 'self'; script-src 'self' 'unsafe-eval'")
    assert "object-src is not 'none'" in csp_problems("default-src 'self'; base-uri 'self'; frame-ancestors 'none'")


def test_netlify_rule_matching(tmp_path):
    toml = tmp_path / "netlify.toml"
    toml.write_text('[[headers]]\nfor = "/*"\n[headers.values]\nA = "1"\n'
                    '[[headers]]\nfor = "/errors/:code"\n[headers.values]\nB = "2"\n', encoding="utf-8")
    rules = netlify_rules(toml)
    assert headers_for(rules, "/reference/auth/") == {"A": "1"}
    assert headers_for(rules, "/errors/E1") == {"A": "1", "B": "2"}


@pytest.mark.browser
@pytest.mark.slow
def test_harness_catches_a_policy_the_site_breaks(site, browser):
    problems = visit_under(site, browser, lambda path: {"Content-Security-Policy": "default-src 'self'"},
                           urls=[""], search=False)
    assert any("CSP violation: script-src" in p for ps in problems.values() for p in ps), problems




@pytest.mark.parametrize("path", ["/", "/reference/auth/", "/errors/anything", "/search/search_index.json",
                                  "/assets/javascripts/x.js", "/404.html"])
def test_netlify_sends_security_headers(path):
    sent = headers_for(netlify_rules(), path)
    missing = [name for name in REQUIRED if name not in sent]
    assert not missing, f"{path}: no {', '.join(missing)}"
    weak = [f"{name}: {sent[name]!r}" for name, ok in REQUIRED.items() if not ok(sent[name])]
    assert not weak, f"{path}: {weak}; CSP problems: {csp_problems(sent['Content-Security-Policy'])}"


@pytest.mark.browser
@pytest.mark.slow
def test_site_works_under_netlify_headers(site, browser):
    rules = netlify_rules()
    problems = visit_under(site, browser, lambda path: headers_for(rules, path))
    assert problems == {}, "\n".join(f"{u}: {p}" for u, ps in problems.items() for p in ps)

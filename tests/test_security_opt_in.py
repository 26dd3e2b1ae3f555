"""Security headers only when a site asks for them, and then fitted to the site.

A team's site with the one-line setup gets no `_headers` (a policy for `/*`
would apply to its own pages, fonts, analytics and scripts). With
`security_headers: true` the Content-Security-Policy allows what the site's
config loads from other origins; tested with Material's default (Google) fonts,
its Google Analytics integration and a CDN script, in a real Chromium that
reports every CSP violation.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from test_headers_file import parse_headers_file
from test_security_headers import parse_csp

from permalink_servers import headers_for
import sitehttp

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
CDN = "https://cdn.jsdelivr.test/npm/some-widget@1/widget.js"


def build(folder: Path, plugin: dict, **config) -> Path:
    shutil.copytree(ROOT / "examples" / "levelchat", folder / "errors")
    (folder / "docs").mkdir()
    (folder / "docs" / "index.md").write_text("# Acme\n\nHello.\n", encoding="utf-8")
    site = {"site_name": "Acme", "theme": {"name": "material"},
            "plugins": ["search", {"error-catalog": {"catalog": "errors", **plugin}}], **config}
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(site, sort_keys=False), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("CATALOG_DIR", "REDIRECTS_FOR", "FALLBACK_PAGES")}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=folder,
                          env={**env, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"},
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return folder / "site"


def test_the_one_line_setup_writes_no_headers(tmp_path):
    site = build(tmp_path, {})
    assert (site / "_redirects").is_file()
    assert not (site / "_headers").exists()


@pytest.fixture(scope="module")
def opted_in(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("opted"), {"security_headers": True},
                 extra={"analytics": {"provider": "google", "property": "G-TEST123"}},
                 extra_javascript=[CDN])


def test_the_policy_allows_what_the_site_loads(opted_in):
    rules = parse_headers_file((opted_in / "_headers").read_text(encoding="utf-8"))
    csp = parse_csp(headers_for(rules, "/reference/auth/")["Content-Security-Policy"])
    assert "https://fonts.googleapis.com" in csp["style-src"]
    assert "https://fonts.gstatic.com" in csp["font-src"]
    assert {"https://www.googletagmanager.com", "https://cdn.jsdelivr.test"} <= set(csp["script-src"])
    assert "https://*.google-analytics.com" in csp["connect-src"]
    assert csp["object-src"] == ["'none'"] and csp["default-src"] == ["'self'"]


def test_system_fonts_allow_no_font_origin(tmp_path):
    site = build(tmp_path, {"security_headers": True}, theme={"name": "material", "font": False})
    csp = parse_csp(headers_for(parse_headers_file((site / "_headers").read_text(encoding="utf-8")), "/")
                    ["Content-Security-Policy"])
    assert csp["font-src"] == ["'self'", "data:"] and csp["style-src"] == ["'self'", "'unsafe-inline'"]


@pytest.mark.browser
def test_materials_default_fonts_load_under_the_policy(opted_in, browser):
    """No CSP violation in Chromium with the headers the build wrote (the requests to
    Google fail here, offline; a request the policy blocked would be a violation)."""
    rules = parse_headers_file((opted_in / "_headers").read_text(encoding="utf-8"))
    assert "fonts.googleapis.com" in (opted_in / "index.html").read_text(encoding="utf-8")
    strict = {"Content-Security-Policy": "default-src 'self'; script-src 'self' 'unsafe-inline'; "
                                         "style-src 'self' 'unsafe-inline'; font-src 'self'"}
    for headers, expect_violation in ((lambda path: headers_for(rules, path), False),
                                      (lambda path: strict, True)):  # the control: the old fixed policy
        with sitehttp.serve(opted_in, headers) as base, sitehttp.visitor(browser) as v:
            for url in ("", "reference/auth/"):
                v.visit(base + url, expect_status=None)
        violations = [p for ps in v.problems.values() for p in ps if p.startswith("CSP violation")]
        assert bool(violations) is expect_violation, violations

"""Whole built sites: every redirect rule and fallback page lands on an existing anchor
that shows its code; fallback pages stay out of the sitemap and the search index."""
from __future__ import annotations

import html as htmllib
import json
import posixpath
import re
import shutil
import tomllib
from functools import cache
from pathlib import Path

import pytest
from htmltext import unbroken

from error_catalog.core import permalinks
from error_catalog.core.loader import load_catalog
from permalink_servers import FIXTURES, ROOT, catalog_id, catalogs, headers_for, parse_redirects, site_headers

pytestmark = pytest.mark.slow


@pytest.fixture(params=catalogs(), ids=catalog_id)
def built(request, build):
    """(catalog, site, layout): a site built with the default page size."""
    catalog = load_catalog(request.param)
    return catalog, build(request.param), permalinks.layout(catalog)


@cache
def _page(path: Path) -> str:
    return unbroken(path.read_text(encoding="utf-8"))


def section_heading(site: Path, target: str) -> str:
    """The HTML of the heading a site-relative target ('/reference/a/#x') points at."""
    page, _, anchor = target.partition("#")
    text = _page(site / page.lstrip("/") / "index.html")
    m = re.search(rf'<h2 id="{re.escape(anchor)}">(.*?)</h2>', text, re.S)
    assert m, f"{target}: no section with id {anchor!r}"
    return m.group(1)


def test_every_rule_lands_on_a_section_showing_its_code(built):
    catalog, site, layout = built
    rules = parse_redirects((site / "_redirects").read_text(encoding="utf-8"))
    pmap = permalinks.permalink_map(catalog)
    assert sorted(r.source for r in rules) == sorted(pmap), "one rule per permalink path"
    for r in rules:
        entry = pmap[r.source]
        assert (r.status, r.forced) == (301, True), r
        assert r.target == layout.entry_target(entry), r
        assert f"<code>{htmllib.escape(entry.code, quote=False)}</code>" in section_heading(site, r.target)


def test_every_entry_has_every_permalink(built):
    catalog, site, layout = built
    sources = {r.source for r in parse_redirects((site / "_redirects").read_text(encoding="utf-8"))}
    for e in catalog.entries:
        expected = {permalinks.permalink_paths(catalog, e)[0]}
        if e.number is not None:
            expected.add(catalog.permalinks.errors_path + str(e.number))
        expected |= {catalog.permalinks.errors_path + a for a in e.aliases}
        if catalog.permalinks.type_base:
            expected.add(permalinks.url_path(permalinks.type_url(catalog, e)))
        if permalinks.documentation_url(catalog, e):
            expected.add(permalinks.url_path(permalinks.documentation_url(catalog, e)))
        assert expected <= sources, (e.code, expected - sources)


def test_fallback_page_at_every_permalink(built):
    catalog, site, layout = built
    for path, entry in permalinks.permalink_map(catalog).items():
        own = path.strip("/") + "/"
        text = _page(site / own / "index.html")
        target = re.search(r'data-target="([^"]+)"', text).group(1)
        rel = htmllib.unescape(re.search(r'data-rel="([^"]+)"', text).group(1))
        assert "/" + target == layout.entry_target(entry)
        page, _, frag = rel.partition("#")
        assert posixpath.normpath(posixpath.join(own, page)) + "/#" + frag == target
        assert '<meta name="robots" content="noindex">' in text
        section_heading(site, "/" + target)


def test_fallback_pages_are_not_in_sitemap_or_search(built):
    catalog, site, layout = built
    locs = re.findall(r"<loc>(.*?)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    searched = {d["location"].partition("#")[0] for d in index["docs"]}
    for path in permalinks.permalink_map(catalog):
        own = path.strip("/") + "/"
        assert not any(loc.endswith("/" + own) or loc == own for loc in locs), path
        assert own not in searched, path


def test_404_page_knows_the_permalink_prefixes(built):
    catalog, site, layout = built
    text = (site / "404.html").read_text(encoding="utf-8")
    prefixes = json.loads(re.search(r"var prefixes = (\[.*?\])", text).group(1))
    assert catalog.permalinks.errors_path in prefixes
    if catalog.permalinks.type_base:
        assert permalinks.url_path(catalog.permalinks.type_base) in prefixes
    assert 'href="/#_a-z"' in text and 'for="__search"' in text


# -- netlify.toml ---------------------------------------------------------------------

NETLIFY = tomllib.loads((ROOT / "netlify.toml").read_text(encoding="utf-8"))


def test_netlify_build_settings():
    build = NETLIFY["build"]
    assert build["publish"] == "site"
    assert "mkdocs build --strict" in build["command"]
    assert re.fullmatch(r"3\.\d+", build["environment"]["PYTHON_VERSION"])


def test_netlify_security_headers():
    values = next(h["values"] for h in NETLIFY["headers"] if h["for"] == "/*")
    csp = dict(d.strip().split(" ", 1) for d in values["Content-Security-Policy"].split(";"))
    assert csp["frame-ancestors"] == "'none'"
    assert csp["default-src"] == "'self'" and csp["object-src"] == "'none'"
    assert values["X-Content-Type-Options"] == "nosniff"
    assert values["Referrer-Policy"]


def test_long_caching_only_for_hashed_assets(site):
    rules = site_headers()
    files = ["/" + p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()]
    cached = [f for f in files if "immutable" in headers_for(rules, f).get("Cache-Control", "")]
    assert any(f.endswith(".js") for f in cached) and any(f.endswith(".css") for f in cached)
    for f in cached:
        assert re.search(r"\.[0-9a-f]{8}\.", f), f"{f} is cached for a year but has no content hash"


# -- permalinks that collide with the site itself are build errors ---------------------------

def _root_errors_catalog(tmp_path: Path, code: str) -> Path:
    folder = tmp_path / "cat"
    (folder / "errors").mkdir(parents=True)
    (folder / "catalog.yaml").write_text(
        "service: T\nenvelope: problem\npermalinks:\n  errors_path: /\n"
        "categories:\n  - id: c\n    title: C\n", encoding="utf-8")
    (folder / "errors" / "e.yaml").write_text(
        f"- code: ok\n  category: c\n  title: Fine\n- code: {code}\n  category: c\n  title: Clash\n",
        encoding="utf-8")
    return folder


@pytest.mark.parametrize("code, message", [
    ("statuses", "permalink /statuses is also the page docs/statuses.md"),
    ("sitemap.xml", "permalink /sitemap.xml/ is also a file of the built site"),
])
def test_permalink_on_a_site_path_fails_the_build(tmp_path, code, message):
    from conftest import run_build

    proc = run_build(_root_errors_catalog(tmp_path, code), tmp_path / "site", check=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert message in out and "e.yaml:4: code [" + code + "]" in out, out
    assert "Traceback" not in out


# -- lifecycle on the page, host variants, rebuilds ------------------------------------------

def _entry_html(page: str, code: str) -> str:
    """The HTML of one entry's section body, up to the next heading."""
    m = re.search(rf'data-code="{re.escape(code)}">(.*?)(?=<h2|$)', page, re.S)
    assert m, code
    return m.group(1)


def test_deprecated_and_retired_sections_link_their_successor(build):
    site = build(ROOT / "tests" / "fixtures" / "permalinks")
    auth = _page(site / "reference" / "auth" / "index.html")
    jobs = _page(site / "reference" / "jobs" / "index.html")
    legacy = _entry_html(auth, "token/legacy")
    assert "ec-notice ec-deprecated" in legacy and 'href="#token-expired"' in legacy
    gone = _entry_html(jobs, "JOB_GONE")
    assert "ec-notice ec-retired" in gone and 'href="#job-queue-full"' in gone
    assert "Also returned as: <code>EXPIRED_TOKEN</code>, <code>auth/token-expired</code>" in auth


def test_cloudflare_variant_and_unknown_host(tmp_path):
    from conftest import run_build

    fixture = ROOT / "tests" / "fixtures" / "permalinks"
    run_build(fixture, tmp_path / "cf", env={"REDIRECTS_FOR": "cloudflare"})
    rules = parse_redirects((tmp_path / "cf" / "_redirects").read_text(encoding="utf-8"))
    assert rules and all(r.status == 301 and not r.forced for r in rules)
    assert {"/errors/101", "/errors/101/"} <= {r.source for r in rules}
    proc = run_build(fixture, tmp_path / "bad", env={"REDIRECTS_FOR": "apache"}, check=False)
    assert proc.returncode != 0
    assert ("Config value 'plugins': Plugin 'error-catalog' option 'redirects': Expected one of: "
            "('netlify', 'cloudflare', 'gitlab', 'nginx', 'vercel') but received: 'apache'") in proc.stdout + proc.stderr


def test_fallback_pages_replace_their_own_but_no_other_file(build, tmp_path):
    # `mkdocs build --dirty` writes into a site that already has the fallback pages.
    import shutil

    from error_catalog.core.context import BuildContext
    from error_catalog.core.problems import Failure
    from error_catalog.outputs import redirects

    fixture = ROOT / "tests" / "fixtures" / "permalinks"
    site = tmp_path / "site"
    shutil.copytree(build(fixture), site)
    ctx = BuildContext(load_catalog(fixture))
    redirects.write_fallback_pages(ctx, site)
    (site / "errors" / "101" / "index.html").write_text("<p>a page of its own</p>", encoding="utf-8")
    with pytest.raises(Failure, match="1 permalink"):
        redirects.write_fallback_pages(ctx, site)


def test_codes_with_a_segment_starting_with_a_dot_build_and_land(tmp_path):
    """The contract allows any segment but '.' and '..': `.git`, `v1/.well-known` and an
    alias `.env` build strict, each with its rule and fallback page landing on its section."""
    from conftest import run_build

    catalog = tmp_path / "catalog"
    shutil.copytree(FIXTURES / "minimal", catalog)
    with open(catalog / "errors" / "auth.yaml", "a", encoding="utf-8") as f:
        f.write("- {code: .git, category: auth, title: Dot git, status: 400}\n"
                "- {code: v1/.well-known, category: auth, title: Well known, status: 404, aliases: [.env]}\n")
    site = tmp_path / "site"
    run_build(catalog, site)
    loaded = load_catalog(catalog)
    layout = permalinks.layout(loaded)
    rules = {r.source: r.target for r in parse_redirects((site / "_redirects").read_text(encoding="utf-8"))}
    for path in ("/errors/.git", "/errors/v1/.well-known", "/errors/.env"):
        entry = permalinks.permalink_map(loaded)[path]
        assert rules[path] == layout.entry_target(entry)
        section_heading(site, rules[path])
        text = (site / path.strip("/") / "index.html").read_text(encoding="utf-8")
        assert f'data-target="{layout.entry_target(entry)[1:]}"' in text

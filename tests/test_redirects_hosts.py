"""The hosts' own redirect engines, offline: every permalink of every catalog is one
301 to its section, as Netlify (`netlify dev`, the default `_redirects`) and
Cloudflare Pages (`wrangler pages dev`, the `REDIRECTS_FOR=cloudflare` build
with `fallback_pages: auto`, so without any fallback page) apply the built
site's `_redirects` themselves.

The engines come from the npm registry at locked versions (`bash .ci/npm-tools`);
without them a run skips here, and fails under CI. Each engine is started once
per site and serves nothing but the built site folder.
"""
from __future__ import annotations

import pytest

from error_catalog.core import permalinks
from error_catalog.core.loader import load_catalog
from error_catalog.outputs import headers
from permalink_servers import (NetlifyDev, WranglerPagesDev, assert_every_permalink_lands, catalog_id,
                               catalogs, engine_bin, fetch)

pytestmark = pytest.mark.slow

# host -> (engine, build environment): the file each host is meant to get
HOSTS = {
    "netlify": (NetlifyDev, {}),
    "cloudflare": (WranglerPagesDev, {"REDIRECTS_FOR": "cloudflare", "FALLBACK_PAGES": "auto"}),
}
CASES = [(host, catalog) for host in HOSTS for catalog in catalogs()]


@pytest.fixture(scope="module", params=CASES, ids=[f"{h}-{catalog_id(c)}" for h, c in CASES])
def served(request, build, tmp_path_factory):
    host, root = request.param
    engine, env = HOSTS[host]
    engine_bin(engine.name)  # skip (or fail under CI) before building anything
    site = build(root, **env)
    with engine(site, tmp_path_factory.mktemp(host)) as server:
        yield load_catalog(root), site, server


def test_every_permalink_is_one_301_to_its_section(served):
    catalog, site, server = served
    pmap = permalinks.permalink_map(catalog)
    if isinstance(server, WranglerPagesDev):  # the rules alone: no fallback page at all
        assert not [p for p in pmap if (site / p.strip("/")).exists()]
    else:  # a fallback page sits at every permalink path: the forced rules must win over files
        missing = [p for p in pmap if not (site / p.strip("/") / "index.html").is_file()]
        assert not missing, missing[:5]
    assert_every_permalink_lands(server.base, pmap, permalinks.layout(catalog))
    if isinstance(server, WranglerPagesDev):  # wrangler counts what it parsed: none skipped
        rules = [line for line in (site / "_redirects").read_text(encoding="utf-8").splitlines()
                 if line.strip() and not line.startswith("#")]
        assert f"Parsed {len(rules)} valid redirect rules" in server.log.read_text(errors="replace")


def test_unknown_code_gets_the_404_page(served):
    _catalog, _site, server = served
    status, _, body = fetch(server.base, "/errors/NO_SUCH_CODE")
    assert status == 404
    assert b"This error code is not documented" in body



def test_the_engine_sends_the_headers_of_the_built_headers_file(served):
    # `_headers` alone (the engines get no netlify.toml): the site's policy on every response
    _catalog, site, server = served
    status, got, _ = fetch(server.base, "/")
    assert status == 200
    for name, value in headers.POLICY[0][1].items():
        assert got.get(name.lower()) == value, name
    if isinstance(server, WranglerPagesDev):
        # (netlify dev sends its own `Cache-Control: public, max-age=0` for every local file)
        bundle = next((site / "assets" / "javascripts").glob("bundle.*.js")).name
        status, got, _ = fetch(server.base, f"/assets/javascripts/{bundle}")
        assert status == 200 and got.get("cache-control") == headers.IMMUTABLE["Cache-Control"]

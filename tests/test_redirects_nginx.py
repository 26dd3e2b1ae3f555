"""The built `_redirects`, applied by a real server (nginx, configured from the file
itself the way Netlify reads it): every permalink answers one 301 to its section."""
from __future__ import annotations

import pytest

from error_catalog.core import permalinks
from error_catalog.core.loader import load_catalog
from permalink_servers import NginxServer, assert_every_permalink_lands, catalog_id, catalogs, fetch

pytestmark = pytest.mark.slow


@pytest.fixture(params=catalogs(), ids=catalog_id)
def served(request, build, tmp_path):
    site = build(request.param)
    with NginxServer(site, tmp_path) as server:
        yield load_catalog(request.param), server


def test_every_permalink_is_one_301_to_its_section(served):
    catalog, server = served
    pmap = permalinks.permalink_map(catalog)
    assert {r.source for r in server.rules} == set(pmap)
    assert_every_permalink_lands(server.base, pmap, permalinks.layout(catalog))


def test_rules_fire_over_the_fallback_pages(served):
    # A fallback page exists at each permalink path; the forced rule must win.
    catalog, server = served
    path = next(iter(permalinks.permalink_map(catalog)))
    status, _, _ = fetch(server.base, path + "/index.html")
    assert status == 200  # the file is there ...
    assert fetch(server.base, path + "/")[0] == 301  # ... and the rule still fires


def test_unknown_code_gets_the_404_page(served):
    _catalog, server = served
    status, _, body = fetch(server.base, "/errors/NO_SUCH_CODE")
    assert status == 404
    assert b"This error code is not documented" in body

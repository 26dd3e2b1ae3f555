"""The nginx snippet the build writes (`redirects: [nginx]`), included in a minimal
server block and nothing else: every permalink of every catalog is one 301 to its
section, with no fallback page in the site (`fallback_pages: auto`)."""
from __future__ import annotations

import pytest

from error_catalog.core import permalinks
from error_catalog.core.loader import load_catalog
from error_catalog.outputs import redirects
from permalink_servers import NginxServer, assert_every_permalink_lands, catalog_id, catalogs, fetch

pytestmark = pytest.mark.slow

NGINX_BUILD = {"REDIRECTS_FOR": "nginx", "FALLBACK_PAGES": "auto"}


@pytest.fixture(params=catalogs(), ids=catalog_id)
def served(request, build, tmp_path):
    site = build(request.param, **NGINX_BUILD)
    with NginxServer(site, tmp_path, snippet=site / redirects.NGINX_FILE) as server:
        yield load_catalog(request.param), site, server


def test_every_permalink_is_one_301_to_its_section(served):
    catalog, site, server = served
    pmap = permalinks.permalink_map(catalog)
    # the rules alone land them: no fallback page was written
    assert not [p for p in pmap if (site / p.strip("/")).exists()]
    assert not (site / "_redirects").exists()
    assert_every_permalink_lands(server.base, pmap, permalinks.layout(catalog))


def test_matching_is_exact_and_case_sensitive(served):
    catalog, _site, server = served
    pmap = permalinks.permalink_map(catalog)
    path = next(p for p in pmap if p.swapcase() not in pmap and p.swapcase() != p)
    assert fetch(server.base, path.swapcase())[0] == 404
    assert fetch(server.base, path + "x")[0] == 404
    assert fetch(server.base, path + "/index.html")[0] == 404


def test_the_snippet_itself_is_not_served(served):
    _catalog, _site, server = served
    assert fetch(server.base, "/" + redirects.NGINX_FILE)[0] == 404


def test_unknown_code_gets_the_404_page(served):
    _catalog, _site, server = served
    status, _, body = fetch(server.base, "/errors/NO_SUCH_CODE")
    assert status == 404
    assert b"This error code is not documented" in body

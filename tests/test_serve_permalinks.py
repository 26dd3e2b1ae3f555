"""Under `mkdocs serve` the dev server answers every permalink with a 301 to its section."""
from __future__ import annotations

from wsgiref.util import setup_testing_defaults

from error_catalog.core.loader import load_catalog
from error_catalog.outputs import redirects
from permalink_servers import ROOT


def _call(app, path: str, method: str = "GET") -> tuple[str, dict]:
    environ: dict = {}
    setup_testing_defaults(environ)
    # PEP 3333: the server hands PATH_INFO over as latin-1 text of the raw bytes.
    environ.update(PATH_INFO=path.encode("utf-8").decode("latin-1"), REQUEST_METHOD=method)
    seen = {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(app(environ, start_response))
    return seen["status"], {**seen["headers"], "body": body}


def _site(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"from the site"]


def test_every_permalink_redirects_like_netlify():
    catalog = load_catalog(ROOT / "catalog")
    served = redirects.ServedRules()
    served.update(catalog, "/")
    app = redirects.serve_app(_site, served)
    rules = redirects.rules(catalog, "/")
    assert len(rules) > 100
    for r in rules:
        for path in (r.path, r.path + "/"):
            status, headers = _call(app, path, "HEAD" if path.endswith("/") else "GET")
            assert (status, headers["Location"]) == ("301 Moved Permanently", r.target), path
            assert headers["body"] == b""


def test_everything_else_is_served_by_the_site():
    catalog = load_catalog(ROOT / "catalog")
    served = redirects.ServedRules()
    app = redirects.serve_app(_site, served)
    assert _call(app, "/errors/token/expired")[0] == "200 OK"  # nothing built yet: no rules
    served.update(catalog, "/docs/")
    assert _call(app, "/docs/errors/token/expired")[1]["Location"] == "/docs/reference/auth/#token-expired"
    for path, method in (("/docs/errors/token/expired/more", "GET"),
                         ("/docs/errors/token/expired", "POST"), ("/docs/errors/no-such-code", "GET"),
                         ("/docs/errors/t\u00f6ken", "GET"), ("/docs/", "GET")):
        assert _call(app, path, method) == ("200 OK", {"Content-Type": "text/plain", "body": b"from the site"})

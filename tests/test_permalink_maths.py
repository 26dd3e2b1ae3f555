"""The permalink maths: anchors, paths, case variants, redirect rules, fallback pages, collisions."""
from __future__ import annotations

import posixpath
import re
import textwrap
from pathlib import Path

import pytest

from error_catalog.core import permalinks
from error_catalog.core.loader import load_catalog
from error_catalog.core.problems import CatalogError
from error_catalog.outputs import redirects
from permalink_servers import FIXTURES, parse_redirects


@pytest.fixture(scope="module")
def shapes():
    return load_catalog(FIXTURES / "permalinks")


@pytest.mark.parametrize("code, anchor", [
    ("token/expired", "token-expired"),
    ("TOKEN_EXPIRED", "token-expired"),
    ("token-expired", "token-expired"),
    ("api_key.revoked", "api-key-revoked"),
    ("PERMISSION_DENIED", "permission-denied"),
    ("Job-Timeout", "job-timeout"),
    ("AUTH_001", "auth-001"),
    ("1013", "1013"),
    ("a//b", "a-b"),
    ("__x__", "x"),
    ("_", "code-5f"),
    ("...", "code-2e2e2e"),
])
def test_anchor(code, anchor):
    assert permalinks.anchor(code) == anchor
    assert re.fullmatch(r"[a-z0-9-]+", permalinks.anchor(code))


@pytest.mark.parametrize("code, expected", [
    ("token/expired", [
        "/errors/token/expired", "/errors/101", "/errors/EXPIRED_TOKEN", "/errors/auth/token-expired",
        "/problems/token/expired", "/problems/EXPIRED_TOKEN", "/problems/auth/token-expired", "/codes/101"]),
    ("PERMISSION_DENIED", ["/errors/PERMISSION_DENIED", "/errors/102", "/problems/PERMISSION_DENIED", "/codes/102"]),
    # no number: no numeric permalink, no documentation_url
    ("api_key.revoked", ["/errors/api_key.revoked", "/problems/api_key.revoked"]),
    # a retired entry keeps every permalink
    ("JOB_GONE", ["/errors/JOB_GONE", "/errors/202", "/problems/JOB_GONE", "/codes/202"]),
])
def test_permalink_paths(shapes, code, expected):
    assert permalinks.permalink_paths(shapes, shapes.entry(code)) == expected


def test_permalink_paths_under_a_base(shapes):
    # The site's own /errors/ moves with the base; type and documentation URL paths are host-absolute.
    assert permalinks.permalink_paths(shapes, shapes.entry("JOB_GONE"), "/docs/") == [
        "/docs/errors/JOB_GONE", "/docs/errors/202", "/problems/JOB_GONE", "/codes/202"]


@pytest.mark.parametrize("path, code", [
    ("/errors/expired_token", "token/expired"),      # lower-case variant of an alias
    ("/errors/permission_denied", "PERMISSION_DENIED"),
    ("/problems/job_gone", "JOB_GONE"),
    ("/errors/job-timeout", "Job-Timeout"),
])
def test_lower_case_variants_resolve(shapes, path, code):
    assert permalinks.permalink_map(shapes)[path].code == code


def test_lower_case_variant_only_when_unambiguous():
    from error_catalog.core.model import Catalog, Category, Entry, Permalinks
    # Loader rules forbid this catalog; permalink_map must still not guess.
    a = Entry(code="Foo", category="c", title="a", anchor="foo-a")
    b = Entry(code="FOO", category="c", title="b", anchor="foo-b")
    cat = Catalog(root=Path("."), service="s", envelope="problem", permalinks=Permalinks(), locales=("en",),
                  surfaces={}, headers=(), categories=(Category("c", "C"),), entries=(a, b))
    m = permalinks.permalink_map(cat)
    assert m["/errors/Foo"] is a and m["/errors/FOO"] is b and "/errors/foo" not in m


def test_entry_target(shapes):
    layout = permalinks.layout(shapes)
    assert layout.entry_target(shapes.entry("JOB_GONE")) == "/reference/jobs/#job-gone"
    assert layout.entry_target(shapes.entry("JOB_GONE"), "/docs/") == "/docs/reference/jobs/#job-gone"


# -- _redirects -----------------------------------------------------------------------

def test_netlify_rules_are_forced_301_one_per_path(shapes):
    text = redirects.redirects_text(shapes)
    rules = parse_redirects(text)
    pmap = permalinks.permalink_map(shapes)
    assert [r.source for r in rules] == sorted(pmap)
    for r in rules:
        assert (r.status, r.forced) == (301, True)
        assert r.target == permalinks.layout(shapes).entry_target(pmap[r.source])
    assert all(line.startswith("#") for line in text.splitlines()[:3])


def test_cloudflare_rules_have_plain_301_with_and_without_slash(shapes):
    text = redirects.redirects_text(shapes, host="cloudflare")
    rules = parse_redirects(text)
    pmap = permalinks.permalink_map(shapes)
    assert {r.source for r in rules} == set(pmap) | {p + "/" for p in pmap}
    assert all(r.status == 301 and not r.forced for r in rules)
    # What Cloudflare's parser accepts: 2 or 3 tokens, a numeric permitted status, no repeated source.
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    assert all(len(ln.split()) == 3 and ln.split()[2] in {"301", "302", "303", "307", "308"} for ln in lines)
    assert len({ln.split()[0] for ln in lines}) == len(lines)


def test_redirects_text_is_deterministic(shapes):
    assert redirects.redirects_text(shapes) == redirects.redirects_text(load_catalog(FIXTURES / "permalinks"))


def test_unknown_host_is_refused(shapes):
    with pytest.raises(ValueError, match="unknown host"):
        redirects.redirects_text(shapes, host="apache")


# -- fallback pages -------------------------------------------------------------------

@pytest.mark.parametrize("path, rel", [
    ("/errors/101", "../../reference/auth/#token-expired"),
    ("/errors/token/expired", "../../../reference/auth/#token-expired"),
    ("/problems/auth/token-expired", "../../../reference/auth/#token-expired"),
    ("/codes/202", "../../reference/jobs/#job-gone"),
])
def test_fallback_page_points_at_the_section(shapes, path, rel):
    pmap = permalinks.permalink_map(shapes)
    html = redirects.fallback_pages(shapes)[path.strip("/") + "/index.html"]
    assert f'data-rel="{rel}"' in html
    assert f'<meta http-equiv="refresh" content="0; url={rel}">' in html
    assert '<meta name="robots" content="noindex">' in html
    assert f'<link rel="canonical" href="{rel}">' in html
    assert "location.replace(" in html and "location.href=" not in html
    # The relative link, resolved from the page's folder, is the entry's target.
    own = path.strip("/") + "/"
    page, _, frag = rel.partition("#")
    target = permalinks.layout(shapes).entry_target(pmap[path])[1:]
    assert posixpath.normpath(posixpath.join(own, page)) + "/#" + frag == target


def test_fallback_page_canonical_is_absolute_with_a_site_url(shapes):
    html = redirects.fallback_page(shapes, "/errors/202", shapes.entry("JOB_GONE"), "https://docs.example/")
    assert '<link rel="canonical" href="https://docs.example/reference/jobs/#job-gone">' in html


def test_every_fallback_page_runs_the_same_script(shapes):
    scripts = {re.search(r"<script>(.*?)</script>", h).group(1) for h in redirects.fallback_pages(shapes).values()}
    assert len(scripts) == 1
    assert redirects.TARGET_PATTERN in scripts.pop().replace("\\\\", "\\")


@pytest.mark.parametrize("target, ok", [
    ("reference/auth/#token-expired", True),
    ("reference/rate-limits/#x-1", True),
    ("reference/auth/10001-10100/#token-expired", True),  # one page of a split category
    ("reference/auth/part-2/#token-expired", True),
    ("reference/auth/a/b/#x", False),
    ("https://evil.example/#x", False),
    ("//evil.example/reference/a/#b", False),
    ("reference/auth/#x\"onload", False),
    ("reference/../../x/#y", False),
])
def test_target_pattern(target, ok):
    assert bool(re.match(redirects.TARGET_PATTERN, target)) is ok


def test_fallback_page_escapes_catalog_text(tmp_path):
    cat = _catalog(tmp_path, """\
        - code: x
          category: c
          title: X
        """, service='A <b>"&"</b>')
    html = redirects.fallback_page(cat, "/errors/x", cat.entry("x"))
    assert "<b>" not in html and "A &lt;b&gt;&quot;&amp;&quot;&lt;/b&gt;" in html


# -- collisions are catalog errors ----------------------------------------------------------

def _catalog(tmp_path: Path, entries: str, service: str = "T", permalinks_yaml: str = ""):
    (tmp_path / "errors").mkdir(exist_ok=True)
    (tmp_path / "catalog.yaml").write_text(
        f"service: {service!r}\nenvelope: problem\n{permalinks_yaml}categories:\n  - id: c\n    title: C\n",
        encoding="utf-8")
    (tmp_path / "errors" / "e.yaml").write_text(textwrap.dedent(entries), encoding="utf-8")
    return load_catalog(tmp_path)


@pytest.mark.parametrize("entries, message", [
    ("""\
     - {code: token/expired, category: c, title: A}
     - {code: TOKEN_EXPIRED, category: c, title: B}
     """, "same anchor '#token-expired' as 'token/expired'"),
    ("""\
     - {code: token/expired, category: c, title: A}
     - {code: other, category: c, title: B, aliases: [TOKEN-EXPIRED]}
     """, "alias 'TOKEN-EXPIRED' differs only in case or separators from code 'token/expired'"),
    ("""\
     - {code: other, category: c, title: B, aliases: [token_expired]}
     - {code: token/expired, category: c, title: A}
     """, "code differs only in case or separators from alias 'token_expired' of 'other'"),
    ("""\
     - {code: a, category: c, title: A, aliases: [X_Y]}
     - {code: b, category: c, title: B, aliases: [x-y]}
     """, "alias 'x-y' differs only in case or separators from alias 'X_Y' of 'a'"),
    ("""\
     - {code: Foo, category: c, title: A}
     - {code: b, category: c, title: B, aliases: [FOO]}
     """, "permalink /errors/FOO differs only in case from /errors/Foo, a permalink of 'Foo'"),
    ("""\
     - {code: "1001", category: c, title: A}
     - {code: b, category: c, title: B, number: 1001}
     """, "permalink /errors/1001 is also a permalink of '1001'"),
    ("""\
     - {code: a, category: c, title: A}
     - {code: b, category: c, title: B, aliases: [a]}
     """, "alias 'a' is also a code"),
])
def test_collisions_are_catalog_errors(tmp_path, entries, message):
    with pytest.raises(CatalogError) as err:
        _catalog(tmp_path, entries)
    assert message in err.value.report()
    assert "e.yaml:" in err.value.report()


def test_aliases_of_one_entry_may_share_its_spelling(tmp_path):
    cat = _catalog(tmp_path, """\
        - {code: token/expired, category: c, title: A, aliases: [TOKEN_EXPIRED, token-expired]}
        """)
    assert permalinks.permalink_map(cat)["/errors/TOKEN_EXPIRED"].code == "token/expired"


def test_type_path_collision_across_prefixes(tmp_path):
    # With type_base on /errors/ too, the type path of one code is the errors path of the same code: fine.
    cat = _catalog(tmp_path, "- {code: a, category: c, title: A}\n",
                   permalinks_yaml="permalinks:\n  type_base: https://x.example/errors/\n")
    assert permalinks.permalink_paths(cat, cat.entry("a")) == ["/errors/a"]

"""The hosts without an engine here (GitLab Pages, Vercel) and the generic CSV,
checked against their documented syntax and limits; the rule limits of every
host on a synthetic catalog too large for them; `error-catalog redirects`.

- GitLab Pages `_redirects`: `from to status`, 301/302 only, no forcing (`!`),
  paths starting with '/', at most 1,000 rules and 64 KB (instance defaults).
- Vercel `vercel.json`: `redirects` objects with `source`, `destination` and
  `statusCode` (which cannot be combined with `permanent`), sources without
  path-to-regexp syntax, about 1,024 at most; bulk redirects: a CSV with the
  header `source,destination,statusCode,sensitive`.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from error_catalog.core import permalinks
from error_catalog.core.loader import load_catalog
from error_catalog.outputs import hostformats, redirects
from permalink_servers import catalog_id, catalogs, parse_redirects

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import synth  # noqa: E402

# path-to-regexp syntax Vercel reads in a `source`
PATH_TO_REGEXP = re.compile(r"[:*?+(){}\\]")


def expected(catalog, base="/") -> dict[str, str]:
    layout = permalinks.layout(catalog)
    return {p: layout.entry_target(e, base) for p, e in permalinks.permalink_map(catalog, base).items()}


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """A catalog of 600 codes: about 3,000 permalink paths, past GitLab's, Vercel's
    and Cloudflare's rule limits."""
    root = tmp_path_factory.mktemp("synth") / "catalog"
    synth.write_catalog(root, 600)
    return root, load_catalog(root)


def gitlab_rules(text: str):
    assert len(text.encode()) <= 65536
    rules = parse_redirects(text)
    assert len(rules) <= 1000
    for r in rules:
        assert r.status in (301, 302) and not r.forced, r
        assert r.source.startswith("/") and r.target.startswith("/"), r
    return rules


@pytest.mark.parametrize("root", catalogs(), ids=catalog_id)
def test_gitlab_redirects_are_the_supported_subset(root):
    catalog = load_catalog(root)
    rules = gitlab_rules(redirects.redirects_text(catalog, host="gitlab"))
    assert {r.source: r.target for r in rules} == expected(catalog)


@pytest.mark.parametrize("root", catalogs(), ids=catalog_id)
def test_vercel_json_is_one_301_per_path(root):
    catalog = load_catalog(root)
    data = json.loads(redirects.redirects_text(catalog, host="vercel"))
    assert list(data) == ["redirects"] and len(data["redirects"]) <= 1024
    for r in data["redirects"]:
        assert set(r) == {"source", "destination", "statusCode"} and r["statusCode"] == 301, r
        assert r["source"].startswith("/") and not PATH_TO_REGEXP.search(r["source"]), r
    assert {r["source"]: r["destination"] for r in data["redirects"]} == expected(catalog)


@pytest.mark.parametrize("root", catalogs(), ids=catalog_id)
def test_csv_formats_list_every_path(root):
    catalog = load_catalog(root)
    every = redirects.host_rules(catalog, "/", "nginx").kept
    rows = list(csv.reader(io.StringIO(hostformats.csv_text(every))))
    assert rows[0] == ["from", "to", "status"]
    assert {a: b for a, b, s in rows[1:] if s == "301"} == expected(catalog) and len(rows) == len(every) + 1
    bulk = list(csv.DictReader(io.StringIO(hostformats.vercel_bulk_csv(every))))
    assert {r["source"]: r["destination"] for r in bulk} == expected(catalog)
    assert {(r["statusCode"], r["sensitive"]) for r in bulk} == {("301", "true")}


def test_nginx_quoting():
    assert hostformats.nginx_quote('/a"b\\c{;}') == '"/a\\"b\\\\c{;}"'
    for bad in ("/a$b", "/a\nb", "/a\x00"):
        with pytest.raises(ValueError):
            hostformats.nginx_quote(bad)


def test_a_path_nginx_or_vercel_cannot_take_is_a_failure():
    from error_catalog.core.problems import Failure
    catalog = load_catalog(catalogs()[1])
    for host in ("nginx", "vercel"):
        with pytest.raises(Failure):
            redirects.host_rules(catalog, "/a$b/", host)


@pytest.mark.parametrize("host", ["gitlab", "vercel", "cloudflare"])
def test_past_a_rule_limit_the_canonical_paths_are_kept_first(large, host):
    _root, catalog = large
    found = redirects.host_rules(catalog, "/", host)
    want = expected(catalog)
    assert found.dropped and len(found.kept) + len(found.dropped) == len(want)
    assert {r.path for r in found.kept} | {r.path for r in found.dropped} == set(want)
    if host == "gitlab":
        assert len(gitlab_rules(found.text)) == len(found.kept)
    elif host == "vercel":
        assert len(json.loads(found.text)["redirects"]) == len(found.kept) <= 1024
    else:
        rules = parse_redirects(found.text)
        assert len(rules) <= 2000 and {r.source.rstrip("/") for r in rules} == {r.path for r in found.kept}
    kept = {r.path for r in found.kept}
    canonical = [permalinks.permalink_paths(catalog, e)[0] for e in catalog.entries]
    assert all(p in kept for p in canonical[: min(len(canonical), len(kept))])


@pytest.mark.slow
def test_a_gitlab_build_puts_fallback_pages_only_where_no_rule_is(large, tmp_path):
    # GitLab serves files before rules: a fallback page at a ruled path would shadow it.
    from conftest import run_build

    root, catalog = large
    proc = run_build(root, tmp_path / "site", env={"REDIRECTS_FOR": "gitlab", "FALLBACK_PAGES": "auto"},
                     check=False)
    site = tmp_path / "site"
    found = redirects.host_rules(catalog, "/", "gitlab")
    assert (site / "_redirects").read_text(encoding="utf-8") == found.text
    pages = {p for p in permalinks.permalink_map(catalog) if (site / p.strip("/") / "index.html").is_file()}
    assert pages == {r.path for r in found.dropped}
    out = proc.stdout + proc.stderr
    assert (f"_redirects for gitlab: {len(pages) + len(found.kept)} permalink paths, past the host's limit "
            f"(GitLab Pages: 1,000 rules and 64 KB by default): {len(found.kept)} land by rule") in out, out


@pytest.mark.parametrize("fmt", [*redirects.HOSTS, "csv"])
def test_the_command_prints_what_the_build_writes(fmt):
    root = catalogs()[1]
    proc = subprocess.run([sys.executable, "-m", "error_catalog", "redirects", str(root), "--format", fmt],
                          cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert proc.returncode == 0, proc.stderr
    catalog = load_catalog(root)
    if fmt == "csv":
        assert proc.stdout == hostformats.csv_text(redirects.rules(catalog))
    else:
        assert proc.stdout == redirects.host_rules(catalog, "/", fmt).text


def test_the_command_names_the_paths_past_a_limit(large):
    root, catalog = large
    proc = subprocess.run([sys.executable, "-m", "error_catalog", "redirects", str(root), "--format", "gitlab"],
                          cwd=ROOT, capture_output=True, text=True)
    found = redirects.host_rules(catalog, "/", "gitlab")
    assert proc.returncode == 0 and proc.stdout == found.text
    assert f"{len(found.dropped)} of {len(found.kept) + len(found.dropped)} permalink paths" in proc.stderr
    assert all(r.path in proc.stderr for r in found.dropped)


@pytest.mark.parametrize(("hosts", "mode", "pages"), [
    ((), "auto", "all"), (("nginx",), "auto", "none"), (("netlify",), "auto", "none"),
    (("gitlab",), "auto", "dropped"), (("cloudflare",), "auto", "dropped"), (("vercel",), "auto", "dropped"),
    (("nginx",), "always", "all"), (("gitlab",), "never", "none"),
])
def test_fallback_pages_go_where_no_rule_lands(large, hosts, mode, pages, tmp_path, caplog):
    from error_catalog.core.context import BuildContext

    _root, catalog = large
    ctx = BuildContext(catalog, "", hosts, False, mode)
    want = {"all": None, "none": set()}.get(pages)
    if pages == "dropped":
        want = {r.path for r in redirects.host_rules(catalog, "/", hosts[0]).dropped}
    assert redirects.fallback_paths(ctx) == want
    with caplog.at_level("WARNING"):
        redirects.write_redirects(ctx, tmp_path)
    said = " ".join(r.getMessage() for r in caplog.records)
    if pages == "dropped":
        assert "land by their fallback page" in said
    if mode == "never":
        assert "do not land (fallback_pages: never)" in said

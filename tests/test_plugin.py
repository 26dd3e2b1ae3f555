"""The plugin in a site that is not this repository's: a team's existing Material
site with its own pages, its own mkdocs-macros module and maybe its own nav,
plus one `- error-catalog: {catalog: ...}` line. Real MkDocs builds of the
installed package (no path tricks: the build runs in a folder of its own)."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from error_catalog.core import permalinks
from error_catalog.core.loader import load_catalog

CATALOG = ROOT / "tests" / "fixtures" / "permalinks"
GUIDE_TITLES = ["The emitted-code gate", "Hostile input and security", "Permalinks that always land"]

pytestmark = pytest.mark.slow


def write_site(root: Path, *, nav: bool, plugin: dict | None = None, site_url: str = "",
               catalog: Path = CATALOG) -> Path:
    """A small Material site of a team: two pages of its own, its own macro, and the plugin."""
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Acme docs\n\nWelcome to {{ company }}.\n", encoding="utf-8")
    (root / "docs" / "about.md").write_text("# About us\n\n{{ shout('hello') }}\n", encoding="utf-8")
    (root / "main.py").write_text(textwrap.dedent("""\
        def define_env(env):
            env.variables["company"] = "Acme"

            @env.macro
            def shout(text):
                return text.upper() + "!"
        """), encoding="utf-8")
    config = {
        "site_name": "Acme docs",
        "theme": {"name": "material", "font": False},
        "plugins": ["search", {"macros": {"on_error_fail": True, "on_undefined": "strict"}},
                    {"error-catalog": {"catalog": str(catalog), **(plugin or {})}}],
        "markdown_extensions": ["attr_list", "md_in_html", {"toc": {"permalink": True}}],
    }
    if site_url:
        config["site_url"] = site_url
    if nav:
        config["nav"] = [{"Home": "index.md"}, {"About": "about.md"}]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return root


def mkdocs_build(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("CATALOG_DIR", None)
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", *args], cwd=root, env=env,
                          capture_output=True, text=True)
    if check:
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


@pytest.fixture(scope="module", params=[True, False], ids=["with-nav", "without-nav"])
def existing_site(request, tmp_path_factory) -> Path:
    root = write_site(tmp_path_factory.mktemp("acme"), nav=request.param)
    mkdocs_build(root)
    return root / "site"


def text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def nav_links(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)" class="md-nav__link', html)


def test_every_entry_lands_in_the_existing_site(existing_site):
    catalog = load_catalog(CATALOG)
    layout = permalinks.layout(catalog)
    for e in catalog.entries:
        page = existing_site / layout.entry_page(e) / "index.html"
        assert f'id="{e.anchor}"' in text(page), e.code
    rules = text(existing_site / "_redirects")
    for path, e in permalinks.permalink_map(catalog).items():
        assert f"{path} {layout.entry_target(e, '/')} 301!" in rules
        # No host named: Netlify's forced rules, and a fallback page for every other host.
        assert (existing_site / path.strip("/") / "index.html").is_file(), path
    data = json.loads(text(existing_site / "errors.json"))
    assert sorted(x["code"] for x in data["errors"]) == sorted(e.code for e in catalog.entries)


def test_the_sites_own_pages_and_macros_are_intact(existing_site):
    assert "Welcome to Acme." in text(existing_site / "index.html")
    assert "HELLO!" in text(existing_site / "about" / "index.html")
    home = text(existing_site / "index.html")
    assert "<title>Acme docs</title>" in home  # site_name is the site's own


def test_generated_pages_are_in_the_nav_next_to_the_sites_own(existing_site):
    links = nav_links(text(existing_site / "index.html"))
    assert "about/" in links, links
    assert any("reference/auth" in link for link in links), links
    assert any("reference/jobs" in link for link in links), links
    overview = text(existing_site / "reference" / "index.html")
    assert 'id="_a-z"' in overview and 'id="_categories"' in overview and "ec-index" in overview


def test_stylesheet_and_404_come_with_the_plugin(existing_site):
    css = existing_site / "assets" / "error-catalog" / "errors.css"
    assert css.is_file() and text(css) == text(ROOT / "error_catalog" / "plugin" / "assets" / "errors.css")
    assert "assets/error-catalog/errors.css" in text(existing_site / "index.html")
    page404 = text(existing_site / "404.html")
    assert 'id="ec-unknown-code"' in page404 and "/assets/error-catalog/errors.css" in page404
    assert '"/errors/"' in page404  # the permalink prefix the 404 script recognises
    assert 'href="/reference/#_a-z"' in page404


def test_no_page_of_the_tools_guide(existing_site):
    assert not (existing_site / "guide").exists()
    index = text(existing_site / "search" / "search_index.json")
    for title in GUIDE_TITLES:
        assert title not in index


def test_a_sub_path_site_gets_a_styled_404_and_landing_permalinks(tmp_path):
    root = write_site(tmp_path / "proj", nav=False, site_url="https://acme.github.io/pay/")
    mkdocs_build(root)
    site = root / "site"
    page404 = text(site / "404.html")
    assert 'href="/pay/assets/error-catalog/errors.css"' in page404
    assert re.search(r'href="/pay/assets/stylesheets/main\.[0-9a-f]+\.min\.css"', page404)
    assert '"/pay/errors/"' in page404 and 'href="/pay/reference/#_a-z"' in page404
    assert "/pay/errors/101 /pay/reference/auth/#" in text(site / "_redirects")


def test_without_site_url_the_build_says_what_it_assumes(tmp_path):
    proc = mkdocs_build(write_site(tmp_path / "s", nav=True))
    assert "site_url is not set" in proc.stderr


@pytest.mark.parametrize(("options", "message"), [
    ({"catalog": "nowhere"}, "Plugin 'error-catalog' option 'catalog': The path "),
    ({"redirects": ["apache"]}, "Plugin 'error-catalog' option 'redirects': Expected one of: "
                                "('netlify', 'cloudflare', 'gitlab', 'nginx', 'vercel') but received: 'apache'"),
    ({"fallback_pages": "sometimes"}, "option 'fallback_pages': Expected one of: ('auto', 'always', 'never')"),
    ({"redirects": ["netlify", "cloudflare"]}, "option 'redirects': 'netlify' and 'cloudflare' both write "
                                               "_redirects; choose one"),
    ({"translation_status": "status.txt"}, "option 'translation_status': expected a Markdown page"),
    ({"overview": False}, "option 'overview': expected a page path"),
    ({"colour": "blue"}, "Plugin 'error-catalog' option 'colour': Unrecognised configuration name: colour"),
])
def test_a_wrong_option_is_a_config_error_naming_it(tmp_path, options, message):
    root = write_site(tmp_path / "s", nav=True, plugin=options)
    if options.get("catalog") == "nowhere":
        config = yaml.safe_load(text(root / "mkdocs.yml"))
        config["plugins"][2]["error-catalog"]["catalog"] = "nowhere"
        (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=root, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert proc.returncode != 0
    assert "Config value 'plugins': " in proc.stderr and message in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


# -- this repository's own site: the guide only with its own catalog ---------------------

def test_the_guide_is_part_of_this_repositorys_own_site(site):
    assert (site / "guide" / "permalinks" / "index.html").is_file()
    assert "The emitted-code gate" in text(site / "search" / "search_index.json")


def test_another_catalog_built_with_this_mkdocs_yml_has_no_guide(build):
    site = build(ROOT / "examples" / "lvng")
    assert not (site / "guide").exists()
    index = text(site / "search" / "search_index.json")
    assert not [t for t in GUIDE_TITLES if t in index]
    assert '"location":"guide/' not in index.replace(" ", "")
    home = text(site / "index.html")
    assert "guide/" not in "".join(nav_links(home))
    assert "guide/" not in text(site / "sitemap.xml")

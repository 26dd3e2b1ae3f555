"""The same catalogs built with MkDocs (the plugin) and with Zensical (no plugin
runs: `error-catalog pages`, `zensical build`, `error-catalog outputs`), from one
mkdocs.yml per site: the same section anchors on every page, the same redirect
rules, fallback pages and exports byte for byte, and every permalink of each
build landing on its section through that build's own files."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import html as htmllib
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from error_catalog.core import permalinks
from error_catalog.core.loader import load_catalog
from error_catalog.outputs import suggestions
from permalink_servers import parse_redirects
from test_site_matrix import FULL_EXTENSIONS, assert_lands, base_path

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
ZENSICAL = Path(sys.executable).with_name("zensical")
HEADING_IDS = re.compile(r'<h([1-6])\b[^>]*\sid="([^"]+)"')
HEADER_LINK = re.compile(r'<a class="headerlink" href="([^"]*)"')
_REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)">')

HOME = "# Acme docs\n\nWelcome to the {{ service }} API.\n"
CODES = "# Every code\n\n{{ overview_intro() }}\n\n## Index { #_index }\n\n{{ az_index() }}\n\n{{ status_table() }}\n"


@dataclass
class Site:
    id: str
    catalog: str
    config: dict
    main_py: bool = False  # the team's own macros module (main.py) calling error_catalog.define_env


MAIN_PY = """\
import error_catalog


def define_env(env):
    error_catalog.define_env(env)

    @env.macro
    def team_greeting(name):
        return f"Hello from the {name} team"
"""


def _config(catalog_options: dict, extensions: list, macros: dict | None = None, language: str | None = None,
            **site) -> dict:
    theme = {"name": "material", "font": False, **({"language": language} if language else {})}
    return {"site_name": "Acme", **site, "theme": theme,
            "plugins": ["search", {"macros": macros or {"modules": ["error_catalog"], "on_error_fail": True}},
                        {"error-catalog": {"catalog": "errors", **catalog_options}}],
            "markdown_extensions": extensions}


SITES = [
    Site("levelchat", "examples/levelchat", _config({}, FULL_EXTENSIONS)),
    # No attr_list: the plugin's tree processor under MkDocs, the same as an extension under Zensical.
    Site("copilot-subpath-no-attr-list", "examples/copilot",
         _config({"redirects": ["netlify", "nginx"]}, [{"toc": {"permalink": True}}, "error_catalog.render.headings"],
                 site_url="https://acme.test/docs/")),
    Site("lvng-main-py", "examples/lvng",
         _config({"security_headers": True}, FULL_EXTENSIONS, {"module_name": "main", "on_error_fail": True}), True),
    Site("langgraph-ja", "examples/langgraph", _config({"page_size": 10}, FULL_EXTENSIONS, language="ja")),
    Site("livestream-flat-urls", "examples/livestream", _config({}, FULL_EXTENSIONS, use_directory_urls=False)),
]


def write_site(site: Site, folder: Path) -> None:
    shutil.copytree(ROOT / site.catalog, folder / "errors")
    (folder / "docs").mkdir()
    (folder / "docs" / "index.md").write_text(HOME, encoding="utf-8")
    (folder / "docs" / "codes.md").write_text(CODES + ("\n{{ team_greeting('Acme') }}\n" if site.main_py else ""),
                                              encoding="utf-8")
    if site.main_py:
        (folder / "main.py").write_text(MAIN_PY, encoding="utf-8")
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(site.config, sort_keys=False), encoding="utf-8")


def run(cmd: list[str], cwd: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("CATALOG_DIR", "REDIRECTS_FOR", "FALLBACK_PAGES")}
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True,
                          env={**env, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"})
    assert proc.returncode == 0, f"{cmd}: {proc.stdout}{proc.stderr}"
    return proc.stdout + proc.stderr


@pytest.fixture(scope="module", params=SITES, ids=lambda s: s.id)
def both(request, tmp_path_factory):
    """(site, MkDocs' site folder, Zensical's site folder) of one team site."""
    site: Site = request.param
    mk = tmp_path_factory.mktemp(f"{site.id}-mkdocs")
    zen = tmp_path_factory.mktemp(f"{site.id}-zensical")
    write_site(site, mk)
    write_site(site, zen)
    run([sys.executable, "-m", "mkdocs", "build", "--strict"], mk)
    cli = [sys.executable, "-m", "error_catalog"]
    run([*cli, "pages", "--out", "docs/reference"], zen)
    run([str(ZENSICAL), "build", "--strict"], zen)
    run([*cli, "outputs", "site"], zen)
    return site, mk / "site", zen / "site"


def heading_ids(page: Path) -> set[str]:
    return {m.group(2) for m in HEADING_IDS.finditer(page.read_text(encoding="utf-8"))}


def header_links(page: Path) -> list[str]:
    return HEADER_LINK.findall(page.read_text(encoding="utf-8"))


def test_the_same_section_anchors_on_every_page(both):
    site, mk, zen = both
    pages = sorted(p.relative_to(mk).as_posix() for p in mk.rglob("*.html")
                   if p.relative_to(mk).parts[0] in ("reference", "codes", "codes.html", "index.html"))
    assert pages and any(p.startswith("reference/") for p in pages)
    for rel in pages:
        assert (zen / rel).is_file(), f"{rel}: not built by Zensical"
        assert heading_ids(mk / rel) == heading_ids(zen / rel), rel
        # Each entry's link icon points at its permalink on both (`outputs` sets them after Zensical).
        assert header_links(mk / rel) == header_links(zen / rel), rel


# Files at the site's root that are each engine's own (and its pages, *.html).
ENGINE_FILES = {"sitemap.xml", "sitemap.xml.gz", "search.json"}


def written_beside(site: Site, site_dir: Path) -> list[str]:
    """Every file the catalog's writers put beside the site: files at its root, exports,
    assets and the fallback page of each permalink path; but exact.json, which only
    Material's search reads (Zensical's search is its own)."""
    catalog = load_catalog(ROOT / site.catalog)
    fallbacks = {path.strip("/") + "/index.html" for path in permalinks.permalink_map(catalog)}
    out = []
    for p in sorted(site_dir.rglob("*")):
        rel = p.relative_to(site_dir).as_posix()
        if p.is_file() and rel != suggestions.EXACT and (
                rel in fallbacks or rel.startswith(("locales/", "assets/error-catalog/"))
                or "/" not in rel and rel not in ENGINE_FILES and not rel.endswith(".html")):
            out.append(rel)
    return out


def test_redirects_fallback_pages_and_exports_are_byte_for_byte_the_same(both):
    site, mk, zen = both
    files = written_beside(site, mk)
    assert "_redirects" in files and "errors.json" in files and "assets/error-catalog/codes.json" in files
    assert files == written_beside(site, zen)
    for rel in files:
        assert (mk / rel).read_bytes() == (zen / rel).read_bytes(), rel


def landing(site_dir: Path, catalog_dir: Path, base: str = "/", every_fallback: bool = True) -> int:
    """Every permalink path lands on its section through `_redirects` and through its
    fallback page (with hosts named, `every_fallback=False`: only where there is one)."""
    catalog = load_catalog(catalog_dir)
    by_source = permalinks.permalink_map(catalog, base)
    rules = parse_redirects((site_dir / "_redirects").read_text(encoding="utf-8"))
    assert sorted(r.source for r in rules) == sorted(by_source)
    for rule in rules:
        target = urlsplit(rule.target)
        assert_lands(site_dir, base, target.path + "#" + target.fragment, by_source[rule.source],
                     f"{site_dir} _redirects:{rule.line}")
    for path, entry in permalinks.permalink_map(catalog).items():
        page = site_dir / path.strip("/") / "index.html"
        if not every_fallback and not page.is_file():
            continue
        m = _REFRESH.search(page.read_text(encoding="utf-8"))
        assert m, f"{page}: no refresh"
        assert_lands(site_dir, base, urljoin(base + path.strip("/") + "/", htmllib.unescape(m.group(1))), entry,
                     f"{site_dir} fallback {path}")
    return len(rules)


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_every_permalink_lands_on_its_section(both, engine):
    site, mk, zen = both
    # With hosts named, fallback pages only where no rule lands (`fallback_pages: auto`).
    named = "redirects" in site.config["plugins"][-1]["error-catalog"]
    assert landing(mk if engine == "mkdocs" else zen, ROOT / site.catalog, base_path(site.config), not named)


def test_hand_written_pages_get_the_catalog_macros(both):
    site, mk, zen = both
    service = load_catalog(ROOT / site.catalog).service
    for site_dir in (mk, zen):
        home = (site_dir / "index.html").read_text(encoding="utf-8")
        assert f"Welcome to the {htmllib.escape(service, quote=False)} API." in home
        flat = site.config.get("use_directory_urls") is False
        codes = (site_dir / ("codes.html" if flat else "codes/index.html")).read_text(encoding="utf-8")
        assert "{{" not in codes and "ec-slot-" not in codes and 'class="ec-table' in codes
        assert ("Hello from the Acme team" in codes) == site.main_py


def test_the_404_page_knows_the_permalinks(both):
    site, mk, zen = both
    page = (zen / "404.html").read_text(encoding="utf-8")
    prefix = base_path(site.config) + "errors/"
    assert 'id="ec-unknown-code"' in page and f'"{prefix}"' in page
    assert (zen / "assets" / "error-catalog" / "errors.css").is_file()


@pytest.mark.parametrize("service", ["Acme Pay", 'Zap: "beta" *edge* <b>&</b> {{ x }}'])
def test_init_for_zensical_builds_as_its_readme_says_and_passes_check(tmp_path, service):
    target = tmp_path / "my-api"
    cli = [sys.executable, "-m", "error_catalog"]
    run([*cli, "init", str(target), "--engine", "zensical", "--service", service], tmp_path)
    readme = (target / "README.md").read_text(encoding="utf-8")
    lines = [line.strip() for line in readme.splitlines() if line.startswith("    ")]
    assert lines == ["python3 -m pip install -r requirements.txt",
                     "error-catalog pages --out docs/reference && zensical build --strict && error-catalog outputs site",
                     "error-catalog check catalog"]
    # The install is this environment's (tests reach no package index): the rest as written.
    steps = [step.strip() for line in lines[1:] for step in line.split("&&")]
    for step in steps:
        name, *args = step.split()
        run([*cli, *args] if name == "error-catalog" else [str(ZENSICAL), *args], target)
    site = target / "site"
    assert landing(site, target / "catalog") > 4
    assert 'id="ec-unknown-code"' in (site / "404.html").read_text(encoding="utf-8")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "<b>&</b>" not in home and "assets/error-catalog/errors.css" in home
    # The same folder still builds with MkDocs: the plugin leaves the pages `pages` wrote to itself.
    run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "mkdocs-site")], target)
    assert landing(tmp_path / "mkdocs-site", target / "catalog") > 4


def test_hostile_catalog_text_is_never_markup_on_either_engine(tmp_path):
    target = tmp_path / "my-api"
    cli = [sys.executable, "-m", "error_catalog"]
    run([*cli, "init", str(target), "--engine", "zensical", "--service", "</title><script>alert('svc')</script>"],
        tmp_path)
    shutil.rmtree(target / "catalog")
    shutil.copytree(ROOT / "tests" / "fixtures" / "hostile", target / "catalog")
    run([*cli, "pages", "--out", "docs/reference"], target)
    run([str(ZENSICAL), "build"], target)
    run([*cli, "outputs", "site"], target)
    run([sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "mkdocs-site")], target)
    for site in (target / "site", tmp_path / "mkdocs-site"):
        pages = sorted(site.rglob("*.html"))
        assert len(pages) > 10
        for page in pages:
            found = Markup()
            found.feed(page.read_text(encoding="utf-8"))
            assert not found.live, (page, found.live)


class Markup(HTMLParser):
    """Catalog text that became markup: a script that alerts, an on* handler, a javascript: URL."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.live: list[str] = []
        self._script = False

    def handle_starttag(self, tag, attrs):
        self._script = tag == "script"
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.live.append(f"<{tag} {name}={value!r}>")

    def handle_data(self, data):
        if self._script and "alert(" in data:
            self.live.append(f"<script>{data[:60]}")

    def handle_endtag(self, tag):
        self._script = False


@pytest.mark.parametrize("both", [s for s in SITES if s.config["theme"].get("language") == "ja"], indirect=True,
                         ids=lambda s: s.id)
def test_the_plugins_words_in_the_sites_language_on_both_engines(both):
    """theme.language: ja gives the reference's labels, headings and 404 page in Japanese
    on Zensical as under MkDocs (test_site_language.py checks every word under MkDocs)."""
    site, mk, zen = both
    for site_dir in (mk, zen):
        page = next((site_dir / "reference").glob("*/index.html"))
        text = page.read_text(encoding="utf-8")
        assert ">原因<" in text and ">対処方法<" in text, page
        assert ">Cause<" not in text and ">Recovery<" not in text, page
        assert "ページが見つかりません" in (site_dir / "404.html").read_text(encoding="utf-8"), site_dir
        assert "コードを絞り込む" in (site_dir / "assets" / "error-catalog" / "errors.ja.js").read_text(encoding="utf-8")

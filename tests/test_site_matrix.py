"""The plugin in sites configured the way teams configure them, built for real.

Each site below is a small team site (its own home page, its own macros where it
has them) with the one-line plugin entry and a catalog other than this
repository's. Together they cover: no `markdown_extensions` at all and this
site's set; `use_directory_urls` true and false; `site_url` at the root, under a
sub-path and absent; `nav` listed and absent; a team macros module as `main.py`
and as a `macros/` folder with `module_name: macros`; the plugin before and after
`macros`; `theme.language: de`; awesome-nav with a `.nav.yml`; literate-nav with
section-index; HTML minified; mkdocs-redirects, git-revision-date-localized and
glightbox beside it. In each: `mkdocs build --strict` passes, every permalink
path lands on its section through every file written for it (redirect rules and
fallback pages, checked against the built files), no plugin markup shows as
text, the reference is in the navigation, and the team's pages and macros are
intact.
"""
from __future__ import annotations

import html
import os
import posixpath
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

from error_catalog.core import permalinks
from error_catalog.core.loader import load_catalog
from permalink_servers import parse_redirects

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
# This repository's own markdown_extensions (a team that copied Material's setup).
FULL_EXTENSIONS = ["attr_list", "md_in_html", "admonition", "tables", {"toc": {"permalink": True}},
                   {"pymdownx.highlight": {"anchor_linenums": False}}, "pymdownx.superfences", "pymdownx.details"]

MAIN_PY = '''\
def define_env(env):
    @env.macro
    def team_greeting(name):
        return f"Hello from the {name} team"
'''


@dataclass
class Site:
    id: str
    catalog: str
    config: dict
    files: dict[str, str] = field(default_factory=dict)
    # Pages of the team's own that must come out with this text.
    expect: dict[str, str] = field(default_factory=dict)
    git: bool = False


def _home(extra: str = "") -> str:
    return f"# Acme docs\n\nWelcome to the Acme API.\n{extra}"


SITES = [
    Site("minimal", "examples/levelchat",
         {"site_name": "Acme", "theme": {"name": "material"},
          "plugins": ["search", {"error-catalog": {"catalog": "errors"}}]},
         {"docs/index.md": _home(), "docs/guide.md": "# Guide\n\nOur guide.\n"},
         {"index.html": "Welcome to the Acme API."}),
    Site("flat-urls", "examples/copilot",
         {"site_name": "Acme", "site_url": "https://docs.acme.test/", "use_directory_urls": False,
          "theme": {"name": "material"},
          "plugins": ["search", {"error-catalog": {"catalog": "errors", "redirects": ["netlify"]}}]},
         {"docs/index.md": _home()}, {"index.html": "Welcome to the Acme API."}),
    Site("subpath-nav-main-py", "examples/levelchat",
         {"site_name": "Acme", "site_url": "https://acme.github.io/api-docs/",
          "theme": {"name": "material", "features": ["navigation.instant", "navigation.tabs"]},
          "nav": [{"Home": "index.md"}, {"Guide": "guide.md"}],
          "plugins": ["search", {"macros": {"on_error_fail": True}}, {"error-catalog": {"catalog": "errors"}}],
          "markdown_extensions": FULL_EXTENSIONS},
         {"docs/index.md": _home("\n{{ team_greeting('Acme') }} · {{ service }}\n"), "docs/guide.md": "# Guide\n",
          "main.py": MAIN_PY},
         {"index.html": "Hello from the Acme team · LevelChat"}),
    Site("macros-folder-first-de", "examples/copilot",
         {"site_name": "Acme", "theme": {"name": "material", "language": "de"},
          "plugins": ["search", {"error-catalog": {"catalog": "errors"}},
                      {"macros": {"module_name": "macros", "on_error_fail": True, "on_undefined": "strict"}}]},
         {"docs/index.md": _home("\n{{ team_greeting('Acme') }}\n"), "macros/__init__.py": MAIN_PY},
         {"index.html": "Hello from the Acme team"}),
    Site("awesome-nav-minify-flat", "examples/levelchat",
         {"site_name": "Acme", "use_directory_urls": False, "theme": {"name": "material"},
          "plugins": ["search", "awesome-nav", {"error-catalog": {"catalog": "errors"}},
                      {"minify": {"minify_html": True}}],
          "markdown_extensions": [{"toc": {"permalink": "¶"}}]},
         {"docs/index.md": _home(), "docs/guide/setup.md": "# Setup\n", "docs/guide/.nav.yml": "title: Guide\n",
          "docs/.nav.yml": "nav:\n  - index.md\n  - Errors: reference\n  - guide\n"},
         {"index.html": "Welcome to the Acme API."}),
    Site("literate-nav-section-index", "examples/copilot",
         {"site_name": "Acme", "site_url": "https://acme.test/docs/", "theme": {"name": "material"},
          "plugins": ["search", {"literate-nav": {"nav_file": "SUMMARY.md"}}, "section-index",
                      {"error-catalog": {"catalog": "errors"}}],
          "markdown_extensions": ["attr_list", "md_in_html"]},
         {"docs/index.md": _home(), "docs/guide/index.md": "# Guide\n", "docs/guide/setup.md": "# Setup\n",
          "docs/SUMMARY.md": "* [Home](index.md)\n* [Guide](guide/index.md)\n    * [Setup](guide/setup.md)\n"},
         {"index.html": "Welcome to the Acme API."}),
    Site("common-plugins", "examples/levelchat",
         {"site_name": "Acme", "site_url": "https://acme.test/", "theme": {"name": "material"},
          "plugins": ["search", {"redirects": {"redirect_maps": {"old.md": "index.md"}}},
                      {"git-revision-date-localized": {"fallback_to_build_date": True}},
                      "glightbox", {"error-catalog": {"catalog": "errors"}}, "minify"],
          "markdown_extensions": [{"toc": {"permalink": True, "toc_depth": 3}}, "admonition"]},
         {"docs/index.md": _home("\n!!! note\n    Our note.\n")},
         {"index.html": "Our note.", "old/index.html": "Redirecting"}, git=True),
]


def write_site(site: Site, folder: Path) -> None:
    shutil.copytree(ROOT / site.catalog, folder / "errors")
    for rel, text in site.files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(site.config, allow_unicode=True, sort_keys=False),
                                       encoding="utf-8")
    if site.git:
        git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
        subprocess.run(["git", "init", "-q", str(folder)], check=True)
        subprocess.run([*git, "-C", str(folder), "add", "-A"], check=True)
        subprocess.run([*git, "-C", str(folder), "commit", "-qm", "site"], check=True)


@pytest.fixture(scope="module", params=SITES, ids=lambda s: s.id)
def built(request, tmp_path_factory):
    site: Site = request.param
    folder = tmp_path_factory.mktemp(site.id)
    write_site(site, folder)
    env = {k: v for k, v in os.environ.items() if k not in ("CATALOG_DIR", "REDIRECTS_FOR", "FALLBACK_PAGES")}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=folder,
                          env={**env, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return site, folder, proc.stdout + proc.stderr


# -- reading a built site ------------------------------------------------------------------

class _Headings(HTMLParser):
    """id -> text of every element with an id; the page's visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: dict[str, list[str]] = {}
        self.open: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self.hidden = 0
        self.hrefs: list[str] = []  # every href, quoted or not (minified pages drop quotes)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("href") is not None:
            self.hrefs.append(a["href"])
        if tag in ("script", "style", "template"):
            self.hidden += 1
        if tag in ("br", "wbr", "img", "input", "meta", "link", "hr"):
            return
        self.open.append((tag, a.get("id")))
        if a.get("id"):
            self.ids.setdefault(a["id"], [])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self.hidden = max(0, self.hidden - 1)
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                del self.open[i:]
                break

    def handle_data(self, data):
        if self.hidden:
            return
        self.text.append(data)
        for _, ident in self.open:
            if ident:
                self.ids[ident].append(data)


_parsed: dict[Path, _Headings] = {}


def parsed(path: Path) -> _Headings:
    if path not in _parsed:
        p = _Headings()
        p.feed(path.read_text(encoding="utf-8"))
        _parsed[path] = p
    return _parsed[path]


def base_path(config: dict) -> str:
    return urlsplit(config.get("site_url") or "/").path or "/"


def file_for(site_dir: Path, url_path: str, base: str) -> Path | None:
    """The built file a site URL path is served from, as a static host finds it."""
    assert url_path.startswith(base), f"{url_path} is outside the site's base {base}"
    rel = unquote(url_path[len(base):])
    path = site_dir / rel
    if rel == "" or rel.endswith("/"):
        path = path / "index.html"
    elif path.is_dir():
        path = path / "index.html"
    return path if path.is_file() else None


def assert_lands(site_dir: Path, base: str, url: str, entry, how: str) -> None:
    """`url` (a site path with #fragment) opens a built page whose element with that
    id is the entry's heading and shows its code."""
    path, _, anchor = url.partition("#")
    target = file_for(site_dir, path, base)
    assert target is not None, f"{how}: {url} is no file of the site"
    heading = parsed(target).ids.get(anchor)
    assert heading is not None, f"{how}: {url}: no element with id {anchor!r} in {target.relative_to(site_dir)}"
    text = "".join(heading)
    assert entry.code in text or entry.title in text, f"{how}: {url} lands on {text!r}, not {entry.code}"


_REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)">')


def test_the_site_builds_strict_with_no_warning(built):
    site, folder, log = built
    assert not re.search(r"^(WARNING|ERROR)", log, re.M), log


def plugin_options(site: Site) -> dict:
    return next(p["error-catalog"] for p in site.config["plugins"] if isinstance(p, dict) and "error-catalog" in p)


def test_every_permalink_lands_through_every_file_written_for_it(built):
    site, folder, _ = built
    catalog = load_catalog(folder / "errors")
    site_dir = folder / "site"
    base = base_path(site.config)
    # Rule sources are host paths: /errors/<x> under the site's base; the paths of
    # `type` and `documentation_url` URLs as they are on their host.
    by_source = permalinks.permalink_map(catalog, base)
    redirects = site_dir / "_redirects"
    named = plugin_options(site).get("redirects")
    if redirects.exists():
        rules = parse_redirects(redirects.read_text(encoding="utf-8"))
        assert sorted(r.source for r in rules) == sorted(by_source), "one rule per permalink path"
        for rule in rules:
            target = urlsplit(rule.target)
            assert_lands(site_dir, base, target.path + "#" + target.fragment, by_source[rule.source],
                         f"_redirects:{rule.line}")
    else:
        assert named is not None and "netlify" not in named
    # Fallback pages are files of the site: a site path, served under the base.
    fallbacks = 0
    for path, entry in permalinks.permalink_map(catalog).items():
        page = site_dir / path.strip("/") / "index.html"
        if not page.is_file():
            # Only the one line: every path lands on any static host.
            assert named is not None, f"{path}: no fallback page"
            continue
        m = _REFRESH.search(page.read_text(encoding="utf-8"))
        assert m, f"{page}: no refresh"
        page_url = base + path.strip("/") + "/"
        assert_lands(site_dir, base, urljoin(page_url, html.unescape(m.group(1))), entry, f"fallback {path}")
        fallbacks += 1
    assert fallbacks or redirects.exists()


def test_nothing_of_the_plugin_shows_as_text(built):
    site, folder, _ = built
    for page in sorted((folder / "site").rglob("*.html")):
        text = "".join(parsed(page).text)
        assert not re.search(r"\{ *[#.:][\w-]", text), f"{page}: attribute markup shown as text"
        assert "ec-slot-" not in text, page


def test_the_reference_is_in_the_navigation(built):
    site, folder, _ = built
    catalog = load_catalog(folder / "errors")
    # The home page's links: Material's tabs and primary nav (its own text links to no category).
    links = set(parsed(folder / "site" / "index.html").hrefs)
    flat = site.config.get("use_directory_urls") is False
    for c in catalog.categories:
        href = f"reference/{c.id}.html" if flat else f"reference/{c.id}/"
        assert href in links, f"{c.id} is not in the navigation"


def test_the_team_pages_and_macros_are_intact(built):
    site, folder, _ = built
    for rel, text in site.expect.items():
        page = (folder / "site" / rel).read_text(encoding="utf-8")
        assert text in "".join(parsed(folder / "site" / rel).text) or text in page, (rel, text)


def test_every_link_in_the_reference_resolves(built):
    """Links the plugin writes (A-Z rows, tables, 'use instead', the header links)
    open a built file, and the element their fragment names."""
    site, folder, _ = built
    site_dir = folder / "site"
    base = base_path(site.config)
    flat = site.config.get("use_directory_urls") is False
    checked = 0
    for page in sorted((site_dir / "reference").rglob("*.html")):
        rel = page.relative_to(site_dir).as_posix()
        url = base + (rel if flat else rel[: -len("index.html")])
        for href in set(parsed(page).hrefs):
            if not href or urlsplit(href).scheme or href.startswith(("//", "mailto:")):
                continue
            target = urljoin(url, href)
            path, _, fragment = target.partition("#")
            if not path.startswith(base):
                continue  # a host-absolute permalink (type URL path) outside the site
            found = file_for(site_dir, path, base)
            if found is None and posixpath.basename(path.rstrip("/")).startswith(("errors", "search")):
                continue
            assert found is not None, f"{rel}: {href} -> {path} is no file of the site"
            if fragment and found.suffix == ".html":
                assert fragment in parsed(found).ids, f"{rel}: {href}: no id {fragment!r}"
            checked += 1
    assert checked


@pytest.mark.parametrize("macros_first", [True, False], ids=["macros-first", "macros-after"])
def test_a_site_macro_named_as_a_plugin_macro_is_refused_by_name(tmp_path, macros_first):
    """The site's module defines `az_index` and reads `service` from `extra`: one error naming
    both, whichever plugin is listed first (mkdocs-macros itself would raise a KeyError)."""
    plugins = [{"macros": {"on_error_fail": True}}, {"error-catalog": {"catalog": "errors"}}]
    site = Site("clash", "examples/levelchat",
                {"site_name": "Acme", "theme": {"name": "material"}, "extra": {"service": "ours"},
                 "plugins": ["search", *(plugins if macros_first else plugins[::-1])]},
                {"docs/index.md": _home(), "main.py": MAIN_PY + "\n    @env.macro\n    def az_index():\n"
                                                              "        return 'ours'\n"})
    write_site(site, tmp_path)
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=tmp_path,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True)
    printed = proc.stdout + proc.stderr
    assert proc.returncode == 1 and "Traceback" not in printed, printed
    assert ("mkdocs-macros already defines az_index, service, which the error-catalog plugin provides: "
            "rename the site's own macro or variable") in printed


def test_the_redirects_command_prints_the_files_the_build_wrote(built):
    """`error-catalog redirects` run in the site's folder (its mkdocs.yml read: URL style,
    site_url, page size, catalog folder) prints each rules file the build wrote."""
    from error_catalog.outputs.redirects import HOST_FILES

    site, folder, _ = built
    hosts = plugin_options(site).get("redirects", ["netlify"])
    for host in hosts:
        path = folder / "site" / HOST_FILES[host]
        proc = subprocess.run([sys.executable, "-m", "error_catalog", "redirects", "--format", host], cwd=folder,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout == path.read_text(encoding="utf-8"), f"{host}: {path.name} differs"

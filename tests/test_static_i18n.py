"""The reference in each language with mkdocs-static-i18n, built for real: each
language's copy of the reference under its folder, with that language's messages
first and its own words; links between languages as that plugin makes them; every
permalink form (redirect rules, fallback pages) written once and landing on the
default language's section; one 404 page, the default language's."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from error_catalog.core import permalinks
from error_catalog.core.loader import load_catalog

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "examples" / "copilot"
LANGUAGES = {"en": "English", "ja": "日本語", "de": "Deutsch"}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("i18n-site")
    shutil.copytree(CATALOG, folder / "errors")
    (folder / "docs").mkdir()
    for lang, home in (("", "Home."), (".ja", "ホーム。"), (".de", "Start.")):
        (folder / "docs" / f"index{lang}.md").write_text(f"# Acme\n\n{home}\n", encoding="utf-8")
    config = {"site_name": "Acme", "theme": {"name": "material"}, "markdown_extensions": [{"toc": {"permalink": True}}],
              "plugins": ["search",
                          {"i18n": {"docs_structure": "suffix", "languages": [
                              {"locale": lang, "name": name, "default": lang == "en", "build": True}
                              for lang, name in LANGUAGES.items()]}},
                          {"error-catalog": {"catalog": "errors"}}]}
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                                       encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site"], cwd=folder,
                          capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    return folder / "site"


def page(site: Path, lang: str, path: str = "reference/authentication/index.html") -> str:
    return (site / ("" if lang == "en" else lang) / path).read_text(encoding="utf-8")


@pytest.mark.parametrize("lang, label, message", [
    ("en", "Cause", None),
    ("ja", "原因", "認証が必要です"),
    ("de", "Ursache", "Authentifizierung erforderlich"),
])
def test_each_language_has_its_copy_with_its_words_and_messages_first(site, lang, label, message):
    html = page(site, lang)
    assert f'<html lang="{lang}"' in html
    assert f'<p class="ec-label ec-cause">{label}</p>' in html
    reader = re.findall(r'<p class="ec-message ec-reader-message">.*?</p>', html)
    if message is None:
        assert reader == []  # the source language: its message is the entry's own
    else:
        assert message in reader[0]
        first_row = re.search(r"<tbody>\s*<tr ([^>]*)>", html.split("ec-translations", 1)[1]).group(1)
        assert f'data-locale="{lang}"' in first_row
    # The script in the page's language, shared assets folder.
    script = "errors.js" if lang == "en" else f"errors.{lang}.js"
    assert f"assets/error-catalog/{script}" in html and (site / "assets" / "error-catalog" / script).is_file()


def test_links_between_languages_follow_the_i18n_plugin(site):
    """Material's language selector, filled by mkdocs-static-i18n: the same page in each language."""
    html = page(site, "ja")
    links = dict((lang, href) for href, lang in re.findall(r'href="([^"]*)" hreflang="([a-z]+)"', html))
    assert links == {"en": "../../../reference/authentication/", "ja": "./",
                     "de": "../../../de/reference/authentication/"}
    overview = page(site, "de", "reference/index.html")
    assert 'href="authentication/"' in overview and ">Kategorien<" in overview


def test_permalinks_are_written_once_and_land_on_the_default_language(site):
    catalog = load_catalog(CATALOG)
    layout = permalinks.layout(catalog)
    for lang in ("ja", "de"):
        assert not (site / lang / "_redirects").exists() and not (site / lang / "errors").exists()
        assert not (site / lang / "404.html").exists()
        assert not (site / lang / "errors.json").exists()
    rules = (site / "_redirects").read_text(encoding="utf-8")
    for e in catalog.entries[:20]:
        target = f"/{layout.entry_page(e)}#{e.anchor}"
        assert re.search(rf"^/errors/{re.escape(e.code)}\s+{re.escape(target)}\s", rules, re.M), e.code
        fallback = (site / "errors" / e.code / "index.html").read_text(encoding="utf-8")
        assert f"{layout.entry_page(e)}#{e.anchor}" in fallback and "/ja/" not in fallback
    # The one 404 page static hosts serve is the default language's.
    assert '<h1 id="_not-found">Page not found</h1>' in (site / "404.html").read_text(encoding="utf-8")
    # The permalink icon of a Japanese section points at the shared permalink.
    icons = re.findall(r'class="headerlink" href="([^"#]*)"', page(site, "ja"))  # entries, not the title
    assert icons and all(href.startswith("../../../errors/") for href in icons), icons[:3]


def test_the_search_index_keeps_the_plugins_rewrite(site):
    """mkdocs-static-i18n writes the index anew after the last language: the plugin's
    rewrite (each entry's message, cause and recovery as its text) runs after it."""
    import json

    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    entry = next(d for d in docs if d["location"] == "reference/authentication/#unauthorized")
    assert "Authentication required" in entry["text"] and "bearer token" in entry["text"]

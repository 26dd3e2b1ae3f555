"""Sites in another language, built for real: with `theme.language: ja` the plugin
writes no English word of its own on category pages, the overview and the 404 page
(its script included); an Arabic site (right to left) builds, its messages marked
`dir="rtl"`, the plugin's words in English (no Arabic catalog ships)."""
from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from error_catalog.plugin import assets
from error_catalog.render.uitext import UiText
from uitext_extract import template

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
# Words that are the same in English and Japanese pages: protocol names and numbers.
SAME = {"HTTP status", "HTTP statuses"}


def build(folder: Path, catalog: Path, language: str, locales_extra: dict[str, str] | None = None) -> Path:
    shutil.copytree(catalog, folder / "errors")
    for name, text in (locales_extra or {}).items():
        (folder / "errors" / name).write_text(text, encoding="utf-8")
    (folder / "docs").mkdir()
    (folder / "docs" / "index.md").write_text("# Acme\n\nHome.\n", encoding="utf-8")
    config = {"site_name": "Acme", "theme": {"name": "material", "language": language},
              "plugins": ["search", {"error-catalog": {"catalog": "errors"}}]}
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site"], cwd=folder,
                          capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    return folder / "site"


@pytest.fixture(scope="module")
def ja_site(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("ja"), ROOT / "examples" / "copilot", "ja")


def english_words() -> list[str]:
    """Each English word group the plugin writes (its catalog's msgids), cut at placeholders
    and line breaks; the ones that read the same in Japanese are left out."""
    ja = UiText("ja")
    out = set()
    for m in template():
        if not m.id:
            continue
        msgid = m.id if isinstance(m.id, str) else m.id[0]
        if msgid in SAME or ja(msgid) == msgid:
            continue
        parts = [p.strip(" :.,()") for p in re.split(r"\{[a-z_]+\}|\n", msgid)]
        if len(parts) == 1:
            out.add((parts[0], True))  # a whole label ('Cause', 'does not exist'): a whole element's text
        else:  # the word groups of a sentence with placeholders ('Message in', ...), unless Japanese keeps them
            out.update((p, False) for p in parts if " " in p and p not in ja(msgid))
    return sorted(out)


def texts(page: Path) -> tuple[list[str], list[str]]:
    """The text of every element of the page's content (each whole), and its attribute values."""
    source = page.read_text(encoding="utf-8")
    body = source[source.index('<div class="md-content"'):source.index('<footer')]
    body = re.sub(r"<pre.*?</pre>", "", body, flags=re.S)  # example responses: the wire's text
    elements = [html.unescape(t).strip() for t in re.findall(r">([^<]+)<", body)]
    attrs = [html.unescape(a) for a in re.findall(r'(?:title|data-label|aria-label|placeholder)="([^"]*)"', body)]
    return [t for t in elements if t], attrs


def test_words_exist():
    words = {w for w, _ in english_words()}
    assert {"Cause", "Recovery", "Example response", "Also returned as", "Not translated", "Did you mean",
            "Categories", "All codes A–Z"} <= words


@pytest.mark.parametrize("page", ["reference/index.html", "reference/authentication/index.html",
                                  "reference/validation/index.html", "404.html", "reference/translations/index.html"])
def test_no_english_word_of_the_plugin_in_a_japanese_site(ja_site, page):
    elements, attrs = texts(ja_site / page)
    found = []
    for word, whole in english_words():
        pattern = re.compile(rf"(?<![A-Za-z_]){re.escape(word)}(?![A-Za-z_])")
        found += [(word, t) for t in elements + attrs
                  if t.strip(" :.,()") == word or t.startswith(word + " · ") or not whole and pattern.search(t)]
    assert found == []
    assert "ページが見つかりません" in (ja_site / "404.html").read_text(encoding="utf-8") or page != "404.html"


def test_the_japanese_words_are_there(ja_site):
    overview = (ja_site / "reference" / "index.html").read_text(encoding="utf-8")
    assert ">カテゴリ<" in overview and "すべてのコード（A–Z）" in overview
    category = (ja_site / "reference" / "authentication" / "index.html").read_text(encoding="utf-8")
    for word in ("原因", "対処方法", "レスポンスの例", "6 言語のメッセージ"):
        assert word in category
    # The page's language first: its message above the table, its row the table's first.
    assert re.search(r'<p class="ec-message ec-reader-message"><span class="ec-label">メッセージ · 日本語</span> '
                     r'<code lang="ja">認証が必要です</code></p>', category)
    first_row = re.search(r"<tbody>\s*<tr ([^>]*)>", category.split("ec-translations", 1)[1]).group(1)
    assert 'data-locale="ja"' in first_row


def test_the_404_script_and_errors_js_speak_japanese(ja_site):
    page = (ja_site / "404.html").read_text(encoding="utf-8")
    assert 'document.title = "文書化されていないエラーコード · "' in page
    assert "Undocumented" not in page and "Did you mean" not in page
    js = (ja_site / "assets" / "error-catalog" / "errors.ja.js").read_text(encoding="utf-8")
    for english, _ in assets.script_texts(UiText("ja")):
        assert english not in js
    assert '"コードを絞り込む: コード、タイトル、番号、ステータス、カテゴリ"' in js


def test_the_navigation_is_in_japanese(ja_site):
    index = (ja_site / "index.html").read_text(encoding="utf-8")
    assert ">Errors<" not in index and "エラー" in index and "概要" in index


AR_PO = """msgid ""
msgstr ""
"Language: ar\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);\\n"

msgctxt "token/expired"
msgid "The access token has expired"
msgstr "انتهت صلاحية رمز الوصول"
"""


def test_a_right_to_left_site(tmp_path):
    """Arabic: Material writes dir="rtl"; the Arabic message comes first and runs right to
    left; the plugin's words fall back to English (no Arabic catalog ships)."""
    catalog = tmp_path / "src"
    shutil.copytree(ROOT / "tests" / "fixtures" / "i18n", catalog)
    yaml_path = catalog / "catalog.yaml"
    yaml_path.write_text(re.sub(r"locales: \[([^\]]*)\]", r"locales: [\1, ar]", yaml_path.read_text(encoding="utf-8")),
                         encoding="utf-8")
    site = build(tmp_path / "site-ar", catalog, "ar", {"locales/ar.po": AR_PO})
    page = next(p for p in (site / "reference").glob("*/index.html") if "token/expired" in p.read_text(encoding="utf-8"))
    text = page.read_text(encoding="utf-8")
    assert re.search(r'<body[^>]* dir="rtl"', text)
    assert ('<span class="ec-label">Message · العربية</span> <code lang="ar" dir="rtl">انتهت صلاحية رمز الوصول</code>'
            in text)
    assert '<td lang="ar" dir="rtl">انتهت صلاحية رمز الوصول</td>' in text
    assert ">Cause<" in text or ">Recovery<" in text  # English words: the fallback
    assert (site / "locales" / "ar.json").read_text(encoding="utf-8").count("انتهت") == 1


def test_a_build_fails_on_a_renamed_placeholder(tmp_path):
    """The build reads the PO files as validate does: the renamed placeholder stops it, located."""
    from conftest import run_build

    proc = run_build(ROOT / "tests" / "bad_catalogs" / "po-placeholder-renamed", tmp_path / "out", check=False)
    assert proc.returncode != 0
    assert ("po-placeholder-renamed/locales/de.po:19: msgstr [assistant/not-found]: the de translation renames "
            "the placeholder {assistant_id} to {assistenten_id}") in proc.stdout + proc.stderr

"""Messages in every locale on the site: the per-entry table (golden files),
fallback marking, the status page, the JSON exports, the build policy and log,
and the search index."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, run_build

from markupsafe import escape

import goldens
from error_catalog.core import locales, potools
from error_catalog.core.loader import load_catalog
from error_catalog.render import sections, translations
from error_catalog.render.renderer import Renderer

I18N = FIXTURES / "i18n"



@pytest.fixture(scope="module")
def fixture_catalog():
    return load_catalog(I18N)


def table(catalog, code: str) -> str:
    return str(translations.message_table(locales.load(catalog))(catalog.entry(code)))


def rows(html: str) -> dict[str, str]:
    return dict(re.findall(r'<tr data-locale="([^"]+)"[^>]*>(.*?)</tr>', html, re.S))


# -- the table -------------------------------------------------------------------

@pytest.mark.parametrize("code, name", [
    ("token/expired", "token-expired.html"),  # translated in all six locales
    ("PERMISSION_DENIED", "permission-denied.html"),  # a variant column; fuzzy and missing fall back
    ("quote_marks", "quote-marks.html"),  # markup in source and translations stays text
])
def test_message_table_golden(fixture_catalog, code, name):
    goldens.check(f"translations/{name}", table(fixture_catalog, code))


def test_all_six_locales_with_names_from_cldr(fixture_catalog):
    html = table(fixture_catalog, "token/expired")
    assert list(rows(html)) == ["en", "es", "fr", "de", "ja", "zh"]
    for label in ('data-search-exclude>English</th>', '>日本語 · Japanese</th>',
                  '>中文 · Chinese</th>', '>Español · Spanish</th>'):
        assert label in html
    # Each message carries its language, for screen readers and CJK glyph choice.
    assert '<td lang="ja">アクセストークンの有効期限が切れています</td>' in html
    assert "ec-fallback" not in html


def test_fallback_is_marked_never_silent(fixture_catalog):
    r = rows(table(fixture_catalog, "PERMISSION_DENIED"))
    source = '<td class="ec-fallback" lang="en" data-search-exclude>You do not have permission to perform this action '
    variant = '<td class="ec-fallback" lang="en" data-search-exclude>Your role does not allow this change '
    # de: empty msgstr; ja: not in ja.po at all (stale file); fr: the variant is fuzzy.
    assert f'{source}<span class="ec-badge ec-fallback-badge"' in r["de"]
    assert ">Not translated: English shown</span>" in r["de"]
    assert r["ja"].count("Not translated: English shown") == 2 and variant in r["ja"]
    assert ">Needs review: English shown</span>" in r["fr"] and variant in r["fr"]
    assert "Vous n&#39;avez pas l&#39;autorisation" in r["fr"]  # the translated column is not affected
    assert "ec-fallback" not in r["es"] + r["zh"] + r["en"]


def test_markup_in_messages_is_text(fixture_catalog):
    html = table(fixture_catalog, "quote_marks")
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_entry_without_message_gets_no_table(fixture_catalog):
    assert table(fixture_catalog, "no_message") == ""


def test_one_clear_place_for_the_message(fixture_catalog):
    many = Renderer(fixture_catalog, sections.for_catalog(fixture_catalog, locales.load(fixture_catalog)))
    section = many.entry_section(fixture_catalog.entry("PERMISSION_DENIED"))
    # The source message first, then every language in one collapsed table (after the example).
    assert section.count('class="ec-message"') == 2 and section.count('class="ec-table ec-translations"') == 1
    assert section.index('class="ec-message"') < section.index('class="ec-example"') < section.index(
        '<details class="ec-translations-more">')
    single = load_catalog(FIXTURES / "minimal")
    renderer = Renderer(single, sections.for_catalog(single, locales.load(single)))
    section = renderer.entry_section(single.entry("token/expired"))
    assert ('<p class="ec-message"><span class="ec-label">Message</span> <code lang="en">Authentication token '
            'expired</code></p>') in section
    assert "ec-translations" not in section


# -- the built site (fixture catalog) --------------------------------------------

@pytest.fixture(scope="module")
def fixture_site(build) -> Path:
    return build(I18N)


@pytest.mark.slow
def test_json_exports(fixture_site):
    folder = fixture_site / "locales"
    assert sorted(p.name for p in folder.iterdir()) == ["de.json", "en.json", "es.json", "fr.json", "ja.json",
                                                        "zh.json"]
    en = json.loads((folder / "en.json").read_text(encoding="utf-8"))
    assert en == {
        "PERMISSION_DENIED": "You do not have permission to perform this action",
        "PERMISSION_DENIED@socket": "Your role does not allow this change",
        "quote_marks": "Value <b>\"x\"</b> & 'y' is not allowed",
        "token/expired": "The access token has expired",
    }
    # Only what is translated: a consumer falls back to en.json itself.
    assert json.loads((folder / "ja.json").read_text(encoding="utf-8")) == {
        "token/expired": "アクセストークンの有効期限が切れています"}
    fr = json.loads((folder / "fr.json").read_text(encoding="utf-8"))
    assert sorted(fr) == ["PERMISSION_DENIED", "quote_marks", "token/expired"]  # the fuzzy variant is left out
    raw = (folder / "ja.json").read_text(encoding="utf-8")
    assert raw == '{\n  "token/expired": "アクセストークンの有効期限が切れています"\n}\n'


def status_rows(html: str) -> dict[str, list[str]]:
    out = {}
    for loc, row in re.findall(r'<tr data-locale="([^"]+)"><th scope="row">.*?</th>(.*?)</tr>', html, re.S):
        out[loc] = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    return out


@pytest.mark.slow
def test_status_page_counts_and_lists_what_is_left(fixture_site):
    # The build lets codes wrap at their separators (<wbr>): read them whole.
    html = (fixture_site / "translations" / "index.html").read_text(encoding="utf-8").replace("<wbr>", "")
    assert status_rows(html) == {
        "es": ["4 (100%)", "0 (0%)", "0 (0%)", "locales/es.po"],
        "fr": ["3 (75%)", "1 (25%)", "0 (0%)", "locales/fr.po"],
        "de": ["3 (75%)", "0 (0%)", "1 (25%)", "locales/de.po"],
        "ja": ["1 (25%)", "0 (0%)", "3 (75%)", "locales/ja.po out of date"],
        "zh": ["4 (100%)", "0 (0%)", "0 (0%)", "locales/zh.po"],
    }
    todo = dict(re.findall(r'<h2 id="_l10n-([a-z-]+)">.*?<ul class="ec-l10n-todo" data-search-exclude>(.*?)</ul>',
                           html, re.S))
    assert sorted(todo) == ["de", "fr", "ja"]
    items = re.findall(r'<li><a href="([^"]+)"><code>([^<]+)</code></a>(.*?) <span class="ec-badge ec-l10n-(\w+)">',
                       todo["ja"])
    assert items == [("../reference/auth/#permission-denied", "PERMISSION_DENIED", "", "missing"),
                     ("../reference/auth/#permission-denied", "PERMISSION_DENIED", " on WebSocket", "missing"),
                     ("../reference/auth/#quote-marks", "quote_marks", "", "missing")]
    assert re.findall(r'<code>([^<]+)</code></a> on WebSocket <span class="ec-badge ec-l10n-(\w+)">', todo["fr"]) \
        == [("PERMISSION_DENIED", "fuzzy")]
    assert "Some PO files are out of date with the catalog" in html


@pytest.mark.slow
def test_search_index_has_the_message_once_and_no_translations(fixture_site):
    """The lean index (outputs/search.py): the entry's document holds its wire message once;
    the translations and the example bodies stay on the page, out of the index."""
    docs = json.loads((fixture_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    section = next(d for d in docs if d["location"] == "reference/auth/#permission-denied")
    text = section["text"]
    source = "You do not have permission to perform this action"
    assert text.count(source) == 1
    page = (fixture_site / "reference" / "auth" / "index.html").read_text(encoding="utf-8")
    assert "No tiene permiso para realizar esta acción" in page
    assert "No tiene permiso para realizar esta acción" not in text
    for chrome in ("Language", "English", "Japanese", "日本語", "Not translated", "Needs review"):
        assert chrome not in text
    status = [d for d in docs if d["location"].startswith("translations/")]
    assert status and not any("PERMISSION_DENIED" in d["text"] + d["title"] for d in status)


# -- the site's own catalog ------------------------------------------------------

@pytest.mark.slow
def test_site_is_fully_translated(site):
    html = (site / "translations" / "index.html").read_text(encoding="utf-8")
    got = status_rows(html)
    assert list(got) == ["es", "fr", "de", "ja", "zh"]
    for loc, cells in got.items():
        assert cells == ["61 (100%)", "0 (0%)", "0 (0%)", f"locales/{loc}.po"]
    assert "Every message is translated into every language." in html
    for loc in ("en", "es", "fr", "de", "ja", "zh"):
        table_ = json.loads((site / "locales" / f"{loc}.json").read_text(encoding="utf-8"))
        assert len(table_) == 61 and "PERMISSION_DENIED@socket" in table_


@pytest.mark.slow
def test_site_translations_are_not_copies_of_the_source(site):
    en = json.loads((site / "locales" / "en.json").read_text(encoding="utf-8"))
    for loc in ("es", "fr", "de", "ja", "zh"):
        other = json.loads((site / "locales" / f"{loc}.json").read_text(encoding="utf-8"))
        same = sorted(k for k in en if other[k] == en[k])
        assert same == [], f"{loc}: {same}"


@pytest.mark.parametrize("code", ["token/expired", "PERMISSION_DENIED", "VALIDATION_ERROR", "sdk/timeout"])
@pytest.mark.slow
def test_search_for_a_code_still_finds_its_section_first(site, code):
    """Translations add text to a code's own section, never new sections that
    name the code: the section whose title is the code stays the only title hit."""
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    anchor = load_catalog(ROOT / "catalog").entry(code).anchor
    in_title = [d["location"] for d in docs if code in d["title"]]
    assert [loc for loc in in_title if loc.endswith("#" + anchor)] == in_title != []
    elsewhere = [d["location"] for d in docs if code in d["text"] and not d["location"].endswith("#" + anchor)]
    assert not any(loc.startswith("translations/") for loc in elsewhere)


# -- policy, log and the whole workflow ------------------------------------------

@pytest.mark.slow
def test_policy_fail_lists_every_missing_translation(tmp_path):
    cat = tmp_path / "cat"
    shutil.copytree(I18N, cat)
    yml = cat / "catalog.yaml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("missing: fallback", "missing: fail"), encoding="utf-8")
    proc = run_build(cat, tmp_path / "out", check=False)
    assert proc.returncode != 0
    errors = [line.split("-", 1)[1].strip() for line in proc.stderr.splitlines() if line.startswith("ERROR")]
    assert errors == [
        "The catalog has 5 problems:",
        f"{cat}/errors/auth.yaml:11: message [PERMISSION_DENIED]: no ja translation in {cat}/locales/ja.po; "
        "run `error-catalog update`, then translate it",
        f"{cat}/errors/auth.yaml:11: variants.socket.message [PERMISSION_DENIED@socket]: no ja translation in "
        f"{cat}/locales/ja.po; run `error-catalog update`, then translate it",
        f"{cat}/errors/auth.yaml:25: message [quote_marks]: no ja translation in {cat}/locales/ja.po; "
        "run `error-catalog update`, then translate it",
        f"{cat}/locales/de.po:29: msgstr [PERMISSION_DENIED]: de translation is empty",
        f"{cat}/locales/fr.po:36: msgstr [PERMISSION_DENIED@socket]: fr translation is fuzzy (needs review)",
        "5 catalog problem(s); see above. Nothing was built.",
    ]
    assert "Traceback" not in proc.stderr


def mkdocs_build(catalog: Path, out: Path) -> str:
    """A build with the INFO log (run_build is quiet); returns the log."""
    env = {**os.environ, "CATALOG_DIR": str(catalog), "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stderr


@pytest.mark.slow
def test_new_entry_workflow_from_fallback_to_complete(tmp_path, capsys):
    """The acceptance path: add an entry, update, see it fall back and listed;
    translate it, see all six and 100%."""
    cat = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog", cat)
    (cat / "errors" / "auth.yaml").open("a", encoding="utf-8").write("""
- code: token/reused
  category: auth
  title: Refresh token reused
  status: 401
  number: 1099
  message: This refresh token was already used
""")
    emitted = cat / "emitted-codes.txt"  # the service emits it too (the emitted-code gate checks)
    if emitted.exists():
        emitted.open("a", encoding="utf-8").write("token/reused\n")
    from error_catalog.cli import main
    assert main(["update", str(cat)]) == 0
    pot = (cat / "locales" / "messages.pot").read_text(encoding="utf-8")
    assert 'msgctxt "token/reused"\nmsgid "This refresh token was already used"\n' in pot

    log = mkdocs_build(cat, tmp_path / "one")
    assert "Translations: 62 messages in English (en)" in log
    assert "es (Spanish): 61 translated (98%), 0 fuzzy, 1 missing; to do: token/reused" in log
    page = (tmp_path / "one" / "reference" / "auth" / "index.html").read_text(encoding="utf-8")
    entry = page[page.index('id="token-reused"'):]
    r = rows(entry[:entry.index("</table>")])
    assert [loc for loc, row in r.items() if "Not translated: English shown" in row] == ["es", "fr", "de", "ja", "zh"]
    status = (tmp_path / "one" / "translations" / "index.html").read_text(encoding="utf-8")
    assert status_rows(status)["ja"] == ["61 (98%)", "0 (0%)", "1 (1%)", "locales/ja.po"]
    assert status.count('<code>token/<wbr>reused</code>') == 5

    done = {"es": "Este token de actualización ya se usó", "fr": "Ce jeton d'actualisation a déjà été utilisé",
            "de": "Dieses Aktualisierungstoken wurde bereits verwendet",
            "ja": "このリフレッシュトークンは既に使用されています", "zh": "此刷新令牌已被使用"}
    for loc, text in done.items():
        path = cat / "locales" / f"{loc}.po"
        po, *_ = locales.read_po(path, loc)
        po.get("This refresh token was already used", context="token/reused").string = text
        path.write_text(potools.render(po), encoding="utf-8")
    log = mkdocs_build(cat, tmp_path / "two")
    assert "ja (Japanese): 62 translated (100%), 0 fuzzy, 0 missing" in log
    page = (tmp_path / "two" / "reference" / "auth" / "index.html").read_text(encoding="utf-8")
    entry = page[page.index('id="token-reused"'):]
    entry = entry[:entry.index("</table>")]
    assert "ec-fallback" not in entry
    assert all(str(escape(text)) in entry for text in done.values())
    status = (tmp_path / "two" / "translations" / "index.html").read_text(encoding="utf-8")
    assert all(cells[0] == "62 (100%)" for cells in status_rows(status).values())
    assert "Every message is translated into every language." in status

"""The plugin's own words: the shipped gettext catalogs are complete, in step with the
sources, keep every placeholder, and are what a site in that language shows."""
from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from error_catalog.core import placeholders
from error_catalog.plugin import assets
from error_catalog.render import uitext
from error_catalog.render.uitext import UiText
from uitext_extract import PACKAGE, template

COMPLETE = ["de", "es", "fr", "ja", "zh"]


def _po(language: str):
    with open(uitext.po_file(language), "rb") as f:
        return read_po(f, locale=language)


def test_the_shipped_languages():
    assert uitext.shipped() == COMPLETE


def test_the_template_is_what_the_sources_say():
    """error_catalog/locale/error_catalog.pot lists exactly the words the sources use
    (`python tests/uitext_extract.py` rewrites it and merges it into the PO files)."""
    with open(PACKAGE / "locale" / "error_catalog.pot", "rb") as f:
        shipped = {m.id for m in read_po(f) if m.id}
    assert shipped == {m.id for m in template() if m.id}


@pytest.mark.parametrize("language", COMPLETE)
def test_each_catalog_is_complete_and_keeps_its_placeholders(language):
    po = _po(language)
    wanted = {m.id for m in template() if m.id}
    have = {m.id: m for m in po if m.id}
    assert set(have) == wanted, "run `python tests/uitext_extract.py`, then translate"
    for msgid, m in have.items():
        forms = m.string if isinstance(m.string, tuple) else (m.string,)
        sources = msgid if isinstance(msgid, tuple) else (msgid,)
        assert not m.fuzzy, (language, msgid)
        assert len(forms) == po.num_plurals if isinstance(msgid, tuple) else len(forms) == 1
        for form in forms:
            assert form.strip(), (language, msgid)
            # Words go into HTML attributes and a JavaScript string as they are.
            assert not re.search(r'["<>&\\]', form), (language, msgid, form)
            if isinstance(msgid, str):
                assert placeholders.difference(msgid, form) is None, (language, msgid, form)
            else:  # a plural form may leave out {count} (gettext allows it); none adds or renames one
                want, got = placeholders.names(sources[-1]), placeholders.names(form)
                assert got <= want and want - got <= {"count"}, (language, msgid, form)


def test_english_is_the_source_and_the_fallback():
    for t in (UiText(), UiText("en"), UiText("en_GB"), UiText("pt-BR"), UiText("ar"), UiText("zh-Hant")):
        assert t.language == "en"
        assert t("Cause") == "Cause"
        assert t.n("Message in {count} language", "Message in {count} languages", 2) == "Message in 2 languages"
    assert UiText("ja-JP").language == "ja" and UiText("de_AT")("Cause") == "Ursache"
    assert UiText("zh_CN")("Recovery") == "解决方法" and UiText("zh-Hans")("Recovery") == "解决方法"


def test_numbers_and_dates_in_the_site_language():
    # An English site keeps plain digits and ISO dates, as it always had.
    assert (UiText().number(1234), UiText().date("2025-03-10"), UiText().percent(75)) == ("1234", "2025-03-10", "75%")
    assert UiText("de").number(1234) == "1.234"
    assert UiText("fr").percent(75) in ("75\xa0%", "75\u202f%")  # CLDR's space before the sign
    assert UiText("ja").date("2025-03-10") == "2025年3月10日"
    assert UiText("de").date("2025-03-10") == "10. März 2025"
    assert UiText("de").date("not a date") == "not a date"


def test_values_are_escaped_in_markup_but_not_the_words():
    t = UiText("de")
    assert str(t.markup("Since {version}", version="<b>")) == "Seit &lt;b&gt;"
    assert str(UiText().markup("These HTTP responses carry no error code: each is identified by its status and "
                               "message. The names in capitals are this reference's own.")).endswith("reference's own.")


@pytest.mark.parametrize("language", ["en", *COMPLETE])
def test_the_script_words_are_in_errors_js(language):
    """Each replaced piece is in errors.js once; an English site gets the file as it is."""
    js = assets.SCRIPT.read_text(encoding="utf-8")
    pairs = assets.script_texts(UiText(language))
    for english, localized in pairs:
        assert js.count(english) == 1, english
    localized = assets.script(UiText(language))
    if language == "en":
        assert localized == js
    else:
        assert "Copy link" not in localized and "Filter the index" not in localized
        assert localized.count("rows.length") == js.count("rows.length")

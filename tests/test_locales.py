"""PO files read with Babel: round trip, completeness counting, problems, locale names."""
from __future__ import annotations

import dataclasses
import functools
import io
import textwrap
from pathlib import Path

import pytest
from babel.messages.pofile import read_po as babel_read_po

from error_catalog.core import locales, potools
from error_catalog.core.loader import load_catalog

FIXTURES = Path(__file__).parent / "fixtures"


def own_attributes(catalog) -> set[str]:
    """A Catalog's fields and the indexes it makes itself (its `cached_property`s)."""
    cls = type(catalog)
    return {f.name for f in dataclasses.fields(cls)} | {
        n for n, v in vars(cls).items() if isinstance(v, functools.cached_property)}
I18N = FIXTURES / "i18n"

HEADER = textwrap.dedent('''\
    msgid ""
    msgstr ""
    "Language: de\\n"
    "Plural-Forms: nplurals=2; plural=(n != 1);\\n"
    "Content-Type: text/plain; charset=UTF-8\\n"

    ''')


def po(tmp_path: Path, body: str, name: str = "de.po") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + textwrap.dedent(body), encoding="utf-8")
    return path


# -- round trip ----------------------------------------------------------------

@pytest.mark.parametrize("locale", ["es", "fr", "de", "ja", "zh"])
def test_site_po_files_round_trip(locale):
    """What Babel reads from a PO file it writes back unchanged: nothing is lost.
    Compared as `update --check` compares: the header lines that name the Babel
    version or a date (Generated-By, POT-Creation-Date...) are not content."""
    path = Path(__file__).parent.parent / "catalog" / "locales" / f"{locale}.po"
    text = path.read_text(encoding="utf-8")
    catalog, problems, _ = locales.read_po(path, locale)
    assert problems == []
    assert potools.comparable(potools.render(catalog)) == potools.comparable(text)


def test_round_trip_keeps_fuzzy_previous_plural_comments_and_obsolete(tmp_path):
    path = po(tmp_path, '''\
        # A translator's note
        #. Token has expired
        #: errors/auth.yaml
        #, fuzzy
        #| msgid "The token expired"
        msgctxt "token/expired"
        msgid "The access token has expired"
        msgstr "Das Token ist abgelaufen"

        msgctxt "files"
        msgid "One file"
        msgid_plural "{n} files"
        msgstr[0] "Eine Datei"
        msgstr[1] "{n} Dateien"

        msgctxt "Ümlaut/ß"
        msgid "A long message that is wrapped by Babel at seventy-six columns, like gettext does"
        msgstr "Eine lange Nachricht, die Babel bei sechsundsiebzig Spalten umbricht, wie gettext"

        #~ msgctxt "gone"
        #~ msgid "Removed"
        #~ msgstr "Entfernt"
        ''')
    first, problems, _ = locales.read_po(path, "de")
    assert problems == []
    text = potools.render(first)
    (tmp_path / "again.po").write_text(text, encoding="utf-8")
    again, *_ = locales.read_po(tmp_path / "again.po", "de")
    assert potools.render(again) == text
    m = again.get("The access token has expired", context="token/expired")
    assert m.fuzzy and m.previous_id == ["The token expired"] and m.user_comments == ["A translator's note"]
    assert again.get("One file", context="files").string == ("Eine Datei", "{n} Dateien")
    assert again.get("A long message that is wrapped by Babel at seventy-six columns, like gettext does",
                     context="Ümlaut/ß").string.startswith("Eine lange")
    assert [m.context for m in again.obsolete.values()] == ["gone"]


def test_previous_text_written_by_gettext_tools_is_read(tmp_path):
    """`#|` in gettext's own layout (one string per line) and `#~|` in obsolete
    messages, as msgmerge and Poedit write them; Babel alone misreads both."""
    long = "The Content-Type of the request is not supported by this endpoint, whatever it is"
    path = po(tmp_path, f'''\
        #, fuzzy
        #| msgid ""
        #| "The Content-Type of the request is not supported by this endpoint, "
        #| "whatever it is"
        msgctxt "a"
        msgid "New text"
        msgstr "Alter Text"

        #, fuzzy
        #~| msgid "Older"
        #~ msgctxt "b"
        #~ msgid "Old"
        #~ msgstr "Alt"
        ''')
    catalog, problems, _ = locales.read_po(path, "de")
    assert problems == []
    m = catalog.get("New text", context="a")
    assert m.previous_id == [long] and m.user_comments == []
    assert [m.previous_id for m in catalog.obsolete.values()] == [["Older"]]
    # Babel wraps a long `#|` line inside the string; it still reads back whole.
    (tmp_path / "again.po").write_text(potools.render(catalog), encoding="utf-8")
    again, *_ = locales.read_po(tmp_path / "again.po", "de")
    assert again.get("New text", context="a").previous_id == [long]
    assert potools.render(again) == potools.render(catalog)


# -- completeness ----------------------------------------------------------------

def test_counting_the_header_is_not_a_message(tmp_path):
    catalog, *_ = locales.read_po(po(tmp_path, ""), "de")
    assert locales.completeness(catalog) == locales.Counts(0, 0, 0)
    assert locales.Counts().percent(locales.TRANSLATED) == 100


def test_counting_empty_fuzzy_plural_and_obsolete(tmp_path):
    catalog, problems, _ = locales.read_po(po(tmp_path, '''\
        msgctxt "a"
        msgid "Translated"
        msgstr "Übersetzt"

        msgctxt "b"
        msgid "Empty"
        msgstr ""

        #, fuzzy
        msgctxt "c"
        msgid "Fuzzy"
        msgstr "Unscharf"

        #, fuzzy
        msgctxt "d"
        msgid "Fuzzy and empty"
        msgstr ""

        msgctxt "e"
        msgid "One file"
        msgid_plural "Many files"
        msgstr[0] "Eine Datei"
        msgstr[1] ""

        msgctxt "f"
        msgid "One day"
        msgid_plural "Many days"
        msgstr[0] "Ein Tag"
        msgstr[1] "Viele Tage"

        msgctxt "g"
        msgid "One week"
        msgid_plural "Many weeks"
        msgstr[0] "Eine Woche"

        #~ msgctxt "h"
        #~ msgid "Obsolete"
        #~ msgstr ""
        '''), "de")
    assert problems == []
    states = {m.context: locales.state_of(m) for m in catalog if m.id}
    assert states == {"a": "translated", "b": "missing", "c": "fuzzy", "d": "missing",
                      "e": "missing", "f": "translated", "g": "missing"}
    counts = locales.completeness(catalog)
    assert counts == locales.Counts(translated=2, fuzzy=1, missing=4)
    assert (counts.percent("translated"), counts.percent("fuzzy"), counts.percent("missing")) == (28, 14, 57)


def test_counting_against_a_template_counts_absent_messages_missing(tmp_path):
    catalog, *_ = locales.read_po(po(tmp_path, '''\
        msgctxt "a"
        msgid "Translated"
        msgstr "Übersetzt"

        msgctxt "stale"
        msgid "Not in the template"
        msgstr "Nicht in der Vorlage"
        '''), "de")
    template = babel_read_po(io.StringIO(HEADER + 'msgctxt "a"\nmsgid "Translated"\nmsgstr ""\n\n'
                                         'msgctxt "z"\nmsgid "New"\nmsgstr ""\n'))
    assert locales.completeness(catalog, template) == locales.Counts(translated=1, fuzzy=0, missing=1)


def test_percent_never_rounds_up_to_complete():
    assert locales.Counts(translated=999, missing=1).percent("translated") == 99
    assert locales.Counts(translated=61).percent("translated") == 100


def test_fixture_states_per_locale():
    t = locales.load(load_catalog(I18N))
    got = {loc: {ctx: r.state[0] for ctx, r in st.results.items()} for loc, st in t.locales.items()}
    assert got == {
        "es": {"token/expired": "t", "PERMISSION_DENIED": "t", "PERMISSION_DENIED@socket": "t", "quote_marks": "t"},
        "fr": {"token/expired": "t", "PERMISSION_DENIED": "t", "PERMISSION_DENIED@socket": "f", "quote_marks": "t"},
        "de": {"token/expired": "t", "PERMISSION_DENIED": "m", "PERMISSION_DENIED@socket": "t", "quote_marks": "t"},
        "ja": {"token/expired": "t", "PERMISSION_DENIED": "m", "PERMISSION_DENIED@socket": "m", "quote_marks": "m"},
        "zh": {"token/expired": "t", "PERMISSION_DENIED": "t", "PERMISSION_DENIED@socket": "t", "quote_marks": "t"},
    }
    assert t.locales["ja"].drift.new == ("PERMISSION_DENIED", "PERMISSION_DENIED@socket", "quote_marks")
    assert not t.locales["es"].drift


def test_po_files_are_read_once_per_locale_not_per_entry(monkeypatch):
    from error_catalog.outputs import translation_json
    from error_catalog.render import sections, translations
    from error_catalog.render.renderer import Renderer

    from error_catalog.core import translationstate
    from error_catalog.core.context import Readings

    reads = []
    real = locales.read_po
    monkeypatch.setattr(translationstate, "read_po", lambda path, *a, **k: reads.append(path.name)
                        or real(path, *a, **k))
    catalog = load_catalog(Path(__file__).parent.parent / "catalog")
    readings = Readings(catalog)  # what a build hands down: the pages, tables and exports read no PO file
    renderer = Renderer(catalog, sections.for_catalog(catalog, readings.translations))
    for c in catalog.categories:
        renderer.category_page(c)
    translations.status_page(readings.translations)
    translation_json.exports(readings.translations)
    assert sorted(reads) == ["de.po", "es.po", "fr.po", "ja.po", "zh.po"]
    assert vars(catalog).keys() <= own_attributes(catalog), "only the model's own indexes are set on a Catalog"


# -- bad PO files ------------------------------------------------------------

def test_syntax_error_is_located(tmp_path):
    path = po(tmp_path, '''\
        msgctxt "a"
        msgid "One"
        msgstr "Eins"
        msgfoo "what"
        ''')
    catalog, problems, _ = locales.read_po(path, "de", "locales/de.po")
    assert catalog is None
    assert [str(p) for p in problems] == [
        'locales/de.po:10: not a PO line: expected a # comment, a keyword (msgctxt, msgid, msgid_plural, msgstr, '
        'msgstr[N]) and its "string", or a "string"']


def test_what_only_babel_refuses_is_reported_as_babel_says(tmp_path):
    """A mistake of content, not syntax (more forms than the header's nplurals): Babel's
    `PoFileError`, located. Fails if Babel stops raising it (see poread's imports)."""
    path = po(tmp_path, '''\
        msgid "One"
        msgid_plural "Many"
        msgstr[0] "Eins"
        msgstr[1] "Viele"
        msgstr[2] "Sehr viele"
        ''')
    catalog, problems, _ = locales.read_po(path, "de", "locales/de.po")
    assert catalog is None
    assert [str(p) for p in problems] == [
        "locales/de.po:7: not a valid PO file: msg has more translations than num_plurals of catalog"]


def test_message_defined_twice_is_an_error(tmp_path):
    path = po(tmp_path, '''\
        msgctxt "a"
        msgid "One"
        msgstr "Eins"

        msgctxt "a"
        msgid "One"
        msgstr "Ein"
        ''')
    _, problems, _ = locales.read_po(path, "de", "locales/de.po")
    assert [str(p) for p in problems] == [
        "locales/de.po:11: msgctxt [a]: message defined twice (first on line 8)"]


def test_not_utf8_is_an_error(tmp_path):
    path = tmp_path / "de.po"
    path.write_bytes(HEADER.encode() + 'msgid "Stra\u00dfe"\nmsgstr "x"\n'.encode("latin-1"))
    _, problems, _ = locales.read_po(path, "de", "locales/de.po")
    assert [str(p) for p in problems] == [
        "locales/de.po:7: not valid utf-8 text (column 12); save the file as UTF-8"]


# -- locale names ----------------------------------------------------------------

@pytest.mark.parametrize("locale, label, tag, rtl", [
    ("en", "English", "en", False),
    ("es", "Español · Spanish", "es", False),
    ("fr", "Français · French", "fr", False),
    ("de", "Deutsch · German", "de", False),
    ("ja", "日本語 · Japanese", "ja", False),
    ("zh", "中文 · Chinese", "zh", False),
    ("pt_BR", "Português (Brasil) · Portuguese (Brazil)", "pt-BR", False),
    ("zh-Hans", "中文 (简体) · Chinese (Simplified)", "zh-Hans", False),
    ("ar", "العربية · Arabic", "ar", True),
    ("tlh", "tlh", "tlh", False),  # CLDR does not know it: shown as itself, no error
])
def test_locale_names_from_cldr(locale, label, tag, rtl):
    name = locales.locale_name(locale)
    assert (name.label, name.tag, name.rtl) == (label, tag, rtl)


def test_an_edited_po_file_is_read_again(tmp_path):
    """PO files are kept between rebuilds (the plugin's session) by file stamp: an edit is seen."""
    import shutil
    import os

    from error_catalog.plugin.session import Session

    session = Session()
    root = tmp_path / "catalog"
    shutil.copytree(Path(__file__).parent.parent / "catalog", root)
    po = root / "locales" / "es.po"
    context = po.read_text(encoding="utf-8").split('msgctxt "', 2)[1].split('"', 1)[0]
    first = session.catalog(root)
    before = session.translations(first).lookup("es", context).text
    assert session.catalog(root) is first  # nothing changed: the same reading
    st = po.stat()
    text = po.read_text(encoding="utf-8").replace(f'msgstr "{before}"', 'msgstr "Texto nuevo"', 1)
    po.write_text(text, encoding="utf-8")
    os.utime(po, ns=(st.st_atime_ns, st.st_mtime_ns))  # even with the old modification time
    assert session.translations(session.catalog(root)).lookup("es", context).text == "Texto nuevo"


def test_a_session_reads_only_the_po_files_that_changed(tmp_path, monkeypatch):
    """An edit of one entry file: a new catalog, and no PO file read again."""
    import shutil

    from error_catalog.plugin import session as session_module

    reads = []
    real = locales.read_po
    monkeypatch.setattr(session_module.locales, "read_po", lambda path, *a, **k: reads.append(path.name)
                        or real(path, *a, **k))
    session = session_module.Session()
    root = tmp_path / "catalog"
    shutil.copytree(Path(__file__).parent.parent / "catalog", root)
    first = session.translations(session.catalog(root))
    assert sorted(reads) == ["de.po", "es.po", "fr.po", "ja.po", "zh.po"]
    entry_file = sorted((root / "errors").glob("*.yaml"))[0]
    entry_file.write_text(entry_file.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    catalog = session.catalog(root)
    assert session.translations(catalog) is not first
    assert len(reads) == 5
    (root / "locales" / "de.po").write_text((root / "locales" / "de.po").read_text(encoding="utf-8") + "\n",
                                            encoding="utf-8")
    session.translations(session.catalog(root))
    assert reads[5:] == ["de.po"]

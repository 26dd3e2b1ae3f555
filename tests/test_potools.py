"""`error-catalog extract|update [--check]`: new, changed and removed entries,
what translators' tools and `pybabel compile` make of the result."""
from __future__ import annotations

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from error_catalog.cli import main
from error_catalog.core import locales
from error_catalog.core.loader import load_catalog

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "tests" / "fixtures" / "i18n"
SITE_LOCALES = ROOT / "catalog" / "locales"
TARGETS = ("es", "fr", "de", "ja", "zh")


@pytest.fixture
def cat(tmp_path, monkeypatch) -> Path:
    """A copy of the i18n fixture, PO files and all, to change at will."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    dst = tmp_path / "cat"
    shutil.copytree(I18N, dst)
    return dst


def run(*argv: str) -> int:
    return main([str(a) for a in argv])


def read(cat: Path, locale: str):
    po, problems, _ = locales.read_po(cat / "locales" / f"{locale}.po", locale)
    assert problems == []
    return po


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


NEW_ENTRY = """
- code: token/reused
  category: auth
  title: Refresh token reused
  status: 401
  number: 1005
  message: This refresh token was already used
"""


# -- extract -----------------------------------------------------------------

def test_extract_writes_the_template(cat, capsys):
    shutil.rmtree(cat / "locales")
    assert run("extract", cat) == 0
    pot = (cat / "locales" / "messages.pot").read_text(encoding="utf-8")
    body = pot.split("\n\n", 1)[1]
    assert body == '''\
#. Token has expired
#: errors/auth.yaml
msgctxt "token/expired"
msgid "The access token has expired"
msgstr ""

#. Permission denied
#: errors/auth.yaml
msgctxt "PERMISSION_DENIED"
msgid "You do not have permission to perform this action"
msgstr ""

#. On WebSocket: Edit rejected
#: errors/auth.yaml
msgctxt "PERMISSION_DENIED@socket"
msgid "Your role does not allow this change"
msgstr ""

#. Message with markup characters
#: errors/auth.yaml
msgctxt "quote_marks"
msgid "Value <b>\\"x\\"</b> & 'y' is not allowed"
msgstr ""

'''
    assert '"POT-Creation-Date: 2026-01-01 00:00+0000\\n"' in pot
    assert not (cat / "locales" / "es.po").exists()  # extract touches only the template
    assert "4 messages, created" in capsys.readouterr().out


def test_extract_is_deterministic_and_keeps_the_date_when_nothing_changed(cat, monkeypatch):
    pot = cat / "locales" / "messages.pot"
    before = pot.read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    assert run("extract", cat) == 0
    assert pot.read_bytes() == before
    edit(cat / "errors" / "auth.yaml", "Token has expired", "Token expired")
    assert run("extract", cat) == 0
    assert b"2027-01-15" in pot.read_bytes()  # changed content: a new date


# -- update ------------------------------------------------------------------

def test_update_creates_missing_po_files_untranslated(cat, capsys):
    shutil.rmtree(cat / "locales")
    assert run("update", cat) == 0
    for loc in TARGETS:
        po = read(cat, loc)
        assert locales.completeness(po) == locales.Counts(0, 0, 4)
        assert not po.fuzzy  # a fuzzy header would make `pybabel compile` skip the file
        assert po.locale_identifier == loc
    assert "created, 4 messages to translate" in capsys.readouterr().out


def test_new_entry_is_untranslated_in_every_po_file(cat):
    (cat / "errors" / "auth.yaml").open("a", encoding="utf-8").write(NEW_ENTRY)
    assert run("update", cat, "--check") == 1
    assert run("update", cat) == 0
    assert 'msgctxt "token/reused"' in (cat / "locales" / "messages.pot").read_text(encoding="utf-8")
    for loc in TARGETS:
        m = read(cat, loc).get("This refresh token was already used", context="token/reused")
        assert m is not None and m.string == "" and not m.fuzzy
    assert run("update", cat, "--check") == 0


def test_new_code_never_inherits_a_similar_message_of_another_code(cat):
    """pybabel would offer the translation of the most similar text as fuzzy."""
    (cat / "errors" / "auth.yaml").open("a", encoding="utf-8").write(
        NEW_ENTRY.replace("This refresh token was already used", "The refresh token has expired"))
    assert run("update", cat) == 0
    m = read(cat, "es").get("The refresh token has expired", context="token/reused")
    assert m.string == "" and not m.fuzzy


def test_changed_text_keeps_translation_marked_fuzzy_with_previous_text(cat):
    edit(cat / "errors" / "auth.yaml", "message: The access token has expired",
         "message: The access token expired and must be refreshed")
    assert run("update", cat, "--check") == 1
    assert run("update", cat) == 0
    po = read(cat, "es")
    m = po.get("The access token expired and must be refreshed", context="token/expired")
    assert m.string == "El token de acceso ha caducado"
    assert m.fuzzy and m.previous_id == ["The access token has expired"]
    assert po.get("The access token has expired", context="token/expired") is None
    assert not po.obsolete
    text = (cat / "locales" / "es.po").read_text(encoding="utf-8")
    assert '#, fuzzy\n#| msgid "The access token has expired"\nmsgctxt "token/expired"\n' in text
    assert locales.state_of(m) == locales.FUZZY
    # A second update keeps the previous text while the message stays fuzzy.
    assert run("update", cat) == 0
    assert read(cat, "es").get(m.id, context="token/expired").previous_id == ["The access token has expired"]


def test_removed_entry_becomes_obsolete_and_comes_back_translated(cat):
    auth = cat / "errors" / "auth.yaml"
    original = auth.read_text(encoding="utf-8")
    edit(auth, original[original.index("- code: quote_marks"):original.index("- code: no_message")], "")
    assert run("update", cat, "--check") == 1
    assert run("update", cat) == 0
    po = read(cat, "fr")
    assert po.get("Value <b>\"x\"</b> & 'y' is not allowed", context="quote_marks") is None
    assert [m.context for m in po.obsolete.values()] == ["quote_marks"]
    assert '#~ msgctxt "quote_marks"' in (cat / "locales" / "fr.po").read_text(encoding="utf-8")
    assert locales.completeness(po, locales.template(load_catalog(cat))).total == 3
    auth.write_text(original, encoding="utf-8")
    assert run("update", cat) == 0
    po = read(cat, "fr")
    m = po.get("Value <b>\"x\"</b> & 'y' is not allowed", context="quote_marks")
    assert m.string == "La valeur <b>\"x\"</b> & 'y' n'est pas autorisée" and not m.fuzzy
    assert not po.obsolete


def test_translators_work_survives_update(cat):
    de = cat / "locales" / "de.po"
    edit(de, "Last-Translator: FULL NAME <EMAIL@ADDRESS>", "Last-Translator: Erika Mustermann <erika@example.de>")
    edit(de, 'msgctxt "PERMISSION_DENIED"\nmsgid "You do not have permission to perform this action"\nmsgstr ""',
         '# Sie-Form, wie überall\nmsgctxt "PERMISSION_DENIED"\n'
         'msgid "You do not have permission to perform this action"\n'
         'msgstr "Sie sind nicht berechtigt, diese Aktion auszuführen"')
    (cat / "errors" / "auth.yaml").open("a", encoding="utf-8").write(NEW_ENTRY)
    assert run("update", cat) == 0
    po = read(cat, "de")
    assert po.last_translator == "Erika Mustermann <erika@example.de>"
    m = po.get("You do not have permission to perform this action", context="PERMISSION_DENIED")
    assert m.string == "Sie sind nicht berechtigt, diese Aktion auszuführen"
    assert m.user_comments == ["Sie-Form, wie überall"]
    assert locales.completeness(po) == locales.Counts(translated=4, fuzzy=0, missing=1)


def test_update_twice_changes_nothing(cat, monkeypatch):
    (cat / "errors" / "auth.yaml").open("a", encoding="utf-8").write(NEW_ENTRY)
    assert run("update", cat) == 0
    before = {p.name: p.read_bytes() for p in (cat / "locales").iterdir()}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1900000000")
    assert run("update", cat) == 0
    assert {p.name: p.read_bytes() for p in (cat / "locales").iterdir()} == before


def test_check_reports_and_writes_nothing(cat, capsys):
    (cat / "errors" / "auth.yaml").open("a", encoding="utf-8").write(NEW_ENTRY)
    before = {p.name: p.read_bytes() for p in (cat / "locales").iterdir()}
    assert run("update", cat, "--check") == 1
    captured = capsys.readouterr()
    assert f"{cat}/locales/es.po: 1 new, 0 changed, 0 removed" in captured.out
    assert f"{cat}/locales/ja.po: 4 new, 0 changed, 0 removed" in captured.out
    assert f"6 file(s) out of date; run `error-catalog update {cat}`" in captured.err
    assert {p.name: p.read_bytes() for p in (cat / "locales").iterdir()} == before


def test_a_broken_po_file_stops_update_with_its_line(cat, capsys):
    edit(cat / "locales" / "fr.po", 'msgctxt "quote_marks"', 'msgctxt "quote_marks"\nmsgfoo "x"')
    before = (cat / "locales" / "es.po").read_bytes()
    (cat / "errors" / "auth.yaml").open("a", encoding="utf-8").write(NEW_ENTRY)
    assert run("update", cat) == 1
    err = capsys.readouterr().err
    assert f"{cat}/locales/fr.po:41: not a PO line: expected a # comment" in err
    assert "Nothing was written." in err
    assert (cat / "locales" / "es.po").read_bytes() == before


@pytest.mark.parametrize("folder", ["catalog", *sorted(f"examples/{p.parent.name}"
                                                        for p in (ROOT / "examples").glob("*/catalog.yaml"))])
def test_the_po_files_are_up_to_date(capsys, folder):
    """CI gate: a change to a catalog's messages needs `error-catalog update`."""
    assert run("update", ROOT / folder, "--check") == 0, capsys.readouterr()


# -- what other tools make of the files ------------------------------------------

def test_pybabel_compile_accepts_the_sites_po_files(tmp_path):
    """`pybabel compile -d` wants <dir>/<locale>/LC_MESSAGES/<domain>.po; the
    compiled catalogs then translate each code's message through gettext."""
    for loc in TARGETS:
        folder = tmp_path / loc / "LC_MESSAGES"
        folder.mkdir(parents=True)
        shutil.copy(SITE_LOCALES / f"{loc}.po", folder / "messages.po")
    proc = subprocess.run([sys.executable, "-m", "babel.messages.frontend", "compile", "-d", str(tmp_path),
                           "-D", "messages", "--statistics"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "error" not in (proc.stdout + proc.stderr).lower()
    for loc in TARGETS:
        assert f"61 of 61 messages (100%) translated in {tmp_path}/{loc}/LC_MESSAGES/messages.po" in proc.stderr
    ja = gettext.translation("messages", tmp_path, languages=["ja"])
    assert ja.pgettext("token/expired", "The access token has expired") == "アクセストークンの有効期限が切れています"
    de = gettext.translation("messages", tmp_path, languages=["de"])
    assert de.pgettext("PERMISSION_DENIED@socket", "Your role does not allow this change to the document") == \
        "Ihre Rolle erlaubt diese Änderung am Dokument nicht"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")
def test_gnu_msgfmt_accepts_what_update_writes(cat):
    """The reference implementation, which Poedit and most PO tools build on."""
    edit(cat / "errors" / "auth.yaml", "message: The access token has expired",
         "message: The access token has expired and can no longer be used for any request at all")
    assert run("update", cat) == 0
    files = [*(cat / "locales").glob("*.po"), *SITE_LOCALES.glob("*.po")]
    for po in files:
        proc = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True)
        assert proc.returncode == 0, f"{po}: {proc.stderr}"
    assert "#| msgid" in (cat / "locales" / "es.po").read_text(encoding="utf-8")


def test_validate_reads_po_files_and_applies_the_policy(cat, capsys):
    assert run("validate", cat) == 0  # fallback: untranslated messages are fine
    edit(cat / "catalog.yaml", "missing: fallback", "missing: fail")
    (cat / "locales" / "ja.po").unlink()
    edit(cat / "locales" / "es.po", 'msgctxt "quote_marks"', 'msgctxt "quote_marks"\nmsgfoo "x"')
    assert run("validate", cat) == 1
    assert capsys.readouterr().err.splitlines() == [
        "The catalog has 4 problems:",
        f"  {cat}/locales/de.po:29: msgstr [PERMISSION_DENIED]: de translation is empty",
        f"  {cat}/locales/es.po:40: not a PO line: expected a # comment, a keyword (msgctxt, msgid, msgid_plural, "
        "msgstr, msgstr[N]) and its \"string\", or a \"string\"",
        f"  {cat}/locales/fr.po:36: msgstr [PERMISSION_DENIED@socket]: fr translation is fuzzy (needs review)",
        f"  {cat}/locales/ja.po: no ja translations: the file does not exist; "
        "run `error-catalog update` to create it",
    ]


# -- state through every update path (issue 14) ---------------------------------------

FUZZY_DE = ('#: errors/auth.yaml\n#, fuzzy\n#| msgid "The old token text"\nmsgctxt "token/expired"')


@pytest.mark.parametrize("path", ["kept", "obsolete-then-revived", "obsolete-twice-then-revived",
                                  "revived-with-new-text"])
def test_fuzzy_and_previous_text_survive_every_update_path(cat, path):
    edit(cat / "locales" / "de.po", '#: errors/auth.yaml\nmsgctxt "token/expired"', FUZZY_DE)
    auth = cat / "errors" / "auth.yaml"
    original = auth.read_text(encoding="utf-8")
    assert run("update", cat) == 0
    if path != "kept":
        edit(auth, "- code: token/expired", "- code: token/gone")
        for _ in range(2 if "twice" in path else 1):
            assert run("update", cat) == 0
            text = (cat / "locales" / "de.po").read_text(encoding="utf-8")
            # gettext's layout for an obsolete fuzzy message: flags, then `#~|` previous text
            assert '#, fuzzy\n#~| msgid "The old token text"\n#~ msgctxt "token/expired"' in text
        auth.write_text(original, encoding="utf-8")
        if path == "revived-with-new-text":
            edit(auth, "message: The access token has expired", "message: The access token is too old")
        assert run("update", cat) == 0
    m = read(cat, "de").get("The access token is too old" if path == "revived-with-new-text"
                            else "The access token has expired", context="token/expired")
    assert m is not None and m.fuzzy and m.string == "Das Zugriffstoken ist abgelaufen"
    want = "The access token has expired" if path == "revived-with-new-text" else "The old token text"
    assert m.previous_id == [want]
    assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(cat / "locales" / "de.po")]).returncode == 0


@pytest.mark.parametrize("charset", ["ISO-8859-1", "cp1252", "latin-1"])
def test_a_po_file_in_another_charset_is_read_so_and_written_back_as_utf8(cat, charset, capsys):
    path = cat / "locales" / "de.po"
    text = path.read_text(encoding="utf-8").replace("charset=utf-8", f"charset={charset}")
    path.write_bytes(text.encode("latin-1"))
    assert run("update", cat) == 0
    assert "now UTF-8" in capsys.readouterr().out
    for _ in range(2):  # and stays right: no double encoding on later runs
        written = path.read_bytes().decode("utf-8")
        assert "charset=utf-8" in written and "Ihre Rolle erlaubt diese Änderung nicht" in written
        assert "Ã" not in written
        assert run("update", cat) == 0
    assert read(cat, "de").get("Your role does not allow this change",
                               context="PERMISSION_DENIED@socket").string == "Ihre Rolle erlaubt diese Änderung nicht"


def test_update_keeps_a_translation_with_other_placeholders_but_marks_it_fuzzy(cat, capsys):
    """A translation whose `{name}` placeholders differ from its source fails validate;
    `update` keeps it for the translator, marked fuzzy (no longer published), and
    `--check` says the file is stale until then."""
    from error_catalog.core.problems import CatalogError

    edit(cat / "errors" / "auth.yaml", "message: The access token has expired",
         "message: The access token {token_id} has expired")
    assert run("update", cat) == 0
    po = cat / "locales" / "de.po"
    text = po.read_text(encoding="utf-8")
    # The translator confirms a translation that renames the placeholder.
    fuzzy = ('#, fuzzy, python-brace-format\n#| msgid "The access token has expired"\nmsgctxt "token/expired"\n'
             'msgid "The access token {token_id} has expired"\nmsgstr "Das Zugriffstoken ist abgelaufen"')
    assert fuzzy in text
    text = text.replace(fuzzy, '#, python-brace-format\nmsgctxt "token/expired"\nmsgid "The access token {token_id} has expired"\n'
                               'msgstr "Das Zugriffstoken {token} ist abgelaufen"')
    assert "{token}" in text
    po.write_text(text, encoding="utf-8")
    # gettext's own check agrees (Babel flags the message python-brace-format).
    assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po)], capture_output=True).returncode != 0
    with pytest.raises(CatalogError) as failed:
        locales.load(load_catalog(cat))
    assert [p.code for p in failed.value.problems] == ["token/expired"]
    assert "de translation renames the placeholder {token_id} to {token}" in str(failed.value)
    capsys.readouterr()
    assert run("update", "--check", cat) == 1
    assert "marked fuzzy, their placeholders differ from the source: token/expired" in capsys.readouterr().out
    assert run("update", cat) == 0
    m = read(cat, "de").get("The access token {token_id} has expired", context="token/expired")
    assert m.fuzzy and m.string == "Das Zugriffstoken {token} ist abgelaufen"
    locales.load(load_catalog(cat))  # fuzzy: not published, not a problem
    assert run("update", "--check", cat) == 0

"""The strict PO syntax check (core/posyntax.py): what Babel reads past is refused at
its line, every mistake at once; `update` leaves a broken file alone; every PO file
of the repository passes; GNU msgfmt agrees on the bad-catalog cases."""
from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from error_catalog.cli import main
from error_catalog.core import locales
from error_catalog.core.posyntax import scan

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "bad_catalogs"
SYNTAX_CASES = sorted(p.name for p in CORPUS.glob("po-syntax-*"))
# What msgfmt accepts but Babel, the reader, misreads (two strings on a line become one with
# the quotes inside; `\156` stays four characters): refused here, stricter than msgfmt.
STRICTER_THAN_MSGFMT = {"po-syntax-two-strings-on-a-line", "po-syntax-octal-escape"}
REPO_PO_FILES = sorted(p for pattern in ("catalog/locales/*.po*", "examples/*/locales/*.po*",
                                         "tests/fixtures/*/locales/*.po*", "error_catalog/locale/*.pot",
                                         "error_catalog/locale/*/LC_MESSAGES/*.po")
                       for p in ROOT.glob(pattern))


def problems_of(text: str) -> list[str]:
    return [str(p) for p in scan(text.splitlines(), "de.po")[1]]


def test_the_corpus_has_the_syntax_cases():
    assert len(SYNTAX_CASES) >= 15
    assert STRICTER_THAN_MSGFMT <= set(SYNTAX_CASES)


@pytest.mark.parametrize("path", REPO_PO_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_po_file_of_the_repository_passes(path):
    entries, problems = scan(path.read_text(encoding="utf-8").splitlines(), str(path))
    assert problems == []
    assert entries and all(e.msgstr_line > e.line > 0 for e in entries)


def test_repository_files_are_found():
    names = {str(p.relative_to(ROOT)) for p in REPO_PO_FILES}
    assert {"catalog/locales/de.po", "catalog/locales/messages.pot", "error_catalog/locale/error_catalog.pot",
            "examples/copilot/locales/ja.po", "tests/fixtures/i18n/locales/zh.po"} <= names


def test_what_gettext_writes_passes_with_its_lines():
    """Header, wrapped strings, flags, `#|` and `#~|` previous text, plural forms, obsolete
    messages, blank lines inside a message and spaces before keywords: all sound."""
    entries, problems = scan(textwrap.dedent('''\
        # A translator's note
        msgid ""
        msgstr ""
        "Language: de\\n"

        #, fuzzy
        #| msgid "Old \\"text\\""
        msgctxt "a"
        msgid ""
        "Wrapped "
        "text\\t\\\\"

        msgstr "Eingewickelt"

        msgid "One"
        msgid_plural "Many"
        msgstr[0] "Eins"
        msgstr[1] ""

        #, fuzzy
        #~| msgid "Older"
        #~ msgctxt "gone"
        #~ msgid "Gone"
        #~ msgstr ""
        #~ "Weg"
          msgid "Indented"
          msgstr "Eingerückt"
        ''').splitlines(), "de.po")
    assert problems == []
    assert [(e.context_line, e.line, e.plural_line, e.msgstr_line, e.obsolete) for e in entries] == [
        (0, 2, 0, 3, False), (8, 9, 0, 13, False), (0, 15, 16, 17, False), (22, 23, 0, 24, True),
        (0, 26, 0, 27, False)]
    assert entries[1].previous == [' msgid "Old \\"text\\""'] and entries[3].previous == [' msgid "Older"']


def test_every_mistake_of_a_file_at_once():
    assert problems_of(textwrap.dedent('''\
        msgctxt "a"
        msgid "One"
        msgstr"Eins"

        msgctxt "b"
        msgid "Two"
        msgstr\t"Zwei"

        msgctxt "c"
        msgid "Three"
        msgstr "Drei" x
        msgstr "\\x"

        msgid "Four"
        msgid_plural "Fours"
        msgid_plural "Fours"
        msgstr[0] "Vier"
        msgstr "Vier"
        "Say "hi""
        hello
        ''')) == [
        "de.po:3: msgstr [a]: put a space (not a tab) between msgstr and its string",
        "de.po:7: msgstr [b]: put a space (not a tab) between msgstr and its string",
        'de.po:11: msgstr [c]: text after the closing " of the string: remove it',
        "de.po:12: msgstr [c]: \\x is not an escape a PO string may use: only \\\\ \\\" \\n \\t \\r \\a \\b \\f "
        "\\v (write \\\\ for a backslash)",
        "de.po:12: msgstr [c]: a second msgstr in the message (first on line 11); keep one",
        "de.po:16: msgid_plural: a second msgid_plural in the message (first on line 15)",
        "de.po:18: msgstr: a plain msgstr after msgid_plural: a plural message has msgstr[0], msgstr[1]...",
        'de.po:19: msgstr: a " inside the string ends it early: write it as \\"',
        "de.po:20: not a PO line: expected a # comment, a keyword (msgctxt, msgid, msgid_plural, msgstr, msgstr[N]) "
        'and its "string", or a "string"']


def test_a_message_cut_short_is_reported_once():
    assert problems_of('msgctxt "a"\n# note\nmsgid "One"\nmsgstr "Eins"\n') == [
        "de.po:1: msgctxt [a]: msgctxt without a msgid after it"]
    assert problems_of('msgid "One"\nmsgid_plural "Ones"\n') == [
        'de.po:1: msgid: the message has no msgstr[0]; add msgstr[0] "" to leave it untranslated']
    assert problems_of('msgstr "Eins"\n') == ["de.po:1: msgstr: msgstr without a msgid before it"]


def test_read_po_reports_the_scan_not_babels_complaint(tmp_path):
    """Babel aborts on a stray string; the scan says what and where, and finds the rest too."""
    path = tmp_path / "de.po"
    path.write_text('msgid ""\nmsgstr ""\n\n# note\n"stray"\nmsgid "a"\nmsgstr "b\n', encoding="utf-8")
    reading = locales.read_po(path, "de", "de.po")
    assert reading.catalog is None
    assert [str(p) for p in reading.problems] == [
        "de.po:5: a string outside a message: a line that is only a string continues the keyword line above it",
        'de.po:7: msgstr: the string is not closed: end it with " on the same line (a longer text goes on as '
        'another "..." on the next line)']


def test_a_file_in_another_charset_is_scanned_in_it(tmp_path):
    """Shift_JIS: the second byte of ソ is a backslash (0x5C), which is not an escape."""
    path = tmp_path / "ja.po"
    path.write_bytes('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=Shift_JIS\\n"\n\n'
                     'msgctxt "a"\nmsgid "Software"\nmsgstr "ソフト"\n'.encode("shift_jis"))
    assert b"\\" in "ソ".encode("shift_jis")
    reading = locales.read_po(path, "ja")
    assert reading.problems == []
    assert reading.catalog.get("Software", context="a").string == "ソフト"


def test_update_refuses_a_broken_file_and_leaves_it_byte_identical(tmp_path, capsys):
    """Babel reads 'Das Token ist abgelaufen !' without its '!': `update` would save that."""
    cat = tmp_path / "cat"
    shutil.copytree(CORPUS / "po-syntax-unterminated", cat)
    before = {p: p.read_bytes() for p in cat.rglob("*") if p.is_file()}
    assert main(["update", str(cat)]) == 1
    err = capsys.readouterr().err
    assert f"{cat}/locales/de.po:13: msgstr [token/expired]: the string is not closed" in err
    assert "Nothing was written." in err
    assert {p: p.read_bytes() for p in cat.rglob("*") if p.is_file()} == before
    assert main(["update", "--check", str(cat)]) == 1


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")
@pytest.mark.parametrize("name", SYNTAX_CASES)
def test_gnu_msgfmt_agrees_on_each_bad_case(name):
    """msgfmt rejects each case too, but for the listed ones that Babel misreads."""
    for po in sorted((CORPUS / name / "locales").glob("*.po")):
        proc = subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null", str(po)],
                              capture_output=True, text=True)
        assert (proc.returncode == 0) == (name in STRICTER_THAN_MSGFMT), f"{po}: {proc.stderr}"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")
def test_gnu_msgfmt_accepts_every_po_file_of_the_repository():
    for po in REPO_PO_FILES:
        proc = subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null", str(po)],
                              capture_output=True, text=True)
        assert proc.returncode == 0, f"{po}: {proc.stderr}"

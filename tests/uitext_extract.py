"""The plugin's own words, extracted from its sources with Babel: every `t(...)`,
`t.markup(...)`, `t.n(...)` ... in Python and the templates, `mark(...)` for words
translated where they are shown, and errors.js's (`assets.script_texts`)."""
from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_file

PACKAGE = Path(__file__).resolve().parent.parent / "error_catalog"
# The UiText calls (`self.text(...)` is seen as `text(...)`); two-argument ones are plurals.
KEYWORDS = {"t": None, "text": None, "markup": None, "mark": None, "n": (1, 2), "nmarkup": (1, 2), "tn": (1, 2)}
SOURCES = [("render/templates/*.j2", "jinja2"), ("plugin/theme/404.html", "jinja2"),
           *((f"{layer}/*.py", "python") for layer in ("render", "plugin"))]


def extract() -> list[tuple[str | tuple[str, str], str]]:
    """(msgid or (singular, plural), 'file:line') of every word the plugin writes, in source order."""
    out = []
    for pattern, method in SOURCES:
        for path in sorted(PACKAGE.glob(pattern)):
            if method == "python" and "UiText" not in path.read_text(encoding="utf-8") \
                    and "mark(" not in path.read_text(encoding="utf-8"):
                continue
            options = {"trim_blocks": "true", "lstrip_blocks": "true"} if method == "jinja2" else {}
            with open(path, "rb") as f:
                for lineno, message, _comments, _context in extract_from_file(
                        method, str(path), keywords=KEYWORDS, options=options):
                    out.append((message, f"{path.relative_to(PACKAGE)}:{lineno}"))
    return out


def template():
    """The POT of the plugin's words: each msgid once, with the files it is in."""
    import datetime

    from babel.messages.catalog import Catalog

    pot = Catalog(project="error-catalog", domain="error_catalog", charset="utf-8", fuzzy=False,
                  creation_date=datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc),
                  msgid_bugs_address="", copyright_holder="", header_comment=HEADER)
    for message, where in extract():
        pot.add(message, locations=[(where.split(":")[0], None)])
    return pot


HEADER = ("# The words the error-catalog plugin writes into a site (labels, headings, sentences).\n"
          "# Made by `python tests/uitext_extract.py` from the sources; each language's\n"
          "# error_catalog/locale/<lang>/LC_MESSAGES/error_catalog.po translates them.")


def write(path: Path, po) -> None:
    import io

    from babel.messages.pofile import write_po

    buf = io.BytesIO()
    write_po(buf, po, width=100, omit_header=False, sort_output=False, include_lineno=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue())


def main() -> None:
    """Rewrite the POT and merge it into every language's PO file (new words start empty:
    tests/test_uitext.py fails until they are translated)."""
    from babel.messages.pofile import read_po

    locale_dir = PACKAGE / "locale"
    pot = template()
    write(locale_dir / "error_catalog.pot", pot)
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/error_catalog.po")):
        with open(po_path, "rb") as f:
            po = read_po(f)
        po.update(pot, no_fuzzy_matching=True)
        write(po_path, po)


if __name__ == "__main__":
    main()

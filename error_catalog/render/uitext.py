"""The plugin's own words (labels, headings, sentences) in the site's language.

They come from the project's gettext catalogs, `error_catalog/locale/<lang>/
LC_MESSAGES/error_catalog.po`, read with Babel (`read_po`, compiled in memory with
`write_mo`, answered by `babel.support.Translations`): English is the source, a
language without a file (or a message without a reviewed translation) falls back
to it. Numbers and dates are formatted by Babel for the site's locale; in an
English site they stay as they always were (plain digits, ISO dates).
"""
from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations, Translations
from markupsafe import Markup

from ..core.localenames import LocaleName

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "error_catalog"


def po_file(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def shipped() -> list[str]:
    """The languages the package has a catalog for."""
    return sorted(p.name for p in LOCALE_DIR.iterdir() if po_file(p.name).is_file())


def _parse(language: str) -> Locale | None:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return None


def catalog_language(language: str | None) -> str:
    """The shipped catalog for a site language ('ja', 'ja_JP', 'de-AT' -> 'ja', 'de'), or
    'en'. Simplified Chinese is `zh`: Traditional (`zh-Hant`, `zh-TW`) falls back to English."""
    loc = _parse(language or "en")
    if loc is None or loc.language == "en":
        return "en"
    if loc.language == "zh" and loc.script not in (None, "Hans"):
        return "en"
    return loc.language if po_file(loc.language).is_file() else "en"


@cache
def _translations(language: str) -> NullTranslations:
    path = po_file(language)
    if language == "en" or not path.is_file():
        return NullTranslations()
    with open(path, "rb") as f:
        po = read_po(f, locale=language)
    mo = io.BytesIO()
    write_mo(mo, po)  # fuzzy messages are left out: they fall back to English
    mo.seek(0)
    return Translations(mo, domain=DOMAIN)


@dataclass(frozen=True)
class UiText:
    """Words for one site language. `t("Cause")` -> plain text (for `h`, which escapes
    it); `t.markup(...)` -> Markup for templates, its `{name}` values escaped unless
    they are Markup themselves."""

    locale: str | None = None  # the site's language as configured ('ja', 'pt-BR'); None: not set (English)

    @property
    def language(self) -> str:
        """The catalog the words come from ('en': the English source)."""
        return catalog_language(self.locale)

    @property
    def english(self) -> bool:
        """An English site: numbers and dates as they always were."""
        loc = _parse(self.locale or "en")
        return loc is None or loc.language == "en"

    @property
    def tag(self) -> str:
        return (self.locale or "en").replace("_", "-")

    def __call__(self, msgid: str, /, **values: object) -> str:
        text = _translations(self.language).gettext(msgid)
        return text.format(**values) if values else text

    def n(self, singular: str, plural: str, count: int, /, **values: object) -> str:
        text = _translations(self.language).ngettext(singular, plural, count)
        return text.format(count=self.number(count), **values)

    def markup(self, msgid: str, /, **values: object) -> Markup:
        return Markup(_translations(self.language).gettext(msgid)).format(**values)

    def nmarkup(self, singular: str, plural: str, count: int, /, **values: object) -> Markup:
        text = _translations(self.language).ngettext(singular, plural, count)
        return Markup(text).format(count=self.number(count), **values)

    def matches(self, locale: str) -> bool:
        """Whether a catalog locale ('pt_BR', 'ja') is this site's language ('pt-BR', 'ja-JP'):
        the same tag, or one a more specific form of the other. Never when no language is set."""
        if self.locale is None:
            return False
        a, b = self.tag.lower(), locale.replace("_", "-").lower()
        return a == b or a.startswith(b + "-") or b.startswith(a + "-")

    def language_name(self, name: LocaleName) -> str:
        """A language's name in the site's language ('Spanish', 'スペイン語'); its id when CLDR
        does not know it."""
        if self.english:
            return name.english
        loc = _parse(name.id)
        return (loc.get_display_name(_babel(self.locale)) if loc is not None else None) or name.id

    def language_label(self, name: LocaleName) -> str:
        """'Español · Spanish' in an English site, 'Español · スペイン語' in a Japanese one."""
        if self.english:
            return name.label
        other = self.language_name(name)
        return name.native if other.lower() == name.native.lower() else f"{name.native} · {other}"

    def number(self, n: int) -> str:
        return str(n) if self.english else format_decimal(n, locale=_babel(self.locale))

    def percent(self, whole: int) -> str:
        """A whole percentage ('75%', '75 %' in French)."""
        return f"{whole}%" if self.english else format_percent(whole / 100, locale=_babel(self.locale))

    def date(self, iso: str) -> str:
        """An ISO date ('2025-03-10') in the site's language; an English site keeps it as is."""
        if self.english:
            return iso
        try:
            day = datetime.date.fromisoformat(iso)
        except ValueError:
            return iso
        return format_date(day, format="long", locale=_babel(self.locale))


def _babel(locale: str | None) -> Locale:
    return _parse(locale or "en") or Locale("en")


ENGLISH = UiText()


def mark(msgid: str) -> str:
    """A message to translate where it is shown, not here: returned as is, and found by
    the extraction (tests/test_uitext.py) like any `t(...)`."""
    return msgid

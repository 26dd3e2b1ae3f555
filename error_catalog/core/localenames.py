"""Locale names from Babel's CLDR data: '日本語 · Japanese', the HTML `lang` tag, direction."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from babel import Locale, UnknownLocaleError


@dataclass(frozen=True)
class LocaleName:
    id: str  # as configured: 'ja', 'pt_BR', 'zh-Hans'
    native: str  # '日本語'
    english: str  # 'Japanese'
    tag: str  # BCP 47 for HTML lang: 'pt-BR'
    rtl: bool = False

    @property
    def label(self) -> str:
        """'日本語 · Japanese', or just 'English' when both names agree."""
        return self.native if self.native == self.english else f"{self.native} · {self.english}"


def babel_locale(locale: str) -> Locale | None:
    """Babel's locale for a configured id, or None when CLDR does not know it."""
    try:
        return Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None


# CLDR's data is constant for the process: each name is looked up once.
@cache
def locale_name(locale: str) -> LocaleName:
    """Display names from CLDR. An id CLDR does not know is shown as itself."""
    tag = locale.replace("_", "-")
    loc = babel_locale(locale)
    if loc is None:
        return LocaleName(locale, locale, locale, tag)
    native = loc.display_name or locale
    # CLDR writes names as used mid-sentence ('español'); a label starts a line.
    native = native[:1].upper() + native[1:]
    english = loc.get_display_name("en") or locale
    return LocaleName(locale, native, english, tag, loc.character_order == "right-to-left")


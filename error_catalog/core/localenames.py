"""Locale names from Babel's CLDR data: '日本語 · Japanese', the HTML `lang` tag, direction."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache

from babel import Locale, UnknownLocaleError, localedata


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


def locale_key(locale: str) -> str | None:
    """One key for every spelling of a locale (pt_BR, pt-BR, pt_br -> 'pt_BR'); None
    when CLDR does not know it."""
    known = babel_locale(locale)
    return str(known) if known is not None else None


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



# Country codes often written for a language (ISO 3166 is not ISO 639): Japan, China,
# Korea, Greece, Denmark, Czechia, Ukraine, Vietnam, Israel, the US and the UK, Sweden.
# `se` (Northern Sami) and `uk` (Ukrainian) are languages CLDR knows: they are accepted.
ALIASES = {"jp": "ja", "cn": "zh", "kr": "ko", "gr": "el", "dk": "da", "cz": "cs", "ua": "uk", "vn": "vi",
           "il": "he", "us": "en", "gb": "en", "en_uk": "en_GB", "sw_se": "sv_SE"}


def nearest_locale(locale: str) -> str | None:
    """For an id CLDR does not know, the known id it most likely means: the alias
    table above, else the language alone (`en_XX` -> `en`), else the closest spelling
    among Babel's locale identifiers."""
    key = locale.replace("-", "_")
    alias = ALIASES.get(key.lower())
    if alias is not None:
        return alias
    language, _, rest = key.partition("_")
    if rest and babel_locale(language) is not None:
        return language
    ids = [i for i in localedata.locale_identifiers() if ("_" in i) == bool(rest)]
    close = difflib.get_close_matches(key, ids, n=1, cutoff=0.6)
    return close[0] if close else None

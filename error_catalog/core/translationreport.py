"""The translation status as log lines: one per locale, plus what to do."""
from __future__ import annotations

from .localenames import locale_name
from .translationstate import TRANSLATED, Translations


def report(translations: Translations, limit: int = 10) -> list[str]:
    """The translation status as log lines: one per locale, plus what to do."""
    cat = translations.catalog
    if len(cat.locales) < 2:
        return []
    src = locale_name(cat.source_locale)
    lines = [f"Translations: {len(translations.messages)} messages in {src.english} ({src.id})"]
    for st in translations.locales.values():
        c = st.counts
        line = (f"  {st.locale} ({st.name.english}): {c.translated} translated ({c.percent(TRANSLATED)}%), "
                f"{c.fuzzy} fuzzy, {c.missing} missing")
        todo = st.todo()
        if todo:
            more = f" and {len(todo) - limit} more" if len(todo) > limit else ""
            line += f"; to do: {', '.join(todo[:limit])}{more}"
        lines.append(line)
        if not st.exists:
            lines.append(f"  {st.locale}: {st.path} does not exist; run `error-catalog update`")
        elif st.drift:
            lines.append(f"  {st.locale}: {st.path} is out of date with the catalog ({st.drift.summary()}); "
                         "run `error-catalog update`")
    return lines

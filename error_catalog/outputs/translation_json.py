"""`locales/<locale>.json` in the site: code (or `<code>@<surface>`) -> message.

For APIs and SDKs that show messages in the user's language: the source locale
complete, the others with only what is translated (a consumer falls back to
the source itself). From the build's one reading of the PO files (`ctx.translations`).
"""
from __future__ import annotations

from pathlib import Path

from ..core import locales
from ..core.context import BuildContext
from ..core.locales import TRANSLATED, Translations
from ..core.files import write_atomic
from . import jsonout


def exports(translations: Translations) -> dict[str, dict[str, str]]:
    """locale -> {context: message}: the source locale complete, the others with
    only what is translated (a consumer falls back to the source itself)."""
    out = {}
    for loc in translations.catalog.locales:
        table = {}
        for m in translations.messages:
            r = translations.lookup(loc, m.context)
            if r.state == TRANSLATED:
                table[m.context] = r.text
        out[loc] = table
    return out


def write_json(ctx: BuildContext, site_dir: Path) -> None:
    """`locales/<locale>.json` in the site: sorted keys, stable bytes."""
    folder = site_dir / locales.LOCALES_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for loc, table in exports(ctx.translations).items():
        text = jsonout.dumps(dict(sorted(table.items())))
        write_atomic(folder / f"{loc}.json", text, durable=False)

"""What the plugin adds to a site's theme: its stylesheet and script (copied into
the site, the script's words in the site's language) and its theme folder (the
404 page, the palette partial)."""
from __future__ import annotations

import json
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..core import permalinks
from ..core.context import BuildContext
from ..outputs import suggestions
from ..render.uitext import UiText
from . import i18nsite

PACKAGE = Path(__file__).resolve().parent
THEME_DIR = PACKAGE / "theme"  # the 404 page, found before the theme's own
STYLESHEET = PACKAGE / "assets" / "errors.css"
STYLESHEET_URI = "assets/error-catalog/errors.css"
SCRIPT = PACKAGE / "assets" / "errors.js"
SCRIPT_URI = "assets/error-catalog/errors.js"


def script_uri(text: UiText | None = None) -> str:
    """errors.js, or for another language its copy in that language, `errors.<lang>.js`
    (a site with mkdocs-static-i18n shares one assets folder between its languages)."""
    return SCRIPT_URI if text is None or text.language == "en" else SCRIPT_URI[:-3] + f".{text.language}.js"


def site_language(config: MkDocsConfig) -> str | None:
    """The language of this build: mkdocs-static-i18n's, when the site runs it (it builds
    the site once per language), else the theme's `language` (Material's option)."""
    i18n = i18nsite.plugin(config)
    if i18n is not None:
        return i18nsite.language(i18n)
    language = config.theme.get("language")
    return str(language) if language else None


def add_to_theme(config: MkDocsConfig, text: UiText | None = None) -> None:
    """The stylesheet and script (in `text`'s language) in every page; the theme folder
    after the site's own overrides (custom_dir wins), before the theme's."""
    if STYLESHEET_URI not in config.extra_css:
        config.extra_css.append(STYLESHEET_URI)
    uri = script_uri(text)
    # One build per language reuses the config: another language's script goes.
    ours = [s for s in config.extra_javascript if _is_script(str(s)) and str(s) != uri]
    for s in ours:
        config.extra_javascript.remove(s)
    if uri not in [str(s) for s in config.extra_javascript]:
        config.extra_javascript.append(uri)
    theme_dir = str(THEME_DIR)
    if theme_dir not in config.theme.dirs:
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, theme_dir)


def add_files(files: Files, config: MkDocsConfig, text: UiText | None = None) -> None:
    """The stylesheet and script, copied from the package into the site (the script
    with its words in `text`'s language, when that is not English)."""
    files.append(File.generated(config, STYLESHEET_URI, abs_src_path=str(STYLESHEET)))
    if script_uri(text) == SCRIPT_URI:
        files.append(File.generated(config, SCRIPT_URI, abs_src_path=str(SCRIPT)))
    else:
        files.append(File.generated(config, script_uri(text), content=script(text)))


def _is_script(uri: str) -> bool:
    return re.fullmatch(r"assets/error-catalog/errors(\.[a-z]+)?\.js", uri) is not None


def _js(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def script_texts(t: UiText) -> list[tuple[str, str]]:
    """(as errors.js writes it, in `t`'s language): each a string literal, or an expression
    that joins a count into a sentence. tests/test_uitext.py checks that each is in errors.js."""
    total = t("{shown} of {total} codes", shown="\0shown\0", total="\0total\0")
    counted = " + ".join(_js(part) if i % 2 == 0 else {"shown": "shown", "total": "rows.length"}[part]
                         for i, part in enumerate(total.split("\0")) if part or i % 2)
    return [
        ('"Filter codes: code, title, number, status, category"',
         _js(t("Filter codes: code, title, number, status, category"))),
        ('"Filter the index of codes"', _js(t("Filter the index of codes"))),
        ('shown + " of " + rows.length + " codes"', counted),
        ('"Exact match"', _js(t("Exact match"))),
        ('"Message · "', _js(t("Message") + " · ")),
        ('"Copied"', _js(t("Copied"))),
        ('"Copy link"', _js(t("Copy link"))),
        ('"Copy the permanent link to this code"', _js(t("Copy the permanent link to this code"))),
        ('"Copy code"', _js(t("Copy code"))),
        ('"Copy the code"', _js(t("Copy the code"))),
        ('"aria-label", "Search"', '"aria-label", ' + _js(t("Search"))),
    ]


def script(t: UiText) -> str:
    """errors.js with its words in `t`'s language."""
    js = SCRIPT.read_text(encoding="utf-8")
    for english, localized in script_texts(t):
        if js.count(english) != 1:
            raise RuntimeError(f"errors.js: expected {english} once")  # caught by tests/test_uitext.py
        js = js.replace(english, localized)
    return js


def not_found_context(ctx: BuildContext, overview_url: str, text: UiText) -> dict:
    """What the 404 page (theme/404.html) is given as `error_catalog`: the permalink
    prefixes it recognises, the overview's URL and its words. Did-you-mean data (each
    code with its section's path) is a file the page fetches: links are built only
    from it, never from the address."""
    return {"prefixes": permalinks.prefixes(ctx.catalog, ctx.base), "service": ctx.catalog.service,
            "overview": overview_url, "codes": suggestions.CODES, "t": text.markup}

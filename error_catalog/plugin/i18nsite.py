"""Beside mkdocs-static-i18n (the `i18n` plugin): the reference in each language of the site.

That plugin builds the site once per language, the default one at the root and each
other under `<lang>/`, and reorganises the files of `docs_dir` in its `on_files`
(priority -100). It does not handle generated files (ultrabug/mkdocs-static-i18n#263:
it reads `abs_src_path`, None for them), so with it the plugin adds its pages after
it (`on_files` at priority -110) and dresses them as it dresses a page: under the
language's folder, with the attributes its language switcher and page context read
(`alternates`, `locale`, `locale_alternate_of`, `localization`, `norm_src_uri`).
After the last language, it writes the search index anew: the plugin's rewrite of it
(outputs/search.py) runs again then (`index_rebuilt`).

mkdocs-static-i18n documents none of this as API; tests/test_static_i18n.py builds
a site with it and fails if any of it changes.
"""
from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File


def plugin(config: MkDocsConfig) -> Any | None:
    """The site's mkdocs-static-i18n plugin, when it runs one."""
    i18n = config.plugins.get("i18n")
    return i18n if i18n is not None and hasattr(i18n, "current_language") else None


def language(i18n: Any) -> str:
    """The language being built (None before its first on_config: the default one)."""
    return i18n.current_language or i18n.default_language


def folder(i18n: Any, lang: str | None = None) -> str:
    """Where a language's pages go: '' for the default language, else '<lang>/'."""
    lang = lang or language(i18n)
    return "" if lang == i18n.default_language else f"{lang}/"


def is_default_build(config: MkDocsConfig) -> bool:
    """Whether this build is the site's only one or its default language's (the one that
    writes the files beside the site: redirects, fallback pages, exports)."""
    i18n = plugin(config)
    return i18n is None or language(i18n) == i18n.default_language


def index_rebuilt(config: MkDocsConfig) -> bool:
    """Whether the i18n plugin has just built every language and written the search index
    anew (the end of the first build: `building` is set only while the others run)."""
    i18n = plugin(config)
    return i18n is not None and not getattr(i18n, "building", True)


def dress(file: File, i18n: Any, config: MkDocsConfig) -> File:
    """A generated page of this language's build, placed and marked as the i18n plugin
    places and marks a page of docs_dir."""
    current = language(i18n)
    file.dest_uri = folder(i18n) + file.dest_uri
    alternates = {}
    for lang in i18n.build_languages:
        if lang == current:
            alternates[lang] = file
            continue
        other = File.generated(config, file.src_uri, content="")
        other.dest_uri = folder(i18n, lang) + other.dest_uri
        alternates[lang] = other
    file.alternates = alternates
    file.locale = current
    file.locale_alternate_of = current
    file.localization = None
    file.norm_src_uri = file.src_uri
    return file


def keep_one_404(config: MkDocsConfig) -> None:
    """Static hosts serve the site's root 404.html: the default language's. Every build
    writes the theme's static templates into the same site folder, so the other
    languages' builds leave 404.html out (the last one would otherwise win)."""
    templates = config.theme.static_templates
    if is_default_build(config):
        templates.add("404.html")
    else:
        templates.discard("404.html")

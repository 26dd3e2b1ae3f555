"""What the plugin adds to a site's theme: its stylesheet and script (copied into
the site) and its theme folder (the 404 page, the palette partial)."""
from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

PACKAGE = Path(__file__).resolve().parent
THEME_DIR = PACKAGE / "theme"  # the 404 page, found before the theme's own
STYLESHEET = PACKAGE / "assets" / "errors.css"
STYLESHEET_URI = "assets/error-catalog/errors.css"
SCRIPT = PACKAGE / "assets" / "errors.js"
SCRIPT_URI = "assets/error-catalog/errors.js"


def add_to_theme(config: MkDocsConfig) -> None:
    """The stylesheet and script in every page; the theme folder after the site's
    own overrides (custom_dir wins), before the theme's."""
    if STYLESHEET_URI not in config.extra_css:
        config.extra_css.append(STYLESHEET_URI)
    if SCRIPT_URI not in [str(s) for s in config.extra_javascript]:
        config.extra_javascript.append(SCRIPT_URI)
    theme_dir = str(THEME_DIR)
    if theme_dir not in config.theme.dirs:
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, theme_dir)


def add_files(files: Files, config: MkDocsConfig) -> None:
    """The stylesheet and script, copied from the package into the site."""
    files.append(File.generated(config, STYLESHEET_URI, abs_src_path=str(STYLESHEET)))
    files.append(File.generated(config, SCRIPT_URI, abs_src_path=str(SCRIPT)))

"""What the plugin adds to a site's theme: its stylesheet and script (copied into
the site) and its theme folder (the 404 page, the palette partial)."""
from __future__ import annotations

from pathlib import Path

import jinja2

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


# -- an engine that runs no plugin (Zensical) ---------------------------------------

# The heading of the theme's own 404 page, which the plugin's 404 content replaces
# (Zensical's templates/404.html; tests/test_zensical.py fails if it changes).
THEME_NOT_FOUND = "<h1>404 - Not found</h1>"


def not_found_content(ec: dict, base: str, site_name: str, repo_url: str) -> str:
    """The `content` block of the plugin's 404 page (theme/404.html, the one source of
    it), rendered as MkDocs renders it: `ec` is what `on_template_context` gives it."""
    env = jinja2.Environment(loader=jinja2.ChoiceLoader([
        jinja2.DictLoader({"main.html": "{% block content %}{% endblock %}"}),
        jinja2.FileSystemLoader(str(THEME_DIR))]))
    return env.get_template("404.html").render(error_catalog=ec, base_url=base,
                                               config={"site_name": site_name, "repo_url": repo_url})


def with_not_found(page: str, content: str) -> str | None:
    """The built 404 page with the theme's heading replaced by `content`; None when
    the page is not the theme's (a site's own 404 page is left to it)."""
    if page.count(THEME_NOT_FOUND) != 1:
        return None
    return page.replace(THEME_NOT_FOUND, content.strip())

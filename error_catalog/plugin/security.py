"""What a site loads from other origins, read from its MkDocs config, for the
opt-in security headers (`security_headers: true`, outputs/headers.py)."""
from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig

from ..core.context import Sources

# Material's default fonts: a stylesheet from Google Fonts, the fonts from gstatic.
GOOGLE_FONTS = ("https://fonts.googleapis.com",), ("https://fonts.gstatic.com",)
# Material's Google Analytics integration (gtag.js and what it reports to).
GOOGLE_ANALYTICS = {
    "script": ("https://www.googletagmanager.com",),
    "connect": ("https://*.google-analytics.com", "https://*.analytics.google.com", "https://*.googletagmanager.com"),
    "img": ("https://*.google-analytics.com", "https://*.googletagmanager.com"),
}


def origins(urls: Iterable[object]) -> tuple[str, ...]:
    """The origins of the absolute URLs among `urls` ('//host/x.js' counts as https)."""
    out = []
    for url in urls:
        parts = urlsplit(str(url))
        if parts.netloc and parts.scheme in ("", "http", "https"):
            out.append(f"{parts.scheme or 'https'}://{parts.netloc}")
    return tuple(dict.fromkeys(out))


def sources(config: MkDocsConfig) -> Sources:
    """What the site's pages load from elsewhere, as the theme and config say."""
    theme = config.theme
    return sources_of(theme.name, theme.get("font"), config.extra, config.extra_javascript, config.extra_css)


def sources_of(theme: str | None, font: object, extra: dict | None, scripts: Iterable[object],
               styles: Iterable[object]) -> Sources:
    """`sources` from the config's values as written (a site built by an engine without plugins)."""
    # Material loads Google Fonts unless `theme.font: false` (its default is Roboto).
    fonts = theme == "material" and font is not False
    analytics = (extra or {}).get("analytics") or {}
    google = isinstance(analytics, dict) and analytics.get("provider") == "google"
    return Sources(
        script=origins(scripts) + (GOOGLE_ANALYTICS["script"] if google else ()),
        style=origins(styles) + (GOOGLE_FONTS[0] if fonts else ()),
        font=GOOGLE_FONTS[1] if fonts else (),
        img=GOOGLE_ANALYTICS["img"] if google else (),
        connect=GOOGLE_ANALYTICS["connect"] if google else (),
    )

"""`_headers`: security and caching headers for the hosts that read the file
(Cloudflare Pages, which ignores netlify.toml, and Netlify), written only when
the site opts in (`security_headers: true`).

The policy is derived from what the site loads (`Sources`, from its config:
Material's Google Fonts, analytics, `extra_javascript`/`extra_css` on other
origins). This repository's netlify.toml carries the same rules for its own
site (tests compare them; where both set a header for a path, Netlify takes
netlify.toml's value, it does not repeat it).
"""
from __future__ import annotations

from pathlib import Path

from ..core.context import BuildContext, Sources
from ..core.files import write_atomic
from .hostformats import HOSTS as HOST_TABLE

FILE = "_headers"
HOSTS = tuple(h.name for h in HOST_TABLE.values() if h.reads_headers)  # the hosts that read `_headers`
# The fewest header rules a host applies (Cloudflare Pages: 100).
MAX_RULES = min(h.limit.headers for h in HOST_TABLE.values() if h.limit and h.limit.headers)

IMMUTABLE = {"Cache-Control": "public, max-age=31536000, immutable"}


def csp(sources: Sources) -> str:
    """The Content-Security-Policy: what Material needs (its inline scripts and
    styles, data: icons, a same-origin search worker) and the site's `sources`."""
    def directive(name: str, own: str, more: tuple[str, ...]) -> str:
        return " ".join([name, own, *sorted(set(more))])
    return "; ".join([
        "default-src 'self'",
        directive("script-src", "'self' 'unsafe-inline'", sources.script),
        directive("style-src", "'self' 'unsafe-inline'", sources.style),
        directive("img-src", "'self' data:", sources.img),
        directive("font-src", "'self' data:", sources.font),
        directive("connect-src", "'self'", sources.connect),
        "worker-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'"])


def policy(sources: Sources) -> tuple[tuple[str, dict[str, str]], ...]:
    """(path pattern under the site root, headers), in the order a host applies them."""
    return (
        ("/*", {"Content-Security-Policy": csp(sources), "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "strict-origin-when-cross-origin", "X-Frame-Options": "DENY",
                "Permissions-Policy": "camera=(), microphone=(), geolocation=()"}),
        # Material's bundles carry a content hash in their names: cached for a year.
        ("/assets/javascripts/bundle.*", IMMUTABLE),
        ("/assets/javascripts/workers/search.*", IMMUTABLE),
        ("/assets/stylesheets/main.*", IMMUTABLE),
        ("/assets/stylesheets/palette.*", IMMUTABLE),
    )


# A site that loads nothing from another origin (system fonts, no analytics): this repository's.
CSP = csp(Sources())
POLICY = policy(Sources())


def headers_text(base: str = "/", sources: Sources = Sources()) -> str:
    """The `_headers` file: each pattern (under the site's base path), its headers indented."""
    rules = policy(sources)
    assert len(rules) <= MAX_RULES
    lines = ["# Security and caching headers of the error reference, generated: do not edit."]
    for pattern, values in rules:
        lines.append(base.rstrip("/") + pattern)
        lines += [f"  {name}: {value}" for name, value in values.items()]
    return "\n".join(lines) + "\n"


def write(ctx: BuildContext, site_dir: Path) -> None:
    """Only when the site asks (`security_headers: true`): the headers apply to the whole
    site, its own pages and scripts included, so nothing is sent that it did not ask for."""
    if ctx.security is not None and any(host in HOSTS for host in ctx.redirect_hosts):
        write_atomic(site_dir / FILE, headers_text(ctx.base, ctx.security), durable=False)

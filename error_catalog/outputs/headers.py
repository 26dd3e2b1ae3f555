"""`_headers`: the site's security and caching headers for the hosts that read the
file (Cloudflare Pages, which ignores netlify.toml, and Netlify).

One policy, here; this repository's netlify.toml carries the same rules
(tests compare them; where both set a header for a path, Netlify takes
netlify.toml's value, it does not repeat it). The CSP allows what Material
for MkDocs needs: its inline scripts and styles, data: icons, a same-origin
search worker; nothing from another origin (the theme uses system fonts).
Material's bundles carry a content hash in their names: cached for a year.
"""
from __future__ import annotations

from pathlib import Path

from ..core.context import BuildContext
from ..core.files import write_atomic
from .hostformats import HOSTS as HOST_TABLE

FILE = "_headers"
HOSTS = tuple(h.name for h in HOST_TABLE.values() if h.reads_headers)  # the hosts that read `_headers`
# The fewest header rules a host applies (Cloudflare Pages: 100).
MAX_RULES = min(h.limit.headers for h in HOST_TABLE.values() if h.limit and h.limit.headers)

CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self'; "
       "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
IMMUTABLE = {"Cache-Control": "public, max-age=31536000, immutable"}

# (path pattern under the site root, headers), in the order a host applies them.
POLICY: tuple[tuple[str, dict[str, str]], ...] = (
    ("/*", {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "strict-origin-when-cross-origin", "X-Frame-Options": "DENY",
            "Permissions-Policy": "camera=(), microphone=(), geolocation=()"}),
    ("/assets/javascripts/bundle.*", IMMUTABLE),
    ("/assets/javascripts/workers/search.*", IMMUTABLE),
    ("/assets/stylesheets/main.*", IMMUTABLE),
    ("/assets/stylesheets/palette.*", IMMUTABLE),
)


def headers_text(base: str = "/") -> str:
    """The `_headers` file: each pattern (under the site's base path), its headers indented."""
    assert len(POLICY) <= MAX_RULES
    lines = ["# Security and caching headers of the error reference, generated: do not edit."]
    for pattern, values in POLICY:
        lines.append(base.rstrip("/") + pattern)
        lines += [f"  {name}: {value}" for name, value in values.items()]
    return "\n".join(lines) + "\n"


def write(ctx: BuildContext, site_dir: Path) -> None:
    if any(host in HOSTS for host in ctx.redirect_hosts):
        write_atomic(site_dir / FILE, headers_text(ctx.base), durable=False)

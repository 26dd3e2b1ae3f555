"""`error-catalog init DIR [--service NAME]`: start the error reference of a new service.

Writes a complete small site into DIR (new or empty): `mkdocs.yml` using the
error-catalog plugin, a catalog with four entries in two categories and its
permalink lock, `docs/index.md`, `netlify.toml`, `requirements.txt` (the tool
as it is installed here, see cli/requirement.py), `.gitignore` and a README.
The catalog is checked before anything is written (loaded like a build loads
it); each file is written atomically. The guide of
this tool is not part of it: it documents this repository, not the new site.
"""
from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

from ..core import lock
from ..core.files import write_atomic
from ..core.loader import load_catalog
from ..core.problems import Failure
from ..render.safe_markdown import md_plain
from . import init_zensical, requirement


def register(sub) -> None:
    p = sub.add_parser("init", help="write a new error reference site (mkdocs.yml, catalog/, docs/) into DIR")
    p.add_argument("dir", help="a new or empty folder")
    p.add_argument("--service", help="the service's name (default: from the folder's name)")
    p.add_argument("--requirement", metavar="SPEC",
                   help="what requirements.txt installs the tool from, e.g. 'error-catalog==0.1.0' "
                        "(default: as this copy was installed; a local one is copied into vendor/)")
    p.set_defaults(run=run)
    init_zensical.add_option(p)


def run(args) -> int:
    target = Path(args.dir)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise Failure([f"{target}: not an empty folder; init writes only into a new or empty one"],
                      "Nothing was written")
    service = " ".join((args.service if args.service is not None else _name_from(target)).split())
    if not service:
        raise Failure(["--service: the service needs a name (letters, digits, spaces)"], "Nothing was written")
    line, extra = (args.requirement, {}) if args.requirement else requirement.requirement()
    if not line.strip() or "\n" in line:
        raise Failure(["--requirement: one requirement, on one line"], "Nothing was written")
    files: dict[str, str | bytes] = {**scaffold(service, line.strip()), **extra}
    # The catalog is loaded from a scratch copy first: a name that makes it invalid
    # (too long, say) is reported with every problem and nothing is written to DIR.
    with tempfile.TemporaryDirectory() as scratch:
        for rel, text in files.items():
            if rel.startswith("catalog/"):
                write_atomic(Path(scratch) / rel, text)
        catalog = load_catalog(Path(scratch) / "catalog")
        files["catalog/" + lock.LOCK_FILE] = lock.render(lock.current(catalog))
    files = init_zensical.for_engine(args.engine, files, service)  # the files that differ per engine
    build = init_zensical.BUILD if args.engine == "zensical" else "mkdocs build --strict"
    for rel, text in sorted(files.items()):
        write_atomic(target / rel, text)
    print(f"{target}: the {service} error reference, {len(catalog.entries)} entries in "
          f"{len(catalog.categories)} categories. Next:\n"
          f"  cd {target}\n  python3 -m pip install -r requirements.txt && {build}\n"
          f"  error-catalog check catalog")
    return 0


def _name_from(folder: Path) -> str:
    words = re.split(r"[-_.\s]+", folder.resolve().name)
    return " ".join(w[:1].upper() + w[1:] for w in words if w) or "My service"


def _yaml(text: str) -> str:
    # JSON strings are valid YAML scalars: quoted, escaped, one line.
    return json.dumps(text, ensure_ascii=False)


def scaffold(service: str, requirement_line: str = requirement.NAME) -> dict[str, str]:
    """Site-relative path -> text of every file of a new site for `service`, whose
    requirements.txt installs the tool with `requirement_line`."""
    s = _yaml(service)
    return {
        "mkdocs.yml": MKDOCS_YML.replace("{service}", s),
        "catalog/catalog.yaml": CATALOG_YAML.replace("{service}", s),
        "catalog/errors/auth.yaml": AUTH_YAML,
        "catalog/errors/payments.yaml": PAYMENTS_YAML,
        "docs/index.md": INDEX_MD.replace("{service}", str(md_plain(service))),
        "netlify.toml": NETLIFY_TOML,
        "requirements.txt": REQUIREMENTS + requirement_line + "\n",
        ".gitignore": "/site/\n/.venv/\n__pycache__/\n",
        "README.md": README_MD.replace("{service}", service),
    }


MKDOCS_YML = """\
# The error reference of {service}: pages, permalinks and exports come from
# catalog/ through the error-catalog plugin.
site_name: {service}
# Set the public URL before deploying; a site served under a path
# (https://<user>.github.io/<repo>/) needs it for its permalinks and 404 page.
# site_url: https://errors.example.com/

theme:
  name: material
  # System fonts: no request to Google Fonts (privacy, strict CSP, offline use).
  font: false
  features:
    - navigation.sections
    - navigation.indexes
    - search.highlight
    - content.code.copy
    # Code blocks get their buttons when they come into view, not all on load
    # (each one costs the phone a layout: a category page holds many examples).
    - content.lazy

plugins:
  - search:
      # Codes are found whole and by their parts (`token/expired`: `token`, `expired`);
      # `_` joins, so an exact `VALIDATION_ERROR` finds its own section first (the
      # plugin adds each section's code parts for `validation`).
      separator: '[\\s\\-/.,:;!?=\\[\\]()"]+'
  - error-catalog:
      catalog: catalog
      site_name_from_catalog: true
      # Not set, every permalink lands on any static host: Netlify's _redirects and a
      # fallback page per path. Naming your host writes its rules instead:
      # redirects: [cloudflare]   (or netlify, gitlab, nginx, vercel; [] for GitHub Pages, S3)
      # _headers with a Content-Security-Policy fitted to this config (system fonts).
      security_headers: true

markdown_extensions:
  - attr_list
  - md_in_html
  - admonition
  - tables
  - toc:
      permalink: true
  # Highlighted code blocks (the plugin's example responses are highlighted either way).
  - pymdownx.highlight:
      anchor_linenums: false
  - pymdownx.superfences
  - pymdownx.details
"""

CATALOG_YAML = """\
# The catalog: one source for the reference pages, permalinks and errors.json.
service: {service}
envelope: problem
locales: [en]
permalinks:
  errors_path: /errors/
categories:
  - id: auth
    title: Authentication
    summary: Who is calling, and whether they may.
    numbers: 1000-1999
  - id: payments
    title: Payments
    summary: Charges the payment network refused or could not take.
    numbers: 2000-2999
"""

AUTH_YAML = """\
- code: token/expired
  category: auth
  number: 1001
  title: Access token expired
  status: 401
  retryable: true
  message: The access token has expired.
  cause: Access tokens are valid for one hour; this one is older.
  recovery: Get a new access token with the refresh token, then repeat the request.
- code: auth/forbidden
  category: auth
  number: 1002
  title: Not allowed for this key
  status: 403
  message: This API key may not perform this action.
  cause: The key's scopes do not include the action.
  recovery: Use a key with the needed scope, or ask an administrator to grant it.
"""

PAYMENTS_YAML = """\
- code: payment/declined
  category: payments
  number: 2001
  title: Payment declined
  status: 402
  message: The payment was declined.
  cause: The card issuer refused the charge.
  recovery: Ask the customer for another payment method.
- code: payment/duplicate
  category: payments
  number: 2002
  title: Duplicate payment
  status: 409
  message: A payment with this idempotency key already exists.
  cause: The request repeats an earlier one with the same idempotency key.
  recovery: Read the earlier payment instead of creating a new one.
"""

INDEX_MD = """\
# {service}

Every error the API returns is documented in the [error reference](reference/index.md):
what causes it and how to recover. Each code has a permanent link, `/errors/<code>`.
"""

NETLIFY_TOML = """\
# Netlify: build the site and publish it with its _redirects (written into site/).
[build]
  command = "python -m pip install --quiet -r requirements.txt && mkdocs build --strict"
  publish = "site"

[build.environment]
  PYTHON_VERSION = "3.12"
  NO_MKDOCS_2_WARNING = "1"
"""

REQUIREMENTS = """\
# The error-catalog plugin (it brings MkDocs, Material and mkdocs-macros), as
# `error-catalog init` found it installed. Once the tool is on your package index,
# name it instead: error-catalog==<version>.
"""

README_MD = """\
# {service} error reference

The catalog of every error code is in `catalog/` (`catalog.yaml`, `errors/*.yaml`);
the site is built from it by the `error-catalog` MkDocs plugin (`mkdocs.yml`).

Install the tool and build the site into `site/` (Netlify runs the same, see
`netlify.toml`; use a virtual environment: `python3 -m venv .venv && . .venv/bin/activate`):

    python3 -m pip install -r requirements.txt && mkdocs build --strict

Check the catalog (every problem at once, and every published permalink still lands):

    error-catalog check catalog

When codes are published, keep their links alive: `error-catalog lock catalog`
updates `catalog/permalinks.lock`, and the build fails if a locked link stops landing.
"""

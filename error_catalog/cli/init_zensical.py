"""`error-catalog init DIR --engine zensical`: the new site of `init`, built by Zensical.

The same mkdocs.yml (Zensical reads it and ignores the `error-catalog` entry,
which the `pages` and `outputs` commands read), with the stylesheet and script
the plugin would add, and a build in three steps: `error-catalog pages`,
`zensical build`, `error-catalog outputs`.
"""
from __future__ import annotations

import html
import json

BUILD = "error-catalog pages --out docs/reference && zensical build --strict && error-catalog outputs site"

HEADER = """\
# The error reference of {service}, built by Zensical: `error-catalog pages` writes
# the reference pages from catalog/ into docs/reference/, `zensical build` builds
# the site, `error-catalog outputs site` writes the permalinks' redirects, fallback
# pages and exports beside it. Zensical ignores the error-catalog entry under
# plugins; those two commands read it (and MkDocs runs it as a plugin).
"""

ASSETS = """
# The reference's stylesheet and script (`error-catalog outputs` copies them into site/).
extra_css:
  - assets/error-catalog/errors.css
extra_javascript:
  - assets/error-catalog/errors.js
"""

README_MD = """\
# {service} error reference

The catalog of every error code is in `catalog/` (`catalog.yaml`, `errors/*.yaml`);
the site is built from it by Zensical, with the `error-catalog` commands before
and after the build (options: the `error-catalog` entry of `mkdocs.yml`).

Install the tool and Zensical, and build the site into `site/` (Netlify runs the
same, see `netlify.toml`; use a virtual environment: `python3 -m venv .venv && . .venv/bin/activate`):

    python3 -m pip install -r requirements.txt
    error-catalog pages --out docs/reference && zensical build --strict && error-catalog outputs site

Check the catalog (every problem at once, and every published permalink still lands):

    error-catalog check catalog

`docs/reference/` is generated (and ignored by git): `error-catalog pages` rewrites
it and removes only the files it wrote there.

When codes are published, keep their links alive: `error-catalog lock catalog`
updates `catalog/permalinks.lock`, and the build fails if a locked link stops landing.
"""


ENGINES = ("mkdocs", "zensical")


def add_option(p) -> None:
    p.add_argument("--engine", choices=ENGINES, default="mkdocs",
                   help="the engine that builds the site: mkdocs (the plugin runs in the build) or zensical "
                        "(error-catalog pages before the build, error-catalog outputs after it)")


def for_engine(engine: str, files: dict, service: str) -> dict:
    """`init`'s files for a site built by `engine` (MkDocs: as they are)."""
    if engine != "zensical":
        return files
    return {**files, **zensical_files(service, files)}


def zensical_files(service: str, mkdocs_files: dict[str, str]) -> dict[str, str]:
    """The files of the Zensical site that differ from the MkDocs site's `mkdocs_files`."""
    yml = mkdocs_files["mkdocs.yml"]
    settings = yml[yml.index("site_name:"):].split("\n", 1)[1]
    # Zensical prints site_name into <title> as HTML, unescaped (0.0.73): escaped
    # here, so a name is never markup (the plugin does the same under MkDocs).
    site_name = "site_name: " + json.dumps(html.escape(f"{service} error reference"), ensure_ascii=False)
    return {
        "mkdocs.yml": HEADER.replace("{service}", service) + site_name + "\n" + settings + ASSETS,
        # The page's title in front matter, escaped: Zensical prints a page's first heading
        # into <title> as HTML, unescaped (0.0.73), and front matter as written.
        "docs/index.md": f"---\ntitle: {json.dumps(html.escape(service), ensure_ascii=False)}\n---\n\n"
                         + mkdocs_files["docs/index.md"],
        # The MkDocs site's, with the three steps for its build and Zensical installed too.
        "netlify.toml": mkdocs_files["netlify.toml"].replace("mkdocs build --strict", BUILD),
        "requirements.txt": mkdocs_files["requirements.txt"] + "# Zensical builds the site.\nzensical>=0.0.73\n",
        ".gitignore": mkdocs_files[".gitignore"] + "/docs/reference/\n",
        "README.md": README_MD.replace("{service}", service),
    }

"""The guide cannot drift from the tool: its recipes run, its links stay inside.

A recipe is a shell block a team runs, marked by a `<!-- recipe -->` line right
before its ```sh (or ```bash) fence. Each page's recipes run in order as one bash
script (`set -euo pipefail`) in a new empty folder, with this environment's
`error-catalog` and `mkdocs` on PATH: a page's first recipe starts from nothing,
later ones continue where it left off (as Rust runs the examples of its docs). No
network: pip may use no index and every proxy leads nowhere.

Links: a page of the site links only to pages and files of the site (docs/), and
README.md and CONTRIBUTING.md only to files of the repository; web URLs are fine.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT

from error_catalog.outputs import export

DOCS = ROOT / "docs"
MARK = "<!-- recipe -->"
_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<lang>[\w+-]*)")
_SHELLS = {"sh", "bash", "shell", "console"}


@dataclass(frozen=True)
class Recipe:
    page: Path
    line: int  # of the fence
    script: str


def recipes(page: Path) -> list[Recipe]:
    """The marked blocks of `page`, in order; a marker not followed by a shell fence fails."""
    lines = page.read_text(encoding="utf-8").splitlines()
    out = []
    for i, text in enumerate(lines):
        if text.strip() != MARK:
            continue
        m = _FENCE.match(lines[i + 1]) if i + 1 < len(lines) else None
        where = f"{page.relative_to(ROOT)}:{i + 1}"
        assert m and m.group("lang") in _SHELLS, f"{where}: {MARK} must come right before a ```sh block"
        indent, fence = m.group("indent"), m.group("fence")
        body = []
        for j in range(i + 2, len(lines)):
            if lines[j].strip().startswith(fence) and not lines[j].strip().strip(fence[0]):
                break
            body.append(lines[j][len(indent):] if lines[j].startswith(indent) else lines[j])
        else:
            raise AssertionError(f"{where}: the recipe's block never closes")
        out.append(Recipe(page, i + 2, "\n".join(body)))
    return out


def guide_pages() -> list[Path]:
    return sorted([*DOCS.rglob("*.md"), ROOT / "README.md"])


PAGES = [p for p in guide_pages() if MARK in p.read_text(encoding="utf-8")]


def test_the_guide_has_recipes():
    """The test below must not pass by finding nothing."""
    assert sum(len(recipes(p)) for p in PAGES) >= 10, [str(p) for p in PAGES]


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_every_recipe_of_the_page_runs(page, tmp_path):
    steps = recipes(page)
    script = ["set -euo pipefail"]
    for r in steps:
        script += [f"echo '>>> {r.page.relative_to(ROOT)}:{r.line}' >&2", r.script]
    work = tmp_path / "work"
    work.mkdir()
    bindir = str(Path(sys.executable).parent)
    env = {k: v for k, v in os.environ.items() if k not in ("CATALOG_DIR", "REDIRECTS_FOR", "FALLBACK_PAGES",
                                                            "PAGE_SIZE", "SITE_URL", "PYTHONPATH")}
    env.update(PATH=f"{bindir}{os.pathsep}{env.get('PATH', '')}", NO_MKDOCS_2_WARNING="1", PIP_NO_INDEX="1",
               HTTP_PROXY="http://127.0.0.1:9", HTTPS_PROXY="http://127.0.0.1:9",
               http_proxy="http://127.0.0.1:9", https_proxy="http://127.0.0.1:9", GIT_TERMINAL_PROMPT="0",
               GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@t")
    proc = subprocess.run(["bash", "-c", "\n".join(script)], cwd=work, env=env, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, (f"a recipe of {page.relative_to(ROOT)} failed (exit {proc.returncode}):\n"
                                  f"{proc.stderr[-4000:]}\n{proc.stdout[-2000:]}")


# -- links -----------------------------------------------------------------------

_LINK = re.compile(r"""\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)|\bhref="([^"]+)"|^\[[^\]]+\]:\s*(\S+)""", re.M)
_CODE = re.compile(r"^([ \t]*)(`{3,}|~{3,}).*?^\1\2[ \t]*$|`[^`\n]+`", re.S | re.M)


# Files the build writes into the site beside the pages (not in docs/).
PUBLISHED = {export.FILE, export.SCHEMA_FILE}


def links(page: Path) -> list[str]:
    text = _CODE.sub("", page.read_text(encoding="utf-8"))  # code shows paths; it does not link
    return [next(g for g in m.groups() if g) for m in _LINK.finditer(text)]


@pytest.mark.parametrize("page", [*sorted(DOCS.rglob("*.md")), ROOT / "README.md", ROOT / "CONTRIBUTING.md"],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_no_link_leads_outside(page):
    inside = DOCS if page.is_relative_to(DOCS) else ROOT
    bad = []
    for target in links(page):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith(("#", "{{")):
            continue  # a URL, an anchor of the page, or a macro's value
        path = target.split("#", 1)[0].split("?", 1)[0]
        if not path or (inside == DOCS and path in PUBLISHED):
            continue
        resolved = (page.parent / path).resolve()
        if not resolved.is_relative_to(inside.resolve()) or not resolved.exists():
            bad.append(target)
    assert not bad, f"{page.relative_to(ROOT)} links outside {inside.relative_to(ROOT) or '.'}: {bad}"

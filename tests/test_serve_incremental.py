"""What `mkdocs serve` keeps between rebuilds (parsed entry files, rendered entry
sections, converted category pages, PO files, compiled templates) never shows a stale page: after a series
of edits, the served site is byte for byte the site a new serve session builds
from the last version."""
from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from permalink_servers import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import synth  # noqa: E402

pytestmark = pytest.mark.slow

STEPS = ROOT / "tests" / "serve_steps.py"


def _edit(folder: Path, rel: str, pattern: str, repl: str) -> None:
    path = folder / rel
    text, n = re.subn(pattern, repl, path.read_text(encoding="utf-8"), count=1)
    assert n == 1, (rel, pattern)
    path.write_text(text, encoding="utf-8")


def _version(prev: Path, name: str) -> Path:
    out = prev.parent / name
    shutil.copytree(prev, out)
    return out


def _files(site: Path) -> dict[str, bytes]:
    """Every file but fallback pages: a serve session writes them in its first build only
    (before on_serve; later its dev server answers permalinks), a fresh session always."""
    out = {}
    for p in sorted(site.rglob("*")):
        if p.is_file():
            data = p.read_bytes()
            if p.name == "index.html" and b' data-own="' in data[:300]:
                continue
            # The gzip header holds the time it was written; the sitemap inside must match.
            out[str(p.relative_to(site))] = gzip.decompress(data) if p.suffix == ".gz" else data
    return out


def _serve(site: Path, live: Path, *steps: str) -> None:
    proc = subprocess.run([sys.executable, str(STEPS), str(site), str(live), *steps], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]


def test_served_site_after_each_edit_equals_a_fresh_one(tmp_path):
    v0 = tmp_path / "v0"
    synth.write_catalog(v0, 120)  # 12 per category; pages of 5 split every category
    steps = [(v0, 5, "the first build")]

    def step(what: str, rel: str, pattern: str, repl: str, page_size: int = 5) -> None:
        v = _version(steps[-1][0], f"v{len(steps)}")
        _edit(v, rel, pattern, repl)
        steps.append((v, page_size, what))

    step("an entry's cause: that section only", "errors/resources.yaml", r"(\n  cause: The )", r"\1edited ")
    step("an entry's message: its translations turn stale", "errors/auth.yaml", r"(\n  message: The )",
         r"\1renamed ")
    step("an entry's title: its heading, so its page is converted again", "errors/resources.yaml",
         r"(\n  title: )", r"\1Retitled ")
    step("a translation: only a PO file changes", "locales/de.po",
         r'(msgctxt "AUTH_COMMENT_MALFORMED_1"\nmsgid "[^"]*"\nmsgstr ")', r"\1Neu: ")
    steps.append((steps[-1][0], 7, "another page size: every page path changes"))
    step("a successor in another category", "errors/rate-limits.yaml",
         r"(\n  replaced_by: )rate-limits/webhook-expired-36", r"\1auth/role-timeout-0", 7)
    step("that successor moves to another page; its predecessor's file is unchanged",
         "errors/auth.yaml", r"(\n  number: )10000\n", r"\g<1>10050\n", 7)
    step("the catalog's settings: every section", "catalog.yaml", r"(?m)^(service: )", r"\1Renamed ", 7)

    served = tmp_path / "served"
    # The same live folder name on both sides: pages may name the catalog's folder.
    _serve(served, tmp_path / "a" / "catalog", *(f"{p}:{n}" for p, n, _ in steps))
    for n, (version, page_size, what) in enumerate(steps, 1):
        fresh = tmp_path / f"fresh{n}"
        _serve(fresh, tmp_path / f"b{n}" / "catalog", f"{version}:{page_size}")
        a, b = _files(Path(f"{served}.{n}")), _files(Path(f"{fresh}.1"))
        assert sorted(a) == sorted(b), f"step {n}: {what}"
        differ = [name for name in a if a[name] != b[name]]
        assert not differ, (f"step {n}: {what}", differ[:10])
    html = b"".join(data for name, data in a.items() if name.endswith(".html"))
    assert b"The edited " in html and b"The renamed " in html and b"Neu: " in html and b"Renamed " in html
    assert b"Retitled " in html


_TWO_REBUILDS = """
import logging, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
from error_catalog.plugin import rendered

warnings, kept = [], []
logging.getLogger("mkdocs").addHandler(type("H", (logging.Handler,), {
    "emit": lambda self, r: warnings.append(r.getMessage()) if r.levelno >= logging.WARNING else None})())
markdown_for = rendered.RenderedPages.markdown_for
def only_title(self, page, markdown, config):  # a page not converted again gets only its title line
    out = markdown_for(self, page, markdown, config)
    kept.append(page.file.src_uri) if out != markdown else None
    return out
rendered.RenderedPages.markdown_for = only_title
for n in (1, 2):
    config = load_config(config_file="mkdocs.yml", site_dir=sys.argv[1])
    if n == 1:
        config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url="http://127.0.0.1:8000/")
    print(f"build {n}: kept {sorted(kept)}; warnings {warnings}")
    kept.clear(); warnings.clear()
"""


def test_pages_not_converted_again_keep_their_anchors_for_link_checks(tmp_path):
    """A category page put back from the last rebuild still has its headings' anchors
    and its table of contents: MkDocs' anchor check of a team page's links answers
    as in the first build, and the page is the same."""
    site = tmp_path / "team"
    (site / "docs").mkdir(parents=True)
    (site / "docs" / "index.md").write_text(
        "# Team docs\n\n[kept](reference/auth.md#token-expired) [lost](reference/auth.md#no-such-code)\n",
        encoding="utf-8")
    (site / "mkdocs.yml").write_text(
        "site_name: Team docs\ntheme: {name: material, font: false}\n"
        f"plugins: [search, {{error-catalog: {{catalog: '{ROOT / 'catalog'}'}}}}]\n"
        "markdown_extensions: [attr_list, md_in_html, {toc: {permalink: true}}]\n"
        "validation: {anchors: warn}\n", encoding="utf-8")
    out = tmp_path / "out"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", _TWO_REBUILDS, str(out)], cwd=site, capture_output=True,
                          text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    first, second = proc.stdout.strip().splitlines()[-2:]
    assert "kept []" in first and "reference/auth.md" in second, proc.stdout
    for line in (first, second):
        assert "'#no-such-code'" in line and "'#token-expired'" not in line, line
    page = (out / "reference" / "auth" / "index.html").read_text(encoding="utf-8")
    assert 'id="token-expired"' in page and 'href="#token-expired"' in page

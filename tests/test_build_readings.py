"""One build computes each permalink map and reads each PO file once, and a `mkdocs serve`
rebuild with no catalog edit computes and reads neither again: the readings are made
above the core (`context.Readings`, kept by the plugin's session), not kept on the catalog."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import synth  # noqa: E402

pytestmark = pytest.mark.slow

# In a child process: MkDocs keeps plugin instances that have on_startup for the whole process.
_COUNTED_BUILDS = """
import collections, dataclasses, functools, json, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
from error_catalog.core import locales, permalinks, poread, translationstate

maps, reads = collections.Counter(), collections.Counter()
real_map, real_po = permalinks.permalink_map, poread.read_po
permalinks.permalink_map = lambda catalog, base="/": maps.update([base]) or real_map(catalog, base)
counting = lambda path, *a, **k: reads.update([path.name]) or real_po(path, *a, **k)
locales.read_po = translationstate.read_po = counting
command, out, builds = sys.argv[1], sys.argv[2], int(sys.argv[3])
for n in range(1, builds + 1):
    config = load_config(config_file="mkdocs.yml", site_dir=out)
    if n == 1:
        config.plugins.on_startup(command=command, dirty=False)
    build(config, serve_url="http://127.0.0.1:8000/docs/" if command == "serve" else None)
    catalog = config.plugins["error-catalog"].catalog
    own = {f.name for f in dataclasses.fields(catalog)} | {
        n for n, v in vars(type(catalog)).items() if isinstance(v, functools.cached_property)}
    print(json.dumps({"maps": maps, "reads": reads, "set on the catalog": sorted(vars(catalog).keys() - own)}))
"""


@pytest.fixture(scope="module")
def team_site(tmp_path_factory) -> Path:
    """A site served under /docs/ (two bases: the site's and the site folder's) with
    1,000 codes, six locales, and hosts that leave some paths to fallback pages."""
    site = tmp_path_factory.mktemp("readings")
    synth.write_catalog(site / "catalog", 1000)
    (site / "docs").mkdir()
    (site / "docs" / "index.md").write_text("# Team docs\n", encoding="utf-8")
    (site / "mkdocs.yml").write_text(
        "site_name: Team docs\nsite_url: https://example.com/docs/\ntheme: {name: material, font: false}\n"
        "plugins: [search, {error-catalog: {catalog: catalog, redirects: [netlify], fallback_pages: auto}}]\n",
        encoding="utf-8")
    return site


def _counts(site: Path, command: str, builds: int) -> list[dict]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", _COUNTED_BUILDS, command, str(site / f"out-{command}"), str(builds)],
                          cwd=site,
                          capture_output=True, text=True, timeout=600, env=env)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return [json.loads(line) for line in proc.stdout.strip().splitlines()[-builds:]]


ONCE = {f"{loc}.po": 1 for loc in synth.LOCALES[1:]}


def test_a_build_computes_each_map_and_reads_each_po_file_once(team_site):
    [counted] = _counts(team_site, "build", 1)
    assert counted == {"maps": {"/": 1, "/docs/": 1}, "reads": ONCE, "set on the catalog": []}


def test_a_serve_rebuild_with_no_edit_computes_and_reads_nothing_again(team_site):
    first, second = _counts(team_site, "serve", 2)
    assert first == {"maps": {"/": 1, "/docs/": 1}, "reads": ONCE, "set on the catalog": []}
    assert second == first

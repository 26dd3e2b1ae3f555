"""Same catalog, same bytes: two builds give identical files, and neither the
order files were created in nor the order keys were written changes the output.
"""
from __future__ import annotations

import gzip
import random
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, run_build
from error_catalog.core import locales, permalinks
from error_catalog.core.loader import load_catalog
from error_catalog.render.renderer import Renderer
from error_catalog.render.sections import for_catalog

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"

_LASTMOD = re.compile(rb"<lastmod>[^<]*</lastmod>")
# Files MkDocs itself stamps with the build date; compared without the stamp.
STAMPED = {
    "sitemap.xml": lambda b: _LASTMOD.sub(b"", b),
    "sitemap.xml.gz": lambda b: _LASTMOD.sub(b"", gzip.decompress(b)),
}


def differences(a: Path, b: Path) -> list[str]:
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    out = [f"only in one build: {f}" for f in sorted(files_a ^ files_b)]
    for rel in sorted(files_a & files_b):
        x, y = (a / rel).read_bytes(), (b / rel).read_bytes()
        norm = STAMPED.get(Path(rel).name)
        if norm:
            x, y = norm(x), norm(y)
        if x != y:
            out.append(f"differs: {rel}")
    return out


@pytest.mark.slow
@pytest.mark.parametrize("catalog", [ROOT / "catalog", HOSTILE], ids=["catalog", "hostile"])
def test_two_builds_are_byte_identical(catalog, build, tmp_path):
    first = build(catalog)
    second = tmp_path / "site"
    run_build(catalog, second)  # another process: another hash seed, another time
    assert differences(first, second) == []
    assert len(list(first.rglob("*.html"))) >= 4


def test_stamped_files_are_only_compared_without_their_stamp(tmp_path):
    """The exception list cannot hide a real difference."""
    a, b = tmp_path / "a", tmp_path / "b"
    for d, day, page in ((a, b"2026-01-01", b"x"), (b, b"2026-01-02", b"y")):
        d.mkdir()
        (d / "sitemap.xml").write_bytes(b"<url><lastmod>" + day + b"</lastmod></url>")
        (d / "index.html").write_bytes(page)
    assert differences(a, b) == ["differs: index.html"]


def _rendered(catalog_dir: Path) -> dict[str, str]:
    """Everything the renderer makes of a catalog, plus its permalink map."""
    c = load_catalog(catalog_dir)
    r = Renderer(c, for_catalog(c, locales.load(c)))
    out = {f"page {cat.id}": r.category_page(cat) for cat in c.categories}
    out["az"] = str(r.az_index())
    out["categories"] = str(r.categories_table())
    out["statuses"] = str(r.status_table())
    out["permalinks"] = repr([(p, e.code) for p, e in permalinks.permalink_map(c).items()])
    out["entries"] = repr([replace(e, file="", line=0) for e in c.entries])
    return out


def _copy(src: Path, dst: Path, order: list[Path], transform=None) -> None:
    """Copy a catalog, creating its error files in `order` (directory order follows creation)."""
    shutil.copytree(src, dst, ignore=lambda folder, names: names if Path(folder).name == "errors" else [])
    for p in order:
        text = p.read_text(encoding="utf-8")
        (dst / "errors" / p.name).write_text(transform(text) if transform else text, encoding="utf-8")


def _shuffle_keys(text: str, rng: random.Random) -> str:
    """The same entries with each entry's keys written in another order."""
    entries = yaml.safe_load(text)
    shuffled = []
    for e in entries:
        keys = list(e)
        rng.shuffle(keys)
        shuffled.append({k: e[k] for k in keys})
    return yaml.safe_dump(shuffled, sort_keys=False, allow_unicode=True)


@pytest.mark.parametrize("catalog", [ROOT / "catalog", HOSTILE], ids=["catalog", "hostile"])
def test_output_ignores_file_and_key_order(catalog, tmp_path):
    files = sorted((catalog / "errors").glob("*.yaml"))
    rng = random.Random(8)
    reference = _rendered(catalog)
    for n in range(3):
        order = files[:]
        rng.shuffle(order)
        if n == 0:
            order.reverse()
        dst = tmp_path / f"copy{n}"
        _copy(catalog, dst, order, transform=(lambda t: _shuffle_keys(t, rng)) if n else None)
        assert _rendered(dst) == reference

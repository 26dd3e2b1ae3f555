"""What the plugin keeps between builds: the one holder of reused readings.

The core keeps nothing: `loader.load_catalog` and `locales.load` are functions
of the files. MkDocs keeps the plugin instance for a whole `mkdocs serve`
session (the plugin has `on_startup`), and with it one `Session`, so a rebuild
after an edit reads again only what the edit changed.

The rule for what is stale: a reading is reused only while the files it was
made from are unchanged, by their stamp: path, size, modification and change
time (the change time moves even when an edit puts the old mtime back).

- the catalog, and its `Readings` (translations, permalink maps): every file
  under the catalog folder (its fingerprint), PO files included;
- a parsed entry file: that file. The loader hands over the text it has just
  read, so the text itself is compared, which is the stamp's rule made exact;
- a PO file: that file.

Whether parsed data conforms to a schema is kept with the parsed data it was
asked of (by identity), so it goes stale with it. Texts derived from prose (the
search documents' rendered cause and recovery) are kept by the text they were
made from, which never goes stale. Each store is bounded.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..core import locales
from ..core.context import Readings
from ..core.loader import load_catalog
from ..core.model import Catalog
from ..core.problems import Problem
from ..core.schemaerrors import conforming
from ..core.yamlsource import Document, load_document


def stamp(path: str | os.PathLike, st: os.stat_result) -> tuple:
    """What says a file changed: path, size, modification and change time."""
    return (str(path), st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def fingerprint(root: Path) -> tuple:
    """The stamps of every file under `root`: cheap, and changes on any edit."""
    return tuple(stamp(p, p.stat()) for p in sorted(root.rglob("*")) if p.is_file())


class Session:
    """Readings of one catalog folder, reused under the rule of the module docstring."""

    MAX_FILES = 4096  # parsed entry files and conformance answers kept
    MAX_PO = 64
    MAX_KEPT = 65536  # rendered prose (two texts per entry)

    def __init__(self) -> None:
        self._catalog: tuple[str, tuple, Catalog] | None = None  # (folder, fingerprint, catalog)
        self._readings: Readings | None = None  # of the last catalog asked about
        self._parsed: dict[str, tuple[str, Document, list[Problem]]] = {}  # file -> (text, ...)
        self._conforming: dict[int, tuple[Any, str, bool]] = {}  # id(data) -> (data, schema, answer)
        self._po: dict[tuple, locales.PoReading] = {}  # (stamp, locale, root) -> read_po's answer
        self._kept: dict[tuple, Any] = {}  # (use, source text) -> what was derived from it

    def kept(self) -> dict[tuple, Any]:
        """The store of derived texts a build hands down (`BuildContext.kept`)."""
        if len(self._kept) >= self.MAX_KEPT:
            self._kept.clear()
        return self._kept

    def catalog(self, root: str | os.PathLike) -> Catalog:
        """`load_catalog(root)`, the same `Catalog` while no file of the folder changed."""
        folder = Path(root).resolve()
        fp = fingerprint(folder) if folder.is_dir() else ()
        if self._catalog is not None and self._catalog[:2] == (str(folder), fp):
            return self._catalog[2]
        catalog = load_catalog(_display(folder), parse=self._parse, conforms=self._conforms)
        self._catalog = (str(folder), fp, catalog)
        return catalog

    def readings(self, catalog: Catalog) -> Readings:
        """The translations and permalink maps of `catalog`, the same while it is the same
        reading; PO files are read again only when they changed since they were read."""
        if self._readings is None or self._readings.catalog is not catalog:
            self._readings = Readings(catalog, read=self._read_po)
        return self._readings

    def translations(self, catalog: Catalog) -> locales.Translations:
        """`locales.load(catalog)`, as `readings` keeps it."""
        return self.readings(catalog).translations

    # -- what the core is handed --------------------------------------------------

    def _parse(self, text: str, file: str) -> tuple[Document, list[Problem]]:
        hit = self._parsed.get(file)
        if hit is None or hit[0] != text:
            if len(self._parsed) >= self.MAX_FILES:
                self._parsed.clear()
            hit = self._parsed[file] = (text, *load_document(text, file))
        # Parsed values are shared (the loader never changes them: it builds new
        # lists and dicts for what it leaves out); the Document around them is the
        # caller's own, as the loader sets its data.
        doc = hit[1]
        return Document(doc.file, doc.data, doc.lines, doc.dropped), list(hit[2])

    def _conforms(self, schema: str, data: Any) -> bool:
        hit = self._conforming.get(id(data))
        if hit is not None and hit[0] is data and hit[1] == schema:
            return hit[2]
        ok = conforming(schema, data)
        if len(self._conforming) >= self.MAX_FILES:
            self._conforming.clear()
        self._conforming[id(data)] = (data, schema, ok)  # holds `data`: its id is not reused while kept
        return ok

    def _read_po(self, path: Path, locale: str, root: Path) -> locales.PoReading:
        try:
            st = os.lstat(path)  # lstat: a file swapped for a symlink is a new file (refused by read_po)
        except OSError:
            return locales.read_po(path, locale, root=root)
        key = (stamp(path, st), st.st_dev, st.st_ino, locale, str(root))
        hit = self._po.get(key)
        if hit is None:
            if len(self._po) >= self.MAX_PO:
                self._po.clear()
            hit = self._po[key] = locales.read_po(path, locale, root=root)
        return hit._replace(problems=list(hit.problems))


def _display(root: Path) -> Path:
    """The catalog path as users name it: relative to the working dir when inside it."""
    try:
        return root.relative_to(Path.cwd())
    except ValueError:
        return root

"""Reading a catalog folder: which files, their text, parsed with line numbers.

Every file goes through the path policy (core/paths.py); what cannot be read
(missing, refused, not UTF-8, too big) becomes a located problem. Nothing is
kept here: the plugin's session (error_catalog/plugin/session.py) passes a
`parse` that reuses entry files parsed before.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from . import paths
from .problems import Problem, Problems
from .yamlsource import Document, load_document, short

CATALOG_FILE = "catalog.yaml"
ERRORS_DIR = "errors"
# Far above any honest file (10,000 entries are ~6 MB), far below what would
# stall a build: a bigger file is refused unread.
MAX_FILE_BYTES = 20_000_000

# Text and file name -> the document and its problems (`yamlsource.load_document`).
# Whoever passes another must return a new `Document` each call: the loader sets its data.
Parse = Callable[[str, str], tuple[Document, list[Problem]]]


def entry_files(errors_dir: Path, root: Path, problems: Problems) -> list[Path] | None:
    """The YAML files under errors/ the path policy allows; None when the folder is unusable."""
    try:
        paths.check_dir(errors_dir, root)
    except FileNotFoundError:
        problems.add(str(errors_dir), 0, "", "folder not found; error entries go in errors/*.yaml files")
        return None
    except paths.PathRefused as e:
        problems.add(e.path, 0, "", e.reason)
        return None
    files, refused = paths.walk_files(errors_dir, root, (".yaml", ".yml"))
    for e in refused:
        problems.add(e.path, 0, "", e.reason)
    return files if files or not refused else None


def read(path: Path, problems: Problems, root: Path, entries: bool = False,
         parse: Parse = load_document) -> Document | None:
    """The parsed file, or None (its problems added); `entries`: an errors/ file, parsed with `parse`."""
    try:
        # The path policy: a link out of the folder could publish (or echo in
        # messages) any file of the build machine; a FIFO would block forever.
        text = paths.read_bytes(path, root, MAX_FILE_BYTES).decode("utf-8")
    except paths.PathRefused as e:
        problems.add(e.path, 0, "", e.reason)
        return None
    except FileNotFoundError:
        problems.add(str(path), 0, "", "file not found")
        return None
    except UnicodeDecodeError as e:
        raw = e.object[:e.start]
        problems.add(str(path), raw.count(b"\n") + 1, "",
                     f"not UTF-8 text: byte 0x{e.object[e.start]:02X} at offset {e.start}; save the file as UTF-8")
        return None
    except OSError as e:
        problems.add(str(path), 0, "", f"cannot read: {e.strerror}")
        return None
    doc, found = parse(text, str(path)) if entries else load_document(text, str(path))
    problems.extend(_by_entry(doc, found) if entries else found)
    # Keep a document that parsed, its refused values (`doc.dropped`) left out of
    # the checks, so that its other mistakes are reported in the same run.
    return doc if doc.data is not None else None


def text_of(path: Path, root: Path) -> str | None:
    """The text of a file `read` could not parse (to look for a code in), or None."""
    try:
        return paths.read_bytes(path, root, MAX_FILE_BYTES).decode("utf-8", "replace")
    except (paths.PathRefused, OSError):
        return None


_ENTRY_FIELD = re.compile(r"^\[(\d+)\]\.?(.*)$")


def _by_entry(doc: Document, found: list[Problem]) -> list[Problem]:
    """'[3].status' -> 'status [<code of entry 3>]': entry problems name the code, as the rules' do."""
    out = []
    for p in found:
        m = _ENTRY_FIELD.match(p.field)
        item = doc.data[int(m.group(1))] if m and isinstance(doc.data, list) else None
        if isinstance(item, dict) and isinstance(item.get("code"), str) and m.group(2) != "code":
            p = Problem(p.file, p.line, m.group(2), p.message, short(item["code"], 80, quote=False))
        out.append(p)
    return out


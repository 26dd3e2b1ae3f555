"""Read the `emitted:` sources of a catalog: every code (or URL) the service emits, and where.

Four kinds of source, each read into `Sighting`s (value, file, line):
- `list`: text files, one code per line, `#` comments;
- `scan`: source trees, a regex whose group 1 is the code (see `scan.py`);
- `openapi`: enum values of the error-code schemas of an OpenAPI 3 document;
- `responses`: recorded error responses, JSON Lines: either `code`, `type`,
  `documentation_url` (at the top or in `error`), or the full form `{surface,
  event, status, locale, mode, headers, body, seed}` (a `Record`, checked
  against its entry by `recorded.py`).

This module finds each source's files and hands them to the reader of its kind
(`openapiread`, `responsesread`; `list` and `scan` here); what they find is in
`sightings`. A source that cannot be read, or holds malformed data, becomes a
`Problem` naming the file and line; reading goes on, so one run reports them
all. Whether a value is documented is `gate.py`'s business, not this module's.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from . import paths, scan
from .model import Catalog, EmittedSource
from .openapiread import CODE_PROPERTIES, read_openapi
from .problems import Problem
from .responsesread import RESPONSE_KEYS, read_responses
from .sightings import CODE_HEADER, MODES, RECORD_FIELDS, WHAT, Found, Record, Sighting, lines, too_deep
from .yamlsource import short

__all__ = ["CODE_HEADER", "CODE_PROPERTIES", "MODES", "RECORD_FIELDS", "RESPONSE_KEYS", "WHAT", "Found", "Record",
           "Sighting", "read", "read_all", "too_deep"]


def read(catalog: Catalog, allowed: Sequence[str | os.PathLike] = ()) -> tuple[list[Sighting], list[Problem]]:
    """Every sighting of every source of `catalog.emitted`, and every problem reading them;
    `allowed`: folders outside the catalog's repository that sources may read too."""
    out = read_all(catalog, allowed)
    return out.sightings, out.problems


def read_all(catalog: Catalog, allowed: Sequence[str | os.PathLike] = ()) -> Found:
    """What `read` gives, and the full-form recorded responses (`.records`)."""
    out = Found(paths.repository_root(catalog.root), tuple(Path(os.path.realpath(a)) for a in allowed))
    named = tuple(os.path.abspath(a) for a in allowed)  # as given: an absolute source may go through a link
    for src in catalog.emitted:
        files = _files(catalog, src, out, named)
        if src.kind == "scan":
            _scan(src, files, out)
            continue
        for path in files:
            try:
                _READERS[src.kind](src, path, out)
            except paths.PathRefused as e:
                out.declared(src, str(e))
            except OSError as e:
                out.declared(src, f"cannot read {path}: {e.strerror or type(e).__name__}")
    return out


def _files(catalog: Catalog, src: EmittedSource, out: Found, named: tuple[str, ...] = ()) -> list[str]:
    """The files of a source the path policy allows; the others are reported, unread.
    `named`: the allowed roots as given (`out.allowed` holds them resolved)."""
    pattern = src.path
    # From the catalog folder's real path: the roots are real paths (a checkout reached
    # through a link, macOS's /tmp) and `..` climbs from where the folder really is.
    joined = os.path.normpath(os.path.join(os.path.realpath(catalog.root), pattern))
    # An absolute path only into a root the site allows: inside the repository, paths
    # are relative to the catalog folder, so the repository builds wherever it is cloned.
    roots = [*([] if os.path.isabs(pattern) else [str(out.root)]), *map(str, out.allowed), *named]
    inside = [r for r in roots if paths.lexically_under(joined, r)]
    if not inside:
        out.declared(src, f"'{short(pattern, 80, quote=False)}' leads outside the {WHAT}; "
                          "a source must be a path relative to the catalog folder, inside the repository "
                          "or in a folder the site allows (allowed_roots, --allowed-root)")
        return []
    files = scan.expand(catalog.root, pattern)
    if not files:
        out.declared(src, f"no file matches '{short(pattern, 80, quote=False)}' (paths are relative to the "
                          f"catalog folder {catalog.root})")
    usable = []
    for path in files:
        try:
            paths.check_file(path, out.root_for(path), what=WHAT)
        except paths.PathRefused as e:
            out.declared(src, str(e))
            continue
        except OSError:
            pass  # a broken link fails on reading, with the reason
        usable.append(path)
    return usable


# -- list ----------------------------------------------------------------------

def _list(src: EmittedSource, path: str, out: Found) -> None:
    for n, text in lines(path, out):
        words = text.split("#", 1)[0].split()
        if len(words) > 1:
            out.problem(path, n, "", f"one code per line; found {len(words)} words "
                                     f"({short(' '.join(words[:3]), 60, quote=False)})")
        elif words:
            out.see(path, n, "code", "code", words[0])


# -- scan ----------------------------------------------------------------------

def _scan(src: EmittedSource, files: list[str], out: Found) -> None:
    rx = scan.compile_pattern(src.pattern or "")  # checked by the loader; compiled once here
    for path in files:
        try:
            with out.open(path) as fh:
                for line, code in scan.scan_file(fh, rx):
                    if code:
                        out.see(path, line, "code", "code", code)
        except paths.PathRefused as e:
            out.declared(src, str(e))
        except OSError as e:
            out.declared(src, f"cannot read {path}: {e.strerror or e}")


_READERS: dict[str, Callable[[EmittedSource, str, Found], None]] = {
    "list": _list,
    "openapi": read_openapi,
    "responses": read_responses,
}

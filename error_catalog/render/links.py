"""Relative links between the reference's pages: one place for every output that links a section."""
from __future__ import annotations

import posixpath
from functools import cache

from ..core import permalinks
from ..core.model import Entry


def href(layout: permalinks.Layout, entry: Entry, from_dir: str = "") -> str:
    """A relative link from a page at site path `from_dir` to `entry`'s section."""
    return f"{relative(layout.entry_page(entry), from_dir)}#{entry.anchor}"


@cache
def relative(target: str, from_dir: str) -> str:
    """posixpath.relpath for page paths (a category page links to its siblings
    thousands of times per build), with the trailing slash of directory URLs
    ('' for the page itself); `from_dir`: the folder of the linking page."""
    if not target.endswith("/"):  # 'reference/auth.html' (use_directory_urls: false)
        return posixpath.relpath(target, from_dir or ".")
    rel = posixpath.relpath(target, from_dir or ".") + "/"
    return "" if rel == "./" else rel

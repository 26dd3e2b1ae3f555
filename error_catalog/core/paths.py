"""The one policy for every path the project reads or writes (docs/guide/security.md).

A catalog may come from an untrusted pull request, so every path it leads to
(catalog.yaml, errors/, locales/, messages.pot, permalinks.lock, each
`emitted:` source) is checked here before it is opened:

- it resolves (symlinks followed) inside its *root*: the catalog folder for
  the catalog's own files, the repository the catalog lives in for `emitted:`
  sources (`repository_root`). A link that leads out is refused, whatever it
  points to;
- it is a regular file (or, for folders, a directory): a FIFO, device or socket
  is refused unopened (a FIFO would block the reader forever), and so is
  anything under /proc, /sys or /dev, whose "regular" files are views of the
  running machine (environment, memory);
- it is opened without blocking and checked again on the open descriptor, so a
  file swapped for a FIFO between the check and the open is refused too.

Refusals are `PathRefused` with a message that names the path as given and
never quotes what it points to.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

# Kernel views of the machine: their files look regular and hold secrets.
SPECIAL_TREES = ("/proc", "/sys", "/dev")


class PathRefused(Exception):
    """A path the policy does not allow: `path` as given, and `reason` for the user."""

    def __init__(self, path: str | os.PathLike, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


def repository_root(catalog_dir: str | os.PathLike) -> Path:
    """The root `emitted:` sources must stay in: the nearest folder at or above the
    catalog folder that holds `.git` (a folder, or a file for worktrees and
    submodules), else the catalog folder's parent."""
    start = Path(os.path.realpath(catalog_dir))
    for folder in (start, *start.parents):
        if os.path.lexists(folder / ".git"):
            return folder
    return start.parent


def resolve(path: str | os.PathLike, root: str | os.PathLike, what: str = "catalog folder") -> Path:
    """`path` with every link followed; `PathRefused` unless it lies inside `root`.

    A path that does not exist (yet) resolves as far as it does; the rest is
    taken as written, so a file about to be created is checked like one that is.
    """
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    if _under(real, SPECIAL_TREES) and not _under(real_root, SPECIAL_TREES):
        top = "/" + real.split(os.sep)[1]
        raise PathRefused(path, f"leads into {top}, a view of the build machine, not a file; refused")
    if not _under(real, (real_root,)):
        if os.path.islink(path):
            noun = "a folder" if os.path.isdir(path) else "a file"
            raise PathRefused(path, f"a link to {noun} outside the {what}; refused")
        how = "through a link " if _has_link(path) else ""
        raise PathRefused(path, f"leads {how}outside the {what}; refused")
    return Path(real)


def lexically_under(path: str, root: str) -> bool:
    """Whether the absolute, normalised `path` is `root` or below it, as written."""
    return _under(path, (root,))


def _under(path: str, roots) -> bool:
    return any(path == r or path.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


def _has_link(path: str | os.PathLike) -> bool:
    p = Path(os.path.abspath(path))
    return any(os.path.islink(q) for q in (p, *p.parents))


def kind(st: os.stat_result) -> str:
    """What a non-regular file is, in words."""
    mode = st.st_mode
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def check_file(path: str | os.PathLike, root: str | os.PathLike, what: str = "catalog folder") -> Path:
    """The resolved path of an existing regular file inside `root`.

    Raises `PathRefused` (outside, special) or `FileNotFoundError` (absent).
    """
    real = resolve(path, root, what)
    st = os.stat(real)
    if not stat.S_ISREG(st.st_mode):
        raise PathRefused(path, f"{kind(st)}, not a file; refused")
    return real


def check_dir(path: str | os.PathLike, root: str | os.PathLike, what: str = "catalog folder") -> Path:
    """The resolved path of an existing folder inside `root` (else `PathRefused`/`FileNotFoundError`)."""
    real = resolve(path, root, what)
    st = os.stat(real)
    if not stat.S_ISDIR(st.st_mode):
        raise PathRefused(path, f"{kind(st)}, not a folder; refused")
    return real


def read_bytes(path: str | os.PathLike, root: str | os.PathLike, limit: int | None = None,
               what: str = "catalog folder") -> bytes:
    """The bytes of a regular file inside `root`, at most `limit` of them (else `PathRefused`)."""
    real = check_file(path, root, what)
    fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
                 | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):  # swapped since the check
            raise PathRefused(path, f"{kind(st)}, not a file; refused")
        if limit is not None and st.st_size > limit:
            raise PathRefused(path, f"file of {st.st_size:,} bytes is larger than the limit of {limit:,}; refused")
        data = fh.read() if limit is None else fh.read(limit + 1)
    if limit is not None and len(data) > limit:
        raise PathRefused(path, f"file is larger than the limit of {limit:,} bytes; refused")
    return data


def open_binary(path: str | os.PathLike, root: str | os.PathLike, what: str = "catalog folder"):
    """A binary file object for streaming a regular file inside `root`."""
    real = check_file(path, root, what)
    fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
                 | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    fh = os.fdopen(fd, "rb")
    st = os.fstat(fh.fileno())
    if not stat.S_ISREG(st.st_mode):
        fh.close()
        raise PathRefused(path, f"{kind(st)}, not a file; refused")
    return fh


def writable(path: str | os.PathLike, root: str | os.PathLike, what: str = "catalog folder") -> Path:
    """Where writing `path` lands: inside `root`, and a regular file or nothing yet.

    A link inside the root is written through (its target is replaced); a link
    that leads out, or a folder or FIFO in the file's place, is refused.
    """
    real = resolve(path, root, what)
    for folder in real.parents:
        if os.path.isdir(folder):
            break
        if os.path.lexists(folder):
            raise PathRefused(folder, f"{kind(os.stat(folder))} where a folder belongs; not written")
    try:
        st = os.stat(real)
    except FileNotFoundError:
        return real
    if not stat.S_ISREG(st.st_mode):
        raise PathRefused(path, f"{kind(st)}, not a file; not written")
    return real


def walk_files(folder: str | os.PathLike, root: str | os.PathLike, suffixes: tuple[str, ...],
               what: str = "catalog folder") -> tuple[list[Path], list[PathRefused]]:
    """Files under `folder` ending in `suffixes`, sorted, as paths under `folder`,
    and a message for each refused one. Linked folders are entered only when
    they stay inside `root`; each folder is visited once (no link loops)."""
    files: list[Path] = []
    refused: list[PathRefused] = []
    seen: set[str] = set()
    stack = [Path(folder)]
    while stack:
        here = stack.pop()
        real = os.path.realpath(here)
        if real in seen:
            continue
        seen.add(real)
        try:
            entries = sorted(os.scandir(here), key=lambda e: e.name)
        except OSError as e:
            refused.append(PathRefused(here, f"cannot read the folder: {e.strerror}"))
            continue
        for entry in entries:
            p = Path(here) / entry.name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                try:
                    check_dir(p, root, what)
                except PathRefused as e:
                    refused.append(e)
                    continue
                stack.append(p)
            elif entry.is_symlink() and not entry.name.endswith(suffixes):
                try:  # not read, but a link out is named: it is likely a mistake or a probe
                    resolve(p, root, what)
                except PathRefused as e:
                    refused.append(e)
            elif entry.name.endswith(suffixes):
                try:
                    check_file(p, root, what)
                except PathRefused as e:
                    refused.append(e)
                    continue
                except OSError:
                    pass  # a broken link: reading it reports "file not found"
                files.append(p)
    return sorted(files), refused

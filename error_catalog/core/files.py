"""Writing files atomically: a reader sees the old content or the new, never half.

The text goes to a temporary file in the same folder, is flushed and fsynced,
takes the permissions of the file it replaces (or the umask's default for a
new one), and replaces the target in one `os.replace` (atomic on POSIX and
Windows within one file system); the folder is then fsynced so the rename
itself survives a crash. A failure at any point (full disk, file-size limit,
an exception) removes the temporary file and leaves the old file untouched; a
killed process can leave a stray `.<name>.*.tmp` beside it, never a cut file.

With `root`, the target must lie inside it (`paths.writable`): a link out of
the folder, or a folder or FIFO where the file belongs, is refused unwritten.
"""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from . import paths


def _default_mode() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: str | os.PathLike, text: str | bytes, root: str | os.PathLike | None = None,
                 durable: bool = True) -> None:
    """Write `text` (str as UTF-8, newlines as given; or bytes) to `path`, creating its folder.

    `root`: refuse (`paths.PathRefused`) a target outside it. `durable=False`
    skips the fsyncs, for build outputs that are rewritten whole each build.
    """
    path = Path(path)
    target = paths.writable(path, root) if root is not None else path
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = _default_mode()
    data = text.encode("utf-8") if isinstance(text, str) else text
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    if durable:
        _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # Windows cannot open a folder; its rename is durable enough
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

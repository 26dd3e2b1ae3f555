"""`error-catalog diff OLD NEW` and `diff --git REF [NEW]`: what changed
between two catalogs, code by code, and whether it breaks clients.

Exit 0 when nothing is breaking, 1 when something is (or a catalog has
problems), 2 on a usage error. `--format text|markdown|json`: markdown is meant
for a pull-request comment, json follows error_catalog/schema/diff.schema.json.
The rules are in error_catalog/core/diff.py and docs/guide/changes.md.
"""
from __future__ import annotations

import html
import io
import json
import os
import subprocess
import tarfile
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..core import diff, locales
from ..core.diff import Change
from ..core.loader import load_catalog
from ..core.model import Catalog
from ..core.problems import CatalogError, Failure, Problem

FORMAT_VERSION = 1
MARKDOWN_ROWS = 300  # a pull-request comment holds at most 65,536 characters


def register(sub) -> None:
    p = sub.add_parser("diff", help="compare two catalog folders; exit 1 when a change breaks clients")
    p.add_argument("folders", nargs="*", metavar="FOLDER",
                   help="OLD NEW, or with --git only NEW (default: catalog)")
    p.add_argument("--git", metavar="REF", help="read OLD from git revision REF of the NEW folder")
    p.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    p.add_argument("--no-translations", action="store_true", help="skip comparing PO files")
    p.set_defaults(run=run, parser=p)


def run(args) -> int:
    try:
        return _run(args)
    except Failure as failure:
        if args.format == "markdown":  # the pull-request comment says why there is no comparison
            print(markdown_failure(failure), end="")
        raise


def _run(args) -> int:
    if args.git:
        if len(args.folders) > 1:
            args.parser.error("with --git, give only the NEW folder (OLD is read from git)")
        new_dir = args.folders[0] if args.folders else "catalog"
        with git_checkout(args.git, new_dir) as old_dir:
            old, old_tr = _load(old_dir, f"{args.git}:{new_dir.rstrip('/')}/", old_dir)
        old_label = f"{args.git}:{new_dir}"
    else:
        if len(args.folders) != 2:
            args.parser.error("give OLD and NEW folders, or --git REF [NEW]")
        old_dir, new_dir = args.folders
        (old, old_tr), old_label = _load(old_dir), old_dir
    new, new_tr = _load(new_dir)
    changes = diff.compare(old, new, None if args.no_translations else (old_tr, new_tr))
    print(render(args.format, changes, old_label, new_dir), end="")
    return 1 if diff.breaking(changes) else 0


def _load(folder: str | Path, shown: str = "", real: str | Path = "") -> tuple[Catalog, locales.Translations]:
    """The catalog and its PO files, read and checked as the build reads them;
    problems of a git copy are named `REF:folder/file`."""
    try:
        catalog = load_catalog(folder)
        return catalog, locales.load(catalog)
    except CatalogError as e:
        if not shown:
            raise
        prefix = str(real).rstrip("/") + "/"
        renamed = [Problem(shown + p.file[len(prefix):] if p.file.startswith(prefix) else p.file,
                           p.line, p.field, p.message, p.code) for p in e.problems]
        raise CatalogError(renamed) from None


@contextmanager
def git_checkout(ref: str, folder: str):
    """The `folder` of git revision `ref`, extracted into a temporary folder (the
    working tree is never touched); yields its path."""
    folder_path = Path(folder)
    if not folder_path.is_dir():
        raise Failure([f"{folder}: not a folder"], "nothing compared")

    def git(*argv: str, binary: bool = False) -> Any:
        proc = subprocess.run(["git", *argv], cwd=folder_path, capture_output=True, text=not binary,
                              env={**os.environ, "GIT_TERMINAL_PROMPT": "0"})
        if proc.returncode != 0:
            err = proc.stderr.decode(errors="replace") if binary else proc.stderr
            raise Failure([f"git {' '.join(argv)}: {err.strip() or 'failed'}"], "nothing compared")
        return proc.stdout

    prefix = git("rev-parse", "--show-prefix").strip()
    try:
        git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except Failure:
        raise Failure([f"{ref}: not a commit of the repository of {folder}"], "nothing compared") from None
    # Run in the folder, `git archive` holds that folder's tree, paths relative to it.
    data = git("archive", "--format=tar", ref, binary=True)
    with tempfile.TemporaryDirectory(prefix="catalog-diff-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            tar.extractall(tmp, filter="data")  # no path or link may leave the folder
        old = Path(tmp)
        if not any(old.iterdir()):
            raise Failure([f"{ref} has no folder {prefix.rstrip('/') or '.'}"], "nothing compared")
        yield old


# -- reports ------------------------------------------------------------------

def render(fmt: str, changes: list[Change], old: str, new: str) -> str:
    return {"text": text, "markdown": markdown, "json": to_json}[fmt](changes, old, new)


def _show(v: Any) -> str:
    if v is None:
        return "none"
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, list):
        return "[" + ", ".join(map(str, v)) + "]"
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


def describe(c: Change) -> str:
    """One change in words: 'status 401 -> 403'."""
    k = c.kind
    if k == "added":
        return "added" + ("" if c.new == "active" else f" ({c.new})")
    if k == "removed":
        return "removed without a tombstone (retire it or make it an alias instead)"
    if k == "renamed":
        return f"renamed: now an alias of {c.new}"
    if k == "docs":
        return f"documentation changed: {c.detail}"
    if k == "permalink-lost":
        return f"permalink {c.detail} lost" + (f" (now lands on {c.new})" if c.new else "")
    if k == "permalink-gained":
        return f"permalink {c.detail} gained"
    label = {"translations": "translation"}.get(k, k)
    where = f" ({c.detail})" if c.detail else ""
    return f"{label}{where} {_show(c.old)} -> {_show(c.new)}"


def _summary(changes: list[Change]) -> str:
    n, b = len(changes), len(diff.breaking(changes))
    return f"{n} change{'s' if n != 1 else ''}, {b} breaking"


def text(changes: list[Change], old: str, new: str) -> str:
    lines = [f"{old} -> {new}: {_summary(changes)}"]
    for c in changes:
        lines.append(f"{'BREAKING' if c.breaking else '        '}  {c.code or '(catalog)'}: {describe(c)}")
    return "\n".join(lines) + "\n"


def _cell(s: str) -> str:
    """Text for a Markdown table cell: no HTML, no column breaks, one line."""
    return html.escape(s.replace(" -> ", " → "), quote=False).replace("|", "\\|").replace("\n", " ").replace("\r", " ")


def markdown(changes: list[Change], old: str, new: str) -> str:
    out = [f"### Error catalog: {_summary(changes)}", "", f"`{_cell(old)}` → `{_cell(new)}`", ""]
    if not changes:
        return "\n".join(out + ["No changes to codes.", ""])
    ordered = sorted(changes, key=lambda c: not c.breaking)  # breaking first; stable within
    out += ["| | Code | Change |", "|---|---|---|"]
    for c in ordered[:MARKDOWN_ROWS]:
        mark = "**breaking**" if c.breaking else ""
        code = f"`{c.code}`" if c.code else "(catalog)"
        out.append(f"| {mark} | {code} | {_cell(describe(c))} |")
    if len(ordered) > MARKDOWN_ROWS:
        out.append(f"\n…and {len(ordered) - MARKDOWN_ROWS} more (`--format json` lists all).")
    kinds = sorted({c.kind for c in changes if c.breaking}, key=diff.KINDS.index)
    if kinds:
        out += ["", "Breaking, by the rules of `error-catalog diff`:", ""]
        out += [f"- `{k}`: {diff.RULES[k]}" for k in kinds]
    return "\n".join(out) + "\n"


def markdown_failure(failure: Failure) -> str:
    """The comment when nothing could be compared: every problem, as the command reports it."""
    lines = failure.lines[1:] if isinstance(failure, CatalogError) else failure.lines
    out = ["### Error catalog: not compared", "",
           f"{failure.summary or 'The comparison failed'}; fix {'them' if len(lines) > 1 else 'it'} and run again:", ""]
    out += [f"- {_cell(line.strip())}" for line in lines[:MARKDOWN_ROWS]]
    if len(lines) > MARKDOWN_ROWS:
        out.append(f"\n…and {len(lines) - MARKDOWN_ROWS} more (`error-catalog validate` lists all).")
    return "\n".join(out) + "\n"


def to_json(changes: list[Change], old: str, new: str) -> str:
    data = {
        "version": FORMAT_VERSION,
        "old": old,
        "new": new,
        "changes": len(changes),
        "breaking": len(diff.breaking(changes)),
        "items": [{"code": c.code, "kind": c.kind, "breaking": c.breaking, "old": c.old, "new": c.new,
                   "detail": c.detail} for c in changes],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


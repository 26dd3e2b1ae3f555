"""Keep PO files in step with the catalog (`error-catalog extract|update`, error_catalog/cli/po.py).

- `extract` writes `locales/messages.pot`, the template, from the catalog.
- `update` extracts, then merges the template into `locales/<locale>.po` of
  every target locale the way `pybabel update` does: translations are kept, a
  message whose source text changed keeps its old translation marked fuzzy
  (with the old text as `#| msgid`), a message the catalog dropped becomes
  obsolete (`#~`), a new one starts untranslated, a missing PO file is created.
- `--check` writes nothing and exits 1 when a file is out of date.

Unlike `pybabel update`, an old translation is matched by its `msgctxt` (the
code), never by similar text, so a new code never inherits the translation of
another code's message.
"""
from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.catalog import Message
# normalize: one string in PO layout, for the `#|` lines write_po would wrap badly (see
# `render`). Babel documents no call for that; tests/test_dependency_apis.py pins its output.
from babel.messages.pofile import normalize, write_po

from . import locales, paths, placeholders
from .model import Catalog
from .problems import Problem


@dataclass
class Plan:
    """What extract/update would do to one file."""

    path: Path
    text: str  # the content to write
    write: bool  # the file would change (dates and Babel's version aside)
    stale: bool  # the change matters for `--check` (messages, not formatting)
    summary: str
    catalog: PoCatalog | None = None  # the merged PO (None for the template)


_MARK = "x-previous-"
_MARKED = re.compile(r"^#,(.*?)(?:, )?x-previous-(\d+)(.*)$", re.M)


def render(po: PoCatalog) -> str:
    """The PO text of a catalog, as `write_po` writes it, with sound `#|` lines.

    Babel wraps a `#| msgid` comment at 76 columns even inside its string,
    which gettext's tools (msgfmt, Poedit) reject as "end-of-line within
    string". So the previous text is written here, in gettext's own layout.
    """
    marked = [m for m in po if m.id and m.previous_id]
    for i, m in enumerate(marked):
        m.flags.add(f"{_MARK}{i}")
    try:
        buf = io.BytesIO()
        write_po(buf, po, include_lineno=False, include_previous=False, ignore_obsolete=True)
    finally:
        for i, m in enumerate(marked):
            m.flags.discard(f"{_MARK}{i}")
    text = buf.getvalue().decode(po.charset or "utf-8") + "".join(map(_obsolete, po.obsolete.values()))

    def previous(match: re.Match) -> str:
        m = marked[int(match.group(2))]
        flags = (match.group(1) + match.group(3)).strip(", ")
        lines = [f"#, {flags}"] if flags else []
        for keyword, value in zip(("msgid", "msgid_plural"), m.previous_id):
            lines.append(f"#| {keyword} " + normalize(value, prefix="#| "))
        return "\n".join(lines)

    return _MARKED.sub(previous, text)


def _old(path: Path, catalog: Catalog, locale: str) -> tuple[PoCatalog | None, str | None, list[Problem]]:
    """The PO file at `path` (read under the path policy), its text, and its problems;
    (None, None, []) when there is none yet. Raises `paths.PathRefused` when the
    path may not be written (a folder, FIFO or link out where the file belongs)."""
    paths.writable(path, catalog.root)
    if not os.path.lexists(path):
        return None, None, []
    reading = locales.read_po(path, locale, root=catalog.root)
    po, problems = reading.catalog, list(reading.problems)
    if locale:
        problems += locales.plural_problems(reading, str(path))
    if po is None or problems:
        return None, None, problems
    # Read in its declared charset (read_po did); written back as UTF-8.
    return po, paths.read_bytes(path, catalog.root).decode(po.charset or "utf-8"), []


def _obsolete(m: Message) -> str:
    """An obsolete (`#~`) message as msgmerge writes it, with its flags and `#~|`
    previous text: Babel's writer drops both, so a fuzzy translation whose code
    went away and came back would return as reviewed."""
    out = [f"# {c}\n" if c else "#\n" for c in m.user_comments]
    if m.flags:
        out.append(f"#, {', '.join(sorted(m.flags))}\n")
    for keyword, value in zip(("msgid", "msgid_plural"), m.previous_id or ()):
        out.append(f"#~| {keyword} " + normalize(value, prefix="#~| ") + "\n")
    prefix = "#~ "

    def field(keyword: str, value: str) -> None:
        out.append(f"{prefix}{keyword} {normalize(value, prefix=prefix)}\n")

    if m.context:
        field("msgctxt", m.context)
    if isinstance(m.id, (list, tuple)):
        field("msgid", m.id[0])
        field("msgid_plural", m.id[1])
        strings = m.string if isinstance(m.string, (list, tuple)) else (m.string,)
        for i, string in enumerate(strings):
            field(f"msgstr[{i}]", string or "")
    else:
        field("msgid", m.id)
        field("msgstr", m.string or "")
    return "".join(out) + "\n"


def plan_template(catalog: Catalog) -> tuple[PoCatalog, Plan]:
    """The template, keeping the old creation date when only dates would change.

    The template is derived data: one that cannot be read is written anew.
    """
    path = locales.template_path(catalog)
    pot = locales.template(catalog)
    text = render(pot)
    previous, old, _ = _old(path, catalog, "")
    if old is not None and comparable(old) == comparable(text):
        pot.creation_date = previous.creation_date
        return pot, Plan(path, old, False, False, f"{len(pot)} messages, up to date")
    what = "created" if not os.path.lexists(path) else "out of date"
    return pot, Plan(path, text, True, True, f"{len(pot)} messages, {what}")


def plan_locale(catalog: Catalog, pot: PoCatalog, locale: str) -> tuple[Plan | None, list[Problem]]:
    path = locales.po_path(catalog, locale)
    try:
        old_po, old, problems = _old(path, catalog, locale)
    except paths.PathRefused as e:
        return None, [Problem(e.path, 0, "", e.reason)]
    if problems:
        return None, problems
    if old_po is None:
        po = merge(None, pot, catalog, locale)
        return Plan(path, render(po), True, True, f"created, {len(po)} messages to translate", po), []
    d = locales.drift(old_po, pot)
    recoded = (old_po.charset or "utf-8").lower().replace("_", "-") not in ("utf-8", "utf8")
    po = merge(old_po, pot, catalog, locale)
    marked = mark_placeholders(po)
    text = render(po)
    write = comparable(old) != comparable(text)
    summary = d.summary() if d else ("up to date" if not write else "up to date (reformatted)")
    if marked:
        summary += f"; {len(marked)} marked fuzzy, their placeholders differ from the source: {', '.join(marked)}"
    if recoded:
        summary += f" (was {old_po.charset}, now UTF-8)"
    return Plan(path, text if write else old, write, bool(d) or bool(marked) or recoded, summary, po), []


def mark_placeholders(po: PoCatalog) -> list[str]:
    """Mark fuzzy each reviewed translation whose `{name}` placeholders differ from its
    source: kept for the translator, not published (the build would fail on it).
    Returns the codes (contexts) marked."""
    marked = []
    for m in po:
        if m.id and isinstance(m.id, str) and m.string and not m.fuzzy \
                and placeholders.difference(m.id, m.string) is not None:
            m.flags.add("fuzzy")
            marked.append(str(m.context))
    return marked


def merge(po: PoCatalog | None, pot: PoCatalog, catalog: Catalog, locale: str) -> PoCatalog:
    """`pybabel update` for one locale, matching old translations by code."""
    if po is None:
        name = locales.locale_name(locale)
        po = PoCatalog(
            locale=locales.babel_locale(locale), project=pot.project, version=pot.version, fuzzy=False,
            creation_date=pot.creation_date, revision_date=pot.creation_date,
            header_comment=(f"# {catalog.service} error messages in {name.english} ({locale}).\n"
                            "# Made by `error-catalog update`: translate the msgstr lines; the\n"
                            "# msgctxt (the error code) and msgid (the source text) stay as they are."))
    po.charset = "utf-8"  # written as UTF-8 whatever it was read as; the header follows
    previous = _carry_over(po, pot)
    po.update(pot, no_fuzzy_matching=True)
    for (msgid, ctx), prev in previous.items():
        m = po.get(msgid, context=ctx)
        if m is not None and m.fuzzy:
            m.previous_id = prev
    return po


def _carry_over(po: PoCatalog, pot: PoCatalog) -> dict[tuple, list[str]]:
    """Before Babel's merge: re-key each old translation whose code's text changed.

    Returns the previous source text of the messages that end up fuzzy, which
    Babel's merge would drop (it rebuilds each message from the template).
    """
    previous = {(m.id, m.context): list(m.previous_id) for m in po if m.id and m.fuzzy and m.previous_id}
    active: dict[str | None, list[Message]] = {}
    for m in po:
        if m.id:
            active.setdefault(m.context, []).append(m)
    retired: dict[str | None, list[tuple]] = {}
    for key, m in po.obsolete.items():
        retired.setdefault(m.context, []).append((key, m))
    for t in pot:
        if not t.id or po.get(t.id, context=t.context) is not None:
            continue
        if active.get(t.context):
            old = active[t.context].pop(0)
            po.delete(old.id, context=old.context)
        else:
            # A code that comes back: revive its obsolete translation.
            candidates = retired.get(t.context, [])
            hit = next((c for c in candidates if c[1].id == t.id), candidates[0] if candidates else None)
            if hit is None:
                continue
            candidates.remove(hit)
            del po.obsolete[hit[0]]
            old = hit[1]
        changed = old.id != t.id
        flags = set(old.flags) | ({"fuzzy"} if changed else set())
        po[t.id] = Message(t.id, old.string, flags=flags, user_comments=old.user_comments, context=t.context)
        if changed:
            previous[(t.id, t.context)] = [old.id] if isinstance(old.id, str) else list(old.id)
        elif old.fuzzy and old.previous_id:  # revived as it was: still to review, against the same old text
            previous[(t.id, t.context)] = list(old.previous_id)
    return previous


def comparable(po_text: str) -> str:
    """PO text without the header lines that change on every run, nor the opening
    comment (it names the command that made the file: a file made by an older
    release is not stale for that)."""
    lines = po_text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    return "".join(line for line in lines[start:]
                   if not line.startswith(('"POT-Creation-Date:', '"PO-Revision-Date:', '"Generated-By:')))

"""Translation state: per target locale and message, translated, fuzzy or missing,
and how each PO file drifted from the catalog's template.

A message is missing when absent or when its string (or any plural form) is
empty; fuzzy when it has text a translator still has to confirm.
"""
from __future__ import annotations

import datetime
import math
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.catalog import Message

from . import paths, placeholders
from .localenames import LocaleName, locale_key, locale_name
from .model import Catalog
from .poread import PoReading, plural_problems, read_po
from .potemplate import LOCALES_DIR, SourceMessage, po_path, source_messages, template
from .problems import Problem, Problems
from .yamlsource import short

TRANSLATED, FUZZY, MISSING = "translated", "fuzzy", "missing"
STATES = (TRANSLATED, FUZZY, MISSING)


def state_of(message: Message | None) -> str:
    """translated, fuzzy or missing.

    A message is missing when absent or when its string (or any plural form)
    is empty; fuzzy when it has text a translator still has to confirm.
    """
    if message is None:
        return MISSING
    forms = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
    if not forms or any(not f for f in forms):
        return MISSING
    return FUZZY if message.fuzzy else TRANSLATED


@dataclass(frozen=True)
class Counts:
    translated: int = 0
    fuzzy: int = 0
    missing: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.missing

    def percent(self, state: str) -> int:
        """Whole percent, rounded down: 100 only when nothing is left to do."""
        if not self.total:
            return 100 if state == TRANSLATED else 0
        return math.floor(100 * getattr(self, state) / self.total)


def completeness(po: PoCatalog, template: PoCatalog | None = None) -> Counts:
    """Count the messages of `template` (default: the PO's own) by their state in `po`.

    The header (msgid "") is not a message; obsolete (`#~`) ones are not counted.
    """
    wanted: Iterable[Message] = template if template is not None else po
    n = {s: 0 for s in STATES}
    for m in wanted:
        if not m.id:
            continue
        n[state_of(po.get(m.id, context=m.context))] += 1
    return Counts(**n)


# -- staleness -------------------------------------------------------------

@dataclass(frozen=True)
class Drift:
    """How a PO file differs from the template (what `update` would change)."""

    new: tuple[str, ...] = ()  # contexts without a message in the PO
    changed: tuple[str, ...] = ()  # same context, different source text
    removed: tuple[str, ...] = ()  # contexts the catalog no longer has
    notes: tuple[str, ...] = ()  # translator notes or locations that moved

    def __bool__(self) -> bool:
        return bool(self.new or self.changed or self.removed or self.notes)

    def summary(self) -> str:
        parts = [f"{len(self.new)} new", f"{len(self.changed)} changed", f"{len(self.removed)} removed"]
        if self.notes:
            parts.append(f"{len(self.notes)} with new notes")
        return ", ".join(parts)


def drift(po: PoCatalog, template: PoCatalog) -> Drift:
    want = {m.context: m for m in template if m.id}
    have: dict[str | None, list[Message]] = {}
    for m in po:
        if m.id:
            have.setdefault(m.context, []).append(m)
    new, changed, removed, notes = [], [], [], []
    for ctx, m in want.items():
        same = [g for g in have.get(ctx, []) if g.id == m.id]
        if same:
            g = same[0]
            if g.auto_comments != m.auto_comments or sorted(map(_loc, g.locations)) != sorted(map(_loc, m.locations)):
                notes.append(ctx)
        elif ctx in have:
            changed.append(ctx)
        else:
            new.append(ctx)
    for ctx, ms in have.items():
        if ctx not in want or (ctx not in changed and any(g.id != want[ctx].id for g in ms)):
            removed.append(str(ctx))
    return Drift(tuple(new), tuple(changed), tuple(sorted(removed)), tuple(notes))


def _loc(location: tuple) -> str:
    return location[0]


# -- one build's view ----------------------------------------------------------

@dataclass(frozen=True)
class Lookup:
    state: str
    text: str = ""  # the translation, when translated
    line: int = 0  # the line of the message's msgstr in the PO file, 0 when absent


@dataclass
class LocaleStatus:
    """One target locale: its PO file and the state of every message in it."""

    locale: str
    path: str  # as shown to users
    exists: bool
    readable: bool = True  # False when the file has problems (reported on their own)
    results: dict[str, Lookup] = field(default_factory=dict)  # by context
    drift: Drift = field(default_factory=Drift)

    @property
    def name(self) -> LocaleName:
        return locale_name(self.locale)

    @property
    def counts(self) -> Counts:
        n = {s: 0 for s in STATES}
        for r in self.results.values():
            n[r.state] += 1
        return Counts(**n)

    def todo(self) -> list[str]:
        """Contexts not translated (fuzzy or missing), in site order."""
        return [ctx for ctx, r in self.results.items() if r.state != TRANSLATED]


@dataclass
class Translations:
    catalog: Catalog
    messages: list[SourceMessage]
    locales: dict[str, LocaleStatus]  # the target locales, in configured order

    def lookup(self, locale: str, context: str) -> Lookup:
        """The state of one message in one locale; the source locale is always translated."""
        if locale == self.catalog.source_locale:
            m = self._by_context.get(context)
            return Lookup(TRANSLATED, m.text if m else "")
        return self.locales[locale].results.get(context, Lookup(MISSING))

    def __post_init__(self):
        self._by_context = {m.context: m for m in self.messages}


# Reads one PO file: `poread.read_po`'s signature; the plugin's session passes one
# that reuses the files that did not change since the last rebuild.
ReadPo = Callable[..., PoReading]


def load(catalog: Catalog, read: ReadPo | None = None) -> Translations:
    """Every target locale's PO file, read on each call.

    Nothing is kept, here or on the catalog: a build reads them once
    (`context.Readings`) and hands the pages, tables and exports that one reading.
    Raises `CatalogError` for unreadable PO files, and under the policy
    `translations: {missing: fail}` for every message not translated.
    """
    translations, problems = _read_all(catalog, read or read_po)
    if catalog.missing_translations == "fail":
        problems.extend(untranslated_problems(translations))
    problems.raise_if_any()
    return translations


def _read_all(catalog: Catalog, read: ReadPo) -> tuple[Translations, Problems]:
    problems = Problems()
    messages = source_messages(catalog)
    pot = template(catalog, datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc))
    out: dict[str, LocaleStatus] = {}
    usable = _check_folder(catalog, problems)
    for locale in catalog.locales[1:]:
        path = po_path(catalog, locale)
        status = LocaleStatus(locale, str(path), usable and os.path.lexists(path))
        reading = PoReading(None, [], {})
        if status.exists:
            reading = read(path, locale, root=catalog.root)
            found = [*reading.problems, *plural_problems(reading, str(path))]
            problems.extend(found)
            status.readable = not found
        po = reading.catalog
        for m in messages:
            msg = po.get(m.text, context=m.context) if po is not None else None
            state = state_of(msg)
            found = Lookup(state, msg.string if state == TRANSLATED else "", reading.line(msg) if msg is not None else 0)
            if state == TRANSLATED and status.readable:
                problems.extend(_placeholder_problems(status, m, found))
            status.results[m.context] = found
        if po is not None:
            status.drift = drift(po, pot)
        out[locale] = status
    return Translations(catalog, messages, out), problems


def _placeholder_problems(status: LocaleStatus, m: SourceMessage, found: Lookup) -> list[Problem]:
    """A published translation must carry its source message's placeholders (a fuzzy one
    is not published; `update` marks a mismatch fuzzy)."""
    why = placeholders.difference(m.text, found.text)
    if why is None:
        return []
    return [Problem(status.path, found.line, "msgstr", f"the {status.locale} translation {why} "
                    f"(source: {short(m.text, 80)}); use the same {{name}} placeholders, or mark it fuzzy",
                    m.context)]


def _check_folder(catalog: Catalog, problems: Problems) -> bool:
    """Whether locales/ can be read (absent is fine); reports a file in its place, a
    link out of the catalog, and PO files of locales catalog.yaml does not list."""
    folder = catalog.root / LOCALES_DIR
    if not os.path.lexists(folder):
        return True
    try:
        paths.check_dir(folder, catalog.root)
        names = sorted(os.listdir(folder))
    except paths.PathRefused as e:
        problems.add(e.path, 0, "", e.reason)
        return False
    except OSError as e:
        problems.add(str(folder), 0, "", f"cannot read the folder: {e.strerror}")
        return False
    targets = set(catalog.locales[1:])
    # The same locale spelt another way (pt_BR.po, `locales: [pt-BR]`): the file is to be renamed.
    spelt = {locale_key(loc): loc for loc in targets}
    for name in names:
        stem, dot, ext = name.rpartition(".")
        if dot and ext == "po" and stem not in targets:
            key = locale_key(stem)
            listed = spelt.get(key) if key is not None else None
            why = (f"'{short(stem, 40, quote=False)}' is the source locale: its text is the catalog itself; "
                   "remove the file" if stem == catalog.source_locale else
                   f"catalog.yaml lists this locale as '{listed}': rename the file {listed}.po" if listed else
                   f"locale '{short(stem, 40, quote=False)}' is not listed in catalog.yaml `locales`; add it "
                   "there or remove the file")
            problems.add(str(folder / name), 0, "", f"{why} (its translations would be ignored)")
    return True


def untranslated_problems(translations: Translations) -> list[Problem]:
    """One problem per message not translated: at its PO line, or at the entry."""
    out = []
    for status in translations.locales.values():
        if not status.exists:
            out.append(Problem(status.path, 0, "", f"no {status.locale} translations: the file does not "
                               "exist; run `error-catalog update` to create it"))
            continue
        if not status.readable:
            continue
        for m in translations.messages:
            r = status.results[m.context]
            if r.state == TRANSLATED:
                continue
            if r.line:
                what = "is fuzzy (needs review)" if r.state == FUZZY else "is empty"
                out.append(Problem(status.path, r.line, "msgstr", f"{status.locale} translation {what}", m.context))
            else:
                out.append(Problem(m.entry.file, m.entry.line, m.field,
                                   f"no {status.locale} translation in {status.path}; "
                                   "run `error-catalog update`, then translate it", m.context))
    return out

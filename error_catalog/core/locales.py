"""Translations of entry messages: PO files read with Babel, once per build.

Each message the API sends is one gettext message: `msgctxt` is the code and
`msgid` its `message` in the source language (`catalog-format.md`). A
surface variant's message (`variants.<surface>.message`) is a message of its
own with `msgctxt` `<code>@<surface>`; '@' cannot occur in a code, so the two
never collide.

This module knows no HTML and no MkDocs: it builds the template (POT) from the
catalog, reads `locales/<locale>.po`, says per locale and message whether it is
translated, fuzzy or missing, and names locales with Babel's CLDR data.
"""
from __future__ import annotations

import datetime
import math
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePosixPath

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.catalog import Message
from babel.messages.pofile import PoFileError, unescape
from babel.messages.pofile import read_po as babel_read_po

from . import paths
from .model import Catalog, Entry
from .problems import Problem, Problems
from .yamlsource import short

LOCALES_DIR = "locales"
TEMPLATE_FILE = "messages.pot"
VARIANT_SEP = "@"

MAX_PO_BYTES = 20_000_000  # as the loader's limit for YAML files

TRANSLATED, FUZZY, MISSING = "translated", "fuzzy", "missing"
STATES = (TRANSLATED, FUZZY, MISSING)


# -- the messages of a catalog ----------------------------------------------

@dataclass(frozen=True)
class SourceMessage:
    """One translatable message of the catalog."""

    context: str  # msgctxt: the code, or '<code>@<surface>' for a variant
    text: str  # msgid: the message in the source language
    entry: Entry
    surface: str | None = None  # the variant's surface, None for the entry's own message

    @property
    def field(self) -> str:
        return f"variants.{self.surface}.message" if self.surface else "message"


def source_messages(catalog: Catalog) -> list[SourceMessage]:
    """Every message to translate, in site order: an entry's message, then its variants'."""
    out = []
    for e in catalog.entries:
        if e.message:
            out.append(SourceMessage(e.code, e.message, e))
        for surface, v in sorted(e.variants.items()):
            if v.message:
                out.append(SourceMessage(f"{e.code}{VARIANT_SEP}{surface}", v.message, e, surface))
    return out


def po_path(catalog: Catalog, locale: str) -> Path:
    return catalog.root / LOCALES_DIR / f"{locale}.po"


def template_path(catalog: Catalog) -> Path:
    return catalog.root / LOCALES_DIR / TEMPLATE_FILE


def now() -> datetime.datetime:
    """The time stamped into new PO headers; `SOURCE_DATE_EPOCH` makes it reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)
    return datetime.datetime.now(datetime.timezone.utc).replace(second=0, microsecond=0)


def template(catalog: Catalog, creation_date: datetime.datetime | None = None) -> PoCatalog:
    """The POT of the catalog: one message per `SourceMessage`, translator notes included.

    Locations name the entry file without a line number, so that editing one
    entry does not touch the location of every message after it.
    """
    pot = PoCatalog(
        project=catalog.service, version="errors", fuzzy=False,
        creation_date=creation_date or now(),
        header_comment=(f"# {catalog.service} error messages: the template for translations.\n"
                        "# Made from the catalog by `error-catalog extract`; do not edit by hand."))
    for m in source_messages(catalog):
        note = m.entry.title
        if m.surface:
            surface = catalog.surfaces.get(m.surface, m.surface)
            note = f"On {surface}: {m.entry.variants[m.surface].title or m.entry.title}"
        pot.add(m.text, None, locations=[(_relative(catalog, m.entry.file), None)],
                auto_comments=[note], context=m.context)
    return pot


def _relative(catalog: Catalog, file: str) -> str:
    return _relative_path(str(catalog.root), file)


@cache  # one answer per entry file, asked for each of its messages
def _relative_path(root: str, file: str) -> str:
    try:
        return PurePosixPath(Path(file).relative_to(root)).as_posix()
    except ValueError:
        return Path(file).name


# -- locales -------------------------------------------------------------------

@dataclass(frozen=True)
class LocaleName:
    id: str  # as configured: 'ja', 'pt_BR', 'zh-Hans'
    native: str  # '日本語'
    english: str  # 'Japanese'
    tag: str  # BCP 47 for HTML lang: 'pt-BR'
    rtl: bool = False

    @property
    def label(self) -> str:
        """'日本語 · Japanese', or just 'English' when both names agree."""
        return self.native if self.native == self.english else f"{self.native} · {self.english}"


def babel_locale(locale: str) -> Locale | None:
    """Babel's locale for a configured id, or None when CLDR does not know it."""
    try:
        return Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None


@cache
def locale_name(locale: str) -> LocaleName:
    """Display names from CLDR. An id CLDR does not know is shown as itself."""
    tag = locale.replace("_", "-")
    loc = babel_locale(locale)
    if loc is None:
        return LocaleName(locale, locale, locale, tag)
    native = loc.display_name or locale
    # CLDR writes names as used mid-sentence ('español'); a label starts a line.
    native = native[:1].upper() + native[1:]
    english = loc.get_display_name("en") or locale
    return LocaleName(locale, native, english, tag, loc.character_order == "right-to-left")


# -- reading PO files ------------------------------------------------------------

_PREVIOUS_TOKEN = re.compile(r'(msgctxt|msgid_plural|msgid)|"((?:[^"\\]|\\.)*)"')
_KEYWORD = re.compile(rb"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s")


@dataclass
class _Unit:
    """One message as the file spells it (before Babel merges anything)."""

    line: int  # of its msgid, 1-based: what Babel stores as `Message.lineno`
    obsolete: bool
    context: list[bytes] | None = None
    msgid: list[bytes] = field(default_factory=list)
    previous: list[bytes] = field(default_factory=list)  # its `#|` lines


def _scan(lines: list[bytes]) -> list[_Unit]:
    """The messages of a PO file with their `#|` lines, read with Babel's own rules
    for where a message starts (a `msgctxt`, or a `msgid` after a complete one)."""
    units: list[_Unit] = []
    previous: list[bytes] = []
    context: list[bytes] | None = None
    current: list[bytes] | None = None  # the string that continuation lines extend
    open_unit: _Unit | None = None  # a unit whose msgid is still being read
    for n, raw in enumerate(lines, 1):
        line = raw.strip()
        obsolete = line.startswith(b"#~")
        if obsolete:
            line = line[2:].lstrip()
        elif line.startswith(b"#"):
            if line.startswith(b"#|"):
                previous.append(line[2:])
            current = None
            continue
        if obsolete and line.startswith(b"|"):  # '#~|': an obsolete message's previous text
            previous.append(line[1:])
            continue
        if line.startswith(b'"'):
            if current is not None:
                current.append(line)
            continue
        m = _KEYWORD.match(line + b" ")
        if not m:
            current = None
            continue
        keyword, arg = m.group(1), line[len(m.group(1)):].strip()
        if keyword == b"msgctxt":
            context = current = [arg]
            open_unit = None
        elif keyword == b"msgid":
            open_unit = _Unit(n, obsolete, context, [arg], previous)
            units.append(open_unit)
            previous, context, current = [], None, open_unit.msgid
        else:
            current = None
    return units


def _text(parts: list[bytes], charset: str) -> str:
    return "".join(unescape(p.decode(charset)) for p in parts)


def _previous_id(lines: list[str]) -> list[str]:
    """`msgid "..."` (and `msgid_plural`) from `#|` lines, however they were wrapped."""
    parts: dict[str, list[str]] = {}
    current = None
    # Wrapping breaks lines at spaces, even inside a string: join with one.
    for keyword, string in _PREVIOUS_TOKEN.findall(" ".join(s.strip() for s in lines)):
        if keyword:
            current = parts.setdefault(keyword, [])
        elif current is not None:
            current.append(unescape(f'"{string}"'))
    return ["".join(parts[k]) for k in ("msgid", "msgid_plural") if k in parts]


def read_po(path: Path, locale: str, shown: str | None = None,
            root: Path | None = None) -> tuple[PoCatalog | None, list[Problem]]:
    """Read one PO file; problems (syntax, encoding, duplicates) come back located.

    Babel's `read_po` does the parsing. It does not know two things gettext's
    tools write and check, so a scan of the same lines adds them:

    - `#|` lines (the previous source text of a fuzzy message, written by
      `update`, msgmerge and Poedit) become `previous_id` again; Babel would
      read them as translator comments and write them back as `# | msgid`
      (python-babel/babel#206), and `#~|` lines would even abort the parse.
      They are blanked for Babel (line numbers stay) and set afterwards;
    - a message defined twice is an error, as msgfmt says, not a silent merge.
    """
    shown = shown or str(path)
    try:
        data = paths.read_bytes(path, root if root is not None else Path(path).parent, MAX_PO_BYTES,
                                what="catalog folder")
    except paths.PathRefused as e:
        return None, [Problem(shown, 0, "", e.reason)]
    except OSError as e:
        return None, [Problem(shown, 0, "", f"cannot read: {e.strerror}")]
    lines = data.splitlines(keepends=True)
    for_babel = [b"\n" if _is_previous(line) else line for line in lines]
    try:
        po = babel_read_po(for_babel, locale=babel_locale(locale), abort_invalid=True)
        units = _scan(lines)
        charset = po.charset or "utf-8"
        texts = [(_text(u.context, charset) if u.context is not None else None, _text(u.msgid, charset))
                 for u in units]
        previous = {u.line: [p.decode(charset) for p in u.previous] for u in units if u.previous}
    except PoFileError as e:
        message = str(e).rsplit(" on ", 1)[0]
        return None, [Problem(shown, e.lineno + 1, "", f"not a valid PO file: {short(message, 200, quote=False)}")]
    except UnicodeDecodeError as e:
        return None, [_not_decodable(data, shown, e.encoding)]
    except LookupError:  # a charset Python does not know
        return None, [Problem(shown, _header_line(lines), "", f"declares the charset "
                              f"{short(_declared_charset(lines), 40)}, which is not a known encoding; "
                              "save the file as UTF-8 with 'Content-Type: text/plain; charset=UTF-8'")]
    for message in [*po, *po.obsolete.values()]:
        lines_of = previous.get(message.lineno)
        if lines_of:
            message.previous_id = _previous_id(lines_of)
    seen: dict[tuple, int] = {}
    problems = []
    for u, (ctx, msgid) in zip(units, texts):
        first = seen.setdefault((u.obsolete, msgid, ctx), u.line)
        if first != u.line:
            problems.append(Problem(shown, u.line, "msgctxt", f"message defined twice (first on line {first})", ctx))
    return po, problems


def plural_problems(po: PoCatalog, shown: str) -> list[Problem]:
    """A catalog's message has one form: a plural entry would publish a tuple."""
    return [Problem(shown, m.lineno, "msgid_plural", "a message with plural forms: an error message has "
                    "one form; remove msgid_plural and the msgstr[n] lines, keep one msgstr", m.context)
            for m in po if m.id and not isinstance(m.id, str)]


def _is_previous(line: bytes) -> bool:
    line = line.strip()
    return line.startswith(b"#|") or (line.startswith(b"#~") and line[2:].lstrip().startswith(b"|"))


_CHARSET = re.compile(rb"charset=([^\\\s\";]*)", re.I)


def _declared_charset(lines: list[bytes]) -> str:
    for line in lines:
        m = _CHARSET.search(line)
        if m:
            return m.group(1).decode("ascii", "replace")
    return ""


def _header_line(lines: list[bytes]) -> int:
    return next((n for n, line in enumerate(lines, 1) if _CHARSET.search(line)), 0)


def _not_decodable(data: bytes, shown: str, encoding: str) -> Problem:
    """Babel decodes line by line; find the line of the first bad byte in the file."""
    try:
        data.decode(encoding)
        line, col = 0, 0
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
    where = f" (column {col})" if line else ""
    return Problem(shown, line, "", f"not valid {encoding} text{where}; save the file as UTF-8")


# -- completeness --------------------------------------------------------------

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
    line: int = 0  # the line of the message in the PO file, 0 when absent


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


_loaded: dict[int, tuple[Catalog, Translations]] = {}


def load(catalog: Catalog) -> Translations:
    """Read every target locale's PO file once per catalog (the loader's cache
    returns the same `Catalog` until a file of the folder changes).

    Raises `CatalogError` for unreadable PO files, and under the policy
    `translations: {missing: fail}` for every message not translated.
    """
    hit = _loaded.get(id(catalog))
    if hit and hit[0] is catalog:
        return hit[1]
    translations, problems = _read_all(catalog)
    if catalog.missing_translations == "fail":
        problems.extend(untranslated_problems(translations))
    problems.raise_if_any()
    _loaded.clear()
    _loaded[id(catalog)] = (catalog, translations)
    return translations


# PO files as read, by file identity: `mkdocs serve` reloads the catalog after an edit
# of errors/, and reading five unchanged PO files again was a third of that. Only
# `_read_all` uses it, and it never changes what it gets.
_po_files: dict[tuple, tuple[PoCatalog | None, list[Problem]]] = {}


def _read_po_once(path: Path, locale: str, root: Path) -> tuple[PoCatalog | None, list[Problem]]:
    try:
        st = os.lstat(path)  # lstat: a file swapped for a symlink is a new file (refused by read_po)
    except OSError:
        return read_po(path, locale, root=root)
    key = (str(path), locale, str(root), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    hit = _po_files.get(key)
    if hit is None:
        hit = read_po(path, locale, root=root)
        if len(_po_files) >= 64:
            _po_files.clear()
        _po_files[key] = hit
    return hit[0], list(hit[1])


def _read_all(catalog: Catalog) -> tuple[Translations, Problems]:
    problems = Problems()
    messages = source_messages(catalog)
    pot = template(catalog, datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc))
    out: dict[str, LocaleStatus] = {}
    usable = _check_folder(catalog, problems)
    for locale in catalog.locales[1:]:
        path = po_path(catalog, locale)
        status = LocaleStatus(locale, str(path), usable and os.path.lexists(path))
        po = None
        if status.exists:
            po, found = _read_po_once(path, locale, catalog.root)
            found += plural_problems(po, str(path)) if po is not None else []
            problems.extend(found)
            status.readable = not found
        for m in messages:
            msg = po.get(m.text, context=m.context) if po is not None else None
            state = state_of(msg)
            status.results[m.context] = Lookup(state, msg.string if state == TRANSLATED else "",
                                               msg.lineno if msg is not None and msg.lineno else 0)
        if po is not None:
            status.drift = drift(po, pot)
        out[locale] = status
    return Translations(catalog, messages, out), problems


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
    for name in names:
        stem, dot, ext = name.rpartition(".")
        if dot and ext == "po" and stem not in targets:
            why = (f"'{short(stem, 40, quote=False)}' is the source locale: its text is the catalog itself; "
                   "remove the file" if stem == catalog.source_locale else
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


def report(translations: Translations, limit: int = 10) -> list[str]:
    """The translation status as log lines: one per locale, plus what to do."""
    cat = translations.catalog
    if len(cat.locales) < 2:
        return []
    src = locale_name(cat.source_locale)
    lines = [f"Translations: {len(translations.messages)} messages in {src.english} ({src.id})"]
    for st in translations.locales.values():
        c = st.counts
        line = (f"  {st.locale} ({st.name.english}): {c.translated} translated ({c.percent(TRANSLATED)}%), "
                f"{c.fuzzy} fuzzy, {c.missing} missing")
        todo = st.todo()
        if todo:
            more = f" and {len(todo) - limit} more" if len(todo) > limit else ""
            line += f"; to do: {', '.join(todo[:limit])}{more}"
        lines.append(line)
        if not st.exists:
            lines.append(f"  {st.locale}: {st.path} does not exist; run `error-catalog update`")
        elif st.drift:
            lines.append(f"  {st.locale}: {st.path} is out of date with the catalog ({st.drift.summary()}); "
                         "run `error-catalog update`")
    return lines

"""Rules across entries: every code, alias, number, anchor and permalink path
names one entry, ignoring case and separators where hosts or readers would."""
from __future__ import annotations

from . import permalinks
from .model import Catalog, Entry
from .problems import Problems


def _where(e: Entry, name: str = "") -> str:
    return f"{e.file}:{e.line_of(name) if name else e.line}"


def check_unique(entries: list[Entry], problems: Problems, unread: list[str | None]) -> None:
    """Codes, anchors, numbers and aliases are unique; references name real codes.

    `unread`: the text of entries left unread for a problem of their own (None: not
    readable as text); a reference that may name a code in one is not called unknown.
    """
    codes: dict[str, Entry] = {}
    anchors: dict[str, Entry] = {}
    numbers: dict[int, Entry] = {}
    for e in entries:
        if e.code in codes:  # its anchor is the first one's too: not a second report
            problems.add(e.file, e.line_of("code"), "code",
                         f"duplicate code (first defined at {_where(codes[e.code], 'code')})", e.code)
        else:
            codes[e.code] = e
            other = anchors.get(e.anchor)
            if other is not None:
                problems.add(e.file, e.line_of("code"), "code",
                             f"same anchor '#{e.anchor}' as '{other.code}' ({_where(other, 'code')}); "
                             "codes may not differ only in case or separators", e.code)
            anchors.setdefault(e.anchor, e)
        if e.number is not None:
            if e.number in numbers:
                first = numbers[e.number]
                problems.add(e.file, e.line_of("number"), "number",
                             f"number {e.number} is already used by '{first.code}' ({_where(first, 'number')})",
                             e.code)
            numbers.setdefault(e.number, e)
    aliases: dict[str, Entry] = {}
    for e in entries:
        for a in e.aliases:
            if a in codes:
                problems.add(e.file, e.line_of("aliases"), "aliases",
                             f"alias '{a}' is also a code ({_where(codes[a], 'code')})", e.code, a)
            elif a in aliases and aliases[a] is not e:
                problems.add(e.file, e.line_of("aliases"), "aliases",
                             f"alias '{a}' is already an alias of '{aliases[a].code}' "
                             f"({_where(aliases[a], 'aliases')})", e.code, a)
            aliases.setdefault(a, e)
    for e in entries:
        if (e.replaced_by and e.replaced_by != e.code and e.replaced_by not in codes
                and not any(t is None or e.replaced_by in t for t in unread)):
            problems.add(e.file, e.line_of("replaced_by"), "replaced_by",
                         f"unknown code '{e.replaced_by}'", e.code)


def _origins(catalog: Catalog, e: Entry) -> dict[str, tuple[str, str]]:
    """Each permalink path of `e` -> the field it comes from (code, number or aliases)
    and what in it: the field itself, or for an alias's paths the alias.

    Asks `permalinks.paths_of` (what `permalink_paths` returns) with fewer fields set, so it can never
    disagree with the paths the outputs publish.
    """
    out: dict[str, tuple[str, str]] = {}
    steps = [("code", None, (), "code"), ("number", e.number, (), "number"),
             *(("aliases", e.number, (a,), a) for a in e.aliases)]
    for name, number, aliases, what in steps:
        for p in permalinks.paths_of(catalog, e.code, number, aliases):
            out.setdefault(p, (name, what))
    return out


def check_paths(catalog: Catalog, problems: Problems) -> None:
    """No two entries may share a permalink path, ignoring case (hosts differ on case).

    What already has a problem (a duplicate code or number, an anchor collision,
    one duplicate alias) is not reported again for the path it implies; an
    entry's other aliases still are.
    """
    reported = {(p.file, p.code, p.field, p.field) for p in problems.items if p.field != "aliases"}
    reported |= problems.about_items
    owner: dict[str, tuple[Entry, str, str, str]] = {}
    for e in catalog.entries:
        for p, (name, what) in _origins(catalog, e).items():
            other, other_path, other_name, other_what = owner.setdefault(p.lower(), (e, p, name, what))
            if other is e or {(e.file, e.code, name, what),
                              (other.file, other.code, other_name, other_what)} & reported:
                continue
            clash = "is also a permalink" if other_path == p else f"differs only in case from {other_path}, a permalink"
            problems.add(e.file, e.line_of(name), name,
                         f"permalink {p} {clash} of '{other.code}' ({_where(other, other_name)})", e.code)
            reported.add((e.file, e.code, name, what))
    # Each permalink is a file <path>/index.html in the built site: no such file
    # may sit where another permalink needs a folder ('x' and 'x/index.html').
    files = {p.strip("/") + "/index.html": v for p, v in owner.items()}
    for low, (e, p, name, what) in sorted(owner.items()):
        parts = low.strip("/").split("/")
        for i in range(1, len(parts) + 1):
            hit = files.get("/".join(parts[:i]))
            if hit is not None and hit[0] is not e and (e.file, e.code, name, what) not in reported:
                problems.add(e.file, e.line_of(name), name,
                             f"permalink {p} needs a folder where the permalink {hit[1]} of '{hit[0].code}' "
                             f"({_where(hit[0], hit[2])}) puts its page {hit[1].strip('/')}/index.html", e.code)
                reported.add((e.file, e.code, name, what))


def check_spellings(catalog: Catalog, problems: Problems) -> None:
    """Separator variants: 'token/expired' and an alias 'TOKEN_EXPIRED' of another
    entry read as one code. Two codes are reported by check_unique (same anchor)
    and pure case variants by check_paths (same path), so only the rest here."""
    spelled: dict[str, tuple[Entry, str, bool]] = {}
    for e in catalog.entries:
        for name, is_code in ((e.code, True), *((a, False) for a in e.aliases)):
            other, other_name, other_is_code = spelled.setdefault(permalinks.anchor(name), (e, name, is_code))
            if other is e or (is_code and other_is_code) or name.lower() == other_name.lower():
                continue
            what = "code" if is_code else f"alias '{name}'"
            theirs = f"code '{other_name}'" if other_is_code else f"alias '{other_name}' of '{other.code}'"
            problems.add(e.file, e.line, "code" if is_code else "aliases",
                         f"{what} differs only in case or separators from {theirs} ({_where(other)})", e.code)


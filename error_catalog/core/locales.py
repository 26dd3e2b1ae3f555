"""Translations of entry messages: the public names, from the modules that do the work.

The catalog's messages and their POT template (potemplate), reading a PO file
(poread, after a strict syntax check: posyntax), locale names from CLDR
(localenames), per locale and message whether it is translated, fuzzy or
missing and how a PO file drifted (translationstate), and that state as log
lines (translationreport). None of them knows HTML or
MkDocs, and none keeps anything between calls.
"""
from __future__ import annotations

from .localenames import LocaleName, babel_locale, locale_name
from .poread import MAX_PO_BYTES, PoReading, plural_problems, read_po, unquote
from .potemplate import (LOCALES_DIR, TEMPLATE_FILE, VARIANT_SEP, SourceMessage, now, po_path, source_messages,
                         template, template_path)
from .translationreport import report
from .translationstate import (FUZZY, MISSING, STATES, TRANSLATED, Counts, Drift, LocaleStatus, Lookup, ReadPo,
                               Translations, completeness, drift, load, state_of, untranslated_problems)

__all__ = ["FUZZY", "LOCALES_DIR", "MAX_PO_BYTES", "MISSING", "STATES", "TEMPLATE_FILE", "TRANSLATED",
           "VARIANT_SEP", "Counts", "Drift", "LocaleName", "LocaleStatus", "Lookup", "PoReading", "ReadPo",
           "SourceMessage", "Translations", "babel_locale", "completeness", "drift", "load", "locale_name", "now",
           "plural_problems", "po_path", "read_po", "report", "source_messages", "state_of", "template",
           "template_path", "unquote", "untranslated_problems"]

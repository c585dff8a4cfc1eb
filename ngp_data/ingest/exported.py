"""Our own Esporta workbook uploaded back: the filters its "Filtri" sheet says were applied.

An export made with filters holds only part of the portfolio; uploaded as it is, it would replace every
table it carries with that part (the rows outside the filters removed). The reader hands the "Filtri"
sheet's first rows here, and a filtered export becomes ``Prepared.filtered``: a flag of its own, not a
``Problem`` (nothing in the file is wrong, and no cell is to blame), which the Dati page states before the
preview and the command line refuses without ``--replace-all``. An export without filters (every filter
"nessuno") is a full copy of the data and raises nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..formats import fmt_date
from ..labels import t
from ..schema import FILTERS_SHEET, fold
from .problems import escape_controls

FILTERS_SHEETS = (FILTERS_SHEET, "Filters")          # as output.export writes it, in Italian and in English
FILTER_KEYS = ("f_mission", "f_component", "f_partner", "f_state", "f_call", "f_outcome", "f_from", "f_to")
VALUE_CHARS = 200                                     # of one filter's values, as shown

_LANGS = ("it", "en")
_SHEETS = {fold(name) for name in FILTERS_SHEETS}
_TITLES = {fold(t("exp_filters_title", lang)) for lang in _LANGS}
_UNSET = {fold(t("exp_none", lang)) for lang in _LANGS}
_LABELS = {fold(t(key, lang)): key for key in FILTER_KEYS for lang in _LANGS}


@dataclass(frozen=True)
class ExportFilters:
    """The filters an uploaded export was made with: (filter label as written, its values as written)."""

    file: str
    filters: tuple[tuple[str, str], ...]

    def describe(self) -> str:
        """``Missione: M2 · Rivoluzione verde e transizione ecologica; Partner: ALIA`` (controls escaped)."""
        return "; ".join(f"{label}: {value}" for label, value in self.filters)


def is_filters_sheet(name: str) -> bool:
    return fold(name) in _SHEETS


def read_filters(file: str, rows: list[list]) -> ExportFilters | None:
    """The filters applied, from the rows of a "Filtri" sheet: the lines of its "Filtri applicati" section
    whose value is not "nessuno". None when no filter was applied or the sheet is not ours."""
    start = next((i for i, row in enumerate(rows) if row and _text(row[0]) and fold(row[0]) in _TITLES), None)
    if start is None:
        return None
    found = []
    for row in rows[start + 1:]:
        label = row[0] if row else None
        if not _text(label):
            break                                      # the section ends at the first blank line
        value = row[1] if len(row) > 1 else None
        if fold(label) not in _LABELS or value is None or (_text(value) and fold(value) in _UNSET):
            continue
        if isinstance(value, dt.datetime | dt.date):
            shown = fmt_date(value)
        else:
            shown = str(value).strip()
            if not shown:
                continue
            if len(shown) > VALUE_CHARS:
                shown = shown[:VALUE_CHARS - 1] + "…"
        found.append((escape_controls(str(label).strip()), escape_controls(shown)))
    return ExportFilters(file, tuple(found)) if found else None


def _text(value) -> bool:
    return isinstance(value, str) and value.strip() != ""

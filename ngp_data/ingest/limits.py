"""The limits an upload must keep, the error a file that breaks them raises, and what the pre-flight
learns of a sheet: shared by the pre-flight (``guard``), the sheet scanners (``scan_xlsx``, ``scan_ods``),
the reader and the parser child. docs/RELIABILITY.md explains each value; docs/OPERATIONS.md lists them.
"""

from __future__ import annotations

import re
import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

# Limits (docs/RELIABILITY.md explains each value).
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_ZIP_MEMBERS = 1000
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ROWS = 200_000                     # data rows; a sheet may hold a few more (title, header)
MAX_SHEET_ROWS = MAX_ROWS + 20
MAX_COLUMNS = 200
EXCEL_MAX_COLUMNS = 16_384               # XFD: beyond it a sheet is damaged, not big
PARSE_TIMEOUT_S = 60
PARSE_MEMORY_BYTES = 2 * 1024 ** 3
PREFLIGHT_SECONDS = 10                 # the pre-flight runs in the app's process: its own budget
FORMULAS_NAMED = 10                    # uncached formulas named in the message (all are counted)
PREPARE_SECONDS = 120                  # the whole prepare (pre-flight, parse, validation, diff): wall clock

# Fragments of the scanners' patterns, which never backtrack across a tag: a namespace prefix, and one
# attribute (values never hold "<", which XML forbids, so a match that starts at "<" ends by the next "<").
NS = rb"(?:[\w.-]+:)?"
ATTR = rb'\s+[^\s=<>/"\']+\s*=\s*(?:"[^"<]*"|\'[^\'<]*\')'
ATTR_PARTS_RE = re.compile(rb'([^\s=<>/"\']+)\s*=\s*(?:"([^"<]*)"|\'([^\'<]*)\')')


class Unreadable(Exception):
    """The file cannot be read; ``str()`` is the Italian reason (without the file name)."""


@dataclass
class SheetInfo:
    """What the pre-flight learnt about one sheet of an .xlsx."""

    name: str
    state: str = "visible"                       # visible | hidden | veryHidden
    max_row: int = 0
    max_col: int = 0
    formulas_without_value: list[str] = field(default_factory=list)   # the first cell refs, e.g. "E7"
    formulas_without_value_count: int = 0
    formulas_all_zero: bool = False              # every formula's cached value is 0 (never recalculated?)


class OverBudget(Exception):
    """The whole prepare ran past ``PREPARE_SECONDS``; ``str()`` is the Italian message naming the limit."""

    def __init__(self) -> None:
        super().__init__(f"il caricamento ha superato il tempo massimo di {PREPARE_SECONDS} secondi (lettura, "
                         f"controlli e confronto con la versione attiva) e si è fermato: nulla è stato salvato. Il "
                         f"file è troppo grande o troppo complesso: dividilo in file più piccoli e ricaricalo.")


_DEADLINE: ContextVar[float | None] = ContextVar("ngp_prepare_deadline", default=None)   # one per session thread


def clock() -> float:
    """The clock the budgets are read on (tests replace it: no test waits for a budget to run out)."""
    return time.monotonic()


@contextmanager
def budget():
    """Run the block under the whole-prepare budget (``PREPARE_SECONDS``, read now); nested blocks share
    the outer one."""
    if _DEADLINE.get() is not None:
        yield
        return
    token = _DEADLINE.set(clock() + PREPARE_SECONDS)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def remaining() -> float:
    """Seconds left in the running budget (infinite outside one)."""
    deadline = _DEADLINE.get()
    return float("inf") if deadline is None else deadline - clock()


def check_budget() -> None:
    """Raise OverBudget once the running budget is spent (a no-op outside one)."""
    if remaining() <= 0:
        raise OverBudget()


def check_time(deadline: float | None) -> None:
    """Refuse once the whole prepare's budget, or the pre-flight's own (``PREFLIGHT_SECONDS``, read now), has
    run out."""
    check_budget()
    if deadline is not None and time.monotonic() > deadline:
        raise Unreadable(f"il controllo del file ha superato {PREFLIGHT_SECONDS} secondi: il file è troppo grande o "
                         f"troppo complesso per essere letto.")


def col_number(letters: bytes) -> int:
    """``b"AB"`` -> 28."""
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n

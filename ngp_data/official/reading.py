"""Official files read with DuckDB's CSV reader and converted in SQL: text in, typed columns and problems out.

Why in this process and not in a child like the workbook parser: DuckDB's CSV reader is a C++ state
machine, linear in the bytes, that reports a malformed file as an error (a row with too few fields, a
quote never closed, bytes that are not UTF-8), never by aborting; its memory is bounded by the
``memory_limit`` of the private in-memory connection used here (:data:`READ_MEMORY`, spilling to a
temporary folder beyond it), and a :class:`threading.Timer` interrupts it past the time budget
(``files.READ_SECONDS``). A child would have to send back the kept rows (pickled) and would
read with the same code. The store's own connection is never used for untrusted bytes.

Every file is read once: one pass that counts the rows, takes the newest ``Data di Estrazione`` and
keeps, as a list, only the rows the predicate selects (the Comune's), each with its row number. All
conversions then run in SQL over the kept rows, column by column (vectorised, never row by row):
placeholders (``N/A``, ``N/D``, ``00/01/1900``) become empty, amounts and values follow the Italian
writing (``2309584,7``, ``7.000,00``; PA digitale writes ``14000.0``), dates ``DD/MM/YYYY`` or ISO,
Italian month names become 1..12, codes get their lost leading zeros back.
"""

from __future__ import annotations

import re
import threading
import time

import duckdb
import pandas as pd

from ..ingest.limits import Unreadable
from ..kinds import AMOUNT, CODE, CUP_KIND, DATE, INT, NUMBER, PCT
from ..official_schema import PA_DIGITALE, PA_DIGITALE_APPLICATIONS, PLACEHOLDERS, SOURCE_OF
from ..schema import Column, Table
from . import files as _files
from .files import CheckedFile

READ_MEMORY = "512MB"
MONTHS = ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre",
          "ottobre", "novembre", "dicembre")
_TAX_CODES = {"implementer_tax_code", "tax_code"}
_IT_NUMBER = r"^-?([0-9]+|[0-9]{1,3}(\.[0-9]{3})+)(,[0-9]+)?$"
_EN_NUMBER = r"^-?[0-9]+(\.[0-9]+)?$"
_PLACEHOLDERS_SQL = ", ".join(f"'{p}'" for p in PLACEHOLDERS)     # constants of ours, not user values


def connect(temp_dir: str) -> duckdb.DuckDBPyConnection:
    """A private in-memory DuckDB for reading untrusted files: bounded memory, spilling to ``temp_dir``."""
    return duckdb.connect(":memory:", config={"memory_limit": READ_MEMORY, "threads": 2,
                                              "temp_directory": temp_dir, "preserve_insertion_order": True})


class Budget:
    """The time budget of one import: each statement runs under a timer that interrupts DuckDB."""

    def __init__(self, seconds: float | None = None):
        self.seconds = _files.READ_SECONDS if seconds is None else seconds
        self.deadline = time.monotonic() + self.seconds

    def run(self, con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise Unreadable(self.message())
        timer = threading.Timer(left, con.interrupt)
        timer.start()
        try:
            return con.execute(sql, params or [])
        except duckdb.InterruptException:
            raise Unreadable(self.message()) from None
        finally:
            timer.cancel()

    def message(self) -> str:
        return (f"la lettura ha superato {self.seconds:.0f} secondi: il file è troppo grande o danneggiato, "
                "oppure il server è occupato. Riprova.")


# --- SQL pieces (column expressions are built from our own names; values are always bound) --------------
def clean(expr: str) -> str:
    """Trimmed text, with the portal's placeholders and the empty string as NULL."""
    return f"CASE WHEN trim({expr}) IN ('', {_PLACEHOLDERS_SQL}) THEN NULL ELSE trim({expr}) END"


def digits_padded(expr: str, width: int) -> str:
    """A code of digits with its lost leading zeros restored (``5`` -> ``005``); other text unchanged."""
    return (f"CASE WHEN regexp_full_match({expr}, '[0-9]+') AND length({expr}) < {width} "
            f"THEN lpad({expr}, {width}, '0') ELSE {expr} END")


def norm_cup(expr: str) -> str:
    return f"upper({clean(expr)})"


def norm_comune(table: Table, raw: str = "") -> str:
    """The 6-digit ISTAT code of a row: Localizzazione writes province and comune apart (``100`` + ``5``)."""
    comune = clean(f"{raw}comune_code")
    if table is PA_DIGITALE_APPLICATIONS:
        return digits_padded(comune, 6)
    province = digits_padded(clean(f"{raw}province_code"), 3)
    return (f"CASE WHEN regexp_full_match({comune}, '[0-9]{{1,3}}') AND regexp_full_match({province}, '[0-9]{{3}}') "
            f"THEN {province} || lpad({comune}, 3, '0') ELSE {digits_padded(comune, 6)} END")


def norm_tax(expr: str) -> str:
    return digits_padded(clean(expr), 11)


def _number(expr: str, italian: bool) -> str:
    v = clean(expr)
    if italian:
        return (f"CASE WHEN regexp_full_match({v}, '{_IT_NUMBER}') "
                f"THEN TRY_CAST(replace(replace({v}, '.', ''), ',', '.') AS DOUBLE) END")
    return f"CASE WHEN regexp_full_match({v}, '{_EN_NUMBER}') THEN TRY_CAST({v} AS DOUBLE) END"


def _date(expr: str) -> str:
    v = clean(expr)
    return (f"CASE WHEN regexp_full_match({v}, '[0-9]{{1,2}}/[0-9]{{1,2}}/[0-9]{{4}}') "
            f"THEN CAST(try_strptime({v}, '%d/%m/%Y') AS DATE) "
            f"WHEN regexp_full_match({v}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}([T ].*)?') "
            f"THEN try_cast(left({v}, 10) AS DATE) END")


def _month(expr: str) -> str:
    v = clean(expr)
    names = " ".join(f"WHEN '{m}' THEN {i}" for i, m in enumerate(MONTHS, 1))
    return (f"CASE WHEN regexp_full_match({v}, '[0-9]{{1,2}}') AND TRY_CAST({v} AS INTEGER) BETWEEN 1 AND 12 "
            f"THEN TRY_CAST({v} AS INTEGER) ELSE CASE lower({v}) {names} END END")


def converted(table: Table, col: Column, raw: str = "") -> tuple[str, str]:
    """SQL for the stored value of ``col`` from its raw text, and the reason (Italian) when it fails."""
    src = f"{raw}{col.name}"
    italian = SOURCE_OF[table.name] != PA_DIGITALE
    kind = col.kind
    if col.name == "comune_code":
        return norm_comune(table, raw), ""
    if col.name in ("region_code", "province_code"):
        return digits_padded(clean(src), 3), ""
    if col.name in _TAX_CODES:
        return norm_tax(src), ""
    if col.name == "postcode":
        return digits_padded(clean(src), 5), ""
    if kind == CUP_KIND:
        return norm_cup(src), ""
    if kind == AMOUNT:
        num = _number(src, italian)
        return (f"CASE WHEN abs({num}) < 1e15 THEN round({num}, 2) END",
                "non è un importo (si attende per esempio " + ("2309584,7" if italian else "14000.0") + ").")
    if kind == NUMBER:
        return _number(src, italian), "non è un numero (si attende per esempio 7.000,00)."
    if kind == PCT:
        num = _number(f"replace({src}, '%', '')", italian)
        return (f"CASE WHEN {num} BETWEEN 0 AND 100 THEN {num} / 100 END",
                "non è una percentuale tra 0 e 100.")
    if kind == DATE:
        return _date(src), "non è una data (si attende GG/MM/AAAA)."
    if kind == INT and col.name == "month":
        return _month(src), "non è un mese (gennaio…dicembre o 1…12)."
    if kind == INT:
        v = clean(src)
        return (f"CASE WHEN regexp_full_match({v}, '[0-9]{{1,9}}') THEN TRY_CAST({v} AS BIGINT) END",
                "non è un numero intero.")
    assert kind in (CODE, "text"), kind
    return clean(src), ""


# --- reading one file -------------------------------------------------------------------------------
def _source(checked: CheckedFile, table: Table) -> str:
    """A SELECT of the table's columns (text) from the file, with each record's number as ``_row``."""
    n = len(checked.recognised.headers)
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(n)) + "}"
    fields = []
    for col in table.columns:
        pos = _files.position_of(checked.recognised, table, col)
        fields.append(f"CAST(NULL AS VARCHAR) AS {col.name}" if pos is None else f"c{pos} AS {col.name}")
    delim = {";": ";", ",": ",", "\t": "\\t"}[checked.delimiter]
    return (f"SELECT row_number() OVER () AS _row, {', '.join(fields)} FROM read_csv(?, header=true, "
            f"auto_detect=false, columns={columns}, delim='{delim}', quote='\"', escape='\"', "
            f"strict_mode=true, encoding='utf-8', all_varchar=true)")


def create_raw(con, table: Table) -> str:
    """The temporary table of one official table's kept raw rows (every file of it); its name."""
    name = f"raw_{table.name}"
    cols = ", ".join(f"{c.name} VARCHAR" for c in table.columns)
    con.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} (_file INTEGER, _row BIGINT, {cols})")
    return name


def scan(con, budget: Budget, checked: CheckedFile, table: Table, file_no: int, keep: str = "TRUE",
         params: list | None = None) -> tuple[int, object]:
    """Read one file once: its rows counted, the newest extraction date, the rows ``keep`` selects appended
    to the table's raw rows (numbered in the file). Returns (rows read, extraction date)."""
    raw = create_raw(con, table)
    names = ", ".join(f"{c.name} := {c.name}" for c in table.columns)
    extracted = (_date("extracted_on") if "extracted_on" in table.column_by_name else "CAST(NULL AS DATE)")
    sql = (f"CREATE OR REPLACE TEMP TABLE _scan AS SELECT count(*) AS n, max({extracted}) AS ex, "
           f"list(struct_pack(_row := _row, {names})) FILTER (WHERE {keep}) AS kept FROM ({_source(checked, table)})")
    try:
        budget.run(con, sql, [*(params or []), str(checked.path)])   # FILTER comes first
    except duckdb.Error as exc:
        raise Unreadable(csv_error(str(exc), len(checked.recognised.headers))) from None
    n, ex = con.execute("SELECT n, ex FROM _scan").fetchone()
    budget.run(con, f"INSERT INTO {raw} SELECT ?, unnest(kept, recursive := true) FROM _scan", [file_no])
    return int(n), ex


_LINE = re.compile(r"CSV Error on Line: (\d+)")
_COLUMNS = re.compile(r"Expected Number of Columns: (\d+) Found: (\d+)")


def csv_error(text: str, n_headers: int) -> str:
    """DuckDB's reading error as an Italian sentence, with the file's line when DuckDB gives it."""
    line = _LINE.search(text)
    where = f"alla riga {line.group(1)}" if line else "in un punto del file"
    found = _COLUMNS.search(text)
    if "unterminated quote" in text:
        return (f"il file è malformato {where}: un campo tra virgolette non viene mai chiuso (file troncato o "
                "danneggiato?). Scarica di nuovo il file dal portale.")
    if found:
        return (f"il file è malformato {where}: la riga ha {found.group(2)} campi invece dei {n_headers} "
                "dell'intestazione (file troncato o separatore sbagliato?). Scarica di nuovo il file dal portale.")
    if "unicode" in text.lower() or "utf" in text.lower():
        return f"il file contiene byte non validi {where}: salvalo o scaricalo di nuovo in UTF-8."
    return f"il file non può essere letto come CSV {where}: scaricalo di nuovo dal portale."


# --- converting the kept rows ---------------------------------------------------------------------
def convert(con, budget: Budget, table: Table, cap: int) -> tuple[pd.DataFrame, list[tuple], int]:
    """The table's kept rows typed (in file order), the first ``cap`` failures (file number, row, column,
    value, reason) and how many failures there are in all. Each expression is evaluated once: the typed
    values and the trimmed text beside them go to one temporary table, the checks compare the two."""
    raw = f"raw_{table.name}"
    exprs = {c.name: converted(table, c) for c in table.columns}
    checked = [name for name, (_, reason) in exprs.items() if reason]
    select = ", ".join([f"{sql} AS {name}" for name, (sql, _) in exprs.items()]
                       + [f"{clean(name)} AS _text_{name}" for name in checked])
    budget.run(con, f"CREATE OR REPLACE TEMP TABLE _typed AS SELECT _file, _row, {select} FROM {raw}")
    frame = budget.run(con, f"SELECT {', '.join(table.names)} FROM _typed ORDER BY _file, _row").fetchdf()
    if not checked:
        return frame, [], 0
    union = " UNION ALL ".join(
        f"SELECT _file, _row, ? AS col, _text_{name} AS value, ? AS reason FROM _typed "
        f"WHERE _text_{name} IS NOT NULL AND {name} IS NULL" for name in checked)
    params = [p for name in checked for p in (name, exprs[name][1])]
    rows = budget.run(con, f"SELECT *, count(*) OVER () AS n FROM ({union}) ORDER BY _file, _row, col LIMIT ?",
                      [*params, cap]).fetchall()
    return frame, [r[:5] for r in rows], int(rows[0][5]) if rows else 0

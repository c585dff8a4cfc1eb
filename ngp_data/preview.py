"""The Dati page's data side: an upload's problems and changes as display tables, the headline figures
before and after, the problems workbook, the version history and which originals are safe to hand out.

Pure functions over ``imports.Prepared`` and the store; no Streamlit. The "after" figures are the very
``queries.kpis`` SQL run on a throw-away in-memory store that holds the would-be version, so the preview
can never disagree with what the dashboard will show once the upload is confirmed.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

import pandas as pd

from .analytics import queries
from .ingest import guard
from .ingest.pipeline import Prepared
from .ingest.problems import ERROR, WARNING, Problem
from .labels import fmt_date, fmt_eur, fmt_number, t, value_label
from .schema import AMOUNT, BOOL, CHOICE, DATE, TABLE_BY_NAME, TABLES, Column
from .store import SourceFile, Store, Version

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The headline figures the preview compares: (label key, Kpis field, kind).
FIGURES: tuple[tuple[str, str, str], ...] = (
    ("kpi_cards", "n_cards", "int"),
    ("n_requests", "n_requests", "int"),
    ("kpi_budget", "budget_total", "eur"),
    ("kpi_requested", "amount_requested", "eur"),
    ("kpi_granted", "amount_granted", "eur"),
    ("kpi_pending", "n_pending", "int"),
    ("dati_fig_pending_amount", "amount_pending", "eur"),
)


# --- problems ------------------------------------------------------------------------------------------

def split_problems(problems: list[Problem]) -> tuple[list[Problem], list[Problem], list[Problem]]:
    """(errors, warnings, notes): errors block the upload, warnings let it through, notes just inform."""
    errors = [p for p in problems if p.severity == ERROR]
    warnings = [p for p in problems if p.severity == WARNING]
    notes = [p for p in problems if p.severity not in (ERROR, WARNING)]
    return errors, warnings, notes


def problems_frame(problems: list[Problem], lang: str = "it") -> pd.DataFrame:
    """One row a problem: file, sheet, spreadsheet row, column as written, message (Italian)."""
    return pd.DataFrame({
        t("dati_col_file", lang): [p.file for p in problems],
        t("dati_col_sheet", lang): [p.sheet for p in problems],
        t("dati_col_row", lang): pd.array([p.row for p in problems], dtype="Int64"),
        t("dati_col_column", lang): [p.column for p in problems],
        t("dati_col_message", lang): [p.message for p in problems],
    })


# --- preview of changes ----------------------------------------------------------------------------------

@dataclass
class TableChange:
    """What an upload does to one table, ready to show (values formatted as text)."""

    table: str
    label: str
    n_rows: int                      # rows of the table after the upload
    n_added: int
    n_removed: int
    n_changed_rows: int
    added: pd.DataFrame
    removed: pd.DataFrame
    changed: pd.DataFrame            # key columns..., column, before, after

    @property
    def empty(self) -> bool:
        return not (self.n_added or self.n_removed or self.n_changed_rows)


@dataclass(frozen=True)
class FigureChange:
    label_key: str
    kind: str                        # int | eur
    before: float
    after: float

    @property
    def delta(self) -> float:
        return self.after - self.before


@dataclass
class UploadPreview:
    base_version: int | None
    tables: list[TableChange]                      # the uploaded tables, schema order
    carried: list[str]                             # tables not in the upload (kept from the active version)
    figures: list[FigureChange] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return any(not tc.empty for tc in self.tables)


def display_value(col: Column, value, lang: str = "it") -> str:
    """A stored value as the interface shows it (``1.234,56 €``, ``gg/mm/aaaa``, sì/no); empty -> ''."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if col.kind == AMOUNT:
        return fmt_eur(float(value), lang, 2)
    if col.kind == DATE:
        return fmt_date(value, lang)
    if col.kind == BOOL:
        return t("dati_yes" if value else "dati_no", lang)
    if col.kind == CHOICE:
        return value_label(str(value), lang)
    return str(value)


def display_rows(table: str, frame: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    """A table's rows with its headers in ``lang`` and every value formatted as text."""
    schema = TABLE_BY_NAME[table]
    return pd.DataFrame({c.label(lang): [display_value(c, v, lang) for v in frame[c.name].tolist()]
                         if c.name in frame else [""] * len(frame) for c in schema.columns})


def display_changed(table: str, changed: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    """The changed cells: key, column, value before, value after (one row a cell)."""
    schema = TABLE_BY_NAME[table]
    out = {schema.column(k).label(lang): changed[k].astype(object).tolist() for k in schema.key}
    cols = [schema.column(c) for c in changed["column"]]
    out[t("dati_col_changed", lang)] = [c.label(lang) for c in cols]
    out[t("dati_col_before", lang)] = [display_value(c, v, lang) for c, v in zip(cols, changed["old"], strict=True)]
    out[t("dati_col_after", lang)] = [display_value(c, v, lang) for c, v in zip(cols, changed["new"], strict=True)]
    return pd.DataFrame(out)


def would_be_tables(prepared: Prepared, store: Store) -> dict[str, pd.DataFrame]:
    """Every table as the new version would hold it: the uploaded ones replaced, the others carried over."""
    current = store.tables(prepared.base_version) if prepared.base_version is not None else {}
    frames = prepared.checked.frames
    return {tb.name: frames[tb.name] if tb.name in frames else current.get(tb.name, _empty(tb.name))
            for tb in TABLES}


def kpis_after(prepared: Prepared, store: Store) -> queries.Kpis:
    """The headline figures the dashboard would show once the upload is confirmed (nothing is written)."""
    scratch = Store(":memory:")
    try:
        version = scratch.commit(would_be_tables(prepared, store), author="anteprima")
        return queries.kpis(scratch, version)
    finally:
        scratch.close()


def build_preview(prepared: Prepared, store: Store, lang: str = "it") -> UploadPreview:
    """Rows added, removed and changed per uploaded table, and the figures before and after."""
    if not prepared.ok:
        raise ValueError("build_preview needs an upload without errors")
    tables = []
    for name in prepared.tables:
        diff = prepared.changes[name]
        tables.append(TableChange(
            table=name, label=TABLE_BY_NAME[name].label(lang), n_rows=len(prepared.checked.frames[name]),
            n_added=len(diff.added), n_removed=len(diff.removed), n_changed_rows=diff.n_changed_rows,
            added=display_rows(name, diff.added, lang), removed=display_rows(name, diff.removed, lang),
            changed=display_changed(name, diff.changed, lang)))
    carried = [tb.label(lang) for tb in TABLES if tb.name not in prepared.checked.frames]
    after = kpis_after(prepared, store)
    figures = []
    if prepared.base_version is not None:
        before = queries.kpis(store, prepared.base_version)
        figures = [FigureChange(key, kind, float(getattr(before, f)), float(getattr(after, f)))
                   for key, f, kind in FIGURES]
    else:
        figures = [FigureChange(key, kind, 0.0, float(getattr(after, f))) for key, f, kind in FIGURES]
    return UploadPreview(prepared.base_version, tables, carried, figures)


def fmt_figure(kind: str, value: float, lang: str = "it") -> str:
    return fmt_eur(value, lang) if kind == "eur" else fmt_number(value, lang)


def fmt_delta(kind: str, value: float, lang: str = "it") -> str:
    """``+1.234 €`` / ``-3`` (ASCII minus: st.metric reads the sign from it); ``=`` when nothing changes."""
    if round(value, 2) == 0:
        return "="
    sign = "+" if value > 0 else "-"
    return sign + fmt_figure(kind, abs(value), lang)


# --- history ---------------------------------------------------------------------------------------------

def history_frame(versions: list[Version], active: int | None, lang: str = "it") -> pd.DataFrame:
    """Every version, newest first: number, date, author, what it was, comment, files, rows per table."""
    rows = []
    for v in reversed(versions):
        if v.kind == "rollback":
            kind = t("dati_kind_rollback", lang, n=v.source_version)
        elif v.kind == "demo":
            kind = t("dati_kind_demo", lang)
        else:
            kind = t("dati_kind_import", lang)
        row = {
            t("dati_col_version", lang): v.version_id,
            t("dati_col_active", lang): "●" if v.version_id == active else "",
            t("dati_col_date", lang): f"{v.created_at:%d/%m/%Y %H:%M}",
            t("dati_col_author", lang): v.author,
            t("dati_col_kind", lang): kind,
            t("dati_col_comment", lang): v.comment,
            t("dati_col_files", lang): v.file_names,
        }
        for tb in TABLES:
            row[tb.label(lang)] = v.counts.get(tb.name, 0)
        rows.append(row)
    return pd.DataFrame(rows)


_MACRO_MEMBERS = ("vbaproject.bin", "xl/macrosheets/", "xl/dialogsheets/", "xl/activex/", "xl/embeddings/",
                  "basic/", "scripts/")


def safe_to_serve(file: SourceFile) -> bool:
    """True when an original upload may be handed out as it is: a CSV, or an .xlsx/.ods with no macro,
    ActiveX control or embedded object. Never an .xlsm, .xls or anything we cannot inspect
    (RELIABILITY.md 1.6): for those the page offers the data re-written instead."""
    suffix = PurePath(file.name).suffix.lower()
    try:
        fmt = guard.sniff_format(file.name, file.content)
    except guard.Unreadable:
        return False
    if fmt == guard.CSV:
        return suffix == ".csv"
    if fmt not in (guard.XLSX, guard.ODS) or suffix not in (".xlsx", ".ods"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(file.content)) as zf:
            names = [n.lower() for n in zf.namelist()]
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return not any(m in n for n in names for m in _MACRO_MEMBERS)


def safe_file_name(name: str, fallback: str = "file") -> str:
    """A download name without folders or control characters."""
    base = PurePath(name.replace("\\", "/")).name
    base = re.sub(r"[\x00-\x1f\x7f\"<>|:*?]", "_", base).strip(" .")
    return base or fallback


def _empty(name: str) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in TABLE_BY_NAME[name].names})

"""The Dati page's tables and figures as shown: the problems of an upload, its preview (rows added, removed,
changed; the headline figures after it) and the version history, in the interface language.

The data comes from ``ngp_data.ingest.preview`` (what an upload would do) and the store (versions).
"""

from __future__ import annotations

import pandas as pd

from ngp_data import kinds
from ngp_data.formats import fmt_datetime, fmt_eur, fmt_eur_short, fmt_number
from ngp_data.ingest.preview import TableChange
from ngp_data.ingest.problems import Problem
from ngp_data.labels import author_label, t
from ngp_data.schema import TABLES
from ngp_data.store import Version

from .changes import changes_frame, rows_frame
from .tables import Shown


def problems_frame(problems: list[Problem], lang: str = "it") -> pd.DataFrame:
    """One row a problem, as shown: file, sheet, spreadsheet row, column as written, message. A problem of a
    whole sheet or column has no row: its cell is empty, not "None"."""
    return pd.DataFrame({
        t("dati_col_file", lang): [p.file for p in problems],
        t("dati_col_sheet", lang): [p.sheet or "" for p in problems],
        t("dati_col_row", lang): ["" if p.row is None else str(p.row) for p in problems],
        t("column", lang): [p.column or "" for p in problems],
        t("dati_col_message", lang): [p.message for p in problems],
    })


def change_tables(tc: TableChange, lang: str = "it") -> list[tuple[str, Shown]]:
    """The rows added, removed and changed of one uploaded table: (label key of the part, table), the empty
    parts left out."""
    parts = (("diff_added", tc.diff.added, rows_frame), ("diff_removed", tc.diff.removed, rows_frame),
             ("diff_changed", tc.diff.changed, changes_frame))
    return [(key, frame_of(frame, tc.table, lang)) for key, frame, frame_of in parts if len(frame)]


def fmt_figure(kind: str, value: float, lang: str = "it", short: bool = False) -> str:
    """A headline figure: an amount (``1.234.567 €``, or ``1,2 M€`` with ``short``) or a count."""
    if kind == kinds.AMOUNT:
        return fmt_eur_short(value, lang) if short else fmt_eur(value, lang)
    return fmt_number(value, lang)


def fmt_delta(kind: str, value: float, lang: str = "it") -> str | None:
    """``+1.234 €`` / ``-3`` (ASCII minus: st.metric reads the sign from it); None when nothing changes."""
    if round(value, 2) == 0:
        return None
    return ("+" if value > 0 else "-") + fmt_figure(kind, abs(value), lang)


def history_frame(versions: list[Version], active: int | None, lang: str = "it") -> pd.DataFrame:
    """Every version, newest first: number, date, author, what it was, comment, files, rows per table."""
    rows = []
    for v in reversed(versions):
        if v.kind == "rollback":
            kind = t("dati_kind_rollback", lang, n=v.source_version)
        elif v.kind == "demo":
            kind = t("dati_kind_demo", lang)
        elif v.kind == "link":
            kind = t("dati_kind_link", lang)
        else:
            kind = t("dati_kind_import", lang)
        row = {
            t("dati_col_version", lang): v.version_id,
            t("dati_col_active", lang): "●" if v.version_id == active else "",
            t("dati_col_date", lang): fmt_datetime(v.created_at, lang),
            t("dati_col_author", lang): author_label(v.author, v.kind, lang),
            t("dati_col_kind", lang): kind,
            t("dati_col_comment", lang): v.comment,
            t("dati_col_files", lang): v.file_names,
        }
        for tb in TABLES:
            row[tb.label(lang)] = v.counts.get(tb.name, 0)
        rows.append(row)
    return pd.DataFrame(rows)

"""Tables on a page: columns named as in the schema, values shown by their kind (an empty cell as "—"),
and an "Esporta in Excel" button for exactly the table shown.

A page lists its columns by name (``Col("granted")``, ``Col("title", "calls")``); the header and the
kind come from the schema (``schema.column``, computed columns included), the screen text of a value
from ``kinds.display``. Numbers and dates keep their value in the frame, so a column sorts by value;
only their display is formatted.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from urllib.parse import quote

import pandas as pd
import streamlit as st

from ngp_data import kinds, output
from ngp_data.analytics import queries
from ngp_data.formats import EMPTY, fmt_number
from ngp_data.official_schema import OFFICIAL_BY_NAME
from ngp_data.schema import Column, column
from ngp_data.store import LOCAL_AUTHOR

from .auth import current_user
from .context import PageContext
from .widgets import no_match

DISPLAY_ROWS = 1_000      # rows drawn on screen: enough to read; formatting more is slow (the export has all)
WHOLE_ROWS = 50           # a table this long is drawn whole (24 cards, 28 calls: no 10-row scroll box)
SCROLL_HEIGHT = 600       # a longer one scrolls inside 600 px (about 16 rows)
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_AS_TEXT = (kinds.CHOICE, kinds.BOOL)     # kinds whose text is not the value: shown as their text
LINK_TEXT = r"[=/]([^=/]+)$"     # a link shows its last part: /scheda?progetto=NGP-05 -> NGP-05, …/cup/X -> X


def card_link(project_id: str | None) -> str | None:
    """The Scheda progetto of a card, as a link inside the app."""
    return f"/scheda?progetto={quote(project_id)}" if project_id else None


def _typed(kind: str) -> bool:
    """Numbers and dates keep their value (for sorting on screen, as numbers in Excel); the rest is text."""
    return kinds.KINDS[kind].excel != "text"


@dataclass(frozen=True)
class Col:
    """A column of a page's table: a frame column named as in the schema; ``table`` where the name is in
    several tables with different headers."""

    name: str
    table: str | None = None

    @property
    def column(self) -> Column:
        if self.table in OFFICIAL_BY_NAME:                  # an official file's column, under its header
            return OFFICIAL_BY_NAME[self.table].column(self.name)
        return column(self.name, self.table)


@dataclass(frozen=True)
class Shown:
    """A table ready to show: headers in the interface language, and the kind of each (ngp_data.kinds)."""

    frame: pd.DataFrame
    kinds: dict[str, str]


def shown(frame: pd.DataFrame, columns: list[Col], lang: str) -> Shown:
    """The columns of ``frame`` under their headers in ``lang``, in the order given."""
    declared = [c.column for c in columns]
    headers = [d.label(lang) for d in declared]
    if len(set(headers)) != len(headers):
        raise ValueError(f"two columns with one header: {headers}")
    data = {h: frame[c.name].reset_index(drop=True) for h, c in zip(headers, columns, strict=True)}
    return Shown(pd.DataFrame(data, columns=headers), {h: d.kind for h, d in zip(headers, declared, strict=True)})


def data_table(ctx: PageContext, frame: pd.DataFrame, columns: list[Col], *, key: str, file_stem: str,
               sheet: str | None = None, height: int | str = "auto") -> None:
    """``frame``'s ``columns`` as a table with its Excel button; "no data" when the frame is empty."""
    if frame.empty:
        no_match(ctx)
        return
    show_table(ctx, shown(frame, columns, ctx.lang), key=key, file_stem=file_stem, sheet=sheet, height=height)


def show_table(ctx: PageContext, table: Shown, *, key: str, file_stem: str | None = None, sheet: str | None = None,
               height: int | str = "auto") -> None:
    """The table as shown (language, order, formats), and with a ``file_stem`` an "Esporta in Excel" button
    for exactly it. The workbook is built only when the button is clicked."""
    lang = ctx.lang
    # A person reads a few thousand rows; the export has all (and its text is made only at the click).
    on_screen = _as_text(table.frame.head(DISPLAY_ROWS), table.kinds, lang)
    config = {h: st.column_config.LinkColumn(display_text=LINK_TEXT) for h, k in table.kinds.items()
              if k == kinds.LINK}
    card = column("project_id").label(lang)      # a card's id opens its Scheda (on screen; the export keeps the id)
    if card in on_screen.columns and not config:
        on_screen[card] = [card_link(v) if isinstance(v, str) else v for v in on_screen[card]]
        config[card] = st.column_config.LinkColumn(display_text=LINK_TEXT, help=ctx.t("card_link_help"))
    formats = {h: kinds.KINDS[k].display for h, k in table.kinds.items() if _typed(k)}
    styled = on_screen.style.format({h: (lambda v, f=f: f(v, lang)) for h, f in formats.items()}, na_rep=EMPTY)
    if height == "auto":
        height = table_height(len(on_screen))
    st.dataframe(styled, hide_index=True, key=f"{key}_table", height=height, placeholder=EMPTY, column_config=config)
    total = len(table.frame)
    if total > DISPLAY_ROWS:
        st.caption(ctx.t("table_truncated", shown=fmt_number(DISPLAY_ROWS, lang), total=fmt_number(total, lang)))
    if file_stem is None:
        return
    # The export: the same frame, headers and order, each column written as its kind says (closed lists
    # and yes/no as their text in the language), plus the "Filtri" sheet.
    view_columns = [(h, h, k) for h, k in table.kinds.items()]
    sheet_name = output.sheet_title(sheet or file_stem)
    try:
        output.check_size([(sheet_name, total)], lang, totals=True)
    except output.ExportTooLarge as exc:
        st.error(str(exc), icon=":material/block:")
        return
    info = export_info(ctx)

    def build() -> bytes:              # runs only when the button is clicked
        buffer = io.BytesIO()
        output.write_view({sheet_name: (table.frame, view_columns)}, buffer, lang, info=info)
        return buffer.getvalue()

    st.download_button(ctx.t("export_xlsx"), data=build, file_name=f"{file_stem}.xlsx", mime=XLSX_MIME,
                       key=f"{key}_export", icon=":material/download:", on_click="ignore")


def table_height(rows: int) -> int | str:
    """Whole up to ``WHOLE_ROWS`` rows (Streamlit's "auto" stops at 10 and scrolls), else ``SCROLL_HEIGHT``."""
    return "content" if rows <= WHOLE_ROWS else SCROLL_HEIGHT


def _as_text(frame: pd.DataFrame, kinds_by_header: dict[str, str], lang: str) -> pd.DataFrame:
    """Closed-list values and yes/no as their text in ``lang`` (empty cells stay empty)."""
    frame = frame.copy()
    for header, kind in kinds_by_header.items():
        if kind in _AS_TEXT:
            frame[header] = [None if kinds.is_empty(v) else kinds.display(kind, v, lang) for v in frame[header]]
    return frame


def export_info(ctx: PageContext) -> output.ExportInfo:
    """What an export's "Filtri" sheet records: this run's filters (with partner and call names), the
    pinned version, and who exports (the logged-in e-mail, else "locale"); the time is taken at the click."""
    names = {}
    if ctx.version_id is not None:
        options = ctx.q_version(queries.filter_options)
        names = {"partners": dict(options["partners"]), "calls": dict(options["calls"])}
    return output.ExportInfo(ctx.filters, ctx.version, export_author(), names=names)


def export_author() -> str:
    """The logged-in user's e-mail (editor or not), or "locale" (no login configured, or nobody logged in)."""
    user = current_user()
    email = str(user.get("email") or "").strip()
    return email if user.get("is_logged_in") and email else LOCAL_AUTHOR

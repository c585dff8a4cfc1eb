"""Reusable pieces of the pages: banners, KPI cards, charts, tables with their Excel export."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ngp_data.labels import fmt_date, fmt_eur, fmt_eur_short, fmt_number, fmt_pct, md_plain, t, value_label
from ngp_data.output import excel

from .context import PageContext

DISPLAY_ROWS = 1_000      # rows drawn on screen: enough to read; formatting more is slow (the export has all)
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Meeting mode: everything readable from the back of the room. Static CSS of ours, no user text.
MEETING_CSS = """
<style>
section[data-testid="stSidebar"] {display: none;}
[data-testid="stMainBlockContainer"] {max-width: 100%; padding-left: 2rem; padding-right: 2rem;}
html, body, [data-testid="stMarkdownContainer"] p {font-size: 1.35rem;}
[data-testid="stMetricValue"], [data-testid="stMetricValue"] p {font-size: 3.2rem;}
[data-testid="stDataFrame"] {font-size: 1.2rem;}
[data-testid="stMetricLabel"] p {font-size: 1.4rem;}
h1 {font-size: 3rem !important;} h2 {font-size: 2.3rem !important;}
</style>
"""


# Normal mode: KPI values that fit four to a row on a 1024-pixel projector.
BASE_CSS = """
<style>
[data-testid="stMetricValue"] {font-size: 1.9rem;}
</style>
"""


def page_header(ctx: PageContext, title_key: str) -> None:
    """Title, the meeting-mode style, and the version line (which data, from when, by whom)."""
    st.html(MEETING_CSS if ctx.big else BASE_CSS)
    st.title(t(title_key, ctx.lang))
    if ctx.version is not None:
        v = ctx.version
        st.caption(t("version_line", ctx.lang, n=v.version_id, date=f"{v.created_at:%d/%m/%Y}",
                     author=md_plain(v.author)))


def demo_banner(ctx: PageContext) -> None:
    if ctx.version is not None and ctx.version.demo:
        st.warning(t("demo_banner", ctx.lang), icon=":material/science:")


def require_data(ctx: PageContext) -> bool:
    """False (after saying so) when the database has no version yet."""
    if ctx.version is None:
        st.info(t("no_data", ctx.lang), icon=":material/upload_file:")
        return False
    return True


def no_match(ctx: PageContext) -> None:
    st.info(t("no_match", ctx.lang), icon=":material/filter_alt_off:")


@dataclass(frozen=True)
class Kpi:
    label_key: str
    value: str
    help: str | None = None


def kpi_row(ctx: PageContext, kpis: list[Kpi], per_row: int = 4) -> None:
    """KPI cards, ``per_row`` a line (two a line in meeting mode)."""
    per_row = 2 if ctx.big else per_row
    for start in range(0, len(kpis), per_row):
        cols = st.columns(per_row)
        for col, kpi in zip(cols, kpis[start:start + per_row], strict=False):
            col.metric(t(kpi.label_key, ctx.lang), kpi.value, help=kpi.help, border=True)


def headline_kpis(ctx: PageContext, k) -> list[Kpi]:
    """The four figures every portfolio page opens with: cards, budget, requested, granted."""
    lang = ctx.lang
    budget_help = (t("kpi_budget_help", lang, n=k.n_budget_unknown) if k.n_budget_unknown
                   else fmt_eur(k.budget_total, lang))
    return [
        Kpi("kpi_cards", fmt_number(k.n_cards, lang), t("kpi_n_requests", lang, n=k.n_requests)),
        Kpi("kpi_budget", fmt_eur_short(k.budget_total, lang), budget_help),
        Kpi("kpi_requested", fmt_eur_short(k.amount_requested, lang), fmt_eur(k.amount_requested, lang)),
        Kpi("kpi_granted", fmt_eur_short(k.amount_granted, lang), fmt_eur(k.amount_granted, lang)),
    ]


def side_by_side(ctx: PageContext, widths: tuple[int, int] = (1, 1)):
    """Two places for two charts: side by side, or one under the other in meeting mode."""
    return (st.container(), st.container()) if ctx.big else st.columns(list(widths))


def chart(fig: go.Figure, key: str) -> None:
    st.plotly_chart(fig, key=key, config={"displaylogo": False, "locale": "it"})


@dataclass(frozen=True)
class Col:
    """A displayed column: frame column, label key (ngp_data.labels) or literal header, kind."""

    name: str
    header: str
    kind: str = excel.VIEW_TEXT      # text | amount | date | int | pct | choice


def _display_formatter(kind: str, lang: str) -> Callable | None:
    if kind == excel.VIEW_AMOUNT:
        return lambda v: "" if v is None or pd.isna(v) else fmt_eur(v, lang, 2)
    if kind == excel.VIEW_DATE:
        return lambda v: "" if v is None or (not isinstance(v, str) and pd.isna(v)) else fmt_date(v, lang)
    if kind == excel.VIEW_INT:
        return lambda v: "" if v is None or pd.isna(v) else fmt_number(v, lang)
    if kind == excel.VIEW_PCT:
        return lambda v: "" if v is None or pd.isna(v) else fmt_pct(v, lang)
    return None


def data_table(ctx: PageContext, frame: pd.DataFrame, columns: list[Col], *, key: str, file_stem: str,
               sheet: str | None = None, height: int | str = "auto") -> None:
    """The table as shown (language, order, formats) with an "Esporta in Excel" button for exactly it.

    Numbers keep their value for sorting; only their display is formatted. The workbook is built only
    when the button is clicked.
    """
    if frame.empty:
        no_match(ctx)
        return
    shown = pd.DataFrame({c.header: frame[c.name] for c in columns})
    for c in columns:
        if c.kind == "choice":
            shown[c.header] = [value_label(v, ctx.lang) if isinstance(v, str) else v for v in frame[c.name]]
    formatters = {c.header: f for c in columns if (f := _display_formatter(c.kind, ctx.lang))}
    on_screen = shown.head(DISPLAY_ROWS)          # a person reads a few thousand rows; the export has all
    styled = on_screen.style.format(formatters, na_rep="")
    st.dataframe(styled, hide_index=True, key=f"{key}_table", height=height, placeholder="")
    if len(shown) > DISPLAY_ROWS:
        st.caption(t("table_truncated", ctx.lang, shown=fmt_number(DISPLAY_ROWS, ctx.lang),
                     total=fmt_number(len(shown), ctx.lang)))
    # The export: the same frame, headers and order, typed and formatted, plus the "Filtri" sheet.
    view_columns = [(c.header, c.header, c.kind if c.kind != "choice" else excel.VIEW_TEXT) for c in columns]
    sheet_name = excel.sheet_title(sheet or file_stem)
    try:
        excel.check_size([(sheet_name, len(shown))], ctx.lang, totals=True)
    except excel.ExportTooLarge as exc:
        st.error(str(exc), icon=":material/block:")
        return
    info = export_info(ctx)

    def build() -> bytes:              # runs only when the button is clicked
        buffer = io.BytesIO()
        excel.write_view({sheet_name: (shown, view_columns)}, buffer, ctx.lang, info=info)
        return buffer.getvalue()

    st.download_button(t("export_xlsx", ctx.lang), data=build, file_name=f"{file_stem}.xlsx", mime=XLSX_MIME,
                       key=f"{key}_export", icon=":material/download:", on_click="ignore")


def export_info(ctx: PageContext) -> excel.ExportInfo:
    """What an export's "Filtri" sheet records: this run's filters (with partner and call names), the
    pinned version, and who exports (the logged-in e-mail, else "locale"); the time is taken at the click."""
    from .context import filter_options

    names = {}
    if ctx.version_id is not None:
        options = filter_options(ctx.db_path, ctx.version_id)
        names = {"partners": dict(options["partners"]), "calls": dict(options["calls"])}
    return excel.ExportInfo(ctx.filters, ctx.version, export_author(), names=names)


def export_author() -> str:
    """The logged-in user's e-mail (editor or not), or "locale" (no login configured, or nobody logged in)."""
    from ngp_data.store import LOCAL_AUTHOR

    from .auth import current_user

    user = current_user()
    email = str(user.get("email") or "").strip()
    return email if user.get("is_logged_in") and email else LOCAL_AUTHOR

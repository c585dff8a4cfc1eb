"""Reusable pieces of the pages: title and version line, banners, KPI cards, charts (tables: ui/tables.py)."""

from __future__ import annotations

from typing import NoReturn

import plotly.graph_objects as go
import streamlit as st

from ngp_data.analytics import figures
from ngp_data.analytics.figures import Figure as Kpi  # noqa: F401  (the pages' name for a figure)
from ngp_data.analytics.queries import Kpis
from ngp_data.labels import author_label, md_plain, t
from ngp_data.store import DatabaseDamaged, StoreError
from ngp_data.store.damage import restore_command

from .context import PageContext

# KPI values that fit four to a row on a 1024-pixel projector. The uploaders' own instructions ("Drag and drop
# files here", "Limit 20MB per file • XLSX…") are English with no option to change them in Streamlit 1.67: hidden,
# each uploader says the same in a caption of ours (docs/ARCHITECTURE.md, "Streamlit's own words").
BASE_CSS = """
<style>
[data-testid="stMetricValue"] {font-size: 1.9rem;}
[data-testid="stFileUploaderDropzoneInstructions"] {display: none;}
</style>
"""


def page_header(ctx: PageContext, title_key: str) -> None:
    """Title, the pages' style, and the version line (which data, from when, by whom)."""
    st.html(BASE_CSS)
    st.title(ctx.t(title_key))
    if ctx.version is not None:
        v = ctx.version
        author = md_plain(author_label(v.author, v.kind, ctx.lang))
        st.caption(ctx.t("version_line", n=v.version_id, date=f"{v.created_at:%d/%m/%Y}", author=author))


def demo_banner(ctx: PageContext) -> None:
    if ctx.version is not None and ctx.version.demo:
        st.warning(ctx.t("demo_banner"), icon=":material/science:")


def require_data(ctx: PageContext) -> bool:
    """False (after saying so) when the database has no version yet."""
    if ctx.version is None:
        st.info(ctx.t("no_data"), icon=":material/upload_file:")
        return False
    return True


def no_match(ctx: PageContext) -> None:
    st.info(ctx.t("no_match"), icon=":material/filter_alt_off:")


def kpi_row(ctx: PageContext, kpis: list[Kpi], per_row: int = 4) -> None:
    """KPI cards, ``per_row`` a line."""
    for start in range(0, len(kpis), per_row):
        cols = st.columns(per_row)
        for col, kpi in zip(cols, kpis[start:start + per_row], strict=False):
            col.metric(ctx.t(kpi.label_key), kpi.value, help=kpi.help, border=True)
            if kpi.note:
                col.caption(kpi.note)


def headline_kpis(ctx: PageContext, k: Kpis) -> list[Kpi]:
    """The four figures every portfolio page opens with: cards, budget, requested, granted."""
    return figures.headline(k, ctx.lang)


def side_by_side(ctx: PageContext, widths: tuple[int, int] = (1, 1)):
    """Two places for two charts, side by side."""
    return st.columns(list(widths))


def chart(fig: go.Figure, key: str) -> None:
    st.plotly_chart(fig, key=key, config={"displaylogo": False, "locale": "it"})


def store_failure(exc: StoreError, lang: str) -> NoReturn:
    """The database cannot be used (damaged, unreadable, busy): its Italian message, the restore command
    to copy when there is one, and nothing else on the page."""
    st.title(t("store_unusable", lang))
    st.error(md_plain(str(exc)), icon=":material/database:")
    if isinstance(exc, DatabaseDamaged):
        st.code(restore_command(exc.backup, exc.path), language="bash", wrap_lines=True)
    st.stop()

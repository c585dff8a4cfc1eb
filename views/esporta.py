"""Esporta: the filtered view as one Excel workbook (``ngp_data.output.write_export``), and the meeting pack
as a PDF (``ngp_data.output.build_pack``).

One sheet per table with the template's headers (re-uploadable as it is), a summary by mission and by
partner with totals, and the "Filtri" sheet (filters, data version, who and when). The page shows what
the file will contain; the workbook is built only when the button is clicked. The command line's
``python -m ngp_data export`` writes the same workbook.

The meeting pack's button (ui/pack.py) is under the workbook's, as on the presenter's last screen.
"""

import io

import pandas as pd
import streamlit as st

from ngp_data import output
from ngp_data.analytics import queries
from ngp_data.formats import EMPTY, fmt_date, fmt_number
from ngp_data.labels import md_plain
from ui.context import context
from ui.pack import pack_section
from ui.tables import XLSX_MIME, export_info
from ui.widgets import no_match, page_header, require_data

ctx = context()
page_header(ctx, "page_export")
if require_data(ctx):
    lang = ctx.lang
    st.write(ctx.t("exp_intro"))
    data = output.ExportData(ctx.q(queries.filtered_tables), ctx.q(queries.by_mission), ctx.q(queries.by_partner))
    info = export_info(ctx)
    sheets = output.export_sheets(data, lang)
    n_tables = len(sheets) - len(output.SUMMARY_SHEETS)

    left, right = st.columns([3, 2])
    with left:
        st.subheader(ctx.t("exp_filters_title"))
        rows = output.filter_rows(ctx.filters, lang, info.names)
        values = ctx.t("exp_col_values")
        st.dataframe(pd.DataFrame({
            ctx.t("exp_col_filter"): [label for label, _ in rows],
            values: [fmt_date(v, lang) if not isinstance(v, str) else v for _, v in rows],
        }), hide_index=True, key="export_filters", column_config={values: st.column_config.TextColumn(width="large")},
            placeholder=EMPTY)
        st.caption(f"{ctx.t('exp_exported_by')}: {md_plain(info.exported_by)}")
    with right:
        st.subheader(ctx.t("exp_contents_title"))
        kinds = ([ctx.t("exp_kind_table")] * n_tables + [ctx.t("exp_kind_summary")] * len(output.SUMMARY_SHEETS)
                 + [ctx.t("exp_kind_filters")])
        st.dataframe(pd.DataFrame({
            ctx.t("exp_col_sheet"): [name for name, _ in sheets] + [output.FILTERS_SHEETS[lang == "en"]],
            ctx.t("exp_col_rows"): [fmt_number(n, lang) for _, n in sheets] + [""],
            ctx.t("exp_col_content"): kinds,
        }), hide_index=True, key="export_sheets", placeholder=EMPTY)

    if data.tables["projects"].empty:
        no_match(ctx)
        st.stop()
    try:
        output.check_export(data, lang)
    except output.ExportTooLarge as exc:
        st.error(str(exc), icon=":material/block:")
        st.stop()

    def build() -> bytes:                 # runs only when the button is clicked
        buffer = io.BytesIO()
        output.write_export(data, buffer, lang, info=info)
        return buffer.getvalue()

    stem = "ngp_export" if lang == "en" else "ngp_esportazione"
    suffix = "" if ctx.filters.is_empty else ("_filtered" if lang == "en" else "_filtrata")
    st.download_button(ctx.t("exp_button"), data=build, file_name=f"{stem}_v{ctx.version_id}{suffix}.xlsx",
                       mime=XLSX_MIME, key="export_workbook", icon=":material/download:", type="primary",
                       on_click="ignore", help=ctx.t("exp_button_help"))
    if ctx.filters.is_empty:
        st.caption(ctx.t("exp_reupload_all"))
    else:
        st.warning(ctx.t("exp_reupload_filtered"), icon=":material/filter_alt:")

    pack_section(ctx, key="esporta")

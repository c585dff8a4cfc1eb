"""Dati: download the template or the data, upload, see the problems or the changes, confirm, history, rollback.

Writing (upload, rollback) is for editors only (ui/auth.py). What an upload would do comes from
ngp_data.ingest.preview, its tables and figures as shown from ui/upload.py. The confirm and rollback
buttons act in callbacks, before the next run builds its context, so the run that follows already shows
the new version, on this page and every other.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import streamlit as st

from ngp_data.analytics import queries
from ngp_data.analytics.changes import FigureChange, figure_changes
from ngp_data.formats import EMPTY, fmt_eur
from ngp_data.ingest import pipeline
from ngp_data.ingest.originals import safe_file_name, safe_to_serve
from ngp_data.ingest.preview import UploadPreview, build_preview, split_problems, would_be_tables
from ngp_data.ingest.problems import UploadRejected
from ngp_data.labels import author_label, md_plain, t
from ngp_data.output import problems_workbook, tables_workbook, template_workbook
from ngp_data.schema import TABLE_BY_NAME
from ngp_data.store import DuplicateUpload, Store, StoreError
from ui import auth
from ui.changes import table_counts
from ui.context import context, db_key, get_store
from ui.meetings import meeting_form, meetings_table
from ui.official_upload import official_section
from ui.tables import XLSX_MIME, show_table
from ui.upload import change_tables, fmt_delta, fmt_figure, history_frame, problems_frame
from ui.widgets import page_header

UPLOAD_TYPES = ["xlsx", "xlsm", "xls", "ods", "csv"]
MAX_UPLOAD_MB = 20                   # also server.maxUploadSize in .streamlit/config.toml
PENDING, GEN, FLASH, COMMENT, ROLLBACK = "dati_pending", "dati_upload_gen", "dati_flash", "dati_comment", "dati_rb"


@dataclass
class Pending:
    """The upload being looked at: its files' fingerprint, the checked upload, its preview and the headline
    figures before and after it (no preview when it has errors)."""

    signature: tuple
    prepared: pipeline.Prepared
    view: UploadPreview | None
    figures: list[FigureChange]


def flash(kind: str, payload) -> None:
    st.session_state.setdefault(FLASH, []).append((kind, payload))


# --- callbacks (run before the next script run) ------------------------------------------------------------

def confirm_upload() -> None:
    pending: Pending | None = st.session_state.get(PENDING)
    access = auth.current_access()
    if pending is None or not access.can_edit:
        return
    comment = (st.session_state.get(COMMENT) or "").strip()
    try:
        version = pipeline.commit(pending.prepared, get_store(), author=access.author, comment=comment)
    except DuplicateUpload as exc:
        flash("warning", str(exc))
        return
    except StoreError as exc:             # StaleVersion: the next run checks the files again on the new data
        flash("error", str(exc))
        st.session_state.pop(PENDING, None)
        return
    except UploadRejected:
        flash("error", t("dati_rejected"))
        return
    st.session_state.pop(PENDING, None)
    st.session_state[GEN] = st.session_state.get(GEN, 0) + 1          # a fresh, empty uploader
    st.session_state[COMMENT] = ""
    flash("saved", version)


def ask_rollback(target: int, active: int | None) -> None:
    st.session_state[ROLLBACK] = (target, active)


def cancel_rollback() -> None:
    st.session_state.pop(ROLLBACK, None)


def confirm_rollback() -> None:
    target, expected = st.session_state.pop(ROLLBACK, (None, None))
    access = auth.current_access()
    if target is None or not access.can_edit:
        return
    try:
        version = get_store().rollback(target, author=access.author, expected_active=expected)
    except StoreError as exc:
        flash("error", str(exc))
        return
    flash("restored", (version, target))


# --- sections ------------------------------------------------------------------------------------------------

def show_flash() -> None:
    lang = ctx.lang
    for kind, payload in st.session_state.pop(FLASH, []):
        if kind in ("saved", "restored"):
            k = ctx.q(queries.kpis, filters=queries.NO_FILTERS)
            figures = ctx.tn("dati_now_figures", k.n_pending, requested=fmt_eur(k.amount_requested, lang),
                             granted=fmt_eur(k.amount_granted, lang))
            text = (ctx.t("dati_saved", n=payload) if kind == "saved"
                    else ctx.t("dati_restored", n=payload[0], source=payload[1]))
            st.success(f"{text} {figures}", icon=":material/check_circle:")
        else:
            getattr(st, kind)(md_plain(payload))


@st.cache_data(show_spinner=False)
def template_bytes() -> bytes:
    return template_workbook()


def downloads_section() -> None:
    st.subheader(ctx.t("dati_download_title"))
    st.caption(ctx.t("dati_download_help"))
    left, right = st.columns(2)
    left.download_button(ctx.t("dati_template"), data=template_bytes(), file_name="ngp_modello.xlsx",
                         mime=XLSX_MIME, key="dati_dl_template", icon=":material/description:", on_click="ignore")
    if ctx.version is not None:
        vid = ctx.version_id
        right.download_button(ctx.t("dati_current", n=vid), data=lambda: tables_workbook(ctx.store, vid),
                              file_name=f"ngp_dati_versione_{vid}.xlsx", mime=XLSX_MIME, key="dati_dl_current",
                              icon=":material/download:", on_click="ignore")


def check_upload(files: list[tuple[str, bytes]], signature: tuple) -> Pending:
    with st.status(ctx.tn("dati_checking", len(files)), expanded=False) as status:
        prepared = pipeline.prepare(files, ctx.store)
        view, figures = None, []
        if prepared.ok:
            view = build_preview(prepared)
            figures = figure_changes(ctx.store, prepared.base_version, would_be_tables(prepared, ctx.store))
        status.update(label=ctx.t("dati_checked_ok" if prepared.ok else "dati_checked_bad"),
                      state="complete" if prepared.ok else "error")
    pending = Pending(signature, prepared, view, figures)
    st.session_state[PENDING] = pending
    return pending


def upload_section() -> None:
    st.subheader(ctx.t("dati_upload_title"))
    files = st.file_uploader(ctx.t("dati_upload_label"), type=UPLOAD_TYPES, accept_multiple_files=True,
                             max_upload_size=MAX_UPLOAD_MB, key=f"dati_upload_{st.session_state.get(GEN, 0)}",
                             help=ctx.t("dati_upload_help"))
    if not files:
        st.session_state.pop(PENDING, None)
        return
    payload = [(f.name, f.getvalue()) for f in files]
    signature = tuple((name, hashlib.sha256(data).hexdigest()) for name, data in payload)
    pending: Pending | None = st.session_state.get(PENDING)
    if pending is None or pending.signature != signature or pending.prepared.base_version != ctx.version_id:
        if pending is not None and pending.signature == signature:
            st.info(ctx.t("dati_data_moved", n=ctx.version_id), icon=":material/update:")
        pending = check_upload(payload, signature)
    show_problems(pending)
    if pending.view is not None:
        show_preview(pending.view, pending.figures)


def problem_columns() -> dict:
    return {ctx.t("dati_col_message"): st.column_config.TextColumn(width="large"),
            ctx.t("dati_col_row"): st.column_config.NumberColumn(width="small", format="%d")}


def show_problems(pending: Pending) -> None:
    prepared = pending.prepared
    errors, warnings, notes = split_problems(prepared.problems)
    for note in notes:
        st.caption(md_plain(str(note)))
    if errors:
        st.error(ctx.tn("dati_errors", len(errors)), icon=":material/error:")
        st.dataframe(problems_frame(errors, ctx.lang), hide_index=True, key="dati_errors_table",
                     column_config=problem_columns(), placeholder=EMPTY)
    if warnings:
        st.warning(ctx.tn("dati_warnings", len(warnings)), icon=":material/warning:")
        st.dataframe(problems_frame(warnings, ctx.lang), hide_index=True, key="dati_warnings_table",
                     column_config=problem_columns(), placeholder=EMPTY)
    if errors or warnings:
        st.download_button(ctx.t("dati_problems_download"),
                           data=lambda: problems_workbook(prepared.files, prepared.problems),
                           file_name="ngp_problemi_caricamento.xlsx", mime=XLSX_MIME, key="dati_dl_problems",
                           icon=":material/download:", on_click="ignore")


def show_preview(view: UploadPreview, figures: list[FigureChange]) -> None:
    lang = ctx.lang
    st.subheader(ctx.t("dati_preview_title"))
    if not view.has_changes:
        st.info(ctx.t("dati_no_changes"), icon=":material/info:")
    st.markdown(ctx.t("dati_figures_title"))
    cols = st.columns(4)
    for i, fig in enumerate(figures):
        cols[i % 4].metric(ctx.t(fig.label_key), fmt_figure(fig.kind, fig.after, lang, short=True),
                           delta=fmt_delta(fig.kind, fig.delta, lang), delta_color="off", border=True,
                           help=ctx.t("dati_fig_help", before=fmt_figure(fig.kind, fig.before, lang),
                                      after=fmt_figure(fig.kind, fig.after, lang)))
    for tc in view.tables:
        if tc.empty:
            continue
        label = TABLE_BY_NAME[tc.table].label(lang)
        with st.expander(f"{label} · {table_counts(tc.diff, lang)}", expanded=True):
            for key, table in change_tables(tc, lang):
                st.markdown(f"**{ctx.t(key, n=len(table.frame))}**")
                show_table(ctx, table, key=f"{key}_{tc.table}")
    same = [TABLE_BY_NAME[tc.table].label(lang) for tc in view.tables if tc.empty]
    if same:
        st.caption(ctx.t("tables_unchanged", tables=", ".join(same)))
    if view.carried:
        st.caption(ctx.t("dati_carried", tables=", ".join(TABLE_BY_NAME[name].label(lang) for name in view.carried)))
    st.text_input(ctx.t("dati_comment"), key=COMMENT, placeholder=ctx.t("dati_comment_placeholder"), max_chars=500)
    st.button(ctx.t("dati_confirm"), type="primary", key="dati_confirm", on_click=confirm_upload,
              icon=":material/check:")


@st.cache_data(show_spinner=False, max_entries=64)
def version_files(_store: Store, db: str, version_id: int) -> list[tuple[str, bool]]:
    """(name, safe to hand out as it is) of a version's original files; versions never change."""
    return [(f.name, safe_to_serve(f)) for f in _store.files(version_id)]


def history_section(access: auth.Access) -> None:
    st.subheader(ctx.t("dati_history_title"))
    versions = ctx.store.versions()
    if not versions:
        st.caption(ctx.t("dati_history_empty"))
        return
    st.dataframe(history_frame(versions, ctx.version_id, ctx.lang), hide_index=True, key="dati_history_table",
                 placeholder=EMPTY)
    by_id = {v.version_id: v for v in versions}
    ids = [v.version_id for v in reversed(versions)]

    def label(vid: int) -> str:
        v = by_id[vid]
        return ctx.t("dati_version_option", n=vid, date=f"{v.created_at:%d/%m/%Y %H:%M}",
                     author=author_label(v.author, v.kind, ctx.lang))

    pick = st.selectbox(ctx.t("dati_files_pick"), ids, format_func=label, key="dati_files_pick")
    for pos, (name, safe) in enumerate(version_files(ctx.store, db_key(ctx.store), pick)):
        if safe:
            st.download_button(ctx.t("dati_original", name=md_plain(name)), key=f"dati_dl_orig_{pick}_{pos}",
                               data=lambda p=pos: ctx.store.files(pick)[p].content,
                               file_name=safe_file_name(name), mime="application/octet-stream",
                               icon=":material/draft:", on_click="ignore")
        else:
            st.caption(ctx.t("dati_original_withheld", name=md_plain(name)))
    st.download_button(ctx.t("dati_version_data", n=pick), key=f"dati_dl_version_{pick}",
                       data=lambda: tables_workbook(ctx.store, pick),
                       file_name=f"ngp_dati_versione_{pick}.xlsx", mime=XLSX_MIME,
                       icon=":material/download:", on_click="ignore")
    if access.can_edit:
        rollback_controls(versions, label)


def rollback_controls(versions, label) -> None:
    others = [v.version_id for v in reversed(versions) if v.version_id != ctx.version_id]
    if not others:
        return
    st.markdown(f"**{ctx.t('dati_rollback_title')}**")
    target = st.selectbox(ctx.t("dati_rollback_pick"), others, format_func=label, key="dati_rb_pick",
                          on_change=cancel_rollback)
    asked = st.session_state.get(ROLLBACK)
    if asked is None or asked[0] != target:
        st.button(ctx.t("dati_rollback_ask", n=target), key="dati_rb_ask", on_click=ask_rollback,
                  args=(target, ctx.version_id), icon=":material/history:")
        return
    _, expected = asked
    lines = []
    if expected is not None:
        lines = [f"- {TABLE_BY_NAME[name].label(ctx.lang)}: {table_counts(diff, ctx.lang)}"
                 for name, diff in ctx.store.diff(expected, target).items() if not diff.empty]
    st.warning(ctx.t("dati_rollback_warning", n=target, active=expected) + "\n\n" + "\n".join(lines),
               icon=":material/history:")
    left, right = st.columns(2)
    left.button(ctx.t("dati_rollback_confirm", n=target), type="primary", key="dati_rb_confirm",
                on_click=confirm_rollback, icon=":material/check:")
    right.button(ctx.t("dati_cancel"), key="dati_rb_cancel", on_click=cancel_rollback)


ctx = context()
page_header(ctx, "page_data")
access = auth.current_access()
auth.access_panel(access, ctx.lang)
show_flash()
downloads_section()
if access.can_edit:
    upload_section()
history_section(access)
st.subheader(ctx.t("meet_title"))
st.markdown(ctx.t("meet_help"))
meeting_form(ctx, key="dati")
meetings_table(ctx, key="dati")
official_section(ctx, access)

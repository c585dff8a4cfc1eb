"""Dati: download the template or the data, upload, see the problems or the changes, confirm, history, rollback.

Writing (upload, rollback) is for editors only (ui/auth.py); everything shown comes from ngp_data.preview.
The confirm and rollback buttons act in callbacks, before the next run builds its context, so the run
that follows already shows the new version, on this page and every other.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import streamlit as st

from ngp_data import output
from ngp_data import preview as pv
from ngp_data.analytics.queries import NO_FILTERS
from ngp_data.ingest import pipeline
from ngp_data.ingest.problems import UploadRejected
from ngp_data.labels import fmt_eur, fmt_eur_short, fmt_number, md_plain, t
from ngp_data.schema import TABLE_BY_NAME
from ngp_data.store import DuplicateUpload, StoreError
from ui import auth
from ui.context import build_context, db_path, get_store, query
from ui.widgets import XLSX_MIME, page_header

UPLOAD_TYPES = ["xlsx", "xlsm", "xls", "ods", "csv"]
MAX_UPLOAD_MB = 20                   # also server.maxUploadSize in .streamlit/config.toml
PENDING, GEN, FLASH, COMMENT, ROLLBACK = "dati_pending", "dati_upload_gen", "dati_flash", "dati_comment", "dati_rb"


@dataclass
class Pending:
    """The upload being looked at: its files' fingerprint, the checked upload and its preview."""

    signature: tuple
    prepared: pipeline.Prepared
    view: pv.UploadPreview | None
    lang: str


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
        version = pipeline.commit(pending.prepared, get_store(db_path()), author=access.author, comment=comment)
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
        version = get_store(db_path()).rollback(target, author=access.author, expected_active=expected)
    except StoreError as exc:
        flash("error", str(exc))
        return
    flash("restored", (version, target))


# --- sections ------------------------------------------------------------------------------------------------

def show_flash(lang: str) -> None:
    for kind, payload in st.session_state.pop(FLASH, []):
        if kind in ("saved", "restored"):
            k = query(ctx, "kpis", filters=NO_FILTERS)
            figures = t("dati_now_figures", lang, requested=fmt_eur(k.amount_requested, lang),
                        granted=fmt_eur(k.amount_granted, lang), pending=fmt_number(k.n_pending, lang))
            text = (t("dati_saved", lang, n=payload) if kind == "saved"
                    else t("dati_restored", lang, n=payload[0], source=payload[1]))
            st.success(f"{text} {figures}", icon=":material/check_circle:")
        else:
            getattr(st, kind)(md_plain(payload))


@st.cache_data(show_spinner=False)
def template_bytes() -> bytes:
    return output.template_workbook()


def downloads_section(lang: str) -> None:
    st.subheader(t("dati_download_title", lang))
    st.caption(t("dati_download_help", lang))
    left, right = st.columns(2)
    left.download_button(t("dati_template", lang), data=template_bytes(), file_name="ngp_modello.xlsx",
                         mime=XLSX_MIME, key="dati_dl_template", icon=":material/description:", on_click="ignore")
    if ctx.version is not None:
        vid = ctx.version_id
        right.download_button(t("dati_current", lang, n=vid), data=lambda: output.tables_workbook(ctx.store, vid),
                              file_name=f"ngp_dati_versione_{vid}.xlsx", mime=XLSX_MIME, key="dati_dl_current",
                              icon=":material/download:", on_click="ignore")


def check_upload(files: list[tuple[str, bytes]], signature: tuple, lang: str) -> Pending:
    with st.status(t("dati_checking", lang, n=len(files)), expanded=False) as status:
        prepared = pipeline.prepare(files, ctx.store)
        view = pv.build_preview(prepared, ctx.store, lang) if prepared.ok else None
        status.update(label=t("dati_checked_ok" if prepared.ok else "dati_checked_bad", lang),
                      state="complete" if prepared.ok else "error")
    pending = Pending(signature, prepared, view, lang)
    st.session_state[PENDING] = pending
    return pending


def upload_section(lang: str) -> None:
    st.subheader(t("dati_upload_title", lang))
    files = st.file_uploader(t("dati_upload_label", lang), type=UPLOAD_TYPES, accept_multiple_files=True,
                             max_upload_size=MAX_UPLOAD_MB, key=f"dati_upload_{st.session_state.get(GEN, 0)}",
                             help=t("dati_upload_help", lang))
    if not files:
        st.session_state.pop(PENDING, None)
        return
    payload = [(f.name, f.getvalue()) for f in files]
    signature = tuple((name, hashlib.sha256(data).hexdigest()) for name, data in payload)
    pending: Pending | None = st.session_state.get(PENDING)
    if pending is None or pending.signature != signature or pending.prepared.base_version != ctx.version_id:
        if pending is not None and pending.signature == signature:
            st.info(t("dati_data_moved", lang, n=ctx.version_id), icon=":material/update:")
        pending = check_upload(payload, signature, lang)
    elif pending.lang != lang and pending.view is not None:
        pending.view, pending.lang = pv.build_preview(pending.prepared, ctx.store, lang), lang
    show_problems(pending, lang)
    if pending.view is not None:
        show_preview(pending.view, lang)


def problem_columns(lang: str) -> dict:
    return {t("dati_col_message", lang): st.column_config.TextColumn(width="large"),
            t("dati_col_row", lang): st.column_config.NumberColumn(width="small", format="%d")}


def show_problems(pending: Pending, lang: str) -> None:
    prepared = pending.prepared
    errors, warnings, notes = pv.split_problems(prepared.problems)
    for note in notes:
        st.caption(md_plain(str(note)))
    if errors:
        st.error(t("dati_errors", lang, n=len(errors)), icon=":material/error:")
        st.dataframe(pv.problems_frame(errors, lang), hide_index=True, key="dati_errors_table",
                     column_config=problem_columns(lang))
    if warnings:
        st.warning(t("dati_warnings", lang, n=len(warnings)), icon=":material/warning:")
        st.dataframe(pv.problems_frame(warnings, lang), hide_index=True, key="dati_warnings_table",
                     column_config=problem_columns(lang))
    if errors or warnings:
        st.download_button(t("dati_problems_download", lang),
                           data=lambda: output.problems_workbook(prepared.files, prepared.problems),
                           file_name="ngp_problemi_caricamento.xlsx", mime=XLSX_MIME, key="dati_dl_problems",
                           icon=":material/download:", on_click="ignore")


def show_preview(view: pv.UploadPreview, lang: str) -> None:
    st.subheader(t("dati_preview_title", lang))
    if not view.has_changes:
        st.info(t("dati_no_changes", lang), icon=":material/info:")
    st.markdown(t("dati_figures_title", lang))
    cols = st.columns(4)
    for i, fig in enumerate(view.figures):
        value = fmt_eur_short(fig.after, lang) if fig.kind == "eur" else fmt_number(fig.after, lang)
        delta = pv.fmt_delta(fig.kind, fig.delta, lang)
        cols[i % 4].metric(t(fig.label_key, lang), value, delta=None if delta == "=" else delta, delta_color="off",
                           border=True, help=t("dati_fig_help", lang, before=pv.fmt_figure(fig.kind, fig.before, lang),
                                               after=pv.fmt_figure(fig.kind, fig.after, lang)))
    for tc in view.tables:
        if tc.empty:
            continue
        summary = t("dati_table_counts", lang, added=tc.n_added, removed=tc.n_removed, changed=tc.n_changed_rows)
        with st.expander(f"{tc.label} · {summary}", expanded=True):
            for frame, key in ((tc.added, "dati_added"), (tc.removed, "dati_removed"), (tc.changed, "dati_changed")):
                if len(frame):
                    st.markdown(t(key, lang, n=len(frame)))
                    st.dataframe(frame, hide_index=True, key=f"{key}_{tc.table}")
    same = [tc.label for tc in view.tables if tc.empty]
    if same:
        st.caption(t("dati_tables_same", lang, tables=", ".join(same)))
    if view.carried:
        st.caption(t("dati_carried", lang, tables=", ".join(view.carried)))
    st.text_input(t("dati_comment", lang), key=COMMENT, placeholder=t("dati_comment_placeholder", lang),
                  max_chars=500)
    st.button(t("dati_confirm", lang), type="primary", key="dati_confirm", on_click=confirm_upload,
              icon=":material/check:")


@st.cache_data(show_spinner=False, max_entries=64)
def version_files(path: str, version_id: int) -> list[tuple[str, bool]]:
    """(name, safe to hand out as it is) of a version's original files; versions never change."""
    return [(f.name, pv.safe_to_serve(f)) for f in get_store(path).files(version_id)]


def history_section(access: auth.Access, lang: str) -> None:
    st.subheader(t("dati_history_title", lang))
    versions = ctx.store.versions()
    if not versions:
        st.caption(t("dati_history_empty", lang))
        return
    st.dataframe(pv.history_frame(versions, ctx.version_id, lang), hide_index=True, key="dati_history_table")
    by_id = {v.version_id: v for v in versions}
    ids = [v.version_id for v in reversed(versions)]

    def label(vid: int) -> str:
        v = by_id[vid]
        return t("dati_version_option", lang, n=vid, date=f"{v.created_at:%d/%m/%Y %H:%M}", author=v.author)

    pick = st.selectbox(t("dati_files_pick", lang), ids, format_func=label, key="dati_files_pick")
    files = version_files(ctx.db_path, pick)
    for pos, (name, safe) in enumerate(files):
        if safe:
            st.download_button(t("dati_original", lang, name=md_plain(name)), key=f"dati_dl_orig_{pick}_{pos}",
                               data=lambda p=pos: ctx.store.files(pick)[p].content,
                               file_name=pv.safe_file_name(name), mime="application/octet-stream",
                               icon=":material/draft:", on_click="ignore")
        else:
            st.caption(t("dati_original_withheld", lang, name=md_plain(name)))
    st.download_button(t("dati_version_data", lang, n=pick), key=f"dati_dl_version_{pick}",
                       data=lambda: output.tables_workbook(ctx.store, pick),
                       file_name=f"ngp_dati_versione_{pick}.xlsx", mime=XLSX_MIME,
                       icon=":material/download:", on_click="ignore")
    if access.can_edit:
        rollback_controls(versions, label, lang)


def rollback_controls(versions, label, lang: str) -> None:
    others = [v.version_id for v in reversed(versions) if v.version_id != ctx.version_id]
    if not others:
        return
    st.markdown(f"**{t('dati_rollback_title', lang)}**")
    target = st.selectbox(t("dati_rollback_pick", lang), others, format_func=label, key="dati_rb_pick",
                          on_change=cancel_rollback)
    asked = st.session_state.get(ROLLBACK)
    if asked is None or asked[0] != target:
        st.button(t("dati_rollback_ask", lang, n=target), key="dati_rb_ask", on_click=ask_rollback,
                  args=(target, ctx.version_id), icon=":material/history:")
        return
    _, expected = asked
    lines = []
    if expected is not None:
        for name, diff in ctx.store.diff(expected, target).items():
            if not diff.empty:
                lines.append(f"- {TABLE_BY_NAME[name].label(lang)}: " + t(
                    "dati_table_counts", lang, added=len(diff.added), removed=len(diff.removed),
                    changed=diff.n_changed_rows))
    st.warning(t("dati_rollback_warning", lang, n=target, active=expected) + "\n\n" + "\n".join(lines),
               icon=":material/history:")
    left, right = st.columns(2)
    left.button(t("dati_rollback_confirm", lang, n=target), type="primary", key="dati_rb_confirm",
                on_click=confirm_rollback, icon=":material/check:")
    right.button(t("dati_cancel", lang), key="dati_rb_cancel", on_click=cancel_rollback)


# The context re-read here, not reused: this page writes versions and must never act on a context older
# than the store (AppTest, for one, reruns a page without running the entry script first).
ctx = build_context()
page_header(ctx, "page_data")
access = auth.current_access()
auth.access_panel(access, ctx.lang)
show_flash(ctx.lang)
downloads_section(ctx.lang)
if access.can_edit:
    upload_section(ctx.lang)
history_section(access, ctx.lang)

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
from ngp_data.ingest.preview import (
    Removal,
    UploadPreview,
    build_preview,
    removals_to_confirm,
    split_problems,
    would_be_tables,
)
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
REMOVALS_NAMED = 5                   # removed rows named in the tick's label (all of them listed above it)
REMOVALS_LISTED = 20                 # removed rows listed per sheet above the tick


@dataclass
class Pending:
    """The upload being looked at: its files' fingerprint, the checked upload, its preview and the headline
    figures before and after it (no preview when it has errors)."""

    signature: tuple
    prepared: pipeline.Prepared
    view: UploadPreview | None
    figures: list[FigureChange]
    removals: list[Removal]          # rows removed that must be confirmed by name (none: no tick asked)

    @property
    def tick_key(self) -> str:
        """The tick's widget key, one per upload: a new file is never confirmed by an earlier tick."""
        return "dati_removals_" + hashlib.sha256(repr(self.signature).encode()).hexdigest()[:16]


def flash(kind: str, payload) -> None:
    st.session_state.setdefault(FLASH, []).append((kind, payload))


# --- callbacks (run before the next script run) ------------------------------------------------------------

def confirm_upload() -> None:
    pending: Pending | None = st.session_state.get(PENDING)
    access = auth.current_access()
    if pending is None or not access.can_edit:
        return
    if pending.removals and not st.session_state.get(pending.tick_key):
        flash("error", t("dati_removals_unticked"))
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
        view, figures, removals = None, [], []
        if prepared.ok:
            view, removals = build_preview(prepared), removals_to_confirm(prepared)
            figures = figure_changes(ctx.store, prepared.base_version, would_be_tables(prepared, ctx.store))
        status.update(label=ctx.t("dati_checked_ok" if prepared.ok else "dati_checked_bad"),
                      state="complete" if prepared.ok else "error")
    pending = Pending(signature, prepared, view, figures, removals)
    st.session_state[PENDING] = pending
    return pending


def upload_section() -> None:
    st.subheader(ctx.t("dati_upload_title"))
    files = st.file_uploader(ctx.t("dati_upload_label"), type=UPLOAD_TYPES, accept_multiple_files=True,
                             max_upload_size=MAX_UPLOAD_MB, key=f"dati_upload_{st.session_state.get(GEN, 0)}",
                             help=ctx.t("dati_upload_help"))
    st.caption(ctx.t("upload_limits", types=", ".join(f".{x}" for x in UPLOAD_TYPES), mb=MAX_UPLOAD_MB))
    if not files:
        st.session_state.pop(PENDING, None)
        return
    payload, replaced = newest_by_name([(f.name, f.getvalue()) for f in files])
    for name in replaced:
        st.caption(ctx.t("dati_replaced", name=md_plain(name)))
    signature = tuple((name, hashlib.sha256(data).hexdigest()) for name, data in payload)
    pending: Pending | None = st.session_state.get(PENDING)
    if pending is None or pending.signature != signature or pending.prepared.base_version != ctx.version_id:
        if pending is not None and pending.signature == signature:
            st.info(ctx.t("dati_data_moved", n=ctx.version_id), icon=":material/update:")
        pending = check_upload(payload, signature)
    for export in pending.prepared.filtered:
        st.warning(ctx.t("dati_filtered_export", filters=md_plain(export.describe())), icon=":material/filter_alt:")
    show_problems(pending)
    if pending.view is not None:
        show_preview(pending)


def newest_by_name(files: list[tuple[str, bytes]]) -> tuple[list[tuple[str, bytes]], list[str]]:
    """The files to check, one per name: a file uploaded again under the same name (the corrected one, after
    a rejection) replaces the earlier one, which the uploader keeps listing; and the names so replaced."""
    newest = {name: data for name, data in files}                 # the uploader lists files oldest first
    replaced = sorted({name for name in newest if sum(n == name for n, _ in files) > 1})
    return list(newest.items()), replaced


PROBLEMS_SHOWN = 100                 # problems listed on the page; the workbook of problems holds them all


def problems_list(problems) -> None:
    """The problems as a table whose messages wrap (a message's second half says how to fix it), the first
    ``PROBLEMS_SHOWN``, then how many more the downloadable workbook holds."""
    st.table(problems_frame(problems[:PROBLEMS_SHOWN], ctx.lang), hide_index=True)
    if len(problems) > PROBLEMS_SHOWN:
        st.caption(ctx.tn("dati_problems_more", len(problems) - PROBLEMS_SHOWN))


def show_problems(pending: Pending) -> None:
    prepared = pending.prepared
    errors, warnings, notes = split_problems(prepared.problems)
    for note in notes:
        st.caption(md_plain(str(note)))
    if errors:
        st.error(ctx.tn("dati_errors", len(errors)), icon=":material/error:")
        problems_list(errors)
    if warnings:
        st.warning(ctx.tn("dati_warnings", len(warnings)), icon=":material/warning:")
        problems_list(warnings)
    if errors or warnings:
        st.download_button(ctx.t("dati_problems_download"),
                           data=lambda: problems_workbook(prepared.files, prepared.problems),
                           file_name="ngp_problemi_caricamento.xlsx", mime=XLSX_MIME, key="dati_dl_problems",
                           icon=":material/download:", on_click="ignore")


def show_preview(pending: Pending) -> None:
    """What confirming would do, in the order an officer reads it: per sheet, how many rows change; the
    headline figures before -> after; the rows removed to confirm by name (a tick), the note and the confirm
    button; then the details, folded per sheet. An upload whose data equal the active version's offers no
    confirm (nothing would be saved)."""
    view, figures, base, lang = pending.view, pending.figures, pending.prepared.base_version, ctx.lang
    st.subheader(ctx.t("dati_preview_title"))
    if not view.has_changes:
        st.info(ctx.t("dati_no_changes", n=base), icon=":material/info:")
        return
    changed = [tc for tc in view.tables if not tc.empty]
    st.markdown(ctx.t("dati_summary_title") + "\n" + "\n".join(
        f"- **{TABLE_BY_NAME[tc.table].label(lang)}**: {table_counts(tc.diff, lang)}" for tc in changed))
    same = [TABLE_BY_NAME[tc.table].label(lang) for tc in view.tables if tc.empty]
    if same:
        st.caption(ctx.t("tables_unchanged", tables=", ".join(same)))
    if view.carried:
        st.caption(ctx.t("dati_carried", tables=", ".join(TABLE_BY_NAME[name].label(lang) for name in view.carried)))
    st.markdown(ctx.t("dati_figures_title"))
    cols = st.columns(4)
    for i, fig in enumerate(figures):
        cols[i % 4].metric(ctx.t(fig.label_key), fmt_figure(fig.kind, fig.after, lang, short=True),
                           delta=fmt_delta(fig.kind, fig.delta, lang), delta_color="off", border=True,
                           help=ctx.t("dati_fig_help", before=fmt_figure(fig.kind, fig.before, lang),
                                      after=fmt_figure(fig.kind, fig.after, lang)))
    ticked = removals_tick(pending)
    st.text_input(ctx.t("dati_comment"), key=COMMENT, placeholder=ctx.t("dati_comment_placeholder"), max_chars=500)
    st.button(ctx.t("dati_confirm"), type="primary", key="dati_confirm", on_click=confirm_upload,
              icon=":material/check:", disabled=not ticked)
    st.markdown(ctx.t("dati_details_title"))
    for tc in changed:
        label = TABLE_BY_NAME[tc.table].label(lang)
        with st.expander(f"{label} · {table_counts(tc.diff, lang)}", expanded=False):
            for key, table in change_tables(tc, lang):
                st.markdown(f"**{ctx.t(key, n=len(table.frame))}**")
                show_table(ctx, table, key=f"{key}_{tc.table}")


def removals_tick(pending: Pending) -> bool:
    """The rows the upload removes, listed per sheet, and the tick that names them; whether the upload may be
    confirmed (True when no tick is asked)."""
    if not pending.removals:
        return True
    cards_first = sorted(pending.removals, key=lambda r: r.table != "projects")    # the tick names cards first
    lines = [line for r in cards_first for line in r.lines()]
    listed = "\n".join(
        f"- **{TABLE_BY_NAME[r.table].label(ctx.lang)}**: " + md_plain(", ".join(r.lines()[:REMOVALS_LISTED]))
        + (", " + ctx.tn("dati_removals_more", len(r.rows) - REMOVALS_LISTED) if len(r.rows) > REMOVALS_LISTED
           else "") for r in pending.removals)
    st.warning(ctx.tn("dati_removals", len(lines)) + "\n\n" + listed, icon=":material/delete:")
    named = md_plain(", ".join(lines[:REMOVALS_NAMED]))
    if len(lines) > REMOVALS_NAMED:
        named += ", " + ctx.tn("dati_removals_more", len(lines) - REMOVALS_NAMED)
    return st.checkbox(ctx.t("dati_removals_check", rows=named), key=pending.tick_key)


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

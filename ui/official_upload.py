"""The Dati page's official record: import the state's open-data files (editors), with progress; the
snapshots, newest first; restore an older one. Snapshots are independent of the committee's versions.

A national file takes seconds, so the import runs when the editor presses the button, inside a status box
that shows each file's stage and rows read and kept; the run that follows shows the new snapshot everywhere.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ngp_data.formats import fmt_date, fmt_datetime
from ngp_data.ingest.problems import UploadRejected
from ngp_data.labels import author_label, md_plain
from ngp_data.official import import_official
from ngp_data.official.files import MAX_OFFICIAL_BYTES
from ngp_data.official_schema import OFFICIAL_BY_NAME, OFFICIAL_TABLES
from ngp_data.store import StoreError
from ngp_data.store import official as store_official
from ngp_data.store.official import Snapshot

from . import auth
from .context import PageContext, get_store
from .official import attribution
from .upload import problems_frame

GEN, FLASH, COMMENT, RESTORE = "off_upload_gen", "off_flash", "off_comment", "off_restore"
MAX_OFFICIAL_MB = MAX_OFFICIAL_BYTES // 1024 // 1024       # also server.maxUploadSize in .streamlit/config.toml


def snapshots_frame(snapshots: list[Snapshot], active: int | None, t, lang: str) -> pd.DataFrame:
    """Every snapshot, newest first: number, active, date, author, extraction date, files, rows per table."""
    rows = []
    for s in reversed(snapshots):
        row = {
            t("dati_col_version"): s.snapshot_id,
            t("dati_col_active"): "●" if s.snapshot_id == active else "",
            t("dati_col_date"): fmt_datetime(s.created_at, lang),
            t("dati_col_author"): author_label(s.author, s.kind, lang),
            t("off_col_kind"): (t("off_kind_rollback", n=s.source_snapshot) if s.kind == "rollback"
                                else t("dati_kind_demo") if s.kind == "demo" else t("off_kind_import")),
            t("off_col_extracted"): fmt_date(s.extracted_on) if s.extracted_on else "",
            t("dati_col_files"): ", ".join(f.name for f in s.files),
        }
        for table in OFFICIAL_TABLES:
            row[table.sheet] = s.counts.get(table.name, 0)
        rows.append(row)
    return pd.DataFrame(rows)


def _restore(target: int, expected: int | None) -> None:
    access = auth.current_access()
    if not access.can_edit:
        return
    try:
        new = store_official.rollback_snapshot(get_store(), target, author=access.author, expected_active=expected)
    except StoreError as exc:
        st.session_state[FLASH] = ("error", str(exc))
        return
    st.session_state[FLASH] = ("success", ("off_restored", {"n": new, "source": target}))


def _run_import(ctx: PageContext, files, comment: str, author: str) -> None:
    """The import, with each file's stage shown as it goes; the outcome is kept for the next run."""
    t = ctx.t
    with st.status(t("off_importing", n=len(files)), expanded=True) as status:
        bar = st.progress(0.0)
        line = st.empty()
        stages = len(files) * 5

        def progress(name: str, stage: str, rows_read: int, rows_kept: int) -> None:
            progress.done = min(stages, getattr(progress, "done", 0) + 1)
            bar.progress(progress.done / stages)
            line.caption(t("official_progress", file=md_plain(name), stage=t(f"official_stage_{stage}"),
                           read=ctx.tn("official_rows_read", rows_read), kept=ctx.tn("official_rows_kept", rows_kept)))

        try:
            result = import_official(ctx.store, [(f.name, f.getvalue()) for f in files], author=author,
                                     comment=comment, progress=progress)
        except UploadRejected as exc:
            status.update(label=t("off_rejected"), state="error")
            st.session_state[FLASH] = ("problems", exc.problems)
            return
        except StoreError as exc:
            status.update(label=t("off_rejected"), state="error")
            st.session_state[FLASH] = ("error", str(exc))
            return
        status.update(label=t("off_imported", n=result.snapshot_id), state="complete")
    summary = [t("official_file_summary", file=md_plain(f.name), table=OFFICIAL_BY_NAME[f.table].sheet,
                 read=ctx.tn("official_rows_read", f.rows_read), kept=ctx.tn("official_rows_kept", f.rows_kept),
                 comune=result.comune,
                 extracted=fmt_date(f.extracted_on) if f.extracted_on else "—") for f in result.files]
    st.session_state[FLASH] = ("success", ("off_imported_summary", {"n": result.snapshot_id,
                                                                    "files": "\n".join(f"- {s}" for s in summary)}))
    st.session_state[GEN] = st.session_state.get(GEN, 0) + 1
    st.rerun()                               # the next run reads the new snapshot at its top, for every page


def _show_flash(ctx: PageContext) -> None:
    kind, payload = st.session_state.pop(FLASH, (None, None))
    if kind == "problems":
        st.error(ctx.tn("dati_errors", len(payload)), icon=":material/error:")
        st.dataframe(problems_frame(payload, ctx.lang), hide_index=True, key="off_problems")
    elif kind == "error":
        st.error(md_plain(payload), icon=":material/error:")
    elif kind == "success":
        key, values = payload
        st.success(ctx.t(key, **values), icon=":material/check_circle:")


def official_section(ctx: PageContext, access: auth.Access) -> None:
    """The section of the Dati page: help, the import (editors), the snapshots and their restore."""
    t = ctx.t
    st.subheader(t("off_data_title"))
    st.markdown(t("off_data_help"))
    _show_flash(ctx)
    if access.can_edit:
        files = st.file_uploader(t("off_upload_label"), type=["csv"], accept_multiple_files=True,
                                 max_upload_size=MAX_OFFICIAL_MB, key=f"off_upload_{st.session_state.get(GEN, 0)}",
                                 help=t("off_upload_help", mb=MAX_OFFICIAL_MB))
        st.caption(t("upload_limits", types=".csv", mb=MAX_OFFICIAL_MB))
        if files:
            comment = st.text_input(t("dati_comment"), key=COMMENT, max_chars=500,
                                    placeholder=t("off_comment_placeholder"))
            if st.button(t("off_import"), type="primary", key="off_import", icon=":material/cloud_upload:"):
                _run_import(ctx, files, comment.strip(), access.author)
    snapshots = store_official.snapshots(ctx.store)
    if not snapshots:
        st.caption(t("off_history_empty"))
        return
    st.markdown(f"**{t('off_history_title')}**")
    st.dataframe(snapshots_frame(snapshots, ctx.snapshot_id, t, ctx.lang), hide_index=True, key="off_history")
    st.caption(attribution(ctx.lang))
    others = [s.snapshot_id for s in reversed(snapshots) if s.snapshot_id != ctx.snapshot_id]
    if access.can_edit and others:
        target = st.selectbox(t("off_restore_pick"), others, key="off_restore_pick")
        st.button(t("off_restore", n=target), key="off_restore", on_click=_restore, args=(target, ctx.snapshot_id),
                  icon=":material/history:", help=t("off_restore_help"))

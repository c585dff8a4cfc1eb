"""The meeting pack's button, on the Esporta page and on the presenter's last screen: the PDF is built at
the click (kaleido and typst take seconds) with a progress bar naming the stage, kept for this view only
(version, snapshot, filters, language, day), then offered as a download. It compares with the version of
the last meeting on record (else the previous one), as ``python -m ngp_data pack`` does."""

from __future__ import annotations

import streamlit as st

from ngp_data import output
from ngp_data.formats import fmt_number
from ngp_data.labels import md_plain
from ngp_data.store import StoreError

from .context import PageContext


def pack_section(ctx: PageContext, key: str, *, title: bool = True) -> None:
    """Title, one line of what the pack holds, the build button, then the download. ``key`` tells the places
    apart (``esporta`` keeps the historical widget keys ``pack_build`` / ``pack_download``)."""
    suffix = "" if key == "esporta" else f"_{key}"
    if title:
        st.subheader(ctx.t("pack_section"))
    st.caption(ctx.t("pack_intro"))
    view = (ctx.version_id, ctx.snapshot_id, ctx.filters, ctx.lang, ctx.today)
    kept = f"pack_pdf{suffix}"
    if st.button(ctx.t("pack_button"), key=f"pack_build{suffix}", icon=":material/picture_as_pdf:", type="primary"):
        bar = st.progress(0.0, text=ctx.t("pack_stage_data"))
        try:
            since, _ = output.pick_since(ctx.store, ctx.version_id)
            pdf = output.build_pack(ctx.store, version_id=ctx.version_id, snapshot_id=ctx.snapshot_id,
                                    filters=ctx.filters, lang=ctx.lang, today=ctx.today, since_version=since,
                                    progress=lambda fraction, message: bar.progress(min(fraction, 1.0), text=message))
            st.session_state[kept] = (view, pdf)
        except (output.PackError, StoreError) as exc:
            st.session_state.pop(kept, None)
            st.error(md_plain(str(exc)), icon=":material/error:")
        bar.empty()
    built = st.session_state.get(kept)
    if built is not None and built[0] == view:
        pdf = built[1]
        st.success(ctx.t("pack_ready", size=f"{fmt_number(len(pdf) / 1024, ctx.lang)} KB"),
                   icon=":material/task_alt:")
        st.download_button(ctx.t("pack_save"), data=pdf, file_name=output.pack_file_name(ctx.today),
                           mime="application/pdf", key=f"pack_download{suffix}", icon=":material/download:",
                           on_click="ignore")

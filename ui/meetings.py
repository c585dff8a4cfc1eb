"""The meetings on record in the interface: the form that records one, and the list (with removal).

Both are self-contained (the Dati page's "Riunioni" section calls them, and so can any other page):
they read who is using the app (``auth.current_access``), write through ``ngp_data.store.meetings``,
and keep their one-line outcome in the session until the next run shows it. Only editors record or
remove a meeting. ``key`` keeps the widgets of two calls on different pages apart.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ngp_data.demo import DEMO_AUTHOR
from ngp_data.formats import EMPTY, fmt_date
from ngp_data.labels import author_label, md_plain
from ngp_data.labels import t as label
from ngp_data.store import StoreError
from ngp_data.store import meetings as store_meetings
from ngp_data.store.meetings import MAX_TEXT, MAX_TITLE, Meeting

from . import auth
from .context import PageContext, get_store

_FLASH, _ASK = "meet_flash", "meet_delete_ask"


def default_title(ctx: PageContext) -> str:
    return ctx.t("meet_default_name", date=fmt_date(ctx.today))


def meeting_form(ctx: PageContext, key: str) -> None:
    """A form to record a meeting (editors; others are told who can): date (today), title, notes, decisions."""
    t = ctx.t
    _show_flash(ctx, key)
    access = auth.current_access()
    if not access.can_edit:
        st.caption(t("meet_readonly"))
        return
    version, snapshot = store_meetings.shown_on(ctx.store, ctx.today, today=ctx.today)
    with st.form(f"meet_form_{key}", clear_on_submit=True, border=True):
        st.markdown(f"**{t('meet_form_title')}**")
        held_on = st.date_input(t("meet_date"), value=ctx.today, max_value=ctx.today, format="DD/MM/YYYY",
                                key=f"meet_{key}_date")
        title = st.text_input(t("meet_name"), value=default_title(ctx), max_chars=MAX_TITLE, key=f"meet_{key}_title")
        notes = st.text_area(t("meet_notes"), max_chars=MAX_TEXT, key=f"meet_{key}_notes")
        decisions = st.text_area(t("meet_decisions"), max_chars=MAX_TEXT, key=f"meet_{key}_decisions")
        st.caption(t("meet_will_record", version=_number(ctx, version), snapshot=_number(ctx, snapshot)))
        submitted = st.form_submit_button(t("meet_submit"), type="primary", icon=":material/event_available:")
    if submitted:
        try:
            m = store_meetings.record_meeting(get_store(), held_on=held_on, title=title, author=access.author,
                                              notes=notes, decisions=decisions, today=ctx.today)
        except StoreError as exc:
            st.error(md_plain(str(exc)), icon=":material/error:")
            return
        st.session_state[f"{_FLASH}_{key}"] = ("success", t("meet_saved", date=fmt_date(m.held_on),
                                                             title=md_plain(m.title),
                                                             version=_number(ctx, m.version_id),
                                                             snapshot=_number(ctx, m.snapshot_id)))
        st.rerun()                                    # the list and the Novità default see it at once


def meetings_table(ctx: PageContext, key: str = "dati") -> None:
    """Every meeting, newest first (date, title, versions, author), notes and decisions readable; removal."""
    t = ctx.t
    _show_flash(ctx, key)
    found = store_meetings.meetings(ctx.store)
    if not found:
        st.caption(t("meet_empty"))
        return
    st.dataframe(meetings_frame(found, ctx), hide_index=True, key=f"meet_{key}_table", placeholder=EMPTY)
    st.markdown(f"**{t('meet_col_notes')}**")
    for m in found:
        with st.expander(t("meet_details", date=fmt_date(m.held_on), title=md_plain(m.title))):
            if not (m.notes or m.decisions):
                st.caption(t("meet_nothing_written"))
            for label, text in (("meet_notes", m.notes), ("meet_decisions", m.decisions)):
                if text:
                    st.markdown(f"**{t(label)}**")
                    st.text(text)                     # the user's words as written, never as Markdown
    if auth.current_access().can_edit:
        _delete_controls(ctx, found, key)


def meetings_frame(found: list[Meeting], ctx: PageContext) -> pd.DataFrame:
    t = ctx.t
    return pd.DataFrame([{
        t("meet_col_date"): fmt_date(m.held_on),
        t("meet_col_title"): m.title,
        t("meet_col_version"): None if m.version_id is None else str(m.version_id),      # none: "—"
        t("meet_col_snapshot"): None if m.snapshot_id is None else str(m.snapshot_id),
        t("meet_col_author"): author_label(m.author, "demo" if m.author == DEMO_AUTHOR else "", ctx.lang),
    } for m in found])


# --- removing a mistaken record ---------------------------------------------------------------------------
def _delete_controls(ctx: PageContext, found: list[Meeting], key: str) -> None:
    t = ctx.t
    by_id = {m.meeting_id: m for m in found}

    def option(mid: int) -> str:
        return f"{fmt_date(by_id[mid].held_on)} · {by_id[mid].title}"

    pick = st.selectbox(t("meet_delete_pick"), list(by_id), format_func=option, key=f"meet_{key}_pick",
                        on_change=_cancel, args=(key,))
    if st.session_state.get(f"{_ASK}_{key}") != pick:
        st.button(t("meet_delete_ask"), key=f"meet_{key}_ask", on_click=_ask, args=(key, pick),
                  icon=":material/delete:")
        return
    m = by_id[pick]
    st.warning(t("meet_delete_warning", date=fmt_date(m.held_on), title=md_plain(m.title)), icon=":material/delete:")
    left, right = st.columns(2)
    left.button(t("meet_delete_confirm"), type="primary", key=f"meet_{key}_confirm", on_click=_delete,
                args=(key, m, ctx.lang), icon=":material/check:")
    right.button(t("meet_cancel"), key=f"meet_{key}_cancel", on_click=_cancel, args=(key,))


def _ask(key: str, meeting_id: int) -> None:
    st.session_state[f"{_ASK}_{key}"] = meeting_id


def _cancel(key: str) -> None:
    st.session_state.pop(f"{_ASK}_{key}", None)


def _delete(key: str, m: Meeting, lang: str) -> None:
    st.session_state.pop(f"{_ASK}_{key}", None)
    access = auth.current_access()
    if not access.can_edit:
        return
    try:
        store_meetings.delete_meeting(get_store(), m.meeting_id, author=access.author)
    except StoreError as exc:
        st.session_state[f"{_FLASH}_{key}"] = ("error", str(exc))
        return
    st.session_state[f"{_FLASH}_{key}"] = ("success", label("meet_deleted", lang, date=fmt_date(m.held_on),
                                                        title=md_plain(m.title)))


# --- helpers --------------------------------------------------------------------------------------------
def _show_flash(ctx: PageContext, key: str) -> None:
    kind, text = st.session_state.pop(f"{_FLASH}_{key}", (None, None))
    if kind == "success":
        st.success(text, icon=":material/check_circle:")
    elif kind == "error":
        st.error(md_plain(text), icon=":material/error:")


def _number(ctx: PageContext, value: int | None) -> str:
    return str(value) if value is not None else ctx.t("meet_none")

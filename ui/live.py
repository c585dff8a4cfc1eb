"""The live projector: a page left open notices newer data (a confirmed upload, a rollback, a new official
snapshot) within seconds, without reloading the app on every tick.

A fragment reruns on its own every ``LIVE_SECONDS`` (``st.fragment(run_every=...)``): it reads only the two
active ids (one small query each) and compares them with the ones this run was pinned to. Nothing else of
the page runs. When they differ, a normal page says so with an "Aggiorna" button; the presenter reruns the
whole app by itself (``st.rerun(scope="app")``), so the projector always shows the data just confirmed.
"""

from __future__ import annotations

import os

import streamlit as st

from ngp_data.labels import t
from ngp_data.store import StoreError
from ngp_data.store import official as store_official

from .context import PageContext, get_store


def live_seconds() -> float:
    """Seconds between two checks (``NGP_LIVE_SECONDS``, default 5; 0 turns the check off)."""
    try:
        return max(0.0, float(os.environ.get("NGP_LIVE_SECONDS", "5")))
    except ValueError:
        return 5.0


def active_ids(store) -> tuple[int | None, int | None]:
    """(active version, active official snapshot): what a tick reads, and all it reads."""
    return store.active_version(), store_official.active_snapshot(store)


def watch(ctx: PageContext, *, follow: bool) -> None:
    """Start the check for this page (dashboard.py, once per run). ``follow``: rerun the app by itself when
    the data changes (the presenter), instead of offering the button."""
    seconds = live_seconds()
    if not seconds:
        return
    _tick_every(seconds)(ctx.version_id, ctx.snapshot_id, ctx.lang, follow)


_FRAGMENTS: dict[float, object] = {}


def _tick_every(seconds: float):
    """The fragment function for ``seconds`` (one per interval: ``run_every`` is fixed at definition)."""
    if seconds not in _FRAGMENTS:
        _FRAGMENTS[seconds] = st.fragment(run_every=seconds)(_tick)
    return _FRAGMENTS[seconds]


def _tick(version_id: int | None, snapshot_id: int | None, lang: str, follow: bool) -> None:
    try:
        now_version, now_snapshot = active_ids(get_store())
    except StoreError:                  # busy or damaged: the next full run says so; a tick stays quiet
        return
    if (now_version, now_snapshot) == (version_id, snapshot_id):
        return
    if follow:
        st.rerun(scope="app")
    if now_version != version_id and now_version is not None:
        text = t("live_new_version", lang, n=now_version)
    else:
        text = t("live_new_snapshot", lang, n=now_snapshot)
    with st.container(border=True, key="live_notice"):
        left, right = st.columns([5, 1], vertical_alignment="center")
        left.markdown(f":material/update: **{text}**")
        if right.button(t("live_refresh", lang), key="live_refresh", icon=":material/refresh:", type="primary"):
            st.rerun(scope="app")

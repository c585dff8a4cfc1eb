"""What every page needs, read once per run: the store, the pinned version, the filters, the language.

The version id is read once at the top of each run and every query of the run is pinned to it, so a
page never mixes two uploads (RELIABILITY.md F9), and a new upload shows at every session's next run.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from ngp_data.analytics import queries
from ngp_data.analytics.queries import Filters
from ngp_data.demo import ensure_demo
from ngp_data.store import Store, Version, default_db_path, open_store

# URL parameter (= widget key) of each filter, and the Filters field it fills.
FILTER_PARAMS = {"missione": "missions", "componente": "components", "partner": "partners", "stato": "states",
                 "bando": "calls", "esito": "outcomes"}
DATE_PARAMS = {"dal": "date_from", "al": "date_to"}
LANG_KEY, MEETING_KEY = "lingua", "riunione"


@dataclass(frozen=True)
class PageContext:
    store: Store
    db_path: str
    version: Version | None
    filters: Filters
    lang: str
    big: bool                      # meeting mode

    @property
    def version_id(self) -> int | None:
        return self.version.version_id if self.version else None

    @property
    def today(self) -> dt.date:
        return today()


def today() -> dt.date:
    """Today's date (``NGP_TODAY=aaaa-mm-gg`` pins it, for tests and screenshots)."""
    pinned = os.environ.get("NGP_TODAY")
    return dt.date.fromisoformat(pinned) if pinned else dt.date.today()


def db_path() -> str:
    return str(Path(default_db_path()).resolve())


@st.cache_resource(show_spinner=False)
def get_store(path: str) -> Store:
    """One store (one DuckDB connection) per database file and process; the demo fills a new one."""
    store = open_store(path)
    if os.environ.get("NGP_DEMO", "1") != "0":
        ensure_demo(store)
    return store


def lang() -> str:
    return "en" if st.session_state.get(LANG_KEY) == "English" else "it"


def meeting() -> bool:
    return bool(st.session_state.get(MEETING_KEY))


def current_filters() -> Filters:
    """The sidebar's selection, read from the widgets' state (the widgets are bound to the URL)."""
    values = {field: tuple(st.session_state.get(key) or ()) for key, field in FILTER_PARAMS.items()}
    dates = {field: st.session_state.get(key) for key, field in DATE_PARAMS.items()}
    return Filters(**values, **dates)


def context() -> PageContext:
    """The context of this run (computed once by the entry script, reused by the page)."""
    ctx = st.session_state.get("_ngp_ctx")
    if ctx is None:
        ctx = build_context()
    return ctx


def build_context() -> PageContext:
    path = db_path()
    store = get_store(path)
    active = store.active_version()
    version = store.version(active) if active is not None else None
    ctx = PageContext(store, path, version, current_filters(), lang(), meeting())
    st.session_state["_ngp_ctx"] = ctx
    return ctx


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(path: str, name: str, version_id: int, filters: Filters, extra: tuple) -> object:
    return getattr(queries, name)(get_store(path), version_id, filters, *extra)


def query(ctx: PageContext, name: str, *extra, filters: Filters | None = None):
    """A function of ngp_data.queries, cached on (database, version, filters, arguments)."""
    return _cached(ctx.db_path, name, ctx.version_id, ctx.filters if filters is None else filters, extra)


@st.cache_data(show_spinner=False, max_entries=256)
def _cached_unfiltered(path: str, name: str, version_id: int, extra: tuple) -> object:
    return getattr(queries, name)(get_store(path), version_id, *extra)


def query_unfiltered(ctx: PageContext, name: str, *extra):
    """A query that takes no filters (e.g. project_record), cached on (database, version, arguments)."""
    return _cached_unfiltered(ctx.db_path, name, ctx.version_id, extra)


@st.cache_data(show_spinner=False, max_entries=64)
def filter_options(path: str, version_id: int) -> dict:
    return queries.filter_options(get_store(path), version_id)

"""What every page needs, built once per run by dashboard.py: the store, the pinned version, the filters, the
language, whether the page is the presenter; and the cached, typed way to call the queries.

The version id is read once at the top of each run and every query of the run is pinned to it, so a
page never mixes two uploads (RELIABILITY.md F9), and a new upload shows at every session's next run.
Pages call the query functions themselves, ``ctx.q(queries.kpis)``, so "find usages" of a query finds
the pages that show it; the results are cached on (database, version, filters, function, arguments).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import streamlit as st

from ngp_data.analytics.queries import Filters
from ngp_data.cli_served import start as serve_command_line
from ngp_data.demo import ensure_demo
from ngp_data.labels import t, tn
from ngp_data.store import Store, Version, database_key, open_store
from ngp_data.store import official as store_official
from ngp_data.store.official import Snapshot

T = TypeVar("T")

# URL parameter (= widget key) of each filter, and the Filters field it fills.
FILTER_PARAMS = {"missione": "missions", "componente": "components", "partner": "partners", "stato": "states",
                 "bando": "calls", "esito": "outcomes"}
DATE_PARAMS = {"dal": "date_from", "al": "date_to"}
LANG_KEY = "lingua"
LEGACY_MEETING_KEY = "riunione"    # the old meeting mode's ?riunione=true: such links now open the presenter
_CONTEXT_KEY = "_ngp_ctx"


@dataclass(frozen=True)
class PageContext:
    store: Store
    version: Version | None        # the active version, read once at the top of the run
    filters: Filters
    lang: str
    presenter: bool                # the presenter (views/presentazione.py): large type, one idea a screen
    snapshot: Snapshot | None = None   # the active official snapshot, read once at the top of the run

    @property
    def version_id(self) -> int | None:
        return self.version.version_id if self.version else None

    @property
    def today(self) -> dt.date:
        return today()

    def q(self, fn: Callable[..., T], *args: Any, filters: Filters | None = None) -> T:
        """``fn(store, version, filters, *args)`` of ngp_data.analytics.queries, on this run's version and
        filters (or ``filters``), cached."""
        return _filtered(self.store, db_key(self.store), fn, _name(fn), self.version_id,
                         self.filters if filters is None else filters, args)

    @property
    def snapshot_id(self) -> int | None:
        return self.snapshot.snapshot_id if self.snapshot else None

    def q_official(self, fn: Callable[..., T], *args: Any, filters: Filters | None = None,
                   filtered: bool = True) -> T:
        """``fn(store, version, snapshot, filters, *args)`` of ngp_data.analytics.official, on this run's
        version, official snapshot and filters (or ``filters``), cached on all four; ``filtered=False`` for
        a query that takes no filters (``fn(store, version, snapshot, *args)``)."""
        chosen = (self.filters if filters is None else filters) if filtered else None
        return _official(self.store, db_key(self.store), fn, _name(fn), self.version_id, self.snapshot_id,
                         chosen, args)

    def q_version(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(store, version, *args)`` for a query without filters (``project_record``), cached."""
        return version_query(self.store, self.version_id, fn, *args)

    def t(self, key: str, **values: Any) -> str:
        return t(key, self.lang, **values)

    def tn(self, key: str, n: float, **values: Any) -> str:
        return tn(key, n, self.lang, **values)


def today() -> dt.date:
    """Today's date (``NGP_TODAY=aaaa-mm-gg`` pins it, for tests and screenshots)."""
    pinned = os.environ.get("NGP_TODAY")
    return dt.date.fromisoformat(pinned) if pinned else dt.date.today()


@st.cache_resource(show_spinner=False)
def _store(path: str) -> Store:
    """One store (one DuckDB connection) per database file and process; the demo fills a new one. Its service
    (ngp_data/store/service.py) answers the command line while this process holds the file."""
    store = open_store(path)
    if os.environ.get("NGP_DEMO", "1") != "0":
        ensure_demo(store)
    if not st.runtime.exists() or store.server:   # AppTest, bench scripts; on PostgreSQL every process
        return store                              # opens the database itself: nobody to serve
    try:                                  # the command line's commands and the daily backup, run here
        serve_command_line(store)
    except OSError:
        logging.getLogger(__name__).exception("servizio della riga di comando non avviato per %s", path)
    return store


def get_store() -> Store:
    """The store of the configured database (``NGP_DB``, else data/ngp.duckdb)."""
    return _store(str(database_key(None)))


def db_key(store: Store) -> str:
    """What identifies a store's database in a cache key."""
    return store.target


def legacy_meeting_link() -> bool:
    """The URL is an old meeting-mode link (``?riunione=true`` or ``=1``)."""
    return str(st.query_params.get(LEGACY_MEETING_KEY, "")).strip().lower() in ("1", "true", "sì", "si", "yes")


def current_filters() -> Filters:
    """The sidebar's selection, read from the widgets' state (the widgets are bound to the URL)."""
    values = {field: tuple(st.session_state.get(key) or ()) for key, field in FILTER_PARAMS.items()}
    dates = {field: st.session_state.get(key) for key, field in DATE_PARAMS.items()}
    return Filters(**values, **dates)


def publish(ctx: PageContext) -> None:
    """Hand this run's context to the page (dashboard.py, once per run, before the page runs)."""
    st.session_state[_CONTEXT_KEY] = ctx


def context() -> PageContext:
    """The context dashboard.py built for this run. Every page runs inside dashboard.py (st.navigation), and
    a callback that writes a version runs before the next run builds its context, so it is never stale."""
    return st.session_state[_CONTEXT_KEY]


def _name(fn: Callable) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"


@st.cache_data(show_spinner=False, max_entries=512)
def _filtered(_store: Store, db: str, _fn: Callable, name: str, version_id: int | None, filters: Filters,
              args: tuple) -> Any:
    return _fn(_store, version_id, filters, *args)


@st.cache_data(show_spinner=False, max_entries=256)
def _pinned(_store: Store, db: str, _fn: Callable, name: str, version_id: int | None, args: tuple) -> Any:
    return _fn(_store, version_id, *args)


@st.cache_data(show_spinner=False, max_entries=256)
def _official(_store: Store, db: str, _fn: Callable, name: str, version_id: int | None, snapshot_id: int | None,
              filters: Filters | None, args: tuple) -> Any:
    if filters is None:
        return _fn(_store, version_id, snapshot_id, *args)
    return _fn(_store, version_id, snapshot_id, filters, *args)


@st.cache_data(show_spinner=False, max_entries=64)
def _snapshot(_store: Store, db: str, snapshot_id: int) -> Snapshot:
    return store_official.snapshot(_store, snapshot_id)


def active_snapshot(store: Store) -> Snapshot | None:
    """The active official snapshot, read once per run: its id from the store (a new import shows at the
    next run), its record from a cache (a snapshot never changes once written)."""
    sid = store_official.active_snapshot(store)
    return None if sid is None else _snapshot(store, db_key(store), sid)


def version_query(store: Store, version_id: int | None, fn: Callable[..., T], *args: Any) -> T:
    """``fn(store, version_id, *args)``, cached on (database, version, function, arguments); also for the
    sidebar, which draws the filters before the run's context exists."""
    return _pinned(store, db_key(store), fn, _name(fn), version_id, args)

"""Shared test settings: tools that may be missing on a developer's machine but never in CI."""

from __future__ import annotations

import os
import sys

import pytest


def skip_or_fail(reason: str) -> None:
    """Skip when a system tool is missing, except in CI (NGP_REQUIRE_TOOLS=1), where it must be there."""
    if os.environ.get("NGP_REQUIRE_TOOLS") == "1":
        pytest.fail(f"{reason} (NGP_REQUIRE_TOOLS=1: .ci/run should have installed it)")
    pytest.skip(reason)


def pytest_sessionfinish(session, exitstatus):
    session.config.ngp_exit_status = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """End the test process right after pytest's own last word.

    DuckDB's Python bindings (nanobind) print a "leaked instances" report at interpreter shutdown for
    every connection object still referenced (Streamlit's caches hold some on purpose). That noise would
    come after pytest's summary line; exiting here, once the session is fully torn down, avoids it.
    """
    status = getattr(config, "ngp_exit_status", None)
    if status is not None:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)


@pytest.fixture
def loopback():
    """Local mode for AppTest (no login, ``server.address`` 127.0.0.1: the user may edit), then restored."""
    from streamlit import config

    old = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    yield
    config.set_option("server.address", old)


# --- the two stores: a DuckDB file and PostgreSQL (a throwaway cluster, tests/pg_cluster.py) ---------------
def started_cluster():
    """A new throwaway PostgreSQL cluster, started (the test is skipped, or fails under CI, without PostgreSQL)."""
    from tests.pg_cluster import Cluster, available

    why = available()
    if why:
        skip_or_fail(why)
    return Cluster().start()


@pytest.fixture(scope="session")
def pg_cluster():
    """A PostgreSQL cluster for the whole run, started on first use and stopped at the end."""
    cluster = started_cluster()
    yield cluster
    cluster.stop()


STORE_KINDS = ("duckdb", "postgresql")


@pytest.fixture(params=STORE_KINDS)
def db_target(request, tmp_path):
    """Where a test's store lives, once per kind: ``db_target("name")`` is a new file or a new PostgreSQL
    database (its URL). Tests that take it run twice, ids ``[duckdb]`` and ``[postgresql]``."""
    return _target_factory(request, tmp_path)


@pytest.fixture(scope="module", params=STORE_KINDS)
def module_db_target(request, tmp_path_factory):
    """:func:`db_target` for module-scoped fixtures."""
    return _target_factory(request, tmp_path_factory.mktemp("db"))


def _target_factory(request, folder):
    if request.param == "duckdb":
        return lambda name="ngp": folder / f"{name}.duckdb"
    cluster = request.getfixturevalue("pg_cluster")
    return lambda name="ngp": cluster.database()

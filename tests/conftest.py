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

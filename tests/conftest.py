"""Shared test settings: tools that may be missing on a developer's machine but never in CI."""

from __future__ import annotations

import os

import pytest


def skip_or_fail(reason: str) -> None:
    """Skip when a system tool is missing, except in CI (NGP_REQUIRE_TOOLS=1), where it must be there."""
    if os.environ.get("NGP_REQUIRE_TOOLS") == "1":
        pytest.fail(f"{reason} (NGP_REQUIRE_TOOLS=1: .ci/run should have installed it)")
    pytest.skip(reason)

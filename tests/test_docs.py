"""Docs and code stay in step: every sheet, column, alias and closed-list value is documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from ngp_data.official_schema import OFFICIAL_TABLES
from ngp_data.schema import CHOICE_ALIASES, TABLES

ROOT = Path(__file__).resolve().parents[1]
DATA_MD = (ROOT / "docs" / "DATA.md").read_text(encoding="utf-8")


def _documented(table) -> None:
    """Every column of ``table`` has its row in docs/DATA.md, with its aliases and closed-list values."""
    heading = f"### {table.sheet} (`{table.name}`)"
    assert heading in DATA_MD
    section = DATA_MD.split(heading, 1)[1].split("\n### ", 1)[0]
    for col in table.columns:
        row = next((line for line in section.splitlines() if line.startswith(f"| {col.it} | `{col.name}` |")), None)
        assert row is not None, f"{table.sheet}.{col.it} missing from docs/DATA.md"
        for alias in col.aliases:
            assert f"`{alias}`" in row, f"alias {alias!r} of {col.it} missing"
        for value, _ in col.choices:
            assert value in row, f"value {value!r} of {col.it} missing"


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_every_column_is_documented_with_its_aliases_and_values(table):
    _documented(table)


def test_value_aliases_are_documented():
    for alias, value in CHOICE_ALIASES.items():
        assert f"`{alias}` → {value}" in DATA_MD


def test_readme_opens_with_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    block = readme[readme.index("```bash") + 1: readme.index("```bash") + 3]
    assert block[0].endswith("streamlit run dashboard.py")
    assert block[1].endswith("-m pytest")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert block[1] in ci, ".ci/run must run the README's test command"


@pytest.mark.parametrize("table", OFFICIAL_TABLES, ids=lambda t: t.name)
def test_every_official_column_is_documented(table):
    _documented(table)

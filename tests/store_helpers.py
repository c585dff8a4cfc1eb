"""Stores the tests start from, and what a refused change must leave as it was.

Shared by the hostile-input, fidelity, access and Dati page tests (each declares its own fixtures in one
line on top of these).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ngp_data.demo import load_demo
from ngp_data.ingest import pipeline
from ngp_data.store import Store
from tests import hostile_files as hf


def snapshot(store: Store):
    """History, active version and live tables: all a refused upload must leave as it was."""
    versions = [(v.version_id, v.sha256, v.kind, v.file_names, v.counts) for v in store.versions()]
    active = store.active_version()
    tables = {name: frame.astype(object).where(frame.notna(), None).to_dict("records")
              for name, frame in store.tables(active).items()}
    return versions, active, tables


def base_store(path: Path | str) -> Store:
    """A store whose first version is the valid two-sheet workbook ``base.xlsx`` (Partner + Progetti)."""
    s = Store(path)
    prepared = pipeline.prepare([("base.xlsx", hf.xlsx_bytes())], s)
    assert prepared.ok, [str(p) for p in prepared.problems]
    assert pipeline.commit(prepared, s) == 1
    return s


def demo_database(folder: Path) -> Path:
    """The demo database (3 versions), written once and closed, for tests to copy."""
    path = folder / "demo.duckdb"
    store = Store(path)
    load_demo(store)
    store.close()
    return path


def copy_of(pristine: Path, tmp_path: Path) -> Path:
    """A private copy of ``pristine`` for one test."""
    path = tmp_path / "ngp.duckdb"
    shutil.copy(pristine, path)
    return path

"""The versioned store: versions, partial uploads, rollback, diff, stale previews, atomicity, locking."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from datetime import date

import pandas as pd
import pytest

from ngp_data.ingest.pipeline import commit, prepare
from ngp_data.store import (
    DatabaseBusy,
    DuplicateUpload,
    SourceFile,
    StaleVersion,
    Store,
    StoreError,
    UnknownVersion,
    open_store,
)
from tests.builders import valid_rows, workbook_bytes


@pytest.fixture
def store(db_target):
    """A new store, once a DuckDB file and once a PostgreSQL database (the tests run on both)."""
    s = Store(db_target("s"))
    yield s
    s.close()


def load(store, rows=None, name="dati.xlsx", **kw):
    prepared = prepare([(name, workbook_bytes(rows or valid_rows()))], store)
    assert prepared.ok, [str(p) for p in prepared.problems if p.is_error]
    return commit(prepared, store, **kw)


def test_empty_store_has_no_version(store):
    assert store.active_version() is None
    assert store.versions() == []
    with pytest.raises(UnknownVersion, match="non contiene ancora dati"):
        store.version()


def test_a_commit_records_author_comment_file_hash_bytes_and_counts(store):
    content = workbook_bytes(valid_rows())
    prepared = prepare([("portafoglio.xlsx", content)], store)
    vid = commit(prepared, store, author="anna@comune.prato.it", comment="prima versione")
    v = store.version(vid)
    assert (v.version_id, v.author, v.comment, v.kind, v.file_names) == (
        1, "anna@comune.prato.it", "prima versione", "import", "portafoglio.xlsx")
    assert v.sha256 == SourceFile("x", content).sha256
    assert v.counts == {"partners": 3, "projects": 2, "project_partners": 3, "calls": 2, "requests": 2,
                        "outcomes": 2}
    assert store.files(vid) == [SourceFile("portafoglio.xlsx", content)]
    assert not v.demo


def test_store_round_trips_types(store):
    vid = load(store)
    projects = store.table("projects", vid)
    assert projects.loc[0, "budget_total"] == 18_700_000.0
    assert projects.loc[0, "start_date"] == date(2022, 3, 1)
    assert projects.loc[1, "cup"] is None
    assert store.table("requests", vid)["cofinancing"].isna().tolist() == [False, True]


def test_partial_upload_replaces_one_table_and_carries_the_others(store):
    first = load(store)
    esiti = valid_rows()["Esiti"][:2]                             # only C-001 remains with an outcome
    second = load(store, {"Esiti": esiti}, name="esiti.xlsx")
    assert store.active_version() == second
    assert len(store.table("outcomes", second)) == 1
    assert len(store.table("outcomes", first)) == 2               # the old version is untouched
    for name in ("partners", "projects", "project_partners", "calls", "requests"):
        pd.testing.assert_frame_equal(store.table(name, first), store.table(name, second))
    assert store.version(second).tables_replaced == ("outcomes",)


def test_rollback_is_a_new_recorded_version_with_the_old_data(store):
    first = load(store)
    rows = valid_rows()
    rows["Progetti"][1][1] = "Textile Hub europeo"
    second = load(store, rows, name="v2.xlsx")
    third = store.rollback(first, author="mario")
    assert store.active_version() == third
    v = store.version(third)
    assert (v.kind, v.source_version, v.author) == ("rollback", first, "mario")
    assert v.comment == "Ripristino della versione 1"
    assert store.table("projects")["title"].tolist() == ["Textile Hub", "Rigenerazione urbana"]
    assert [x.version_id for x in store.versions()] == [first, second, third]
    with pytest.raises(StoreError, match="già quella attiva"):
        store.rollback(third)
    with pytest.raises(UnknownVersion):
        store.rollback(99)


def test_diff_lists_added_removed_and_changed_rows(store):
    first = load(store)
    rows = valid_rows()
    rows["Progetti"][1][6] = 19_000_000.0                          # NGP-01 budget moves
    rows["Progetti"].pop(2)                                       # NGP-02 removed ...
    rows["Partner progetto"].pop(3)
    rows["Candidature"].pop(2)
    rows["Esiti"].pop(2)
    rows["Progetti"].append(["NGP-03", "Prato Forest City", "M2", "M2C4", None, "COMUNE-PO", None, "ecologica",
                             "Scheda (idea)", None, None, None, None, None])
    second = load(store, rows, name="v2.xlsx")
    d = store.diff(first, second)["projects"]
    assert d.added["project_id"].tolist() == ["NGP-03"]
    assert d.removed["project_id"].tolist() == ["NGP-02"]
    assert d.changed.to_dict("records") == [
        {"project_id": "NGP-01", "column": "budget_total", "old": 18_700_000.0, "new": 19_000_000.0}]
    assert store.diff(first, second)["calls"].empty
    assert d.summary() == "1 riga aggiunta, 1 tolta, 1 modificata"
    assert d.summary("en", " · ") == "1 row added · 1 removed · 1 changed"


def test_a_stale_preview_is_refused_and_nothing_is_written(store):
    load(store)
    rows = valid_rows()
    rows["Progetti"][1][1] = "A"
    preview_a = prepare([("a.xlsx", workbook_bytes(rows))], store)
    rows["Progetti"][1][1] = "B"
    preview_b = prepare([("b.xlsx", workbook_bytes(rows))], store)
    version_a = commit(preview_a, store)
    with pytest.raises(StaleVersion, match="Un altro caricamento è stato confermato nel frattempo"):
        commit(preview_b, store)
    assert store.active_version() == version_a
    assert len(store.versions()) == 2


def test_the_same_file_twice_is_refused(store):
    load(store)
    with pytest.raises(DuplicateUpload, match="già stato caricato"):
        load(store)
    assert len(store.versions()) == 1


def test_a_failure_inside_the_transaction_leaves_the_previous_version(store):
    first = load(store)
    bad = store.table("projects", first).copy()
    bad.loc[0, "start_date"] = "not a date"                         # the cast to DATE fails mid-commit
    with pytest.raises(StoreError, match="Scrittura nel database non riuscita, nulla è stato modificato"):
        store.commit({"projects": bad, "partners": store.table("partners", first)})
    assert store.active_version() == first
    assert len(store.versions()) == 1
    cur = store.cursor()
    assert cur.execute("SELECT count(*) FROM projects WHERE version_id <> ?", [first]).fetchall() == [(0,)]


def test_demo_flag_is_carried_by_partial_uploads_and_dropped_by_full_ones(store):
    rows = valid_rows()
    checked = prepare([("demo.xlsx", workbook_bytes(rows))], store).checked
    demo = store.commit(checked.frames, comment="Dati dimostrativi", kind="demo", demo=True)
    assert store.version(demo).demo
    partial = load(store, {"Esiti": rows["Esiti"][:2]}, name="esiti.xlsx")
    assert store.version(partial).demo                               # still mostly demo data
    rows["Progetti"][1][1] = "Dati veri"
    full = load(store, rows, name="veri.xlsx")
    assert not store.version(full).demo


def test_concurrent_commits_from_threads_are_serialised(store):
    load(store)
    base = store.active_version()
    results, errors = [], []

    def upload(title):
        rows = valid_rows()
        rows["Progetti"][1][1] = title
        prepared = prepare([(f"{title}.xlsx", workbook_bytes(rows))], store)
        try:
            results.append(commit(prepared, store))
        except StaleVersion as exc:
            errors.append(exc)

    threads = [threading.Thread(target=upload, args=(f"T{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) + len(errors) == 4
    assert len(results) >= 1                                         # at least one wins; none half-written
    versions = store.versions()
    assert len(versions) == 1 + len(results)
    for v in versions[1:]:
        assert v.counts["projects"] == 2
        assert len(store.table("projects", v.version_id)) == 2
    assert store.active_version() > base


def test_a_second_process_gets_database_busy(tmp_path):
    """DuckDB file only: a file has one writing process (PostgreSQL serves many, tests/test_pg_faults.py)."""
    path = tmp_path / "busy.duckdb"
    holder = open_store(path)
    script = textwrap.dedent(f"""
        from ngp_data.store import Store, DatabaseBusy
        try:
            Store({str(path)!r}, wait_seconds=0.5)
        except DatabaseBusy as exc:
            print("BUSY", exc)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert out.stdout.startswith("BUSY Database in uso:"), out.stderr
    assert "Traceback" not in out.stderr
    from ngp_data.store import close_store
    close_store(path)
    assert holder is not None
    assert DatabaseBusy.exit_code == 2


def test_reopening_keeps_committed_versions(db_target):
    path = db_target("re")
    s = Store(path)
    vid = load(s)
    s.close()
    again = Store(path)
    assert again.active_version() == vid
    assert len(again.table("projects")) == 2
    again.close()

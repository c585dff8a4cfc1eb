"""Faults, for real: kill -9 mid-import, a full disk, concurrent writers and readers, backup and restore.

Every kill is a real SIGKILL of a real process; the full disk is a real RLIMIT_FSIZE in the child
(EFBIG, no privileges needed). After each fault the database must hold exactly the old or exactly
the new version, pass `Store.check()`, and accept the next import.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from ngp_data.analytics.queries import Filters, kpis
from ngp_data.demo import load_demo
from ngp_data.ingest.pipeline import commit, prepare
from ngp_data.store import DatabaseBusy, StaleVersion, Store, restore
from tests.builders import valid_rows, workbook_bytes

ROOT = Path(__file__).resolve().parents[1]
KILL_TRIES = int(os.environ.get("NGP_KILL_TRIES", "10"))

# Imports a workbook into a database, printing COMMITTED <version> and then waiting to be killed.
IMPORT_SNIPPET = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {root!r})
    from ngp_data.ingest.pipeline import commit, prepare
    from ngp_data.store import Store
    db, path = sys.argv[1], sys.argv[2]
    store = Store(db)
    prepared = prepare([("upload.xlsx", open(path, "rb").read())], store)
    version = commit(prepared, store, comment="killed?")
    print("COMMITTED", version, flush=True)
    time.sleep(60)
""").format(root=str(ROOT))


def big_upload(tmp_path: Path, n: int = 20_000) -> Path:
    """A full workbook whose Candidature sheet has ``n`` rows: a commit that takes a little while."""
    rows = valid_rows()
    req = rows["Candidature"][:1]
    for i in range(n):
        req.append([f"C-{i:06d}", "NGP-01" if i % 2 else "NGP-02", "B-FARO" if i % 2 else "B-RIG",
                    "ALIA" if i % 2 else "COMUNE-PO", None, float(1000 + i), None])
    rows["Candidature"] = req
    rows["Esiti"] = rows["Esiti"][:1]
    path = tmp_path / "big.xlsx"
    path.write_bytes(workbook_bytes(rows))
    return path


def base_store(path: Path) -> tuple[int, dict]:
    store = Store(path)
    version = commit(prepare([("base.xlsx", workbook_bytes(valid_rows()))], store), store)
    counts = store.version(version).counts
    store.close()
    return version, counts


def assert_whole(db: Path, old: int, old_counts: dict, new_rows: int) -> int:
    """The database holds exactly the old version, or exactly the new one, and passes its check."""
    store = Store(db)
    try:
        assert store.check() == []
        active = store.active_version()
        version = store.version(active)
        if active == old:
            assert [v.version_id for v in store.versions()] == [old]
            assert version.counts == old_counts
        else:
            assert active == old + 1
            assert version.counts["requests"] == new_rows
            assert len(store.table("requests", active)) == new_rows
        return active
    finally:
        store.close()


@pytest.mark.slow
def test_kill_9_at_random_moments_leaves_a_whole_version(tmp_path):
    upload = big_upload(tmp_path)
    rng = random.Random(20261123)
    # How long a whole import takes here: the kills fall anywhere from start-up to just after commit.
    db = tmp_path / "timing.duckdb"
    base_store(db)
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-c", IMPORT_SNIPPET, str(db), str(upload)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().startswith("COMMITTED")
    duration = time.monotonic() - started
    proc.kill()
    proc.wait()
    outcomes = []
    for attempt in range(KILL_TRIES):
        db = tmp_path / f"kill{attempt}.duckdb"
        old, old_counts = base_store(db)
        proc = subprocess.Popen([sys.executable, "-c", IMPORT_SNIPPET, str(db), str(upload)],
                                stdout=subprocess.PIPE, text=True)
        time.sleep(rng.uniform(0.5, 1.1) * duration)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        outcomes.append(assert_whole(db, old, old_counts, 20_000) != old)
        store = Store(db)                                 # and the next import goes through
        commit(prepare([("after.xlsx", workbook_bytes(valid_rows() | {"Esiti": valid_rows()["Esiti"][:2]}))],
                       store), store)
        store.close()
    print(f"kill -9 tries: {len(outcomes)} (import takes {duration:.1f} s), new version kept: {sum(outcomes)}, "
          f"old kept: {len(outcomes) - sum(outcomes)}, inconsistent: 0")


def test_kill_9_right_after_commit_keeps_the_new_version(tmp_path):
    upload = big_upload(tmp_path, 2_000)
    db = tmp_path / "durable.duckdb"
    old, _ = base_store(db)
    proc = subprocess.Popen([sys.executable, "-c", IMPORT_SNIPPET, str(db), str(upload)],
                            stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert line.split() == ["COMMITTED", str(old + 1)]
    assert assert_whole(db, old, {}, 2_000) == old + 1


DISK_FULL_SNIPPET = textwrap.dedent("""
    import json, resource, signal, sys
    sys.path.insert(0, {root!r})
    from ngp_data.ingest.pipeline import commit, prepare
    from ngp_data.store import Store, StoreError
    db, path, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = Store(db)
    prepared = prepare([("upload.xlsx", open(path, "rb").read())], store)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)          # writes past the limit fail with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    try:
        commit(prepared, store)
        print(json.dumps({{"ok": True}}))
    except StoreError as exc:
        print(json.dumps({{"ok": False, "type": type(exc).__name__, "message": str(exc)}}))
""").format(root=str(ROOT))


def test_disk_full_during_the_import_keeps_the_old_version(tmp_path):
    upload = big_upload(tmp_path, 20_000)
    db = tmp_path / "full.duckdb"
    old, old_counts = base_store(db)
    limit = 64 * 1024                                     # the WAL (a new file) cannot grow past it
    out = subprocess.run([sys.executable, "-c", DISK_FULL_SNIPPET, str(db), str(upload), str(limit)],
                         capture_output=True, text=True, timeout=120)
    answer = json.loads(out.stdout.strip().splitlines()[-1])
    assert answer == {"ok": False, "type": "DiskFull", "message": (
        "Spazio su disco esaurito: la nuova versione non è stata salvata e i dati restano quelli di prima. "
        "Libera spazio e riprova.")}
    assert "Traceback" not in out.stderr
    assert assert_whole(db, old, old_counts, 20_000) == old
    store = Store(db)                                     # space is back: the same import now succeeds
    version = commit(prepare([("upload.xlsx", upload.read_bytes())], store), store)
    assert store.version(version).counts["requests"] == 20_000
    assert store.check() == []
    store.close()


def test_two_processes_importing_at_once_never_lose_an_upload(tmp_path):
    db = tmp_path / "two.duckdb"
    base_store(db)
    files = []
    for title in ("Uno", "Due"):
        rows = valid_rows()
        rows["Progetti"][1][1] = title
        path = tmp_path / f"{title}.xlsx"
        path.write_bytes(workbook_bytes(rows))
        files.append(path)
    procs = [subprocess.Popen([sys.executable, "-m", "ngp_data", "import", str(f), "--db", str(db)],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for f in files]
    results = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read()) for p in procs]
    for code, _, err in results:
        assert code in (0, 2), err
        assert "Traceback" not in err
        if code == 2:
            assert "Database in uso" in err
    store = Store(db)
    assert len(store.versions()) == 1 + sum(code == 0 for code, _, _ in results)
    assert store.check() == []
    store.close()


def test_a_page_render_during_commits_never_mixes_two_versions(tmp_path):
    """F9: a reader that pins the version id sees one upload, whatever the writer does meanwhile."""
    store = Store(tmp_path / "mix.duckdb")
    frames = {}
    for title in ("A", "B"):
        rows = valid_rows()
        rows["Progetti"][1][1] = rows["Progetti"][2][1] = title
        rows["Candidature"][1][5] = rows["Candidature"][2][5] = 1_000.0 if title == "A" else 2_000.0
        frames[title] = prepare([(f"{title}.xlsx", workbook_bytes(rows))], store).checked.frames
    store.commit(frames["A"])
    stop = threading.Event()
    mixed, reads, errors = [], 0, []

    def writer():
        i = 0
        while not stop.is_set():
            store.commit(frames["B" if i % 2 == 0 else "A"])
            i += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while reads < 1_000:
            version = store.active_version()                       # what a page run does: read once...
            titles = set(store.table("projects", version)["title"])
            requested = kpis(store, version, Filters()).amount_requested   # ...then query at that version
            expected = {"A": 2_000.0, "B": 4_000.0}
            if len(titles) != 1 or requested != expected[titles.pop()]:
                mixed.append(version)
            reads += 1
    except Exception as exc:  # noqa: BLE001 - any error is a failure of the test
        errors.append(exc)
    finally:
        stop.set()
        thread.join()
    assert errors == [] and mixed == []
    assert len(store.versions()) > 2
    print(f"reads: {reads}, mixed: {len(mixed)}, versions written meanwhile: {len(store.versions()) - 1}")
    store.close()


def test_eight_threads_share_the_connection_through_cursors(tmp_path):
    """F10: 8 threads × 200 queries, each on its own cursor: zero errors."""
    store = Store(tmp_path / "threads.duckdb")
    load_demo(store)
    version = store.active_version()
    errors, done = [], []

    def work(seed):
        rng = random.Random(seed)
        try:
            for _ in range(200):
                missions = tuple(rng.sample(["M1", "M2", "M3", "M4", "M5", "M6"], rng.randint(0, 2)))
                kpis(store, version, Filters(missions=missions))
                done.append(1)
        except Exception as exc:  # noqa: BLE001
            errors.append(repr(exc))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(done) == 1_600
    store.close()


def test_stale_preview_from_another_session_is_refused(tmp_path):
    store = Store(tmp_path / "stale.duckdb")
    commit(prepare([("a.xlsx", workbook_bytes(valid_rows()))], store), store)
    rows = valid_rows()
    rows["Progetti"][1][1] = "Sessione 1"
    first = prepare([("s1.xlsx", workbook_bytes(rows))], store)
    rows["Progetti"][1][1] = "Sessione 2"
    second = prepare([("s2.xlsx", workbook_bytes(rows))], store)
    commit(second, store)
    with pytest.raises(StaleVersion):
        commit(first, store)
    assert store.table("projects")["title"].iloc[0] == "Sessione 2"
    store.close()


def test_backup_restore_and_check(tmp_path):
    db = tmp_path / "live.duckdb"
    store = Store(db)
    load_demo(store)
    backup = store.backup(tmp_path / "backups")
    assert backup.name.startswith("ngp_backup_") and backup.suffix == ".duckdb"
    rows = valid_rows()
    commit(prepare([("other.xlsx", workbook_bytes(rows))], store), store)
    with pytest.raises(DatabaseBusy, match="aperto da questo stesso processo"):
        restore(backup, db)                               # not while the database is open
    store.close()
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, time; con = duckdb.connect({str(db)!r}); "
                               "print('open', flush=True); time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(DatabaseBusy, match="Database in uso"):
            restore(backup, db)                           # nor while another process (the dashboard) has it
    finally:
        holder.kill()
        holder.wait()
    kept = restore(backup, db)
    assert kept is not None and kept.exists()
    again = Store(db)
    assert [v.version_id for v in again.versions()] == [1, 2, 3]
    assert again.active_version() == 3 and again.check() == []
    assert again.version().demo
    again.close()


def test_check_finds_a_tampered_original_and_a_missing_row(tmp_path):
    store = Store(tmp_path / "tamper.duckdb")
    version = commit(prepare([("a.xlsx", workbook_bytes(valid_rows()))], store), store)
    cur = store.cursor()
    cur.execute("UPDATE version_files SET content = ? WHERE version_id = ?", [b"tampered", version])
    cur.execute("DELETE FROM projects WHERE version_id = ? AND project_id = 'NGP-02'", [version])
    problems = store.check()
    assert "versione 1, Progetti: 1 righe, registrate 2." in problems
    assert "versione 1: il file originale a.xlsx non corrisponde al suo SHA-256." in problems
    store.close()

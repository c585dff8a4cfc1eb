"""Moving a database between stores (``migrate``), PostgreSQL backups, and files of a newer DuckDB.

The copy is compared here by reading both databases through the Store (every table of every version,
the original files' bytes, the official snapshots and the meetings), not by the migration's own report.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys

import duckdb
import pandas as pd
import pytest

from ngp_data.__main__ import main
from ngp_data.demo import load_demo
from ngp_data.official_schema import OFFICIAL_TABLES
from ngp_data.store import Store, StoreError, restore
from ngp_data.store import meetings as store_meetings
from ngp_data.store import official as store_official
from ngp_data.store.migrate import migrate
from ngp_data.store.server import display
from tests.builders import valid_rows, workbook_bytes


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """The demo (3 versions, an official snapshot, a meeting) plus one more upload, in a DuckDB file."""
    path = tmp_path_factory.mktemp("src") / "demo.duckdb"
    store = Store(path)
    load_demo(store)
    from ngp_data.ingest.pipeline import commit, prepare
    commit(prepare([("mio.xlsx", workbook_bytes(valid_rows()))], store), store, author="anna", comment="à l'œuvre")
    store.close()
    return path


def everything(target) -> dict:
    """All a database holds, read through the Store: what a faithful copy must reproduce."""
    store = Store(target, read_only=True)
    try:
        versions = store.versions()
        out = {"active": store.active_version(), "versions": [(v.version_id, v.created_at, v.author, v.comment,
                                                               v.kind, v.sha256, v.demo, v.counts) for v in versions]}
        for v in versions:
            for name, frame in store.tables(v.version_id).items():
                out[(v.version_id, name)] = frame.astype(object).where(frame.notna(), None).to_dict("records")
            out[(v.version_id, "files")] = [(f.name, hashlib.sha256(f.content).hexdigest()) for f in store.files(
                v.version_id)]
        snapshots = store_official.snapshots(store)
        out["snapshots"] = [(s.snapshot_id, s.comune, [(f.name, f.sha256, f.rows_kept) for f in s.files])
                            for s in snapshots]
        out["official_active"] = store_official.active_snapshot(store)
        for s in snapshots:
            for name in [t.name for t in OFFICIAL_TABLES]:
                frame = store_official.official_table(store, name, s.snapshot_id)
                out[(s.snapshot_id, name)] = frame.astype(object).where(pd.notna(frame), None).to_dict("records")
        out["meetings"] = [(m.held_on, m.title, m.version_id, m.snapshot_id) for m in store_meetings.meetings(store)]
        return out
    finally:
        store.close()


def test_file_to_postgresql_and_back_keeps_everything(demo_file, pg_cluster, tmp_path):
    url = pg_cluster.database()
    original = everything(demo_file)
    assert len(original["versions"]) == 4 and original["snapshots"] and original["meetings"]

    there = migrate(demo_file, url)
    assert there.source_problems == [] and there.target_problems == [] and there.differences == []
    assert everything(url) == original

    back = tmp_path / "back.duckdb"
    again = migrate(url, back)
    assert again.differences == [] and again.target_problems == []
    assert everything(back) == original
    # the next version on PostgreSQL continues the history
    store = Store(url)
    assert store.rollback(2) == 5 and store.check() == []
    store.close()


def test_the_command_prints_rows_and_checks_and_refuses_a_destination_with_data(demo_file, pg_cluster, capsys):
    url = pg_cluster.database().replace("ngp@", "ngp:segreta@")
    assert main(["migrate", "--from", str(demo_file), "--to", url]) == 0
    out, err = capsys.readouterr()
    assert "migrazione completata: 4 versioni" in out and "versions" in out and "≠" not in out
    assert "segreta" not in out + err and display(url) in out

    before = everything(url)
    assert main(["migrate", "--from", str(demo_file), "--to", url]) == 1
    out, err = capsys.readouterr()
    assert "contiene già dati (4 versioni, 1 istantanea ufficiale, 1 riunione)" in err
    assert "Traceback" not in err and everything(url) == before


def test_an_export_folder_crosses_a_duckdb_version_change(demo_file, tmp_path):
    folder = tmp_path / "esportato"
    con = duckdb.connect(str(demo_file), read_only=True)
    con.execute(f"EXPORT DATABASE '{folder}' (FORMAT parquet)")
    con.close()
    target = tmp_path / "nuovo.duckdb"
    report = migrate(folder, target)
    assert report.differences == [] and report.target_problems == []
    assert everything(target) == everything(demo_file)


# The main header (first 140 bytes, the rest of its block is zeros) of a file written by DuckDB 2.0.0, which
# NGP Monitor used before the PostgreSQL store: storage format 999, checksummed, "v2.0.0".
DUCKDB_2_HEADER = bytes.fromhex(
    "d39b2644ef0ddf1c4455434be703000000000000000000000000000000000000000000000000000000000000000000000000"
    "000076322e302e30000000000000000000000000000000000000000000000000000064353463626265336466000000000000"
    "000000000000000000000000000000000000000000000000744887f30f043d0ceec2e42a918b2265")


def test_a_file_of_a_newer_duckdb_is_named_and_left_alone(tmp_path, capsys):
    path = tmp_path / "nuovo-formato.duckdb"
    path.write_bytes(DUCKDB_2_HEADER.ljust(3 * 4096, b"\0"))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()

    assert main(["versions", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert "versione di DuckDB più recente" in err and "migrate --from" in err and "Traceback" not in err
    with pytest.raises(StoreError, match="Cambio di versione di DuckDB"):
        migrate(path, tmp_path / "x.duckdb")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_postgresql_backup_is_a_dump_and_restore_brings_it_back(demo_file, pg_cluster, tmp_path, capsys):
    url = pg_cluster.database()
    migrate(demo_file, url)
    original = everything(url)
    assert main(["backup", str(tmp_path / "bk"), "--db", url]) == 0
    dumps = sorted((tmp_path / "bk").glob("ngp_backup_*.dump"))
    assert len(dumps) == 1 and not list((tmp_path / "bk").glob(".*partial"))

    store = Store(url)                                     # a change after the backup…
    store.rollback(1)
    store.close()
    assert everything(url) != original
    kept = restore(dumps[0], url)                          # …undone by the restore, the replaced content kept
    assert everything(url) == original
    assert kept is not None and kept.name.startswith("prima-del-ripristino") and kept.suffix == ".dump"
    assert main(["check", "--db", url]) == 0

    not_a_dump = tmp_path / "ngp_backup_finto.dump"
    not_a_dump.write_bytes(b"PGDMP not really")
    assert main(["restore", str(not_a_dump), "--db", url]) == 1
    assert "non è un backup di PostgreSQL leggibile" in capsys.readouterr().err
    assert everything(url) == original


def test_the_command_line_runs_on_postgresql(pg_cluster, tmp_path):
    url = pg_cluster.database()
    book = tmp_path / "dati.xlsx"
    book.write_bytes(workbook_bytes(valid_rows()))

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "ngp_data", *args, "--db", url], capture_output=True,
                              text=True, timeout=180)

    done = cli("import", str(book), "--author", "anna")
    assert done.returncode == 0, done.stderr
    assert cli("import", str(book)).returncode == 1         # the same bytes again: already the active version
    listed = cli("versions")
    assert listed.returncode == 0 and "anna" in listed.stdout and "dati.xlsx" in listed.stdout
    assert cli("check").returncode == 0


def test_an_unreachable_server_is_an_italian_message(capsys):
    assert main(["versions", "--db", "postgresql://ngp:pw@127.0.0.1:1/nessuno"]) == 2      # like a busy database
    err = capsys.readouterr().err
    assert "Impossibile collegarsi al database PostgreSQL postgresql://ngp:***@127.0.0.1:1/nessuno" in err
    assert "pw@" not in err and "Traceback" not in err

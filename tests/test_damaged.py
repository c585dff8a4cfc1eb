"""A damaged database file is named and repaired; backups and exports never leave a half-written file.

The damaged databases are made for real: the demo database, closed, then truncated, with bytes flipped
in the blocks DuckDB itself reports for a table (``pragma_storage_info``) or for the catalog
(``pragma_metadata_info``), with a flipped header, replaced by a text file, emptied. Every command runs
in a real process; each one must end with an Italian message (never a traceback) and leave the
damaged file exactly as it was: restoring a backup is the cure, and the damaged file is evidence.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from ngp_data.demo import load_demo
from ngp_data.store import (
    DatabaseBusy,
    DatabaseDamaged,
    Store,
    StoreError,
    close_store,
    latest_good_backup,
    open_store,
    restore,
)
from tests.builders import valid_rows, workbook_bytes

ROOT = Path(__file__).resolve().parents[1]
HEADER_BYTES = 3 * 4096          # DuckDB's main header and its two database headers precede block 0
GOOD_BACKUP = "ngp_backup_20261120_090000.duckdb"
BAD_BACKUP = "ngp_backup_20261121_090000.duckdb"       # newer, but not a database: must be passed over


def cli(*args, env=None) -> subprocess.Popen:
    """Start ``python -m ngp_data ARGS`` in its own process (several may run at once)."""
    environ = {k: v for k, v in os.environ.items() if k not in ("NGP_BACKUP_DIR", "NGP_DB")}
    return subprocess.Popen([sys.executable, "-m", "ngp_data", *map(str, args)], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**environ, **(env or {})})


def finish(proc: subprocess.Popen, timeout: float = 120) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- the damaged databases ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> dict:
    """The demo database (3 versions), closed, and where DuckDB keeps each table in it."""
    path = tmp_path_factory.mktemp("demo") / "ngp.duckdb"
    store = Store(path)
    load_demo(store)
    store.close()
    con = duckdb.connect(str(path), read_only=True)
    try:
        block_size = con.execute("SELECT block_size FROM pragma_database_size()").fetchone()[0]
        blocks = {t: {r[0] for r in con.execute(
            f"SELECT DISTINCT block_id FROM pragma_storage_info('{t}') WHERE block_id >= 0").fetchall()}
            for t in ("meta", "versions", "active", "projects", "requests", "version_files")}
        catalog = con.execute("SELECT block_id FROM pragma_metadata_info()").fetchone()[0]
    finally:
        con.close()
    return {"path": path, "bytes": path.read_bytes(), "block_size": block_size, "blocks": blocks,
            "catalog": catalog}


def flip(data: bytes, offsets: list[int], length: int = 64) -> bytes:
    out = bytearray(data)
    for offset in offsets:
        for i in range(offset, min(offset + length, len(out))):
            out[i] ^= 0xFF
    return bytes(out)


def damaged_bytes(demo: dict, variant: str) -> bytes:
    data, size, blocks = demo["bytes"], demo["block_size"], demo["blocks"]

    def block_at(block_id: int) -> int:
        return HEADER_BYTES + block_id * size + 64          # inside the block, after its checksum

    if variant == "truncated_half":
        return data[: len(data) // 2]
    if variant == "flipped_versions_block":
        return flip(data, [block_at(b) for b in sorted(blocks["versions"])])
    if variant == "flipped_data_blocks":                    # table data only: the history stays readable
        keep = blocks["meta"] | blocks["versions"] | blocks["active"] | {demo["catalog"]}
        hit = sorted((blocks["projects"] | blocks["requests"] | blocks["version_files"]) - keep)
        assert len(hit) >= 2
        return flip(data, [block_at(b) for b in hit[:3]])
    if variant == "flipped_catalog":
        return flip(data, [block_at(demo["catalog"])])
    if variant == "flipped_header":
        return flip(data, [0, 4096, 8192])
    if variant == "text_file":
        return "Questo non è un database: è stato sovrascritto per sbaglio.\n".encode() * 40
    if variant == "empty_file":
        return b""
    raise AssertionError(variant)


VARIANTS = ["truncated_half", "flipped_versions_block", "flipped_data_blocks", "flipped_catalog",
            "flipped_header", "text_file", "empty_file"]


def damaged_case(demo: dict, variant: str, where: Path) -> tuple[Path, Path]:
    """``where``/ngp.duckdb damaged as ``variant``, with backup/ beside it: a good backup and a newer bad one."""
    where.mkdir(parents=True)
    db = where / "ngp.duckdb"
    db.write_bytes(damaged_bytes(demo, variant))
    (where / "backup").mkdir()
    good = where / "backup" / GOOD_BACKUP
    good.write_bytes(demo["bytes"])
    (where / "backup" / BAD_BACKUP).write_text("non un database\n")
    return db, good


def restore_command(backup: Path, db: Path) -> str:
    return f"python -m ngp_data restore {backup} --db {db}"


# --- item 4: every command names the damage, the last good backup and the restore command ---------------

# Runs several commands in one process, each through the real entry point, each on its own copy;
# whatever escapes ``main`` is printed as a traceback in that command's standard error.
COMMANDS_SNIPPET = textwrap.dedent("""
    import contextlib, io, json, sys, traceback
    sys.path.insert(0, {root!r})
    from ngp_data.__main__ import main
    from ngp_data.store import close_store
    results = {{}}
    for name, argv, db in json.loads(sys.argv[1]):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                rc = main(argv)
            except SystemExit as exc:
                rc = exc.code
            except BaseException:
                traceback.print_exc()
                rc = None
        close_store(db)
        results[name] = [rc, out.getvalue(), err.getvalue()]
    print(json.dumps(results))
""").format(root=str(ROOT))


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_damaged_database_is_named_with_the_last_good_backup_and_the_restore_command(demo, variant, tmp_path):
    upload = tmp_path / "portafoglio.xlsx"
    upload.write_bytes(workbook_bytes(valid_rows()))
    commands = {
        "versions": ["versions"],
        "check": ["check"],
        "export": ["export", tmp_path / "export_out" / "out.xlsx"],
        "import --dry-run": ["import", upload, "--dry-run"],
        "backup": ["backup", tmp_path / "backup_out"],
    }
    cases, batch = {}, []
    for name, args in commands.items():          # one copy each, so that no command sees another's doing
        db, good = damaged_case(demo, variant, tmp_path / ("case_" + name.split()[0]))
        cases[name] = db, good, sha(db), sha(good)
        batch.append([name, [*map(str, args), "--db", str(db)], str(db)])
    environ = {k: v for k, v in os.environ.items() if k not in ("NGP_BACKUP_DIR", "NGP_DB")}
    proc = subprocess.run([sys.executable, "-c", COMMANDS_SNIPPET, json.dumps(batch)], capture_output=True,
                          text=True, timeout=300, cwd=ROOT, env=environ)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    results = json.loads(proc.stdout.strip().splitlines()[-1])
    for name, (rc, out, err) in results.items():
        db, good, before, good_before = cases[name]
        assert "Traceback" not in err, (name, err)
        assert sha(db) == before and not Path(f"{db}.wal").exists(), f"{name} changed the damaged file"
        assert sha(good) == good_before
        if name == "versions" and variant == "flipped_data_blocks":
            assert rc == 0 and len(out.splitlines()) == 3, err        # the history itself is intact
            continue
        assert rc == 1, (name, rc, out, err)
        assert "danneggiato" in err and str(db) in err, (name, err)
        assert restore_command(good, db) in err, (name, err)           # the newest backup that opens
        assert BAD_BACKUP not in err
    assert not (tmp_path / "export_out").exists() or not list((tmp_path / "export_out").iterdir())
    assert not (tmp_path / "backup_out").exists() or not list((tmp_path / "backup_out").iterdir())


@pytest.mark.parametrize("variant", ["flipped_data_blocks", "truncated_half", "text_file"])
def test_check_reports_the_damage_as_a_finding(demo, variant, tmp_path):
    db, good = damaged_case(demo, variant, tmp_path / "case")
    rc, out, err = finish(cli("check", "--db", db))
    assert rc == 1 and out == "" and "Traceback" not in err
    assert not err.startswith("errore:"), "a finding of check, not a failure of the command"
    assert err.strip().splitlines()[-1].startswith(f"Il database {db} è danneggiato")
    if variant == "flipped_data_blocks":                  # what exactly cannot be read comes first
        assert re.search(r"^versione \d, Progetti: illeggibile", err, re.M), err


def test_the_store_raises_one_store_error_whose_text_is_the_whole_message(demo, tmp_path):
    """What the dashboard shows: ``str()`` of a StoreError raised by open_store, in Italian, complete."""
    db, good = damaged_case(demo, "truncated_half", tmp_path / "case")
    with pytest.raises(DatabaseDamaged) as caught:
        open_store(db)
    exc = caught.value
    assert isinstance(exc, StoreError) and exc.exit_code == 1
    assert exc.path == db and exc.backup == good
    text = str(exc)
    assert text.startswith(f"Il database {db} è danneggiato") and restore_command(good, db) in text
    assert "IO Error" not in text and "Could not read" not in text         # DuckDB's English stays out
    assert "Could not read" in exc.detail
    close_store(db)                                       # nothing was cached: a later open tries again


def test_without_a_backup_the_message_still_says_how_to_restore(demo, tmp_path):
    db = tmp_path / "ngp.duckdb"
    db.write_bytes(damaged_bytes(demo, "text_file"))
    with pytest.raises(DatabaseDamaged) as caught:
        Store(db)
    assert caught.value.backup is None
    assert "Nessun backup valido" in str(caught.value) and str(tmp_path / "backup") in str(caught.value)
    assert f"python -m ngp_data restore FILE_DI_BACKUP --db {db}" in str(caught.value)


def test_the_backup_folder_comes_from_ngp_backup_dir_when_set(demo, tmp_path, monkeypatch):
    db, beside = damaged_case(demo, "text_file", tmp_path / "case")
    elsewhere = tmp_path / "nas"
    elsewhere.mkdir()
    (elsewhere / "ngp_backup_20261122_080000.duckdb").write_bytes(demo["bytes"])
    monkeypatch.setenv("NGP_BACKUP_DIR", str(elsewhere))
    assert latest_good_backup(db) == elsewhere / "ngp_backup_20261122_080000.duckdb"
    monkeypatch.delenv("NGP_BACKUP_DIR")
    assert latest_good_backup(db) == beside


# --- item 5: restore cures an unreadable file, and still refuses a busy one ------------------------------

@pytest.mark.parametrize("variant", VARIANTS)
def test_restore_moves_an_unreadable_database_aside_and_restores(demo, variant, tmp_path):
    db, good = damaged_case(demo, variant, tmp_path / "case")
    damaged = db.read_bytes()
    kept = restore(good, db)
    assert kept is not None and kept.name.startswith("ngp.prima-del-ripristino-")
    assert kept.read_bytes() == damaged                   # the damaged file is kept, byte for byte
    assert db.read_bytes() == demo["bytes"]
    store = Store(db)
    try:
        assert [v.version_id for v in store.versions()] == [1, 2, 3] and store.check() == []
    finally:
        store.close()


def test_restore_command_on_a_text_file(demo, tmp_path):
    db, good = damaged_case(demo, "text_file", tmp_path / "case")
    rc, out, err = finish(cli("restore", good, "--db", db))
    assert (rc, err) == (0, "")
    kept = next(db.parent.glob("ngp.prima-del-ripristino-*.duckdb"))
    assert out.strip() == f"database ripristinato da {good} (il database precedente è in {kept})."
    assert finish(cli("check", "--db", db))[0] == 0


def test_restore_still_refuses_a_damaged_file_another_process_holds(demo, tmp_path):
    """The holder opens the file (data blocks damaged, catalogue intact: DuckDB 1.5 opens it, a truncated one it
    refuses), so the lock is real; restore must answer «Database in uso» and touch nothing."""
    db, good = damaged_case(demo, "flipped_data_blocks", tmp_path / "case")
    before = sha(db)
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, time; con = duckdb.connect({str(db)!r}); "
                               "print('open', flush=True); time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(DatabaseBusy, match="Database in uso"):
            restore(good, db)
        rc, _, err = finish(cli("restore", good, "--db", db))
    finally:
        holder.kill()
        holder.wait()
    assert rc == 2 and err.startswith("errore: Database in uso") and "Traceback" not in err
    assert sha(db) == before and not list(db.parent.glob("*prima-del-ripristino*"))


def test_restore_refuses_a_damaged_backup_and_changes_nothing(demo, tmp_path):
    db, _ = damaged_case(demo, "flipped_data_blocks", tmp_path / "case")
    db.write_bytes(demo["bytes"])
    bad = tmp_path / "ngp_backup_rotto.duckdb"
    bad.write_bytes(damaged_bytes(demo, "flipped_data_blocks"))
    before = sha(bad)
    with pytest.raises(StoreError, match="Backup non valido, nulla è stato ripristinato") as caught:
        restore(bad, db)
    assert "restore" not in str(caught.value)             # no advice to restore into a backup
    assert sha(bad) == before and db.read_bytes() == demo["bytes"]


# --- item 6: a backup is written aside, checked, then renamed; a failure leaves nothing -------------------

BACKUP_SNIPPET = textwrap.dedent("""
    import json, resource, signal, sys
    sys.path.insert(0, {root!r})
    from ngp_data.store import Store, StoreError
    db, directory, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = Store(db)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)          # writes past the limit fail with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    try:
        print(json.dumps({{"ok": True, "path": str(store.backup(directory))}}))
    except StoreError as exc:
        print(json.dumps({{"ok": False, "type": type(exc).__name__, "message": str(exc)}}))
""").format(root=str(ROOT))


def test_backup_on_a_full_disk_says_so_and_leaves_no_file(demo, tmp_path):
    db = tmp_path / "ngp.duckdb"
    db.write_bytes(demo["bytes"])
    out = tmp_path / "bk"
    proc = subprocess.run([sys.executable, "-c", BACKUP_SNIPPET, str(db), str(out), str(256 * 1024)],
                          capture_output=True, text=True, timeout=120)
    answer = json.loads(proc.stdout.strip().splitlines()[-1])
    assert answer["ok"] is False and answer["type"] == "DiskFull", answer
    assert answer["message"].startswith("Spazio su disco esaurito durante il backup")
    assert "nuova versione" not in answer["message"]
    assert "Traceback" not in proc.stderr
    assert list(out.iterdir()) == []                      # neither a 0-byte file nor a partial one
    assert sha(db) == hashlib.sha256(demo["bytes"]).hexdigest()
    proc = subprocess.run([sys.executable, "-c", BACKUP_SNIPPET, str(db), str(out), str(1 << 40)],
                          capture_output=True, text=True, timeout=120)
    answer = json.loads(proc.stdout.strip().splitlines()[-1])
    assert answer["ok"] is True                           # space is back: the same backup succeeds
    assert [p.name for p in out.iterdir()] == [Path(answer["path"]).name]
    assert latest_good_backup(db, directory=out) == Path(answer["path"])


def test_backup_of_a_damaged_database_names_it_and_leaves_no_file(demo, tmp_path):
    db, good = damaged_case(demo, "flipped_data_blocks", tmp_path / "case")
    store = Store(db)                                      # the history opens; the data does not
    try:
        with pytest.raises(DatabaseDamaged) as caught:
            store.backup(tmp_path / "bk")
    finally:
        store.close()
    assert restore_command(good, db) in str(caught.value)
    assert list((tmp_path / "bk").iterdir()) == []


# --- item 7: output paths that cannot be written -------------------------------------------------------

def unwritable_dir(tmp_path: Path) -> Path:
    """A directory nobody can write into: chmod 0o500, or (as root, who ignores it) /sys."""
    if os.geteuid() != 0:
        ro = tmp_path / "sola_lettura"
        ro.mkdir()
        ro.chmod(0o500)
        return ro
    sys_dir = Path("/sys")
    try:
        (sys_dir / "ngp_probe.xlsx").write_bytes(b"")
    except OSError:
        return sys_dir
    pytest.skip("no directory here refuses writes by root")


@pytest.fixture
def db(demo, tmp_path) -> Path:
    path = tmp_path / "ngp.duckdb"
    path.write_bytes(demo["bytes"])
    return path


def test_export_to_an_existing_directory_is_a_clear_usage_error(db, tmp_path):
    target = tmp_path / "esportazioni"
    target.mkdir()
    rc, out, err = finish(cli("export", target, "--db", db))
    assert rc == 2 and out == "" and "Traceback" not in err
    assert err.strip() == (f"errore: {target} è una cartella: indica il nome del file da scrivere, per esempio "
                           f"{target / 'esportazione.xlsx'}.")
    assert list(target.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["esportazioni",
                                                                                           "ngp.duckdb"]


@pytest.mark.parametrize("place", ["parent_is_a_file", "read_only_dir"])
@pytest.mark.parametrize("command", ["export", "template", "backup"])
def test_outputs_that_cannot_be_written_exit_2_with_a_clear_message(db, tmp_path, command, place):
    if place == "parent_is_a_file":
        blocker = tmp_path / "un_file"
        blocker.write_text("x")
        where = blocker / "sotto"
        reason = "non è una cartella"
    else:
        where = unwritable_dir(tmp_path)
        reason = "permesso negato"
    before = sorted(p.name for p in tmp_path.iterdir())
    args = {"export": ["export", where / "out.xlsx", "--db", db], "template": ["template", where / "modello.xlsx"],
            "backup": ["backup", where, "--db", db]}[command]
    rc, out, err = finish(cli(*args))
    assert rc == 2 and out == "" and "Traceback" not in err, (rc, err)
    assert err.startswith("errore: ") and reason in err and str(where) in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == before      # no partial file anywhere
    if place == "read_only_dir" and where != Path("/sys"):
        assert list(where.iterdir()) == []


def test_a_failed_template_leaves_no_partial_file(tmp_path):
    target = tmp_path / "modello.xlsx"
    target.mkdir()                                         # the name is taken by a directory
    rc, _, err = finish(cli("template", target))
    assert rc == 2 and "è una cartella" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["modello.xlsx"] and list(target.iterdir()) == []


# --- item 13: the commands a running dashboard blocks are the documented ones ----------------------------

def test_the_commands_blocked_while_the_dashboard_holds_the_database_are_the_documented_ones(db, tmp_path):
    """A process holding the store as the dashboard does (its service running): the served commands answer
    through it, the others wait and say "Database in uso"; the documented list is the measured one."""
    upload = tmp_path / "portafoglio.xlsx"
    upload.write_bytes(workbook_bytes(valid_rows()))
    backup = tmp_path / GOOD_BACKUP
    shutil.copyfile(db, backup)
    commands = {
        "import": ["import", upload, "--db", db], "import --dry-run": ["import", upload, "--dry-run", "--db", db],
        "export": ["export", tmp_path / "x.xlsx", "--db", db], "versions": ["versions", "--db", db],
        "check": ["check", "--db", db], "backup": ["backup", tmp_path / "bk", "--db", db],
        "rollback": ["rollback", "1", "--db", db], "demo": ["demo", "--db", db],
        "restore": ["restore", backup, "--db", db], "template": ["template", tmp_path / "m.xlsx"],
        "meetings": ["meetings", "--db", db], "official --list": ["official", "--list", "--db", db],
        "pack": ["pack", tmp_path / "d.pdf", "--db", db], "official": ["official", upload, "--db", db],
        "meeting": ["meeting", "--date", "20/11/2026", "--title", "Tavolo", "--db", db],
    }
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from ngp_data.store import open_store; "
                               "from ngp_data.cli_served import start; start(open_store(sys.argv[1])); "
                               "print('open', flush=True); time.sleep(90)", str(db)],
                              cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        running = {name: cli(*args) for name, args in commands.items()}
        results = {name: finish(proc) for name, proc in running.items()}
    finally:
        holder.kill()
        holder.wait()
    blocked = {name for name, (rc, _, err) in results.items() if rc == 2 and "Database in uso" in err}
    assert all("Traceback" not in err for _, _, err in results.values())
    served = {"import", "import --dry-run", "versions", "check", "backup", "rollback", "meetings", "official --list"}
    assert {name: results[name] for name in served | {"template"} if results[name][0] != 0} == {}
    assert blocked == set(commands) - served - {"template"}
    doc = (ROOT / "docs" / "OPERATIONS.md").read_text(encoding="utf-8")
    item = next(chunk for chunk in re.split(r"\n(?=- )|\n\n", doc) if "Database in uso" in chunk and "exit 2" in chunk)
    documented = set(re.findall(r"`([a-z][a-z -]*)`", item))
    assert documented - {"template"} == blocked, item               # `template`: never needs the database


# --- the dashboard on a damaged database -----------------------------------------------------------------

@pytest.mark.parametrize("variant", ["truncated_half", "flipped_data_blocks", "text_file"])
@pytest.mark.parametrize("view", [None, "missioni", "dati"])
def test_every_page_of_the_dashboard_names_the_damage_in_italian(demo, variant, view, tmp_path):
    """Not Streamlit's English error box: the Italian message, the backup and the command to copy; the
    damaged file is left as it was (it is the evidence)."""
    from tests.apptest_helpers import run_app

    db, good = damaged_case(demo, variant, tmp_path / "site")
    before = sha(db)
    at = run_app(db, view)
    assert not at.exception, [e.value for e in at.exception]
    errors = " ".join(e.value for e in at.error).replace("\\", "")
    assert "danneggiato" in errors, errors
    assert GOOD_BACKUP in errors, errors
    assert [c.value for c in at.code] == [restore_command(good, db)]
    assert sha(db) == before

"""The dashboard's service (ngp_data/store/service.py): the command line's requests through the spool folder,
answered on the store this process holds, and the daily backup with its rotation.

The service runs here in the test process (its threads, or one step at a time); the command line's side is
``submit`` with the request ``__main__`` would send. The end-to-end run with a real dashboard is
tests/e2e/test_served_commands.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from ngp_data.__main__ import build_parser
from ngp_data.cli_served import QUEUED, handle, request_for
from ngp_data.store import Store
from ngp_data.store.database import restore
from ngp_data.store.service import AUTO_LIST, HEARTBEAT, Answer, NoAnswer, Service, serving, spool_dir, submit
from tests.builders import valid_rows, workbook_bytes


def request(*argv: str) -> dict:
    return request_for(build_parser().parse_args(list(argv)))


def workbook(tmp_path: Path, name: str, title: str) -> Path:
    rows = valid_rows()
    rows["Progetti"][1][1] = title
    path = tmp_path / name
    path.write_bytes(workbook_bytes(rows))
    return path


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "ngp.duckdb")
    yield s
    s.close()


@pytest.fixture
def running(store):
    service = Service(store, handle).start()
    yield service
    service.stop()


def test_a_request_is_answered_with_the_commands_own_output_and_the_backup_restores(store, running, tmp_path):
    upload = workbook(tmp_path, "portafoglio.xlsx", "Textile Hub")
    answer = submit(store.path, request("import", str(upload), "--comment", "dal terminale"), timeout=60)
    assert answer.code == 0, answer
    assert answer.out.startswith("importata la versione 1 "), answer
    assert [(v.version_id, v.comment) for v in store.versions()] == [(1, "dal terminale")]

    listed = submit(store.path, request("versions"), timeout=30)
    assert listed.code == 0 and listed.err == ""
    fields = listed.out.splitlines()[0].split("\t")
    assert fields[0] == "1" and "portafoglio.xlsx" in fields and "dal terminale" in fields

    backup = submit(store.path, request("backup", str(tmp_path / "copie")), timeout=60)
    assert backup.code == 0, backup
    written = sorted((tmp_path / "copie").glob("ngp_backup_*.duckdb"))
    assert len(written) == 1 and str(written[0]) in backup.out
    assert submit(store.path, request("check"), timeout=60).code == 0
    restore(written[0], tmp_path / "ripristinato.duckdb")            # restore checks the backup itself
    again = Store(tmp_path / "ripristinato.duckdb")
    try:
        assert again.check() == [] and [v.version_id for v in again.versions()] == [1]
    finally:
        again.close()
    assert sorted(p.name for p in spool_dir(store.path).iterdir()) == [HEARTBEAT]   # nothing left behind


def test_what_the_dashboard_does_not_run_is_refused_with_exit_2(store):
    answer = handle(store, {"command": "restore", "args": {}, "paths": []})
    assert answer.code == 2 and "non esegue il comando 'restore'" in answer.err
    assert handle(store, request("official")).code == 2           # official: only --list is served


def test_a_request_whose_command_line_gave_up_is_skipped_and_removed(store):
    calls = []
    service = Service(store, lambda s, r: calls.append(r) or Answer(0, "fatto\n"))
    service._prepare_spool()
    stale = spool_dir(store.path) / "00000000000000000001-1-aaaaaa.json"
    stale.write_text(json.dumps({**request("versions"), "deadline": time.time() - 1}), encoding="utf-8")
    garbage = spool_dir(store.path) / "00000000000000000002-1-bbbbbb.json"
    garbage.write_text("{not json", encoding="utf-8")
    assert service.serve_pending() and service.serve_pending() and not service.serve_pending()
    assert calls == []
    assert sorted(p.name for p in spool_dir(store.path).iterdir()) == [HEARTBEAT]


def test_an_import_sent_while_another_runs_waits_its_turn_and_both_become_versions(store, tmp_path):
    first_running, release = threading.Event(), threading.Event()

    def slow_first(s, req):
        if not first_running.is_set():
            first_running.set()
            release.wait(30)
        return handle(s, req)

    service = Service(store, slow_first).start()
    answers, told = {}, threading.Event()
    try:
        one = threading.Thread(target=lambda: answers.__setitem__(1, submit(
            store.path, request("import", str(workbook(tmp_path, "a.xlsx", "Primo"))), timeout=60)))
        one.start()
        assert first_running.wait(30)
        two = threading.Thread(target=lambda: answers.__setitem__(2, submit(
            store.path, request("import", str(workbook(tmp_path, "b.xlsx", "Secondo"))), timeout=60,
            on_queued=told.set)))
        two.start()
        assert told.wait(30), "the second import was not told it is queued"
        release.set()
        one.join(60)
        two.join(60)
    finally:
        release.set()
        service.stop()
    assert answers[1].code == 0 and answers[2].code == 0, answers
    assert [(v.version_id, v.file_names) for v in store.versions()] == [(1, "a.xlsx"), (2, "b.xlsx")]
    assert store.table("projects")["title"].tolist()[0] == "Secondo"
    assert QUEUED.startswith("In coda: un altro comando è in corso nella dashboard")


def test_no_answer_in_time_withdraws_the_request_with_a_clear_message(store):
    service = Service(store, handle)
    service._prepare_spool()                       # a fresh heartbeat, but nobody serving the requests
    with pytest.raises(NoAnswer) as caught:
        submit(store.path, request("versions"), timeout=0.6)
    assert "non ha risposto entro 1 s" in str(caught.value) and "ritirata" in str(caught.value)
    assert sorted(p.name for p in spool_dir(store.path).iterdir()) == [HEARTBEAT]


def test_the_command_line_asks_the_dashboard_only_while_its_heartbeat_is_fresh(tmp_path):
    db = tmp_path / "ngp.duckdb"
    Store(db).close()
    heartbeat = spool_dir(db) / HEARTBEAT
    heartbeat.parent.mkdir()
    heartbeat.write_text("1\n")
    assert not serving(db)                         # nobody holds the file: the command opens it itself
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, time; con = duckdb.connect({str(db)!r}); "
                               "print('open', flush=True); time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        os.utime(heartbeat)
        assert serving(db)
        old = time.time() - 6
        os.utime(heartbeat, (old, old))            # the dashboard stopped answering: today's "Database in uso"
        assert not serving(db)
        heartbeat.unlink()
        assert not serving(db)
    finally:
        holder.kill()
        holder.wait()


def test_the_daily_backup_once_a_day_keeps_the_newest_it_made_and_no_other_file_is_touched(store, tmp_path):
    folder = tmp_path / "giornalieri"
    folder.mkdir()
    today = datetime.now()
    made_before = [f"ngp_backup_{today - timedelta(days=d):%Y%m%d}_020000.duckdb" for d in (4, 3, 2, 1)]
    for name in made_before:
        (folder / name).write_bytes(b"old")
    (folder / AUTO_LIST).write_text("\n".join(made_before) + "\n")
    by_hand = f"ngp_backup_{today - timedelta(days=9):%Y%m%d}_120000.duckdb"
    (folder / by_hand).write_bytes(b"manual")
    (folder / "note.txt").write_text("mine")
    service = Service(store, handle, backup_dir=folder, keep=3)

    new = service.run_daily(today)
    assert new is not None and new.parent == folder and new.name.startswith(f"ngp_backup_{today:%Y%m%d}_")
    copy = Store(new, read_only=True)
    try:
        assert copy.check(advise=False) == [] and copy.versions() == store.versions()
    finally:
        copy.close()
    assert service.run_daily(today + timedelta(minutes=1)) is None         # one a day
    assert sorted(p.name for p in folder.iterdir()) == sorted([AUTO_LIST, by_hand, "note.txt", *made_before[-2:],
                                                               new.name])
    assert (folder / AUTO_LIST).read_text().split() == [*made_before[-2:], new.name]


def test_a_failed_daily_backup_is_logged_and_nothing_stops(store, tmp_path, caplog):
    blocker = tmp_path / "un-file"
    blocker.write_text("not a folder")
    service = Service(store, handle, backup_dir=blocker / "giornalieri")
    assert service.run_daily(datetime.now()) is None
    assert "backup giornaliero" in caplog.text and "non riuscito" in caplog.text

"""Meetings on record: the store (record, list, last, delete, rules), its migration, backup and check;
"since the last meeting" (analytics.changes); the command line."""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta

import duckdb
import pytest

from ngp_data.__main__ import main
from ngp_data.analytics import changes
from ngp_data.demo import DEMO_AUTHOR, demo_frames, load_demo
from ngp_data.store import Store, StoreError, UnknownVersion, close_store, open_store, restore
from ngp_data.store.meetings import (
    InvalidMeeting,
    Meeting,
    UnknownMeeting,
    delete_meeting,
    last_meeting,
    meetings,
    record_meeting,
)

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """The demo's three versions (20/05, 28/09, 20/11/2026 at 9:00) and its meeting, no official data."""
    path = tmp_path_factory.mktemp("meet") / "demo.duckdb"
    store = Store(path)
    load_demo(store, official=False)
    store.close()
    return path


@pytest.fixture
def store(pristine, tmp_path):
    path = tmp_path / "ngp.duckdb"
    shutil.copy(pristine, path)
    s = Store(path)
    yield s
    s.close()


def versions_of(s: Store) -> list[int]:
    return [v.version_id for v in s.versions()]


# --- the store ------------------------------------------------------------------------------------------------

def test_the_demo_has_one_past_meeting(store):
    [m] = meetings(store)
    assert (m.held_on, m.version_id, m.snapshot_id, m.author) == (date(2026, 9, 24), 1, None, DEMO_AUTHOR)
    assert m.title == "Tavolo di coordinamento 24/09/2026" and m.notes.startswith("Dati dimostrativi")
    assert m.decisions


def test_record_list_last_and_delete(store):
    before = versions_of(store), store.active_version()
    a = record_meeting(store, held_on=date(2026, 11, 20), title="  Tavolo di novembre ", author="anna@x.it",
                       notes="note", decisions="", today=TODAY)
    b = record_meeting(store, held_on=date(2026, 10, 1), title="Ottobre", author="anna@x.it", today=TODAY)
    c = record_meeting(store, held_on=date(2026, 11, 20), title="Stesso giorno", author="bruno@x.it", today=TODAY)
    assert (a.meeting_id, b.meeting_id, c.meeting_id) == (2, 3, 4)
    assert a.title == "Tavolo di novembre" and a.notes == "note" and a.decisions == ""
    assert isinstance(a.recorded_at, datetime)
    # newest held_on first; the same day: the newer record first
    assert [m.meeting_id for m in meetings(store)] == [4, 2, 3, 1]
    assert meetings(store)[1] == a                              # read back exactly as recorded
    assert last_meeting(store) == c
    assert last_meeting(store, before=date(2026, 11, 19)) == b
    assert last_meeting(store, before=date(2026, 9, 24)).meeting_id == 1
    assert last_meeting(store, before=date(2026, 9, 23)) is None
    delete_meeting(store, 4, author="anna@x.it")
    assert [m.meeting_id for m in meetings(store)] == [2, 3, 1]
    assert last_meeting(store) == a
    with pytest.raises(UnknownMeeting, match="La riunione 4 non è registrata"):
        delete_meeting(store, 4, author="anna@x.it")
    with pytest.raises(UnknownMeeting):
        delete_meeting(store, 99, author="anna@x.it")
    assert record_meeting(store, held_on=TODAY, title="Dopo", author="x", today=TODAY).meeting_id == 5  # not reused
    assert (versions_of(store), store.active_version()) == before                  # no version created
    removed = store.cursor().execute("SELECT deleted_by FROM meetings WHERE meeting_id = 4").fetchall()
    assert removed == [("anna@x.it",)]                                              # kept, marked


def test_default_version_and_snapshot_are_those_shown_that_day(store):
    def shown(day: date) -> tuple[int | None, int | None]:
        m = record_meeting(store, held_on=day, title="t", author="x", today=TODAY)
        return m.version_id, m.snapshot_id

    assert shown(date(2026, 9, 27)) == (1, None)                # versions: 20/05, 28/09, 20/11 (9:00)
    assert shown(date(2026, 9, 28)) == (2, None)
    assert shown(TODAY) == (3, None)
    assert shown(date(2026, 1, 5)) == (None, None)              # before any data
    restored = store.rollback(1)                                 # a rollback is the newest, active version
    assert shown(TODAY)[0] == restored == store.active_version() == 4
    assert shown(date(2026, 11, 22))[0] == 3                    # the rollback was made after that day
    explicit = record_meeting(store, held_on=TODAY, title="t", author="x", version_id=2, today=TODAY)
    assert explicit.version_id == 2


@pytest.mark.parametrize(("fields", "message"), [
    ({"title": "   "}, "Il titolo della riunione è obbligatorio."),
    ({"title": "x" * 201}, "Il titolo della riunione è troppo lungo: 201 caratteri, al massimo 200."),
    ({"notes": "n" * 10_001}, "Le note della riunione sono troppo lunghe: 10001 caratteri, al massimo 10000."),
    ({"decisions": "d" * 10_001}, "Le decisioni della riunione sono troppo lunghe: 10001 caratteri"),
    ({"held_on": TODAY + timedelta(days=1)}, "La data della riunione (24/11/2026) è nel futuro"),
    ({"held_on": None}, "La data della riunione manca o non è valida."),
    ({"version_id": 9}, "La versione 9 non esiste: la riunione non è stata registrata."),
    ({"snapshot_id": 4}, "L'istantanea ufficiale 4 non esiste: la riunione non è stata registrata."),
])
def test_what_cannot_be_recorded_says_why_and_writes_nothing(store, fields, message):
    given = {"held_on": TODAY, "title": "Tavolo", "author": "x", "today": TODAY, **fields}
    with pytest.raises(StoreError) as caught:
        record_meeting(store, **given)
    assert message in str(caught.value)
    assert isinstance(caught.value, (InvalidMeeting, UnknownVersion))
    assert [m.meeting_id for m in meetings(store)] == [1]


def test_the_limits_themselves_are_accepted(store):
    m = record_meeting(store, held_on=TODAY, title="x" * 200, author="x", notes="n" * 10_000,
                       decisions="d" * 10_000, today=TODAY)
    assert (len(m.title), len(meetings(store)[0].notes)) == (200, 10_000)


def test_an_older_database_gets_the_table_when_opened(tmp_path):
    path = tmp_path / "old.duckdb"
    s = Store(path)
    s.commit(demo_frames(), comment="prima delle riunioni")
    s.close()
    con = duckdb.connect(str(path))
    con.execute("DROP TABLE meetings")                           # as written before meetings existed
    con.close()
    s = Store(path)
    try:
        assert meetings(s) == [] and last_meeting(s) is None
        assert s.check() == []
        assert record_meeting(s, held_on=TODAY, title="Prima", author="x", today=TODAY).version_id == 1
    finally:
        s.close()


def test_backup_restore_and_check_keep_the_meetings(store, tmp_path):
    record_meeting(store, held_on=TODAY, title="Novembre", author="x", decisions="decisa", today=TODAY)
    expected = meetings(store)
    copy = store.backup(tmp_path / "backups")
    target = tmp_path / "restored.duckdb"
    restore(copy, target)
    again = Store(target)
    try:
        assert meetings(again) == expected
        assert again.check() == []
    finally:
        again.close()


def test_check_names_a_meeting_whose_version_is_missing(store):
    store.cursor().execute("UPDATE meetings SET version_id = 42 WHERE meeting_id = 1")
    assert store.check() == ["riunione 1: la versione 42 non esiste."]


# --- since the last meeting -------------------------------------------------------------------------------

def meeting_on(version_id: int | None) -> Meeting:
    return Meeting(1, date(2026, 9, 24), "Tavolo", "", "", version_id, None, "x", datetime(2026, 9, 24, 18))


@pytest.mark.parametrize(("ids", "active", "version", "expected"), [
    ([1, 2, 3], 3, 1, (1, 3)),
    ([1, 2, 3], 3, 2, (2, 3)),
    ([1, 2, 3, 4], 4, 3, (3, 4)),
    ([1, 2, 3], 2, 3, (3, 2)),               # a rollback since: still "from the meeting's to the active"
    ([1, 2, 3], 3, 3, None),                 # nothing changed since
    ([1, 2, 3], 3, 7, None),                 # its version no longer exists
    ([1, 2, 3], 3, None, None),              # recorded before any data
    ([], None, 1, None),
])
def test_since_last_meeting(ids, active, version, expected):
    assert changes.since_last_meeting(ids, active, meeting_on(version)) == expected


def test_since_last_meeting_without_a_meeting():
    assert changes.since_last_meeting([1, 2, 3], 3, None) is None


@pytest.mark.parametrize(("mode", "version", "expected"), [
    (changes.SINCE_MEETING, 1, ((1, 3), "meeting")),
    (changes.SINCE_MEETING, 3, (None, "same")),
    (changes.SINCE_MEETING, 9, ((2, 3), "gone")),
    (changes.SINCE_MEETING, None, ((2, 3), "no_version")),
    (changes.SINCE_PREVIOUS, 1, ((2, 3), "previous")),
    (changes.CHOSEN, 1, ((2, 3), "previous")),
])
def test_the_comparison_each_mode_makes(mode, version, expected):
    choice = changes.choose(mode, [1, 2, 3], 3, meeting_on(version))
    assert (choice.pair, choice.reason) == expected
    assert changes.choose(changes.SINCE_MEETING, [1, 2, 3], 3, None) == changes.Choice((2, 3), "no_meeting")


# --- the command line ------------------------------------------------------------------------------------------

def test_command_line_records_and_lists(store, capsys, monkeypatch):
    path = store.path
    store.close()
    monkeypatch.setenv("NGP_TODAY", TODAY.isoformat())
    try:
        assert main(["meeting", "--db", str(path), "--date", "2026-11-20", "--title", "Tavolo 20/11",
                     "--decisions", "Rinviare il bando B-25"]) == 0
        assert capsys.readouterr().out == ("registrata la riunione 2 del 20/11/2026 «Tavolo 20/11» (versione 3, "
                                           "istantanea ufficiale —).\n")
        assert main(["meetings", "--db", str(path)]) == 0
        assert capsys.readouterr().out.splitlines() == [
            "20/11/2026\tTavolo 20/11\t3\t—\tlocale",
            f"24/09/2026\tTavolo di coordinamento 24/09/2026\t1\t—\t{DEMO_AUTHOR}"]
        assert main(["meeting", "--db", str(path), "--date", "2026-11-24", "--title", "Domani"]) == 1
        assert "è nel futuro" in capsys.readouterr().err
        with pytest.raises(SystemExit) as usage:
            main(["meeting", "--db", str(path), "--date", "31/11/2026", "--title", "x"])
        assert usage.value.code == 2
        assert "data non valida: '31/11/2026' (scrivere gg/mm/aaaa o aaaa-mm-gg" in capsys.readouterr().err
        assert [m.meeting_id for m in meetings(open_store(path))] == [2, 1]
        assert versions_of(open_store(path)) == [1, 2, 3]
    finally:
        close_store(path)

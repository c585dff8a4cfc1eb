"""The coordination table's meetings on record: date, title, notes, decisions and the data shown that day.

A meeting is not versioned data: recording (or removing) one never creates a version. It points at
the committee's version and the official snapshot shown that day, so "what changed since the last
meeting" is a comparison of two versions. A removed record is kept, marked with who removed it and
when (``deleted_by``/``deleted_at``), and no longer listed; ids are never reused.

Rules (the Italian messages are the exceptions' ``str()``):

* ``title`` is required (spaces stripped), at most :data:`MAX_TITLE` characters; ``notes`` and
  ``decisions`` at most :data:`MAX_TEXT` each.
* ``held_on`` cannot be after today: the record is of a meeting that took place (a planned one has
  no data shown yet).
* ``version_id``/``snapshot_id`` default to the ones **shown on ``held_on``**: for a meeting held
  today, the active version and the active official snapshot; for an earlier day, the newest one
  created by the end of that day (a commit and a rollback both create the new active one, so the
  newest by date is the one that was shown then); None when there was none yet. Given explicitly,
  they must exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from .connection import one
from .errors import StoreError, UnknownVersion

MAX_TITLE = 200
MAX_TEXT = 10_000

DDL = {
    "meetings": "CREATE TABLE IF NOT EXISTS meetings (meeting_id INTEGER PRIMARY KEY, held_on DATE NOT NULL, "
    "title VARCHAR NOT NULL, notes VARCHAR NOT NULL, decisions VARCHAR NOT NULL, version_id INTEGER, "
    "snapshot_id INTEGER, author VARCHAR NOT NULL, recorded_at TIMESTAMP NOT NULL, deleted_by VARCHAR, "
    "deleted_at TIMESTAMP)",
}
TABLE_NAMES = tuple(DDL)                 # for backup and check

_COLUMNS = "meeting_id, held_on, title, notes, decisions, version_id, snapshot_id, author, recorded_at"


class InvalidMeeting(StoreError):
    """A meeting that cannot be recorded as given (empty title, text too long, a future date)."""


class UnknownMeeting(StoreError):
    """No meeting on record with that id (or it was already removed)."""


@dataclass(frozen=True)
class Meeting:
    meeting_id: int
    held_on: date
    title: str
    notes: str            # "" when none
    decisions: str        # "" when none
    version_id: int | None    # data version shown that day
    snapshot_id: int | None   # official snapshot active that day
    author: str
    recorded_at: datetime


def migrate(cur, present: set[str]) -> None:
    """Create the meetings table when missing (called by ``Store._migrate``)."""
    for name, ddl in DDL.items():
        if name not in present:
            cur.execute(ddl)


# --- reading ----------------------------------------------------------------------------------------------
def meetings(store) -> list[Meeting]:
    """Every meeting on record, newest ``held_on`` first (same day: the newest record first)."""
    with store.reading():
        rows = store.cursor().execute(
            f"SELECT {_COLUMNS} FROM meetings WHERE deleted_at IS NULL "
            f"ORDER BY held_on DESC, meeting_id DESC").fetchall()
    return [_meeting(r) for r in rows]


def last_meeting(store, *, before: date | None = None) -> Meeting | None:
    """The newest meeting held on or before ``before`` (any date when None); None if there is none."""
    with store.reading():
        row = one(store.cursor(),
                  f"SELECT {_COLUMNS} FROM meetings WHERE deleted_at IS NULL AND (? IS NULL OR held_on <= ?) "
                  f"ORDER BY held_on DESC, meeting_id DESC LIMIT 1", [before, before])
    return _meeting(row) if row else None


def shown_on(store, day: date, today: date | None = None) -> tuple[int | None, int | None]:
    """The version and official snapshot a meeting held on ``day`` saw (see the module's rules)."""
    with store.reading():
        return _shown_on(store.cursor(), day, today or date.today())


# --- writing ----------------------------------------------------------------------------------------------
def record_meeting(store, *, held_on: date, title: str, author: str, notes: str = "", decisions: str = "",
                   version_id: int | None = None, snapshot_id: int | None = None,
                   today: date | None = None) -> Meeting:
    """Record one meeting, in one transaction under the store's writer lock; the record as stored.

    ``today`` is for tests and the demo (default: the system date). See the module's rules.
    """
    title = (title or "").strip()
    notes, decisions = (notes or "").strip(), (decisions or "").strip()
    if isinstance(held_on, datetime):
        held_on = held_on.date()
    if not isinstance(held_on, date):
        raise InvalidMeeting("La data della riunione manca o non è valida.")
    if not title:
        raise InvalidMeeting("Il titolo della riunione è obbligatorio.")
    if len(title) > MAX_TITLE:
        raise InvalidMeeting(f"Il titolo della riunione è troppo lungo: {len(title)} caratteri, al massimo "
                             f"{MAX_TITLE}.")
    for what, text in (("Le note", notes), ("Le decisioni", decisions)):
        if len(text) > MAX_TEXT:
            raise InvalidMeeting(f"{what} della riunione sono troppo lunghe: {len(text)} caratteri, al massimo "
                                 f"{MAX_TEXT}.")
    today = today or date.today()
    if held_on > today:
        raise InvalidMeeting(f"La data della riunione ({held_on:%d/%m/%Y}) è nel futuro: si registrano solo le "
                             f"riunioni già tenute.")
    with store._transaction() as cur:
        shown_version, shown_snapshot = _shown_on(cur, held_on, today)
        if version_id is None:
            version_id = shown_version
        elif one(cur, "SELECT 1 FROM versions WHERE version_id = ?", [version_id]) is None:
            raise UnknownVersion(f"La versione {version_id} non esiste: la riunione non è stata registrata.")
        if snapshot_id is None:
            snapshot_id = shown_snapshot
        elif one(cur, "SELECT 1 FROM official_snapshots WHERE snapshot_id = ?", [snapshot_id]) is None:
            raise UnknownVersion(f"L'istantanea ufficiale {snapshot_id} non esiste: la riunione non è stata "
                                 f"registrata.")
        new_id = one(cur, "SELECT coalesce(max(meeting_id), 0) + 1 FROM meetings")[0]
        recorded_at = datetime.now().replace(microsecond=0)
        cur.execute("INSERT INTO meetings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)",
                    [new_id, held_on, title, notes, decisions, version_id, snapshot_id, author or "locale",
                     recorded_at])
    return Meeting(new_id, held_on, title, notes, decisions, version_id, snapshot_id, author or "locale",
                   recorded_at)


def delete_meeting(store, meeting_id: int, *, author: str) -> None:
    """Remove a mistaken record: kept in the table with who removed it and when, no longer listed."""
    with store._transaction() as cur:
        if one(cur, "SELECT 1 FROM meetings WHERE meeting_id = ? AND deleted_at IS NULL", [meeting_id]) is None:
            raise UnknownMeeting(f"La riunione {meeting_id} non è registrata (o è già stata eliminata).")
        cur.execute("UPDATE meetings SET deleted_by = ?, deleted_at = ? WHERE meeting_id = ?",
                    [author or "locale", datetime.now().replace(microsecond=0), meeting_id])


# --- helpers ----------------------------------------------------------------------------------------------
def _shown_on(cur, day: date, today: date) -> tuple[int | None, int | None]:
    if day >= today:
        return (one(cur, "SELECT version_id FROM active")[0],
                one(cur, "SELECT snapshot_id FROM official_active")[0])
    end = datetime.combine(day + timedelta(days=1), time())
    version = one(cur, "SELECT max(version_id) FROM versions WHERE created_at < ?", [end])[0]
    snapshot = one(cur, "SELECT max(snapshot_id) FROM official_snapshots WHERE created_at < ?", [end])[0]
    return version, snapshot


def _meeting(r) -> Meeting:
    held_on, recorded_at = r[1], r[8]
    return Meeting(meeting_id=int(r[0]), held_on=held_on, title=r[2], notes=r[3] or "", decisions=r[4] or "",
                   version_id=None if r[5] is None else int(r[5]),
                   snapshot_id=None if r[6] is None else int(r[6]), author=r[7], recorded_at=recorded_at)

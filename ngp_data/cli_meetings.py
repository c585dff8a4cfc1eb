"""The command line's meetings: ``python -m ngp_data meetings`` (the list) and ``meeting`` (record one).

Registered by ``__main__`` (its parser, exit codes and messages); the meetings themselves live in
``store/meetings.py``.
"""

from __future__ import annotations

import datetime as dt
import os

from .formats import fmt_date
from .ingest.problems import escape_controls
from .store import LOCAL_AUTHOR
from .store import meetings as store_meetings


def add_meeting_commands(sub, with_db, date_arg) -> None:
    """The two subcommands on ``sub`` (``with_db`` adds --db; ``date_arg`` reads a date or exits 2)."""
    with_db(sub.add_parser("meetings", help="elenca le riunioni registrate, dalla più recente (data, titolo, "
                                           "versione, istantanea ufficiale)"))
    p = with_db(sub.add_parser("meeting", help="registra una riunione del tavolo di coordinamento (con la versione "
                                              "e l'istantanea ufficiale attive quel giorno)"))
    p.add_argument("--date", required=True, type=date_arg, metavar="GG/MM/AAAA", help="data della riunione")
    p.add_argument("--title", required=True, help="titolo, es. \"Tavolo di coordinamento 20/11/2026\"")
    p.add_argument("--notes", default="", help="note")
    p.add_argument("--decisions", default="", help="decisioni")
    p.add_argument("--version", type=int, default=None, metavar="N",
                   help="versione dei dati mostrata (predefinita: quella attiva quel giorno)")
    p.add_argument("--author", default=LOCAL_AUTHOR, help="chi registra (predefinito: locale)")


def _meetings(args, io) -> int:
    for m in store_meetings.meetings(io.store()):
        io.print("\t".join([it_date(m.held_on), escape_controls(m.title), _or_dash(m.version_id),
                         _or_dash(m.snapshot_id), escape_controls(m.author)]))
    return 0


def _meeting(args, io) -> int:
    pinned = os.environ.get("NGP_TODAY")              # as the dashboard: a pinned "today" for tests and demos
    today = dt.date.fromisoformat(pinned) if pinned else None
    m = store_meetings.record_meeting(io.store(), held_on=args.date, title=args.title, author=args.author,
                                      notes=args.notes, decisions=args.decisions, version_id=args.version,
                                      today=today)
    io.print(f"registrata la riunione {m.meeting_id} del {it_date(m.held_on)} «{escape_controls(m.title)}» "
          f"(versione {_or_dash(m.version_id)}, istantanea ufficiale {_or_dash(m.snapshot_id)}).")
    return 0


def _or_dash(value) -> str:
    return "—" if value is None else str(value)


def it_date(value) -> str:
    """``gg/mm/aaaa``, or a dash for no date (the command line's tab-separated lists)."""
    return fmt_date(value) if value else "—"


MEETING_COMMANDS = {"meetings": _meetings, "meeting": _meeting}

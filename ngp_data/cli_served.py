"""The command line served by the dashboard: which commands, the request handed over, and running it there.

While the dashboard holds the database, ``python -m ngp_data backup|versions|check|import|rollback|meetings|
official --list`` is sent to it (``store/service.py``: the spool folder, the heartbeat) and run there by the
same code as on the command line (``__main__.run`` with the dashboard's store and text streams); the answer
is printed here with its exit code. Registered by ``__main__``; started by ``ui/context`` (:func:`start`).
"""

from __future__ import annotations

import argparse
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from .store import Store, default_db_path
from .store.service import Answer, NoAnswer, Service, serving, start_service, submit

SERVED = ("import", "versions", "check", "backup", "rollback", "meetings", "official")   # official: --list only
LONG_SECONDS, SHORT_SECONDS = 300.0, 30.0
_LONG = {"import", "check", "backup", "rollback"}
QUEUED = "In coda: un altro comando è in corso nella dashboard, questo partirà subito dopo…"


@dataclass(frozen=True)
class Io:
    """Where a command writes (``out``, ``err``) and the store it works on: its own, or the dashboard's."""

    out: TextIO
    err: TextIO
    store: Callable[[], Store]

    def print(self, *values, file: TextIO | None = None) -> None:
        print(*values, file=file or self.out)


def _served(command: str, values: dict) -> bool:
    return command in SERVED and (command != "official" or bool(values.get("list")))


def dashboard_serves(args: argparse.Namespace) -> bool:
    """The command is one the dashboard runs, and a live dashboard holds its database."""
    return _served(args.command, vars(args)) and serving(args.db or default_db_path())


def timeout_for(command: str) -> float:
    return LONG_SECONDS if command in _LONG else SHORT_SECONDS


def request_for(args: argparse.Namespace) -> dict:
    """The parsed arguments as JSON; paths made absolute (the dashboard has another working folder)."""
    values, paths = {}, []
    for key, value in vars(args).items():
        if key in ("db", "command"):
            continue
        if isinstance(value, Path):
            value = str(value.absolute())
            paths.append(key)
        elif isinstance(value, list) and value and all(isinstance(v, Path) for v in value):
            value = [str(v.absolute()) for v in value]
            paths.append(key)
        values[key] = value
    return {"command": args.command, "args": values, "paths": paths}


def ask_dashboard(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Send the command to the dashboard, print its answer, return its exit code (2: no answer)."""
    def queued() -> None:
        print(QUEUED, file=err, flush=True)

    try:
        answer = submit(args.db or default_db_path(), request_for(args), timeout=timeout_for(args.command),
                        on_queued=queued)
    except NoAnswer as exc:
        print(f"errore: {exc}", file=err)
        return 2
    out.write(answer.out)
    err.write(answer.err)
    return answer.code


def handle(store: Store, request: dict) -> Answer:
    """Run one request on the dashboard's ``store`` with the command line's own code."""
    from .__main__ import run  # here: __main__ imports this module

    command = request.get("command")
    values = request.get("args")
    if not isinstance(command, str) or not isinstance(values, dict) or not _served(command, values):
        return Answer(2, err=f"errore: la dashboard non esegue il comando {command!r}: fermala e ripeti il "
                             "comando.\n")
    values = dict(values)
    for key in request.get("paths", []):
        value = values.get(key)
        values[key] = [Path(v) for v in value] if isinstance(value, list) else Path(value)
    args = argparse.Namespace(**values, db=None, command=command)
    out, err = io.StringIO(), io.StringIO()
    code = run(args, Io(out, err, lambda: store))
    return Answer(code, out.getvalue(), err.getvalue())


def start(store: Store) -> Service:
    """The dashboard's service for ``store`` (once per store and process)."""
    return start_service(store, handle)

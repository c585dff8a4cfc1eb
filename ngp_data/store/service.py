"""The dashboard serves the command line, and takes the daily backup, on the store it holds.

DuckDB lets one process open a file read-write, and the dashboard keeps it open for its whole life;
so the process that holds the store answers the commands asked of it (``backup``, ``versions``,
``check``, ``import``…) through a spool folder beside the database, ``<db>.requests/``:

* the service keeps ``heartbeat`` there fresh (its mtime, every second) and looks for requests every
  0.3 s; a command line finding the file held by another process and a heartbeat younger than 5 s
  asks the service instead of waiting for the file (:func:`serving`, :func:`submit`);
* a request is a JSON file written whole (a hidden temporary name, then a rename) ``<id>.json``; the
  service claims the oldest by renaming it ``<id>.work`` (one at a time, in order of arrival, under the
  store's own write lock for what writes), runs it, and writes ``<id>.answer`` whole (exit code,
  standard output and error); the command line prints it and removes it;
* a request carries its deadline: one whose command line gave up (or died) is skipped and removed.

With ``NGP_BACKUP_DIR`` set the same thread takes a backup there once a day (checked at start, then
hourly) and keeps the newest ``NGP_BACKUP_KEEP`` (14) of the backups it made (listed in
``.ngp_backup_auto``); other files are never deleted. A failure is logged and never stops the dashboard.
What runs a request (the command line's own code) is handed in: the store knows nothing of commands.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from .connection import is_open_here
from .database import _locked_elsewhere

log = logging.getLogger("ngp_data.service")

POLL_SECONDS = 0.3                 # how often the service looks for requests
BEAT_SECONDS = 1.0                 # how often it touches the heartbeat
FRESH_SECONDS = 5.0                # a heartbeat older than this: no service
LOST_SECONDS = 15.0                # a command line waiting gives up on a heartbeat this old
QUEUED_AFTER = 0.5                 # a request not claimed by then, while another runs, is "in coda"
DAILY_CHECK = timedelta(hours=1)
KEEP_DEFAULT = 14
AUTO_LIST = ".ngp_backup_auto"     # the backups the service made (the only ones it rotates)
HEARTBEAT = "heartbeat"


@dataclass(frozen=True)
class Answer:
    code: int
    out: str = ""
    err: str = ""


def spool_dir(db: str | os.PathLike) -> Path:
    db = Path(db).resolve()
    return db.with_name(db.name + ".requests")


def serving(db: str | os.PathLike) -> bool:
    """Another process holds ``db`` and its service's heartbeat is fresh: ask it (:func:`submit`).

    Never for a PostgreSQL database: every process opens it by itself."""
    from .server import is_server
    if is_server(db):
        return False
    db = Path(db).resolve()
    if not db.exists() or is_open_here(db) or not _fresh(spool_dir(db), FRESH_SECONDS):
        return False
    return _locked_elsewhere(db)


def _fresh(spool: Path, seconds: float) -> bool:
    try:
        return time.time() - (spool / HEARTBEAT).stat().st_mtime < seconds
    except OSError:
        return False


def _write_whole(path: Path, data: dict) -> None:
    """``data`` as JSON under ``path``, written under a hidden name and renamed: never half a file."""
    partial = path.with_name(f".{path.name}.tmp")
    try:
        with open(partial, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False)
            f.flush()
            os.fsync(f.fileno())
        os.replace(partial, path)
    finally:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)


# --- the command line's side ------------------------------------------------------------------------

class NoAnswer(Exception):
    """The service did not answer; ``str()`` is the Italian message (exit 2)."""


def submit(db: str | os.PathLike, request: dict, *, timeout: float, on_queued: Callable[[], None] = lambda: None,
           poll: float = 0.1) -> Answer:
    """Hand ``request`` to the service holding ``db`` and wait for its answer, at most ``timeout`` seconds.

    ``on_queued`` is called once if another command is running in the dashboard before this one. On a
    timeout, or a heartbeat gone stale, the request is withdrawn (if still waiting) and :class:`NoAnswer`
    says whether it may still be running there."""
    spool = spool_dir(db)
    rid = f"{time.time_ns():020d}-{os.getpid()}-{secrets.token_hex(3)}"
    queued, work, answer = spool / f"{rid}.json", spool / f"{rid}.work", spool / f"{rid}.answer"
    started = time.monotonic()
    try:
        _write_whole(queued, {**request, "deadline": time.time() + timeout})
    except OSError as exc:
        raise NoAnswer(f"impossibile lasciare la richiesta alla dashboard in {spool} ({exc.strerror or exc}): "
                       "nulla è stato fatto.") from None
    told = False
    try:
        while True:
            if answer.exists():
                try:
                    data = json.loads(answer.read_text(encoding="utf-8"))
                    return Answer(int(data["code"]), str(data.get("out", "")), str(data.get("err", "")))
                except (OSError, ValueError, TypeError, KeyError):
                    raise NoAnswer(f"la risposta della dashboard ({answer}) è illeggibile: controlla con "
                                   "`python -m ngp_data versions` se il comando si è concluso.") from None
                finally:
                    answer.unlink(missing_ok=True)
            waited = time.monotonic() - started
            if not told and waited > QUEUED_AFTER and queued.exists() and any(spool.glob("*.work")):
                on_queued()
                told = True
            if waited > timeout or not _fresh(spool, LOST_SECONDS):
                why = (f"la dashboard non ha risposto entro {timeout:.0f} s" if waited > timeout
                       else "la dashboard non risponde più (si è fermata?)")
                raise NoAnswer(_withdrawn(why, queued, work))
            time.sleep(poll)
    except KeyboardInterrupt:
        raise NoAnswer(_withdrawn("interrotto", queued, work)) from None


def _withdrawn(why: str, queued: Path, work: Path) -> str:
    try:
        queued.unlink()
        return f"{why}: la richiesta è stata ritirata e nulla è stato fatto. Riprova più tardi."
    except FileNotFoundError:
        if work.exists():
            return (f"{why}, ma il comando era già in corso nella dashboard e può ancora concludersi: "
                    "controlla con `python -m ngp_data versions` prima di ripeterlo.")
        return f"{why}: la richiesta è stata ritirata e nulla è stato fatto. Riprova più tardi."


# --- the dashboard's side --------------------------------------------------------------------------------

class Service:
    """Answers the requests left for ``store`` with ``handler(store, request) -> Answer``; the daily backup.

    :meth:`start` runs two daemon threads (the heartbeat, the requests and backups); :meth:`serve_pending`
    and :meth:`run_daily` are the steps, callable directly (tests)."""

    def __init__(self, store, handler: Callable[[object, dict], Answer], *, backup_dir: Path | None = None,
                 keep: int = KEEP_DEFAULT):
        self.store, self.handler = store, handler
        self.spool = spool_dir(store.path)
        self.backup_dir, self.keep = backup_dir, keep
        self._stop = threading.Event()
        self._next_daily = datetime.min
        self._threads: list[threading.Thread] = []

    @classmethod
    def from_environment(cls, store, handler) -> Service:
        directory = os.environ.get("NGP_BACKUP_DIR") or None
        keep = KEEP_DEFAULT
        raw = os.environ.get("NGP_BACKUP_KEEP", "").strip()
        if raw:
            try:
                keep = max(1, int(raw))
            except ValueError:
                log.warning("NGP_BACKUP_KEEP=%r non è un numero: tengo gli ultimi %d backup.", raw, KEEP_DEFAULT)
        return cls(store, handler, backup_dir=Path(directory) if directory else None, keep=keep)

    # --- life -------------------------------------------------------------------------------------------
    def start(self) -> Service:
        self._prepare_spool()
        for name, target in (("beat", self._beat), ("serve", self._serve)):
            thread = threading.Thread(target=target, name=f"ngp-service-{name}", daemon=True)
            thread.start()
            self._threads.append(thread)
        log.info("servizio della riga di comando attivo su %s", self.spool)
        return self

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=10)
        with contextlib.suppress(OSError):
            (self.spool / HEARTBEAT).unlink(missing_ok=True)

    def _prepare_spool(self) -> None:
        """The folder, with the database folder's permissions; a dead run's leftovers removed."""
        mode = self.spool.parent.stat().st_mode & 0o7777
        self.spool.mkdir(exist_ok=True)
        with contextlib.suppress(OSError):
            os.chmod(self.spool, mode)
        for leftover in [*self.spool.glob("*.work"), *self.spool.glob(".*.tmp"), *self.spool.glob("*.answer")]:
            with contextlib.suppress(OSError):
                leftover.unlink()
        (self.spool / HEARTBEAT).write_text(f"{os.getpid()}\n", encoding="utf-8")

    def _beat(self) -> None:
        while not self._stop.wait(BEAT_SECONDS):
            try:
                os.utime(self.spool / HEARTBEAT)
            except FileNotFoundError:
                with contextlib.suppress(OSError):
                    (self.spool / HEARTBEAT).write_text(f"{os.getpid()}\n", encoding="utf-8")
            except OSError:
                log.exception("heartbeat non aggiornato in %s", self.spool)

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                now = datetime.now()
                if now >= self._next_daily:
                    self._next_daily = now + DAILY_CHECK
                    self.run_daily(now)
                while self.serve_pending():
                    pass
            except Exception:                       # never stop the thread, never the dashboard
                log.exception("servizio della riga di comando: errore")
            self._stop.wait(POLL_SECONDS)

    # --- requests ------------------------------------------------------------------------------------------
    def serve_pending(self) -> bool:
        """Run the oldest waiting request, if any (True: one was taken, answered or skipped)."""
        try:
            waiting = sorted(p for p in self.spool.glob("*.json"))
        except OSError:
            return False
        for queued in waiting:
            work = queued.with_suffix(".work")
            try:
                os.rename(queued, work)              # claimed; a request withdrawn meanwhile is gone
            except FileNotFoundError:
                continue
            self._answer(work)
            return True
        return False

    def _answer(self, work: Path) -> None:
        answer_path = work.with_suffix(".answer")
        try:
            request = json.loads(work.read_text(encoding="utf-8"))
            deadline = float(request.get("deadline", 0))
        except (OSError, ValueError, TypeError, AttributeError):
            log.warning("richiesta illeggibile scartata: %s", work.name)
            request, deadline = None, 0.0
        if request is None or time.time() > deadline:
            if request is not None:
                log.info("richiesta scaduta scartata (chi l'ha inviata ha smesso di attendere): %s", work.name)
            work.unlink(missing_ok=True)
            return
        try:
            answer = self.handler(self.store, request)
        except Exception as exc:
            log.exception("richiesta %s non riuscita", work.name)
            answer = Answer(1, err=f"errore nella dashboard: {exc}\n")
        try:
            if time.time() <= deadline:              # nobody waits for a late answer
                _write_whole(answer_path, {"code": answer.code, "out": answer.out, "err": answer.err})
        except OSError:
            log.exception("risposta non scritta in %s (disco pieno?)", self.spool)
        finally:
            work.unlink(missing_ok=True)

    # --- the daily backup -------------------------------------------------------------------------------
    def run_daily(self, now: datetime) -> Path | None:
        """A backup in the backup folder if none of ``now``'s day is there; then the rotation. Never raises."""
        if self.backup_dir is None:
            return None
        try:
            directory = self.backup_dir
            if any(directory.glob(f"ngp_backup_{now:%Y%m%d}_*.duckdb")):
                return None
            target = self.store.backup(directory)
            log.info("backup giornaliero scritto in %s", target)
            self._rotate(directory, target)
            return target
        except Exception:
            log.exception("backup giornaliero in %s non riuscito", self.backup_dir)
            return None

    def _rotate(self, directory: Path, new: Path) -> None:
        listing = directory / AUTO_LIST
        try:
            made = set(listing.read_text(encoding="utf-8").split())
        except OSError:
            made = set()
        made = sorted(name for name in made | {new.name} if (directory / name).is_file() and "/" not in name)
        for old in made[:-self.keep]:
            with contextlib.suppress(OSError):
                (directory / old).unlink()
                log.info("backup giornaliero vecchio eliminato: %s", old)
        kept = made[-self.keep:]
        partial = directory / f".{AUTO_LIST}.tmp"
        partial.write_text("".join(f"{name}\n" for name in kept), encoding="utf-8")
        os.replace(partial, listing)


_SERVICES: dict[Path, Service] = {}
_SERVICES_LOCK = threading.Lock()


def start_service(store, handler) -> Service:
    """The one service of ``store`` in this process, started on first call (configured by the environment)."""
    with _SERVICES_LOCK:
        service = _SERVICES.get(store.path)
        if service is None:
            service = _SERVICES[store.path] = Service.from_environment(store, handler).start()
        return service


def stop_service(store) -> None:
    with _SERVICES_LOCK:
        service = _SERVICES.pop(store.path, None)
    if service is not None:
        service.stop()

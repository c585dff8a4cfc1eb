"""A throwaway PostgreSQL for the tests: its own cluster in a temporary folder, stopped at the end.

``initdb`` + ``pg_ctl`` (Debian's ``postgresql``, installed by .ci/run) on 127.0.0.1 and a free port,
trust authentication, superuser ``ngp``. Run as root (CI), the server runs as the ``postgres`` user,
which PostgreSQL requires. Each test gets a database of its own (:meth:`Cluster.database`).

``NGP_TEST_PG=postgresql://…/postgres`` uses a server already running instead (its databases named
``ngp_test_…`` are created and dropped).
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from ngp_data.store.errors import StoreError
from ngp_data.store.pg_tools import program

_NAMES = itertools.count(1)


def available() -> str | None:
    """None when a cluster can be started here, else why not."""
    if os.environ.get("NGP_TEST_PG"):
        return None
    try:
        program("initdb"), program("pg_ctl"), program("psql")
    except StoreError:
        return "PostgreSQL non è installato (initdb, pg_ctl, psql: pacchetto Debian postgresql)"
    if os.geteuid() == 0:
        try:
            import pwd
            pwd.getpwnam("postgres")
        except KeyError:
            return "si esegue come root e manca l'utente postgres"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    def __init__(self):
        self.folder: Path | None = None
        self.base = os.environ.get("NGP_TEST_PG")
        self.created: list[str] = []

    # --- life ---------------------------------------------------------------------------------------
    def start(self) -> Cluster:
        if self.base:
            return self
        self.folder = Path(tempfile.mkdtemp(prefix="ngp-pg-"))
        self.port = _free_port()
        self.folder.chmod(0o755)
        data = self.folder / "data"
        self._as_server(program("initdb"), "-D", str(data), "-A", "trust", "-U", "ngp", "--no-sync",
                        "-E", "UTF8", "--locale=C.UTF-8")
        self.resume()
        self.base = f"postgresql://ngp@127.0.0.1:{self.port}/postgres"
        return self

    def pause(self) -> None:
        """Stop the server (fast shutdown: connections cut), keeping its data: an outage, until :meth:`resume`."""
        self._as_server(program("pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")

    def resume(self) -> None:
        """Start the server on its folder and port (first start, or after :meth:`pause`)."""
        self._as_server(program("pg_ctl"), "-D", str(self.folder / "data"), "-l", str(self.folder / "server.log"),
                        "-w", "-o", f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                                    f"-c max_connections=300 -c shared_buffers=32MB", "start")

    def stop(self) -> None:
        if self.folder is None:
            for name in self.created:
                self.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        try:
            self._as_server(program("pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def _as_server(self, *args: str) -> None:
        cmd = list(args)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=self.folder)
        if done.returncode != 0:
            log = self.folder / "server.log"
            raise RuntimeError(f"{' '.join(args[:2])} failed: {done.stderr or done.stdout}"
                               + (log.read_text()[-2000:] if log.exists() else ""))

    # --- databases ------------------------------------------------------------------------------------
    def psql(self, sql: str, database: str = "postgres") -> str:
        done = subprocess.run([program("psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                               f"--dbname={self.url(database)}", "-c", sql],
                              capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"psql {sql!r}: {done.stderr}")
        return done.stdout.strip()

    def url(self, database: str) -> str:
        parts = urlsplit(self.base)
        return urlunsplit((parts.scheme, parts.netloc, "/" + database, parts.query, parts.fragment))

    def database(self, prefix: str = "ngp_test") -> str:
        """A new empty database; its URL."""
        name = f"{prefix}_{os.getpid()}_{next(_NAMES)}_{int(time.time() * 1000) % 100000}"
        self.psql(f'CREATE DATABASE "{name}" TEMPLATE template0')
        self.created.append(name)
        return self.url(name)

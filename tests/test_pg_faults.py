"""Faults on the PostgreSQL store, for real: writers killed with SIGKILL while others read and write.

The same promises as tests/test_faults.py, on a PostgreSQL database: a version is whole or absent,
ids are unique and contiguous (``max + 1`` read under the writers' advisory lock), what a writer saw
committed is there with its SHA-256, and ``Store.check()`` finds nothing. The writers' lock
(``pg_advisory_xact_lock``, :func:`ngp_data.store.server.lock_writes`) is shown to serialise them.

``NGP_PG_FAULT_SECONDS`` (default 30) is how long the writers run while being killed.
Skipped like the other PostgreSQL tests when PostgreSQL is not installed (fixture ``pg_cluster``).
"""

from __future__ import annotations

import hashlib
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
from urllib.parse import urlsplit

import pytest

from ngp_data.demo import load_demo
from ngp_data.ingest.pipeline import commit, prepare
from ngp_data.store import Store
from ngp_data.store.pg_tools import program
from ngp_data.store.server import LOCK_KEY
from tests.builders import valid_rows, workbook_bytes

ROOT = Path(__file__).resolve().parents[1]
SECONDS = float(os.environ.get("NGP_PG_FAULT_SECONDS", "30"))
KILLS = 10

# The writers' spawner: loads the modules once and prints LOADED; for each name read on stdin it forks a
# writer (printing "name PID pid"), so a killed writer is replaced at once, without a new interpreter's
# start-up. A writer opens the store and imports tagged workbooks in a loop, printing one line per
# committed version: "name COMMITTED id sha tag requests". Killed writers are reaped by the kernel.
SPAWNER_SNIPPET = textwrap.dedent("""
    import hashlib, os, signal, sys, traceback
    sys.path.insert(0, {root!r})
    from ngp_data.ingest.pipeline import commit, prepare
    from ngp_data.store import StaleVersion, Store
    from tests.test_pg_faults import tagged_workbook

    def write(url, name):
        store = Store(url)
        print(name, "READY", flush=True)
        number = 0
        while True:
            number += 1
            tag = f"{{name}}-{{number}}"
            data, requests = tagged_workbook(tag, number)
            try:
                version = commit(prepare([(tag + ".xlsx", data)], store), store, comment=tag)
            except StaleVersion:
                continue                              # the other writer committed since the preview
            print(name, "COMMITTED", version, hashlib.sha256(data).hexdigest(), tag, requests, flush=True)

    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    print("LOADED", flush=True)
    for line in sys.stdin:
        name = line.strip()
        pid = os.fork()
        if pid == 0:
            try:
                write(sys.argv[1], name)
            except BaseException:
                traceback.print_exc()
                sys.stderr.flush()
            os._exit(1)
        print(name, "PID", pid, flush=True)
""").format(root=str(ROOT))

# Reads the active version until told to stop (a line on stdin); at each read its tables must hold the
# rows its record counts, and its original file the SHA-256 it records. Ends with a JSON summary.
READER_SNIPPET = textwrap.dedent("""
    import hashlib, json, sys, threading
    sys.path.insert(0, {root!r})
    from ngp_data.store import Store
    store = Store(sys.argv[1])
    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.readline(), stop.set()), daemon=True).start()
    print("READY", flush=True)
    reads, seen, problems = 0, set(), []
    while not stop.is_set():
        active = store.active_version()
        version = store.version(active)
        for name, frame in store.tables(active).items():
            if len(frame) != version.counts[name]:
                problems.append(f"v{{active}} {{name}}: {{len(frame)}} rows, recorded {{version.counts[name]}}")
        if version.kind == "import":
            files = store.files(active)
            digest = hashlib.sha256(files[0].content).hexdigest() if len(files) == 1 else None
            if digest != version.sha256:
                problems.append(f"v{{active}}: file sha {{digest}} != recorded {{version.sha256}}")
        reads += 1
        seen.add(active)
    print(json.dumps({{"reads": reads, "seen": sorted(seen), "problems": problems}}), flush=True)
""").format(root=str(ROOT))


class Child:
    """A python child process whose stdout lines are collected by a thread, as they come."""

    def __init__(self, snippet: str, *args: str):
        self.proc = subprocess.Popen([sys.executable, "-c", snippet, *args], cwd=ROOT, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        self.err = ""
        self.ended = False
        self._seen = threading.Condition()
        self._thread = threading.Thread(target=self._collect, daemon=True)
        self._thread.start()

    def _collect(self) -> None:
        for line in self.proc.stdout:
            with self._seen:
                self.lines.append(line.rstrip("\n"))
                self._seen.notify_all()
        with self._seen:
            self.ended = True                         # killed, or failed: see stderr
            self._seen.notify_all()

    def wait_for(self, word: str = "READY", *, prefix: bool = False) -> None:
        """Until the child prints ``word`` (a liveness bound of 2 minutes, for a machine under load)."""
        def seen():
            return any(line == word or prefix and line.startswith(word) for line in self.lines)
        with self._seen:
            assert self._seen.wait_for(lambda: seen() or self.ended, 120), f"no {word}"
        assert seen(), self.finish()

    def send(self, line: str) -> None:
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def finish(self, timeout: float = 120) -> str:
        """Wait for the end; the output is all collected then. Returns stderr."""
        self.proc.wait(timeout)
        self._thread.join(timeout)
        if not self.proc.stderr.closed:
            self.err = self.proc.stderr.read()
            for pipe in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
                pipe.close()
        return self.err


def tagged_workbook(tag: str, number: int) -> tuple[bytes, int]:
    """The workbook imported under ``tag`` (the writers' and the test's one builder), and its requests.

    The tag is the first project's title and the number decides how many requests it holds: every
    upload has its own bytes, rows and counts, so a version can be matched with what was imported."""
    rows = valid_rows()
    rows["Progetti"][1][1] = tag
    for i in range(number % 7):
        rows["Candidature"].append([f"C-X{i:03d}", "NGP-01", "B-FARO", "ALIA", None, float(1000 + i), None])
    return workbook_bytes(rows), len(rows["Candidature"]) - 1


class Writers:
    """The spawner of writer processes (:data:`SPAWNER_SNIPPET`): start one, kill one with SIGKILL."""

    def __init__(self, url: str):
        self.spawner = Child(SPAWNER_SNIPPET, url)
        self.spawner.wait_for("LOADED")
        self.pids: dict[str, int] = {}

    def start(self, name: str) -> None:
        self.spawner.send(name)
        self.spawner.wait_for(f"{name} PID", prefix=True)
        self.pids[name] = int(next(x for x in self.spawner.lines if x.startswith(f"{name} PID")).split()[2])

    def kill(self, name: str) -> None:
        """SIGKILL; the writer must have been alive until then (a writer that died by itself is a failure)."""
        pid = self.pids[name]
        assert _alive(pid), f"the writer {name} had ended by itself"
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 60              # a liveness bound, not a measure
        while _alive(pid):                            # gone, before anything else is looked at
            assert time.monotonic() < deadline, f"the writer {name} outlived SIGKILL"
            time.sleep(0.01)

    def close(self) -> str:
        """Kill every writer left, end the spawner; its stderr (the writers' too)."""
        for name, pid in self.pids.items():
            if _alive(pid):
                self.kill(name)
        self.spawner.proc.stdin.close()
        return self.spawner.finish()

    def lines(self, name: str) -> list[list[str]]:
        return [line.split()[1:] for line in self.spawner.lines if line.split()[:1] == [name]]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.slow
def test_writers_killed_at_random_moments_leave_whole_contiguous_versions(pg_cluster):
    """Two writers import in a loop and are killed with SIGKILL 10 times (and restarted) while two readers
    check the active version at every read: afterwards every version a writer saw committed is there
    with its SHA-256, its rows and its counts, ids run 1..N without gaps or repeats, no version is
    partial, and ``check()`` is clean; the readers never met an incomplete version."""
    url = pg_cluster.database()
    store = Store(url)
    load_demo(store)
    demo_versions = [v.version_id for v in store.versions()]
    store.close()
    assert demo_versions == [1, 2, 3]

    rng = random.Random(20261124)
    readers = [Child(READER_SNIPPET, url) for _ in range(2)]
    writers = Writers(url)
    current = {"a": "a1", "b": "b1"}
    killed: list[str] = []
    try:
        for name in current.values():
            writers.start(name)
        for child in readers:
            child.wait_for("READY")
        # The kills fall at random moments across the run: while a writer opens the store (the schema check
        # takes the lock too), prepares, or commits; a new writer takes the killed one's place at once.
        started = time.monotonic()
        for moment in sorted(rng.uniform(0.05, 0.95) * SECONDS for _ in range(KILLS)):
            time.sleep(max(0.0, moment - (time.monotonic() - started)))
            slot = rng.choice(sorted(current))
            writers.kill(current[slot])
            killed.append(current[slot])
            current[slot] = f"{slot}{len(killed) + 2}"
            writers.start(current[slot])
        time.sleep(max(0.0, SECONDS - (time.monotonic() - started)))
        for child in readers:
            child.send("stop")
        summaries = []
        for child in readers:
            err = child.finish()
            assert child.proc.returncode == 0, err
            summaries.append(json.loads(child.lines[-1]))
    finally:
        for child in readers:
            if child.proc.poll() is None:
                child.proc.kill()
                child.finish()
        print(writers.close()[-3000:])                # the writers' stderr, shown if the test fails

    reported = [line[1:] for name in writers.pids for line in writers.lines(name) if line[0] == "COMMITTED"]
    store = Store(url)
    try:
        versions = {v.version_id: v for v in store.versions()}
        ids = sorted(versions)
        assert ids == list(range(1, len(ids) + 1))                  # unique and contiguous
        assert store.active_version() == ids[-1]
        assert store.check() == []                                  # rows = counts, files = their SHA-256
        # Every version a writer saw committed: there, with the SHA-256 of what it imported.
        assert len({vid for vid, *_ in reported}) == len(reported)   # no id handed to two writers
        for vid, sha, tag, _ in reported:
            assert (versions[int(vid)].sha256, versions[int(vid)].comment) == (sha, tag)
        # Every version, reported or not (a writer killed between COMMIT and its print): whole, as imported.
        for v in versions.values():
            if v.version_id in demo_versions:
                continue
            data, requests = tagged_workbook(v.comment, int(v.comment.rsplit("-", 1)[1]))
            assert (v.kind, v.sha256, v.counts["requests"]) == ("import", hashlib.sha256(data).hexdigest(), requests)
            assert [f.name for f in store.files(v.version_id)] == [f"{v.comment}.xlsx"]
            assert list(store.table("projects", v.version_id)["title"]) == [v.comment, "Rigenerazione urbana"]
        # And the database takes the next import.
        data, requests = tagged_workbook("dopo", 5)
        after = commit(prepare([("dopo.xlsx", data)], store), store)
        assert after == ids[-1] + 1 and store.version(after).counts["requests"] == requests
    finally:
        store.close()
    for summary in summaries:
        assert summary["problems"] == []
        assert summary["reads"] > 0 and len(summary["seen"]) > 1   # it read while versions were written
    assert len(killed) == KILLS
    assert len(reported) > KILLS                                     # the writers did commit, between kills
    hit = sum(any(line[0] == "COMMITTED" for line in writers.lines(name)) for name in killed)
    print(f"PG kill -9: {KILLS} kills ({hit} of writers that had committed), {len(ids) - 3} versions written "
          f"({len(reported)} reported), reads {[s['reads'] for s in summaries]}, "
          f"distinct versions read {[len(s['seen']) for s in summaries]}")


# Opens the store and prepares a tagged upload, prints READY; on "go" prints COMMITTING and commits
# (whatever the active version: "any"), then prints COMMITTED id.
WAITER_SNIPPET = textwrap.dedent("""
    import sys
    sys.path.insert(0, {root!r})
    from ngp_data.ingest.pipeline import prepare
    from ngp_data.store import Store
    from tests.test_pg_faults import tagged_workbook
    url, tag, number = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = Store(url)
    data, _ = tagged_workbook(tag, number)
    prepared = prepare([(tag + ".xlsx", data)], store)
    print("READY", flush=True)
    sys.stdin.readline()
    print("COMMITTING", flush=True)
    version = store.commit(prepared.checked.frames, files=prepared.files, comment=tag, expected_active="any")
    print("COMMITTED", version, flush=True)
""").format(root=str(ROOT))


class LockHolder:
    """A psql session holding the writers' advisory lock in an open transaction until :meth:`release`."""

    def __init__(self, url: str):
        self.proc = subprocess.Popen([program("psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                                      f"--dbname={url}"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        self._send(f"BEGIN;\nSELECT pg_advisory_xact_lock({LOCK_KEY});\n\\echo held\n")
        for line in self.proc.stdout:
            if line.strip() == "held":
                break
        else:
            raise AssertionError(self.proc.stderr.read())

    def _send(self, text: str) -> None:
        self.proc.stdin.write(text)
        self.proc.stdin.flush()

    def release(self) -> None:
        self._send("COMMIT;\n\\q\n")
        self.proc.stdin.close()
        assert self.proc.wait(60) == 0, self.proc.stderr.read()


def waiting_for_the_lock(pg_cluster, database: str) -> int:
    """How many sessions of ``database`` are waiting (not granted) for the writers' advisory lock."""
    return int(pg_cluster.psql(
        f"SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' "
        f"AND l.classid = 0 AND l.objid = {LOCK_KEY} AND NOT l.granted AND d.datname = '{database}'", database))


def test_the_advisory_lock_makes_writers_wait_then_commit_one_after_the_other(pg_cluster):
    """While one session holds ``pg_advisory_xact_lock``, three processes asked to commit at once all wait
    for it (PostgreSQL shows them waiting, nothing is written); once it is released they commit one
    after the other: three distinct consecutive ids after the base, each version holding its own upload.
    Without the lock they would all read the same ``max + 1`` and two would fail on the key."""
    url = pg_cluster.database()
    database = urlsplit(url).path.lstrip("/")
    store = Store(url)
    base = commit(prepare([("base.xlsx", workbook_bytes(valid_rows()))], store), store)
    assert base == 1
    tags = {f"attesa{n}": n for n in (1, 2, 3)}
    waiters = {tag: Child(WAITER_SNIPPET, url, tag, str(n)) for tag, n in tags.items()}
    holder = None
    try:
        for child in waiters.values():
            child.wait_for("READY")
        holder = LockHolder(url)
        for child in waiters.values():
            child.send("go")
        deadline = time.monotonic() + 60                            # a liveness bound, not a measure
        while waiting_for_the_lock(pg_cluster, database) < len(waiters):
            assert time.monotonic() < deadline, "the writers never queued on the lock"
            assert not any(c.ended or len(c.lines) > 2 for c in waiters.values()), "a writer did not wait"
            time.sleep(0.05)
        # PostgreSQL shows the three waiting for the lock: nothing written, none of them past its commit.
        assert [v.version_id for v in store.versions()] == [base]
        assert all("COMMITTED" not in " ".join(c.lines) for c in waiters.values())
        holder.release()                                            # then, and only then, they commit
        ids = {}
        for tag, child in waiters.items():
            err = child.finish()
            assert child.proc.returncode == 0, err
            assert child.lines[:2] == ["READY", "COMMITTING"]
            ids[tag] = int(child.lines[-1].split()[1])
    finally:
        if holder is not None and holder.proc.poll() is None:
            holder.proc.kill()
        for child in waiters.values():
            if child.proc.poll() is None:
                child.proc.kill()
                child.finish()
    assert sorted(ids.values()) == [base + 1, base + 2, base + 3]
    assert waiting_for_the_lock(pg_cluster, database) == 0
    for tag, vid in ids.items():
        v = store.version(vid)
        data, requests = tagged_workbook(tag, tags[tag])
        assert (v.comment, v.sha256, v.counts["requests"]) == (tag, hashlib.sha256(data).hexdigest(), requests)
        assert list(store.table("projects", vid)["title"]) == [tag, "Rigenerazione urbana"]
    assert store.active_version() == max(ids.values())
    assert store.check() == []
    store.close()

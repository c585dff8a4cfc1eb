"""The PostgreSQL server stops while the dashboard runs (a restart, a failover, the network): every page says so
in Italian, with no traceback and nothing half-shown, and the dashboard picks up again by itself once the
server is back, without being restarted.

The cluster is the test's own (tests/pg_cluster.py), so that stopping it disturbs no other test.
"""

from __future__ import annotations

import pytest

from tests.apptest_helpers import run_app, texts
from tests.conftest import started_cluster


@pytest.fixture
def cluster():
    own = started_cluster()
    yield own
    own.stop()


def _error_texts(at) -> list[str]:
    return [e.value.replace("\\", "") for e in at.error]


def test_a_server_that_stops_and_comes_back(cluster):
    url = cluster.database()
    at = run_app(url)                                              # first start: the demo is loaded
    assert not at.exception and [t.value for t in at.title] == ["Panoramica"]
    granted = next(m.value for m in at.metric if m.label == "Concesso")

    cluster.pause()
    try:
        at.run()                                # each run reads the active version from the server
        assert not at.exception
        [message] = _error_texts(at)
        assert message.startswith(f"Il database PostgreSQL {url} non risponde. Riprova tra qualche istante "
                                  "ricaricando la pagina")
        assert "Traceback" not in message
        assert [t.value for t in at.title] == ["Il database non si può usare"]
        assert not at.metric                                        # nothing half-shown
        at.switch_page("views/missioni.py").run()                   # every page, not only the first
        assert not at.exception and len(_error_texts(at)) == 1
    finally:
        cluster.resume()

    at.switch_page("views/panoramica.py").run()                     # the same session, the same process
    assert not at.exception and not at.error
    assert [t.value for t in at.title] == ["Panoramica"]
    assert next(m.value for m in at.metric if m.label == "Concesso") == granted
    assert "non risponde" not in " ".join(texts(at))


def test_a_connection_lost_in_the_middle_of_a_read_is_said_the_same_way(cluster):
    """A page's query running when the server goes away (its cursor already open) is ``ServerUnavailable``
    inside ``store.reading()``, the context the dashboard renders every page in, not DuckDB's IO error."""
    from ngp_data.store import ServerUnavailable, Store

    store = Store(cluster.database())
    try:
        cur = store.cursor()
        cluster.pause()
        try:
            with pytest.raises(ServerUnavailable, match=r"^Il database PostgreSQL .* non risponde\. Riprova"):
                with store.reading():
                    cur.execute("SELECT count(*) FROM versions").fetchall()
        finally:
            cluster.resume()
        assert store.cursor().execute("SELECT count(*) FROM versions").fetchone() == (0,)
    finally:
        store.close()

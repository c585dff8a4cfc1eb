"""Property tests: random tables and random cell values never raise anything but our own errors."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ngp_data.ingest.problems import UploadRejected
from ngp_data.ingest.reading import RawSheet, RawUpload
from ngp_data.ingest.validation import validate
from ngp_data.schema import TABLES
from ngp_data.store import Store, StoreError

CELLS = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.sampled_from(["", "  ", "sì", "no", "M5C2 I2.1", "m2", "1.234,56", "€ 3.500,00", "2.000", "01/02/2024",
                     "31/02/2024", "2024-13-01", "NGP-01", "C31B21004560006", "Ammessa e finanziata", "x",
                     "=1+1", "\x00\x01", "\ud800", "COMUNE-PO", "Comune di Prato", "-5", "1e400"]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(2 ** 70), max_value=2 ** 70),
    st.booleans(),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)),
    st.times(),
)


@st.composite
def uploads(draw):
    """One to three sheets of a random table, with known and junk headers and random rows."""
    sheets = []
    for table in draw(st.lists(st.sampled_from(TABLES), min_size=1, max_size=3, unique_by=lambda t: t.name)):
        names = draw(st.lists(st.sampled_from(table.names), min_size=1, unique=True))
        width = len(names) + draw(st.integers(0, 2))
        rows = draw(st.lists(st.lists(CELLS, min_size=width, max_size=width), max_size=8))
        columns = {name: i for i, name in enumerate(names)}
        sheets.append(RawSheet("prova.xlsx", table.sheet, table.name, columns,
                               {n: table.column(n).it for n in names}, rows, list(range(2, 2 + len(rows)))))
    return RawUpload(sheets=sheets)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(uploads())
def test_validation_never_raises(upload):
    checked = validate(upload, {})
    for problem in checked.problems:
        assert problem.message and problem.severity in ("errore", "avviso", "info")
        assert "Traceback" not in problem.message


_DB_DIR = Path(tempfile.mkdtemp(prefix="ngp_prop_"))


@pytest.fixture(scope="module")
def store():
    s = Store(_DB_DIR / "prop.duckdb")
    yield s
    s.close()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(upload=uploads())
def test_whatever_validation_accepts_the_store_commits(store, upload):
    """Accepted frames always fit the database (types, ranges): a commit fails only with our own error."""
    checked = validate(upload, store.tables(store.active_version()) if store.active_version() else {})
    if not checked.ok:
        with pytest.raises(UploadRejected):
            raise UploadRejected(checked.problems)
        return
    try:
        version = store.commit(checked.frames, allow_duplicate=True)
    except StoreError as exc:                                  # never a DuckDB or pandas exception
        pytest.fail(f"validated data refused by the store: {exc}")
    for name, frame in checked.frames.items():
        assert len(store.table(name, version)) == len(frame)

"""The import's whole-column path gives what the cell-by-cell path gives, and the whole prepare is bounded.

Issue 11, items 2 and 3. The parser child sends typed columns as Arrow arrays and validation converts
each distinct value once (``ingest.columnar``); a column that mixes types goes cell by cell. Here the same
workbooks are read both ways (the child's plain rows, and its columns) and must give the same frames and
the same problems, word for word. Then the wall-clock budget of ``prepare`` (``limits.PREPARE_SECONDS``):
tested on behaviour with a shortened budget or a clock that jumps, never by waiting for it; and the memory
of a process after refused large uploads (docs/RELIABILITY.md, 11.2).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ngp_data.ingest import columnar, guard, limits, pipeline, reading
from ngp_data.ingest.cells import _CLEAN_CODE
from ngp_data.ingest.validation import validate
from tests import hostile_files as hf
from tests.builders import HEADERS, valid_rows
from tests.store_helpers import base_store, snapshot

ROOT = Path(__file__).resolve().parent.parent


# --- the same workbook, both ways --------------------------------------------------------------------------

def _both_ways(data: bytes, monkeypatch) -> tuple:
    """(problems, frames) read through the child's columns, and through its plain rows."""
    real = guard.parse_isolated
    with monkeypatch.context() as m:
        m.setattr(reading, "COLUMNS_FROM_BYTES", 0)
        fast = validate(reading.read_files([("prova.xlsx", data)]), {})
    with monkeypatch.context() as m:
        m.setattr(guard, "parse_isolated", lambda d, f, **kw: real(d, f, **{**kw, "columns": False}))
        slow = validate(reading.read_files([("prova.xlsx", data)]), {})
    return fast, slow


def _records(frames: dict) -> dict:
    return {name: frame.astype(object).where(frame.notna(), None).to_dict("records") for name, frame in frames.items()}


def _assert_same(fast, slow) -> None:
    assert [str(p) for p in fast.problems] == [str(p) for p in slow.problems]
    assert _records(fast.frames) == _records(slow.frames)
    for name, frame in fast.frames.items():
        assert list(frame.dtypes) == list(slow.frames[name].dtypes), name


def _requests(rows: list[list], title: bool = False) -> dict[str, list[list]]:
    sheets = valid_rows()
    del sheets["Esiti"]
    sheets["Candidature"] = ([["Candidature del 2026"], []] if title else []) + [HEADERS["Candidature"]] + rows
    return sheets


TYPED = [   # every column one type: the whole-column path (with bad values of that type among them)
    [f"C-{i:03d}", "NGP-01" if i % 3 else "NGP-02", "B-FARO" if i % 2 else "B-RIG",
     ["ALIA", "COMUNE-PO", "Alia Servizi Ambientali", "NESSUNO", "alia"][i % 5],
     [date(2022, 3, 1), date(1980, 1, 1), datetime(2022, 2, 1, 10, 30), date(2023, 1, 9)][i % 4],
     [18_000.0, 1.234, -5.0, 1e16, 0.1 + 0.2, 2_500_000.0, 1234.567][i % 7],
     None if i % 4 else 700.0]
    for i in range(60)
] + [["C-001", "NGP-01", "B-FARO", "ALIA", date(2022, 3, 1), 1.0, None],     # a duplicate key
     ["c 061", "NGP-99", "B-ZZZ", "PIN", date(2022, 3, 1), 10.0, None],      # a code cleaned, unknown refs
     [None, None, None, None, None, None, None],                              # a blank row
     ["   ", None, "  ", None, None, None, None],                              # a row of spaces
     ["C-١٢", "NGP-01", "B-FARO", "PIN", date(2022, 3, 1), 10.0, None]]       # a digit other than 0-9
AS_TEXT = [  # every cell text: the Italian parsers, each distinct text once
    [f"C-{i:03d}", "NGP-01", "B-FARO", "ALIA", ["01/02/2022", "31/02/2022", "2022-03-01", "ieri"][i % 4],
     ["1.234", "1.234,567", "€ 3.500", "abc", "1234.5", "-2", "１２"][i % 7], ["", " ", "10"][i % 3]]
    for i in range(40)
]
MIXED = [    # a typed 1.234 and a text "1.234" in one column: a number, and 1234 by the Italian rule
    [f"C-{i:03d}", "NGP-01", "B-FARO", "ALIA", date(2022, 3, 1) if i % 2 else "01/03/2022",
     1.234 if i % 2 else "1.234", 5 if i % 3 else "5,5"]
    for i in range(30)
]


@pytest.mark.parametrize("rows, title", [(TYPED, False), (TYPED, True), (AS_TEXT, False), (MIXED, False)],
                         ids=["typed", "typed-under-a-title", "as-text", "mixed"])
def test_the_whole_column_path_gives_what_the_cell_by_cell_path_gives(rows, title, monkeypatch):
    fast, slow = _both_ways(hf.xlsx_bytes(_requests(rows, title)), monkeypatch)
    _assert_same(fast, slow)
    assert fast.errors or rows is MIXED                         # the bad values are found, the same way


def test_typed_numbers_and_italian_text_in_one_column_are_never_confused(monkeypatch):
    fast, slow = _both_ways(hf.xlsx_bytes(_requests(MIXED)), monkeypatch)
    _assert_same(fast, slow)
    amounts = list(fast.frames["requests"]["amount_requested"])
    assert amounts[0::2] == [1234.0] * 15                       # the text "1.234": Italian thousands
    assert amounts[1::2] == [1.23] * 15                         # the typed 1.234: a number, to the cent


def test_the_child_sends_uniform_columns_as_arrow_and_mixed_ones_as_cells():
    data = hf.xlsx_bytes(_requests(MIXED + TYPED[:30]))
    sheet = next(s for s in guard.parse_isolated(data, guard.XLSX, columns=True) if s["name"] == "Candidature")
    cols = sheet["columns"]
    assert len(cols["head"]) == 20 and cols["body_rows"] == 41
    kinds = {j: (str(v.type) if columnar.is_array(v) else "cells") for j, v in enumerate(cols["data"])}
    assert kinds == {0: "string", 1: "string", 2: "string", 3: "string", 4: "cells", 5: "cells", 6: "cells"}


def test_only_large_uploads_take_the_whole_column_path(monkeypatch):
    calls = []
    real = guard.parse_isolated
    monkeypatch.setattr(guard, "parse_isolated", lambda d, f, **kw: calls.append(kw["columns"]) or real(d, f, **kw))
    reading.read_files([("piccolo.xlsx", hf.xlsx_bytes(_requests(TYPED)))])
    data = hf.xlsx_bytes(_requests(TYPED))
    monkeypatch.setattr(reading, "COLUMNS_FROM_BYTES", len(data))
    reading.read_files([("grande.xlsx", data)])
    assert calls == [False, True]


def test_a_column_with_invisible_characters_goes_cell_by_cell_with_its_warning(monkeypatch):
    rows = [[f"C-{i:03d}", "NGP-01", "B-FARO", "ALIA\u200b" if i == 30 else "ALIA", date(2022, 3, 1), 10.0, None]
            for i in range(40)]
    fast, slow = _both_ways(hf.xlsx_bytes(_requests(rows)), monkeypatch)
    _assert_same(fast, slow)
    assert any("U+200B" in str(p) and "riga 32" in str(p) for p in fast.problems)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("AZaz09._/- \n\t\u00c0١"), max_size=8))
def test_the_arrow_pattern_for_clean_codes_is_the_python_one(text):
    import pyarrow as pa
    import pyarrow.compute as pc

    arrow = pc.match_substring_regex(pa.array([text]), columnar._CLEAN_CODE_RE)[0].as_py()
    assert arrow == bool(_CLEAN_CODE.fullmatch(text))


# --- the whole prepare's budget ---------------------------------------------------------------------------

@pytest.fixture
def store(tmp_path):
    s = base_store(tmp_path / "t.duckdb")
    yield s
    s.close()


def _refused_for_time(store, prepared) -> None:
    message = limits.OverBudget().args[0]
    assert f"{limits.PREPARE_SECONDS} secondi" in message and "nulla è stato salvato" in message
    assert [str(p) for p in prepared.problems] == [f"grande.xlsx: {message}"]
    assert not prepared.ok and prepared.changes == {}
    with pytest.raises(pipeline.UploadRejected):
        pipeline.commit(prepared, store)


def test_a_prepare_past_its_budget_is_refused_naming_the_limit_and_writes_nothing(store, monkeypatch):
    before = snapshot(store)
    monkeypatch.setattr(limits, "PREPARE_SECONDS", 0)
    prepared = pipeline.prepare([("grande.xlsx", hf.xlsx_bytes())], store)
    _refused_for_time(store, prepared)
    assert "0 secondi" in str(prepared.problems[0])
    assert snapshot(store) == before


def test_the_budget_also_stops_validation_and_the_diff(store, monkeypatch):
    """The clock jumps past the budget once the file is read: validation stops at its next check."""
    before = snapshot(store)
    now = [0.0]
    monkeypatch.setattr(limits, "clock", lambda: now[0])
    real = guard.parse_isolated

    def parse_then_jump(data, fmt, **kwargs):
        sheets = real(data, fmt, **kwargs)
        now[0] += limits.PREPARE_SECONDS + 1
        return sheets
    monkeypatch.setattr(guard, "parse_isolated", parse_then_jump)
    sheets = valid_rows()
    del sheets["Esiti"], sheets["Candidature"]
    prepared = pipeline.prepare([("grande.xlsx", hf.xlsx_bytes(sheets))], store)
    _refused_for_time(store, prepared)
    assert snapshot(store) == before


def test_the_parser_child_gets_only_what_is_left_of_the_budget(store, monkeypatch):
    before = snapshot(store)
    now = [0.0]
    monkeypatch.setattr(limits, "clock", lambda: now[0])
    real_run = subprocess.run
    timeouts = []

    def run(cmd, **kwargs):
        timeouts.append(kwargs["timeout"])
        if "parse_child" in " ".join(cmd):
            raise subprocess.TimeoutExpired(cmd, kwargs["timeout"])
        return real_run(cmd, **kwargs)
    monkeypatch.setattr(guard.subprocess, "run", run)
    real_preflight = guard.preflight

    def slow_preflight(data, fmt):
        result = real_preflight(data, fmt)
        now[0] += limits.PREPARE_SECONDS - 5            # the pre-flight took all but 5 s of the budget
        return result
    monkeypatch.setattr(guard, "preflight", slow_preflight)
    prepared = pipeline.prepare([("grande.xlsx", hf.xlsx_bytes())], store)
    assert timeouts == [pytest.approx(5)]
    _refused_for_time(store, prepared)
    assert snapshot(store) == before


def test_without_the_budget_reached_the_child_keeps_its_own_timeout_and_message(store, monkeypatch):
    def run(cmd, **kwargs):
        raise subprocess.TimeoutExpired(cmd, kwargs["timeout"])
    monkeypatch.setattr(guard.subprocess, "run", run)
    prepared = pipeline.prepare([("lento.xlsx", hf.xlsx_bytes())], store)
    assert [str(p) for p in prepared.problems] == [
        f"lento.xlsx: la lettura ha superato {limits.PARSE_TIMEOUT_S} secondi: il file è troppo grande o danneggiato."]


def test_the_budget_is_per_prepare_and_per_thread():
    assert limits.remaining() == float("inf")
    with limits.budget():
        assert 0 < limits.remaining() <= limits.PREPARE_SECONDS
        import threading
        seen = []
        t = threading.Thread(target=lambda: seen.append(limits.remaining()))
        t.start()
        t.join()
        assert seen == [float("inf")]                   # another session's thread has its own (none)
    assert limits.remaining() == float("inf")


# --- memory after refused uploads --------------------------------------------------------------------------

_RSS = """
import gc, json, sys
from pathlib import Path
from ngp_data.ingest import pipeline
from tests.store_helpers import base_store

def rss():
    return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmRSS:")) / 1024

folder = Path(sys.argv[1])
store = base_store(folder / "t.duckdb")
files = {name: (folder / name).read_bytes() for name in ("partner.csv", "ripetuta.ods", "candidature.xlsx")}
pipeline.prepare([("progetti.csv", b"ID progetto;Titolo\\nX;Y\\n")], store)   # libraries loaded, as on the page
gc.collect()
out = {"before": rss(), "after": []}
for _ in range(3):
    for name, data in files.items():
        prepared = pipeline.prepare([(name, data)], store)
        assert not prepared.ok, name
        out.setdefault("problems", {})[name] = len(prepared.problems)
        del prepared
    gc.collect()
    out["after"].append(rss())
print(json.dumps(out))
"""


def test_the_memory_of_the_process_returns_after_refused_large_uploads(tmp_path):
    """What the Dati page's server keeps after refusing large uploads (issue 11, item 4): a CSV of 19 MB of
    newlines (refused while read), an .ods repeating one row a million times (refused by the pre-flight) and
    50,000 applications on unknown calls (read whole, every row refused): three rounds of the three."""
    if not Path("/proc/self/status").exists():
        pytest.skip("needs /proc/self/status (Linux)")
    from bench.bench_import import write_candidature
    from tests.test_adversarial import ods_bytes, ods_rows

    (tmp_path / "partner.csv").write_bytes(b"ID partner;Nome\n" + b"\n" * (19 * 1024 * 1024))
    (tmp_path / "ripetuta.ods").write_bytes(ods_bytes(
        {"Partner": ods_rows(hf.partner_rows()[:1]) + ods_rows([["P1", "Nome", "impresa", "no"]], 1_000_000)}))
    write_candidature(tmp_path / "candidature.xlsx", 50_000)
    proc = subprocess.run([sys.executable, "-c", _RSS, str(tmp_path)], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    print(out)
    assert out["problems"]["candidature.xlsx"] > 50_000
    # Generous: what the refusals leave behind is bounded, and repeating them does not add up.
    assert out["after"][-1] - out["before"] < 150, out
    assert out["after"][-1] - out["after"][0] < 40, out


def test_frames_keep_their_types_on_the_whole_column_path(monkeypatch):
    """Numeric kinds float64, the others object with None (what the store and the diff expect)."""
    monkeypatch.setattr(reading, "COLUMNS_FROM_BYTES", 0)
    fast = validate(reading.read_files([("prova.xlsx", hf.xlsx_bytes(_requests(TYPED[:40])))]), {})
    frame = fast.frames["requests"]
    assert str(frame["amount_requested"].dtype) == "float64"
    assert frame["cofinancing"].isna().sum() == 30
    assert all(v is None or isinstance(v, date) for v in frame["submitted_on"])
    assert isinstance(frame, pd.DataFrame)

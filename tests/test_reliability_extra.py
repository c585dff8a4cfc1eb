"""The RELIABILITY.md §7 cases not covered elsewhere: 8 (a legitimate 200k-row sheet), 17 (a reader
panic inside the child), 22 (a two-row header)."""

from __future__ import annotations

import io
import pickle
import sys
import time

import openpyxl
import pytest
import xlsxwriter

from ngp_data.ingest import guard, parse_child
from ngp_data.ingest.pipeline import commit, prepare
from ngp_data.schema import REQUESTS
from ngp_data.store import Store
from tests.builders import valid_rows, workbook_bytes


@pytest.mark.slow
def test_08_a_legitimate_200k_row_sheet_is_accepted(tmp_path):
    store = Store(tmp_path / "big.duckdb")
    base = valid_rows()
    del base["Candidature"], base["Esiti"]
    commit(prepare([("base.xlsx", workbook_bytes(base))], store), store)
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": True})
    ws = wb.add_worksheet("Candidature")
    ws.write_row(0, 0, [c.it for c in REQUESTS.columns] + ["Note 1", "Note 2", "Note 3"])
    n = guard.MAX_ROWS
    for i in range(n):
        ws.write_row(i + 1, 0, [f"C-{i:06d}", "NGP-01", "B-FARO", "ALIA", "10/03/2022", 1000.0 + i, None,
                                "a", "b", "c"])
    wb.close()
    started = time.monotonic()
    prepared = prepare([("grande.xlsx", buffer.getvalue())], store)
    assert prepared.ok, [str(p) for p in prepared.problems if p.is_error][:3]
    version = commit(prepared, store)
    elapsed = time.monotonic() - started
    assert store.version(version).counts["requests"] == n
    assert elapsed < 60, f"{n} rows took {elapsed:.1f} s"
    print(f"{n} rows × 10 columns imported in {elapsed:.1f} s")
    store.close()


class PanicException(BaseException):
    """What pyo3 raises for a Rust panic: a BaseException, which `except Exception` would miss."""


def test_17_a_reader_panic_in_the_child_becomes_a_message(monkeypatch, capsysbinary):
    def panic(data):
        raise PanicException("called `Option::unwrap()` on a `None` value")

    monkeypatch.setattr(parse_child, "parse", panic)
    limits = []                        # the child's memory cap must not land on the test process itself
    monkeypatch.setattr(parse_child.resource, "setrlimit", lambda *args: limits.append(args))
    monkeypatch.setattr(sys, "argv", ["parse_child", "xlsx", str(4 * 1024 ** 3)])
    monkeypatch.setattr(sys, "stdin", type("In", (), {"buffer": io.BytesIO(b"PK\x03\x04")})())
    assert parse_child.main() == 0
    answer = pickle.loads(capsysbinary.readouterr().out)
    assert limits and limits[0][0] == parse_child.resource.RLIMIT_AS
    assert answer == {"error": "il file è danneggiato o non valido e non può essere letto.",
                      "exception": "PanicException"}


def test_22_a_two_row_header_with_merged_cells(tmp_path):
    """`Finanziamento` merged over `richiesto | concesso`: the second row holds known aliases, so the
    header is found there; the merged title row above is skipped like any title."""
    rows = valid_rows()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Candidature"
    ws.append(["", "", "", "", "", "Finanziamento", ""])
    ws.merge_cells("F1:G1")
    ws.append(["ID candidatura", "ID progetto", "ID bando", "Proponente", "Data presentazione", "richiesto",
               "Cofinanziamento"])
    for row in rows["Candidature"][1:]:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    store = Store(tmp_path / "h.duckdb")
    commit(prepare([("base.xlsx", workbook_bytes(valid_rows()))], store), store)
    prepared = prepare([("due_righe.xlsx", buffer.getvalue())], store)
    assert prepared.ok, [str(p) for p in prepared.problems]
    assert prepared.checked.frames["requests"]["amount_requested"].tolist() == [18_000_000.0, 5_000_000.0]
    store.close()

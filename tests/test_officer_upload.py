"""Issue 17, items 2 and 3, on the data side: a filtered export recognised on upload (and refused by the command
line without --replace-all), the removals to confirm by name, a CSV recognised by its name or its headers.

Expected figures are computed here from the demo tables with pandas, not read from the code under test.
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from ngp_data.__main__ import main
from ngp_data.analytics.queries import Filters
from ngp_data.ingest import exported, pipeline, preview
from ngp_data.ingest.reading import read_files, table_by_name
from ngp_data.output import export_workbook
from ngp_data.output.export import FILTERS_SHEETS
from ngp_data.store import open_store
from tests.store_helpers import copy_of, demo_database

EXIT_OK, EXIT_REJECTED = 0, 1
DEMO_XLSX = Path(__file__).resolve().parents[1] / "data" / "ngp_demo.xlsx"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    return demo_database(tmp_path_factory.mktemp("officer"))


@pytest.fixture
def db(pristine, tmp_path) -> Path:
    return copy_of(pristine, tmp_path)


def export_bytes(db: Path, filters: Filters) -> bytes:
    store = open_store(db)
    buffer = io.BytesIO()
    export_workbook(store, store.version(store.active_version()), filters, buffer)
    return buffer.getvalue()


def m2_expected(db: Path) -> dict[str, set[str]]:
    """The cards outside M2 and the applications of those cards: what an M2 export would remove."""
    store = open_store(db)
    projects, requests = store.table("projects"), store.table("requests")
    lost_cards = set(projects.loc[projects["mission"] != "M2", "project_id"])
    lost_requests = set(requests.loc[requests["project_id"].isin(lost_cards), "request_id"])
    return {"projects": lost_cards, "requests": lost_requests}


# --- item 2: a filtered export uploaded back --------------------------------------------------------------

def test_the_filters_sheet_names_are_the_exports():
    assert exported.FILTERS_SHEETS == FILTERS_SHEETS


def test_a_filtered_export_is_recognised_and_its_removals_named(db):
    data = export_bytes(db, Filters(missions=("M2",)))
    prepared = pipeline.prepare([("m2.xlsx", data)], open_store(db))
    assert prepared.ok
    assert [f.file for f in prepared.filtered] == ["m2.xlsx"]
    assert prepared.filtered[0].describe() == "Missione: M2 · Rivoluzione verde e transizione ecologica"
    expected = m2_expected(db)
    found = {r.table: r for r in preview.removals_to_confirm(prepared)}
    assert {key for key, _ in found["projects"].rows} == expected["projects"]
    assert {key for key, _ in found["requests"].rows} == expected["requests"]
    titles = dict(open_store(db).table("projects")[["project_id", "title"]].itertuples(index=False))
    some = sorted(expected["projects"])[0]
    assert f"{some} «{titles[some]}»" in found["projects"].lines()


def test_an_export_without_filters_is_not_flagged(db):
    prepared = pipeline.prepare([("tutto.xlsx", export_bytes(db, Filters()))], open_store(db))
    assert prepared.ok and prepared.filtered == []
    assert preview.removals_to_confirm(prepared) == []


def test_a_few_removals_need_no_tick_more_do(db):
    store = open_store(db)
    outcomes = store.table("outcomes")

    def without(n: int) -> pipeline.Prepared:
        """The demo workbook (the active data) with the first ``n`` outcomes deleted."""
        wb = openpyxl.load_workbook(DEMO_XLSX)
        keys = set(outcomes["request_id"].iloc[:n])
        ws = wb["Esiti"]
        for row in sorted((c.row for c in ws["A"] if c.value in keys), reverse=True):
            ws.delete_rows(row)
        buffer = io.BytesIO()
        wb.save(buffer)
        return pipeline.prepare([("ngp.xlsx", buffer.getvalue())], store)

    limit = preview.REMOVALS_WITHOUT_CONFIRM
    few = without(limit)
    assert [len(r.rows) for r in preview.removals(few)] == [limit]
    assert preview.removals_to_confirm(few) == []
    more = without(limit + 1)
    assert [set(k for k, _ in r.rows) for r in preview.removals_to_confirm(more)] == [
        set(outcomes["request_id"].iloc[:limit + 1])]


def test_the_command_line_refuses_a_filtered_export_without_replace_all(db, tmp_path, capsys):
    path = tmp_path / "m2.xlsx"
    path.write_bytes(export_bytes(db, Filters(missions=("M2",))))
    before, expected = len(open_store(db).versions()), m2_expected(db)
    assert main(["import", str(path), "--db", str(db)]) == EXIT_REJECTED
    err = capsys.readouterr().err
    assert "m2.xlsx è un'esportazione filtrata (Missione: M2" in err and "--replace-all" in err
    assert len(open_store(db).versions()) == before

    assert main(["import", str(path), "--db", str(db), "--replace-all"]) == EXIT_OK
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("tolte da Progetti"))
    assert line.startswith(f"tolte da Progetti ({len(expected['projects'])}): ")
    assert all(card in line for card in expected["projects"])
    assert len(open_store(db).versions()) == before + 1


# --- item 3: a CSV recognised by its name or its headers -----------------------------------------------------

@pytest.mark.parametrize(("stem", "table"), [
    ("Candidature (1)", "requests"), ("candidature_cp1252", "requests"), ("CANDIDATURE", "requests"),
    ("Copia di esiti", "outcomes"), ("Partner progetto - Copia", "project_partners"),
    ("project_partners", "project_partners"), ("esiti_2026_finale", "outcomes"), ("Più bandi", None),
    ("dati", None),
])
def test_a_csv_name_says_its_sheet(stem, table):
    assert table_by_name(stem) == table


CANDIDATURE = "ID candidatura;ID progetto;ID bando;Proponente;Data presentazione;Importo richiesto (€);" \
              "Cofinanziamento (€)\nC-900;NGP-01;B-01;COMUNE-PO;01/02/2026;1.234,50;\n"


def test_a_csv_is_recognised_by_its_headers():
    upload = read_files([("export dal gestionale.csv", CANDIDATURE.encode("cp1252"))])
    assert [s.table for s in upload.sheets] == ["requests"]
    assert any("riconosciuto dalle intestazioni" in p.message for p in upload.problems)
    assert not any(p.is_error for p in upload.problems)


def test_a_cp1252_csv_named_with_a_suffix_is_read():
    upload = read_files([("candidature_cp1252.csv", "Proponente;ID candidatura\nCittà;C-1\n".encode("cp1252"))])
    assert [s.table for s in upload.sheets] == ["requests"]
    assert upload.sheets[0].rows == [["Città", "C-1"]]


def test_an_ambiguous_csv_names_the_candidates():
    upload = read_files([("dati.csv", b"ID candidatura;Note\nC-1;x\n")])
    assert not upload.sheets
    [error] = [p for p in upload.problems if p.is_error]
    assert "Candidature o Esiti" in error.message and error.file == "dati.csv"


def test_a_csv_with_neither_name_nor_headers_is_refused():
    upload = read_files([("dati.csv", b"a;b\n1;2\n")])
    [error] = [p for p in upload.problems if p.is_error]
    assert "né il nome del file né le intestazioni" in error.message

"""The exports as a user receives them: read back with openpyxl (and LibreOffice), never trusted blind.

Covers the Esporta workbook (filtered tables, summaries, "Filtri" sheet; Italian and English; re-upload),
the on-screen table export (``write_view``), the safety rules of RELIABILITY.md cases 39, 41 and 42
(formula triggers, control characters, too many rows) and the command line's export.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import subprocess
import zipfile

import openpyxl
import pandas as pd
import pytest

from ngp_data import kinds, output
from ngp_data.__main__ import main as cli_main
from ngp_data.analytics import queries
from ngp_data.analytics.queries import Filters
from ngp_data.demo import load_demo
from ngp_data.ingest.cells import clean_text as import_clean_text
from ngp_data.ingest.pipeline import prepare
from ngp_data.output import export
from ngp_data.schema import AMOUNT, AUXILIARY_SHEETS, DATE, TABLE_BY_NAME, TABLES
from ngp_data.store import Store, close_store, open_store
from tests import hostile_files as hf
from tests.conftest import skip_or_fail

SUMMARY_IT = ["Riepilogo missioni", "Riepilogo partner"]
TABLE_SHEETS_IT = [t.sheet for t in TABLES]
# RELIABILITY.md case 39, plus XlsxWriter's own rich-string marker (see the formula-injection test below).
HOSTILE = ["=1+1", "+1", "-1", "@SUM(1)", "\t=1", "\r=1", '=HYPERLINK("http://x")', "{=A1}", "http://x"]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
RICH_MARKER = ['<r><t>x</t></r></is></c><c r="B1"><f>HYPERLINK("http://evil.example","clic")</f>'
               '<v>clic</v></c><c r="C1" t="inlineStr"><is><r><t>y</t></r>', "<r>x</r>"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo database (three versions), opened as the command line opens it."""
    path = tmp_path_factory.mktemp("export") / "demo.duckdb"
    store = open_store(path)
    load_demo(store)
    yield store, path
    close_store(path)


def export_bytes(store, filters: Filters, lang: str = "it", **kw) -> bytes:
    buffer = io.BytesIO()
    output.export_workbook(store, store.version(), filters, buffer, lang, **kw)
    return buffer.getvalue()


def load(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def all_cells(wb: openpyxl.Workbook):
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            yield from row


def assert_no_formula(data: bytes) -> None:
    """No formula cell, as openpyxl sees it and in the raw XML of every sheet."""
    wb = load(data)
    assert [c.coordinate for c in all_cells(wb) if c.data_type == "f"] == []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), name


def text_of(cell) -> str | None:
    """A string cell's text as Excel, LibreOffice and calamine read it: OOXML's ``_xHHHH_`` escapes decoded
    (XlsxWriter stores CR as ``_x000D_``; openpyxl returns the escape as it is)."""
    return openpyxl.utils.escape.unescape(cell.value) if isinstance(cell.value, str) else cell.value


def header(ws) -> list:
    return [c.value for c in ws[1]]


def data_rows(ws) -> list[tuple]:
    return list(ws.iter_rows(min_row=2, values_only=True))


def filtri(wb: openpyxl.Workbook, name: str = "Filtri") -> tuple[dict, dict]:
    """The "Filtri" sheet as ({label: value}, {sheet: rows}): the rows-per-sheet block comes last."""
    info, counts, target = {}, {}, None
    for label, value in wb[name].iter_rows(values_only=True, max_col=2):
        if label in ("Foglio", "Sheet"):
            target = counts
        elif label is not None and target is counts and value is None:
            info["nota"] = label                             # the re-upload note under the counts
        elif label is not None:
            (info if target is None else target)[label] = value
    return info, counts


# --- the Esporta workbook ------------------------------------------------------------------------------------

def test_export_workbook_sheets_headers_and_rows_equal_the_filtered_query(demo):
    store, _ = demo
    f = Filters(missions=("M2",))
    vid = store.active_version()
    wb = load(export_bytes(store, f))
    assert wb.sheetnames == [*TABLE_SHEETS_IT, *SUMMARY_IT, "Filtri"]
    assert wb.active.title == "Partner"
    expected = queries.filtered_tables(store, vid, f)
    assert 0 < len(expected["projects"]) < len(store.table("projects", vid))
    for table in TABLES:
        ws = wb[table.sheet]
        assert header(ws) == [c.it for c in table.columns], table.sheet
        rows = data_rows(ws)
        assert len(rows) == len(expected[table.name]), table.sheet           # no totals row on table sheets
        keys = [table.names.index(k) for k in table.key]
        assert [tuple(r[i] for i in keys) for r in rows] == \
            list(expected[table.name][list(table.key)].itertuples(index=False, name=None))
        assert ws.freeze_panes == "A2" and ws["A1"].font.b
        assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(table.columns))}{len(rows) + 1}"
    assert {r[2] for r in data_rows(wb["Progetti"])} == {"M2"}


def test_summaries_have_totals_percentages_and_match_the_queries(demo):
    store, _ = demo
    f = Filters(missions=("M2", "M5"))
    vid = store.active_version()
    wb = load(export_bytes(store, f))
    missions = queries.by_mission(store, vid, f)
    ws = wb["Riepilogo missioni"]
    assert header(ws) == ["Missione", "Nome della missione", "Schede", "Candidature", "Finanziate", "Budget",
                          "Richiesto", "Concesso", "Concesso sul budget"]
    rows = data_rows(ws)
    assert [r[0] for r in rows] == [*missions["mission"], "Totale"]
    total = rows[-1]
    assert total[5] == pytest.approx(missions["budget"].sum())
    assert total[7] == pytest.approx(missions["granted"].sum())
    assert total[2] == missions["n_cards"].sum() and total[8] is None
    last = ws.max_row
    assert ws.cell(last, 1).font.b and ws.cell(last, 6).font.b
    assert "€" in ws.cell(last, 6).number_format
    assert ws.cell(2, 9).number_format == "0.0%"
    assert ws.cell(2, 9).value == pytest.approx(missions["granted"][0] / missions["budget"][0])
    assert ws.auto_filter.ref == f"A1:I{last - 1}"                      # the totals row is not filtered

    ws = wb["Riepilogo partner"]
    ids = [r[0] for r in data_rows(ws)][:-1]
    assert set(ids) == set(queries.filtered_tables(store, vid, f)["partners"]["partner_id"])
    assert data_rows(ws)[-1][0] == "Totale"
    success = header(ws).index("Tasso di successo") + 1
    assert ws.cell(2, success).number_format == "0.0%"


def test_amounts_and_dates_are_typed_and_formatted(demo):
    store, _ = demo
    wb = load(export_bytes(store, Filters()))
    checked = 0
    for table in TABLES:
        ws = wb[table.sheet]
        for i, col in enumerate(table.columns, start=1):
            if col.kind not in (AMOUNT, DATE):
                continue
            cells = [ws.cell(r, i) for r in range(2, ws.max_row + 1) if ws.cell(r, i).value is not None]
            assert cells, (table.sheet, col.it)
            for cell in cells:
                if col.kind == AMOUNT:
                    assert cell.data_type == "n" and isinstance(cell.value, (int, float))
                    assert cell.number_format == kinds.AMOUNT_FORMAT
                else:
                    assert isinstance(cell.value, dt.datetime) and cell.value.time() == dt.time(0)
                    assert cell.number_format == "dd/mm/yyyy"
                checked += 1
    assert checked > 100
    budget = wb["Progetti"]
    assert budget.column_dimensions["G"].width > len("Budget totale")   # widths fitted to the content


def test_filtri_sheet_records_filters_version_author_counts_and_demo(demo):
    store, _ = demo
    f = Filters(missions=("M2",), partners=("ALIA",), date_from=dt.date(2022, 1, 1))
    at = dt.datetime(2026, 11, 23, 10, 30)
    buffer = io.BytesIO()
    counts = output.export_workbook(store, store.version(), f, buffer, exported_by="anna@comune.prato.it")
    wb = load(buffer.getvalue())
    info, rows = filtri(wb)
    assert info["Missione"] == "M2 · Rivoluzione verde e transizione ecologica"
    assert info["Partner"] == "ALIA · Alia Servizi Ambientali spa"
    for label in ("Componente", "Stato della scheda", "Bando", "Esito", "Presentate al"):
        assert info[label] == "nessuno", label
    assert info["Presentate dal"] == dt.datetime(2022, 1, 1)
    v = store.version()
    assert info["Versione dei dati"] == v.version_id
    assert info["Versione del"] == v.created_at.replace(microsecond=0)
    assert info["Caricata da"] == v.author and info["Commento della versione"] == v.comment
    assert info["Dati dimostrativi"].startswith("sì: dati dimostrativi")
    assert info["Esportato da"] == "anna@comune.prato.it"
    assert isinstance(info["Esportato il"], dt.datetime)
    assert rows == counts and list(counts) == [*TABLE_SHEETS_IT, *SUMMARY_IT]
    for sheet, n in counts.items():
        assert n == len(data_rows(wb[sheet])) - (sheet in SUMMARY_IT)        # summaries: + the totals row

    fixed = output.ExportInfo(Filters(), v, exported_at=at)
    buffer = io.BytesIO()
    output.write_export(output.collect_export(store, v.version_id), buffer, info=fixed)
    info, _ = filtri(load(buffer.getvalue()))
    assert info["Esportato da"] == "locale" and info["Esportato il"] == at
    assert info["Missione"] == "nessuno" and info["Presentate dal"] == "nessuno"


def test_a_real_import_is_not_marked_demo_and_empty_filters_say_nessuno(tmp_path):
    store = Store(tmp_path / "real.duckdb")
    try:
        vid = store.commit({"partners": pd.DataFrame({"partner_id": ["P1"], "name": ["Uno"]})},
                           author="ufficio", comment="prima")
        buffer = io.BytesIO()
        output.export_workbook(store, store.version(vid), Filters(), buffer)
    finally:
        store.close()
    info, counts = filtri(load(buffer.getvalue()))
    assert info["Dati dimostrativi"] == "no" and info["Caricata da"] == "ufficio"
    assert counts["Partner"] == 1 and counts["Progetti"] == 0


@pytest.mark.parametrize("lang", ["it", "en"])
def test_the_export_reuploads_with_no_change_in_both_languages(demo, tmp_path, lang):
    """Summary and Filtri sheets are skipped silently; English headers, labels and yes/no read back."""
    store, _ = demo
    f = Filters(missions=("M5",))
    data = export_bytes(store, f, lang)
    wb = load(data)
    if lang == "en":
        assert wb.sheetnames == [t.en for t in TABLES] + ["Missions summary", "Partners summary", "Filters"]
        assert header(wb["Applications"]) == [c.en for c in TABLE_BY_NAME["requests"].columns]
        assert filtri(wb, "Filters")[0]["Mission"] == "M5 · Inclusion and cohesion"
    for name in wb.sheetnames[len(TABLES):]:
        assert name in AUXILIARY_SHEETS
    expected = queries.filtered_tables(store, store.active_version(), f)
    other = Store(tmp_path / f"reupload_{lang}.duckdb")
    try:
        prepared = prepare([(f"export_{lang}.xlsx", data)], other)
    finally:
        other.close()
    assert prepared.ok, [str(p) for p in prepared.problems if p.is_error]
    assert [str(p) for p in prepared.problems if p.severity == "avviso"] == []
    for name, frame in expected.items():
        assert prepared.checked.frames[name].equals(frame.reset_index(drop=True)), name


# --- safety: RELIABILITY.md cases 39 and 41 ---------------------------------------------------------------------

def hostile_frames(values: list[str]) -> dict[str, pd.DataFrame]:
    n = len(values)
    values = pd.Series(values, dtype=object)        # object: pandas' string dtype refuses lone surrogates
    partners = pd.DataFrame({"partner_id": [f"P{i:02d}" for i in range(n)], "name": values,
                             "kind": [None] * n, "signatory": [None] * n})
    projects = pd.DataFrame({"project_id": [f"NGP-{i:02d}" for i in range(n)], "title": values,
                             "mission": ["M1"] * n, "lead_partner": [f"P{i:02d}" for i in range(n)],
                             "budget_total": [1000.0] * n, "description": values})
    return {"partners": partners, "projects": projects}


@pytest.mark.parametrize("constant_memory", [False, True])
def test_formula_triggers_stay_text_identical_and_quote_prefixed(constant_memory):
    values = HOSTILE + RICH_MARKER
    frames = hostile_frames(values)
    outputs = []
    buffer = io.BytesIO()
    output.write_tables(frames, buffer, constant_memory=constant_memory,
                        info=output.ExportInfo(exported_by="=cmd|' /C calc'!A0"))
    outputs.append(buffer.getvalue())
    view = pd.DataFrame({"t": values, "a": range(len(values))})
    buffer = io.BytesIO()
    output.write_view({"=Vista": (view, [("t", "=Testo", "text"), ("a", "-Importo", "amount")])}, buffer,
                      info=output.ExportInfo(), constant_memory=constant_memory)
    outputs.append(buffer.getvalue())
    for data in outputs:
        assert_no_formula(data)
        wb = load(data)
        ws = wb.worksheets[0]
        column = [c for c in ws[1] if c.value in ("Nome", "=Testo")][0].column
        cells = [ws.cell(r, column) for r in range(2, len(values) + 2)]
        assert [text_of(c) for c in cells] == values                         # read back identical
        for cell in cells:
            assert cell.data_type == "s", cell.value
            assert cell.hyperlink is None
            assert bool(cell.quotePrefix) == text_of(cell).startswith(TRIGGERS), repr(cell.value)
        assert ws.max_column == len(header(ws))                            # nothing injected beside them
    by = [row for row in load(outputs[0])["Filtri"].iter_rows(max_col=2) if row[0].value == "Esportato da"]
    assert by[0][1].value == "=cmd|' /C calc'!A0" and by[0][1].quotePrefix and by[0][1].data_type == "s"
    view = load(outputs[1])
    assert view.sheetnames[0] == "=Vista" and view.worksheets[0]["A1"].quotePrefix


def test_xlsxwriter_rich_string_marker_would_inject_a_formula_without_our_guard(tmp_path):
    """Why the guard exists: XlsxWriter copies "<r>…</r>" text into the XML as is (here in constant_memory
    mode that makes a live HYPERLINK formula, even with strings_to_formulas off). Ours writes the text."""
    import xlsxwriter

    path = tmp_path / "raw.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False})
    wb.add_worksheet().write_string(0, 0, RICH_MARKER[0])
    wb.close()
    assert any(c.data_type == "f" for c in all_cells(openpyxl.load_workbook(path)))   # the library's hole
    buffer = io.BytesIO()
    output.write_view({"S": (pd.DataFrame({"t": RICH_MARKER}), [("t", "T", "text")])}, buffer, constant_memory=True)
    assert_no_formula(buffer.getvalue())
    assert [c.value for c in load(buffer.getvalue()).active["A"]][1:] == RICH_MARKER


def test_hostile_text_reimports_as_the_import_would_store_it(tmp_path):
    """Export -> import gives back each string as the importer itself stores typed text (trimmed)."""
    frames = hostile_frames(HOSTILE + RICH_MARKER)
    buffer = io.BytesIO()
    output.write_tables(frames, buffer)
    store = Store(tmp_path / "h.duckdb")
    try:
        prepared = prepare([("h.xlsx", buffer.getvalue())], store)
    finally:
        store.close()
    assert prepared.ok, [str(p) for p in prepared.problems if p.is_error]
    got = prepared.checked.frames["partners"]["name"].tolist()
    assert got == [import_clean_text(v) for v in HOSTILE + RICH_MARKER]
    assert got[:4] == ["=1+1", "+1", "-1", "@SUM(1)"] and got[6:] == [*HOSTILE[6:], *RICH_MARKER]


def test_control_characters_are_removed_not_fatal():
    nasty = "a\x00b\x01c\x08d\x0be\x0cf\x1fg\ud800h\ufffei\uffff"
    frames = hostile_frames([nasty, "riga 1\nriga 2\ttab", "\x01=1+1"])
    view = pd.DataFrame({"t": pd.Series([nasty], dtype=object),
                         "d": [pd.Timestamp("2026-03-01 10:30", tz="Europe/Rome")]})
    buffer = io.BytesIO()
    output.write_tables(frames, buffer, info=output.ExportInfo(exported_by="x\x00y"))
    wb = load(buffer.getvalue())                                       # the file opens
    ws = wb["Partner"]
    assert ws["B2"].value == "abcdefghi"
    assert filtri(wb)[0]["Esportato da"] == "xy"
    buffer = io.BytesIO()
    output.write_view({"Fo\x01glio:[1]": (view, [("t", "Te\x02sto", "text"),
                                                 ("d", "Quando", kinds.DATETIME)])}, buffer)
    wb = load(buffer.getvalue())
    assert wb.sheetnames == ["Foglio--1-"]
    assert [c.value for c in wb.active[1]] == ["Testo", "Quando"]
    assert wb.active["A2"].value == "abcdefghi"
    assert wb.active["B2"].value == dt.datetime(2026, 3, 1, 10, 30)    # time zone dropped, wall clock kept
    assert wb.active["B2"].number_format == "dd/mm/yyyy hh:mm"
    assert ws["B3"].value == "riga 1\nriga 2\ttab"
    assert ws["B4"].value == "=1+1" and ws["B4"].quotePrefix and ws["B4"].data_type == "s"


# --- the on-screen table export --------------------------------------------------------------------------------

def test_view_export_keeps_order_headers_formats_and_totals(demo):
    store, _ = demo
    frame = pd.DataFrame({
        "id": ["B-1", "B-2", "B-3"], "amount": [1000.5, None, 2000.0], "rate": [0.5, None, 0.25],
        "n": [3, 4, 5], "when": [dt.date(2026, 1, 31), None, dt.date(2026, 12, 1)],
    })
    columns = [("when", "Scadenza", "date"), ("id", "ID bando", "text"), ("amount", "Dotazione", "amount"),
               ("n", "Giorni", "int"), ("rate", "Successo", "pct")]
    buffer = io.BytesIO()
    counts = output.write_view({"Scadenze": (frame, columns)}, buffer, "it",
                               info=output.ExportInfo(Filters(missions=("M2",)), store.version()))
    assert counts == {"Scadenze": 3}
    wb = load(buffer.getvalue())
    assert wb.sheetnames == ["Scadenze", "Filtri"] and wb.active.title == "Scadenze"
    ws = wb["Scadenze"]
    assert header(ws) == ["Scadenza", "ID bando", "Dotazione", "Giorni", "Successo"]
    assert ws["A2"].value == dt.datetime(2026, 1, 31) and ws["A2"].number_format == "dd/mm/yyyy"
    assert ws["C2"].number_format == kinds.AMOUNT_FORMAT and ws["C3"].value is None
    assert ws["D2"].number_format == "#,##0" and ws["E2"].number_format == "0.0%" and ws["E2"].value == 0.5
    assert [c.value for c in ws[5]] == ["Totale", None, 3000.5, None, None]   # amounts only; unknown left out
    assert ws["C5"].font.b and ws["C5"].number_format == kinds.AMOUNT_FORMAT
    assert ws.auto_filter.ref == "A1:E4" and ws.freeze_panes == "A2"
    info, rows = filtri(wb)
    assert info["Missione"].startswith("M2 ·") and rows == {"Scadenze": 3}
    assert_no_formula(buffer.getvalue())


def test_view_without_amounts_has_no_totals_row():
    buffer = io.BytesIO()
    output.write_view({"T": (pd.DataFrame({"a": ["x", "y"]}), [("a", "A", "text")])}, buffer)
    ws = load(buffer.getvalue()).active
    assert ws.max_row == 3 and ws.auto_filter.ref == "A1:A3"


# --- RELIABILITY.md case 42: more rows than a sheet holds ---------------------------------------------------

def test_too_many_rows_is_a_clear_message_and_no_file(demo, tmp_path, monkeypatch):
    store, _ = demo
    monkeypatch.setattr(export, "EXCEL_MAX_ROWS", 10)          # the real limit is 1,048,576: same code path
    target = tmp_path / "grande.xlsx"
    with pytest.raises(output.ExportTooLarge) as info:
        output.export_workbook(store, store.version(), Filters(), target)
    message = str(info.value)
    assert re.fullmatch(r"Il foglio «Partner» avrebbe \d+ righe di dati, ma in un foglio Excel ne entrano al "
                        r"massimo 9: restringi i filtri \(missione, partner, bando, date\) ed esporta di nuovo\.",
                        message), message
    assert not target.exists()
    # 9 data rows + header fill the (patched) sheet; a totals row would not fit
    frame = pd.DataFrame({"a": [1.0] * 9})
    output.write_view({"V": (frame, [("a", "A", "amount")])}, io.BytesIO(), totals=False)
    with pytest.raises(output.ExportTooLarge, match="«V» avrebbe 9 righe di dati, .* al massimo 8:"):
        output.write_view({"V": (frame, [("a", "A", "amount")])}, io.BytesIO())
    monkeypatch.setattr(export, "EXCEL_MAX_ROWS", 1_048_576)
    assert "1.048.575" in str(output.ExportTooLarge("Candidature", 2_000_000))


def test_cli_export_too_large_exits_1_with_the_message(demo, tmp_path, monkeypatch, capsys):
    store, path = demo
    monkeypatch.setattr(export, "EXCEL_MAX_ROWS", 10)
    out = tmp_path / "cli.xlsx"
    assert cli_main(["export", str(out), "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("errore: Il foglio «Partner» avrebbe ") and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []                                  # nothing written, not even a part


def test_cli_export_is_the_esporta_workbook(demo, tmp_path, capsys):
    store, path = demo
    out = tmp_path / "sub" / "m2.xlsx"
    assert cli_main(["export", str(out), "--db", str(path), "--mission", "m2", "--partner", "alia"]) == 0
    stdout = capsys.readouterr().out
    assert stdout.startswith(f"esportata la versione {store.active_version()} in {out} (Partner=")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [*TABLE_SHEETS_IT, *SUMMARY_IT, "Filtri"]
    expected = queries.filtered_tables(store, store.active_version(), Filters(missions=("M2",), partners=("ALIA",)))
    for table in TABLES:
        assert len(data_rows(wb[table.sheet])) == len(expected[table.name])
    info, _ = filtri(wb)
    assert info["Missione"].startswith("M2 ·") and info["Partner"].startswith("ALIA ·")
    assert info["Esportato da"] == "locale"
    assert [p.name for p in out.parent.iterdir()] == ["m2.xlsx"]


# --- a real spreadsheet program reads what we wrote ---------------------------------------------------------

def _amount(text: str) -> float:
    """'1.234.567,89 €' or '1,234,567.89 €' (the profile's locale) -> 1234567.89."""
    digits = re.sub(r"[^\d.,-]", "", text)
    whole, _, cents = digits[:-3], digits[-3], digits[-2:]
    return float(re.sub(r"[.,]", "", whole) + "." + cents)


def test_libreoffice_reads_the_values_we_wrote(demo, tmp_path):
    if hf.soffice() is None:
        skip_or_fail("LibreOffice (soffice) is not installed")
    store, _ = demo
    f = Filters(missions=("M2",))
    src = tmp_path / "src"
    src.mkdir()
    (src / "esporta.xlsx").write_bytes(export_bytes(store, f))
    values = HOSTILE + RICH_MARKER + ["a\x01b", "è «più» – ok €"]
    amounts = [1234567.89, None, 0.5] + [float(i) for i in range(len(values) - 3)]
    view = pd.DataFrame({"t": values, "a": amounts, "d": [dt.date(2024, 2, 29)] * len(values)})
    output.write_view({"Vista": (view, [("t", "Testo", "text"), ("a", "Importo", "amount"),
                                        ("d", "Data", "date")])}, src / "vista.xlsx")
    # every sheet of each file to its own CSV (token 12 = -1), values "as shown" (token 9), UTF-8
    fmt = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"
    out = tmp_path / "out"
    cmd = [hf.soffice(), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--norestore",
           "--convert-to", fmt, "--outdir", str(out), str(src / "esporta.xlsx"), str(src / "vista.xlsx")]
    proc = subprocess.run(cmd, capture_output=True, timeout=180)

    def read(name: str) -> list[list[str]]:
        path = out / name
        assert path.exists(), (name, proc.returncode, proc.stderr[-500:])
        with path.open(encoding="utf-8", newline="") as fh:
            return list(csv.reader(fh))

    rows = read("vista-Vista.csv")
    assert rows[0] == ["Testo", "Importo", "Data"]
    body, total = rows[1:-1], rows[-1]
    assert [r[0] for r in body] == [output.clean_text(v) for v in values]
    for r, a in zip(body, amounts, strict=True):
        assert (r[1] == "") if a is None else _amount(r[1]) == pytest.approx(a)
        assert r[2] == "29/02/2024"
    assert total[0] == "Totale" and _amount(total[1]) == pytest.approx(sum(a for a in amounts if a is not None))

    expected = queries.filtered_tables(store, store.active_version(), f)
    for table in TABLES:
        rows = read(f"esporta-{table.sheet}.csv")
        assert rows[0] == [c.it for c in table.columns]
        frame = expected[table.name]
        assert len(rows) - 1 == len(frame), table.sheet
        for got, want in zip(rows[1:], frame.itertuples(index=False), strict=True):
            for col, cell, value in zip(table.columns, got, want, strict=True):
                if value is None or (isinstance(value, float) and pd.isna(value)):
                    assert cell == "", (table.sheet, col.it)
                elif col.kind == AMOUNT:
                    assert _amount(cell) == pytest.approx(value), (table.sheet, col.it)
                elif col.kind == DATE:
                    assert cell == f"{value:%d/%m/%Y}", (table.sheet, col.it)
                elif isinstance(value, bool):
                    assert cell == ("sì" if value else "no")
                else:
                    assert cell == str(value), (table.sheet, col.it)
    summary = read("esporta-Riepilogo missioni.csv")
    assert summary[-1][0] == "Totale"
    filt = {r[0]: r[1] for r in read("esporta-Filtri.csv") if r and r[0]}
    assert filt["Missione"].startswith("M2 ·") and filt["Esportato da"] == "locale"



def test_big_exports_are_streamed_small_ones_built_in_memory(demo, monkeypatch):
    """Above STREAM_CELLS the workbook is written row by row (constant_memory: inline strings, no shared
    strings table) and still holds every row; below, it is built in memory (shared strings)."""
    store, _ = demo

    def parts(data: bytes) -> tuple[bool, bytes]:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "xl/sharedStrings.xml" in z.namelist(), z.read("xl/worksheets/sheet5.xml")

    small = export_bytes(store, Filters())
    shared, sheet = parts(small)
    assert shared and b'inlineStr' not in sheet
    monkeypatch.setattr(export, "STREAM_CELLS", 10)
    big = export_bytes(store, Filters())
    shared, sheet = parts(big)
    assert b't="inlineStr"' in sheet
    assert_no_formula(big)
    a, b = load(small), load(big)
    assert a.sheetnames == b.sheetnames
    for name in a.sheetnames:
        rows_a = [r for r in a[name].iter_rows(values_only=True) if r[0] != "Esportato il"]   # the clock moved
        rows_b = [r for r in b[name].iter_rows(values_only=True) if r[0] != "Esportato il"]
        assert rows_a == rows_b, name

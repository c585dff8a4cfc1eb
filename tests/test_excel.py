"""The formatted export and the template: read back with openpyxl, as a user's Excel would see them."""

from __future__ import annotations

import io
from datetime import date, datetime

import numpy as np
import openpyxl
import pandas as pd
import pytest

from ngp_data import output
from ngp_data.schema import (
    BOOL,
    CHOICE,
    COMPONENT,
    COMPONENTS,
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    MISSION,
    MISSIONS,
    TABLE_BY_NAME,
    TABLES,
)


def _frame(table: str, rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=TABLE_BY_NAME[table].names)


@pytest.fixture
def frames() -> dict[str, pd.DataFrame]:
    partners = _frame("partners", [
        {"partner_id": "COMUNE-PO", "name": "=1+1", "kind": "ente pubblico", "signatory": True},
        {"partner_id": "ALIA", "name": "Alia\x00 Servizi\x0b Ambientali\x1f", "kind": "impresa",
         "signatory": False},
        {"partner_id": "X", "name": "http://example.org", "kind": None, "signatory": None},
    ])
    projects = _frame("projects", [
        {"project_id": "NGP-01", "title": "Textile Hub", "mission": "M2", "component": "M2C1",
         "measure": "M2C1 I1.2 Linea D", "lead_partner": "ALIA", "budget_total": 18_700_000.5,
         "axis": "circolare", "state": "In esecuzione", "start_date": date(2022, 3, 1), "end_date": None,
         "shovel_ready": True, "cup": "C31B21004560006", "description": "riga 1\nriga 2"},
        {"project_id": "NGP-02", "title": "0123", "mission": "M5", "component": None, "measure": None,
         "lead_partner": "COMUNE-PO", "budget_total": np.nan, "axis": None, "state": None,
         "start_date": None, "end_date": None, "shovel_ready": False, "cup": None, "description": None},
    ])
    return {"projects": projects, "partners": partners}      # order on purpose: the schema's wins


def _load(frames, lang="it") -> openpyxl.Workbook:
    buffer = io.BytesIO()
    output.write_tables(frames, buffer, lang=lang)
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))


def test_sheets_and_headers_follow_the_schema(frames):
    wb = _load(frames)
    assert wb.sheetnames == ["Partner", "Progetti"]
    ws = wb["Progetti"]
    assert [c.value for c in ws[1]] == [c.it for c in TABLE_BY_NAME["projects"].columns]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:N3"
    assert ws["A1"].font.b


def test_english_sheets_headers_and_labels(frames):
    wb = _load(frames, lang="en")
    assert wb.sheetnames == ["Partners", "Projects"]
    ws = wb["Partners"]
    assert [c.value for c in ws[1]] == [c.en for c in TABLE_BY_NAME["partners"].columns]
    assert ws["C2"].value == "public body"
    assert (ws["D2"].value, ws["D3"].value) == ("yes", "no")


def test_amounts_are_numbers_with_euro_format(frames):
    ws = _load(frames)["Progetti"]
    cell = ws["G2"]
    assert ws["G1"].value == "Budget totale"
    assert cell.data_type == "n" and cell.value == pytest.approx(18_700_000.5)
    assert "€" in cell.number_format and "#,##0.00" in cell.number_format
    assert ws["G3"].value is None                                   # NaN stays empty, never 0


def test_dates_are_real_dates_in_italian_format(frames):
    ws = _load(frames)["Progetti"]
    cell = ws["J2"]
    assert isinstance(cell.value, datetime) and cell.value.date() == date(2022, 3, 1)
    assert cell.number_format == "dd/mm/yyyy"
    assert ws["K2"].value is None


def test_booleans_are_si_no_text_and_empty_stays_empty(frames):
    wb = _load(frames)
    assert (wb["Progetti"]["L2"].value, wb["Progetti"]["L3"].value) == ("sì", "no")
    partners = wb["Partner"]
    assert (partners["D2"].value, partners["D3"].value, partners["D4"].value) == ("sì", "no", None)
    assert partners["C4"].value is None


def test_user_text_never_becomes_formula_link_or_number(frames):
    wb = _load(frames)
    cell = wb["Partner"]["B2"]
    assert cell.value == "=1+1" and cell.data_type == "s"
    assert wb["Partner"]["B4"].hyperlink is None
    code = wb["Progetti"]["B3"]
    assert code.value == "0123" and code.data_type == "s"


def test_control_characters_are_stripped(frames):
    ws = _load(frames)["Partner"]
    assert ws["B3"].value == "Alia Servizi Ambientali"
    assert _load(frames)["Progetti"]["N2"].value == "riga 1\nriga 2"     # newlines are kept


def test_missing_columns_are_written_empty_and_path_target(tmp_path):
    path = tmp_path / "out.xlsx"
    output.write_tables({"calls": pd.DataFrame({"call_id": ["B-01"], "title": ["Bando"]})}, path)
    ws = openpyxl.load_workbook(path)["Bandi"]
    assert [c.value for c in ws[2]] == ["B-01", "Bando", *[None] * 7]


def test_same_data_same_bytes(frames):
    created = datetime(2026, 1, 1)
    a, b = io.BytesIO(), io.BytesIO()
    output.write_tables(frames, a, created=created)
    output.write_tables(frames, b, created=created)
    assert a.getvalue() == b.getvalue()


# --- template ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def template() -> openpyxl.Workbook:
    buffer = io.BytesIO()
    output.write_template(buffer)
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))


def test_template_sheets(template):
    assert template.sheetnames == [INSTRUCTIONS_SHEET, *[t.sheet for t in TABLES], LISTS_SHEET]
    assert template[LISTS_SHEET].sheet_state == "hidden"
    assert template.active.title == INSTRUCTIONS_SHEET
    for table in TABLES:
        ws = template[table.sheet]
        assert [c.value for c in ws[1]] == [c.it for c in table.columns]
        assert ws.max_row == 1                                              # headers only
        fills = {c.it: ws.cell(1, i + 1).fill.fgColor.rgb for i, c in enumerate(table.columns)}
        required = {fills[c.it] for c in table.columns if c.required}
        optional = {fills[c.it] for c in table.columns if not c.required}
        assert required and not required & optional


def test_template_instructions_cover_every_column(template):
    text = "\n".join(str(c.value) for row in template[INSTRUCTIONS_SHEET].iter_rows() for c in row
                     if c.value is not None)
    for needle in ("1.234,56", "gg/mm/aaaa", "sì", "nascosti", "nome esatto"):
        assert needle in text
    for table in TABLES:
        assert table.sheet in text
        for col in table.columns:
            assert col.it in text
            if col.help_it:
                assert col.help_it in text


def _list_values(wb: openpyxl.Workbook, formula: str) -> list[str]:
    sheet, ref = formula.lstrip("=").split("!")
    return [c.value for row in wb[sheet.strip("'")][ref.replace("$", "")] for c in row]


def test_template_dropdowns_for_closed_lists(template):
    expected = {CHOICE: None, MISSION: list(MISSIONS), COMPONENT: list(COMPONENTS), BOOL: ["sì", "no"]}
    checked = 0
    for table in TABLES:
        ws = template[table.sheet]
        by_column = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
        for i, col in enumerate(table.columns):
            if col.kind not in expected:
                continue
            letter = openpyxl.utils.get_column_letter(i + 1)
            dv = by_column[f"{letter}2:{letter}{output.TEMPLATE_ROWS}"]
            assert dv.type == "list"
            values = expected[col.kind] or [it for it, _ in col.choices]
            assert _list_values(template, dv.formula1) == values
            checked += 1
    assert checked >= 10


def test_template_suggests_references(template):
    ws = template["Candidature"]
    formulas = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert "Partner" in formulas[f"D2:D{output.TEMPLATE_ROWS}"]          # Proponente -> partner IDs
    assert "Progetti" in formulas[f"B2:B{output.TEMPLATE_ROWS}"]


def test_dates_before_1900_03_01_are_text_and_later_ones_real_dates():
    """Excel's calendar is wrong before 1 March 1900 (the 1900 leap-year bug): such days are written as text."""
    frame = pd.DataFrame({"d": [date(1899, 12, 31), date(1900, 2, 28), date(1900, 3, 1),
                                datetime(2026, 3, 1, 10, 30, 15)]})
    buffer = io.BytesIO()
    output.write_view({"D": (frame, [("d", "Giorno", "date"), ("d", "Quando", "datetime")])}, buffer)
    ws = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active
    assert [ws.cell(r, 1).value for r in (2, 3)] == ["31/12/1899", "28/02/1900"]
    assert ws["A2"].data_type == "s" and ws["B2"].value == "31/12/1899"
    assert ws["A4"].value == datetime(1900, 3, 1) and ws["A4"].number_format == "dd/mm/yyyy"
    assert ws["A5"].value == datetime(2026, 3, 1) and ws["B5"].value == datetime(2026, 3, 1, 10, 30, 15)


@pytest.mark.parametrize("lang", ["it", "en"])
def test_view_choice_and_bool_columns_are_written_as_their_labels(lang):
    frame = pd.DataFrame({"c": ["impresa", None], "b": [True, False]})
    buffer = io.BytesIO()
    output.write_view({"V": (frame, [("c", "Tipo", "choice"), ("b", "Firmatario", "bool")])}, buffer, lang)
    ws = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active
    expected = {"it": [("impresa", "sì"), (None, "no")], "en": [("company", "yes"), (None, "no")]}[lang]
    assert list(ws.iter_rows(min_row=2, values_only=True)) == expected

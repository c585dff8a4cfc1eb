"""Each rule of the schema, checked through the real reader: what is accepted, normalised or reported."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from ngp_data.ingest.cells import parse_measure
from ngp_data.ingest.pipeline import commit, prepare
from ngp_data.ingest.reading import read_files
from ngp_data.ingest.validation import validate
from ngp_data.store import Store
from tests.builders import HEADERS, valid_rows, workbook_bytes


def check(sheets, current=None, name="dati.xlsx"):
    return validate(read_files([(name, workbook_bytes(sheets))]), current or {})


def messages(checked, severity="errore"):
    return [str(p) for p in checked.problems if p.severity == severity]


def test_valid_portfolio_is_accepted_with_store_types():
    checked = check(valid_rows())
    assert messages(checked) == []
    projects = checked.frames["projects"]
    assert list(projects["project_id"]) == ["NGP-01", "NGP-02"]
    assert projects.loc[0, "budget_total"] == 18_700_000.0
    assert projects.loc[0, "start_date"] == date(2022, 3, 1)
    assert projects.loc[0, "shovel_ready"] is True and projects.loc[1, "shovel_ready"] is False
    assert set(checked.frames) == {"partners", "projects", "project_partners", "calls", "requests", "outcomes"}


def test_headers_match_english_names_aliases_case_accents_and_euro_suffix_in_any_order():
    rows = valid_rows()
    rows["Candidature"][0] = ["importo richiesto (€)", "PROJECT_ID", "id bando", "Cofinanziamento",
                              "request_id", "soggetto proponente", "Data  Presentazione"]
    rows["Candidature"][1:] = [[18_000_000.0, "NGP-01", "B-FARO", 700_000.0, "C-001", "ALIA", "10/03/2022"],
                               [5_000_000.0, "NGP-02", "B-RIG", None, "C-002", "COMUNE-PO", "01/06/2021"]]
    checked = check(rows)
    assert messages(checked) == []
    req = checked.frames["requests"]
    assert list(req["request_id"]) == ["C-001", "C-002"]
    assert req.loc[0, "amount_requested"] == 18_000_000.0
    assert req.loc[0, "submitted_on"] == date(2022, 3, 10)


def test_unknown_column_is_a_warning_and_ignored():
    rows = valid_rows()
    rows["Partner"][0] = rows["Partner"][0] + ["Note interne"]
    checked = check(rows)
    assert checked.ok
    assert "dati.xlsx › Partner › Note interne: colonna sconosciuta, ignorata." in messages(checked, "avviso")


def test_missing_required_column_and_missing_values_are_errors():
    rows = valid_rows()
    rows["Progetti"] = [[c for c in r[:2]] + r[3:] for r in rows["Progetti"]]     # drop Missione
    rows["Partner"][2][1] = None                                                     # a partner without name
    errs = messages(check(rows))
    assert "dati.xlsx › Progetti › Missione: colonna obbligatoria mancante." in errs
    assert "dati.xlsx › Partner › riga 3 › Nome: valore obbligatorio mancante." in errs


@pytest.mark.parametrize("written, stored", [
    ("Ammessa e finanziata", "Ammessa e finanziata"), ("ammessa E FINANZIATA", "Ammessa e finanziata"),
    ("Admitted and financed", "Ammessa e finanziata"), ("Rinuncia", "Ritirata / Rinuncia"),
    ("non  ammessa", "Non ammessa"), ("In Istruttoria", "In istruttoria"),
])
def test_outcome_closed_list_accepts_case_spacing_english_and_aliases(written, stored):
    rows = valid_rows()
    rows["Esiti"][2][1] = written
    checked = check(rows)
    assert checked.frames["outcomes"].loc[1, "outcome"] == stored


@pytest.mark.parametrize("sheet, column, value", [
    ("Esiti", 1, "Approvata forse"), ("Progetti", 8, "Quasi finito"), ("Progetti", 7, "blu"),
    ("Partner", 2, "club"), ("Partner progetto", 2, "sponsor"), ("Bandi", 2, "Lotteria"),
])
def test_value_outside_a_closed_list_is_an_error_listing_the_allowed_values(sheet, column, value):
    rows = valid_rows()
    rows[sheet][1][column] = value
    errs = messages(check(rows))
    header = HEADERS[sheet][column]
    assert len(errs) == 1
    assert errs[0].startswith(f"dati.xlsx › {sheet} › riga 2 › {header}: valore non ammesso «{value}». "
                              f"Valori ammessi: ")


def test_codes_are_normalised_missions_components_measures_cup():
    rows = valid_rows()
    rows["Progetti"][1][2:5] = ["m2", None, "M2C1.1 I1.2 Linea d"]        # component derived from the measure
    rows["Progetti"][1][12] = " c31b2100 4560006 "
    rows["Progetti"][2][2:5] = ["Missione 5", "m5 c2", "M5C2I2.01.00"]     # ReGiS spelling
    checked = check(rows)
    assert messages(checked) == []
    p = checked.frames["projects"]
    assert list(p["mission"]) == ["M2", "M5"]
    assert list(p["component"]) == ["M2C1", "M5C2"]
    assert list(p["measure"]) == ["M2C1 I1.2 Linea D", "M5C2 I2.1"]
    assert p.loc[0, "cup"] == "C31B21004560006"


@pytest.mark.parametrize("text, expected", [
    ("M5C2 I2.1", ("M5C2 I2.1", "M5", "M5C2")), ("m1c1 1.4.1", ("M1C1 I1.4.1", "M1", "M1C1")),
    ("M2C1I1.01.00", ("M2C1 I1.1", "M2", "M2C1")), ("M6", ("M6", "M6", None)),
    ("Azione 2.1.3 PR FESR", ("Azione 2.1.3 PR FESR", None, None)),
])
def test_parse_measure_loose_forms(text, expected):
    assert parse_measure(text) == expected


def test_mission_component_measure_must_agree():
    rows = valid_rows()
    rows["Progetti"][1][2:5] = ["M3", "M2C1", "M2C1 I1.2"]
    rows["Progetti"][2][2:5] = ["M9", "M5C7", "M5C2 ZZ"]
    errs = messages(check(rows))
    assert "dati.xlsx › Progetti › riga 2 › Misura: la misura M2C1 I1.2 appartiene alla missione M2, non a M3." in errs
    assert "dati.xlsx › Progetti › riga 2 › Componente: la componente M2C1 non appartiene alla missione M3." in errs
    assert "dati.xlsx › Progetti › riga 3 › Missione: missione non valida «M9»: scrivi M1, M2, … M7." in errs
    assert any("riga 3 › Componente: componente non valida «M5C7»" in e for e in errs)
    assert any("riga 3 › Misura: misura non riconosciuta «M5C2 ZZ»" in e for e in errs)


def test_bad_cup_amount_date_bool_each_reported_with_row_and_column():
    rows = valid_rows()
    rows["Progetti"][1][12] = "C31B2100456"                # too short
    rows["Progetti"][1][6] = "diciotto milioni"
    rows["Progetti"][1][9] = "31/02/2022"
    rows["Progetti"][1][11] = "forse"
    rows["Candidature"][1][5] = -5.0
    errs = messages(check(rows))
    assert any(e.startswith("dati.xlsx › Progetti › riga 2 › CUP: CUP non valido «C31B2100456»") for e in errs)
    assert any(e.startswith("dati.xlsx › Progetti › riga 2 › Budget totale: importo non valido") for e in errs)
    assert "dati.xlsx › Progetti › riga 2 › Data inizio: data inesistente «31/02/2022»." in errs
    assert "dati.xlsx › Progetti › riga 2 › Cantierabile: valore non valido «forse»: scrivi sì o no." in errs
    assert ("dati.xlsx › Candidature › riga 2 › Importo richiesto: importo negativo: gli importi devono essere "
            "zero o positivi.") in errs
    assert len(errs) == 5                                   # every problem at once, not the first alone


@pytest.mark.parametrize("text, value", [("sì", True), ("SI", True), ("x", True), ("Vero", True), ("true", True),
                                          ("1", True), ("no", False), ("falso", False), ("FALSE", False),
                                          ("0", False), (None, None)])
def test_yes_no_spellings(text, value):
    rows = valid_rows()
    rows["Partner"][1][3] = text
    checked = check(rows)
    assert checked.ok
    assert checked.frames["partners"].loc[0, "signatory"] is value


def test_empty_amount_stays_unknown_not_zero():
    checked = check(valid_rows())
    req = checked.frames["requests"]
    assert req["cofinancing"].isna().tolist() == [False, True]


def test_duplicate_keys_name_the_first_row():
    rows = valid_rows()
    rows["Progetti"].append(copy.copy(rows["Progetti"][1]))
    rows["Partner progetto"].append(["NGP-01", "PIN", "partner"])
    errs = messages(check(rows))
    assert "dati.xlsx › Progetti › riga 4 › ID progetto: identificativo duplicato «NGP-01» (già alla riga 2)." in errs
    assert any(e.startswith("dati.xlsx › Partner progetto › riga 5 › ID progetto: identificativo duplicato "
                            "«NGP-01 + PIN» (già alla riga 3)") for e in errs)


def test_partners_are_referenced_by_id_or_exact_name_and_unknown_ones_reported():
    rows = valid_rows()
    rows["Progetti"][1][5] = "alia servizi ambientali"      # the name, any case
    rows["Candidature"][2][3] = "Comune di Firenze"
    checked = check(rows)
    assert checked.frames["projects"].loc[0, "lead_partner"] == "ALIA"
    assert messages(checked) == [
        "dati.xlsx › Candidature › riga 3 › Proponente: partner sconosciuto «Comune di Firenze»: usa l'ID o il "
        "nome esatto di un partner del foglio Partner."]


def test_references_to_unknown_projects_calls_requests():
    rows = valid_rows()
    rows["Candidature"][1][1] = "NGP-99"
    rows["Candidature"][2][2] = "B-NONE"
    rows["Esiti"][1][0] = "C-404"
    rows["Partner progetto"][1][0] = "NGP-77"
    errs = messages(check(rows))
    assert ("dati.xlsx › Candidature › riga 2 › ID progetto: progetto «NGP-99» inesistente: non è nel foglio "
            "Progetti (né del file né della versione attiva).") in errs
    assert any("Candidature › riga 3 › ID bando: bando «B-NONE» inesistente" in e for e in errs)
    assert any("Esiti › riga 2 › ID candidatura: candidatura «C-404» inesistente" in e for e in errs)
    assert any("Partner progetto › riga 2 › ID progetto: progetto «NGP-77» inesistente" in e for e in errs)


def test_dates_out_of_order_are_errors():
    rows = valid_rows()
    rows["Progetti"][1][9:11] = [date(2025, 1, 1), date(2024, 1, 1)]
    rows["Bandi"][1][5:7] = ["01/05/2022", "01/04/2022"]
    rows["Esiti"][1][2] = date(2022, 1, 1)                 # before the submission (10/03/2022)
    errs = messages(check(rows))
    assert "dati.xlsx › Progetti › riga 2 › Data fine: la data di fine precede quella di inizio." in errs
    assert "dati.xlsx › Bandi › riga 2 › Scadenza: la scadenza precede la data di pubblicazione." in errs
    assert ("dati.xlsx › Esiti › riga 2 › Data esito: la data dell'esito precede la presentazione "
            "(10/03/2022).") in errs


def test_granted_more_than_requested_is_a_warning_that_lets_the_import_through():
    rows = valid_rows()
    rows["Esiti"][1][3] = 20_000_000.0
    checked = check(rows)
    assert checked.ok
    assert ("dati.xlsx › Esiti › riga 2 › Importo concesso: l'importo concesso supera quello richiesto "
            "(18.000.000,00 €).") in messages(checked, "avviso")


def test_blank_rows_are_skipped_and_row_numbers_are_the_spreadsheet_ones():
    rows = valid_rows()
    rows["Progetti"].insert(2, [None] * 14)
    rows["Progetti"][3][6] = "abc"
    checked = check(rows)
    assert len(checked.frames["projects"]) == 2
    assert any(e.startswith("dati.xlsx › Progetti › riga 4 › Budget totale") for e in messages(checked))


def test_partial_upload_is_checked_against_the_active_version(db_target):
    store = Store(db_target("v"))
    commit(prepare([("tutto.xlsx", workbook_bytes(valid_rows()))], store), store)
    esiti = valid_rows()["Esiti"]
    esiti[2] = ["C-002", "Non ammessa", date(2022, 1, 10), None, None, "Decreto 7", None]
    prepared = prepare([("esiti.xlsx", workbook_bytes({"Esiti": esiti}))], store)
    assert prepared.ok, [str(p) for p in prepared.problems]
    assert prepared.tables == ["outcomes"]
    change = prepared.changes["outcomes"]
    assert change.changed[["request_id", "column", "new"]].values.tolist()[:2] == [
        ["C-002", "outcome", "Non ammessa"], ["C-002", "decided_on", date(2022, 1, 10)]]
    version = commit(prepared, store)
    assert store.table("outcomes", version)["outcome"].tolist() == ["Ammessa e finanziata", "Non ammessa"]
    assert len(store.table("projects", version)) == 2             # carried over


def test_partial_upload_cannot_remove_rows_still_referenced(db_target):
    store = Store(db_target("v"))
    commit(prepare([("tutto.xlsx", workbook_bytes(valid_rows()))], store), store)
    partners = valid_rows()["Partner"][:2]                       # drops ALIA and PIN
    prepared = prepare([("partner.xlsx", workbook_bytes({"Partner": partners}))], store)
    assert not prepared.ok
    errs = [str(p) for p in prepared.problems if p.is_error]
    assert ("Partner: il file toglie partner ancora usati nel foglio Progetti della versione attiva (Capofila): "
            "ALIA. Carica anche il foglio Progetti aggiornato.") in errs


def test_csv_named_after_its_sheet():
    text = "ID partner;Nome;Tipo;Firmatario protocollo\nCOMUNE-PO;Comune di Prato;ente pubblico;sì\n"
    checked = validate(read_files([("Partner.csv", text.encode("utf-8"))]), {})
    assert checked.ok
    assert checked.frames["partners"]["name"].tolist() == ["Comune di Prato"]
    assert any("codifica UTF-8" in str(p) for p in checked.problems if p.severity == "info")


def test_unrecognised_workbook_lists_the_expected_sheets():
    checked = check({"Foglio1": [["a", "b"], [1, 2]]})
    assert not checked.ok
    assert any("nessun foglio riconosciuto. Fogli attesi: Partner, Progetti, Partner progetto, Bandi, "
               "Candidature, Esiti" in e for e in messages(checked))

"""Dati page: upload -> problems or preview -> confirm, history, rollback, stale previews, who may edit.

AppTest drives the real page (tests/apptest_helpers.run_app); the data side (ngp_data.ingest.preview, the
workbooks of ngp_data.output, ngp_data.ingest.originals) and the access rule (ui.auth.decide_access) are also
tested directly; the access cases of issue 12 (items 1-3) are in tests/test_access.py.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from streamlit import config

from ngp_data import output
from ngp_data.analytics import changes, queries
from ngp_data.formats import fmt_eur_short
from ngp_data.ingest import pipeline
from ngp_data.ingest import preview as ingest_preview
from ngp_data.ingest.originals import safe_file_name, safe_to_serve
from ngp_data.labels import md_plain
from ngp_data.schema import TABLES
from ngp_data.store import SourceFile, open_store
from tests.apptest_helpers import as_read, run_app, texts, workbook_uploaders
from tests.store_helpers import copy_of, demo_database
from ui.auth import ANONYMOUS, EDITOR, LOCAL, OFF, READER, decide_access

ROOT = Path(__file__).resolve().parents[1]
DEMO_XLSX = ROOT / "data" / "ngp_demo.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EDITOR_MAIL = "Anna.Editor@comune.prato.it"
AUTH = {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "test-cookie-secret-0123456789",
        "client_id": "ngp", "client_secret": "ngp-secret",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}
WITH_AUTH = {"editors": [EDITOR_MAIL.lower()], "auth": AUTH}
NO_AUTH = {"editors": []}          # replaces any secrets file on disk: no [auth]
GRANTED = 1_000_000.0


# --- fixtures and helpers ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    return demo_database(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def db(pristine, tmp_path) -> Path:
    return copy_of(pristine, tmp_path)


@pytest.fixture
def address():
    """Set ``server.address`` for the test (AppTest reads the real config), then restore it."""
    old = config.get_option("server.address")
    yield lambda value: config.set_option("server.address", value)
    config.set_option("server.address", old)


@pytest.fixture
def loopback(address):
    address("127.0.0.1")


def demo_workbook(change=None) -> bytes:
    """The demo workbook, optionally edited with openpyxl (``change(workbook)``)."""
    wb = openpyxl.load_workbook(DEMO_XLSX)
    if change:
        change(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def row_of(ws, key: str) -> int:
    return next(c.row for c in ws["A"] if c.value == key)


def finance_c028(wb) -> None:
    """One outcome changes: C-028 from «In istruttoria» to financed with 1.000.000 € granted."""
    ws = wb["Esiti"]
    r = row_of(ws, "C-028")
    ws.cell(r, 2).value = "Ammessa e finanziata"
    ws.cell(r, 4).value = GRANTED


def break_it(wb) -> None:
    ws = wb["Esiti"]
    r = row_of(ws, "C-028")
    ws.cell(r, 2).value = "Forse"                         # not an outcome
    ws.cell(r, 4).value = -5                              # negative amount
    cand = wb["Candidature"]
    cand.append(["C-900", "NGP-99", "B-XX", "COMUNE-PO", None, 1000, None])   # unknown card and call


def versions_of(db: Path):
    return open_store(db).versions()


def kpis(db: Path) -> queries.Kpis:
    store = open_store(db)
    return queries.kpis(store, store.active_version())


def upload(at, files):
    at.file_uploader[0].set_value(files)
    return at.run()


def labels(at) -> list[str]:
    return [b.label for b in at.button]


def editor_controls(at) -> dict[str, int]:
    return {"uploader": len(workbook_uploaders(at)),
            "rollback": sum(1 for b in at.button if b.key and b.key.startswith("dati_rb")),
            "confirm": sum(1 for b in at.button if b.label.startswith("Conferma"))}


# --- upload, preview, confirm -------------------------------------------------------------------------------

def test_valid_upload_shows_the_preview_then_confirm_writes_a_version(db, loopback):
    before = kpis(db)
    at = run_app(db, page="dati", secrets=NO_AUTH)
    assert not at.exception
    assert "modalità locale" in texts(at).lower()
    upload(at, ("ngp_aggiornato.xlsx", demo_workbook(finance_c028), XLSX))
    assert not at.exception
    # the preview: the changed cells of Esiti, old -> new, and the figures after
    changed = next(df.value for df in at.dataframe if "Prima" in df.value.columns)
    assert changed.to_dict("records") == [
        {"ID candidatura": "C-028", "Colonna": "Esito", "Prima": "In istruttoria", "Dopo": "Ammessa e finanziata"},
        {"ID candidatura": "C-028", "Colonna": "Importo concesso", "Prima": "—", "Dopo": "1.000.000 €"},
    ]
    shown = {m.label: m for m in at.metric}
    assert shown["Concesso"].value == fmt_eur_short(before.amount_granted + GRANTED)
    assert shown["Concesso"].delta == "+1.000.000 €"
    assert shown["In attesa di esito"].value == str(before.n_pending - 1)
    assert len(versions_of(db)) == 3                          # nothing written yet

    at.text_input(key="dati_comment").input("aggiornamento esiti bando X")
    next(b for b in at.button if b.label.startswith("Conferma")).click()
    at.run()
    assert not at.exception
    versions = versions_of(db)
    assert len(versions) == 4
    new = versions[-1]
    assert (new.author, new.comment, new.file_names, new.kind) == (
        "locale", "aggiornamento esiti bando X", "ngp_aggiornato.xlsx", "import")
    after = kpis(db)
    assert after.amount_granted == before.amount_granted + GRANTED
    assert after.n_pending == before.n_pending - 1
    assert "Versione 4 salvata" in texts(at)
    assert "Dati: versione 4" in texts(at)
    assert at.file_uploader[0].value in (None, [])               # a fresh uploader for the next file
    # every page shows it at its next run
    overview = run_app(db, secrets=NO_AUTH)
    assert {m.label: m.value for m in overview.metric}["Concesso"] == fmt_eur_short(after.amount_granted)


def test_broken_upload_lists_every_problem_and_writes_nothing(db, loopback):
    at = run_app(db, page="dati", secrets=NO_AUTH)
    upload(at, ("rotto.xlsx", demo_workbook(break_it), XLSX))
    assert not at.exception
    assert at.error and "errori" in at.error[0].value
    problems = at.table[0].value                                  # a table whose messages wrap
    assert list(problems.columns) == ["File", "Foglio", "Riga", "Colonna", "Problema"]
    wb = openpyxl.load_workbook(DEMO_XLSX)
    esiti_row = str(row_of(wb["Esiti"], "C-028"))
    cand_row = str(wb["Candidature"].max_row + 1)
    found = {(r["Foglio"], r["Riga"], r["Colonna"]) for r in problems.to_dict("records")}
    assert {("Esiti", esiti_row, "Esito"), ("Esiti", esiti_row, "Importo concesso"),
            ("Candidature", cand_row, "ID progetto"), ("Candidature", cand_row, "ID bando")} <= found
    assert all(problems["File"] == "rotto.xlsx")
    assert not any(b.label.startswith("Conferma") for b in at.button)
    assert any(d.proto.label.startswith("Scarica i problemi") for d in at.get("download_button"))
    assert len(versions_of(db)) == 3


def test_problems_workbook_marks_the_cells_and_carries_values_only(db):
    data = demo_workbook(break_it)
    store = open_store(db)
    prepared = pipeline.prepare([("rotto.xlsx", data)], store)
    assert not prepared.ok
    out = openpyxl.load_workbook(io.BytesIO(output.problems_workbook(prepared.files, prepared.problems)))
    assert out.sheetnames[0] == "Problemi"
    assert {"Partner", "Progetti", "Candidature", "Esiti"} <= set(out.sheetnames)
    esiti_row = row_of(out["Esiti"], "C-028")
    cell = out["Esiti"].cell(esiti_row, 2)
    assert cell.value == "Forse"                                    # the value as uploaded
    assert cell.fill.fgColor.rgb.endswith("F8CBAD")                 # marked as an error
    assert "valore non ammesso" in cell.comment.text
    listed = [[c.value for c in row] for row in out["Problemi"].iter_rows(min_row=5)]
    assert any(r[2] == "Esiti" and r[3] == esiti_row and r[5] == f"Esiti!B{esiti_row}" for r in listed)
    assert out["Esiti"].cell(1, 1).value == "ID candidatura"       # the copy keeps the header row
    names = zipfile.ZipFile(io.BytesIO(output.problems_workbook(prepared.files, prepared.problems))).namelist()
    assert not any("vba" in n.lower() for n in names)


HOSTILE = ['=HYPERLINK("http://tracker.example/x","clic")', "<r><t>rich</t></r>", "@SUM(1)", "+1"]


def test_problems_workbook_writes_hostile_text_as_text(db):
    def hostile(wb):
        break_it(wb)
        ws = wb["Esiti"]
        r = row_of(ws, "C-028")
        for c, text in zip((6, 7), HOSTILE[:2], strict=True):
            ws.cell(r, c).value = text
            ws.cell(r, c).data_type = "s"                     # text, not a formula
        ws.cell(1, 9).value = HOSTILE[2]                          # an unknown column: a warning on the header
        ws.cell(1, 9).data_type = "s"
    prepared = pipeline.prepare([(HOSTILE[3] + ".xlsx", demo_workbook(hostile))], open_store(db))
    data = output.problems_workbook(prepared.files, prepared.problems)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        xml = b"".join(zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/"))
    assert b"<f>" not in xml and b"tracker.example" not in b"".join(
        zipfile.ZipFile(io.BytesIO(data)).read(n) for n in zipfile.ZipFile(io.BytesIO(data)).namelist()
        if "rels" in n)
    out = openpyxl.load_workbook(io.BytesIO(data))
    r = row_of(out["Esiti"], "C-028")
    assert [out["Esiti"].cell(r, c).value for c in (6, 7)] == HOSTILE[:2]
    assert out["Esiti"].cell(1, 9).value == HOSTILE[2]
    assert out["Esiti"].cell(1, 9).comment is not None              # the warning is marked too
    listed = [[c.value for c in row] for row in out["Problemi"].iter_rows(min_row=5)]
    assert {r[1] for r in listed} == {HOSTILE[3] + ".xlsx"}


def test_warnings_are_shown_apart_and_do_not_block(db, loopback):
    def extra_column(wb):
        wb["Esiti"].cell(1, 9).value = "Colonna inventata"
        wb["Esiti"].cell(2, 9).value = "x"
        finance_c028(wb)                                 # and one change, so that there is something to confirm
    at = run_app(db, page="dati", secrets=NO_AUTH)
    upload(at, ("ngp.xlsx", demo_workbook(extra_column), XLSX))
    assert not at.error
    assert any(w.value.startswith("1 avviso: da controllare") for w in at.warning)      # one warning: singular
    assert any(b.label.startswith("Conferma") for b in at.button)


def test_per_sheet_csv_upload_replaces_only_that_table(db, loopback):
    store = open_store(db)
    outcomes = store.table("outcomes")
    lines = ["ID candidatura;Esito;Data esito;Importo concesso"]
    for r in outcomes.itertuples():
        outcome, granted = r.outcome, r.amount_granted
        if r.request_id == "C-028":
            outcome, granted = "Ammessa e finanziata", GRANTED
        amount = "" if granted is None or granted != granted else f"{granted:.2f}".replace(".", ",")
        day = r.decided_on.strftime("%d/%m/%Y") if r.decided_on else ""
        lines.append(f"{r.request_id};{outcome};{day};{amount}")
    at = run_app(db, page="dati", secrets=NO_AUTH)
    upload(at, [("esiti.csv", ("\n".join(lines) + "\n").encode("utf-8"), "text/csv")])
    assert not at.exception and not at.error
    assert "Fogli non caricati, restano come nella versione attiva" in texts(at)
    next(b for b in at.button if b.label.startswith("Conferma")).click()
    at.run()
    new = versions_of(db)[-1]
    assert new.tables_replaced == ("outcomes",) and new.file_names == "esiti.csv"


def test_the_same_file_as_the_active_version_offers_no_confirm(db, loopback):
    same = open_store(db).files(3)[0]
    at = run_app(db, page="dati", secrets=NO_AUTH)
    upload(at, (same.name, same.content, XLSX))
    assert "Nessuna differenza rispetto ai dati attivi (versione 3)" in texts(at)
    assert not any(b.label.startswith("Conferma") for b in at.button)
    assert len(versions_of(db)) == 3


def test_the_same_data_saved_again_is_no_new_version_anywhere(db, loopback, capsys):
    """Other bytes, the same values (the active data written out again): the page offers no confirm, the
    pipeline refuses to commit, the command line says so and writes nothing."""
    from ngp_data.__main__ import main

    store = open_store(db)
    again = output.tables_workbook(store, store.active_version())
    assert again != store.files(3)[0].content
    at = run_app(db, page="dati", secrets=NO_AUTH)
    upload(at, ("ngp_risalvato.xlsx", again, XLSX))
    assert not at.exception and "Nessuna differenza" in texts(at)
    assert not any(b.label.startswith("Conferma") for b in at.button)
    prepared = pipeline.prepare([("ngp_risalvato.xlsx", again)], store)
    assert prepared.ok and not prepared.has_changes
    with pytest.raises(pipeline.NoChanges, match="Nessuna differenza"):
        pipeline.commit(prepared, store)
    path = db.parent / "ngp_risalvato.xlsx"
    path.write_bytes(again)
    from ngp_data.store import close_store
    close_store(db)
    assert main(["import", str(path), "--db", str(db)]) == 0
    assert "nessuna differenza" in capsys.readouterr().out
    assert len(versions_of(db)) == 3


def test_a_corrected_file_uploaded_again_under_the_same_name_replaces_the_rejected_one(db, loopback):
    at = run_app(db, page="dati", secrets=NO_AUTH)
    upload(at, ("ngp.xlsx", demo_workbook(break_it), XLSX))
    assert at.error                                                    # rejected: the officer corrects it
    upload(at, [("ngp.xlsx", demo_workbook(break_it), XLSX), ("ngp.xlsx", demo_workbook(finance_c028), XLSX)])
    assert not at.exception and not at.error
    assert "xlsx» è stato caricato di nuovo: vale il file più recente" in texts(at)
    assert any(b.label.startswith("Conferma") for b in at.button)
    next(b for b in at.button if b.label.startswith("Conferma")).click()
    at.run()
    assert kpis(db).amount_granted > 0 and versions_of(db)[-1].file_names == "ngp.xlsx"


def _in_order(node, out=None) -> list:
    """The page's elements in the order they are drawn (containers walked depth first)."""
    out = [] if out is None else out
    children = getattr(node, "children", None)
    if children:
        for child in children.values():
            _in_order(child, out)
    else:
        out.append(node)
    return out


def test_the_preview_leads_with_the_summary_and_the_confirm_and_folds_the_details(db, loopback):
    at = run_app(db, page="dati", secrets=NO_AUTH)
    upload(at, ("ngp.xlsx", demo_workbook(finance_c028), XLSX))
    assert "- **Esiti**: 0 righe aggiunte · 0 tolte · 1 modificata" in texts(at)
    drawn = _in_order(at.main)
    confirm = next(i for i, e in enumerate(drawn) if e.type == "button" and e.label.startswith("Conferma"))
    first_metric = next(i for i, e in enumerate(drawn) if e.type == "metric")
    first_detail = next(i for i, e in enumerate(drawn) if e.type == "dataframe" and "Prima" in e.value.columns)
    assert first_metric < confirm < first_detail
    esiti = next(e for e in at.expander if e.label.startswith("Esiti"))
    assert esiti.proto.expanded is False


def test_problems_of_a_whole_sheet_have_no_row_and_counts_are_singular(db, loopback):
    def drop_outcome_column(wb):
        wb["Esiti"].delete_cols(2)                      # the required «Esito» column is missing
    at = run_app(db, page="dati", secrets=NO_AUTH)
    upload(at, ("ngp.xlsx", demo_workbook(drop_outcome_column), XLSX))
    problems = at.table[0].value
    whole = problems[problems["Riga"] == ""]
    assert len(whole) >= 1 and not problems["Riga"].isin(["None", "<NA>", "nan"]).any()
    assert at.error[0].value.startswith(f"{len(problems)} error")
    if len(problems) == 1:
        assert at.error[0].value.startswith("1 errore:")


def test_a_stale_preview_is_refused_and_shown_again(db, loopback):
    at = run_app(db, page="dati", user={"is_logged_in": True, "email": EDITOR_MAIL, "email_verified": True},
                 secrets=WITH_AUTH)
    assert editor_controls(at)["uploader"] == 1
    upload(at, ("ngp_aggiornato.xlsx", demo_workbook(finance_c028), XLSX))
    assert any(b.label.startswith("Conferma") for b in at.button)
    # meanwhile someone else commits: the budget of NGP-01 changes
    store = open_store(db)
    projects = store.table("projects")
    projects.loc[projects["project_id"] == "NGP-01", "budget_total"] = 1.0
    other = store.commit({"projects": projects}, author="altro@comune.prato.it", comment="altro")
    next(b for b in at.button if b.label.startswith("Conferma")).click()
    at.run()
    assert not at.exception
    assert any("nel frattempo" in e.value for e in at.error)
    versions = versions_of(db)
    assert [v.version_id for v in versions][-1] == other               # no lost update
    assert store.table("projects").set_index("project_id").at["NGP-01", "budget_total"] == 1.0
    # the preview is made again on the new data: it now shows that the file puts NGP-01's budget back
    assert "Dati: versione 4" in texts(at)
    changes = [as_read(df.value) for df in at.dataframe if "Prima" in df.value.columns]
    assert {"ID progetto": "NGP-01", "Colonna": "Budget totale", "Prima": "1 €"}.items() <= \
        changes[0].to_dict("records")[0].items()
    next(b for b in at.button if b.label.startswith("Conferma")).click()
    at.run()
    new = versions_of(db)[-1]
    assert (new.version_id, new.author) == (other + 1, EDITOR_MAIL)
    assert kpis(db).amount_granted == queries.kpis(store, 3).amount_granted + GRANTED


# --- history and rollback ---------------------------------------------------------------------------------

def test_rollback_needs_a_confirmation_and_is_recorded(db, loopback):
    at = run_app(db, page="dati", secrets=NO_AUTH)
    history = next(df.value for df in at.dataframe if "Versione" in df.value.columns)
    assert list(history["Versione"]) == [3, 2, 1]
    assert list(history["Autore"]) == ["dati dimostrativi"] * 3
    at.selectbox(key="dati_rb_pick").set_value(1).run()
    at.button(key="dati_rb_ask").click().run()
    assert "Conferma il ripristino della versione 1" in labels(at)
    assert len(versions_of(db)) == 3                              # asking writes nothing
    at.button(key="dati_rb_cancel").click().run()
    assert "Conferma il ripristino della versione 1" not in labels(at)
    at.button(key="dati_rb_ask").click().run()
    at.button(key="dati_rb_confirm").click().run()
    assert not at.exception
    versions = versions_of(db)
    assert (versions[-1].version_id, versions[-1].kind, versions[-1].source_version) == (4, "rollback", 1)
    assert versions[-1].counts == versions[0].counts
    assert "Versione 1 di nuovo attiva, registrata come versione 4" in texts(at)
    history = next(df.value for df in at.dataframe if "Versione" in df.value.columns)
    assert history.iloc[0]["Tipo"] == "ripristino della versione 1" and history.iloc[0]["Attiva"] == "●"


def test_rollback_confirmation_made_stale_is_refused(db, loopback):
    at = run_app(db, page="dati", secrets=NO_AUTH)
    at.selectbox(key="dati_rb_pick").set_value(1).run()
    at.button(key="dati_rb_ask").click().run()
    open_store(db).rollback(2, author="altro")                       # version 4, meanwhile
    at.button(key="dati_rb_confirm").click().run()
    assert any("nel frattempo" in e.value for e in at.error)
    assert [v.source_version for v in versions_of(db)][-1] == 2   # only the other rollback


def test_a_macro_enabled_original_is_never_handed_out(db, loopback):
    xlsm = _with_macro(demo_workbook(finance_c028))
    at = run_app(db, page="dati", secrets=NO_AUTH)
    upload(at, ("ngp_macro.xlsm", xlsm, "application/vnd.ms-excel.sheet.macroEnabled.12"))
    assert "macro" in texts(at)
    next(b for b in at.button if b.label.startswith("Conferma")).click()
    at.run()
    assert versions_of(db)[-1].file_names == "ngp_macro.xlsm"
    at.selectbox(key="dati_files_pick").set_value(4).run()
    downloads = [d.proto.label for d in at.get("download_button")]
    assert not any(label.startswith("File originale") for label in downloads)
    assert "Dati della versione 4 (.xlsx)" in downloads
    assert "non viene riconsegnato" in texts(at)
    at.selectbox(key="dati_files_pick").set_value(3).run()
    assert "File originale: " + md_plain("ngp_demo.xlsx") in [d.proto.label for d in at.get("download_button")]


def _with_macro(data: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really vba")
    return out.getvalue()


# --- who may edit -------------------------------------------------------------------------------------------

def test_non_editor_sees_the_history_read_only(db, loopback):
    at = run_app(db, page="dati", user={"is_logged_in": True, "email": "lettore@comune.prato.it"},
                 secrets=WITH_AUTH)
    assert not at.exception
    assert editor_controls(at) == {"uploader": 0, "rollback": 0, "confirm": 0}
    assert "non è tra gli editori" in texts(at)
    assert "Esci" in labels(at)
    assert any("Versione" in df.value.columns for df in at.dataframe)          # the history is there


def test_anonymous_visitor_with_login_configured_gets_accedi(db, loopback):
    at = run_app(db, page="dati", secrets=WITH_AUTH)
    assert not at.exception
    assert editor_controls(at) == {"uploader": 0, "rollback": 0, "confirm": 0}
    assert "Accedi" in labels(at)
    assert any("Versione" in df.value.columns for df in at.dataframe)


def test_editor_is_matched_case_insensitively(db, loopback):
    at = run_app(db, page="dati", user={"is_logged_in": True, "email": EDITOR_MAIL.upper(), "email_verified": True},
                 secrets=WITH_AUTH)
    assert editor_controls(at)["uploader"] == 1 and editor_controls(at)["rollback"] == 1
    assert "Esci" in labels(at)


def test_editors_from_the_environment(db, loopback, monkeypatch):
    monkeypatch.setenv("NGP_EDITORS", "uno@x.it, Due@X.it")
    at = run_app(db, page="dati", user={"is_logged_in": True, "email": "due@x.it", "email_verified": True},
                 secrets={"auth": AUTH})
    assert editor_controls(at)["uploader"] == 1


def test_local_mode_allows_editing(db, loopback):
    at = run_app(db, page="dati", secrets=NO_AUTH)
    assert "Modalità locale" in texts(at)
    assert editor_controls(at)["uploader"] == 1 and editor_controls(at)["rollback"] == 1
    assert "Accedi" not in labels(at)


@pytest.mark.parametrize("where", ["0.0.0.0", None])
def test_without_login_on_a_public_address_editing_is_off(db, address, where):
    address(where)
    at = run_app(db, page="dati", secrets=NO_AUTH)
    assert not at.exception
    assert editor_controls(at) == {"uploader": 0, "rollback": 0, "confirm": 0}
    assert "Aggiornamento dei dati disattivato" in texts(at)
    assert "secrets.toml" in texts(at)


@pytest.mark.parametrize(("auth", "address", "user", "mode"), [
    (None, "127.0.0.1", {}, LOCAL),
    (None, "localhost", {}, LOCAL),
    (None, "::1", {}, LOCAL),
    (None, "0.0.0.0", {}, OFF),
    (None, None, {}, OFF),                                  # Streamlit's default: every interface
    (AUTH, "127.0.0.1", {"is_logged_in": False}, ANONYMOUS),    # [auth] wins over loopback
    (AUTH, "0.0.0.0", {"is_logged_in": True, "email": "a@b.it", "email_verified": True}, EDITOR),
    (AUTH, "0.0.0.0", {"is_logged_in": True, "email": "A@B.IT ", "email_verified": True}, EDITOR),
    (AUTH, "0.0.0.0", {"is_logged_in": True, "email": "a@b.it"}, READER),           # not said verified
    (AUTH, "0.0.0.0", {"is_logged_in": True, "email": "a@b.it", "email_verified": False}, READER),
    (AUTH, "0.0.0.0", {"is_logged_in": True, "email": "c@b.it"}, READER),
    (AUTH, "0.0.0.0", {"is_logged_in": True}, READER),
])
def test_access_rule(auth, address, user, mode):
    access = decide_access(auth, address, user, {"a@b.it"})
    assert access.mode == mode
    assert access.can_edit == (mode in (LOCAL, EDITOR))
    assert access.author == (user["email"].strip() if mode == EDITOR else "locale")


def test_accedi_without_a_usable_auth_section_says_so(db, loopback, monkeypatch):
    import streamlit as st
    from streamlit.errors import StreamlitAuthError

    def refuse(provider=None):          # what st.login does when [auth] lacks a setting
        raise StreamlitAuthError("Authentication credentials in `.streamlit/secrets.toml` are missing")
    monkeypatch.setattr(st, "login", refuse)
    at = run_app(db, page="dati", secrets=WITH_AUTH)
    at.button(key="dati_login_default").click().run()
    assert not at.exception
    assert any("Accesso non riuscito" in e.value for e in at.error)


def test_login_buttons_follow_the_configured_providers():
    assert decide_access(AUTH, None, {}, set()).providers == (None,)
    named = {"cookie_secret": "x", "redirect_uri": "y", "microsoft": {"client_id": "a"}, "google": {"client_id": "b"}}
    assert decide_access(named, None, {}, set()).providers == ("microsoft", "google")


# --- the data side --------------------------------------------------------------------------------------------

def test_figures_after_match_the_committed_version(db):
    store = open_store(db)
    prepared = pipeline.prepare([("ngp.xlsx", demo_workbook(finance_c028))], store)
    view = ingest_preview.build_preview(prepared)
    after = ingest_preview.would_be_tables(prepared, store)
    predicted = changes.kpis_of(after)
    figures = changes.figure_changes(store, prepared.base_version, after)
    version = pipeline.commit(prepared, store)
    assert predicted == queries.kpis(store, version)
    granted = next(f for f in figures if f.label_key == "kpi_granted")
    assert granted.delta == GRANTED
    assert [tc.table for tc in view.tables] == ["partners", "projects", "project_partners", "calls", "requests",
                                                "outcomes"]


def test_current_data_downloaded_and_uploaded_again_changes_nothing(db):
    store = open_store(db)
    data = output.tables_workbook(store, store.active_version())
    prepared = pipeline.prepare([("ngp_dati_versione_3.xlsx", data)], store)
    assert prepared.ok, [str(p) for p in prepared.problems]
    assert not ingest_preview.build_preview(prepared).has_changes
    template = pipeline.prepare([("modello.xlsx", output.template_workbook())], store)
    assert {p.sheet for p in template.problems if p.is_error} <= {"", *[tb.sheet for tb in TABLES]}


def test_the_page_speaks_english(db, loopback):
    at = run_app(db, page="dati", lang="en", secrets=NO_AUTH)
    upload(at, ("ngp.xlsx", demo_workbook(finance_c028), XLSX))
    assert not at.exception
    assert "Preview of the changes" in texts(at) and "Local mode" in texts(at)
    assert "Confirm and save the new version" in labels(at)
    changed = next(df.value for df in at.dataframe if "Before" in df.value.columns)
    assert changed.iloc[0]["After"] == "Admitted and financed"


def test_safe_to_serve():
    data = DEMO_XLSX.read_bytes()
    assert safe_to_serve(SourceFile("a.xlsx", data))
    assert not safe_to_serve(SourceFile("a.xlsm", data))                # by name alone
    assert not safe_to_serve(SourceFile("a.xlsx", _with_macro(data)))   # by content
    assert safe_to_serve(SourceFile("esiti.csv", b"a;b\n1;2\n"))
    assert not safe_to_serve(SourceFile("a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600))
    assert safe_file_name("../../etc/passwd") == "passwd"
    assert safe_file_name('C:\\dati\\a"b.xlsx') == "a_b.xlsx"


# --- issue 17, items 2 and 7: a filtered export uploaded back; Streamlit's own English words -------------------

def m2_export(db: Path) -> bytes:
    store = open_store(db)
    buffer = io.BytesIO()
    output.export_workbook(store, store.version(store.active_version()), queries.Filters(missions=("M2",)), buffer)
    return buffer.getvalue()


def test_a_filtered_export_is_stated_and_its_removals_must_be_ticked(db, loopback):
    projects = open_store(db).table("projects")
    lost = sorted(projects.loc[projects["mission"] != "M2", "project_id"])
    at = run_app(db, page="dati", secrets=NO_AUTH)
    upload(at, ("m2.xlsx", m2_export(db), XLSX))
    assert not at.exception
    warnings = [w.value for w in at.warning]
    said = "**Questo file è un'esportazione filtrata** (" + md_plain("Missione: M2 · Rivoluzione verde")
    assert any(w.startswith(said) for w in warnings)
    removed = next(w for w in warnings if "Questo caricamento toglie" in w)
    assert all(md_plain(card) in removed for card in lost)
    [tick] = [c for c in at.checkbox if c.key.startswith("dati_removals_")]
    assert tick.label.startswith("Confermo di togliere: ") and not tick.value
    assert next(b for b in at.button if b.key == "dati_confirm").disabled
    tick.check()
    at.run()
    assert not next(b for b in at.button if b.key == "dati_confirm").disabled
    # the tick taken back as the button is pressed (a second tab, a slow network): the callback refuses
    next(c for c in at.checkbox if c.key == tick.key).uncheck()
    next(b for b in at.button if b.key == "dati_confirm").click()
    at.run()
    assert len(versions_of(db)) == 3
    assert any("non sono state confermate" in e.value for e in at.error)
    next(c for c in at.checkbox if c.key == tick.key).check()
    at.run()
    next(b for b in at.button if b.key == "dati_confirm").click()
    at.run()
    assert len(versions_of(db)) == 4
    assert set(open_store(db).table("projects")["project_id"]).isdisjoint(lost)


def test_the_filters_offer_no_english_select_all(db):
    at = run_app(db, secrets=NO_AUTH)
    sidebar = [m for m in at.multiselect if m.key in ("missione", "partner", "esito")]
    assert len(sidebar) == 3
    assert all(m.proto.select_all == 0 and m.placeholder == "Tutti" for m in sidebar)

"""The Novità page's comparison (ngp_data.analytics.changes: counts, restriction, compare) and how it is
shown (ui/changes.py: summary line, display frames), on hand-made diffs and on a two-version store whose
differences are listed by hand below."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from ngp_data.analytics import changes
from ngp_data.analytics.queries import Filters
from ngp_data.formats import EMPTY
from ngp_data.schema import TABLES
from ngp_data.store import Store, TableDiff, UnknownVersion, Version
from ui import changes as shown_changes

M = 1_000_000.0


def frame(table: str, rows: list[dict]) -> pd.DataFrame:
    """A frame of ``table`` with every schema column (missing ones empty)."""
    spec = next(t for t in TABLES if t.name == table)
    data = {c.name: [r.get(c.name) for r in rows] for c in spec.columns}
    out = pd.DataFrame(data, columns=spec.names).astype(object)
    for c in spec.columns:
        if c.kind == "amount":
            out[c.name] = out[c.name].astype("float64")
    return out


def diff(table: str, added=(), removed=(), changed=()) -> TableDiff:
    spec = next(t for t in TABLES if t.name == table)
    changed_frame = pd.DataFrame.from_records(list(changed), columns=[*spec.key, "column", "old", "new"])
    return TableDiff(table, frame(table, list(added)), frame(table, list(removed)), changed_frame)


# --- choosing versions -------------------------------------------------------------------------------------

@pytest.mark.parametrize("ids, active, expected", [
    ([1, 2, 3], 3, (2, 3)),
    ([3, 1, 2, 4], 4, (3, 4)),            # unordered input; a rollback is a new, latest version
    ([1, 2], 1, (1, 2)),                  # active first (never happens after a rollback, but defined)
    ([1, 2, 3], None, (2, 3)),
    ([1], 1, None),
    ([], None, None),
])
def test_default_pair_is_previous_and_active(ids, active, expected):
    assert changes.default_pair(ids, active) == expected


def test_version_label_is_short_plain_text():
    v = Version(7, datetime(2026, 11, 20, 9, 0), "mario.rossi@comune.prato.it", "Esiti di novembre\n" + "x" * 200,
                "import", "esiti.xlsx", "", ("outcomes",), None, False)
    label = shown_changes.version_label(v)
    assert label.startswith("7 · 20/11/2026 · mario.rossi@comune.prato.it · Esiti di novembre x")
    assert label.endswith("…") and "\n" not in label
    assert len(label.split(" · ", 3)[3]) == 70


# --- counting ----------------------------------------------------------------------------------------------

def sample_diffs() -> dict[str, TableDiff]:
    """Two cards updated (one of them twice), a new card; a new application with its outcome row; one
    outcome changed, one recorded for an old application, one removed; amounts moved in three tables."""
    return {
        "projects": diff("projects", added=[{"project_id": "NGP-09", "title": "Nuova"}],
                         changed=[{"project_id": "NGP-01", "column": "state", "old": "Non avviato",
                                   "new": "In esecuzione"},
                                  {"project_id": "NGP-01", "column": "budget_total", "old": 1 * M, "new": 2 * M},
                                  {"project_id": "NGP-02", "column": "description", "old": "a", "new": "b"}]),
        "requests": diff("requests", added=[{"request_id": "C-9", "project_id": "NGP-09"}],
                         removed=[{"request_id": "C-8", "project_id": "NGP-02"}],
                         changed=[{"request_id": "C-1", "column": "amount_requested", "old": 5.0, "new": 6.0}]),
        "outcomes": diff("outcomes",
                         added=[{"request_id": "C-9", "outcome": "Presentata"},       # with its application
                                {"request_id": "C-2", "outcome": "Non ammessa"}],     # recorded: a change
                         removed=[{"request_id": "C-8", "outcome": "Presentata"},     # with its application
                                  {"request_id": "C-3", "outcome": "In istruttoria"}],  # dropped: a change
                         changed=[{"request_id": "C-1", "column": "outcome", "old": "In istruttoria",
                                   "new": "Ammessa e finanziata"},
                                  {"request_id": "C-1", "column": "amount_granted", "old": None, "new": 6.0},
                                  {"request_id": "C-1", "column": "act", "old": None, "new": "DD 1"}]),
        "calls": diff("calls", added=[{"call_id": "B-2"}, {"call_id": "B-3"}]),
        "partners": diff("partners"),
    }


def test_summarize_counts_each_kind_of_change():
    s = changes.summarize(sample_diffs(), requested_delta=1.5 * M, granted_delta=-2.5 * M)
    assert (s.new_cards, s.removed_cards, s.updated_cards) == (1, 0, 2)
    assert (s.new_requests, s.removed_requests) == (1, 1)
    assert s.changed_outcomes == 3                       # C-1 changed, C-2 recorded, C-3 dropped
    assert s.changed_amounts == 3                        # budget, requested, granted (not the act)
    assert (s.new_calls, s.removed_calls) == (2, 0)
    assert s.rows == 1 + 2 + 1 + 1 + 1 + 2 + 2 + 1 + 2   # added + removed + changed rows, every table
    assert not s.empty
    assert changes.summarize({"partners": diff("partners")}).empty


def test_summary_text_in_both_languages_with_plurals_and_signs():
    s = changes.summarize(sample_diffs(), requested_delta=1.5 * M, granted_delta=-2_500_000.0)
    assert shown_changes.summary_text(s).replace("\u00a0", " ") == (
        "1 nuova scheda, 2 schede aggiornate, 1 nuova candidatura, 1 candidatura tolta, 3 esiti cambiati, "
        "3 importi modificati, 2 nuovi bandi, importi richiesti +1,5 M€, importi concessi −2,5 M€")
    assert "+1,5\u00a0M€" in shown_changes.summary_text(s)                   # the amount never wraps
    assert shown_changes.summary_text(s, "en") == ("1 new card, 2 cards updated, 1 new application, 1 application "
                                             "removed, 3 outcomes changed, 3 amounts changed, 2 new calls, "
                                             "amounts requested +€1.5M, amounts granted −€2.5M")
    nothing = changes.summarize({}, 0.0, 0.0)
    assert shown_changes.summary_text(nothing) == "Nessuna differenza tra le due versioni."
    assert shown_changes.summary_text(changes.ChangeSummary(new_requests=3, rows=3)) == "3 nuove candidature"


def test_restrict_keeps_the_rows_of_the_view():
    kept = changes.restrict(sample_diffs(), {"requests": {("C-1",)}, "outcomes": {("C-1",), ("C-9",)},
                                             "projects": set()})
    assert kept["requests"].added.empty and kept["requests"].removed.empty
    assert list(kept["requests"].changed["request_id"]) == ["C-1"]
    assert list(kept["outcomes"].added["request_id"]) == ["C-9"]
    assert set(kept["outcomes"].changed["request_id"]) == {"C-1"}
    assert kept["projects"].empty
    assert len(kept["calls"].added) == 2                 # not in `keep`: left whole


# --- display frames ----------------------------------------------------------------------------------------

def test_format_value_by_column_kind():
    assert shown_changes.format_value("outcomes", "amount_granted", 1_234_567.0) == "1.234.567 €"
    assert shown_changes.format_value("outcomes", "amount_granted", 1234.5, "en") == "€1,234.50"
    assert shown_changes.format_value("requests", "submitted_on", date(2026, 3, 1)) == "01/03/2026"
    assert shown_changes.format_value("projects", "shovel_ready", True) == "sì"
    assert shown_changes.format_value("projects", "shovel_ready", False, "en") == "no"
    assert shown_changes.format_value("outcomes", "outcome", "Non ammessa", "en") == "Not admitted"
    assert shown_changes.format_value("outcomes", "act", None) == EMPTY
    assert shown_changes.format_value("outcomes", "amount_granted", float("nan")) == EMPTY


def test_rows_frame_uses_the_template_headers_and_keeps_values():
    d = sample_diffs()
    described = {"projects": {("NGP-09",): "Nuova"}, "outcomes": {("C-2",): "NGP-02 · Sport"}}
    shown = shown_changes.rows_frame(frame("requests", [{"request_id": "C-9", "project_id": "NGP-09",
                                                    "submitted_on": date(2026, 11, 2), "amount_requested": 9.5}]),
                               "requests", "it", described)
    assert list(shown.frame.columns) == ["ID candidatura", "ID progetto", "Titolo della scheda", "ID bando",
                                         "Proponente", "Data presentazione", "Importo richiesto", "Cofinanziamento"]
    assert shown.frame.iloc[0]["Titolo della scheda"] == "Nuova"
    assert shown.frame.iloc[0]["Importo richiesto"] == 9.5                   # a number, formatted on display
    assert shown.kinds["Importo richiesto"] == "amount" and shown.kinds["Data presentazione"] == "date"
    outcomes = shown_changes.rows_frame(d["outcomes"].added, "outcomes", "en", described)
    assert list(outcomes.frame.columns)[:3] == ["Application ID", "Card", "Outcome"]
    assert outcomes.kinds["Outcome"] == "choice"
    assert list(outcomes.frame["Card"]) == ["", "NGP-02 · Sport"]
    cards = shown_changes.rows_frame(frame("projects", [{"project_id": "NGP-09", "shovel_ready": True}]), "projects")
    assert cards.frame.iloc[0]["Cantierabile"] == "sì"


def test_changes_frame_one_line_per_value_in_the_interface_language():
    d = sample_diffs()
    shown = shown_changes.changes_frame(d["outcomes"].changed, "outcomes", "it",
                                        {"outcomes": {("C-1",): "NGP-01 · Hub"}})
    assert list(shown.frame.columns) == ["ID candidatura", "Scheda", "Colonna", "Prima", "Dopo"]
    assert shown.frame.values.tolist() == [
        ["C-1", "NGP-01 · Hub", "Esito", "In istruttoria", "Ammessa e finanziata"],
        ["C-1", "NGP-01 · Hub", "Importo concesso", "—", "6 €"],
        ["C-1", "NGP-01 · Hub", "Atto", "—", "DD 1"],
    ]
    en = shown_changes.changes_frame(d["projects"].changed, "projects", "en")
    assert list(en.frame.columns) == ["Project ID", "Column", "Before", "After"]
    assert en.frame.iloc[0].tolist() == ["NGP-01", "State", "Not started", "In progress"]
    assert en.frame.iloc[1].tolist() == ["NGP-01", "Total budget", "€1,000,000", "€2,000,000"]
    assert set(en.kinds.values()) == {"text"}
    assert shown_changes.table_counts(d["projects"]) == "1 riga aggiunta · 0 tolte · 2 modificate"
    assert shown_changes.table_counts(d["requests"], "en") == "1 row added · 1 removed · 1 changed"


def test_ordered_puts_applications_and_outcomes_first():
    assert [d.table for d in changes.ordered(sample_diffs())] == ["requests", "outcomes", "projects", "calls",
                                                                   "partners"]


# --- compare() on a real store ------------------------------------------------------------------------------

def portfolio(version: int) -> dict[str, pd.DataFrame]:
    """Version 1, or version 2 with: card P3 (M5) added, P1's budget and P2's state changed, application
    R3 added (with an outcome row), R2's amount changed, R1's grant raised, R2 decided, call B2 added."""
    v2 = version == 2
    projects = [
        {"project_id": "P1", "title": "Hub", "mission": "M2", "lead_partner": "COM",
         "budget_total": 3 * M if v2 else 2 * M},
        {"project_id": "P2", "title": "Piazza", "mission": "M5", "lead_partner": "COM", "budget_total": 1 * M,
         "state": "Concluso" if v2 else "In esecuzione"},
    ] + ([{"project_id": "P3", "title": "Nido", "mission": "M5", "lead_partner": "COM", "budget_total": 4 * M}]
         if v2 else [])
    requests = [
        {"request_id": "R1", "project_id": "P1", "call_id": "B1", "applicant": "COM",
         "submitted_on": date(2025, 1, 10), "amount_requested": 2 * M},
        {"request_id": "R2", "project_id": "P2", "call_id": "B1", "applicant": "COM",
         "submitted_on": date(2025, 2, 10), "amount_requested": 1.2 * M if v2 else 1 * M},
    ] + ([{"request_id": "R3", "project_id": "P3", "call_id": "B2", "applicant": "COM",
           "submitted_on": date(2026, 10, 1), "amount_requested": 0.5 * M}] if v2 else [])
    outcomes = [{"request_id": "R1", "outcome": "Ammessa e finanziata", "decided_on": date(2025, 6, 1),
                 "amount_granted": 1.5 * M if v2 else 1 * M}]
    if v2:
        outcomes += [{"request_id": "R2", "outcome": "Non ammessa", "decided_on": date(2026, 9, 1)},
                     {"request_id": "R3", "outcome": "Presentata"}]
    calls = [{"call_id": "B1", "title": "Bando uno", "allocation": 10 * M}] + (
        [{"call_id": "B2", "title": "Bando due", "allocation": 5 * M}] if v2 else [])
    return {
        "partners": frame("partners", [{"partner_id": "COM", "name": "Comune di Prato"}]),
        "projects": frame("projects", projects),
        "project_partners": frame("project_partners", [{"project_id": p["project_id"], "partner_id": "COM",
                                                         "role": "capofila"} for p in projects]),
        "calls": frame("calls", calls),
        "requests": frame("requests", requests),
        "outcomes": frame("outcomes", outcomes),
    }


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "changes.duckdb")
    s.commit(portfolio(1), comment="prima")
    s.commit(portfolio(2), comment="seconda")
    yield s
    s.close()


def test_compare_counts_the_differences_of_two_versions(store):
    c = changes.compare(store, 1, 2)
    s = c.summary
    assert (s.new_cards, s.updated_cards, s.new_requests, s.changed_outcomes, s.new_calls) == (1, 2, 1, 1, 1)
    assert s.changed_amounts == 3                       # P1 budget, R2 requested, R1 granted
    assert s.requested_delta == pytest.approx(0.2 * M + 0.5 * M)
    assert s.granted_delta == pytest.approx(0.5 * M)
    assert c.in_scope and (c.old, c.new) == (1, 2)
    assert c.descriptions["outcomes"][("R3",)] == "P3 · Nido"
    assert shown_changes.summary_text(s).startswith("1 nuova scheda, 2 schede aggiornate, 1 nuova candidatura, "
                                              "1 esito cambiato, 3 importi modificati, 1 nuovo bando")


def test_compare_with_a_filter_lists_only_the_view(store):
    c = changes.compare(store, 1, 2, Filters(missions=("M5",)))
    s = c.summary
    assert (s.new_cards, s.updated_cards, s.new_requests, s.changed_outcomes, s.changed_amounts) == (1, 1, 1, 1, 1)
    assert list(c.diffs["projects"].changed["project_id"]) == ["P2"]
    assert set(c.diffs["outcomes"].changed["request_id"]) == set()        # R1 (M2) is out of the view
    assert s.granted_delta == pytest.approx(0.0)
    assert list(c.diffs["calls"].added["call_id"]) == ["B2"]
    nothing = changes.compare(store, 1, 2, Filters(missions=("M7",)))
    assert not nothing.in_scope and nothing.summary.empty


def test_compare_is_symmetric_and_refuses_unknown_versions(store):
    back = changes.compare(store, 2, 1).summary
    assert (back.removed_cards, back.removed_requests, back.removed_calls) == (1, 1, 1)
    assert back.granted_delta == pytest.approx(-0.5 * M)
    with pytest.raises(UnknownVersion):
        changes.compare(store, 1, 9)


# --- one sentence per change (analytics/change_lines.py) -------------------------------------------------------

def test_each_change_is_one_sentence_with_names_most_telling_first(store):
    from ngp_data.analytics.change_lines import line_text
    from ngp_data.formats import fmt_eur_cents
    from ngp_data.schema import column

    def h(name, table):
        return column(name, table).label("it")

    lines = changes.compare(store, 1, 2).lines
    texts = [line_text(line) for line in lines]
    assert [line.table for line in lines] == ["outcomes"] * 3 + ["requests"] * 2 + ["projects"] * 3 + ["calls"] + [
        "project_partners"]
    assert texts[:3] == [
        f"P1 · Hub: candidatura R1 al bando B1 «Bando uno» — {h('amount_granted', 'outcomes')} da "
        f"{fmt_eur_cents(1 * M)} a {fmt_eur_cents(1.5 * M)}",                     # 2,5 M€ at stake: first
        f"P2 · Piazza: esito della candidatura R2 al bando B1 «Bando uno» — {h('outcome', 'outcomes')} Non ammessa",
        f"P3 · Nido: esito della candidatura R3 al bando B2 «Bando due» — {h('outcome', 'outcomes')} Presentata",
    ]
    assert (f"P3 · Nido: nuova candidatura R3 al bando B2 «Bando due» — {h('amount_requested', 'requests')} "
            f"{fmt_eur_cents(0.5 * M)}") in texts
    assert f"P2 · Piazza: {h('state', 'projects')} da In esecuzione a Concluso" in texts
    assert "Nuovo bando B2 «Bando due»" in texts
    assert f"P3 · Nido: nuovo partner Comune di Prato — {h('role', 'project_partners')} capofila" in texts
    english = [line_text(line, "en") for line in lines]
    assert english[0].startswith("P1 · Hub: application R1 to call B1 «Bando uno» — ") and " from " in english[0]
    assert changes.compare(store, 1, 2, Filters(missions=("M5",))).lines[0].card == "P2 · Piazza"   # the view only


def test_only_the_first_lines_are_built_and_all_are_counted(store):
    from ngp_data.analytics.change_lines import change_lines

    full = changes.compare(store, 1, 2)
    d = full.diffs
    every = sum(len(x.added) + len(x.removed) + x.n_changed_rows for x in d.values())
    first, total = change_lines(d, store.tables(1), store.tables(2), limit=4)
    assert total == every == full.n_lines == 10 and len(full.lines) == 10
    assert first == full.lines[:4]

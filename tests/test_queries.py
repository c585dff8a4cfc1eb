"""Tests of ngp_data.queries on a small hand-made portfolio whose figures are worked out by hand below.

The dataset (5 cards, 8 applications, 8 calls) is built so that each rule has a witness: an unknown
budget (NGP-02), an unknown amount requested (R4), applications without outcome row (R5 submitted,
R6 not), a revoked grant (R8), an applicant who is neither lead nor partner of the card (CNA on
NGP-04), a partner row without role (CNA on NGP-05), a card without applications (NGP-05) and call
deadlines exactly on and just outside the window of deadlines_ahead.
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from ngp_data.analytics import queries as q
from ngp_data.analytics.queries import Filters
from ngp_data.schema import DECIDED_OUTCOMES, OUTCOME_GROUPS, TABLE_BY_NAME, TABLES
from ngp_data.store import Store

TODAY = date(2026, 11, 1)
M = 1_000_000.0

PARTNERS = [
    ("COM", "Comune di Prato", "ente pubblico", True),
    ("PIN", "PIN – Polo Universitario Città di Prato", "università", True),
    ("ALIA", "Alia spa", "impresa", False),
    ("CNA", "CNA Toscana Centro", "associazione di categoria", True),
    ("GIDA", "G.I.D.A. spa", "impresa", False),
]
# project_id, title, mission, component, measure, lead, budget, axis, state
PROJECTS = [
    ("NGP-01", "Textile Hub", "M2", "M2C1", "M2C1 I1.2", "ALIA", 18.9 * M, "circolare", "In progettazione"),
    ("NGP-02", "Essiccatore fanghi", "M2", "M2C1", "M2C1 I1.1", "GIDA", None, "ecologica", "In esecuzione"),
    ("NGP-03", "Rigenerazione urbana", "M5", "M5C2", "M5C2 I2.1", "COM", 5 * M, "ecologica", "In esecuzione"),
    ("NGP-04", "Sanità digitale", "M6", "M6C1", None, "COM", 1 * M, "digitale", "Scheda (idea)"),
    ("NGP-05", "Hub ex Banci", "M1", None, None, "PIN", 3 * M, "digitale", "Non avviato"),
]
PROJECT_PARTNERS = [
    ("NGP-01", "ALIA", "capofila"), ("NGP-01", "COM", "partner"), ("NGP-01", "CNA", "partner"),
    ("NGP-02", "GIDA", "capofila"),
    ("NGP-03", "COM", "capofila"), ("NGP-03", "PIN", "partner"),
    ("NGP-04", "COM", "capofila"),
    ("NGP-05", "PIN", "capofila"), ("NGP-05", "CNA", None),
]
# call_id, title, source, deadline, allocation
CALLS = [
    ("B1", "Progetti faro economia circolare", "PNRR", date(2022, 3, 14), 600 * M),
    ("B2", "Impianti gestione rifiuti", "PNRR", date(2022, 2, 14), None),
    ("B3", "Rigenerazione urbana", "PNRR", date(2021, 6, 4), 3400 * M),
    ("B4", "FESR sanità territoriale", "FESR", date(2027, 1, 1), 10 * M),      # today + 61 days
    ("B5", "Bando regionale scuole", "Regione", date(2026, 11, 1), 2 * M),     # today
    ("B6", "FSC infrastrutture", "FSC", date(2026, 12, 31), 5 * M),            # today + 60 days
    ("B7", "PNC rigenerazione", "PNC", date(2026, 10, 31), 1 * M),             # yesterday
    ("B8", "Avviso senza scadenza", "altro", None, None),
]
# request_id, project_id, call_id, applicant, submitted_on, amount_requested, cofinancing
REQUESTS = [
    ("R1", "NGP-01", "B1", "ALIA", date(2022, 3, 10), 18.5 * M, 400_000.0),
    ("R2", "NGP-02", "B2", "GIDA", date(2022, 2, 12), 2 * M, None),
    ("R3", "NGP-03", "B3", "COM", date(2021, 6, 1), 1 * M, 100_000.0),
    ("R4", "NGP-03", "B3", "PIN", date(2021, 6, 2), None, None),
    ("R5", "NGP-04", "B4", "CNA", date(2026, 10, 1), 500_000.0, 50_000.0),
    ("R6", "NGP-04", "B5", "COM", None, 300_000.0, None),
    ("R7", "NGP-01", "B6", "COM", date(2026, 9, 15), 200_000.0, None),
    ("R8", "NGP-03", "B3", "COM", date(2021, 6, 3), 400_000.0, 0.0),
]
# request_id, outcome, decided_on, amount_granted, amount_disbursed, act
OUTCOMES = [
    ("R1", "Ammessa non finanziata", date(2022, 6, 30), None, None, "DD 123/2022"),
    ("R2", "Ammessa e finanziata", date(2022, 6, 30), 2 * M, 1.5 * M, "DD 124/2022"),
    ("R3", "Finanziata parzialmente", date(2022, 1, 15), 800_000.0, None, "DM 04/02/2022"),
    ("R4", "Non ammessa", date(2022, 1, 15), None, None, None),
    ("R7", "In istruttoria", None, None, None, None),
    ("R8", "Revocata", date(2023, 2, 10), 400_000.0, 100_000.0, "DD 9/2023"),
]


def _frame(table: str, rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=TABLE_BY_NAME[table].names)


def make_frames() -> dict[str, pd.DataFrame]:
    return {
        "partners": _frame("partners", [dict(partner_id=i, name=n, kind=k, signatory=s)
                                        for i, n, k, s in PARTNERS]),
        "projects": _frame("projects", [
            dict(project_id=i, title=t, mission=m, component=c, measure=ms, lead_partner=lp, budget_total=b,
                 axis=a, state=s, start_date=None, end_date=None, shovel_ready=False, cup=None,
                 description=None)
            for i, t, m, c, ms, lp, b, a, s in PROJECTS]),
        "project_partners": _frame("project_partners", [dict(project_id=p, partner_id=i, role=r)
                                                        for p, i, r in PROJECT_PARTNERS]),
        "calls": _frame("calls", [dict(call_id=i, title=t, source=s, administration=None, measure=None,
                                       published_on=None, deadline=d, allocation=a, link=None)
                                  for i, t, s, d, a in CALLS]),
        "requests": _frame("requests", [dict(request_id=i, project_id=p, call_id=c, applicant=a,
                                             submitted_on=d, amount_requested=r, cofinancing=cf)
                                        for i, p, c, a, d, r, cf in REQUESTS]),
        "outcomes": _frame("outcomes", [dict(request_id=i, outcome=o, decided_on=d, amount_granted=g,
                                             amount_disbursed=e, act=act, cup=None)
                                        for i, o, d, g, e, act in OUTCOMES]),
    }


@pytest.fixture(scope="module")
def loaded(module_db_target):
    """The portfolio above committed once per kind of store; the tests that only read share it."""
    s = Store(module_db_target("q"))
    vid = s.commit(make_frames(), comment="test data")
    yield s, vid
    s.close()


@pytest.fixture
def store(loaded) -> Store:
    return loaded[0]


@pytest.fixture
def v1(loaded) -> int:
    return loaded[1]


@pytest.fixture
def fresh(db_target):
    """An empty store of its own, for a test that commits."""
    s = Store(db_target("q"))
    yield s
    s.close()


# --- an independent reference: plain Python over the rows above ------------------------------------

def effective(request_id: str) -> str:
    row = next((o for o in OUTCOMES if o[0] == request_id), None)
    if row:
        return row[1]
    submitted = next(r for r in REQUESTS if r[0] == request_id)[4]
    return "Presentata" if submitted else "In preparazione"


def ref_kpis(cards: set[str], requests: set[str]) -> q.Kpis:
    """Kpis worked out from the tuples for a given (hand-chosen) set of cards and applications."""
    card_rows = [p for p in PROJECTS if p[0] in cards]
    rows = [r for r in REQUESTS if r[0] in requests]
    out = {o[0]: o for o in OUTCOMES}
    eff = {r[0]: effective(r[0]) for r in rows}
    fin = [r for r in rows if eff[r[0]] in OUTCOME_GROUPS["financed"]]
    decided = [r for r in rows if eff[r[0]] in DECIDED_OUTCOMES]
    pending = [r for r in rows if eff[r[0]] in OUTCOME_GROUPS["pending"]]

    def granted(r):
        return out[r[0]][3] if r in fin and out[r[0]][3] is not None else 0.0

    basis = [r for r in decided if r[5] is not None and not (r in fin and out[r[0]][3] is None)]
    den = sum(r[5] for r in basis)
    return q.Kpis(
        n_cards=len(card_rows), n_budget_unknown=sum(p[6] is None for p in card_rows),
        budget_total=sum(p[6] for p in card_rows if p[6] is not None),
        n_requests=len(rows), n_requested_unknown=sum(r[5] is None for r in rows),
        amount_requested=sum(r[5] for r in rows if r[5] is not None),
        amount_granted=sum(granted(r) for r in fin),
        amount_disbursed=sum(out[r[0]][4] for r in rows if r[0] in out and out[r[0]][4] is not None),
        n_decided=len(decided), n_financed=len(fin),
        success_rate_count=len(fin) / len(decided) if decided else None,
        success_rate_amount=sum(granted(r) for r in basis) / den if den else None,
        n_pending=len(pending), amount_pending=sum(r[5] for r in pending if r[5] is not None),
        n_eligible_not_financed=sum(eff[r[0]] == "Ammessa non finanziata" for r in rows),
    )


def assert_kpis_equal(got: q.Kpis, want: q.Kpis) -> None:
    for name, value in vars(want).items():
        have = getattr(got, name)
        if value is None or have is None:
            assert have is value is None, name
        else:
            assert have == pytest.approx(value), name


ALL_CARDS = {p[0] for p in PROJECTS}
ALL_REQUESTS = {r[0] for r in REQUESTS}

# filter -> (cards shown, applications), worked out by hand from the tables above.
CASES = {
    "none": (Filters(), ALL_CARDS, ALL_REQUESTS),
    "mission": (Filters(missions=("M2",)), {"NGP-01", "NGP-02"}, {"R1", "R2", "R7"}),
    "component": (Filters(components=("M5C2",)), {"NGP-03"}, {"R3", "R4", "R8"}),
    "state": (Filters(states=("In esecuzione",)), {"NGP-02", "NGP-03"}, {"R2", "R3", "R4", "R8"}),
    # COM leads NGP-03 and NGP-04 and is a partner of NGP-01.
    "partner lead+partner": (Filters(partners=("COM",)), {"NGP-01", "NGP-03", "NGP-04"},
                             ALL_REQUESTS - {"R2"}),
    # CNA: partner of NGP-01, listed without role on NGP-05, applicant (only) on NGP-04.
    "partner applicant": (Filters(partners=("CNA",)), {"NGP-01", "NGP-04", "NGP-05"},
                          {"R1", "R5", "R6", "R7"}),
    "partner lead only": (Filters(partners=("ALIA",)), {"NGP-01"}, {"R1", "R7"}),
    "call": (Filters(calls=("B3",)), {"NGP-03"}, {"R3", "R4", "R8"}),
    "outcome no row submitted": (Filters(outcomes=("Presentata",)), {"NGP-04"}, {"R5"}),
    "outcome no row draft": (Filters(outcomes=("In preparazione",)), {"NGP-04"}, {"R6"}),
    "outcome row": (Filters(outcomes=("Ammessa e finanziata", "Revocata")), {"NGP-02", "NGP-03"},
                    {"R2", "R8"}),
    "date from": (Filters(date_from=date(2022, 1, 1)), {"NGP-01", "NGP-02", "NGP-04"},
                  {"R1", "R2", "R5", "R7"}),
    "date to": (Filters(date_to=date(2021, 12, 31)), {"NGP-03"}, {"R3", "R4", "R8"}),
    "date range inclusive": (Filters(date_from=date(2022, 2, 12), date_to=date(2022, 3, 10)),
                             {"NGP-01", "NGP-02"}, {"R1", "R2"}),
    "mission+partner": (Filters(missions=("M2",), partners=("COM",)), {"NGP-01"}, {"R1", "R7"}),
    "mission+partner+outcome": (Filters(missions=("M2",), partners=("COM",), outcomes=("In istruttoria",)),
                                {"NGP-01"}, {"R7"}),
    "partners+states": (Filters(partners=("CNA", "GIDA"), states=("In esecuzione", "Scheda (idea)")),
                        {"NGP-02", "NGP-04"}, {"R2", "R5", "R6"}),
    "call+date": (Filters(calls=("B3", "B1"), date_from=date(2021, 6, 2)), {"NGP-01", "NGP-03"},
                  {"R1", "R4", "R8"}),
    "nothing matches": (Filters(missions=("M2",), calls=("B3",)), set(), set()),
}


# --- headline figures ---------------------------------------------------------------------------------

def test_kpis_unfiltered_by_hand(store, v1):
    k = q.kpis(store, v1, Filters())
    assert k.n_cards == 5
    assert (k.budget_total, k.n_budget_unknown) == (27.9 * M, 1)          # NGP-02's empty budget not 0
    assert (k.n_requests, k.n_requested_unknown) == (8, 1)
    assert k.amount_requested == pytest.approx(22.9 * M)                  # R4 unknown left out
    assert k.amount_granted == pytest.approx(2.8 * M)                     # R2 + R3; revoked R8 not
    assert k.amount_disbursed == pytest.approx(1.6 * M)
    assert (k.n_decided, k.n_financed) == (5, 2)
    assert k.success_rate_count == pytest.approx(0.4)
    # decided with known request: R1 18.5 + R2 2 + R3 1 + R8 0.4 = 21.9 M; granted R2 2 + R3 0.8
    assert k.success_rate_amount == pytest.approx(2.8 / 21.9)
    assert (k.n_pending, k.amount_pending) == (2, 700_000.0)              # R5 without outcome row + R7
    assert k.n_eligible_not_financed == 1


@pytest.mark.parametrize("case", list(CASES))
def test_filters_select_cards_and_requests(store, v1, case):
    f, cards, requests = CASES[case]
    assert set(q.projects_table(store, v1, f)["project_id"]) == cards
    assert set(q.requests_table(store, v1, f)["request_id"]) == requests
    assert_kpis_equal(q.kpis(store, v1, f), ref_kpis(cards, requests))


@pytest.mark.parametrize("case", list(CASES))
def test_breakdowns_agree_with_kpis(store, v1, case):
    """One scope for every function: the same cards and applications add up to the same totals."""
    f = CASES[case][0]
    k = q.kpis(store, v1, f)
    for frame in (q.by_mission(store, v1, f), q.by_component(store, v1, f)):
        assert frame["n_cards"].sum() == k.n_cards
        assert frame["n_requests"].sum() == k.n_requests
        assert frame["budget"].sum() == pytest.approx(k.budget_total)
        assert frame["requested"].sum() == pytest.approx(k.amount_requested)
        assert frame["granted"].sum() == pytest.approx(k.amount_granted)
    budget = q.budget_by_project(store, v1, f)
    assert budget["granted"].sum() == pytest.approx(k.amount_granted)
    assert q.outcome_counts(store, v1, f)["n_requests"].sum() == k.n_requests
    assert len(q.eligible_not_financed(store, v1, f)) == k.n_eligible_not_financed
    if not f.partners:                    # otherwise only the selected partners are listed
        assert q.by_partner(store, v1, f)["n_requests"].sum() == k.n_requests


def test_success_rates_none_when_nothing_decided(store, v1):
    k = q.kpis(store, v1, Filters(outcomes=("Presentata", "In istruttoria")))
    assert k.n_decided == 0
    assert k.success_rate_count is None and k.success_rate_amount is None
    assert (k.n_pending, k.amount_pending) == (2, 700_000.0)


def test_success_rate_amount_skips_unknown_request(store, v1):
    k = q.kpis(store, v1, Filters(calls=("B3",)))       # R3 financed 0.8/1, R4 unknown, R8 revoked 0/0.4
    assert k.success_rate_count == pytest.approx(1 / 3)
    assert k.success_rate_amount == pytest.approx(0.8 / 1.4)


def test_filters_hashable_and_lists_accepted():
    a = Filters(missions=["M2"], partners="COM")
    assert a == Filters(missions=("M2",), partners=("COM",))
    assert hash(a) == hash(Filters(missions=("M2",), partners=("COM",)))
    assert Filters().is_empty and Filters(date_to=TODAY).has_request_filter


# --- breakdowns ---------------------------------------------------------------------------------------

def test_by_mission_by_hand(store, v1):
    m = q.by_mission(store, v1, Filters()).set_index("mission")
    assert list(m.index) == ["M1", "M2", "M5", "M6"]
    assert m.loc["M2"].to_dict() == pytest.approx(dict(
        n_cards=2, n_requests=3, n_financed=1, budget=18.9 * M, requested=20.7 * M, granted=2 * M))
    assert m.loc["M1"].to_dict() == pytest.approx(dict(
        n_cards=1, n_requests=0, n_financed=0, budget=3 * M, requested=0, granted=0))
    m = q.by_mission(store, v1, Filters(calls=("B3",)))
    assert list(m["mission"]) == ["M5"]


def test_by_component_keeps_cards_without_component(store, v1):
    c = q.by_component(store, v1, Filters())
    assert list(c["mission"]) == ["M1", "M2", "M5", "M6"]
    assert pd.isna(c.loc[0, "component"]) and list(c["component"][1:]) == ["M2C1", "M5C2", "M6C1"]
    assert c.iloc[2]["requested"] == pytest.approx(1.4 * M)


def test_by_partner_by_hand(store, v1):
    p = q.by_partner(store, v1, Filters()).set_index("partner_id")
    # cards led + joined: COM 3, CNA 2, PIN 2 (tie on applications too: by name), ALIA 1, GIDA 1
    assert list(p.index) == ["COM", "CNA", "PIN", "ALIA", "GIDA"]
    com = p.loc["COM"]
    assert (com["n_led"], com["n_joined"], com["n_requests"]) == (2, 1, 4)
    assert (com["requested"], com["granted"]) == (1.9 * M, 0.8 * M)
    assert com["success_rate"] == pytest.approx(0.5)
    assert bool(com["signatory"]) and com["kind"] == "ente pubblico"
    assert (p.loc["ALIA", "n_led"], p.loc["ALIA", "n_joined"]) == (1, 0)   # its own capofila row not "joined"
    assert (p.loc["CNA", "n_joined"], p.loc["CNA", "n_requests"]) == (2, 1)
    assert pd.isna(p.loc["CNA", "success_rate"])                           # nothing decided
    assert p.loc["PIN", "requested"] == 0 and p.loc["PIN", "success_rate"] == 0
    assert p.loc["GIDA", "success_rate"] == 1
    only = q.by_partner(store, v1, Filters(partners=("GIDA", "ALIA")))
    assert list(only["partner_id"]) == ["ALIA", "GIDA"]


def test_partner_mission_matrix(store, v1):
    mx = q.partner_mission_matrix(store, v1, Filters())
    cells = {(r.partner_id, r.mission): r.n_cards for r in mx.itertuples()}
    assert cells == {("ALIA", "M2"): 1, ("CNA", "M1"): 1, ("CNA", "M2"): 1, ("CNA", "M6"): 1,
                     ("COM", "M2"): 1, ("COM", "M5"): 1, ("COM", "M6"): 1, ("GIDA", "M2"): 1,
                     ("PIN", "M1"): 1, ("PIN", "M5"): 1}
    mx = q.partner_mission_matrix(store, v1, Filters(missions=("M2",), partners=("COM",)))
    assert list(zip(mx["partner_id"], mx["mission"], mx["n_cards"], strict=True)) == [("COM", "M2", 1)]


def test_budget_by_project_funding_gap(store, v1):
    b = q.budget_by_project(store, v1, Filters()).set_index("project_id")
    assert b.loc["NGP-01", "funding_gap"] == pytest.approx(18.9 * M)       # R1 not financed, R7 pending
    assert bool(b.loc["NGP-02", "budget_unknown"]) and pd.isna(b.loc["NGP-02", "funding_gap"])
    assert b.loc["NGP-02", "granted"] == 2 * M
    # NGP-03: 5 M - granted 0.8 (R3) - cofinancing of financed 0.1 (R3; revoked R8 not counted)
    assert b.loc["NGP-03", ["granted", "cofinancing", "funding_gap"]].tolist() == pytest.approx(
        [0.8 * M, 0.1 * M, 4.1 * M])
    assert b.loc["NGP-03", "requested"] == pytest.approx(1.4 * M)
    assert b.loc["NGP-05", ["n_requests", "funding_gap"]].tolist() == [0, 3 * M]
    assert not b["budget_unknown"].drop("NGP-02").any()


# --- calls and outcomes ---------------------------------------------------------------------------

def test_calls_overview(store, v1):
    c = q.calls_overview(store, v1, Filters()).set_index("call_id")
    assert len(c) == 8
    assert c.loc["B3", ["n_requests", "requested", "granted"]].tolist() == [3, 1.4 * M, 0.8 * M]
    assert c.loc["B8", "n_requests"] == 0 and pd.isna(c.loc["B8", "allocation"])
    assert c.loc["B6", "deadline"] == date(2026, 12, 31)
    assert set(q.calls_overview(store, v1, Filters(missions=("M2",)))["call_id"]) == {"B1", "B2", "B6"}
    assert list(q.calls_overview(store, v1, Filters(calls=("B8",)))["call_id"]) == ["B8"]


def test_deadlines_window_boundaries(store, v1):
    d = q.deadlines_ahead(store, v1, Filters(), TODAY, days=60)
    assert list(d["call_id"]) == ["B5", "B6"]                   # today and today+60 in; B7, B4 out
    assert list(d["days_left"]) == [0, 60]
    assert list(d["n_requests"]) == [1, 1]
    assert list(q.deadlines_ahead(store, v1, Filters(), TODAY, days=61)["call_id"]) == ["B5", "B6", "B4"]
    assert list(q.deadlines_ahead(store, v1, Filters(calls=("B6",)), TODAY)["call_id"]) == ["B6"]
    assert q.deadlines_ahead(store, v1, Filters(), date(2030, 1, 1)).empty


def test_outcome_counts_and_funnel(store, v1):
    oc = q.outcome_counts(store, v1, Filters())
    assert list(oc["outcome"])[:3] == ["In preparazione", "Presentata", "In istruttoria"]
    counts = dict(zip(oc["outcome"], oc["n_requests"], strict=True))
    assert counts == {"In preparazione": 1, "Presentata": 1, "In istruttoria": 1, "Ammessa e finanziata": 1,
                      "Finanziata parzialmente": 1, "Ammessa non finanziata": 1, "Non ammessa": 1,
                      "Ritirata / Rinuncia": 0, "Revocata": 1}
    assert dict(zip(oc["outcome"], oc["outcome_group"], strict=True))["Presentata"] == "pending"
    fn = q.outcome_funnel(store, v1, Filters())
    assert list(fn["stage"]) == ["submitted", "reviewed", "admitted", "financed"]
    assert list(fn["n_requests"]) == [7, 6, 3, 2]
    assert fn["requested"].tolist() == pytest.approx([22.6 * M, 22.1 * M, 21.5 * M, 3 * M])


def test_decisions_over_time(store, v1):
    d = q.decisions_over_time(store, v1, Filters())
    assert d.to_dict("list") == {"month": [date(2022, 1, 1), date(2022, 6, 1), date(2023, 2, 1)],
                                 "n_decisions": [2, 2, 1], "n_financed": [1, 1, 0],
                                 "granted": [0.8 * M, 2 * M, 0.0]}


def test_eligible_not_financed(store, v1):
    e = q.eligible_not_financed(store, v1, Filters())
    assert e[["request_id", "project_title", "call_title", "amount_requested"]].values.tolist() == [
        ["R1", "Textile Hub", "Progetti faro economia circolare", 18.5 * M]]
    assert q.eligible_not_financed(store, v1, Filters(missions=("M5",))).empty


# --- tables ------------------------------------------------------------------------------------------

def test_requests_table_columns(store, v1):
    t = q.requests_table(store, v1, Filters()).set_index("request_id")
    assert pd.isna(t.loc["R5", "outcome"]) and t.loc["R5", "effective_outcome"] == "Presentata"
    assert t.loc["R6", "effective_outcome"] == "In preparazione" and t.loc["R6", "submitted_on"] is None
    assert t.loc["R5", "applicant_name"] == "CNA Toscana Centro"
    assert t.loc["R2", ["project_title", "mission", "call_title", "call_source"]].tolist() == [
        "Essiccatore fanghi", "M2", "Impianti gestione rifiuti", "PNRR"]
    assert pd.isna(t.loc["R4", "amount_requested"])
    assert t.loc["R8", "amount_granted"] == 400_000.0                    # the row's own amount
    assert t.loc["R1", "submitted_on"] == date(2022, 3, 10)


def test_projects_table(store, v1):
    t = q.projects_table(store, v1, Filters()).set_index("project_id")
    assert list(t.index) == ["NGP-01", "NGP-02", "NGP-03", "NGP-04", "NGP-05"]
    cols = ["lead_partner_name", "n_requests", "amount_requested", "amount_granted"]
    assert t.loc["NGP-03", cols].tolist() == ["Comune di Prato", 3, 1.4 * M, 0.8 * M]
    assert pd.isna(t.loc["NGP-02", "budget_total"])
    assert pd.isna(t.loc["NGP-05", "component"])


def test_project_record_known_and_unknown(store, v1):
    r = q.project_record(store, v1, "NGP-01")
    assert r.project["title"] == "Textile Hub" and r.project["lead_partner_name"] == "Alia spa"
    assert r.project["budget_total"] == 18.9 * M
    assert list(zip(r.partners["partner_id"], r.partners["role"], strict=True)) == [
        ("ALIA", "capofila"), ("CNA", "partner"), ("COM", "partner")]
    assert list(r.requests["request_id"]) == ["R1", "R7"]
    assert list(r.requests["effective_outcome"]) == ["Ammessa non finanziata", "In istruttoria"]
    assert r.totals == {"requested": 18.7 * M, "granted": 0.0, "disbursed": 0.0}
    r5 = q.project_record(store, v1, "NGP-05")
    assert r5.requests.empty and list(r5.partners["role"]) == ["capofila", "partner"]
    assert q.project_record(store, v1, "NGP-99") is None


def test_filter_options(store, v1):
    o = q.filter_options(store, v1)
    assert o["missions"] == ["M1", "M2", "M5", "M6"]
    assert o["components"] == ["M2C1", "M5C2", "M6C1"]
    assert o["partners"][0] == ("ALIA", "Alia spa") and len(o["partners"]) == 5
    assert o["states"] == ["Scheda (idea)", "Non avviato", "In progettazione", "In esecuzione"]
    assert o["calls"][0] == ("B1", "Progetti faro economia circolare") and len(o["calls"]) == 8
    assert o["outcomes"][:2] == ["In preparazione", "Presentata"] and len(o["outcomes"]) == 8
    assert o["date_range"] == (date(2021, 6, 1), date(2026, 10, 1))


# --- versions, injection, empty ---------------------------------------------------------------------

def test_queries_pin_their_version(fresh):
    store = fresh
    v1 = store.commit(make_frames(), comment="test data")
    frames = make_frames()
    frames["projects"] = pd.concat([frames["projects"], _frame("projects", [dict(
        project_id="NGP-06", title="Forestazione urbana", mission="M2", component="M2C4", lead_partner="COM",
        budget_total=2 * M)])], ignore_index=True)
    frames["outcomes"].loc[frames["outcomes"]["request_id"] == "R1", ["outcome", "amount_granted"]] = [
        "Ammessa e finanziata", 18.5 * M]
    v2 = store.commit(frames, comment="second")
    assert v2 == v1 + 1 and store.active_version() == v2
    assert_kpis_equal(q.kpis(store, v1, Filters()), ref_kpis(ALL_CARDS, ALL_REQUESTS))
    assert len(q.projects_table(store, v1, Filters())) == 5
    assert q.project_record(store, v1, "NGP-06") is None
    assert q.requests_table(store, v1, Filters()).set_index("request_id").loc["R1", "outcome"] \
        == "Ammessa non finanziata"
    k2 = q.kpis(store, v2, Filters())
    assert (k2.n_cards, k2.n_financed, k2.budget_total) == (6, 3, 29.9 * M)
    assert q.project_record(store, v2, "NGP-06") is not None


HOSTILE = ["M2'; DROP TABLE projects; --", "O'Brien", "x' OR '1'='1", "%", "M2' --"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_filter_values_are_data(store, v1, value):
    for f in (Filters(missions=(value,)), Filters(partners=(value,)), Filters(calls=(value,)),
              Filters(outcomes=(value,)), Filters(states=(value,), components=(value,))):
        assert q.kpis(store, v1, f).n_cards == 0
        assert q.requests_table(store, v1, f).empty
        assert q.by_mission(store, v1, f).empty
    assert q.project_record(store, v1, value) is None
    assert len(store.table("projects", v1)) == 5          # table still there, rows intact


EMPTY_SAFE = [q.by_mission, q.by_component, q.by_partner, q.partner_mission_matrix, q.budget_by_project,
              q.calls_overview, q.decisions_over_time, q.eligible_not_financed, q.requests_table,
              q.projects_table]


@pytest.mark.parametrize("version", ["empty tables", "no version"])
def test_empty_database(fresh, version):
    store = fresh
    vid = store.commit({t.name: _frame(t.name, []) for t in TABLES}) if version == "empty tables" else None
    for f in (Filters(), Filters(missions=("M2",), date_from=TODAY)):
        k = q.kpis(store, vid, f)
        assert (k.n_cards, k.n_requests, k.budget_total, k.amount_requested) == (0, 0, 0.0, 0.0)
        assert k.success_rate_count is None and k.success_rate_amount is None
        for fn in EMPTY_SAFE:
            assert fn(store, vid, f).empty, fn.__name__
        assert q.deadlines_ahead(store, vid, f, TODAY).empty
        assert q.outcome_counts(store, vid, f)["n_requests"].sum() == 0
        assert q.outcome_funnel(store, vid, f)["n_requests"].tolist() == [0, 0, 0, 0]
    assert q.project_record(store, vid, "NGP-01") is None
    o = q.filter_options(store, vid)
    assert o["missions"] == [] and o["partners"] == [] and o["date_range"] == (None, None)


def test_amounts_are_floats_and_dates_are_dates(store, v1):
    t = q.requests_table(store, v1, Filters())
    assert t["amount_requested"].dtype == "float64"
    assert all(d is None or type(d) is date for d in t["submitted_on"])
    assert not any(isinstance(x, float) and math.isnan(x) for x in t["decided_on"])


def test_funding_by_mission_by_hand(store, v1):
    m = q.funding_by_mission(store, v1, Filters()).set_index("mission")
    assert list(m.index) == ["M1", "M2", "M5", "M6"]
    cols = ["n_cards", "n_budget_unknown", "budget", "granted", "cofinancing", "funding_gap",
            "granted_budget_unknown"]
    # M2: NGP-01 (18.9 M, R1 not financed, R7 pending) + NGP-02 (budget unknown, R2 granted 2 M)
    assert m.loc["M2", cols].tolist() == pytest.approx([2, 1, 18.9 * M, 0, 0, 18.9 * M, 2 * M])
    # M5: NGP-03 5 M - granted 0.8 (R3) - cofinancing 0.1 (R3; revoked R8 not counted)
    assert m.loc["M5", cols].tolist() == pytest.approx([1, 0, 5 * M, 0.8 * M, 0.1 * M, 4.1 * M, 0])
    assert m.loc["M1", cols].tolist() == pytest.approx([1, 0, 3 * M, 0, 0, 3 * M, 0])


@pytest.mark.parametrize("case", list(CASES))
def test_funding_by_mission_agrees_with_budget_by_project(store, v1, case):
    f = CASES[case][0]
    m = q.funding_by_mission(store, v1, f)
    b = q.budget_by_project(store, v1, f)
    known = b[~b["budget_unknown"].astype(bool)]
    assert m["n_cards"].sum() == len(b)
    assert m["n_budget_unknown"].sum() == b["budget_unknown"].astype(bool).sum()
    assert m["budget"].sum() == pytest.approx(known["budget_total"].sum())
    assert m["granted"].sum() == pytest.approx(known["granted"].sum())
    assert m["cofinancing"].sum() == pytest.approx(known["cofinancing"].sum())
    assert m["funding_gap"].sum() == pytest.approx(known["funding_gap"].sum())
    assert (m["budget"] - m["granted"] - m["cofinancing"]).tolist() == pytest.approx(m["funding_gap"].tolist())
    assert (m["granted"] + m["granted_budget_unknown"]).sum() == pytest.approx(b["granted"].sum())


def test_funding_by_mission_empty(fresh):
    store = fresh
    assert q.funding_by_mission(store, None, Filters()).empty
    vid = store.commit({t.name: _frame(t.name, []) for t in TABLES})
    assert q.funding_by_mission(store, vid, Filters(missions=("M2",))).empty

"""The follow-up queries (money stages, payments over time, targets) against figures computed here from the
sample CSVs' text and the crafted portfolio, over two official snapshots (``official_fixtures.followup_store``):
the sample as extracted on 31/03/2025, then a later extraction (30/09/2025) whose payments changed."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest

from ngp_data.analytics import followup as fu
from ngp_data.analytics import queries
from ngp_data.analytics.filters import Filters
from tests.official_fixtures import (
    ALSO_ELSEWHERE_CUP,
    CARD_CUPS,
    CARDS,
    ELSEWHERE_CUP,
    FIRST,
    LINKED,
    MISSING_CUP,
    MISSION,
    SECOND,
    amount,
    month,
    number,
    payment_rows,
    sample_rows,
    target_rows,
)
from tests.official_fixtures import (
    followup_store as build,
)


@pytest.fixture(scope="module")
def followup_store(module_db_target):
    store, vid, s1, s2 = build(module_db_target("f"))
    yield store, vid, s1, s2
    store.close()


def paid_by_cup(rows, column="Pagamento PNRR") -> dict[str, float]:
    out = defaultdict(float)
    for r in rows:
        out[r["CUP"]] += amount(r[column]) or 0.0
    return out


PAID1, PAID2 = paid_by_cup(payment_rows()), paid_by_cup(payment_rows(later=True))
PAID_TOTAL = paid_by_cup(payment_rows(), "Pagamento Totale")
FINANCING = paid_by_cup(sample_rows("PNRR_Progetti.csv"), "Finanziamento PNRR")


def ours(pids=None) -> dict[str, float]:
    """Requested, granted (financed only), disbursed of the crafted cards' applications."""
    out = {"requested": 0.0, "granted": 0.0, "disbursed": 0.0}
    for pid, (_, _, _, _, _, _, outcome, granted, paid, _) in CARDS.items():
        if outcome is None or (pids is not None and pid not in pids):
            continue
        out["requested"] += granted or 1e6
        out["granted"] += (granted or 0.0) if outcome == "Ammessa e finanziata" else 0.0
        out["disbursed"] += paid or 0.0
    return out


def test_money_stages_ours_and_official_for_the_linked_cups(followup_store):
    store, vid, s1, s2 = followup_store
    expected = ours()
    for sid, paid in ((s1, PAID1), (s2, PAID2)):
        m = fu.money_stages(store, vid, sid)
        assert (m.requested, m.granted, m.disbursed) == (expected["requested"], expected["granted"],
                                                         expected["disbursed"])
        assert m.to_disburse == expected["granted"] - expected["disbursed"]
        assert m.paid_share == pytest.approx(expected["disbursed"] / expected["granted"])
        assert m.n_cups == len(LINKED) and m.n_cups_found == len(LINKED - {MISSING_CUP})
        found = [c for c in LINKED if c in paid]
        assert m.n_cups_paid == len(found) == 3
        assert m.official_paid == pytest.approx(sum(paid[c] for c in found))
        assert m.official_financing == pytest.approx(sum(FINANCING[c] for c in LINKED if c in FINANCING))
    in_record = {r["CUP"] for r in sample_rows("PNRR_Progetti.csv")}
    linked_cards = {pid for pid, cups in CARD_CUPS.items() if cups & in_record}
    m = fu.money_stages(store, vid, s2)
    assert (m.n_cards_linked, m.disbursed_linked) == (len(linked_cards), ours(linked_cards)["disbursed"])
    assert fu.money_stages(store, vid, s1).official_paid_total == pytest.approx(
        sum(PAID_TOTAL[c] for c in LINKED if c in PAID_TOTAL))


@pytest.mark.parametrize("f", [Filters(), Filters(missions=("M6",)), Filters(partners=("COMUNE-PO",)),
                               Filters(outcomes=("In istruttoria",))])
def test_erogato_is_one_number_everywhere(followup_store, f):
    """The same name, the same figure: Panoramica's Erogato (kpis) = the stages' = the sums by mission/card."""
    store, vid, _, s2 = followup_store
    m = fu.money_stages(store, vid, s2, f)
    k = queries.kpis(store, vid, f)
    assert (m.disbursed, m.granted, m.requested) == (k.amount_disbursed, k.amount_granted, k.amount_requested)
    assert fu.money_by_mission(store, vid, s2, f)["disbursed"].sum() == m.disbursed
    assert fu.money_by_card(store, vid, s2, f)["disbursed"].sum() == m.disbursed
    by_mission = queries.by_mission(store, vid, f).set_index("mission")["granted"]
    assert fu.money_by_mission(store, vid, s2, f).set_index("mission")["granted"].to_dict() == by_mission.to_dict()


def test_money_by_mission_partner_and_card(followup_store):
    store, vid, _, s2 = followup_store
    missions = fu.money_by_mission(store, vid, s2).set_index("mission")
    for mission in sorted(set(MISSION.values())):
        pids = {p for p, m in MISSION.items() if m == mission}
        expected = ours(pids)
        row = missions.loc[mission]
        assert (row["granted"], row["disbursed"]) == (expected["granted"], expected["disbursed"]), mission
        assert row["to_disburse"] == expected["granted"] - expected["disbursed"]
        cups = set().union(*(CARD_CUPS[p] for p in pids)) & set(PAID2)
        if cups:
            assert row["official_paid"] == pytest.approx(sum(PAID2[c] for c in cups)), mission
        else:
            assert row.isna()["official_paid"], mission
    assert missions.loc["M5", "paid_share"] == pytest.approx(1_000_000 / 6_500_000)
    assert missions.loc["M2", "granted"] == 0 and missions.isna().loc["M2", "paid_share"]

    partners = fu.money_by_partner(store, vid).set_index("partner_id")
    for partner in ("COMUNE-PO", "REG", "ALIA"):
        expected = ours({p for p, row in CARDS.items() if row[4] == partner})
        assert (partners.loc[partner, "granted"], partners.loc[partner, "disbursed"]) == (
            expected["granted"], expected["disbursed"]), partner
    cards = fu.money_by_card(store, vid, s2).set_index("project_id")
    assert cards.loc["NGP-01", "official_paid"] == pytest.approx(PAID2[ALSO_ELSEWHERE_CUP])
    assert cards.loc["NGP-02", "to_disburse"] == 600_000 and cards.isna().loc["NGP-03", "official_paid"]


def test_payments_over_time_one_point_per_extraction(followup_store):
    store, vid, s1, s2 = followup_store
    series = fu.payments_over_time(store, vid, s2)
    assert list(series["point_date"]) == [FIRST, SECOND]
    assert list(series["snapshot_id"]) == [s1, s2]
    found = [c for c in LINKED if c in PAID1]
    assert series["paid_pnrr"].tolist() == pytest.approx([sum(PAID1[c] for c in found), sum(PAID2[c] for c in found)])
    card = fu.payments_over_time(store, vid, s2, Filters(), "NGP-01")
    assert card["paid_pnrr"].tolist() == pytest.approx([PAID1[ALSO_ELSEWHERE_CUP], 2_000_000])
    assert fu.payments_over_time(store, vid, s1)["point_date"].tolist() == [FIRST]      # up to the snapshot given
    m6 = fu.payments_over_time(store, vid, s2, Filters(missions=("M6",)))
    assert m6["paid_pnrr"].tolist() == pytest.approx([PAID1["D34E22000300002"] + PAID1[ELSEWHERE_CUP]] * 2)
    ghost = fu.payments_over_time(store, vid, s2, Filters(), "NGP-03")             # its CUP is not in the record
    assert ghost["paid_pnrr"].isna().all() and ghost["n_cups_paid"].tolist() == [0, 0]


def expected_status(r: dict, today: dt.date) -> str:
    """The rule of analytics.followup, written again from the CSV text."""
    achieved, planned = number(r["Valore Realizzato"]), number(r["Valore Programmato"])
    if achieved is None or not planned:
        return "not_reported"
    if achieved >= planned:
        return "met"
    if r["Anno"].strip():
        y, mo = int(r["Anno"]), month(r["Mese"]) or 12
        due = dt.date(y + (mo == 12), mo % 12 + 1, 1) - dt.timedelta(days=1)
    else:
        due = dt.date(2026, 8, 31)
    return "not_met" if due < today else "in_progress"


@pytest.mark.parametrize("today", [dt.date(2026, 11, 23), dt.date(2025, 1, 1)])
def test_targets_of_the_linked_cups_and_their_status(followup_store, today):
    store, vid, _, s2 = followup_store
    rows = [r for r in target_rows() if r["CUP"] in LINKED]
    got = fu.card_targets(store, vid, s2, Filters(), today)
    expected = sorted((pid, r["CUP"], r["Codice Indicatore"], expected_status(r, today))
                      for pid, cups in CARD_CUPS.items() for r in rows if r["CUP"] in cups)
    assert sorted(zip(got["project_id"], got["cup"], got["indicator_code"], got["status"], strict=True)) == expected
    by_mission = fu.targets_by_mission(store, vid, s2, Filters(), today).set_index("mission")
    counts = defaultdict(lambda: defaultdict(int))
    for pid, _, _, status in expected:
        counts[MISSION[pid]][status] += 1
    for mission, c in counts.items():
        row = by_mission.loc[mission]
        assert {s: int(row[f"n_{s}"]) for s in fu.TARGET_STATUSES} == {s: c[s] for s in fu.TARGET_STATUSES}
        assert row["n_targets"] == sum(c.values())
    assert set(by_mission.index) == set(counts)


def test_statuses_cover_every_case_and_a_card_shows_unit_and_due_month(followup_store):
    store, vid, _, s2 = followup_store
    late = fu.card_targets(store, vid, s2, Filters(), dt.date(2026, 11, 23))
    early = fu.card_targets(store, vid, s2, Filters(), dt.date(2025, 1, 1))
    assert set(late["status"]) == {"met", "not_met", "not_reported"}
    assert "in_progress" in set(early["status"])
    one = fu.card_targets(store, vid, s2, Filters(), dt.date(2026, 11, 23), "NGP-02")
    assert one[["indicator_code", "unit", "planned", "achieved", "due_month", "status"]].values.tolist() == [
        ["T0257", "Numero", 1.0, 1.0, "09/2024", "met"]]
    pool = fu.card_targets(store, vid, s2, Filters(), dt.date(2026, 11, 23), "NGP-01").set_index("indicator_code")
    assert pool.loc["T0045", "planned"] == 11_640 and pool.loc["T0045", "due_month"] is None
    assert pool.loc["T0045", "status"] == "not_met"                 # no date: due at the PNRR's end, passed
    assert fu.card_targets(store, vid, s2, Filters(missions=("M1",)), dt.date(2026, 11, 23)).empty

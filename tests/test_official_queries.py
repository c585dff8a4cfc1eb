"""The Riscontro queries against sums computed here from the sample CSVs' text (tests/official_fixtures)."""

from __future__ import annotations

from collections import defaultdict

import pytest

from ngp_data.analytics import official as o
from ngp_data.analytics.filters import Filters
from tests.official_fixtures import (
    ALSO_ELSEWHERE_CUP,
    ELSEWHERE_CUP,
    MISSING_CUP,
    PARTNER_TAX,
    amount,
    riscontro_store,
    sample_rows,
)


@pytest.fixture(scope="module")
def riscontro(module_db_target):
    store, vid, sid = riscontro_store(module_db_target("r"))
    yield store, vid, sid
    store.close()


def _by_cup(rows, column):
    out = defaultdict(float)
    for r in rows:
        out[r["CUP"]] += amount(r[column]) or 0.0
    return out


PROJECTS = sample_rows("PNRR_Progetti.csv")
PAYMENTS = sample_rows("PNRR_Pagamenti_di_Progetto.csv")
FIN = _by_cup(PROJECTS, "Finanziamento PNRR")
PAID = _by_cup(PAYMENTS, "Pagamento PNRR")
LINKED = {ALSO_ELSEWHERE_CUP, "D34E22000300002", ELSEWHERE_CUP, MISSING_CUP}


def test_each_card_sits_beside_its_official_projects(riscontro):
    cards = o.link_cards(*riscontro).set_index("project_id")
    one = cards.loc["NGP-01"]
    assert list(one["cups"]) == [ALSO_ELSEWHERE_CUP] and one["n_found"] == 1
    assert one["granted"] == 6_500_000 and one["disbursed"] == 1_000_000
    assert one["financing_pnrr"] == pytest.approx(FIN[ALSO_ELSEWHERE_CUP])
    assert one["paid_pnrr"] == pytest.approx(PAID[ALSO_ELSEWHERE_CUP])
    assert one["located"] == "comune"
    two = cards.loc["NGP-02"]                                  # its CUP is on the outcome only
    assert list(two["cups"]) == ["D34E22000300002"] and two["financing_pnrr"] == pytest.approx(FIN["D34E22000300002"])
    assert cards.loc["NGP-03", "n_found"] == 0 and cards.loc["NGP-04", "n_cups"] == 0
    assert cards.loc["NGP-05", "located"] == "elsewhere"
    by_cup = o.link_by_cup(*riscontro).set_index("cup")
    assert bool(by_cup.loc["D34E22000300002", "on_outcome"]) and not by_cup.loc["D34E22000300002", "on_card"]
    assert bool(by_cup.loc[ALSO_ELSEWHERE_CUP, "also_elsewhere"]) and not by_cup.loc[MISSING_CUP, "found"]


def test_every_flag_is_raised_where_crafted_and_nowhere_else(riscontro):
    flags = o.flags(*riscontro)
    got = {(r["code"], r["project_id"] or r["partner_id"], r["cup"]) for r in flags.to_dict("records")}
    claimed = {ALSO_ELSEWHERE_CUP, "D34E22000300002", ELSEWHERE_CUP}
    unclaimed = {(o.PARTNER_PROJECT_UNCLAIMED, pid, r["CUP"]) for r in PROJECTS for pid, code in PARTNER_TAX.items()
                 if r["Codice Fiscale Soggetto Attuatore"].zfill(11) == code and r["CUP"] not in claimed}
    assert len(unclaimed) == 5
    assert got == {(o.CUP_NOT_FOUND, "NGP-03", MISSING_CUP), (o.LOCATED_ELSEWHERE, "NGP-05", ELSEWHERE_CUP),
                   (o.AMOUNT_DIFFERS, "NGP-02", "D34E22000300002"),
                   (o.FINANCED_WITHOUT_OFFICIAL, "NGP-04", None),      # NGP-03's CUP: flagged once, not found
                   *unclaimed}
    differs = flags[flags["code"] == o.AMOUNT_DIFFERS].iloc[0]
    assert (differs["ours"], differs["official"]) == (600_000, pytest.approx(FIN["D34E22000300002"]))
    for row in flags.to_dict("records"):
        assert o.describe_flag(row, "it") and o.describe_flag(row, "en")
    reason = o.describe_flag(differs.to_dict(), "it")
    assert "600.000 €" in reason and "523.000 €" in reason and "6.000 €" in reason
    assert "CANTAGALLO" in o.describe_flag(flags[flags["code"] == o.LOCATED_ELSEWHERE].iloc[0].to_dict(), "en")


@pytest.mark.parametrize("ours, official, differ", [
    (600_000, 523_000, True), (50_000, 50_900, False), (50_000, 51_001, True),   # the 1.000 € floor
    (10_000_000, 10_090_000, False), (10_000_000, 10_110_000, True), (None, 5, False)])   # 1 % above
def test_the_tolerance_is_the_larger_of_one_percent_and_a_thousand_euro(ours, official, differ):
    assert o.amounts_differ(ours, official) is differ


def test_totals_by_mission_count_each_row_once_and_say_what_is_linked(riscontro):
    totals = o.totals_by_mission(*riscontro).set_index("mission")
    fin, linked, shared, paid, paid_linked = (defaultdict(float) for _ in range(5))
    for r in PROJECTS:
        if r["CUP"] == ELSEWHERE_CUP:
            continue
        fin[r["Missione"]] += amount(r["Finanziamento PNRR"])
        linked[r["Missione"]] += amount(r["Finanziamento PNRR"]) if r["CUP"] in LINKED else 0
        shared[r["Missione"]] += amount(r["Finanziamento PNRR"]) if r["CUP"] == ALSO_ELSEWHERE_CUP else 0
    for r in PAYMENTS:
        if r["CUP"] == ELSEWHERE_CUP:
            continue
        paid[r["Codice Univoco Submisura"][:2]] += amount(r["Pagamento PNRR"])
        paid_linked[r["Codice Univoco Submisura"][:2]] += amount(r["Pagamento PNRR"]) if r["CUP"] in LINKED else 0
    assert set(totals.index) == set(fin) | set(paid)
    for mission in totals.index:
        row = totals.loc[mission]
        assert row["financing_pnrr"] == pytest.approx(fin[mission])
        assert row["financing_pnrr_linked"] == pytest.approx(linked[mission])
        assert row["financing_pnrr_also_elsewhere"] == pytest.approx(shared[mission])
        assert row["paid_pnrr"] == pytest.approx(paid[mission])
        assert row["paid_pnrr_linked"] == pytest.approx(paid_linked[mission])
    assert totals.loc["M5", "financing_share_linked"] == pytest.approx(linked["M5"] / fin["M5"])


def test_sidebar_filters_apply_to_the_cards(riscontro):
    m6 = Filters(missions=("M6",))
    assert list(o.link_cards(*riscontro, m6)["project_id"]) == ["NGP-02", "NGP-04", "NGP-05"]
    assert o.totals_by_mission(*riscontro, m6).set_index("mission").loc["M5", "financing_pnrr_linked"] == 0
    codes = set(o.flags(*riscontro, m6)["code"])
    assert o.CUP_NOT_FOUND not in codes and o.AMOUNT_DIFFERS in codes


def test_a_cup_with_several_rows_sums_them_once(db_target):
    rows = sample_rows("PNRR_Progetti.csv")
    twin = dict(next(r for r in rows if r["CUP"] == ALSO_ELSEWHERE_CUP))
    twin.update({"Codice Locale Progetto": "SECONDA-RIGA", "Finanziamento PNRR": "1000,5"})
    store, vid, sid = riscontro_store(db_target("twin"), [*rows, twin])
    try:
        card = o.link_cards(store, vid, sid).set_index("project_id").loc["NGP-01"]
        assert card["financing_pnrr"] == pytest.approx(FIN[ALSO_ELSEWHERE_CUP] + 1000.5)
        assert o.official_by_cup(store, sid).set_index("cup").loc[ALSO_ELSEWHERE_CUP, "n_rows"] == 2
        m5 = o.totals_by_mission(store, vid, sid).set_index("mission").loc["M5"]
        assert m5["financing_pnrr_linked"] == pytest.approx(FIN[ALSO_ELSEWHERE_CUP] + 1000.5)
        assert m5["n_cups_linked"] == 1
    finally:
        store.close()

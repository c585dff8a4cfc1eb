"""Da seguire and Prossimi fondi against expectations computed here, in plain Python and pandas, from the
crafted portfolio (tests/attention_fixtures.py) and the sample CSVs' text."""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date, timedelta

import pandas as pd
import pytest

from ngp_data.analytics import attention as a
from ngp_data.analytics import funds
from ngp_data.analytics.filters import NO_FILTERS, Filters
from tests.attention_fixtures import CALLS, CARDS, REQUESTS, TODAY, attention_store, target_rows
from tests.official_fixtures import amount, sample_rows


@pytest.fixture(scope="module")
def crafted(tmp_path_factory):
    store, vid, sid = attention_store(tmp_path_factory.mktemp("att") / "a.duckdb")
    yield store, vid, sid
    store.close()


def lines(crafted, f=NO_FILTERS, **kw):
    store, vid, sid = crafted
    return a.attention(store, vid, sid, f, TODAY, **kw)


def by_code(frame) -> dict[str, list[str]]:
    out = defaultdict(list)
    for code, card in zip(frame["code"], frame["project_id"], strict=True):
        out[code].append(card)
    return {k: sorted(v) for k, v in out.items()}


def _sum_by_cup(rows, column):
    out = defaultdict(float)
    for r in rows:
        out[r["CUP"]] += amount(r[column]) or 0.0
    return out


FIN = _sum_by_cup(sample_rows("PNRR_Progetti.csv"), "Finanziamento PNRR")
PAID = _sum_by_cup(sample_rows("PNRR_Pagamenti_di_Progetto.csv"), "Pagamento PNRR")


def card_cups(pid):
    cup = CARDS[pid][3]
    return {c for c in [cup, *(r[8] for r in REQUESTS.values() if r[0] == pid)] if c}


def expected_little_paid() -> dict[str, str]:
    cutoff = date(TODAY.year - 1, TODAY.month, TODAY.day)
    out = {}
    for pid in CARDS:
        old = [r for r in REQUESTS.values() if r[0] == pid and r[4] == "Ammessa e finanziata" and r[5] <= cutoff]
        granted = sum(r[6] for r in old)
        if not granted:
            continue
        low_ours = sum(r[7] or 0 for r in old) / granted < 0.10
        found = [c for c in card_cups(pid) if c in FIN]
        low_off = bool(found) and sum(PAID[c] for c in found) / sum(FIN[c] for c in found) < 0.10
        if low_ours or low_off:
            out[pid] = "both" if low_ours and low_off else "ours" if low_ours else "official"
    return out


def expected_targets() -> dict[str, int]:
    behind = defaultdict(int)
    for r in target_rows():
        if r["year"] is None or not (r["achieved"] or 0) < r["planned"]:
            continue
        month = r["month"] or 12
        due = date(r["year"], month, calendar.monthrange(r["year"], month)[1])
        if due < TODAY:
            for pid in CARDS:
                if r["cup"] in card_cups(pid):
                    behind[pid] += 1
    return dict(behind)


def test_each_reason_is_raised_where_crafted_and_nowhere_else(crafted):
    got = lines(crafted)
    found = by_code(got)
    assert {pid: s for pid, s in zip(got["project_id"], got["source"], strict=True)
            if pid in found.get("little_paid", [])} == expected_little_paid() == {"A-01": "ours", "A-04": "official"}
    assert found["targets_behind"] == sorted(expected_targets()) == ["A-04"]
    assert found["end_passed"] == ["A-05"]                    # A-06 is completed, A-07 has an actual end
    assert found["amount_differs"] == ["A-05"]
    pending = sorted(r[0] for r in REQUESTS.values()
                     if r[4] in (None, "Presentata", "In istruttoria") and r[2] < TODAY - timedelta(days=180))
    assert found["pending_long"] == pending == ["P-01", "P-03"]
    assert found["scorrimento"] == ["S-01"]
    assert set(found) == set(a.REASONS)


def test_lines_come_most_severe_first_and_say_why_in_both_languages(crafted):
    got = lines(crafted)
    assert list(got["severity"]) == sorted(got["severity"])
    assert list(dict.fromkeys(got["code"])) == [c for c in a.REASONS if c in set(got["code"])]
    one = got[got["code"] == "targets_behind"].iloc[0]
    n = expected_targets()["A-04"]
    assert f"{n} indicatore target in ritardo" in one["why_it"] and "T0079" not in one["why_it"]
    assert "CUP C31C22000130006" in one["why_it"] and "0 su 1 (numero), entro 08/2024" in one["why_it"]
    assert "0 of 1 (numero), due 08/2024" in one["why_en"]
    paid = got[(got["code"] == "little_paid") & (got["project_id"] == "A-01")].iloc[0]
    assert "erogato 50.000 € (5,0%)" in paid["why_it"] and "10%" in paid["why_it"] and paid["amount"] == 1_000_000
    official = got[(got["code"] == "little_paid") & (got["project_id"] == "A-04")].iloc[0]
    assert f"pagato PNRR 0 € su {FIN['C31C22000130006']:,.0f} €".replace(",", ".") in official["why_it"]
    end = got[got["code"] == "end_passed"].iloc[0]
    assert end["since"] == date(2026, 6, 30) and f"({(TODAY - date(2026, 6, 30)).days} giorni fa)" in end["why_it"]
    diff = got[got["code"] == "amount_differs"].iloc[0]
    assert diff["amount"] == pytest.approx(abs(600_000 - FIN["D34E22000300002"]))
    pend = got[(got["code"] == "pending_long") & (got["project_id"] == "P-01")].iloc[0]
    assert "R-08 al bando B1, presentata il 10/01/2026 (317 giorni fa, Presentata)" in pend["why_it"]
    assert "(317 days ago, Submitted)" in pend["why_en"]
    assert "R-11 al bando B1 «Bando B1»" in got[got["code"] == "scorrimento"].iloc[0]["why_it"]


def test_filters_settings_and_a_missing_snapshot(crafted, monkeypatch):
    store, vid, _ = crafted
    m1 = lines(crafted, Filters(missions=("M1",)))
    assert set(m1["project_id"]) == {"A-01", "A-04"}
    assert by_code(lines(crafted, pending_days=400)).get("pending_long") is None
    assert by_code(lines(crafted, pending_days=300))["pending_long"] == ["P-01", "P-03"]
    bare = a.attention(store, vid, None, NO_FILTERS, TODAY)
    assert set(bare["code"]) == {"little_paid", "pending_long", "scorrimento"}
    assert list(bare[bare["code"] == "little_paid"]["project_id"]) == ["A-01"]     # the official one needs the record
    counts = a.counts(bare)
    assert list(counts) == list(a.REASONS) and counts["end_passed"] == 0 and sum(counts.values()) == len(bare)
    monkeypatch.setenv("NGP_PENDING_DAYS", "90")
    assert a.pending_days_setting() == 90
    monkeypatch.setenv("NGP_PENDING_DAYS", "tanti")
    assert a.pending_days_setting() == a.PENDING_DAYS
    assert a.months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert a.months_before(date(2026, 11, 23), 12) == date(2025, 11, 23)


# --- Prossimi fondi ---------------------------------------------------------------------------------------

def expected_open() -> dict[str, str]:
    out = {}
    for cid, (_, _, pub, deadline) in CALLS.items():
        if deadline is not None and deadline >= TODAY:
            out[cid] = "opening" if pub > TODAY else "open"
        elif deadline is None and pub >= TODAY - timedelta(days=funds.UNDATED_OPEN_DAYS):
            out[cid] = "no_deadline"
    return out


def expected_candidates() -> dict[str, dict[str, str]]:
    financed = {r[0] for r in REQUESTS.values() if r[4] == "Ammessa e finanziata"}
    applied = {(r[1], r[0]) for r in REQUESTS.values()}
    out = {}
    for cid in expected_open():
        measure = CALLS[cid][1]
        mission = measure[:2] if measure else None
        component = measure[:4] if measure and len(measure) >= 4 and measure[2] == "C" else None
        found = {}
        for pid, (m, c, state, _) in CARDS.items():
            if state in ("Concluso", "Rendicontato", "Revocato") or (cid, pid) in applied:
                continue
            if component and c == component:
                found[pid] = "component"
            elif mission and m == mission:
                found[pid] = "mission"
            elif not mission and pid not in financed:
                found[pid] = "unfunded"
        out[cid] = found
    return out


def test_open_calls_by_source_with_their_candidate_cards(crafted):
    store, vid, _ = crafted
    calls = funds.open_calls(store, vid, NO_FILTERS, TODAY)
    assert dict(zip(calls["call_id"], calls["status"], strict=True)) == expected_open()
    assert list(calls["call_id"]) == ["K1", "K2", "K6", "K4"]         # PNRR, FESR, FSC, Regione (lists.SOURCES)
    k1 = calls.set_index("call_id").loc["K1"]
    days = (date(2027, 2, 1) - TODAY).days
    assert (k1["call_mission"], k1["call_component"], k1["days_left"]) == ("M2", "M2C1", days)
    found = funds.candidates(store, vid, NO_FILTERS, TODAY)
    got = {cid: dict(zip(g["project_id"], g["match"], strict=True)) for cid, g in found.groupby("call_id")}
    expected = expected_candidates()
    assert got == {k: v for k, v in expected.items() if v}
    assert expected["K1"] == {"P-02": "mission", "A-03": "component"}       # P-01 applied, Z-01 is closed
    assert list(found[found["call_id"] == "K1"]["project_id"]) == ["A-03", "P-02"]   # closest match first
    assert dict(zip(calls["call_id"], calls["n_candidates"], strict=True)) == {k: len(v) for k, v in expected.items()}


def test_cards_not_yet_financed_and_the_filters(crafted):
    store, vid, _ = crafted
    financed = {r[0] for r in REQUESTS.values() if r[4] == "Ammessa e finanziata"}
    expected = sorted(p for p, (_, _, s, _) in CARDS.items()
                      if p not in financed and s not in ("Concluso", "Rendicontato", "Revocato"))
    got = funds.unfunded_cards(store, vid, NO_FILTERS, TODAY)
    assert sorted(got["project_id"]) == expected == ["P-01", "P-02", "P-03", "S-01"]
    assert got.set_index("project_id").loc["P-01", "n_pending"] == 1
    m2 = funds.candidates(store, vid, Filters(missions=("M2",)), TODAY)
    assert set(m2["project_id"]) <= {p for p, c in CARDS.items() if c[0] == "M2"}
    only_k2 = funds.open_calls(store, vid, Filters(calls=("K2",)), TODAY)
    assert list(only_k2["call_id"]) == ["K2"]


def test_the_funds_timeline_has_one_colour_per_source(crafted):
    from ngp_data.analytics.charts import funds_timeline

    store, vid, _ = crafted
    calls = funds.open_calls(store, vid, NO_FILTERS, TODAY)
    fig = funds_timeline(calls, TODAY, "it")
    bars = [tr for tr in fig.data if tr.type == "bar"]
    dated = calls[calls["deadline"].notna()]
    assert [tr.name for tr in bars] == ["PNRR", "FESR", "FSC"] and sum(len(tr.y) for tr in bars) == len(dated)
    assert list(bars[0].text) == ["01/02/2027"] and fig.layout.title.text.startswith("Bandi aperti per fonte")
    assert funds_timeline(calls, TODAY, "en").data[1].name == "ERDF"


def test_a_card_with_many_applications_names_the_first_ones_and_counts_the_rest(tmp_path):
    """Five applications of one card pending for long, four eligible but not financed: the sentence names the
    first three (oldest first), counts the others, and the line's amount and date cover all of them."""
    from ngp_data.store import Store
    from tests.attention_fixtures import committee_frames

    frames = committee_frames()
    pending = {f"R-9{i}": (date(2025, 1, 10) + timedelta(days=7 * i), 10_000.0 * (i + 1)) for i in range(5)}
    eligible = {f"R-8{i}": (date(2023, 3, 1) + timedelta(days=30 * i), 1_000.0 + i) for i in range(4)}
    extra = [{"request_id": rid, "project_id": "P-03", "call_id": "B1", "applicant": "COMUNE-PO",
              "submitted_on": day, "amount_requested": amount} for rid, (day, amount) in pending.items()]
    extra += [{"request_id": rid, "project_id": "S-01", "call_id": "B1", "applicant": "COMUNE-PO",
               "submitted_on": date(2022, 2, 1), "amount_requested": amount} for rid, (_, amount) in eligible.items()]
    frames["requests"] = pd.concat([frames["requests"], pd.DataFrame(extra)], ignore_index=True)
    decided = [{"request_id": rid, "outcome": "Ammessa non finanziata", "decided_on": day}
               for rid, (day, _) in eligible.items()]
    frames["outcomes"] = pd.concat([frames["outcomes"], pd.DataFrame(decided)], ignore_index=True)
    store = Store(tmp_path / "many.duckdb")
    try:
        got = a.attention(store, store.commit(frames), None, NO_FILTERS, TODAY)
    finally:
        store.close()

    pend = got[(got["code"] == "pending_long") & (got["project_id"] == "P-03")].iloc[0]
    r10 = REQUESTS["R-10"]                                   # the card's own pending application, newest of all
    assert pend["amount"] == pytest.approx(r10[3] + sum(amount for _, amount in pending.values()))
    assert pend["since"] == min(day for day, _ in pending.values())
    assert "6 candidature" in pend["why_it"] and "e ancora 3" in pend["why_it"] and "and 3 more" in pend["why_en"]
    named = [rid for rid in ("R-90", "R-91", "R-92", "R-93", "R-94", "R-10") if rid in pend["why_it"]]
    assert named == ["R-90", "R-91", "R-92"]
    scor = got[(got["code"] == "scorrimento") & (got["project_id"] == "S-01")].iloc[0]
    r11 = REQUESTS["R-11"]
    assert scor["amount"] == pytest.approx(r11[3] + sum(amount for _, amount in eligible.values()))
    assert scor["since"] == r11[5]                          # decided 01/06/2022, before the others
    assert "e ancora 2" in scor["why_it"]
    named = [rid for rid in ("R-11", "R-80", "R-81", "R-82", "R-83") if rid in scor["why_it"]]
    assert named == ["R-11", "R-80", "R-81"]

"""The follow-up on the pages (AppTest): Erogato / Da erogare on Panoramica with their sources, the paid share
on Missioni, Partner and Budget, payments over time (two snapshots: two points), the official targets on the
Scheda and by mission; figures recomputed here from the crafted portfolio and the sample CSVs' text."""

from __future__ import annotations

import datetime as dt

import plotly.io as pio
import pytest

from ngp_data.formats import fmt_eur, fmt_eur_short
from tests.apptest_helpers import TODAY, run_app, table_with, texts
from tests.official_fixtures import (
    ALSO_ELSEWHERE_CUP,
    CARD_CUPS,
    LINKED,
    MISSION,
    amount,
    followup_store,
    payment_rows,
    riscontro_store,
    sample_rows,
    target_rows,
)
from tests.test_followup_money import expected_status, ours
from tests.test_pages_committee_b import numbers


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("followup_pages") / "f.duckdb"
    store, *_ = followup_store(path)
    store.close()
    return path


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def metric_help(at, label: str) -> str:
    return next(m.proto.help for m in at.metric if m.label == label)


def figures(at) -> dict:
    return {f.layout.title.text: f for f in (pio.from_json(e.proto.spec, skip_invalid=True)
                                             for e in at.get("plotly_chart"))}


def paid(later: bool, cups) -> float:
    return sum(amount(r["Pagamento PNRR"]) or 0 for r in payment_rows(later) if r["CUP"] in cups)


def test_overview_shows_disbursed_and_still_to_disburse_with_their_sources(db):
    at = run_app(db, demo=False)
    assert not at.exception
    want = ours()
    shown = metrics(at)
    assert shown["Erogato"] == fmt_eur_short(want["disbursed"])
    assert shown["Da erogare"] == fmt_eur_short(want["granted"] - want["disbursed"])
    help_text = metric_help(at, "Erogato")
    assert "Fonte: il comitato" in help_text and fmt_eur(want["disbursed"]) in help_text
    assert fmt_eur(paid(True, LINKED)) in help_text and "30/09/2025" in help_text      # newest snapshot
    assert "= concesso − erogato" in texts(at)
    fig = figures(at)["Pagamenti nel tempo: CUP collegati alle schede"]
    official = next(tr for tr in fig.data if tr.name == "Pagato PNRR (ufficiale)")
    assert numbers(official.y) == pytest.approx([paid(False, LINKED), paid(True, LINKED)])
    committee = next(tr for tr in fig.data if tr.name == "Erogato alle schede collegate (comitato, oggi)")
    linked = {pid for pid, cups in CARD_CUPS.items() if cups & {r["CUP"] for r in sample_rows("PNRR_Progetti.csv")}}
    assert numbers(committee.y) == [ours(linked)["disbursed"]] and str(committee.x[0]).startswith(TODAY)
    assert "alle 3 schede con un CUP nei dati ufficiali" in texts(at)
    assert "licenza CC BY 4.0" in texts(at)


def test_overview_in_english(db):
    at = run_app(db, lang="en", demo=False)
    assert not at.exception
    shown = metrics(at)
    assert shown["Disbursed"] == fmt_eur_short(ours()["disbursed"], "en") and "Still to disburse" in shown
    assert "Payments over time: CUPs linked to the cards" in figures(at)


def test_missions_show_the_paid_share_and_the_targets_by_mission(db):
    at = run_app(db, "missioni", demo=False)
    assert not at.exception
    table = table_with(at, "Quota erogata")
    m5 = ours({p for p, m in MISSION.items() if m == "M5"})
    row = table[table["Missione"].str.startswith("M5")].iloc[0]
    assert row["Erogato"] == m5["disbursed"] and row["Quota erogata"] == pytest.approx(
        m5["disbursed"] / m5["granted"])
    assert row["Pagato PNRR ufficiale"] == pytest.approx(paid(True, CARD_CUPS["NGP-01"]))
    assert "Concesso ed erogato per missione" in figures(at)

    today = dt.date.fromisoformat(TODAY)
    statuses = [expected_status(r, today) for pid, cups in CARD_CUPS.items() for r in target_rows()
                if r["CUP"] in cups]
    shown = metrics(at)
    assert shown["Target raggiunti"] == str(statuses.count("met"))
    assert shown["Target non raggiunti"] == str(statuses.count("not_met"))
    assert f"= raggiunti ÷ target ({statuses.count('met')} ÷ {len(statuses)})" in texts(at)
    targets = table_with(at, "Non rilevati")
    assert int(targets["Target"].sum()) == len(statuses)
    assert int(targets["Non rilevati"].sum()) == statuses.count("not_reported") == 1
    assert "Target raggiunti e non raggiunti per missione" in figures(at)


def test_partner_and_budget_tables_show_the_disbursed_beside_the_granted(db):
    at = run_app(db, "partner", demo=False)
    assert not at.exception
    frames = [d.value for d in at.dataframe if "Erogato" in d.value.columns]
    assert frames
    comune = next(f for f in frames if "Comune di Prato" in set(f["Nome"]))
    row = comune[comune["Nome"] == "Comune di Prato"].iloc[0]
    assert (row["Concesso"], row["Erogato"]) == (6_500_000, 1_000_000)
    assert row["Quota erogata"] == pytest.approx(1 / 6.5)

    at = run_app(db, "budget", demo=False)
    assert not at.exception
    cards = table_with(at, "Da erogare").set_index("ID progetto")
    assert cards.loc["NGP-01", "Erogato"] == 1_000_000 and cards.loc["NGP-01", "Da erogare"] == 5_500_000
    assert cards.loc["NGP-04", "Quota erogata"] == 0


def test_the_card_shows_its_payments_over_time_and_its_targets(db):
    at = run_app(db, "scheda", params={"progetto": "NGP-01"}, demo=False)
    assert not at.exception
    shown = metrics(at)
    assert shown["Erogato"] == fmt_eur_short(1_000_000) and shown["Da erogare"] == fmt_eur_short(5_500_000)
    fig = figures(at)["Pagamenti nel tempo: CUP della scheda"]
    official = next(tr for tr in fig.data if tr.name == "Pagato PNRR (ufficiale)")
    assert numbers(official.y) == pytest.approx([paid(False, {ALSO_ELSEWHERE_CUP}), 2_000_000])
    targets = table_with(at, "Esito del target")
    rows = [r for r in target_rows() if r["CUP"] == ALSO_ELSEWHERE_CUP]
    assert len(targets) == len(rows) == 2
    assert set(targets["Esito del target"]) == {"Non raggiunto"}
    assert set(targets["Descrizione Unità di Misura"]) == {r["Descrizione Unità di Misura"] for r in rows}
    assert "Realizzato ≥ programmato".lower() in texts(at).lower()


def test_one_snapshot_still_draws_one_point_and_says_so(tmp_path):
    store, *_ = riscontro_store(tmp_path / "one.duckdb")
    store.close()
    at = run_app(tmp_path / "one.duckdb", demo=False)
    assert not at.exception
    fig = figures(at)["Pagamenti nel tempo: CUP collegati alle schede"]
    assert len(numbers(next(tr for tr in fig.data if tr.name == "Pagato PNRR (ufficiale)").y)) == 1
    assert "Una sola istantanea ufficiale: un solo punto" in texts(at)

"""The illustrative demo portfolio: complete, consistent, versioned, and re-importable as it is."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from ngp_data import demo
from ngp_data.ingest.pipeline import prepare
from ngp_data.schema import AMOUNT, CUP_RE, DATE, OUTCOME_GROUPS, OUTCOMES, PROJECT_STATES, TABLES
from ngp_data.store import Store

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def versions():
    return demo.demo_versions()


@pytest.fixture(scope="module")
def current(versions):
    return versions[-1][1]


def test_cards_missions_states_outcomes(current):
    projects = current["projects"]
    assert list(projects.project_id) == [f"NGP-{i:02d}" for i in range(1, 25)]
    assert set(projects.mission) == {f"M{i}" for i in range(1, 7)}
    assert set(projects.state) == {it for it, _ in PROJECT_STATES}
    assert set(current["outcomes"].outcome) == {it for it, _ in OUTCOMES}
    assert set(projects.axis.dropna()) == {"ecologica", "digitale", "circolare"}
    assert 100e6 < projects.budget_total.sum() < 400e6
    assert len(current["requests"]) >= 45
    assert len(current["calls"]) >= 15
    assert {"PNRR", "FESR", "FSE+", "FSC", "Regione", "PNC"} <= set(current["calls"].source)


def test_partners(current):
    partners = current["partners"].set_index("partner_id")
    assert partners.signatory.sum() == 13
    assert (~partners.signatory.astype(bool)).sum() == 11
    assert partners.loc["COMUNE-PO", "kind"] == "ente pubblico"
    assert partners.loc["PIN", "kind"] == "università"
    assert set(partners.kind) <= {"ente pubblico", "università", "associazione di categoria", "sindacato",
                                  "impresa", "altro"}


@pytest.mark.parametrize("index", [0, 1, 2])
def test_references_are_consistent(versions, index):
    f = versions[index][1]
    partners = set(f["partners"].partner_id)
    projects, calls = set(f["projects"].project_id), set(f["calls"].call_id)
    assert set(f["projects"].lead_partner) <= partners
    assert set(f["project_partners"].partner_id) <= partners
    assert set(f["project_partners"].project_id) == projects
    assert set(f["requests"].applicant) <= partners
    assert set(f["requests"].project_id) <= projects
    assert set(f["requests"].call_id) <= calls
    assert set(f["outcomes"].request_id) <= set(f["requests"].request_id)
    roles = f["project_partners"]
    leads = roles[roles.role == "capofila"].set_index("project_id").partner_id
    assert leads.to_dict() == f["projects"].set_index("project_id").lead_partner.to_dict()
    per_card = roles.groupby("project_id").size()
    assert per_card.between(2, 5).all()                    # the lead plus 1-4 partners
    for table in TABLES:
        assert not f[table.name].duplicated(list(table.key)).any()


def test_frames_have_the_types_commit_expects(current):
    for table in TABLES:
        frame = current[table.name]
        assert list(frame.columns) == table.names
        for col in table.columns:
            values = frame[col.name]
            if col.kind == AMOUNT:
                assert values.dtype == "float64"
            elif col.kind == DATE:
                assert all(v is None or type(v) is dt.date for v in values)
            else:
                assert all(v is None or isinstance(v, (str, bool)) for v in values)


def test_cups_and_amounts(current):
    cups = pd.concat([current["projects"].cup, current["outcomes"].cup]).dropna()
    assert len(cups) > 10 and all(CUP_RE.match(c) for c in cups)
    assert current["projects"].cup.isna().sum() >= 3                       # some cards have none yet
    merged = current["outcomes"].merge(current["requests"], on="request_id")
    financed = merged[merged.outcome.isin(OUTCOME_GROUPS["financed"])]
    assert financed.cup.notna().all()
    for _, row in financed.iterrows():
        assert row.cup[4:6] == f"{row.decided_on.year % 100:02d}"
        assert row.amount_granted <= row.amount_requested
        if row.amount_disbursed == row.amount_disbursed:                  # not NaN
            assert row.amount_disbursed <= row.amount_granted
    partial = merged[merged.outcome == "Finanziata parzialmente"]
    assert (partial.amount_granted < partial.amount_requested).all()
    assert financed.amount_disbursed.isna().sum() < len(financed)
    pending = merged[~merged.outcome.isin(OUTCOME_GROUPS["financed"])]
    assert pending.amount_granted.isna().all()
    assert len(current["requests"]) > len(current["outcomes"])             # some still without outcome


def test_urban_regeneration_reported_total(current):
    merged = current["outcomes"].merge(current["requests"], on="request_id").merge(
        current["calls"][["call_id", "measure"]], on="call_id")
    regeneration = merged[(merged.measure == "M5C2 I2.1") & (merged.outcome == "Ammessa e finanziata")]
    assert regeneration.amount_granted.sum() == pytest.approx(19_045_000)
    assert set(regeneration.decided_on.map(lambda d: (d.year, d.month))) == {(2022, 1)}


def test_deadlines_ahead(current):
    deadlines = current["calls"].deadline.dropna()
    soon = [d for d in deadlines if TODAY <= d <= TODAY + dt.timedelta(days=60)]
    later = [d for d in deadlines if d > TODAY + dt.timedelta(days=60)]
    assert len(soon) >= 2 and len(later) >= 1


def test_versions_differ_and_are_marked(versions):
    assert len(versions) == 3
    assert all(comment.startswith("Dati dimostrativi (illustrativi): ") for comment, _ in versions)
    for (_, old), (_, new) in zip(versions, versions[1:], strict=False):
        assert len(new["requests"]) > len(old["requests"])
        assert not old["outcomes"].equals(new["outcomes"])
        assert not old["projects"].equals(new["projects"])
    assert demo.demo_versions()[0][1]["outcomes"].equals(versions[0][1]["outcomes"])    # deterministic


def test_load_demo_commits_three_demo_versions(tmp_path, versions):
    store = Store(tmp_path / "t.duckdb")
    try:
        ids = demo.load_demo(store)
        history = store.versions()
        assert [v.version_id for v in history] == ids and len(ids) == 3
        assert all(v.demo and v.kind == "demo" and v.author == demo.DEMO_AUTHOR for v in history)
        assert [v.comment for v in history] == [c for c, _ in versions]
        assert store.active_version() == ids[-1]
        assert len(store.table("requests")) == len(versions[-1][1]["requests"])
        diff = store.diff(ids[0], ids[-1])
        assert not diff["outcomes"].changed.empty and not diff["requests"].added.empty
        assert not diff["projects"].changed.empty
        files = store.files(ids[-1])
        assert [f.name for f in files] == [demo.DEMO_FILE]
        assert files[0].content == demo.workbook_bytes(versions[-1][1])          # same bytes every time
        # The demo workbook re-imports cleanly, with nothing to change.
        prepared = prepare([(demo.DEMO_FILE, files[0].content)], store)
        assert prepared.ok, [str(p) for p in prepared.problems]
        assert all(d.empty for d in prepared.changes.values())
    finally:
        store.close()


def test_ensure_demo_loads_once(tmp_path):
    store = Store(tmp_path / "t.duckdb")
    try:
        assert demo.ensure_demo(store) is True
        assert demo.ensure_demo(store) is False
        assert len(store.versions()) == 3
    finally:
        store.close()


def test_ensure_demo_leaves_real_data_alone(tmp_path, current):
    store = Store(tmp_path / "t.duckdb")
    try:
        store.commit({"partners": current["partners"]}, comment="dati veri")
        assert demo.ensure_demo(store) is False
        assert len(store.versions()) == 1
    finally:
        store.close()


def test_write_files(tmp_path):
    demo_path, template_path = demo.write_files(tmp_path)
    assert openpyxl.load_workbook(demo_path).sheetnames == [t.sheet for t in TABLES]
    assert "Istruzioni" in openpyxl.load_workbook(template_path).sheetnames
    first = (demo_path.read_bytes(), template_path.read_bytes())
    demo.write_files(tmp_path)
    assert (demo_path.read_bytes(), template_path.read_bytes()) == first

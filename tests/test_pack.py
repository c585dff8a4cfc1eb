"""The meeting pack (PDF): read back with poppler's pdftotext/pdfinfo/pdfimages and compared with the pages.

Three packs are built once for the module (they start Chromium and typst: seconds each): the demo in
Italian, the demo filtered on M2, and in English a version whose card title is full of typst markup.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from ngp_data import output
from ngp_data.analytics import attention
from ngp_data.analytics.queries import Filters
from ngp_data.labels import t
from ngp_data.official_schema import ATTRIBUTION, ITALIA_DOMANI
from ngp_data.store import Store
from ngp_data.store import official as official_store
from ngp_data.store.meetings import last_meeting
from tests.apptest_helpers import TODAY, run_app
from tests.conftest import skip_or_fail
from tests.store_helpers import copy_of, demo_database

HOSTILE = "#set $x$ *b* [a] \\ @r <t> _i_ `c` https://e.it/?q=1&a=2"
M2 = Filters(missions=("M2",))
pytestmark = pytest.mark.slow


def _tools() -> None:
    for tool in ("pdftotext", "pdfinfo", "pdfimages"):
        if shutil.which(tool) is None:
            skip_or_fail(f"{tool} (poppler-utils) is not installed")
    if shutil.which("chromium") is None and not Path("/usr/bin/chromium").exists():
        skip_or_fail("chromium is not installed (kaleido needs it for the charts)")


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=60).stdout


def text_of(pdf: Path, *, layout: bool = True, first: int | None = None, last: int | None = None) -> str:
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    return _run("pdftotext", *(["-layout"] if layout else []), *pages, str(pdf), "-")


def page_count(pdf: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", _run("pdfinfo", str(pdf)), re.M).group(1))


@pytest.fixture(scope="module")
def packs(tmp_path_factory):
    """The demo's pack in Italian; and in English, filtered on M2, a new version where a flagged M2 card has
    a title full of typst markup."""
    _tools()
    folder = tmp_path_factory.mktemp("pack")
    pristine = demo_database(folder)
    today = dt.date.fromisoformat(TODAY)
    store = Store(pristine)
    try:
        it = output.build_pack(store, lang="it", today=today)
    finally:
        store.close()
    (folder / "h").mkdir()
    hostile_db = copy_of(pristine, folder / "h")
    store = Store(hostile_db)
    try:
        flagged = attention.attention(store, store.active_version(), official_store.active_snapshot(store), M2, today)
        card = flagged["project_id"].iloc[0]
        before = store.active_version()
        projects = store.table("projects")
        projects.loc[projects["project_id"] == card, "title"] = HOSTILE
        store.commit({"projects": projects}, author="prova@comune.prato.it", comment="titolo ostile")
        stages = []
        en = output.build_pack(store, lang="en", today=today, filters=M2, since_version=before,
                               progress=lambda f, m: stages.append((f, m)))
    finally:
        store.close()
    files = {"it": folder / "it.pdf", "en": folder / "en.pdf"}
    files["it"].write_bytes(it)
    files["en"].write_bytes(en)
    return {"files": files, "db": pristine, "hostile_db": hostile_db, "stages": stages}


def _in_order(lines: list[str], wanted: list[str]) -> list[str]:
    """The items of ``wanted`` not found as whole lines of ``lines`` in that order (each after the previous)."""
    missing, at = [], 0
    for item in wanted:
        try:
            at = lines.index(item, at) + 1
        except ValueError:
            missing.append(item)
    return missing


def _kpis_match(pdf: Path, at) -> None:
    """Each row of four KPI cards reads label, label, …, value, value, … on the pack's Panoramica page."""
    metrics = [(m.label, m.value) for m in at.metric]
    assert len(metrics) == 10, metrics
    lines = [line.strip() for line in text_of(pdf, layout=False, first=2, last=2).splitlines() if line.strip()]
    for start in range(0, len(metrics), 4):
        row = metrics[start:start + 4]
        missing = _in_order(lines, [label for label, _ in row] + [value for _, value in row])
        assert not missing, f"KPIs {row} not in the pack as on the Panoramica: {missing}\n{lines[:60]}"


def test_the_pack_shows_the_panoramica_figures(packs):
    at = run_app(packs["db"], "panoramica")
    _kpis_match(packs["files"]["it"], at)


def test_with_a_mission_filter_in_english_the_figures_are_those_of_the_filtered_panoramica(packs):
    at = run_app(packs["hostile_db"], "panoramica", lang="en", params={"missione": "M2"})
    assert {m.label: m.value for m in at.metric}["Cards"] != {m.label: m.value for m in
                                                             run_app(packs["db"], "panoramica").metric}["Schede"]
    _kpis_match(packs["files"]["en"], at)
    cover = text_of(packs["files"]["en"], last=1)
    assert "M2 · Green revolution and ecological transition" in cover, cover


def test_cover_pages_and_numbers(packs):
    pdf = packs["files"]["it"]
    n = page_count(pdf)
    assert 8 <= n <= 40, n
    cover = text_of(pdf, last=1)
    store = Store(packs["db"])
    try:
        meeting = last_meeting(store)                   # the demo's meeting: the pack compares with its version
    finally:
        store.close()
    for needed in ("Dossier della riunione", "Dati dimostrativi (illustrativi)", "versione 3 del",
                   "23/11/2026", "Filtri applicati", "Nessun filtro", "istantanea 1 del", "Confronto con",
                   f"versione {meeting.version_id} del", f"riunione del {meeting.held_on:%d/%m/%Y}"):
        assert needed in cover, f"{needed!r} not on the cover:\n{cover}"
    pages = text_of(pdf).split("\f")
    for i, page in enumerate(pages[:n], 1):
        assert f"Pagina {i} di {n}" in page, f"page {i} has no number:\n{page[-400:]}"


def test_every_section_and_chart_is_there_as_vector(packs):
    pdf = packs["files"]["it"]
    text = text_of(pdf, layout=False)
    for key in ("page_overview", "page_changes", "page_attention", "deadlines_title", "page_missions",
                "page_partners", "page_budget", "page_calls", "page_funds", "page_official"):
        assert t(key) in text, key
    # the charts' own titles and axes are text in the PDF: the charts are vector drawings, not pictures
    for key in ("ch_progress_mission", "ch_outcome_mix", "ch_partner_money", "ch_partner_mission", "ch_gap",
                "ch_budget_cards", "ch_calls_timeline", "ch_funnel", "ch_decisions", "ch_funds_timeline",
                "ch_treemap", "ch_paid_mission", "ch_money_where", "ch_money_mission", "ch_targets_mission"):
        assert t(key) in text, f"chart {key!r} ({t(key)!r}) missing from the pack"
    images = [line for line in _run("pdfimages", "-list", str(pdf)).splitlines()[2:] if line.strip()]
    assert all(int(line.split()[3]) < 50 for line in images), f"raster images in the pack:\n{images}"
    assert ATTRIBUTION[ITALIA_DOMANI]["it"] in " ".join(text.split())


def test_english_pack_is_english_and_user_text_is_verbatim(packs):
    pdf = packs["files"]["en"]
    text = text_of(pdf, layout=False)
    for needed in ("Meeting pack", "Overview", "What changed", "Needs attention", "Official record",
                   "Illustrative demo data", "Page 1 of", "Filters applied"):
        assert needed in text, needed
    for italian in ("Dossier della riunione", "Pagina 1 di", "Filtri applicati"):
        assert italian not in text, italian
    assert HOSTILE in text, "the card title with typst markup characters must appear as typed"
    assert "version 4 of" in text and "1 card updated" in text, text[:3000]
    assert ATTRIBUTION[ITALIA_DOMANI]["en"] in " ".join(text.split())


def test_progress_names_each_stage_in_order(packs):
    stages = packs["stages"]
    fractions = [f for f, _ in stages]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    messages = " ".join(m for _, m in stages)
    for key in ("pack_stage_data", "pack_stage_charts", "pack_stage_typeset", "pack_stage_done"):
        assert t(key, "en") in messages


def test_a_missing_browser_is_a_clear_message(packs, monkeypatch, tmp_path):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    store = Store(copy_of(packs["db"], tmp_path))
    try:
        with pytest.raises(output.PackError, match="Impossibile esportare i grafici.*BROWSER_PATH"):
            output.build_pack(store, today=dt.date.fromisoformat(TODAY))
    finally:
        store.close()


def test_the_esporta_button_builds_the_pack_and_offers_it(packs, tmp_path):
    at = run_app(copy_of(packs["db"], tmp_path), "esporta", timeout=120, params={"missione": "M6"})
    assert not [d for d in at.get("download_button") if d.proto.label == t("pack_save")]
    at.button(key="pack_build").click().run(timeout=120)
    assert not at.exception and not at.error, [e.value for e in at.error]
    saved = [d for d in at.get("download_button") if d.proto.label == t("pack_save")]
    assert len(saved) == 1
    assert saved[0].proto.url.endswith(".pdf")

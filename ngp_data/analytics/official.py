"""The Riscontro: the committee's cards against the state's official record, linked by CUP.

Every function reads one pinned version (``version_id``) and one official snapshot (``snapshot_id``);
the sidebar's filters select the committee's side through the shared ``SCOPE`` (cards shown ``fp``,
filtered applications ``fr``). Rules, each decided here once:

* **A card's CUPs** are the card's own ``cup`` plus the ``cup`` of the outcomes of its *filtered*
  applications (so a call filter compares that call's grant with that call's CUPs).
* **Ours**: granted = ``amount_granted`` of the financed filtered applications (``fr.granted``, as in
  ``queries``); disbursed = ``amount_disbursed`` of every filtered application.
* **One official project per CUP.** A CUP may have several rows in ``official_projects`` (several
  Codice Locale Progetto or submeasures): its financing is the sum of its rows, each row once;
  payments likewise from ``official_payments``. Text fields (title, implementer, state, phase) come
  from its first row by key, dates are the earliest start and the latest end.
* **Where**: a CUP is *in the Comune* if one of its locations is (``comune_code``, ISTAT, the
  snapshot's Comune unless given), *elsewhere* if it has locations and none is, *unknown* if the
  snapshot has no location row for it (an import keeps only the Comune's projects, so an unknown
  one counts as the Comune's). ``also_elsewhere`` marks a project located in other towns too.
* **Totals by mission** (:func:`totals_by_mission`): every official row of the snapshot not
  located only elsewhere, counted once, in the mission of its row (a payment row in its
  submeasure's mission, else its CUP's). A project located in several towns counts *whole* — the
  committee sees the project, not a share of it — and ``*_also_elsewhere`` says how much of each
  total is such projects (the page says so). The linked share is the money of the CUPs that a card
  *shown* claims: the filters narrow it.
* **Amounts differ** when ``|ours − official| > max(1% of the larger, 1.000 €)``
  (:func:`amounts_differ`, ``AMOUNT_TOLERANCE``); compared only when the card has a granted amount
  and at least one CUP found.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..formats import fmt_eur_cents
from ..kinds import normalise_tax_code
from ..labels import t
from ..official_schema import DEFAULT_COMUNE
from ..store.connection import one
from .filters import NO_FILTERS, Filters, in_filter, run_scoped

CUP_NOT_FOUND = "cup_not_found"
LOCATED_ELSEWHERE = "located_elsewhere"
AMOUNT_DIFFERS = "amount_differs"
FINANCED_WITHOUT_OFFICIAL = "financed_without_official"
PARTNER_PROJECT_UNCLAIMED = "partner_project_unclaimed"
FLAGS = (CUP_NOT_FOUND, LOCATED_ELSEWHERE, AMOUNT_DIFFERS, FINANCED_WITHOUT_OFFICIAL, PARTNER_PROJECT_UNCLAIMED)
AMOUNT_TOLERANCE = (0.01, 1000.0)          # (share of the larger amount, euro): the larger of the two
IN_COMUNE, ELSEWHERE, UNKNOWN = "comune", "elsewhere", "unknown"
FLAG_COLUMNS = ["code", "project_id", "cup", "ours", "official", "partner_id", "partner_name", "tax_code", "detail"]


def amounts_differ(ours: float | None, official: float | None) -> bool:
    """True when both are known and differ by more than the tolerance (``AMOUNT_TOLERANCE``)."""
    if ours is None or official is None or pd.isna(ours) or pd.isna(official):
        return False
    share, floor = AMOUNT_TOLERANCE
    return abs(float(ours) - float(official)) > max(share * max(abs(ours), abs(official)), floor)


def snapshot_comune(store, snapshot_id: int | None) -> str:
    """The ISTAT code the snapshot's rows were kept for (the default Comune when unknown)."""
    row = one(store.cursor(), "SELECT comune FROM official_snapshots WHERE snapshot_id = ?", [snapshot_id])
    return row[0] if row and row[0] else DEFAULT_COMUNE


# Per CUP of the snapshot: the official project (rows summed once), where it is, what was paid.
_OFFICIAL = """
op AS (
    SELECT cup, count(*) AS n_rows, sum(financing_pnrr)::DOUBLE AS financing_pnrr,
           sum(financing_total)::DOUBLE AS financing_total,
           first(title ORDER BY local_code, submeasure) AS official_title,
           first(mission ORDER BY local_code, submeasure) AS official_mission,
           string_agg(DISTINCT submeasure, ', ' ORDER BY submeasure) AS submeasure,
           first(implementer ORDER BY local_code, submeasure) AS implementer,
           first(implementer_tax_code ORDER BY local_code, submeasure) AS implementer_tax_code,
           first(cup_state ORDER BY local_code, submeasure) AS cup_state,
           first(progress_state ORDER BY local_code, submeasure) AS progress_state,
           first(phase ORDER BY local_code, submeasure) AS phase,
           min(start_planned) AS start_planned, min(start_actual) AS start_actual,
           max(end_planned) AS end_planned, max(end_actual) AS end_actual
    FROM official_projects WHERE snapshot_id = $s GROUP BY cup
), ol AS (
    SELECT cup, bool_or(lpad(comune_code, 6, '0') = $comune) AS in_comune,
           bool_or(lpad(comune_code, 6, '0') <> $comune) AS any_elsewhere,
           string_agg(DISTINCT coalesce(comune, comune_code), ', ' ORDER BY coalesce(comune, comune_code))
               FILTER (WHERE lpad(comune_code, 6, '0') <> $comune) AS other_places
    FROM official_locations WHERE snapshot_id = $s GROUP BY cup
), opay AS (
    SELECT cup, sum(paid_pnrr)::DOUBLE AS paid_pnrr, sum(paid_total)::DOUBLE AS paid_total
    FROM official_payments WHERE snapshot_id = $s GROUP BY cup
), ocup AS (
    SELECT op.*, opay.paid_pnrr, opay.paid_total,
           CASE WHEN ol.cup IS NULL THEN 'unknown' WHEN ol.in_comune THEN 'comune' ELSE 'elsewhere' END AS located,
           coalesce(ol.in_comune AND ol.any_elsewhere, false) AS also_elsewhere, ol.other_places
    FROM op LEFT JOIN ol USING (cup) LEFT JOIN opay USING (cup)
), cc AS (
    SELECT project_id, cup, bool_or(on_card) AS on_card, bool_or(NOT on_card) AS on_outcome
    FROM (SELECT project_id, cup, true AS on_card FROM fp WHERE cup IS NOT NULL
          UNION ALL SELECT project_id, cup, false FROM fr WHERE cup IS NOT NULL)
    GROUP BY ALL
), ours AS (
    SELECT project_id, count(*) FILTER (WHERE is_financed) AS n_financed,
           sum(granted)::DOUBLE AS granted, sum(amount_disbursed)::DOUBLE AS disbursed
    FROM fr GROUP BY 1
)"""


def _run(store, version_id, snapshot_id, f: Filters, select: str, comune: str | None, ctes: str = "") -> pd.DataFrame:
    params = {"s": snapshot_id, "comune": comune or snapshot_comune(store, snapshot_id)}
    return run_scoped(store, version_id, f, select, ctes=_OFFICIAL.strip() + ctes, params=params)


def run_official(store, version_id: int | None, snapshot_id: int | None, f: Filters, select: str, *,
                 ctes: str = "", params: dict[str, Any] | None = None, comune: str | None = None) -> pd.DataFrame:
    """A SELECT over the Riscontro's CTEs (``op``, ``ol``, ``opay``, ``ocup``; ``cc``: the cards shown and
    their CUPs by the rule above; ``ours``), for other modules that follow the linked CUPs (``followup``).
    ``ctes`` start with a comma; ``params`` are bound beside ``$s`` (snapshot) and ``$comune``."""
    return run_scoped(store, version_id, f, select, ctes=_OFFICIAL.strip() + ctes,
                      params={"s": snapshot_id, "comune": comune or snapshot_comune(store, snapshot_id),
                              **(params or {})})


def official_by_cup(store, snapshot_id: int | None, *, comune: str | None = None) -> pd.DataFrame:
    """One row per CUP of the snapshot's official projects (see the rules above).

    Columns: cup, n_rows, financing_pnrr, financing_total, official_title, official_mission, submeasure,
    implementer, implementer_tax_code, cup_state, progress_state, phase, start_planned, start_actual,
    end_planned, end_actual, paid_pnrr, paid_total, located (comune | elsewhere | unknown),
    also_elsewhere, other_places. Ordered by CUP.
    """
    return _run(store, None, snapshot_id, NO_FILTERS, "SELECT * FROM ocup ORDER BY cup", comune)


def link_by_cup(store, version_id: int | None, snapshot_id: int | None, f: Filters = NO_FILTERS, *,
                comune: str | None = None) -> pd.DataFrame:
    """One row per (card shown, CUP): the CUP's source and its official project, if any.

    Columns: project_id, title, cup, on_card, on_outcome (where the CUP is written), found (in the
    snapshot's official projects), then :func:`official_by_cup`'s columns (None when not found).
    Ordered by card, CUP.
    """
    return _run(store, version_id, snapshot_id, f, """
        SELECT cc.project_id, fp.title, cc.cup, cc.on_card, cc.on_outcome, ocup.cup IS NOT NULL AS found,
               ocup.* EXCLUDE (cup)
        FROM cc JOIN fp ON fp.project_id = cc.project_id LEFT JOIN ocup ON ocup.cup = cc.cup
        ORDER BY cc.project_id, cc.cup""", comune)


def link_cards(store, version_id: int | None, snapshot_id: int | None, f: Filters = NO_FILTERS, *,
               comune: str | None = None) -> pd.DataFrame:
    """One row per card shown: ours beside the official figures of its CUPs found.

    Columns: project_id, title, mission, state, start_date, end_date, n_financed, granted, disbursed
    (ours); cups (list, sorted), n_cups, n_found; financing_pnrr, financing_total, paid_pnrr,
    paid_total (sums over its CUPs found; None when none is found), progress_state, phase (its CUPs',
    distinct, joined by " · "), start_planned, start_actual (earliest), end_planned, end_actual
    (latest), located (comune if any CUP is, else elsewhere, else unknown; None with no CUP found).
    """
    return _run(store, version_id, snapshot_id, f, """
        SELECT fp.project_id, fp.title, fp.mission, fp.state, fp.start_date, fp.end_date,
               coalesce(ours.n_financed, 0) AS n_financed, ours.granted, ours.disbursed,
               coalesce(l.cups, []) AS cups, coalesce(l.n_cups, 0) AS n_cups, coalesce(l.n_found, 0) AS n_found,
               l.financing_pnrr, l.financing_total, l.paid_pnrr, l.paid_total, l.progress_state, l.phase,
               l.start_planned, l.start_actual, l.end_planned, l.end_actual, l.located
        FROM fp LEFT JOIN ours USING (project_id) LEFT JOIN l USING (project_id)
        ORDER BY fp.project_id""", comune, """,
        l AS (
            SELECT cc.project_id, list(cc.cup ORDER BY cc.cup) AS cups, count(*) AS n_cups,
                   count(ocup.cup) AS n_found, sum(financing_pnrr) AS financing_pnrr,
                   sum(financing_total) AS financing_total, sum(paid_pnrr) AS paid_pnrr,
                   sum(paid_total) AS paid_total,
                   string_agg(DISTINCT progress_state, ' · ' ORDER BY progress_state) AS progress_state,
                   string_agg(DISTINCT phase, ' · ' ORDER BY phase) AS phase,
                   min(start_planned) AS start_planned, min(start_actual) AS start_actual,
                   max(end_planned) AS end_planned, max(end_actual) AS end_actual,
                   CASE WHEN bool_or(located = 'comune') THEN 'comune' WHEN bool_or(located = 'elsewhere')
                        THEN 'elsewhere' WHEN count(ocup.cup) > 0 THEN 'unknown' END AS located
            FROM cc LEFT JOIN ocup USING (cup) GROUP BY cc.project_id)""")


def partner_projects(store, version_id: int | None, snapshot_id: int | None, f: Filters = NO_FILTERS, *,
                     comune: str | None = None) -> pd.DataFrame:
    """Official projects not located only elsewhere whose implementer is a partner (by tax code, zeros
    restored on both sides: ``kinds.normalise_tax_code``); the sidebar's partner filter applies.

    Columns: partner_id, partner_name, tax_code, then :func:`official_by_cup`'s columns, and claimed
    (a card of the version, any filter aside, carries the CUP, on itself or on an outcome).
    """
    official = _run(store, version_id, snapshot_id, NO_FILTERS, """
        SELECT ocup.*, ocup.cup IN (SELECT cup FROM projects WHERE version_id = $v AND cup IS NOT NULL
                                    UNION SELECT cup FROM outcomes WHERE version_id = $v AND cup IS NOT NULL)
                           AS claimed
        FROM ocup WHERE located <> 'elsewhere'""", comune)
    partners = run_scoped(store, version_id, f, f"""
        SELECT partner_id, name AS partner_name, tax_code FROM partners
        WHERE version_id = $v AND tax_code IS NOT NULL AND {in_filter('partners', 'partner_id')}""")
    official["tax_code"] = official["implementer_tax_code"].map(normalise_tax_code)
    partners["tax_code"] = partners["tax_code"].map(normalise_tax_code)
    found = partners.merge(official, on="tax_code", how="inner")
    return found.sort_values(["partner_id", "cup"], ignore_index=True)


def flags(store, version_id: int | None, snapshot_id: int | None, f: Filters = NO_FILTERS, *,
          comune: str | None = None) -> pd.DataFrame:
    """Every flag of the cards shown, one row each (codes: ``FLAGS``; reason: :func:`describe_flag`).

    Columns: code, project_id (None for a partner's unclaimed project), cup, ours, official (the two
    amounts of ``amount_differs``; official financing of an unclaimed project), partner_id, partner_name,
    tax_code (of ``partner_project_unclaimed``), detail (other places; "no_cup"; the
    official title). Ordered by code (``FLAGS`` order), card, CUP.
    """
    out: list[dict[str, Any]] = []

    def add(code, project_id=None, cup=None, ours=None, official=None, partner=(None, None, None), detail=None):
        out.append(dict(zip(FLAG_COLUMNS, (code, project_id, cup, ours, official, *partner, detail), strict=True)))

    for r in link_by_cup(store, version_id, snapshot_id, f, comune=comune).to_dict("records"):
        if not r["found"]:
            add(CUP_NOT_FOUND, r["project_id"], r["cup"])
        elif r["located"] == ELSEWHERE:
            add(LOCATED_ELSEWHERE, r["project_id"], r["cup"], detail=r["other_places"])
    cards = link_cards(store, version_id, snapshot_id, f, comune=comune)
    for c in cards.to_dict("records"):
        if c["n_financed"] and len(c["cups"]) == 0:  # CUPs not found are flagged once each, as cup_not_found
            add(FINANCED_WITHOUT_OFFICIAL, c["project_id"], None, detail="no_cup")
    out += amount_flags(cards)
    unclaimed = partner_projects(store, version_id, snapshot_id, f, comune=comune)
    for r in unclaimed[~unclaimed["claimed"].astype(bool)].to_dict("records"):
        add(PARTNER_PROJECT_UNCLAIMED, None, r["cup"], official=_num(r["financing_pnrr"]),
            partner=(r["partner_id"], r["partner_name"], r["tax_code"]), detail=r["official_title"])
    frame = pd.DataFrame(out, columns=FLAG_COLUMNS)
    frame["_order"] = frame["code"].map(FLAGS.index)
    frame = frame.sort_values(["_order", "project_id", "cup"], na_position="first", ignore_index=True)
    texts = [c for c in FLAG_COLUMNS if c not in ("ours", "official")]
    frame[texts] = frame[texts].astype(object).where(frame[texts].notna(), None)
    return frame.drop(columns="_order")


def amount_flags(cards: pd.DataFrame) -> list[dict[str, Any]]:
    """The ``amount_differs`` flags (rows of :func:`flags`) of the cards of a :func:`link_cards` frame: a card
    with a CUP found whose grant differs from its CUPs' official PNRR financing (:func:`amounts_differ`)."""
    empty = dict.fromkeys(FLAG_COLUMNS)
    return [{**empty, "code": AMOUNT_DIFFERS, "project_id": c["project_id"], "cup": ", ".join(c["cups"]),
             "ours": _num(c["granted"]), "official": _num(c["financing_pnrr"])}
            for c in cards.to_dict("records")
            if c["n_found"] and amounts_differ(_num(c["granted"]), _num(c["financing_pnrr"]))]


def describe_flag(flag: dict[str, Any], lang: str = "it") -> str:
    """A flag row's reason in ``lang`` (labels ``flag_<code>_reason``)."""
    code, card, cup = flag["code"], flag.get("project_id") or "", flag.get("cup") or ""
    if code == AMOUNT_DIFFERS:
        ours, official = float(flag["ours"]), float(flag["official"])
        share, floor = AMOUNT_TOLERANCE
        return t("flag_amount_differs_reason", lang, card=card, ours=fmt_eur_cents(ours, lang),
                 official=fmt_eur_cents(official, lang), difference=fmt_eur_cents(abs(ours - official), lang),
                 tolerance=fmt_eur_cents(max(share * max(ours, official), floor), lang))
    if code == FINANCED_WITHOUT_OFFICIAL:
        why = t("flag_why_no_cup", lang) if flag["detail"] == "no_cup" else t("flag_why_not_found", lang, cups=cup)
        return t("flag_financed_without_official_reason", lang, card=card, why=why)
    if code == LOCATED_ELSEWHERE:
        return t("flag_located_elsewhere_reason", lang, card=card, cup=cup, places=flag.get("detail") or "—")
    if code == PARTNER_PROJECT_UNCLAIMED:
        return t("flag_partner_project_unclaimed_reason", lang, cup=cup, title=flag.get("detail") or "—",
                 partner=flag.get("partner_name") or flag.get("partner_id") or "", tax_code=flag.get("tax_code") or "—")
    return t(f"flag_{code}_reason", lang, card=card, cup=cup)


def totals_by_mission(store, version_id: int | None, snapshot_id: int | None, f: Filters = NO_FILTERS, *,
                      comune: str | None = None) -> pd.DataFrame:
    """Official financing and payments in the Comune by mission, and the share linked to the cards shown.

    Counting rules: the module docstring. Columns: mission, n_cups, n_cups_linked, financing_pnrr,
    financing_total, financing_pnrr_linked, financing_share_linked (None when 0), financing_pnrr_also_elsewhere,
    paid_pnrr, paid_total, paid_pnrr_linked, paid_share_linked, paid_pnrr_also_elsewhere. Ordered by mission.
    """
    return _run(store, version_id, snapshot_id, f, """
        SELECT coalesce(fin.mission, pay.mission) AS mission, coalesce(fin.n_cups, 0) AS n_cups,
               coalesce(fin.n_cups_linked, 0) AS n_cups_linked,
               coalesce(fin.financing_pnrr, 0) AS financing_pnrr, coalesce(fin.financing_total, 0) AS financing_total,
               coalesce(fin.financing_pnrr_linked, 0) AS financing_pnrr_linked,
               fin.financing_pnrr_linked / nullif(fin.financing_pnrr, 0) AS financing_share_linked,
               coalesce(fin.financing_pnrr_also_elsewhere, 0) AS financing_pnrr_also_elsewhere,
               coalesce(pay.paid_pnrr, 0) AS paid_pnrr, coalesce(pay.paid_total, 0) AS paid_total,
               coalesce(pay.paid_pnrr_linked, 0) AS paid_pnrr_linked,
               pay.paid_pnrr_linked / nullif(pay.paid_pnrr, 0) AS paid_share_linked,
               coalesce(pay.paid_pnrr_also_elsewhere, 0) AS paid_pnrr_also_elsewhere
        FROM fin FULL OUTER JOIN pay USING (mission)
        ORDER BY 1 NULLS LAST""", comune, """,
        place AS (SELECT cup, in_comune AND any_elsewhere AS also_elsewhere, NOT in_comune AS only_elsewhere
                  FROM ol),
        linked AS (SELECT DISTINCT cup FROM cc),
        rows_in AS (
            SELECT p.*, coalesce(place.also_elsewhere, false) AS also_elsewhere,
                   p.cup IN (SELECT cup FROM linked) AS linked
            FROM official_projects p LEFT JOIN place USING (cup)
            WHERE p.snapshot_id = $s AND NOT coalesce(place.only_elsewhere, false)),
        fin AS (
            SELECT mission, count(DISTINCT cup) AS n_cups, count(DISTINCT cup) FILTER (WHERE linked) AS n_cups_linked,
                   sum(financing_pnrr)::DOUBLE AS financing_pnrr, sum(financing_total)::DOUBLE AS financing_total,
                   sum(financing_pnrr) FILTER (WHERE linked)::DOUBLE AS financing_pnrr_linked,
                   sum(financing_pnrr) FILTER (WHERE also_elsewhere)::DOUBLE AS financing_pnrr_also_elsewhere
            FROM rows_in GROUP BY mission),
        pay AS (
            SELECT coalesce(CASE WHEN regexp_matches(y.submeasure, '^M[1-7]') THEN left(y.submeasure, 2) END,
                            op.official_mission) AS mission,
                   sum(y.paid_pnrr)::DOUBLE AS paid_pnrr, sum(y.paid_total)::DOUBLE AS paid_total,
                   sum(y.paid_pnrr) FILTER (WHERE y.cup IN (SELECT cup FROM linked))::DOUBLE AS paid_pnrr_linked,
                   sum(y.paid_pnrr) FILTER (WHERE coalesce(place.also_elsewhere, false))::DOUBLE
                       AS paid_pnrr_also_elsewhere
            FROM official_payments y LEFT JOIN op USING (cup) LEFT JOIN place USING (cup)
            WHERE y.snapshot_id = $s AND NOT coalesce(place.only_elsewhere, false)
            GROUP BY 1)""")


def _num(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


# --- what the suggestions (official.suggest) rank -------------------------------------------------------
def unlinked_cards(store, version_id: int | None, snapshot_id: int | None, f: Filters = NO_FILTERS) -> pd.DataFrame:
    """The cards shown without any CUP (on the card or on an outcome of any of its applications).

    Columns: project_id, title, mission, component, measure, lead_partner, lead_partner_name,
    lead_partner_tax_code. Ordered by card.
    """
    return _run(store, version_id, snapshot_id, f, """
        SELECT fp.project_id, fp.title, fp.mission, fp.component, fp.measure, fp.lead_partner,
               pa.name AS lead_partner_name, pa.tax_code AS lead_partner_tax_code
        FROM fp LEFT JOIN partners pa ON pa.version_id = $v AND pa.partner_id = fp.lead_partner
        WHERE fp.cup IS NULL AND fp.project_id NOT IN (SELECT project_id FROM req WHERE cup IS NOT NULL)
        ORDER BY fp.project_id""", DEFAULT_COMUNE)


def unclaimed_projects(store, version_id: int | None, snapshot_id: int | None, *,
                       comune: str | None = None) -> pd.DataFrame:
    """The snapshot's official projects not located only elsewhere whose CUP no card of the version
    carries (filters aside): :func:`official_by_cup`'s columns. Ordered by CUP."""
    return _run(store, version_id, snapshot_id, NO_FILTERS, """
        SELECT * FROM ocup WHERE located <> 'elsewhere'
          AND cup NOT IN (SELECT cup FROM projects WHERE version_id = $v AND cup IS NOT NULL
                          UNION SELECT cup FROM outcomes WHERE version_id = $v AND cup IS NOT NULL)
        ORDER BY cup""", comune)

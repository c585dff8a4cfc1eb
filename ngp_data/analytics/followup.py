"""The follow-up of the projects: money through its stages, official payments over time, official targets.

Every function reads one pinned version and, where official figures are involved, one official
snapshot; the sidebar's filters select the committee's side through the shared ``SCOPE``, and the
cards' CUPs are linked by the Riscontro's own rule and CTEs (``official.run_official``). Rules, each
decided here once:

* **Money stages** (over the filtered applications, as ``queries.kpis``): requested = ``amount_requested``;
  granted = ``amount_granted`` of the *financed* applications; **disbursed** ("Erogato", ours) =
  ``amount_disbursed`` of every filtered application, so it is the very sum of ``Kpis.amount_disbursed``;
  **to disburse** ("Da erogare") = granted − disbursed (negative only if more was paid than granted);
  **paid share** ("Quota erogata") = disbursed ÷ granted (None when nothing is granted).
* **Official paid** (Italia Domani, ``official_payments``): ``paid_pnrr`` and ``paid_total`` of the CUPs
  linked to the cards shown, each CUP once (its rows summed), in the given snapshot; financing likewise
  from ``official_projects``. By mission a CUP counts in the mission of every card claiming it. By
  partner (as applicant) only our figures: a CUP belongs to a card, not to an applicant.
* **Payments over time**: one point per extraction date among the snapshots up to the given one (for a
  date imported twice the later snapshot wins; a snapshot without extraction date is dated by the day it
  was imported): the official paid of the CUPs linked *now* (this version, these filters, or one card).
  Our disbursed is today's point: for the portfolio, that of the *linked cards* (the cards shown with a
  CUP found in the snapshot: ``disbursed_linked``), so that both sides speak of the same projects.
* **Targets** (``official_targets``, the CUPs linked as above). A target is due at the end of its month
  (``Mese``/``Anno``); one without month and year is due at the PNRR's last target deadline
  (``PNRR_LAST_DUE``, 31 August 2026). Its status, first rule that applies:
  **not reported** ("non rilevato"): no achieved value, or no planned value above 0 to compare with;
  **met** ("raggiunto"): achieved ≥ planned; **not met** ("non raggiunto"): achieved < planned and the
  due date has passed (before ``today``); **in progress** ("in corso"): achieved < planned, not due yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from .filters import NO_FILTERS, Filters, in_filter, run_scoped
from .official import run_official

PNRR_LAST_DUE = dt.date(2026, 8, 31)
MET, NOT_MET, NOT_REPORTED, IN_PROGRESS = "met", "not_met", "not_reported", "in_progress"
TARGET_STATUSES = (MET, NOT_MET, IN_PROGRESS, NOT_REPORTED)


@dataclass(frozen=True)
class MoneyStages:
    """The portfolio's money from request to payment (amounts in euro; see the module's rules)."""

    requested: float
    granted: float
    disbursed: float                    # ours: "Importo erogato"
    to_disburse: float                  # granted − disbursed
    paid_share: float | None            # disbursed ÷ granted
    disbursed_linked: float             # ours, of the cards shown with a CUP found in the snapshot
    n_cards_linked: int                 # those cards
    n_cups: int                         # distinct CUPs linked to the cards shown
    n_cups_found: int                   # … of which in the snapshot's official projects
    n_cups_paid: int                    # … of which with a payment row
    official_financing: float | None    # PNRR financing of the CUPs found (None: none found)
    official_paid: float | None         # PNRR paid of the CUPs with a payment row (None: none)
    official_paid_total: float | None   # total paid (all sources) of the same CUPs


def _share(num, den) -> float | None:
    return float(num) / float(den) if den and not pd.isna(den) and not pd.isna(num) else None


def _opt(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _stages(frame: pd.DataFrame) -> pd.DataFrame:
    frame["to_disburse"] = frame["granted"] - frame["disbursed"]
    frame["paid_share"] = [_share(d, g) for d, g in zip(frame["disbursed"], frame["granted"], strict=True)]
    return frame


# Our money per card shown, summed over its filtered applications.
_OURS = """,
om AS (SELECT project_id, sum(amount_requested) AS requested, sum(granted) AS granted,
              sum(amount_disbursed) AS disbursed FROM fr GROUP BY 1),
lc AS (SELECT DISTINCT cc.cup, fp.mission FROM cc JOIN fp USING (project_id))"""


def money_stages(store, version_id: int | None, snapshot_id: int | None, f: Filters = NO_FILTERS) -> MoneyStages:
    """The selection's money stages, ours and official (the module's rules)."""
    row = run_official(store, version_id, snapshot_id, f, """
        SELECT (SELECT coalesce(sum(requested), 0)::DOUBLE FROM om) AS requested,
               (SELECT coalesce(sum(granted), 0)::DOUBLE FROM om) AS granted,
               (SELECT coalesce(sum(disbursed), 0)::DOUBLE FROM om) AS disbursed,
               (SELECT coalesce(sum(disbursed), 0)::DOUBLE FROM om WHERE project_id IN (SELECT project_id FROM lcard))
                   AS disbursed_linked,
               (SELECT count(*) FROM lcard) AS n_cards_linked,
               count(*) AS n_cups, count(ocup.cup) AS n_cups_found,
               count(ocup.paid_pnrr) AS n_cups_paid,
               sum(ocup.financing_pnrr)::DOUBLE AS official_financing,
               sum(ocup.paid_pnrr)::DOUBLE AS official_paid, sum(ocup.paid_total)::DOUBLE AS official_paid_total
        FROM (SELECT DISTINCT cup FROM lc) l LEFT JOIN ocup USING (cup)""", ctes=_OURS + """,
        lcard AS (SELECT DISTINCT cc.project_id FROM cc JOIN ocup USING (cup))""").iloc[0]
    granted, disbursed = float(row["granted"]), float(row["disbursed"])
    return MoneyStages(requested=float(row["requested"]), granted=granted, disbursed=disbursed,
                       to_disburse=granted - disbursed, paid_share=_share(disbursed, granted),
                       disbursed_linked=float(row["disbursed_linked"]), n_cards_linked=int(row["n_cards_linked"]),
                       n_cups=int(row["n_cups"]), n_cups_found=int(row["n_cups_found"]),
                       n_cups_paid=int(row["n_cups_paid"]), official_financing=_opt(row["official_financing"]),
                       official_paid=_opt(row["official_paid"]), official_paid_total=_opt(row["official_paid_total"]))


def money_by_mission(store, version_id: int | None, snapshot_id: int | None, f: Filters = NO_FILTERS) -> pd.DataFrame:
    """One row per mission of the cards shown (as ``queries.by_mission``).

    Columns: mission, requested, granted, disbursed, to_disburse, paid_share (ours); n_cups (linked),
    n_cups_found, official_financing, official_paid (PNRR, of the linked CUPs; None when none found).
    """
    frame = run_official(store, version_id, snapshot_id, f, """
        SELECT m.mission, coalesce(o.requested, 0)::DOUBLE AS requested, coalesce(o.granted, 0)::DOUBLE AS granted,
               coalesce(o.disbursed, 0)::DOUBLE AS disbursed, coalesce(x.n_cups, 0) AS n_cups,
               coalesce(x.n_cups_found, 0) AS n_cups_found, x.official_financing, x.official_paid
        FROM (SELECT DISTINCT mission FROM fp) m
        LEFT JOIN (SELECT fp.mission, sum(requested) AS requested, sum(granted) AS granted,
                          sum(disbursed) AS disbursed
                   FROM om JOIN fp USING (project_id) GROUP BY 1) o ON o.mission IS NOT DISTINCT FROM m.mission
        LEFT JOIN (SELECT lc.mission, count(*) AS n_cups, count(ocup.cup) AS n_cups_found,
                          sum(ocup.financing_pnrr)::DOUBLE AS official_financing,
                          sum(ocup.paid_pnrr)::DOUBLE AS official_paid
                   FROM lc LEFT JOIN ocup USING (cup) GROUP BY 1) x ON x.mission IS NOT DISTINCT FROM m.mission
        ORDER BY m.mission NULLS LAST""", ctes=_OURS)
    return _stages(frame)


def money_by_partner(store, version_id: int | None, f: Filters = NO_FILTERS) -> pd.DataFrame:
    """Per partner (all, or the selected ones) as applicant of the filtered applications: our stages.

    Columns: partner_id, requested, granted, disbursed, to_disburse, paid_share. Ordered by partner id.
    """
    frame = run_scoped(store, version_id, f, f"""
        SELECT pa.partner_id, coalesce(sum(fr.amount_requested), 0)::DOUBLE AS requested,
               coalesce(sum(fr.granted), 0)::DOUBLE AS granted,
               coalesce(sum(fr.amount_disbursed), 0)::DOUBLE AS disbursed
        FROM partners pa LEFT JOIN fr ON fr.applicant = pa.partner_id
        WHERE pa.version_id = $v AND {in_filter('partners', 'pa.partner_id')}
        GROUP BY pa.partner_id ORDER BY pa.partner_id""")
    return _stages(frame)


def money_by_card(store, version_id: int | None, snapshot_id: int | None, f: Filters = NO_FILTERS) -> pd.DataFrame:
    """Per card shown: project_id, requested, granted, disbursed, to_disburse, paid_share (ours, 0 when it
    has no application), official_paid (PNRR paid of its CUPs; None when none has a payment row)."""
    frame = run_official(store, version_id, snapshot_id, f, """
        SELECT fp.project_id, coalesce(om.requested, 0)::DOUBLE AS requested,
               coalesce(om.granted, 0)::DOUBLE AS granted, coalesce(om.disbursed, 0)::DOUBLE AS disbursed,
               p.official_paid
        FROM fp LEFT JOIN om USING (project_id)
        LEFT JOIN (SELECT cc.project_id, sum(ocup.paid_pnrr)::DOUBLE AS official_paid
                   FROM cc JOIN ocup USING (cup) GROUP BY 1) p USING (project_id)
        ORDER BY fp.project_id""", ctes=_OURS)
    return _stages(frame)


def payments_over_time(store, version_id: int | None, snapshot_id: int | None, f: Filters = NO_FILTERS,
                       project_id: str | None = None) -> pd.DataFrame:
    """Official payments of the CUPs linked now (of the cards shown, or of card ``project_id``), one row per
    extraction date of the snapshots up to ``snapshot_id`` (the module's rule).

    Columns: point_date, snapshot_id, n_cups_paid (linked CUPs with a payment row), paid_pnrr, paid_total
    (None when no linked CUP has a payment row in that snapshot). Ordered by date.
    """
    return run_official(store, version_id, snapshot_id, f, """
        SELECT d.point_date, d.snapshot_id, count(DISTINCT y.cup) AS n_cups_paid,
               sum(y.paid_pnrr)::DOUBLE AS paid_pnrr, sum(y.paid_total)::DOUBLE AS paid_total
        FROM d LEFT JOIN official_payments y
            ON y.snapshot_id = d.snapshot_id AND y.cup IN (SELECT cup FROM lc)
        GROUP BY d.point_date, d.snapshot_id
        ORDER BY d.point_date""", ctes=""",
        lc AS (SELECT DISTINCT cup FROM cc WHERE CAST($pid AS VARCHAR) IS NULL OR project_id = $pid),
        d AS (SELECT coalesce(extracted_on, CAST(created_at AS DATE)) AS point_date, max(snapshot_id) AS snapshot_id
              FROM official_snapshots WHERE snapshot_id <= $s GROUP BY 1)""", params={"pid": project_id})


_TARGETS = """,
lt AS (SELECT DISTINCT cc.project_id, cc.cup, fp.mission
       FROM cc JOIN fp USING (project_id) WHERE CAST($pid AS VARCHAR) IS NULL OR cc.project_id = $pid),
tg AS (
    SELECT t.*, CASE WHEN t.year IS NOT NULL
                     THEN last_day(make_date(t.year, coalesce(t.month, 12), 1)) ELSE $last_due END AS due_on
    FROM official_targets t WHERE t.snapshot_id = $s AND t.cup IN (SELECT cup FROM lt)
), ts AS (
    SELECT tg.*,
           CASE WHEN tg.year IS NOT NULL THEN coalesce(lpad(CAST(tg.month AS VARCHAR), 2, '0') || '/', '')
                                              || CAST(tg.year AS VARCHAR) END AS due_month,
           CASE WHEN achieved IS NULL OR planned IS NULL OR planned <= 0 THEN 'not_reported'
                WHEN achieved >= planned THEN 'met'
                WHEN due_on < $today THEN 'not_met'
                ELSE 'in_progress' END AS status
    FROM tg
)"""


def _target_params(today: dt.date, project_id: str | None) -> dict:
    return {"today": today, "last_due": PNRR_LAST_DUE, "pid": project_id}


def card_targets(store, version_id: int | None, snapshot_id: int | None, f: Filters = NO_FILTERS,
                 today: dt.date | None = None, project_id: str | None = None) -> pd.DataFrame:
    """The official target indicators of the CUPs linked to the cards shown (or to card ``project_id``).

    One row per (card, target). Columns: project_id, cup, local_code, submeasure, indicator_code,
    indicator, unit, indicator_type, planned, achieved, month, year, due_month ("08/2024", None without a
    date), due_on, status (``TARGET_STATUSES``; the module's rule). Ordered by card, CUP, indicator.
    """
    return run_official(store, version_id, snapshot_id, f, """
        SELECT lt.project_id, ts.cup, ts.local_code, ts.submeasure, ts.indicator_code, ts.indicator, ts.unit,
               ts.indicator_type, ts.planned::DOUBLE AS planned, ts.achieved::DOUBLE AS achieved, ts.month, ts.year,
               ts.due_month, ts.due_on, ts.status
        FROM lt JOIN ts USING (cup)
        ORDER BY lt.project_id, ts.cup, ts.indicator_code, ts.local_code, ts.submeasure""",
                        ctes=_TARGETS, params=_target_params(today or dt.date.today(), project_id))


def targets_by_mission(store, version_id: int | None, snapshot_id: int | None, f: Filters = NO_FILTERS,
                       today: dt.date | None = None) -> pd.DataFrame:
    """Per mission of the cards shown with linked targets: how many are met, not met, in progress, not
    reported. A target counts once per mission (a CUP claimed by two cards of one mission, once).

    Columns: mission, n_targets, n_met, n_not_met, n_in_progress, n_not_reported. Ordered by mission.
    """
    return run_official(store, version_id, snapshot_id, f, """
        SELECT mission, count(*) AS n_targets,
               count(*) FILTER (WHERE status = 'met') AS n_met,
               count(*) FILTER (WHERE status = 'not_met') AS n_not_met,
               count(*) FILTER (WHERE status = 'in_progress') AS n_in_progress,
               count(*) FILTER (WHERE status = 'not_reported') AS n_not_reported
        FROM (SELECT DISTINCT lt.mission, ts.cup, ts.local_code, ts.submeasure, ts.indicator_code, ts.status
              FROM lt JOIN ts USING (cup))
        GROUP BY mission ORDER BY mission NULLS LAST""",
                        ctes=_TARGETS, params=_target_params(today or dt.date.today(), None))

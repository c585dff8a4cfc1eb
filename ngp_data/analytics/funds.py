"""Prossimi fondi: the calls open or opening, by source, and the cards that could apply (the after-PNRR plan).

Rules, decided here once:

* **Open or opening**: a call whose deadline is today or later is *open* (*opening* when its publication
  date is after today); a call without a deadline is *open, no deadline* when published in the last
  ``UNDATED_OPEN_DAYS`` days or later (a call neither dated nor published is left out: nothing says it is
  open). Only the sidebar's call filter applies to the calls: an open call is an opportunity whether or not
  a card has applied yet (as ``calls.deadlines_ahead``).
* **Candidate cards** of a call, among the cards shown (the card filters apply): when the call's
  ``measure`` names a component (``M2C1 I1.2``), the cards of that component (*measure family*), else of
  its mission; when it names only a mission (``M2``), the cards of that mission; when the call has no
  measure (FESR, FSC, Regione calls usually have none), the cards not yet financed. Left out: cards that
  already applied to the call (any application, whatever the filters) and cards whose state is
  ``CLOSED_STATES`` (completed, reported, revoked: nothing left to fund).
* **Not yet financed**: a card shown without any financed application (filters aside: an application to
  another call financed it all the same), and not in ``CLOSED_STATES``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..lists import SOURCES
from .filters import Filters, in_filter, run_scoped

UNDATED_OPEN_DAYS = 90
CLOSED_STATES = ("Concluso", "Rendicontato", "Revocato")
OPEN, OPENING, NO_DEADLINE = "open", "opening", "no_deadline"
COMPONENT, MISSION, UNFUNDED = "component", "mission", "unfunded"
SOURCE_ORDER = [it for it, _ in SOURCES]

# The call's mission and component, read from its measure as stored ("M2C1 I1.2", "M5C2", "M2").
_FAMILY = r"""
    CASE WHEN regexp_matches(c.measure, '^\s*M\s*[1-7]') THEN 'M' || regexp_extract(c.measure, '^\s*M\s*([1-7])', 1)
    END AS call_mission,
    CASE WHEN regexp_matches(c.measure, '^\s*M\s*[1-7]\s*C\s*[1-9]')
         THEN 'M' || regexp_extract(c.measure, '^\s*M\s*([1-7])\s*C\s*([1-9])', 1)
              || 'C' || regexp_extract(c.measure, '^\s*M\s*([1-7])\s*C\s*([1-9])', 2) END AS call_component"""

_OPEN_CALLS = f"""
oc AS (
    SELECT c.call_id, c.title, c.source, c.administration, c.measure, c.published_on, c.deadline,
           c.allocation::DOUBLE AS allocation, c.link,
           (c.deadline - CAST($today AS DATE))::INTEGER AS days_left,
           CASE WHEN c.deadline IS NULL THEN 'no_deadline' WHEN c.published_on > CAST($today AS DATE) THEN 'opening'
                ELSE 'open' END AS status, {_FAMILY}
    FROM calls c
    WHERE c.version_id = $v AND {in_filter('calls', 'c.call_id')}
      AND (c.deadline >= CAST($today AS DATE)
           OR (c.deadline IS NULL AND c.published_on >= CAST($recent AS DATE)))
), funded AS (
    SELECT DISTINCT project_id FROM req WHERE is_financed
), open_cards AS (
    SELECT fp.project_id, fp.title, fp.mission, fp.component, fp.state, fp.budget_total,
           fp.project_id IN (SELECT project_id FROM funded) AS financed
    FROM fp WHERE fp.state IS NULL OR NOT list_contains(CAST($closed AS VARCHAR[]), fp.state)
)"""


def _params(today: dt.date) -> dict:
    return {"today": today, "recent": today - dt.timedelta(days=UNDATED_OPEN_DAYS), "closed": list(CLOSED_STATES)}


def open_calls(store, version_id: int | None, f: Filters, today: dt.date) -> pd.DataFrame:
    """The calls open or opening on ``today`` (rules above), by source (``lists.SOURCES`` order), then
    deadline (none last), then call.

    Columns: call_id, title, source, administration, measure, published_on, deadline, allocation, link,
    days_left (None without deadline), status (open | opening | no_deadline), call_mission, call_component
    (from the measure; None when it names none), n_requests (applications already made to it, filters
    aside), n_candidates (candidate cards among the cards shown).
    """
    calls = run_scoped(store, version_id, f, """
        SELECT oc.*, coalesce(a.n, 0) AS n_requests FROM oc
        LEFT JOIN (SELECT call_id, count(*) AS n FROM req GROUP BY 1) a USING (call_id)""",
                       ctes=_OPEN_CALLS.strip(), params=_params(today))
    found = candidates(store, version_id, f, today)
    n = found.groupby("call_id").size()
    calls["n_candidates"] = calls["call_id"].map(n).fillna(0).astype("int64")
    calls["_src"] = calls["source"].map(lambda s: SOURCE_ORDER.index(s) if s in SOURCE_ORDER else len(SOURCE_ORDER))
    calls["_nodate"] = calls["deadline"].isna()
    calls = calls.sort_values(["_src", "_nodate", "deadline", "call_id"], ignore_index=True)
    return calls.drop(columns=["_src", "_nodate"])


def candidates(store, version_id: int | None, f: Filters, today: dt.date) -> pd.DataFrame:
    """One row per (open call, candidate card) (rules above).

    Columns: call_id, project_id, title, mission, component, state, financed (the card has a financed
    application), match (component | mission | unfunded: why it is a candidate). Ordered by call, then
    the closest match first (component, mission), then card.
    """
    return run_scoped(store, version_id, f, """
        SELECT oc.call_id, k.project_id, k.title, k.mission, k.component, k.state, k.financed,
               CASE WHEN oc.call_component IS NOT NULL AND k.component = oc.call_component THEN 'component'
                    WHEN oc.call_mission IS NOT NULL THEN 'mission' ELSE 'unfunded' END AS match
        FROM oc JOIN open_cards k
          ON (oc.call_mission IS NOT NULL AND k.mission = oc.call_mission)
          OR (oc.call_mission IS NULL AND NOT k.financed)
        WHERE NOT EXISTS (SELECT 1 FROM req WHERE req.call_id = oc.call_id AND req.project_id = k.project_id)
        ORDER BY oc.call_id, CASE match WHEN 'component' THEN 0 WHEN 'mission' THEN 1 ELSE 2 END, k.project_id""",
                      ctes=_OPEN_CALLS.strip(), params=_params(today))


def unfunded_cards(store, version_id: int | None, f: Filters, today: dt.date) -> pd.DataFrame:
    """The cards shown not yet financed and still open (rules above): the portfolio still looking for funds.

    Columns: project_id, title, mission, component, state, budget_total, n_requests (its applications,
    filters aside), n_pending (of which still waiting: submitted or under review). Ordered by budget
    (largest first, unknown last), then card.
    """
    return run_scoped(store, version_id, f, """
        SELECT k.project_id, k.title, k.mission, k.component, k.state, k.budget_total::DOUBLE AS budget_total,
               coalesce(a.n_requests, 0) AS n_requests, coalesce(a.n_pending, 0) AS n_pending
        FROM open_cards k
        LEFT JOIN (SELECT project_id, count(*) AS n_requests, count(*) FILTER (WHERE is_pending) AS n_pending
                   FROM req GROUP BY 1) a USING (project_id)
        WHERE NOT k.financed
        ORDER BY k.budget_total DESC NULLS LAST, k.project_id""", ctes=_OPEN_CALLS.strip(), params=_params(today))

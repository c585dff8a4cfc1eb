"""The sidebar's filters and the one SQL definition of what they select, shared by every query.

:class:`Filters` is the selection; ``SCOPE`` is a chain of CTEs that applies it to one pinned
version, and :func:`run_scoped` runs a query's final SELECT over it with every value bound
(table/column names come from the schema only). The query functions live in ``queries`` and
``tables``.

Filter semantics (one shared definition, the ``SCOPE`` CTEs, used by every filtered query):

* Within one filter the values are alternatives (OR); different filters combine with AND; an empty
  tuple means "no filter".
* **Card filters** select the cards (``cards``): ``missions``, ``components``, ``states`` match the
  card's columns; ``partners`` matches cards the partner is *involved* in: lead partner
  (``projects.lead_partner``), listed in ``project_partners`` (any role), or applicant of one of the
  card's applications. Including the applicant keeps one invariant true everywhere: every filtered
  application belongs to a shown card, so per-card, per-mission and overall totals always agree.
* **Application filters** select, among the applications of those cards, the filtered applications
  (``fr``): ``calls`` (call id), ``outcomes`` (the *effective outcome*, below) and the submission date
  range ``date_from``..``date_to`` (inclusive; either end may be open; an application without a
  submission date is excluded only when a bound is set).
* **Cards shown** (``fp``): the card-filtered cards; when any application filter is set, only those
  with at least one filtered application (a card without applications disappears as soon as you
  filter by call, outcome or date).
* The **effective outcome** of an application is its outcome row's ``outcome``; with no outcome row
  it is "Presentata" if it has a submission date, else "In preparazione".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..lists import PREPARING, SUBMITTED, UNDER_REVIEW
from ..schema import DECIDED_OUTCOMES, OUTCOME_GROUPS, OUTCOMES

OUTCOME_ORDER = [it for it, _ in OUTCOMES]


@dataclass(frozen=True)
class Filters:
    """The sidebar's selection; hashable, so it can key a cache. Semantics: see the module docstring."""

    missions: tuple[str, ...] = ()
    components: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()      # partner ids
    states: tuple[str, ...] = ()
    calls: tuple[str, ...] = ()         # call ids
    outcomes: tuple[str, ...] = ()      # effective outcomes
    date_from: dt.date | None = None    # submission date, inclusive
    date_to: dt.date | None = None

    def __post_init__(self) -> None:
        # Accept lists (or one string) from callers, store tuples so the value stays hashable.
        for name in ("missions", "components", "partners", "states", "calls", "outcomes"):
            value = getattr(self, name)
            value = (value,) if isinstance(value, str) else tuple(value or ())
            object.__setattr__(self, name, tuple(str(v) for v in value))

    @property
    def has_request_filter(self) -> bool:
        """True when applications are filtered (calls, outcomes, dates): cards then need a match."""
        return bool(self.calls or self.outcomes or self.date_from or self.date_to)

    @property
    def has_card_filter(self) -> bool:
        return bool(self.missions or self.components or self.partners or self.states)

    @property
    def is_empty(self) -> bool:
        return not (self.has_card_filter or self.has_request_filter)


NO_FILTERS = Filters()


# --- the shared scope -------------------------------------------------------------------------------

def _lst(name: str) -> str:
    return f"CAST(${name} AS VARCHAR[])"


def in_filter(name: str, column: str) -> str:
    """`column` is one of the list parameter `name`, or the list is empty (no filter)."""
    return f"(len({_lst(name)}) = 0 OR list_contains({_lst(name)}, {column}))"


# req: every application of the version with its outcome, effective outcome and group flags.
# inv: (card, partner) pairs where the partner is involved. cards/fr/fp: see the module docstring.
SCOPE = f"""
WITH req0 AS (
    SELECT r.request_id, r.project_id, r.call_id, r.applicant, r.submitted_on, r.amount_requested,
           r.cofinancing, o.outcome, o.decided_on, o.amount_granted, o.amount_disbursed, o.act, o.cup,
           coalesce(o.outcome, CASE WHEN r.submitted_on IS NULL THEN $o_preparing ELSE $o_submitted END)
               AS effective_outcome
    FROM requests r
    LEFT JOIN outcomes o ON o.version_id = r.version_id AND o.request_id = r.request_id
    WHERE r.version_id = $v
), req AS (
    SELECT *,
           list_contains({_lst('g_financed')}, effective_outcome) AS is_financed,
           list_contains({_lst('g_pending')}, effective_outcome) AS is_pending,
           list_contains({_lst('g_decided')}, effective_outcome) AS is_decided,
           list_contains({_lst('g_eligible')}, effective_outcome) AS is_eligible,
           effective_outcome <> $o_preparing AS is_submitted,
           (list_contains({_lst('g_decided')}, effective_outcome) OR effective_outcome = $o_review)
               AS is_reviewed,
           CASE WHEN list_contains({_lst('g_financed')}, effective_outcome) THEN amount_granted END AS granted
    FROM req0
), inv AS (
    SELECT project_id, lead_partner AS partner_id FROM projects WHERE version_id = $v
    UNION SELECT project_id, partner_id FROM project_partners WHERE version_id = $v
    UNION SELECT project_id, applicant FROM requests WHERE version_id = $v
), cards AS (
    SELECT p.* FROM projects p
    WHERE p.version_id = $v
      AND {in_filter('missions', 'p.mission')}
      AND {in_filter('components', 'p.component')}
      AND {in_filter('states', 'p.state')}
      AND (len({_lst('partners')}) = 0 OR EXISTS (
           SELECT 1 FROM inv WHERE inv.project_id = p.project_id
                               AND list_contains({_lst('partners')}, inv.partner_id)))
), fr AS (
    SELECT req.* FROM req
    WHERE req.project_id IN (SELECT project_id FROM cards)
      AND {in_filter('calls', 'req.call_id')}
      AND {in_filter('outcomes', 'req.effective_outcome')}
      AND (CAST($date_from AS DATE) IS NULL OR req.submitted_on >= CAST($date_from AS DATE))
      AND (CAST($date_to AS DATE) IS NULL OR req.submitted_on <= CAST($date_to AS DATE))
), fp AS (
    SELECT * FROM cards
    WHERE NOT $app_filter OR project_id IN (SELECT project_id FROM fr)
)"""


def scope_params(version_id: int | None, f: Filters) -> dict[str, Any]:
    """The values ``SCOPE`` binds: the version, the filters and the schema's outcome groups."""
    return {
        "v": version_id,
        "missions": list(f.missions), "components": list(f.components), "states": list(f.states),
        "partners": list(f.partners), "calls": list(f.calls), "outcomes": list(f.outcomes),
        "date_from": f.date_from, "date_to": f.date_to, "app_filter": f.has_request_filter,
        "o_preparing": PREPARING, "o_submitted": SUBMITTED, "o_review": UNDER_REVIEW,
        "g_financed": list(OUTCOME_GROUPS["financed"]), "g_pending": list(OUTCOME_GROUPS["pending"]),
        "g_decided": list(DECIDED_OUTCOMES), "g_eligible": list(OUTCOME_GROUPS["eligible_not_financed"]),
    }


def fetch(store, sql: str, params: dict[str, Any]) -> pd.DataFrame:
    """Run on a fresh cursor, read whole; DATE/TIMESTAMP columns become datetime.date objects."""
    cur = store.cursor()
    try:
        frame = cur.execute(sql, params).df()
    finally:
        cur.close()
    for col in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[col]):
            frame[col] = frame[col].dt.date.astype(object).where(frame[col].notna(), None)
    return frame


def run_scoped(store, version_id: int | None, f: Filters, select: str, *, ctes: str = "",
               params: dict[str, Any] | None = None) -> pd.DataFrame:
    """The scope CTEs, then extra CTEs (``name AS (...)``, comma-separated), then the final SELECT."""
    sql = SCOPE + (f",\n{ctes}" if ctes else "") + "\n" + select
    return fetch(store, sql, {**scope_params(version_id, f), **(params or {})})


def py_value(value: Any) -> Any:
    """A pandas/numpy scalar as a plain Python value (NaN/NaT -> None)."""
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


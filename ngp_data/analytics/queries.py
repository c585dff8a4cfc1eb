"""The analytics the dashboard charts, as parameterised SQL over one pinned version of the store.

Every function takes ``(store, version_id, filters)`` and returns a pandas DataFrame (or a small
dataclass); every value is a bound parameter, and table/column names come from the schema only.
Amounts come back as floats, dates as ``datetime.date`` (or None).

This module holds the headline figures, the totals by mission, component, partner and card budget,
and the sidebar's options. It also re-exports the calls and outcomes queries (``calls``) and the
row-level tables (``tables``), so ``queries.<name>`` reaches every query. The filter semantics, and
the ``SCOPE`` CTEs that implement them for every query, are in ``filters``.

Figures:

* Sums ignore empty (unknown) amounts, they never count them as 0; a sum with no known amount is 0,
  and ``Kpis`` reports how many budgets/requested amounts were unknown. Row-level amounts (one card's
  budget, one application's amounts) stay None when unknown.
* "granted" in aggregates sums ``amount_granted`` of *financed* applications only (schema
  ``OUTCOME_GROUPS["financed"]``): a revoked grant, or an amount typed on a pending row, is not money
  obtained. "disbursed" sums ``amount_disbursed`` of every application (cash actually paid).
* Pending = effective outcome in ``OUTCOME_GROUPS["pending"]`` (so an application without outcome row
  but submitted is pending); decided = ``schema.DECIDED_OUTCOMES``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..schema import PROJECT_STATES, PROJECTS
from .calls import (
    FUNNEL_STAGES,
    calls_overview,
    deadlines_ahead,
    decisions_over_time,
    outcome_counts,
    outcome_funnel,
)
from .filters import NO_FILTERS, OUTCOME_ORDER, SCOPE, Filters, fetch, in_filter, py_value, run_scoped, scope_params
from .tables import (
    ProjectRecord,
    eligible_not_financed,
    filtered_tables,
    project_record,
    projects_table,
    requests_table,
)

__all__ = [
    "FUNNEL_STAGES", "NO_FILTERS", "Filters", "Kpis", "ProjectRecord", "budget_by_project", "by_component",
    "by_mission", "by_partner", "calls_overview", "deadlines_ahead", "decisions_over_time",
    "eligible_not_financed", "filter_options", "filtered_tables", "funding_by_mission", "kpis", "outcome_counts",
    "outcome_funnel", "partner_mission_matrix", "project_record", "projects_table", "requests_table",
]


@dataclass(frozen=True)
class Kpis:
    """The headline figures of the overview page (amounts in euro, unknown amounts left out of sums)."""

    n_cards: int
    n_budget_unknown: int             # cards shown whose budget is empty
    budget_total: float
    n_requests: int
    n_requested_unknown: int          # applications whose amount requested is empty
    amount_requested: float
    amount_granted: float             # financed applications only
    amount_disbursed: float
    n_decided: int
    n_financed: int
    success_rate_count: float | None  # financed / decided; None when nothing is decided
    success_rate_amount: float | None  # granted / requested over decided applications; None when 0
    n_pending: int
    amount_pending: float
    n_eligible_not_financed: int      # "scorrimento" candidates


def _rate(num: float | None, den: float | None) -> float | None:
    return float(num or 0) / float(den) if den else None


# --- headline figures ---------------------------------------------------------------------------------

def kpis(store, version_id: int | None, f: Filters = NO_FILTERS) -> Kpis:
    """Headline figures; success_rate_amount uses decided applications with a known amount requested
    (a financed one with unknown grant is left out of both sides; a not-financed one obtained 0)."""
    row = run_scoped(store, version_id, f, """
        SELECT (SELECT count(*) FROM fp) AS n_cards,
               (SELECT count(*) FROM fp WHERE budget_total IS NULL) AS n_budget_unknown,
               (SELECT coalesce(sum(budget_total), 0)::DOUBLE FROM fp) AS budget_total,
               count(*) AS n_requests,
               count(*) FILTER (WHERE amount_requested IS NULL) AS n_requested_unknown,
               coalesce(sum(amount_requested), 0)::DOUBLE AS amount_requested,
               coalesce(sum(granted), 0)::DOUBLE AS amount_granted,
               coalesce(sum(amount_disbursed), 0)::DOUBLE AS amount_disbursed,
               count(*) FILTER (WHERE is_decided) AS n_decided,
               count(*) FILTER (WHERE is_financed) AS n_financed,
               sum(granted) FILTER (WHERE rate_basis)::DOUBLE AS rate_num,
               sum(amount_requested) FILTER (WHERE rate_basis)::DOUBLE AS rate_den,
               count(*) FILTER (WHERE is_pending) AS n_pending,
               coalesce(sum(amount_requested) FILTER (WHERE is_pending), 0)::DOUBLE AS amount_pending,
               count(*) FILTER (WHERE is_eligible) AS n_eligible_not_financed
        FROM (SELECT *, is_decided AND amount_requested IS NOT NULL
                        AND NOT (is_financed AND amount_granted IS NULL) AS rate_basis FROM fr)
    """).iloc[0]
    ints = ("n_cards", "n_budget_unknown", "n_requests", "n_requested_unknown", "n_decided", "n_financed",
            "n_pending", "n_eligible_not_financed")
    floats = ("budget_total", "amount_requested", "amount_granted", "amount_disbursed", "amount_pending")
    rate_den = None if pd.isna(row["rate_den"]) else row["rate_den"]
    rate_num = None if pd.isna(row["rate_num"]) else row["rate_num"]
    return Kpis(**{k: int(row[k]) for k in ints}, **{k: float(row[k]) for k in floats},
                success_rate_count=_rate(row["n_financed"], row["n_decided"]),
                success_rate_amount=_rate(rate_num, rate_den))


# --- by mission / component / partner -----------------------------------------------------------------

def _group_totals(store, version_id, f: Filters, keys: tuple[str, ...]) -> pd.DataFrame:
    """Cards and applications totals grouped by card columns ``keys`` (schema names, never user input)."""
    assert set(keys) <= set(PROJECTS.names)
    k = ", ".join(keys)
    join = " AND ".join(f"c.{x} IS NOT DISTINCT FROM r.{x}" for x in keys)
    order = ", ".join(f"c.{x} NULLS LAST" for x in keys)
    return run_scoped(store, version_id, f, f"""
        SELECT {", ".join(f"c.{x}" for x in keys)}, c.n_cards, coalesce(r.n_requests, 0) AS n_requests,
               coalesce(r.n_financed, 0) AS n_financed, c.budget,
               coalesce(r.requested, 0)::DOUBLE AS requested, coalesce(r.granted, 0)::DOUBLE AS granted
        FROM c LEFT JOIN r ON {join}
        ORDER BY {order}""", ctes=f"""
        c AS (SELECT {k}, count(*) AS n_cards, coalesce(sum(budget_total), 0)::DOUBLE AS budget
              FROM fp GROUP BY {k}),
        r AS (SELECT {", ".join(f"fp.{x}" for x in keys)}, count(*) AS n_requests,
                     count(*) FILTER (WHERE fr.is_financed) AS n_financed,
                     sum(fr.amount_requested) AS requested, sum(fr.granted) AS granted
              FROM fr JOIN fp USING (project_id) GROUP BY {", ".join(f"fp.{x}" for x in keys)})""")


def by_mission(store, version_id: int | None, f: Filters = NO_FILTERS) -> pd.DataFrame:
    """One row per mission of the cards shown, M1..M7.

    Columns: mission, n_cards, n_requests, n_financed, budget (sum of known budgets), requested, granted.
    """
    return _group_totals(store, version_id, f, ("mission",))


def by_component(store, version_id: int | None, f: Filters = NO_FILTERS) -> pd.DataFrame:
    """One row per (mission, component) of the cards shown; cards without component in a None row.

    Columns: mission, component, then as by_mission.
    """
    return _group_totals(store, version_id, f, ("mission", "component"))


def by_partner(store, version_id: int | None, f: Filters = NO_FILTERS) -> pd.DataFrame:
    """Per partner (all partners, or the selected ones): roles on the cards shown and own applications.

    Columns: partner_id, name, kind, signatory, n_led (cards shown it leads), n_joined (cards shown it
    is listed on as non-lead), n_requests (filtered applications it submitted as applicant),
    requested, granted, n_decided, n_financed, success_rate (n_financed / n_decided, None if 0).
    Ordered by cards led + joined, then applications, then name.
    """
    return run_scoped(store, version_id, f, f"""
        SELECT pa.partner_id, pa.name, pa.kind, pa.signatory,
               coalesce(led.n, 0) AS n_led, coalesce(joined.n, 0) AS n_joined,
               coalesce(app.n_requests, 0) AS n_requests,
               coalesce(app.requested, 0)::DOUBLE AS requested, coalesce(app.granted, 0)::DOUBLE AS granted,
               coalesce(app.n_decided, 0) AS n_decided, coalesce(app.n_financed, 0) AS n_financed,
               CASE WHEN app.n_decided > 0 THEN app.n_financed / app.n_decided END AS success_rate
        FROM partners pa
        LEFT JOIN led USING (partner_id) LEFT JOIN joined USING (partner_id) LEFT JOIN app USING (partner_id)
        WHERE pa.version_id = $v AND {in_filter('partners', 'pa.partner_id')}
        ORDER BY coalesce(led.n, 0) + coalesce(joined.n, 0) DESC, coalesce(app.n_requests, 0) DESC,
                 pa.name, pa.partner_id""", ctes="""
        led AS (SELECT lead_partner AS partner_id, count(*) AS n FROM fp GROUP BY 1),
        joined AS (SELECT pp.partner_id, count(DISTINCT pp.project_id) AS n
                   FROM project_partners pp JOIN fp ON fp.project_id = pp.project_id
                   WHERE pp.version_id = $v AND pp.partner_id <> fp.lead_partner GROUP BY 1),
        app AS (SELECT applicant AS partner_id, count(*) AS n_requests, sum(amount_requested) AS requested,
                       sum(granted) AS granted, count(*) FILTER (WHERE is_decided) AS n_decided,
                       count(*) FILTER (WHERE is_financed) AS n_financed
                FROM fr GROUP BY 1)""")


def partner_mission_matrix(store, version_id: int | None, f: Filters = NO_FILTERS) -> pd.DataFrame:
    """Partner × mission, long format, only non-zero cells (for a heatmap).

    Columns: partner_id, name, mission, n_cards (cards shown the partner is involved in: lead,
    listed partner or applicant).
    """
    return run_scoped(store, version_id, f, f"""
        SELECT pa.partner_id, pa.name, fp.mission, count(DISTINCT fp.project_id) AS n_cards
        FROM inv JOIN fp USING (project_id)
        JOIN partners pa ON pa.version_id = $v AND pa.partner_id = inv.partner_id
        WHERE {in_filter('partners', 'pa.partner_id')}
        GROUP BY pa.partner_id, pa.name, fp.mission
        ORDER BY pa.name, pa.partner_id, fp.mission""")


# --- budget ---------------------------------------------------------------------------------------------

def budget_by_project(store, version_id: int | None, f: Filters = NO_FILTERS) -> pd.DataFrame:
    """Per card shown: what it costs against what it has secured.

    Columns: project_id, title, mission, component, budget_total (None if unknown), n_requests,
    requested, granted (financed applications), cofinancing (of financed applications: committed
    only with the grant), funding_gap = budget_total − granted − cofinancing (None when the budget is
    unknown; negative when secured money exceeds the budget), budget_unknown (bool).
    """
    return run_scoped(store, version_id, f, """
        SELECT fp.project_id, fp.title, fp.mission, fp.component, fp.budget_total::DOUBLE AS budget_total,
               coalesce(a.n_requests, 0) AS n_requests,
               coalesce(a.requested, 0)::DOUBLE AS requested, coalesce(a.granted, 0)::DOUBLE AS granted,
               coalesce(a.cofinancing, 0)::DOUBLE AS cofinancing,
               (fp.budget_total - coalesce(a.granted, 0) - coalesce(a.cofinancing, 0))::DOUBLE AS funding_gap,
               fp.budget_total IS NULL AS budget_unknown
        FROM fp LEFT JOIN a USING (project_id)
        ORDER BY fp.project_id""", ctes="""
        a AS (SELECT project_id, count(*) AS n_requests, sum(amount_requested) AS requested,
                     sum(granted) AS granted, sum(cofinancing) FILTER (WHERE is_financed) AS cofinancing
              FROM fr GROUP BY 1)""")


def funding_by_mission(store, version_id: int | None, f: Filters = NO_FILTERS) -> pd.DataFrame:
    """Per mission of the cards shown: where the money of the budget sits (the budget page's breakdown).

    Money figures are over the cards with a *known* budget, as in budget_by_project's funding_gap, so
    that budget − granted − cofinancing = funding_gap on every row and in the sum of the rows.
    Columns: mission, n_cards, n_budget_unknown (cards shown without budget), budget, granted
    (financed applications), cofinancing (of financed applications), funding_gap (sum of the cards'
    gaps; negative when secured money exceeds the budget), granted_budget_unknown (granted to the
    cards without budget, left out of the other figures). Ordered by mission.
    """
    return run_scoped(store, version_id, f, """
        SELECT fp.mission, count(*) AS n_cards,
               count(*) FILTER (WHERE fp.budget_total IS NULL) AS n_budget_unknown,
               coalesce(sum(fp.budget_total), 0)::DOUBLE AS budget,
               coalesce(sum(a.granted) FILTER (WHERE fp.budget_total IS NOT NULL), 0)::DOUBLE AS granted,
               coalesce(sum(a.cofinancing) FILTER (WHERE fp.budget_total IS NOT NULL), 0)::DOUBLE AS cofinancing,
               coalesce(sum(fp.budget_total - coalesce(a.granted, 0) - coalesce(a.cofinancing, 0)), 0)::DOUBLE
                   AS funding_gap,
               coalesce(sum(a.granted) FILTER (WHERE fp.budget_total IS NULL), 0)::DOUBLE AS granted_budget_unknown
        FROM fp LEFT JOIN a USING (project_id)
        GROUP BY fp.mission
        ORDER BY fp.mission NULLS LAST""", ctes="""
        a AS (SELECT project_id, sum(granted) AS granted, sum(cofinancing) FILTER (WHERE is_financed) AS cofinancing
              FROM fr GROUP BY 1)""")


# --- sidebar ------------------------------------------------------------------------------------------------

def filter_options(store, version_id: int | None) -> dict[str, Any]:
    """Values present in the version for each filter widget.

    Keys: missions, components (sorted codes), partners [(id, name)] by name, states (schema order),
    calls [(id, title)] by id, outcomes (effective outcomes present, schema order), and date_range,
    the (min, max) submission dates ((None, None) when none).
    """
    p = scope_params(version_id, NO_FILTERS)

    def values(sql: str) -> list:
        return [tuple(py_value(v) for v in r) if len(r) > 1 else py_value(r[0])
                for r in fetch(store, SCOPE + "\n" + sql, p).itertuples(index=False)]

    def in_order(found: list, order: list[str]) -> list:
        return sorted(found, key=lambda x: (order.index(x) if x in order else len(order), x))

    states = values("SELECT DISTINCT state FROM projects WHERE version_id = $v AND state IS NOT NULL")
    outcomes = values("SELECT DISTINCT effective_outcome FROM req")
    return {
        "missions": values("SELECT DISTINCT mission FROM projects WHERE version_id = $v "
                           "AND mission IS NOT NULL ORDER BY 1"),
        "components": values("SELECT DISTINCT component FROM projects WHERE version_id = $v "
                             "AND component IS NOT NULL ORDER BY 1"),
        "partners": values("SELECT partner_id, name FROM partners WHERE version_id = $v "
                           "ORDER BY name, partner_id"),
        "states": in_order(states, [it for it, _ in PROJECT_STATES]),
        "calls": values("SELECT call_id, title FROM calls WHERE version_id = $v ORDER BY call_id"),
        "outcomes": in_order(outcomes, OUTCOME_ORDER),
        "date_range": values("SELECT min(submitted_on), max(submitted_on) FROM req")[0],
    }

"""Calls and what came of the applications: the calls with our applications, the deadlines ahead,
applications per outcome, the outcome funnel and the decisions over time (the Bandi ed esiti page).

Same conventions as ``queries`` (which re-exports these functions): ``(store, version_id, filters)``
in, a DataFrame out, every value bound, the filter semantics of ``filters``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..schema import OUTCOME_GROUPS
from .filters import NO_FILTERS, OUTCOME_ORDER, Filters, in_filter, run_scoped

# The funnel's stages: (key, Italian label, English label), widest first.
FUNNEL_STAGES: tuple[tuple[str, str, str], ...] = (
    ("submitted", "Presentate", "Submitted"),
    ("reviewed", "In istruttoria o decise", "Reviewed or decided"),
    ("admitted", "Ammesse", "Admitted"),
    ("financed", "Finanziate", "Financed"),
)


_CALL_AGG = """
        a AS (SELECT call_id, count(*) AS n_requests, count(*) FILTER (WHERE is_financed) AS n_financed,
                     sum(amount_requested) AS requested, sum(granted) AS granted
              FROM fr GROUP BY 1)"""


def calls_overview(store, version_id: int | None, f: Filters = NO_FILTERS) -> pd.DataFrame:
    """Per call: the call and our filtered applications to it. Lists the selected calls (all if none);
    when any other filter is set, only calls with at least one matching application.

    Columns: call_id, title, source, administration, measure, published_on, deadline, allocation,
    n_requests, n_financed, requested, granted. Latest deadline first.
    """
    only_applied = bool(f.has_card_filter or f.outcomes or f.date_from or f.date_to)
    return run_scoped(store, version_id, f, f"""
        SELECT c.call_id, c.title, c.source, c.administration, c.measure, c.published_on, c.deadline,
               c.allocation::DOUBLE AS allocation, coalesce(a.n_requests, 0) AS n_requests,
               coalesce(a.n_financed, 0) AS n_financed,
               coalesce(a.requested, 0)::DOUBLE AS requested, coalesce(a.granted, 0)::DOUBLE AS granted
        FROM calls c LEFT JOIN a USING (call_id)
        WHERE c.version_id = $v AND {in_filter('calls', 'c.call_id')}
          AND (NOT $only_applied OR a.call_id IS NOT NULL)
        ORDER BY c.deadline DESC NULLS LAST, c.call_id""", ctes=_CALL_AGG,
                params={"only_applied": only_applied})


def deadlines_ahead(store, version_id: int | None, f: Filters, today: dt.date,
                    days: int = 60) -> pd.DataFrame:
    """Calls whose deadline falls in [today, today + days], soonest first. Only the calls filter
    applies: an upcoming call is an opportunity whether or not a card has applied yet.

    Columns: call_id, title, source, administration, measure, deadline, allocation, days_left,
    n_requests (filtered applications already made to it).
    """
    return run_scoped(store, version_id, f, f"""
        SELECT c.call_id, c.title, c.source, c.administration, c.measure, c.deadline,
               c.allocation::DOUBLE AS allocation, (c.deadline - CAST($today AS DATE))::INTEGER AS days_left,
               coalesce(a.n_requests, 0) AS n_requests
        FROM calls c LEFT JOIN a USING (call_id)
        WHERE c.version_id = $v AND {in_filter('calls', 'c.call_id')}
          AND c.deadline BETWEEN CAST($today AS DATE) AND CAST($until AS DATE)
        ORDER BY c.deadline, c.call_id""", ctes=_CALL_AGG,
                params={"today": today, "until": today + dt.timedelta(days=days)})


def outcome_counts(store, version_id: int | None, f: Filters = NO_FILTERS) -> pd.DataFrame:
    """Filtered applications per effective outcome, every outcome of the schema in its order (zeros too).

    Columns: outcome, outcome_group (key of schema.OUTCOME_GROUPS), n_requests, requested, granted.
    """
    got = run_scoped(store, version_id, f, """
        SELECT effective_outcome AS outcome, count(*) AS n_requests,
               coalesce(sum(amount_requested), 0)::DOUBLE AS requested,
               coalesce(sum(granted), 0)::DOUBLE AS granted
        FROM fr GROUP BY 1""").set_index("outcome")
    order = OUTCOME_ORDER + sorted(set(got.index) - set(OUTCOME_ORDER))
    out = got.reindex(order).fillna(0).rename_axis("outcome").reset_index()
    out["n_requests"] = out["n_requests"].astype("int64")
    group = {o: g for g, members in OUTCOME_GROUPS.items() for o in members}
    out.insert(1, "outcome_group", [group.get(o) for o in out["outcome"]])
    return out


def outcome_funnel(store, version_id: int | None, f: Filters = NO_FILTERS) -> pd.DataFrame:
    """The funnel submitted ⊇ reviewed ⊇ admitted ⊇ financed over the filtered applications.

    submitted = all but "In preparazione"; reviewed = decided or "In istruttoria"; admitted = financed
    + "Ammessa non finanziata"; financed = schema financed group.
    Columns: stage (key of FUNNEL_STAGES), n_requests, requested.
    """
    row = run_scoped(store, version_id, f, """
        SELECT count(*) FILTER (WHERE is_submitted) AS n_submitted,
               count(*) FILTER (WHERE is_reviewed) AS n_reviewed,
               count(*) FILTER (WHERE is_admitted) AS n_admitted,
               count(*) FILTER (WHERE is_financed) AS n_financed,
               coalesce(sum(amount_requested) FILTER (WHERE is_submitted), 0)::DOUBLE AS r_submitted,
               coalesce(sum(amount_requested) FILTER (WHERE is_reviewed), 0)::DOUBLE AS r_reviewed,
               coalesce(sum(amount_requested) FILTER (WHERE is_admitted), 0)::DOUBLE AS r_admitted,
               coalesce(sum(amount_requested) FILTER (WHERE is_financed), 0)::DOUBLE AS r_financed
        FROM (SELECT *, is_financed OR is_eligible AS is_admitted FROM fr)""").iloc[0]
    return pd.DataFrame({"stage": [s for s, _, _ in FUNNEL_STAGES],
                         "n_requests": [int(row[f"n_{s}"]) for s, _, _ in FUNNEL_STAGES],
                         "requested": [float(row[f"r_{s}"]) for s, _, _ in FUNNEL_STAGES]})


def decisions_over_time(store, version_id: int | None, f: Filters = NO_FILTERS) -> pd.DataFrame:
    """Per month of decision date (filtered applications with a decided_on).

    Columns: month (first day, datetime.date), n_decisions, n_financed, granted.
    """
    return run_scoped(store, version_id, f, """
        SELECT CAST(date_trunc('month', decided_on) AS DATE) AS month, count(*) AS n_decisions,
               count(*) FILTER (WHERE is_financed) AS n_financed, coalesce(sum(granted), 0)::DOUBLE AS granted
        FROM fr WHERE decided_on IS NOT NULL
        GROUP BY 1 ORDER BY 1""")

"""The analytics the dashboard charts, as parameterised SQL over one pinned version of the store.

Every function takes ``(store, version_id, filters)`` and returns a pandas DataFrame (or a small
dataclass); all SQL of the app lives here, every value is a bound parameter, and table/column names
come from the schema only. Amounts come back as floats, dates as ``datetime.date`` (or None).

Filter semantics (one shared definition, the ``_SCOPE`` CTEs, used by every filtered query):

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

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..schema import DECIDED_OUTCOMES, OUTCOME_GROUPS, OUTCOMES, PROJECT_STATES, PROJECTS, ROLES, TABLES

__all__ = [
    "FUNNEL_STAGES", "NO_FILTERS", "Filters", "Kpis", "ProjectRecord", "budget_by_project", "by_component",
    "by_mission",
    "by_partner", "calls_overview", "deadlines_ahead", "decisions_over_time", "eligible_not_financed",
    "filter_options", "funding_by_mission", "kpis", "outcome_counts", "outcome_funnel", "partner_mission_matrix",
    "project_record",
    "filtered_tables", "projects_table", "requests_table",
]

_OUTCOME_ORDER = [it for it, _ in OUTCOMES]
_SUBMITTED = "Presentata"          # effective outcome of a submitted application with no outcome row
_PREPARING = "In preparazione"     # ... and of one not submitted yet
_UNDER_REVIEW = "In istruttoria"
_LEAD_ROLE, _PARTNER_ROLE = ROLES[0][0], ROLES[1][0]
if not {_SUBMITTED, _PREPARING, _UNDER_REVIEW} <= set(_OUTCOME_ORDER):   # schema renamed an outcome
    raise RuntimeError("queries.py: outcome names out of step with schema.OUTCOMES")

# The funnel's stages: (key, Italian label, English label), widest first.
FUNNEL_STAGES: tuple[tuple[str, str, str], ...] = (
    ("submitted", "Presentate", "Submitted"),
    ("reviewed", "In istruttoria o decise", "Reviewed or decided"),
    ("admitted", "Ammesse", "Admitted"),
    ("financed", "Finanziate", "Financed"),
)


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


@dataclass(frozen=True, eq=False)
class ProjectRecord:
    """Everything about one card: its row, its partners and its applications (unfiltered)."""

    project: dict[str, Any]           # schema columns of projects + lead_partner_name
    partners: pd.DataFrame            # partner_id, name, kind, signatory, role (lead first)
    requests: pd.DataFrame            # same columns as requests_table()
    totals: dict[str, float] = field(default_factory=dict)  # requested, granted, disbursed


# --- the shared scope -------------------------------------------------------------------------------

def _lst(name: str) -> str:
    return f"CAST(${name} AS VARCHAR[])"


def _match(name: str, column: str) -> str:
    """`column` is one of the list parameter `name`, or the list is empty (no filter)."""
    return f"(len({_lst(name)}) = 0 OR list_contains({_lst(name)}, {column}))"


# req: every application of the version with its outcome, effective outcome and group flags.
# inv: (card, partner) pairs where the partner is involved. cards/fr/fp: see the module docstring.
_SCOPE = f"""
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
      AND {_match('missions', 'p.mission')}
      AND {_match('components', 'p.component')}
      AND {_match('states', 'p.state')}
      AND (len({_lst('partners')}) = 0 OR EXISTS (
           SELECT 1 FROM inv WHERE inv.project_id = p.project_id
                               AND list_contains({_lst('partners')}, inv.partner_id)))
), fr AS (
    SELECT req.* FROM req
    WHERE req.project_id IN (SELECT project_id FROM cards)
      AND {_match('calls', 'req.call_id')}
      AND {_match('outcomes', 'req.effective_outcome')}
      AND (CAST($date_from AS DATE) IS NULL OR req.submitted_on >= CAST($date_from AS DATE))
      AND (CAST($date_to AS DATE) IS NULL OR req.submitted_on <= CAST($date_to AS DATE))
), fp AS (
    SELECT * FROM cards
    WHERE NOT $app_filter OR project_id IN (SELECT project_id FROM fr)
)"""


def _scope_params(version_id: int | None, f: Filters) -> dict[str, Any]:
    return {
        "v": version_id,
        "missions": list(f.missions), "components": list(f.components), "states": list(f.states),
        "partners": list(f.partners), "calls": list(f.calls), "outcomes": list(f.outcomes),
        "date_from": f.date_from, "date_to": f.date_to, "app_filter": f.has_request_filter,
        "o_preparing": _PREPARING, "o_submitted": _SUBMITTED, "o_review": _UNDER_REVIEW,
        "g_financed": list(OUTCOME_GROUPS["financed"]), "g_pending": list(OUTCOME_GROUPS["pending"]),
        "g_decided": list(DECIDED_OUTCOMES), "g_eligible": list(OUTCOME_GROUPS["eligible_not_financed"]),
    }


def _fetch(store, sql: str, params: dict[str, Any]) -> pd.DataFrame:
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


def _run(store, version_id: int | None, f: Filters, select: str, *, ctes: str = "",
         params: dict[str, Any] | None = None) -> pd.DataFrame:
    """The scope CTEs, then extra CTEs (``name AS (...)``, comma-separated), then the final SELECT."""
    sql = _SCOPE + (f",\n{ctes}" if ctes else "") + "\n" + select
    return _fetch(store, sql, {**_scope_params(version_id, f), **(params or {})})


def _rate(num: float | None, den: float | None) -> float | None:
    return float(num or 0) / float(den) if den else None


# --- headline figures ---------------------------------------------------------------------------------

def kpis(store, version_id: int | None, f: Filters = NO_FILTERS) -> Kpis:
    """Headline figures; success_rate_amount uses decided applications with a known amount requested
    (a financed one with unknown grant is left out of both sides; a not-financed one obtained 0)."""
    row = _run(store, version_id, f, """
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
    return _run(store, version_id, f, f"""
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
    return _run(store, version_id, f, f"""
        SELECT pa.partner_id, pa.name, pa.kind, pa.signatory,
               coalesce(led.n, 0) AS n_led, coalesce(joined.n, 0) AS n_joined,
               coalesce(app.n_requests, 0) AS n_requests,
               coalesce(app.requested, 0)::DOUBLE AS requested, coalesce(app.granted, 0)::DOUBLE AS granted,
               coalesce(app.n_decided, 0) AS n_decided, coalesce(app.n_financed, 0) AS n_financed,
               CASE WHEN app.n_decided > 0 THEN app.n_financed / app.n_decided END AS success_rate
        FROM partners pa
        LEFT JOIN led USING (partner_id) LEFT JOIN joined USING (partner_id) LEFT JOIN app USING (partner_id)
        WHERE pa.version_id = $v AND {_match('partners', 'pa.partner_id')}
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
    return _run(store, version_id, f, f"""
        SELECT pa.partner_id, pa.name, fp.mission, count(DISTINCT fp.project_id) AS n_cards
        FROM inv JOIN fp USING (project_id)
        JOIN partners pa ON pa.version_id = $v AND pa.partner_id = inv.partner_id
        WHERE {_match('partners', 'pa.partner_id')}
        GROUP BY pa.partner_id, pa.name, fp.mission
        ORDER BY pa.name, pa.partner_id, fp.mission""")


# --- budget, calls, outcomes ----------------------------------------------------------------------------

def budget_by_project(store, version_id: int | None, f: Filters = NO_FILTERS) -> pd.DataFrame:
    """Per card shown: what it costs against what it has secured.

    Columns: project_id, title, mission, component, budget_total (None if unknown), n_requests,
    requested, granted (financed applications), cofinancing (of financed applications: committed
    only with the grant), funding_gap = budget_total − granted − cofinancing (None when the budget is
    unknown; negative when secured money exceeds the budget), budget_unknown (bool).
    """
    return _run(store, version_id, f, """
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
    return _run(store, version_id, f, """
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
    return _run(store, version_id, f, f"""
        SELECT c.call_id, c.title, c.source, c.administration, c.measure, c.published_on, c.deadline,
               c.allocation::DOUBLE AS allocation, coalesce(a.n_requests, 0) AS n_requests,
               coalesce(a.n_financed, 0) AS n_financed,
               coalesce(a.requested, 0)::DOUBLE AS requested, coalesce(a.granted, 0)::DOUBLE AS granted
        FROM calls c LEFT JOIN a USING (call_id)
        WHERE c.version_id = $v AND {_match('calls', 'c.call_id')}
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
    return _run(store, version_id, f, f"""
        SELECT c.call_id, c.title, c.source, c.administration, c.measure, c.deadline,
               c.allocation::DOUBLE AS allocation, (c.deadline - CAST($today AS DATE))::INTEGER AS days_left,
               coalesce(a.n_requests, 0) AS n_requests
        FROM calls c LEFT JOIN a USING (call_id)
        WHERE c.version_id = $v AND {_match('calls', 'c.call_id')}
          AND c.deadline BETWEEN CAST($today AS DATE) AND CAST($until AS DATE)
        ORDER BY c.deadline, c.call_id""", ctes=_CALL_AGG,
                params={"today": today, "until": today + dt.timedelta(days=days)})


def outcome_counts(store, version_id: int | None, f: Filters = NO_FILTERS) -> pd.DataFrame:
    """Filtered applications per effective outcome, every outcome of the schema in its order (zeros too).

    Columns: outcome, outcome_group (key of schema.OUTCOME_GROUPS), n_requests, requested, granted.
    """
    got = _run(store, version_id, f, """
        SELECT effective_outcome AS outcome, count(*) AS n_requests,
               coalesce(sum(amount_requested), 0)::DOUBLE AS requested,
               coalesce(sum(granted), 0)::DOUBLE AS granted
        FROM fr GROUP BY 1""").set_index("outcome")
    order = _OUTCOME_ORDER + sorted(set(got.index) - set(_OUTCOME_ORDER))
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
    row = _run(store, version_id, f, """
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
    return _run(store, version_id, f, """
        SELECT CAST(date_trunc('month', decided_on) AS DATE) AS month, count(*) AS n_decisions,
               count(*) FILTER (WHERE is_financed) AS n_financed, coalesce(sum(granted), 0)::DOUBLE AS granted
        FROM fr WHERE decided_on IS NOT NULL
        GROUP BY 1 ORDER BY 1""")


# --- tables ----------------------------------------------------------------------------------------------

def _requests_select(source: str, where: str) -> str:
    """The application table's SELECT over CTE ``source`` (fr or req); ``where`` is fixed code."""
    return f"""
        SELECT x.request_id, x.project_id, p.title AS project_title, p.mission, p.component,
               x.call_id, c.title AS call_title, c.source AS call_source,
               x.applicant, pa.name AS applicant_name, x.submitted_on,
               x.amount_requested::DOUBLE AS amount_requested, x.cofinancing::DOUBLE AS cofinancing,
               x.outcome, x.effective_outcome, x.decided_on,
               x.amount_granted::DOUBLE AS amount_granted, x.amount_disbursed::DOUBLE AS amount_disbursed,
               x.act, x.cup
        FROM {source} x
        LEFT JOIN projects p ON p.version_id = $v AND p.project_id = x.project_id
        LEFT JOIN calls c ON c.version_id = $v AND c.call_id = x.call_id
        LEFT JOIN partners pa ON pa.version_id = $v AND pa.partner_id = x.applicant
        WHERE {where}
        ORDER BY x.request_id"""


def requests_table(store, version_id: int | None, f: Filters = NO_FILTERS) -> pd.DataFrame:
    """The filtered applications as pages and the export show them.

    Columns: request_id, project_id, project_title, mission, component, call_id, call_title,
    call_source, applicant, applicant_name, submitted_on, amount_requested, cofinancing, outcome (the
    outcome row's, None if none), effective_outcome, decided_on, amount_granted, amount_disbursed,
    act, cup (the outcome's). Amounts are the rows' own (None when unknown).
    """
    return _run(store, version_id, f, _requests_select("fr", "TRUE"))


def eligible_not_financed(store, version_id: int | None, f: Filters = NO_FILTERS) -> pd.DataFrame:
    """Filtered applications "Ammessa non finanziata": candidates if the ranking scrolls.

    Columns: as requests_table.
    """
    return _run(store, version_id, f, _requests_select("fr", "x.is_eligible"))


def projects_table(store, version_id: int | None, f: Filters = NO_FILTERS) -> pd.DataFrame:
    """The cards shown, with lead partner name and totals of their filtered applications.

    Columns: the schema's projects columns, lead_partner_name, n_requests, amount_requested,
    amount_granted (financed applications).
    """
    cols = ", ".join(f"fp.{c}" for c in PROJECTS.names if c != "budget_total")
    return _run(store, version_id, f, f"""
        SELECT {cols}, fp.budget_total::DOUBLE AS budget_total, pa.name AS lead_partner_name,
               coalesce(a.n_requests, 0) AS n_requests, coalesce(a.requested, 0)::DOUBLE AS amount_requested,
               coalesce(a.granted, 0)::DOUBLE AS amount_granted
        FROM fp
        LEFT JOIN partners pa ON pa.version_id = $v AND pa.partner_id = fp.lead_partner
        LEFT JOIN a USING (project_id)
        ORDER BY fp.project_id""", ctes="""
        a AS (SELECT project_id, count(*) AS n_requests, sum(amount_requested) AS requested,
                     sum(granted) AS granted FROM fr GROUP BY 1)""")[[*PROJECTS.names, "lead_partner_name",
                                                                     "n_requests", "amount_requested",
                                                                     "amount_granted"]]


def project_record(store, version_id: int | None, project_id: str) -> ProjectRecord | None:
    """One card with everything about it, ignoring filters; None when the id is unknown in the version."""
    cards = _run(store, version_id, NO_FILTERS, """
        SELECT p.*, pa.name AS lead_partner_name FROM projects p
        LEFT JOIN partners pa ON pa.version_id = $v AND pa.partner_id = p.lead_partner
        WHERE p.version_id = $v AND p.project_id = $pid""", params={"pid": project_id})
    if cards.empty:
        return None
    project = {k: _py(cards.iloc[0][k]) for k in [*PROJECTS.names, "lead_partner_name"]}
    if project["budget_total"] is not None:
        project["budget_total"] = float(project["budget_total"])
    partners = _run(store, version_id, NO_FILTERS, """
        SELECT x.partner_id, pa.name, pa.kind, pa.signatory, x.role
        FROM (SELECT lead_partner AS partner_id, $lead_role AS role, 0 AS rank
              FROM projects WHERE version_id = $v AND project_id = $pid
              UNION ALL
              SELECT pp.partner_id, coalesce(pp.role, $partner_role), 1
              FROM project_partners pp
              WHERE pp.version_id = $v AND pp.project_id = $pid
                AND pp.partner_id NOT IN (SELECT lead_partner FROM projects
                                          WHERE version_id = $v AND project_id = $pid)) x
        LEFT JOIN partners pa ON pa.version_id = $v AND pa.partner_id = x.partner_id
        ORDER BY x.rank, pa.name, x.partner_id""",
                    params={"pid": project_id, "lead_role": _LEAD_ROLE, "partner_role": _PARTNER_ROLE})
    requests = _run(store, version_id, NO_FILTERS, _requests_select("req", "x.project_id = $pid"),
                    params={"pid": project_id})
    financed = requests["effective_outcome"].isin(OUTCOME_GROUPS["financed"])
    totals = {"requested": float(requests["amount_requested"].sum()),
              "granted": float(requests.loc[financed, "amount_granted"].sum()),
              "disbursed": float(requests["amount_disbursed"].sum())}
    return ProjectRecord(project=project, partners=partners, requests=requests, totals=totals)


# Which rows of each table belong to a filtered view (the export, and a re-uploadable workbook):
# the cards shown, their partner rows, the filtered applications and their outcomes, the calls those
# applications went to, and the partners involved. Without filters, every row of every table.
_FILTERED_ROWS = {
    "projects": "SELECT project_id FROM fp",
    "project_partners": "SELECT project_id, partner_id FROM project_partners WHERE version_id = $v "
                        "AND project_id IN (SELECT project_id FROM fp)",
    "requests": "SELECT request_id FROM fr",
    "outcomes": "SELECT request_id FROM fr",
    "calls": "SELECT call_id FROM fr",
    "partners": "SELECT partner_id FROM inv WHERE project_id IN (SELECT project_id FROM fp) "
                "UNION SELECT applicant FROM fr",
}


def filtered_tables(store, version_id: int | None, f: Filters = NO_FILTERS) -> dict[str, pd.DataFrame]:
    """Every table of the version restricted to the filtered view, with the schema's columns (key order)."""
    out = {}
    for table in TABLES:
        if f.is_empty:
            out[table.name] = store.table(table.name, version_id)
            continue
        key = ", ".join(table.key)
        cols = ", ".join(f"t.{c.name}::DOUBLE AS {c.name}" if c.kind == "amount" else f"t.{c.name}"
                         for c in table.columns)
        frame = _run(store, version_id, f, f"""
            SELECT {cols} FROM {table.name} t
            WHERE t.version_id = $v AND ({key}) IN ({_FILTERED_ROWS[table.name]})
            ORDER BY {", ".join(f"t.{k}" for k in table.key)}""")
        out[table.name] = frame.astype(object).where(frame.notna(), None).astype(
            {c.name: "float64" for c in table.columns if c.kind == "amount"})
    return out


def _py(value: Any) -> Any:
    """A pandas/numpy scalar as a plain Python value (NaN/NaT -> None)."""
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


# --- sidebar ------------------------------------------------------------------------------------------------

def filter_options(store, version_id: int | None) -> dict[str, Any]:
    """Values present in the version for each filter widget.

    Keys: missions, components (sorted codes), partners [(id, name)] by name, states (schema order),
    calls [(id, title)] by id, outcomes (effective outcomes present, schema order), and date_range,
    the (min, max) submission dates ((None, None) when none).
    """
    p = _scope_params(version_id, NO_FILTERS)

    def values(sql: str) -> list:
        return [tuple(_py(v) for v in r) if len(r) > 1 else _py(r[0])
                for r in _fetch(store, _SCOPE + "\n" + sql, p).itertuples(index=False)]

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
        "outcomes": in_order(outcomes, _OUTCOME_ORDER),
        "date_range": values("SELECT min(submitted_on), max(submitted_on) FROM req")[0],
    }

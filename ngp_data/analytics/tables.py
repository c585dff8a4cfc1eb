"""Row-level queries: the applications and cards as pages and the export list them, one card's full
record, and every table restricted to the filtered view.

Like ``queries``, every function reads one pinned version through ``filters.SCOPE`` with every value
bound; amounts come back as floats (None when unknown), dates as ``datetime.date``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..lists import LEAD_ROLE, PARTNER_ROLE
from ..schema import OUTCOME_GROUPS, PROJECTS, TABLES
from .filters import NO_FILTERS, Filters, py_value, run_scoped


@dataclass(frozen=True, eq=False)
class ProjectRecord:
    """Everything about one card: its row, its partners and its applications (unfiltered)."""

    project: dict[str, Any]           # schema columns of projects + lead_partner_name
    partners: pd.DataFrame            # partner_id, name, kind, signatory, role (lead first)
    requests: pd.DataFrame            # same columns as requests_table()
    totals: dict[str, float] = field(default_factory=dict)  # requested, granted, disbursed


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
    return run_scoped(store, version_id, f, _requests_select("fr", "TRUE"))


def eligible_not_financed(store, version_id: int | None, f: Filters = NO_FILTERS) -> pd.DataFrame:
    """Filtered applications "Ammessa non finanziata": candidates if the ranking scrolls.

    Columns: as requests_table.
    """
    return run_scoped(store, version_id, f, _requests_select("fr", "x.is_eligible"))


def projects_table(store, version_id: int | None, f: Filters = NO_FILTERS) -> pd.DataFrame:
    """The cards shown, with lead partner name and totals of their filtered applications.

    Columns: the schema's projects columns, lead_partner_name, n_requests, amount_requested,
    amount_granted (financed applications).
    """
    cols = ", ".join(f"fp.{c}" for c in PROJECTS.names if c != "budget_total")
    return run_scoped(store, version_id, f, f"""
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
    cards = run_scoped(store, version_id, NO_FILTERS, """
        SELECT p.*, pa.name AS lead_partner_name FROM projects p
        LEFT JOIN partners pa ON pa.version_id = $v AND pa.partner_id = p.lead_partner
        WHERE p.version_id = $v AND p.project_id = $pid""", params={"pid": project_id})
    if cards.empty:
        return None
    project = {k: py_value(cards.iloc[0][k]) for k in [*PROJECTS.names, "lead_partner_name"]}
    if project["budget_total"] is not None:
        project["budget_total"] = float(project["budget_total"])
    partners = run_scoped(store, version_id, NO_FILTERS, """
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
                    params={"pid": project_id, "lead_role": LEAD_ROLE, "partner_role": PARTNER_ROLE})
    requests = run_scoped(store, version_id, NO_FILTERS, _requests_select("req", "x.project_id = $pid"),
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
        frame = run_scoped(store, version_id, f, f"""
            SELECT {cols} FROM {table.name} t
            WHERE t.version_id = $v AND ({key}) IN ({_FILTERED_ROWS[table.name]})
            ORDER BY {", ".join(f"t.{k}" for k in table.key)}""")
        out[table.name] = frame.astype(object).where(frame.notna(), None).astype(
            {c.name: "float64" for c in table.columns if c.kind == "amount"})
    return out

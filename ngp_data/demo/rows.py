"""The demo's tuples as rows and frames: the latest version, and each earlier one rebuilt from it."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ..lists import LEAD_ROLE
from ..schema import AMOUNT, CUP_RE, DATE, MEASURE_RE, TABLES, Table
from .applications import OUTCOMES, REAL_CUPS, REQUESTS
from .history import ADDED_IN, DROPPED, EARLIER
from .portfolio import CALLS, COMUNE, PARTNERS, PROJECTS, TAX_CODES


def current_rows() -> dict[str, list[dict]]:
    """The latest version as plain rows (column name -> Python value; dates still ISO text)."""
    partners = [dict(zip(("partner_id", "name", "kind", "signatory"), p, strict=True))
                | {"tax_code": TAX_CODES.get(p[0])} for p in PARTNERS]
    projects, project_partners = [], []
    for (pid, title, code, lead, budget, axis, state, start, end, ready, others, description) in PROJECTS:
        mission, component, measure = _split_code(code)
        projects.append({
            "project_id": pid, "title": title, "mission": mission, "component": component, "measure": measure,
            "lead_partner": lead, "budget_total": budget, "axis": axis, "state": state, "start_date": start,
            "end_date": end, "shovel_ready": ready, "cup": None, "description": description,
        })
        project_partners.append({"project_id": pid, "partner_id": lead, "role": LEAD_ROLE})
        project_partners += [{"project_id": pid, "partner_id": p, "role": "partner"} for p in others]
    # CONFCOOP joined the sport card in November, when it applied for it (see ADDED_IN).
    project_partners.append({"project_id": "NGP-21", "partner_id": "CONFCOOP", "role": "partner"})
    call_cols = ("call_id", "title", "source", "administration", "measure", "published_on", "deadline",
                 "allocation", "link")
    calls = [dict(zip(call_cols, c, strict=True)) for c in CALLS]
    req_cols = ("request_id", "project_id", "call_id", "applicant", "submitted_on", "amount_requested",
                "cofinancing")
    requests = [dict(zip(req_cols, r, strict=True)) for r in REQUESTS]
    applicant = {r["request_id"]: r["applicant"] for r in requests}
    outcomes = []
    for rid, outcome, decided, granted, disbursed, act, cup_year in OUTCOMES:
        outcomes.append({
            "request_id": rid, "outcome": outcome, "decided_on": decided, "amount_granted": granted,
            "amount_disbursed": disbursed, "act": act,
            "cup": REAL_CUPS.get(rid) or (_cup(rid, applicant[rid], cup_year) if cup_year else None),
        })
    return {"partners": partners, "projects": projects, "project_partners": project_partners,
            "calls": calls, "requests": requests, "outcomes": outcomes}


def frames_at(current: dict[str, list[dict]], index: int) -> dict[str, pd.DataFrame]:
    """The frames of version ``index``: later rows left out, earlier values put back."""
    rows: dict[str, list[dict]] = {}
    for table in TABLES:
        kept = []
        for row in current[table.name]:
            key = _key(table, row)
            added = ADDED_IN.get((table.name, key))
            if added is None and table.name == "outcomes":
                added = ADDED_IN.get(("requests", key), 0)
            if (added or 0) > index:
                continue
            row = dict(row)
            for step in sorted(EARLIER, reverse=True):
                if index <= step:
                    row.update(EARLIER[step].get((table.name, key), {}))
            kept.append(row)
        kept += [dict(r) for last, name, r in DROPPED if name == table.name and index <= last]
        rows[table.name] = sorted(kept, key=lambda r, t=table: _key(t, r))
    cup_by_project: dict[str, str] = {}
    requests = {r["request_id"]: r for r in rows["requests"]}
    for outcome in rows["outcomes"]:
        if outcome["cup"]:
            cup_by_project.setdefault(requests[outcome["request_id"]]["project_id"], outcome["cup"])
    for project in rows["projects"]:
        project["cup"] = cup_by_project.get(project["project_id"])
    return {t.name: _frame(t, rows[t.name]) for t in TABLES}


def _frame(table: Table, rows: list[dict]) -> pd.DataFrame:
    """Rows -> the frame ``Store.commit`` expects: floats for amounts, ``date`` objects, object text."""
    data = {}
    for col in table.columns:
        values = [row.get(col.name) for row in rows]
        if col.kind == AMOUNT:
            data[col.name] = pd.Series([np.nan if v is None else float(v) for v in values], dtype="float64")
        elif col.kind == DATE:
            dates = [dt.date.fromisoformat(v) if isinstance(v, str) else v for v in values]
            data[col.name] = pd.Series(dates, dtype=object)
        else:
            data[col.name] = pd.Series(values, dtype=object)
    return pd.DataFrame(data, columns=table.names)


def _key(table: Table, row: dict) -> str:
    return "|".join(str(row[k]) for k in table.key)


def _split_code(code: str) -> tuple[str, str | None, str | None]:
    """'M2C1 I1.2 Linea D' -> ('M2', 'M2C1', 'M2C1 I1.2 Linea D'); 'M2C4' -> ('M2', 'M2C4', None)."""
    match = MEASURE_RE.match(code)
    if not match:
        raise ValueError(f"codice PNRR non valido nei dati dimostrativi: {code}")
    mission = f"M{match.group(1)}"
    component = f"{mission}C{match.group(2)}" if match.group(2) else None
    return mission, component, code if match.group(4) else None


def _cup(request_id: str, applicant: str, year: int) -> str:
    """An illustrative CUP: 15 characters, the financing year at positions 5–6."""
    number = int(request_id.split("-")[1])
    head = f"{'C' if applicant == COMUNE else 'D'}3{number % 10}{'JHEI'[number % 4]}"
    cup = f"{head}{year:02d}{number * 10_007:09d}"
    if not CUP_RE.match(cup):
        raise ValueError(cup)
    return cup

"""Rules -> problems: every cell converted by its column's kind, then keys, references and consistency.

All problems of an upload are collected (never only the first). Errors block the import; warnings are
shown and let it through. References are checked against the upload plus the current version, so a
partial upload (only Esiti, say) is checked against the tables it does not replace.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..kinds import KINDS
from ..lists import LEAD_ROLE, MISSIONS, OUTCOME_GROUPS, REVOKED
from ..schema import CONTROL_CHARS, INVISIBLE_CHARS, TABLE_BY_NAME, TABLES, Column
from . import columnar
from .cells import READERS, BadValue, PartnerIndex, format_amount_it, parse_measure, partner_index
from .limits import check_budget
from .problems import WARNING, Problem
from .reading import RawSheet, RawUpload


@dataclass
class Checked:
    """The uploaded tables converted to the store's types, and every problem found."""

    frames: dict[str, pd.DataFrame]
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors


# --- sheets -> frames -------------------------------------------------------------------------------------

class _Sheet:
    """Helper carrying a sheet's location so problems are built in one way."""

    def __init__(self, raw: RawSheet, problems: list[Problem]):
        self.raw, self.problems = raw, problems
        self.table = TABLE_BY_NAME[raw.table]

    def header(self, column: str) -> str:
        return self.raw.headers.get(column) or self.table.column(column).it

    def add(self, i: int | None, column: str | None, message: str, severity: str = "errore") -> None:
        self.problems.append(Problem(message, file=self.raw.file, sheet=self.raw.sheet,
                                     row=None if i is None else self.raw.row_numbers[i],
                                     column=self.header(column) if column else "", severity=severity))


def _convert_column(sheet: _Sheet, col: Column, values, partners: PartnerIndex):
    reader = READERS[col.kind]
    if columnar.is_array(values):                        # a typed column: whole, each distinct value once
        if not columnar.needs_cells(values):
            out, errors = columnar.convert(values, reader.parser(col, partners), reader.number)
            for i, message in errors:
                sheet.add(i, col.name, message)
            return out
        values = values.to_pylist()
    if reader.number is not None and all(v is None or type(v) in (float, int) for v in values):
        out = []                                         # fast path: typed numeric cells
        for i, v in enumerate(values):
            if v is None or v != v:
                out.append(None)
                continue
            try:
                out.append(reader.number(float(v)))
            except BadValue as exc:
                sheet.add(i, col.name, str(exc))
                out.append(None)
        return out
    values = _strip_invisible(sheet, col, values)
    convert = reader.parser(col, partners)
    # Convert each distinct cell value once (columns repeat a few codes, dates and names many times).
    done: dict[tuple, object] = {}
    out = []
    for i, v in enumerate(values):
        key = (type(v), v)
        try:
            result = done[key]
        except KeyError:
            try:
                result = done[key] = convert(v)
            except BadValue as exc:
                result = done[key] = exc
        except TypeError:                                # an unhashable value: convert it alone
            try:
                result = convert(v)
            except BadValue as exc:
                result = exc
        if isinstance(result, BadValue):
            sheet.add(i, col.name, str(result))
            result = None
        out.append(result)
    return out


def _strip_invisible(sheet: _Sheet, col: Column, values: list) -> list:
    """The values without bidi controls and invisible characters, and one warning for the column if any
    had some: they only change how a text looks (``\\u202egnp`` shows as ``png``), and never reach the store."""
    out, first, count, found = values, None, 0, {}
    for i, v in enumerate(values):
        if type(v) is str and not v.isascii() and INVISIBLE_CHARS.search(v):
            if out is values:
                out = list(values)
            found.update(dict.fromkeys(INVISIBLE_CHARS.findall(v)))
            out[i] = INVISIBLE_CHARS.sub("", v)
            first = i if first is None else first
            count += 1
    if count:
        chars = ", ".join(f"U+{ord(ch):04X}" for ch in found)
        cells = "1 cella" if count == 1 else f"{count} celle"
        sheet.add(None, col.name, f"rimossi caratteri invisibili di controllo della direzione del testo ({chars}) "
                                  f"da {cells}, la prima alla riga {sheet.raw.row_numbers[first]}.", WARNING)
    return out


def _frame(sheet: _Sheet, partners: PartnerIndex) -> pd.DataFrame:
    raw, table = sheet.raw, sheet.table
    if raw.data is not None:                              # the child's columns (reading: columnar.body)
        by_position, width, n = raw.data, len(raw.data), len(raw.row_numbers)
    else:
        width = max((len(r) for r in raw.rows), default=0)
        rows = raw.rows if all(len(r) == width for r in raw.rows) else [r + [None] * (width - len(r))
                                                                         for r in raw.rows]
        by_position, n = (list(zip(*rows, strict=False)) if rows else []), len(raw.rows)
    data = {}
    for col in table.columns:
        check_budget()
        pos = raw.columns.get(col.name)
        if pos is None or pos >= width:
            data[col.name] = [None] * n
            continue
        values = by_position[pos]
        data[col.name] = converted = _convert_column(sheet, col, values, partners)
        if col.nonempty:
            for i, v in enumerate(converted):
                if v is None and _blank(columnar.value_at(values, i)):
                    sheet.add(i, col.name, "valore obbligatorio mancante.")
    frame = pd.DataFrame(data, columns=table.names)
    for col in table.columns:
        if KINDS[col.kind].numeric:
            frame[col.name] = frame[col.name].astype("float64")
        else:
            frame[col.name] = frame[col.name].astype(object).where(frame[col.name].notna(), None)
    return frame


def _blank(value) -> bool:
    """Empty as typed: nothing, spaces, or only characters the import removes (controls, invisible ones)."""
    return value is None or (isinstance(value, str) and not INVISIBLE_CHARS.sub("", CONTROL_CHARS.sub("", value))
                             .strip())


def validate(upload: RawUpload, current: dict[str, pd.DataFrame]) -> Checked:
    """Convert and check an upload against the current version's tables (empty dict if none)."""
    problems = list(upload.problems)
    sheets = {s.table: s for s in upload.sheets}
    frames: dict[str, pd.DataFrame] = {}
    # Partners first: other sheets name them by ID or name.
    partner_sheet = sheets.get("partners")
    if partner_sheet is not None:
        frames["partners"] = _frame(_Sheet(partner_sheet, problems), {})
    partners_now = frames.get("partners", current.get("partners", _empty("partners")))
    index = partner_index(partners_now)
    for table in TABLES:
        if table.name in sheets and table.name not in frames:
            frames[table.name] = _frame(_Sheet(sheets[table.name], problems), index)
    final = {t.name: frames.get(t.name, current.get(t.name, _empty(t.name))) for t in TABLES}
    for table in TABLES:
        if table.name in frames:
            sheet = _Sheet(sheets[table.name], problems)
            _check_keys(sheet, frames[table.name])
            _check_references(sheet, frames[table.name], final)
            _check_rows(sheet, frames[table.name], final)
    _check_carried_references(frames, final, problems)
    sheet_order = {(s.file, s.sheet): i for i, s in enumerate(upload.sheets)}   # as in the workbook
    problems.sort(key=lambda p: (p.file, sheet_order.get((p.file, p.sheet), -1), p.row or 0))
    return Checked(frames, problems)


def _empty(name: str) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in TABLE_BY_NAME[name].names})


def _check_keys(sheet: _Sheet, frame: pd.DataFrame) -> None:
    key = list(sheet.table.key)
    if not frame[key].dropna().duplicated().any():       # the common case, in one pass of C
        return
    seen: dict[tuple, int] = {}
    for i, values in enumerate(zip(*(frame[k] for k in key), strict=False)):
        if any(v is None for v in values):
            continue
        if values in seen:
            shown = " + ".join(str(v) for v in values)
            sheet.add(i, key[-1] if len(key) == 1 else key[0],
                      f"identificativo duplicato «{shown}» (già alla riga {sheet.raw.row_numbers[seen[values]]}).")
        else:
            seen[values] = i


_REF_NAMES = {"partners": "partner", "projects": "progetto", "calls": "bando", "requests": "candidatura"}


def _check_references(sheet: _Sheet, frame: pd.DataFrame, final: dict[str, pd.DataFrame]) -> None:
    for col in sheet.table.columns:
        if not col.ref or READERS[col.kind].resolves_ref:    # resolved (and checked) on conversion
            continue
        target = TABLE_BY_NAME[col.ref]
        known = set(final[col.ref][target.key[0]].dropna())
        values = frame[col.name]
        unknown = values.notna() & ~values.isin(known)
        for i in np.flatnonzero(unknown.to_numpy()):
            v = values.iat[i]
            if v is not None and v not in known:
                sheet.add(i, col.name, f"{_REF_NAMES[col.ref]} «{v}» inesistente: non è nel foglio "
                                       f"{target.sheet} (né del file né della versione attiva).")


def _check_rows(sheet: _Sheet, frame: pd.DataFrame, final: dict[str, pd.DataFrame]) -> None:
    """Consistency within a row, and with the rows it refers to."""
    name = sheet.table.name
    if name == "projects":
        for i, row in enumerate(frame.itertuples(index=False)):
            _check_order(sheet, i, "start_date", row.start_date, "end_date", row.end_date,
                         "la data di fine precede quella di inizio.")
            _check_codes(sheet, frame, i, row)
    elif name == "calls":
        for i, row in enumerate(frame.itertuples(index=False)):
            _check_order(sheet, i, "published_on", row.published_on, "deadline", row.deadline,
                         "la scadenza precede la data di pubblicazione.")
    elif name == "requests":
        deadlines = dict(zip(final["calls"]["call_id"], final["calls"]["deadline"], strict=False))
        due = frame["call_id"].map(lambda c: deadlines.get(c)).to_numpy(dtype=object)   # one lookup per row
        late = _LATE(frame["submitted_on"].to_numpy(dtype=object), due).astype(bool)
        for i in np.flatnonzero(late):
            sheet.add(int(i), "submitted_on", f"presentata dopo la scadenza del bando ({due[i]:%d/%m/%Y}).", WARNING)
    elif name == "outcomes":
        requests = final["requests"].dropna(subset=["request_id"]).drop_duplicates("request_id")  # dups: reported
        req = requests.set_index("request_id") if len(requests) else None
        financed = set(OUTCOME_GROUPS["financed"])
        for i, row in enumerate(frame.itertuples(index=False)):
            if req is not None and row.request_id in req.index:
                asked = req.at[row.request_id, "amount_requested"]
                submitted = req.at[row.request_id, "submitted_on"]
                if row.amount_granted is not None and pd.notna(row.amount_granted) and pd.notna(asked) \
                        and row.amount_granted > asked:
                    sheet.add(i, "amount_granted", f"l'importo concesso supera quello richiesto "
                                                   f"({format_amount_it(asked)} €).", WARNING)
                if row.decided_on and submitted and row.decided_on < submitted:
                    sheet.add(i, "decided_on", f"la data dell'esito precede la presentazione "
                                               f"({submitted:%d/%m/%Y}).")
            granted, disbursed = row.amount_granted, row.amount_disbursed
            if pd.notna(granted) and pd.notna(disbursed) and disbursed > granted:
                sheet.add(i, "amount_disbursed", "l'importo erogato supera quello concesso.", WARNING)
            if row.outcome in financed and pd.isna(granted):
                sheet.add(i, "amount_granted", "esito finanziato ma importo concesso vuoto.", WARNING)
            if row.outcome and row.outcome not in financed and row.outcome != REVOKED \
                    and pd.notna(granted) and granted > 0:
                sheet.add(i, "amount_granted", f"importo concesso indicato ma l'esito è «{row.outcome}».",
                          WARNING)
    elif name == "project_partners":
        leads = dict(zip(final["projects"]["project_id"], final["projects"]["lead_partner"], strict=False))
        for i, row in enumerate(frame.itertuples(index=False)):
            lead = leads.get(row.project_id)
            if row.role == LEAD_ROLE and lead and row.partner_id != lead:
                sheet.add(i, "role", f"capofila diverso da quello del foglio Progetti ({lead}).", WARNING)


# Whether an application was submitted after its call's deadline (a row at a time, in numpy's loop).
_LATE = np.frompyfunc(lambda submitted, deadline: bool(submitted and deadline and submitted > deadline), 2, 1)


def _check_order(sheet, i, first_col, first, second_col, second, message) -> None:
    if first and second and second < first:
        sheet.add(i, second_col, message)


def _check_codes(sheet: _Sheet, frame: pd.DataFrame, i: int, row) -> None:
    """Mission, component and measure must agree; missing mission/component are derived from the measure."""
    parsed = parse_measure(row.measure) if row.measure else None
    mission, component = row.mission, row.component
    if parsed and parsed[1]:
        _, m_mission, m_component = parsed
        if mission and mission != m_mission:
            sheet.add(i, "measure", f"la misura {row.measure} appartiene alla missione {m_mission}, non a {mission}.")
        if component and m_component and component != m_component:
            sheet.add(i, "measure", f"la misura {row.measure} appartiene alla componente {m_component}, "
                                    f"non a {component}.")
        if not component and m_component:
            frame.at[i, "component"] = component = m_component
    if component and mission and not component.startswith(mission):
        sheet.add(i, "component", f"la componente {component} non appartiene alla missione {mission}.")
    if mission and mission not in MISSIONS:
        sheet.add(i, "mission", f"missione {mission} inesistente.")


def _check_carried_references(frames: dict[str, pd.DataFrame], final: dict[str, pd.DataFrame],
                              problems: list[Problem]) -> None:
    """A partial upload must not remove rows that the tables it keeps still refer to."""
    for table in TABLES:
        if table.name in frames:
            continue
        for col in table.columns:
            if not col.ref or col.ref not in frames:
                continue
            target = TABLE_BY_NAME[col.ref]
            known = set(final[col.ref][target.key[0]].dropna())
            missing = sorted({v for v in final[table.name][col.name] if v is not None and v not in known})
            if missing:
                shown = ", ".join(missing[:10]) + (" …" if len(missing) > 10 else "")
                problems.append(Problem(
                    f"il file toglie {_REF_NAMES[col.ref]} ancora usati nel foglio {table.sheet} della versione "
                    f"attiva ({col.it}): {shown}. Carica anche il foglio {table.sheet} aggiornato.",
                    sheet=target.sheet))

"""What changed between two versions (the "Novità" page): counts, a one-line summary, display frames.

The core is pure: :class:`~ngp_data.store.TableDiff` values (``Store.diff``) in, a
:class:`ChangeSummary` and display frames out. :func:`compare` is the one entry that reads the store:
the two versions' tables, their diff, the headline money of each version (``queries.kpis``) and, when
filters are set, the rows of the filtered view.

Definitions (what the summary counts):

* new / removed cards, applications, calls: rows added to / removed from projects, requests, calls;
* cards updated: card rows present in both versions with at least one changed value;
* outcomes changed: applications present in both versions whose outcome row changed its ``Esito``, or
  got an outcome row, or lost it (an outcome row arriving with a new application is not a change);
* amounts changed: changed cells of amount columns (budget, allocation, requested, co-financing,
  granted, disbursed), in rows present in both versions;
* amounts requested / granted: the change of the headline figures (``queries.kpis``: granted counts
  financed applications only), so the summary agrees with the Panoramica of each version.

With filters, a row is listed when it belongs to the filtered view in *either* version (so an
application whose outcome moves it out of an outcome filter still shows as changed, not as removed).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from .analytics import queries
from .labels import column_label, fmt_date, fmt_eur, fmt_eur_short, t, value_label
from .schema import AMOUNT, BOOL, CHOICE, DATE, TABLE_BY_NAME, TABLES
from .store import TableDiff, Version, diff_frames

# The order the page lists the tables in: what the committee asks about first.
TABLE_ORDER = ("requests", "outcomes", "projects", "calls", "project_partners", "partners")
EMPTY = "—"
_KIND_VIEW = {AMOUNT: "amount", DATE: "date", CHOICE: "choice"}   # schema kind -> ui.widgets.Col kind
Key = tuple


@dataclass(frozen=True)
class ChangeSummary:
    """The counts of the summary line; see the module docstring for what each one counts."""

    new_cards: int = 0
    removed_cards: int = 0
    updated_cards: int = 0
    new_requests: int = 0
    removed_requests: int = 0
    changed_outcomes: int = 0
    changed_amounts: int = 0
    new_calls: int = 0
    removed_calls: int = 0
    requested_delta: float | None = None
    granted_delta: float | None = None
    rows: int = 0                           # rows added + removed + changed, every table

    @property
    def empty(self) -> bool:
        return self.rows == 0


@dataclass(frozen=True)
class Shown:
    """A frame ready for ``ui.widgets.data_table``: headers in the interface language, and their kinds."""

    frame: pd.DataFrame
    kinds: dict[str, str]                   # header -> text | amount | date | choice


@dataclass(frozen=True, eq=False)
class Comparison:
    """Everything the Novità page shows for one pair of versions (and filters)."""

    old: int
    new: int
    diffs: dict[str, TableDiff]
    summary: ChangeSummary
    descriptions: dict[str, dict[Key, str]] = field(default_factory=dict)
    in_scope: bool = True                   # False: the filters match nothing in either version


# --- choosing the versions --------------------------------------------------------------------------------

def default_pair(version_ids: list[int], active: int | None) -> tuple[int, int] | None:
    """(previous, active): the version before the active one, and the active one. None with < 2 versions."""
    ids = sorted(version_ids)
    if len(ids) < 2:
        return None
    new = active if active in ids else ids[-1]
    i = ids.index(new)
    return (ids[i - 1], new) if i > 0 else (new, ids[1])


def version_label(v: Version, limit: int = 70) -> str:
    """``3 · 20/11/2026 · mario.rossi@comune.prato.it · comment`` for a version picker (plain text)."""
    comment = " ".join((v.comment or "").split())
    if len(comment) > limit:
        comment = comment[: limit - 1].rstrip() + "…"
    parts = [str(v.version_id), f"{v.created_at:%d/%m/%Y}", v.author or ""]
    return " · ".join(p for p in (*parts, comment) if p)


# --- counting ---------------------------------------------------------------------------------------------

def _changed_keys(d: TableDiff) -> set[Key]:
    key = list(TABLE_BY_NAME[d.table].key)
    return set(map(tuple, d.changed[key].itertuples(index=False, name=None))) if len(d.changed) else set()


def _keys(frame: pd.DataFrame, table: str) -> set[Key]:
    key = list(TABLE_BY_NAME[table].key)
    return set(frame[key].itertuples(index=False, name=None)) if len(frame) else set()


def summarize(diffs: Mapping[str, TableDiff], requested_delta: float | None = None,
              granted_delta: float | None = None) -> ChangeSummary:
    """The summary counts of a diff (``Store.diff`` or :func:`restrict`-ed); deltas are passed through."""
    empty = TableDiff("", pd.DataFrame(), pd.DataFrame(), pd.DataFrame())

    def get(name: str) -> TableDiff:
        return diffs.get(name, empty)

    req, out = get("requests"), get("outcomes")
    new_requests = _keys(req.added, "requests") if "requests" in diffs else set()
    gone_requests = _keys(req.removed, "requests") if "requests" in diffs else set()
    outcome_changes: set[Key] = set()
    if "outcomes" in diffs:
        if len(out.changed):
            outcome_changes |= set(map(tuple, out.changed.loc[out.changed["column"] == "outcome", ["request_id"]]
                                       .itertuples(index=False, name=None)))
        outcome_changes |= _keys(out.added, "outcomes") - new_requests
        outcome_changes |= _keys(out.removed, "outcomes") - gone_requests
    amounts = 0
    for name, d in diffs.items():
        if len(d.changed):
            money = {c.name for c in TABLE_BY_NAME[name].columns if c.kind == AMOUNT}
            amounts += int(d.changed["column"].isin(money).sum())
    rows = sum(len(d.added) + len(d.removed) + len(_changed_keys(d)) for d in diffs.values())
    proj, calls = get("projects"), get("calls")
    return ChangeSummary(
        new_cards=len(proj.added), removed_cards=len(proj.removed),
        updated_cards=len(_changed_keys(proj)) if "projects" in diffs else 0,
        new_requests=len(new_requests), removed_requests=len(gone_requests),
        changed_outcomes=len(outcome_changes), changed_amounts=amounts,
        new_calls=len(calls.added), removed_calls=len(calls.removed),
        requested_delta=requested_delta, granted_delta=granted_delta, rows=rows,
    )


def signed_eur(delta: float, lang: str = "it") -> str:
    """``+2,3 M€`` / ``−450 k€`` (``+€2.3M`` in English), with a no-break space: never split over lines."""
    return ("+" if delta >= 0 else "−") + fmt_eur_short(abs(delta), lang).replace(" ", "\u00a0")


def summary_text(s: ChangeSummary, lang: str = "it") -> str:
    """``7 nuove candidature, 3 esiti cambiati, importi concessi −2,5 M€`` (only what is not zero)."""
    parts = []
    for key, n in (("new_card", s.new_cards), ("removed_card", s.removed_cards), ("updated_card", s.updated_cards),
                   ("new_request", s.new_requests), ("removed_request", s.removed_requests),
                   ("outcome", s.changed_outcomes), ("amount", s.changed_amounts), ("new_call", s.new_calls),
                   ("removed_call", s.removed_calls)):
        if n:
            parts.append(t(f"chg_{key}_{'1' if n == 1 else 'n'}", lang, n=n))
    for key, delta in (("chg_requested_delta", s.requested_delta), ("chg_granted_delta", s.granted_delta)):
        if delta is not None and round(delta, 2) != 0:
            parts.append(t(key, lang, delta=signed_eur(delta, lang)))
    if not parts:
        return t("chg_nothing", lang)
    text = ", ".join(parts)
    return text[0].upper() + text[1:]


# --- filtering --------------------------------------------------------------------------------------------

def restrict(diffs: Mapping[str, TableDiff], keep: Mapping[str, set[Key]]) -> dict[str, TableDiff]:
    """Only the rows whose key is in ``keep[table]`` (tables missing from ``keep`` are left whole)."""
    out = {}
    for name, d in diffs.items():
        if name not in keep:
            out[name] = d
            continue
        key = list(TABLE_BY_NAME[name].key)
        wanted = keep[name]

        def sel(frame: pd.DataFrame, key=key, wanted=wanted) -> pd.DataFrame:
            if frame.empty:
                return frame
            mask = [k in wanted for k in frame[key].itertuples(index=False, name=None)]
            return frame[mask].reset_index(drop=True)

        out[name] = TableDiff(name, sel(d.added), sel(d.removed), sel(d.changed))
    return out


# --- describing rows -------------------------------------------------------------------------------------

def descriptions(old: Mapping[str, pd.DataFrame], new: Mapping[str, pd.DataFrame]) -> dict[str, dict[Key, str]]:
    """Key -> a readable reference, per table, from the tables of the two versions (newer wins):
    the card ("NGP-05 · title") for applications and outcomes, the title of a card or call, the name of a
    partner (also for a card's partner row)."""
    def merged(name: str, cols: list[str]) -> pd.DataFrame:
        frames = [f[cols] for f in (new.get(name), old.get(name)) if f is not None and len(f)]
        if not frames:
            return pd.DataFrame(columns=cols)
        return pd.concat(frames).drop_duplicates(subset=cols[0], keep="first")

    titles = dict(merged("projects", ["project_id", "title"]).itertuples(index=False, name=None))
    names = dict(merged("partners", ["partner_id", "name"]).itertuples(index=False, name=None))
    call_titles = dict(merged("calls", ["call_id", "title"]).itertuples(index=False, name=None))
    card_of = dict(merged("requests", ["request_id", "project_id"]).itertuples(index=False, name=None))

    def card(pid) -> str:
        return f"{pid} · {titles[pid]}" if pid in titles else str(pid or "")

    by_request = {(rid,): card(pid) for rid, pid in card_of.items()}
    pairs: set[Key] = set()
    for tables in (old, new):
        frame = tables.get("project_partners")
        if frame is not None and len(frame):
            pairs |= set(frame[["project_id", "partner_id"]].itertuples(index=False, name=None))
    return {
        "projects": {(k,): str(v) for k, v in titles.items()},
        "partners": {(k,): str(v) for k, v in names.items()},
        "calls": {(k,): str(v) for k, v in call_titles.items()},
        "requests": by_request,
        "outcomes": by_request,
        "project_partners": {(p, q): str(names.get(q, "")) for p, q in pairs},
    }


def _description_header(table: str, lang: str) -> str:
    if table in ("requests", "outcomes"):
        return t("col_project", lang)
    if table in ("partners", "project_partners"):
        return column_label("partners", "name", lang)
    return column_label(table, "title", lang)


# --- display frames --------------------------------------------------------------------------------------

def format_value(table: str, column: str, value, lang: str = "it") -> str:
    """One stored value as text in the interface language (amounts, dates, yes/no, closed lists)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return EMPTY
    kind = TABLE_BY_NAME[table].column(column).kind
    if kind == AMOUNT:
        return fmt_eur(float(value), lang, 0 if float(value).is_integer() else 2)
    if kind == DATE:
        return fmt_date(value, lang)
    if kind == BOOL:
        return t("val_yes" if bool(value) else "val_no", lang)
    if kind == CHOICE:
        return value_label(str(value), lang)
    return str(value)


# After which column of an added/removed row a reference goes, and which table of descriptions it uses.
_ROW_REFERENCE = {"requests": ("project_id", "projects"), "outcomes": ("request_id", "outcomes"),
                  "project_partners": ("partner_id", "partners")}


def _reference_header(table: str, lang: str) -> str:
    return t("col_project_title", lang) if table == "requests" else _description_header(table, lang)


def rows_frame(frame: pd.DataFrame, table: str, lang: str = "it",
               described: Mapping[str, Mapping[Key, str]] | None = None) -> Shown:
    """Added or removed rows: every column of the table under its header (``column_label``); amounts
    and dates keep their value (formatted on display), yes/no becomes text. With ``described`` (see
    :func:`descriptions`) the rows of applications, outcomes and card partners also say which card
    or partner they are about."""
    spec = TABLE_BY_NAME[table]
    data: dict[str, list] = {}
    kinds: dict[str, str] = {}
    after, source = _ROW_REFERENCE.get(table, (None, None))
    for col in spec.columns:
        header = column_label(table, col.name, lang)
        values = list(frame[col.name]) if col.name in frame else [None] * len(frame)
        if col.kind == BOOL:
            values = [None if v is None else format_value(table, col.name, v, lang) for v in values]
        data[header] = values
        kinds[header] = _KIND_VIEW.get(col.kind, "text")
        if described is not None and col.name == after:
            lookup = described.get(source, {})
            ref = _reference_header(table, lang)
            data[ref] = [lookup.get((v,), "") for v in values]
            kinds[ref] = "text"
    return Shown(pd.DataFrame(data, columns=list(data)), kinds)


def changes_frame(changed: pd.DataFrame, table: str, lang: str = "it",
                  described: Mapping[str, Mapping[Key, str]] | None = None) -> Shown:
    """Changed values, one line each: key columns, what the row is about, the column, before and
    after (as text in the interface language)."""
    spec = TABLE_BY_NAME[table]
    key = list(spec.key)
    data: dict[str, list] = {column_label(table, k, lang): list(changed[k]) if len(changed) else [] for k in key}
    if described is not None:
        lookup = described.get(table, {})
        keys = list(changed[key].itertuples(index=False, name=None)) if len(changed) else []
        data[_description_header(table, lang)] = [lookup.get(k, "") for k in keys]
    rows = list(changed.itertuples(index=False)) if len(changed) else []
    data[t("chg_col_column", lang)] = [column_label(table, r.column, lang) for r in rows]
    data[t("chg_col_before", lang)] = [format_value(table, r.column, r.old, lang) for r in rows]
    data[t("chg_col_after", lang)] = [format_value(table, r.column, r.new, lang) for r in rows]
    return Shown(pd.DataFrame(data, columns=list(data)), dict.fromkeys(data, "text"))


def table_counts(d: TableDiff, lang: str = "it") -> str:
    """``7 aggiunte · 0 tolte · 1 modificate`` (rows)."""
    return t("chg_table_counts", lang, added=len(d.added), removed=len(d.removed), changed=d.n_changed_rows)


def ordered(diffs: Mapping[str, TableDiff]) -> list[TableDiff]:
    """The diffs in the page's order (TABLE_ORDER)."""
    return [diffs[n] for n in TABLE_ORDER if n in diffs]


# --- the one entry that reads the store -----------------------------------------------------------------

def compare(store, old: int, new: int, filters: queries.Filters | None = None) -> Comparison:
    """Diff of two versions (restricted to the filtered view when ``filters`` is set), its summary and
    row descriptions. Raises ``store.UnknownVersion`` for a version that does not exist."""
    f = filters or queries.NO_FILTERS
    store.version(old)
    store.version(new)
    old_tables, new_tables = store.tables(old), store.tables(new)
    diffs = {tb.name: diff_frames(tb, old_tables[tb.name], new_tables[tb.name]) for tb in TABLES}
    in_scope = True
    if not f.is_empty:
        keep: dict[str, set[Key]] = {tb.name: set() for tb in TABLES}
        for vid in (old, new):
            for name, frame in queries.filtered_tables(store, vid, f).items():
                keep[name] |= _keys(frame, name)
        diffs = restrict(diffs, keep)
        in_scope = bool(keep["projects"])
    k_old, k_new = queries.kpis(store, old, f), queries.kpis(store, new, f)
    summary = summarize(diffs, k_new.amount_requested - k_old.amount_requested,
                        k_new.amount_granted - k_old.amount_granted)
    return Comparison(old, new, diffs, summary, descriptions(old_tables, new_tables), in_scope)

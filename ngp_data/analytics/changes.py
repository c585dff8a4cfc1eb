"""What changed between two versions (the "Novità" page): the diff, its counts and what each row is about.

Pure data, no text for the screen (``ui/changes.py`` writes the tables), except the summary line
(:func:`summary_text`), written once here for the Novità page and the meeting pack (``output.pack``):
:class:`~ngp_data.store.TableDiff` values (``Store.diff``) in, a :class:`ChangeSummary` and row
descriptions out. :func:`compare` is the one entry that reads the store:
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

from .. import kinds
from ..formats import fmt_signed_eur
from ..labels import t, tn
from ..schema import AMOUNT, TABLE_BY_NAME, TABLES
from ..store import Store, TableDiff, diff_frames
from ..store.meetings import Meeting
from . import queries
from .change_lines import Line, change_lines

# The order the page lists the tables in: what the committee asks about first.
TABLE_ORDER = ("requests", "outcomes", "projects", "calls", "project_partners", "partners")
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


@dataclass(frozen=True, eq=False)
class Comparison:
    """Everything the Novità page shows for one pair of versions (and filters)."""

    old: int
    new: int
    diffs: dict[str, TableDiff]
    summary: ChangeSummary
    descriptions: dict[str, dict[Key, str]] = field(default_factory=dict)
    in_scope: bool = True                   # False: the filters match nothing in either version
    lines: list[Line] = field(default_factory=list)     # the first changes, most telling first (change_lines)
    n_lines: int = 0                                    # how many changes there are in all


# --- the summary line -------------------------------------------------------------------------------------

# The parts of the summary line, in order: (label, ChangeSummary field).
_SUMMARY_PARTS = (("chg_new_card", "new_cards"), ("chg_removed_card", "removed_cards"),
                  ("chg_updated_card", "updated_cards"), ("chg_new_request", "new_requests"),
                  ("chg_removed_request", "removed_requests"), ("chg_outcome", "changed_outcomes"),
                  ("chg_amount", "changed_amounts"), ("chg_new_call", "new_calls"),
                  ("chg_removed_call", "removed_calls"))


def summary_text(s: ChangeSummary, lang: str = "it") -> str:
    """``7 nuove candidature, 3 esiti cambiati, importi concessi −2,5 M€`` (only what is not zero)."""
    parts = [tn(key, getattr(s, name), lang) for key, name in _SUMMARY_PARTS if getattr(s, name)]
    for key, delta in (("chg_requested_delta", s.requested_delta), ("chg_granted_delta", s.granted_delta)):
        if delta is not None and round(delta, 2) != 0:
            parts.append(t(key, lang, delta=fmt_signed_eur(delta, lang)))
    if not parts:
        return t("chg_nothing", lang)
    text = ", ".join(parts)
    return text[0].upper() + text[1:]


# --- choosing the versions --------------------------------------------------------------------------------

def default_pair(version_ids: list[int], active: int | None) -> tuple[int, int] | None:
    """(previous, active): the version before the active one, and the active one. None with < 2 versions."""
    ids = sorted(version_ids)
    if len(ids) < 2:
        return None
    new = active if active in ids else ids[-1]
    i = ids.index(new)
    return (ids[i - 1], new) if i > 0 else (new, ids[1])


def since_last_meeting(version_ids, active: int | None, meeting: Meeting | None) -> tuple[int, int] | None:
    """(the meeting's version, the active one): what changed since the last meeting (``store.meetings``).

    None when there is no meeting, it recorded no version, its version is the active one (nothing to
    compare) or no longer exists, or there is no active version among ``version_ids``.
    """
    ids = set(version_ids)
    if meeting is None or meeting.version_id is None or active not in ids:
        return None
    if meeting.version_id == active or meeting.version_id not in ids:
        return None
    return meeting.version_id, active


# What the Novità page compares: its three choices, and why a choice fell back to another.
SINCE_MEETING, SINCE_PREVIOUS, CHOSEN = "meeting", "previous", "chosen"
MODES = (SINCE_MEETING, SINCE_PREVIOUS, CHOSEN)


@dataclass(frozen=True)
class Choice:
    """The pair a mode compares (None: nothing to compare) and why: ``meeting`` (since the meeting),
    ``previous`` (the upload before), or the reason "since the last meeting" fell back to the previous
    upload: ``no_meeting``, ``no_version`` (the meeting recorded none), ``gone`` (its version no longer
    exists); ``same``: the meeting's version is the active one, nothing changed since."""

    pair: tuple[int, int] | None
    reason: str


def choose(mode: str, version_ids, active: int | None, meeting: Meeting | None) -> Choice:
    """The versions ``mode`` compares (``CHOSEN`` starts from the previous upload, the page's pickers then decide)."""
    previous = default_pair(list(version_ids), active)
    if mode != SINCE_MEETING:
        return Choice(previous, SINCE_PREVIOUS)
    pair = since_last_meeting(version_ids, active, meeting)
    if pair is not None:
        return Choice(pair, SINCE_MEETING)
    if meeting is None:
        return Choice(previous, "no_meeting")
    if meeting.version_id is None:
        return Choice(previous, "no_version")
    if meeting.version_id == active:
        return Choice(None, "same")
    return Choice(previous, "gone")


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
    lines, n_lines = change_lines(diffs, old_tables, new_tables)
    return Comparison(old, new, diffs, summary, descriptions(old_tables, new_tables), in_scope, lines, n_lines)


# --- the headline figures before and after an upload --------------------------------------------------

# The figures the Dati page's preview compares: (label key, Kpis field, kind).
FIGURES: tuple[tuple[str, str, str], ...] = (
    ("kpi_cards", "n_cards", kinds.INT),
    ("n_requests", "n_requests", kinds.INT),
    ("kpi_budget", "budget_total", kinds.AMOUNT),
    ("kpi_requested", "amount_requested", kinds.AMOUNT),
    ("kpi_granted", "amount_granted", kinds.AMOUNT),
    ("kpi_pending", "n_pending", kinds.INT),
    ("dati_fig_pending_amount", "amount_pending", kinds.AMOUNT),
)


@dataclass(frozen=True)
class FigureChange:
    label_key: str
    kind: str                        # kinds.INT | kinds.AMOUNT
    before: float
    after: float

    @property
    def delta(self) -> float:
        return self.after - self.before


def kpis_of(tables: Mapping[str, pd.DataFrame]) -> queries.Kpis:
    """The headline figures of tables not in the store (an upload not yet confirmed): the very
    ``queries.kpis`` SQL run on a throw-away in-memory store holding them, so a preview can never
    disagree with what the dashboard shows once the upload is confirmed. Nothing is written."""
    scratch = Store(":memory:")
    try:
        return queries.kpis(scratch, scratch.commit(dict(tables), author="anteprima"))
    finally:
        scratch.close()


def figure_changes(store, base_version: int | None, after: Mapping[str, pd.DataFrame]) -> list[FigureChange]:
    """Each headline figure of version ``base_version`` (0 without one) and of the tables ``after``."""
    new = kpis_of(after)
    old = queries.kpis(store, base_version) if base_version is not None else None
    return [FigureChange(key, kind, float(getattr(old, f)) if old else 0.0, float(getattr(new, f)))
            for key, f, kind in FIGURES]

"""What changed, one sentence per thing a committee member would say aloud (the Novità page leads with
these; the tables of ``ui/changes.py`` follow, folded): "NGP-07 · Textile Hub: candidatura C-028 al bando
B-12 «Rigenerazione urbana» — Esito da In istruttoria a Ammessa e finanziata; Importo concesso da — a
1.000.000,00 €". Names, not codes: the card's title, the call's title, the partner's name.

:func:`change_lines` turns a diff into language-free :class:`Line` values (most telling first: outcomes,
then applications, cards, calls, partners; within each, the money at stake: the amounts changed, or the
application's own request or grant); :func:`line_text` writes one
in Italian or English. Values are shown by their column's kind (``kinds.display``), headers from the schema.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from .. import kinds
from ..labels import t
from ..schema import AMOUNT, TABLE_BY_NAME, column

# The order lines come in: what the committee asks about first.
LINE_ORDER = ("outcomes", "requests", "projects", "calls", "project_partners", "partners")
ADDED, REMOVED, CHANGED = "added", "removed", "changed"


@dataclass(frozen=True)
class Line:
    """One change: ``what`` happened to the row ``key`` of ``table``. ``card`` ("NGP-05 · title"), ``call``
    (its id and title) and ``name`` (a partner) say what it is about; ``cells`` are (column, old, new) of a
    changed row, or (column, None, value) / (column, value, None) of an added / removed one (its telling
    columns only)."""

    table: str
    what: str
    key: tuple
    card: str | None = None
    call: str | None = None
    name: str | None = None
    cells: tuple[tuple[str, object, object], ...] = ()


# The columns an added or removed row is told by (the rest is in the tables below the sentences).
_TOLD = {"requests": ("amount_requested",), "outcomes": ("outcome", "amount_granted"),
         "projects": ("mission", "budget_total"), "calls": ("source", "deadline"),
         "project_partners": ("role",), "partners": ("kind",)}


def change_lines(diffs: Mapping, old: Mapping[str, pd.DataFrame], new: Mapping[str, pd.DataFrame],
                 limit: int = 30) -> tuple[list[Line], int]:
    """The first ``limit`` changes of ``diffs`` (``Store.diff`` or restricted to the filtered view) as lines,
    in order, and how many changes there are in all. The order is computed on whole columns; only the
    lines kept are built (at 100× a comparison has 200,000 changes: building each would take seconds)."""
    names = _Names(old, new)
    lines: list[Line] = []
    total = 0
    for table in LINE_ORDER:
        d = diffs.get(table)
        if d is None or d.empty:
            continue
        key = list(TABLE_BY_NAME[table].key)
        ranked = _ranked(table, d, key, names)
        total += len(ranked)
        for r in ranked.head(max(limit - len(lines), 0)).itertuples(index=False):
            lines.append(_line(table, r.what, tuple(r.key), d, key, names))
    return lines, total


def _ranked(table: str, d, key: list[str], names: _Names) -> pd.DataFrame:
    """One row per change of one table (what, key, money at stake), the most money first."""
    money_cols = [c.name for c in TABLE_BY_NAME[table].columns if c.kind == AMOUNT]
    parts = []
    for what, frame in ((ADDED, d.added), (REMOVED, d.removed)):
        if len(frame):
            money = frame[money_cols].apply(pd.to_numeric, errors="coerce").abs().sum(axis=1, min_count=0)
            parts.append(pd.DataFrame({"what": what, "key": list(frame[key].itertuples(index=False, name=None)),
                                       "money": money.to_numpy()}))
    if len(d.changed):
        ch = d.changed
        amounts = ch["column"].isin(money_cols)
        value = (pd.to_numeric(ch["old"].where(amounts), errors="coerce").abs().fillna(0)
                 + pd.to_numeric(ch["new"].where(amounts), errors="coerce").abs().fillna(0))
        grouped = value.groupby([ch[k] for k in key], sort=True).sum()
        keys = [k if isinstance(k, tuple) else (k,) for k in grouped.index]
        parts.append(pd.DataFrame({"what": CHANGED, "key": keys, "money": grouped.to_numpy()}))
    ranked = pd.concat(parts, ignore_index=True)
    if table in ("requests", "outcomes"):                # an application's own money counts too
        at_stake = [max(_num(names.requests.get(k[0], (None, None, None))[2]),
                        _num(names.granted.get(k[0], (None,))[0])) for k in ranked["key"]]
        ranked["money"] = ranked["money"].combine(pd.Series(at_stake, index=ranked.index), max)
    return ranked.sort_values("money", ascending=False, kind="stable")


def _line(table: str, what: str, k: tuple, d, key: list[str], names: _Names) -> Line:
    """The line of one change (its cells read from the diff)."""
    if what == CHANGED:
        rows = d.changed
        mask = pd.Series(True, index=rows.index)
        for col, value in zip(key, k, strict=True):
            mask &= rows[col] == value
        group = rows[mask]
        cells = tuple(zip(group["column"], group["old"], group["new"], strict=True))
    else:
        frame = d.added if what == ADDED else d.removed
        mask = pd.Series(True, index=frame.index)
        for col, value in zip(key, k, strict=True):
            mask &= frame[col] == value
        row = frame[mask].iloc[0].to_dict()
        told = [c for c in _TOLD.get(table, ()) if c in row and not kinds.is_empty(row[c])]
        cells = tuple((c, None, row[c]) if what == ADDED else (c, row[c], None) for c in told)
    return names.line(table, what, k, cells)


def line_text(line: Line, lang: str = "it") -> str:
    """The sentence of one line (plain text: the page escapes it)."""
    cells = "; ".join(_cell(line.table, c, old, new, line.what, lang) for c, old, new in line.cells)
    values = {"card": line.card or "", "call": line.call or "", "name": line.name or "",
              "id": line.key[0] if line.key else "", "cells": cells}
    sentence = t(f"cl_{line.table}_{line.what}", lang, **values)
    return f"{sentence} — {cells}" if cells and line.what != CHANGED else sentence


def _cell(table: str, name: str, old, new, what: str, lang: str) -> str:
    col = column(name, table)
    if what == CHANGED:
        return t("cl_from_to", lang, column=col.label(lang), old=kinds.display(col.kind, old, lang),
                 new=kinds.display(col.kind, new, lang))
    return f"{col.label(lang)} {kinds.display(col.kind, new if what == ADDED else old, lang)}"


class _Names:
    """What a row is about, from the two versions' tables (the newer wins)."""

    def __init__(self, old: Mapping[str, pd.DataFrame], new: Mapping[str, pd.DataFrame]):
        def merged(name: str, cols: list[str]) -> dict:
            frames = [f[cols] for f in (new.get(name), old.get(name)) if f is not None and len(f)]
            if not frames:
                return {}
            both = pd.concat(frames).drop_duplicates(subset=cols[0], keep="first")
            return {r[0]: r[1:] for r in both.itertuples(index=False, name=None)}

        self.cards = merged("projects", ["project_id", "title"])
        self.calls = merged("calls", ["call_id", "title"])
        self.partners = merged("partners", ["partner_id", "name"])
        self.requests = merged("requests", ["request_id", "project_id", "call_id", "amount_requested"])
        self.granted = merged("outcomes", ["request_id", "amount_granted"])

    def card(self, pid) -> str | None:
        if pid is None:
            return None
        title = self.cards.get(pid, (None,))[0]
        return f"{pid} · {title}" if title else str(pid)

    def call(self, cid) -> str | None:
        if cid is None:
            return None
        title = self.calls.get(cid, (None,))[0]
        return f"{cid} «{title}»" if title else str(cid)

    def line(self, table: str, what: str, key: tuple, cells: tuple) -> Line:
        card = call = name = None
        if table in ("requests", "outcomes"):
            pid, cid, _ = self.requests.get(key[0], (None, None, None))
            card, call = self.card(pid), self.call(cid)
        elif table == "projects":
            card = self.card(key[0])
        elif table == "calls":
            call = self.call(key[0])
        elif table == "project_partners":
            card, name = self.card(key[0]), self.partners.get(key[1], (key[1],))[0]
        elif table == "partners":
            name = self.partners.get(key[0], (key[0],))[0]
        return Line(table, what, key, card, call, name, cells)


def _num(value) -> float:
    return 0.0 if kinds.is_empty(value) else abs(float(value))

"""What changed, one sentence per thing a committee member would say aloud (the Novità page leads with
these; the tables of ``ui/changes.py`` follow, folded): "NGP-07 · Textile Hub: candidatura C-028 al bando
B-12 «Rigenerazione urbana» — Esito da In istruttoria a Ammessa e finanziata; Importo concesso da — a
1.000.000,00 €". Names, not codes: the card's title, the call's title, the partner's name.

:func:`change_lines` turns a diff into language-free :class:`Line` values (most telling first: outcomes,
then applications, cards, calls, partners; within each, the money at stake); :func:`line_text` writes one
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
    columns only); ``amount`` is the money at stake (for the order)."""

    table: str
    what: str
    key: tuple
    card: str | None = None
    call: str | None = None
    name: str | None = None
    cells: tuple[tuple[str, object, object], ...] = ()
    amount: float = 0.0


# The columns an added or removed row is told by (the rest is in the tables below the sentences).
_TOLD = {"requests": ("amount_requested",), "outcomes": ("outcome", "amount_granted"),
         "projects": ("mission", "budget_total"), "calls": ("source", "deadline"),
         "project_partners": ("role",), "partners": ("kind",)}


def change_lines(diffs: Mapping, old: Mapping[str, pd.DataFrame], new: Mapping[str, pd.DataFrame]) -> list[Line]:
    """Every change of ``diffs`` (``Store.diff`` or restricted to the filtered view) as lines, in order."""
    names = _Names(old, new)
    lines: list[Line] = []
    for table in LINE_ORDER:
        d = diffs.get(table)
        if d is None or d.empty:
            continue
        key = list(TABLE_BY_NAME[table].key)
        for what, frame in ((ADDED, d.added), (REMOVED, d.removed)):
            for row in frame.to_dict("records"):
                told = [c for c in _TOLD.get(table, ()) if c in row and not kinds.is_empty(row[c])]
                cells = tuple((c, None, row[c]) if what == ADDED else (c, row[c], None) for c in told)
                lines.append(names.line(table, what, tuple(row[k] for k in key), cells))
        if len(d.changed):
            for k, group in d.changed.groupby(key, sort=True):
                k = k if isinstance(k, tuple) else (k,)
                cells = tuple(zip(group["column"], group["old"], group["new"], strict=True))
                lines.append(names.line(table, CHANGED, k, cells))
    rank = {name: i for i, name in enumerate(LINE_ORDER)}
    return sorted(lines, key=lambda ln: (rank[ln.table], -ln.amount))


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
        money = sum(abs(_num(v)) for c, old, new in cells if column(c, table).kind == AMOUNT
                    for v in (old, new))
        card = call = name = None
        if table in ("requests", "outcomes"):
            pid, cid, requested = self.requests.get(key[0], (None, None, None))
            card, call = self.card(pid), self.call(cid)
            money = max(money, abs(_num(requested)), abs(_num(self.granted.get(key[0], (None,))[0])))
        elif table == "projects":
            card = self.card(key[0])
        elif table == "calls":
            call = self.call(key[0])
        elif table == "project_partners":
            card, name = self.card(key[0]), self.partners.get(key[1], (key[1],))[0]
        elif table == "partners":
            name = self.partners.get(key[0], (key[0],))[0]
        return Line(table, what, key, card, call, name, cells, money)


def _num(value) -> float:
    return 0.0 if kinds.is_empty(value) else float(value)

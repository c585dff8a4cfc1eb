"""Two frames of one table compared by key: rows added, removed and changed (cell by cell)."""

from __future__ import annotations

import pandas as pd

from ..schema import Table
from .model import TableDiff


def diff_frames(table: Table, old: pd.DataFrame, new: pd.DataFrame) -> TableDiff:
    """Compare two frames of one table by key (also used by the upload preview)."""
    key = list(table.key)
    o = old.set_index(key)
    n = new.set_index(key)
    added = new[~n.index.isin(o.index)].reset_index(drop=True)
    removed = old[~o.index.isin(n.index)].reset_index(drop=True)
    common = o.index.intersection(n.index)
    records = []
    if len(common):
        oc, nc = o.loc[common], n.loc[common]
        for col in [c for c in table.names if c not in key]:
            a, b = oc[col], nc[col]
            differs = ~((a == b) | (a.isna() & b.isna()))
            for idx in differs[differs.fillna(True).astype(bool)].index:
                idx_t = idx if isinstance(idx, tuple) else (idx,)
                records.append({**dict(zip(key, idx_t, strict=False)), "column": col,
                                "old": _none(a.loc[idx]), "new": _none(b.loc[idx])})
    changed = pd.DataFrame.from_records(records, columns=[*key, "column", "old", "new"])
    return TableDiff(table.name, added, removed, changed)


def _none(value):
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value

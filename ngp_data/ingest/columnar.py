"""Whole columns at a time: the parser child's typed columns (pyarrow Arrays) kept, filtered and converted.

A column whose cells all have one type (text, number, whole number, yes/no, date, date and time) arrives
from ``parse_child`` as an Arrow array; a column that mixes types arrives as a plain list and is read by
the cell-by-cell path in ``validation`` (so a typed 1234.567 and a text "1.234,567" in one column are
never confused: each cell is read as what it is). Here a typed column is converted by converting each of
its distinct values once, with the very reader the cell-by-cell path uses, and spreading the results by
index: the same values and the same messages, in one pass of C over the rows.
"""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .cells import MAX_AMOUNT, BadValue, check_amount, clean_code

_CLEAN_CODE_RE = "^[A-Z0-9][A-Z0-9._/-]*$"        # cells._CLEAN_CODE, as RE2 (tests compare the two)

_PY_TYPES = {pa.string(): str, pa.float64(): float, pa.int64(): int, pa.bool_(): bool, pa.date32(): date,
             pa.timestamp("us"): datetime}


def is_array(values) -> bool:
    return isinstance(values, pa.Array)


def non_null(values) -> bool:
    """Whether a column (Array or list) holds any cell."""
    if is_array(values):
        return values.null_count < len(values)
    return any(v is not None for v in values)


def _blank_mask(values) -> np.ndarray:
    """Per row: the cell is empty or only spaces (``str.strip``, as the cell-by-cell path says)."""
    if not is_array(values):
        return np.fromiter((v is None or (isinstance(v, str) and v.strip() == "") for v in values), bool,
                           len(values))
    mask = values.is_null().to_numpy(zero_copy_only=False)
    if values.type == pa.string() and len(values):
        spaces = [u for u in values.unique().to_pylist() if u is not None and u.strip() == ""]
        if spaces:
            mask |= pc.is_in(values, value_set=pa.array(spaces, pa.string())).fill_null(False).to_numpy(
                zero_copy_only=False)
    return mask


def body(head_rows: list[list], cols: dict) -> tuple[list, list[int]]:
    """The data columns (the head's data rows, then the body's non-blank rows) and the body rows kept."""
    data = cols["data"]
    n = cols["body_rows"]
    blank = np.ones(n, bool)
    for values in data:
        blank &= _blank_mask(values)
    keep = np.flatnonzero(~blank)
    everything = len(keep) == n
    take = pa.array(keep, pa.int64())
    out = []
    for j, values in enumerate(data):
        head = [r[j] if j < len(r) else None for r in head_rows]
        if is_array(values):
            kept = values if everything else values.take(take)
            out.append(_prepend(head, kept))
        else:
            out.append(head + (list(values) if everything else [values[k] for k in keep]))
    return out, keep.tolist()


def _prepend(head: list, array: pa.Array):
    """``head`` + ``array`` as one Array when the head's cells have the array's type, else as a list."""
    if not head:
        return array
    if array.type == pa.null():
        return head + array.to_pylist() if any(v is not None for v in head) else pa.nulls(len(head) + len(array))
    py = _PY_TYPES.get(array.type)
    if py is None or any(v is not None and type(v) is not py for v in head):
        return head + array.to_pylist()
    return pa.concat_arrays([pa.array(head, array.type), array])


def value_at(values, i: int):
    return values[i].as_py() if is_array(values) else values[i]


def needs_cells(values) -> bool:
    """A typed column the cell-by-cell path must still read: text with characters beyond ASCII (the
    invisible ones are stripped there, with their warning)."""
    return values.type == pa.string() and pc.any(pc.invert(pc.string_is_ascii(values))).as_py() is True


def convert(values: pa.Array, convert_one, number=None) -> tuple[np.ndarray, list[tuple[int, str]]]:
    """Each distinct value converted once; the results spread over the rows, and (row, message) of each cell
    that could not be converted, in row order.

    ``number`` (a reader's typed-number path): used when the column is all numbers, as the cell-by-cell path
    does (an empty or NaN cell is None, any other through ``number(float(v))``)."""
    n = len(values)
    if number is not None and values.type in (pa.float64(), pa.int64(), pa.null()):
        floats = values.cast(pa.float64(), safe=False).to_numpy(zero_copy_only=False)
        empty = np.isnan(floats)
        uniques, index = np.unique(floats[~empty], return_inverse=True)
        same = _unchanged_numbers(number, uniques)
        results = _each(uniques.tolist(), number, same)
        out = np.full(n, None, dtype=object)
        if len(uniques):
            out[~empty] = results[index]
        return _spread_errors(out, results)
    encoded = values.dictionary_encode()
    distinct = encoded.dictionary.to_pylist()
    same = _unchanged_texts(convert_one, encoded.dictionary)
    results = _each(distinct + [None], convert_one, None if same is None else np.append(same, False))
    index = encoded.indices.fill_null(len(distinct)).to_numpy(zero_copy_only=False)
    return _spread_errors(results[index], results)


def _unchanged_numbers(number, uniques: np.ndarray) -> np.ndarray | None:
    """Where ``check_amount`` is known to return its input (a whole number of euro in range: round(x, 2) is
    x), found in one pass of numpy; None for any other reader."""
    if number is not check_amount:
        return None
    return (uniques >= 0) & (uniques < MAX_AMOUNT) & (np.floor(uniques) == uniques)


def _unchanged_texts(convert_one, distinct: pa.Array) -> np.ndarray | None:
    """Where ``clean_code`` is known to return its input (the pattern of its own first line, matched by
    Arrow's RE2, which like ``fullmatch`` anchors at the very end), found in one pass; None otherwise."""
    if convert_one is not clean_code or distinct.type != pa.string():
        return None
    return pc.match_substring_regex(distinct, _CLEAN_CODE_RE).fill_null(False).to_numpy(zero_copy_only=False)


def _each(values: list, fn, same: np.ndarray | None = None) -> np.ndarray:
    """``fn`` of each value (its BadValue in its place); where ``same`` says so, the value itself."""
    out = np.empty(len(values), dtype=object)
    todo = range(len(values))
    if same is not None:
        out[:] = values
        todo = np.flatnonzero(~same).tolist()
    for k in todo:
        try:
            out[k] = fn(values[k])
        except BadValue as exc:
            out[k] = _Failed(str(exc))          # not the exception: its traceback would hold this array in
    return out                                  # a cycle the collector cannot see (object arrays are opaque)


class _Failed(str):
    """The reason a value could not be converted."""


def _spread_errors(out: np.ndarray, results: np.ndarray) -> tuple[np.ndarray, list[tuple[int, str]]]:
    """Cells whose value could not be converted become None, and (row, message) each, in row order."""
    if not any(type(r) is _Failed for r in results):
        return out, []
    bad = np.fromiter((type(v) is _Failed for v in out), bool, len(out))
    errors = [(int(i), str(out[i])) for i in np.flatnonzero(bad)]
    out = out.copy()
    out[bad] = None
    return out, errors

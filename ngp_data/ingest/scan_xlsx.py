"""The sheet XML of an .xlsx sized up before any parser sees it: how far its cells reach (rows and cells
without ``r=`` counted as the reader places them) and which formulas have no cached value.

Sheet XML is scanned by C code only (``bytes.count``/``find``, and patterns that cannot backtrack across a
tag): time linear in the size, proven by tests/test_adversarial.py (issue 11: the old pattern's lazy cell
body ran forward to the next "</c>" from every "<c", so 20,000 empty cells took minutes).
"""

from __future__ import annotations

import re

from ..schema import EXCEL_MAX_ROWS
from .limits import (
    ATTR,
    ATTR_PARTS_RE,
    EXCEL_MAX_COLUMNS,
    FORMULAS_NAMED,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_SHEET_ROWS,
    NS,
    SheetInfo,
    Unreadable,
    check_time,
    col_number,
)

# A row or cell start tag; "end" is None when the tag does not parse (then the file is damaged).
_TAG_RE = re.compile(rb"<" + NS + rb"(row|c)(?=[\s/>])(?:((?:" + ATTR + rb")*)\s*(/?)(?P<end>>))?")
# A reference inside the limits: column A..GR (1..200), row 1..200,020 (MAX_COLUMNS, MAX_SHEET_ROWS).
_NEAR_REF = rb"(?:[A-Z]|[A-F][A-Z]|G[A-R])(?:[0-9]{1,5}|1[0-9]{5}|2000[01][0-9]|200020)"
_FAR_CELL_RE = re.compile(rb'<c r="(?!' + _NEAR_REF + rb'")([^"<]*)"')
_REF_PARTS = re.compile(rb"([A-Z]{1,3})([0-9]{1,9})")
_R_HINT_RE = re.compile(rb"\sr\s*=")
# A run of empty cells without r= (styled, "<c s="1"/>"): they only move the column, so one match counts
# them all; then one row or cell tag, up to its ">" (double-quoted values skipped whole).
_EMPTY_CELL = rb"<" + NS + rb"c(?:\s+(?!r\s*=)[^\s=<>/\"']+\s*=\s*\"[^\"<]*\")*\s*/>"
_TAG_FAST_RE = re.compile(rb"((?:" + _EMPTY_CELL + rb"){2,})|<" + NS
                          + rb"(row|c)(?=[\s/>])((?:[^<>\"']+|\"[^\"<]*\")*)(>?)")
_WINDOW = 1 << 18
_F_RE = re.compile(rb"<" + NS + rb"f(?=[\s/>])")
# From a formula forward: where its cell ends (the cell's end tag, or the next cell or row, whichever first).
_CELL_END_RE = re.compile(rb"</" + NS + rb"c\s*>|<" + NS + rb"(?:c|row)(?=[\s/>])|</" + NS + rb"row\s*>")
# Back from a formula to its cell's start tag (a namespace prefix: "<x:c"), within a range never looked at
# before: the greedy ``.*`` runs to the formula and steps back in C.
_LAST_CELL_RE = re.compile(rb"(?s).*(<)" + NS + rb"c(?=[\s/>])")
_V_RE = re.compile(rb"<" + NS + rb"v\s*>([^<]*)</" + NS + rb"v\s*>")


def scan_sheet(xml: bytes, info: SheetInfo, deadline: float | None = None) -> None:
    """Reject sheets whose cells reach beyond the limits; find formulas without a usable cached value.

    Linear in the size of the XML. Rows and cells without ``r=`` count as the previous one plus one, as
    the reader places them (a cell's own ``r=`` wins over its row's; of two ``r=``, the reader takes the
    last); a cell without a value (``<c …/>``) moves the count but reaches nothing.
    """
    start, end = xml.find(b"<sheetData"), xml.rfind(b"</sheetData>")
    if start < 0:
        start, end = 0, len(xml)
    elif end < start:
        end = len(xml)
    if _every_cell_has_one_r_first(xml, start, end):
        info.max_row, info.max_col = _far_cells(xml, start, end, info)
    else:
        info.max_row, info.max_col = _count_positions(xml, info, deadline)
    _check_size(info)
    if xml.find(b"<f", start, end) >= 0 or (xml.find(b":", start, end) >= 0 and xml.find(b":f", start, end) >= 0):
        _scan_formulas(xml, info, deadline)


def _every_cell_has_one_r_first(xml: bytes, start: int, end: int) -> bool:
    """Whether every cell tag in start:end is ``<c r="…"`` with no other ``r=`` (the tags Excel,
    LibreOffice and every library we know write). Counted in C: a normal 30 MB sheet costs ~0.2 s."""
    if xml.find(b":", start, end) >= 0 and (xml.find(b":c", start, end) >= 0 or xml.find(b":row", start, end) >= 0):
        return False                                  # namespace prefixes: counted one by one
    cells_with_r = xml.count(b'<c r="', start, end)
    return (xml.count(b"<c", start, end) == cells_with_r
            and xml.count(b"r=", start, end) == cells_with_r + xml.count(b'<row r="', start, end))


def _far_cells(xml: bytes, start: int, end: int, info: SheetInfo) -> tuple[int, int]:
    """Max row and column of the cells with a value beyond the limits (0, 0 if there is none)."""
    max_row = max_col = 0
    for match in _FAR_CELL_RE.finditer(xml, start, end):
        tag = _TAG_RE.match(xml, match.start())
        if tag.group("end") is None:
            raise _bad_xml(info)
        if tag.group(3):                                # a styled empty cell: nothing is read there
            continue
        row, col = _ref_position(match.group(1), info)
        max_row, max_col = max(max_row, row), max(max_col, col)
    return max_row, max_col


def _count_positions(xml: bytes, info: SheetInfo, deadline: float | None = None) -> tuple[int, int]:
    """Max row and column of the cells holding something, every row and cell tag looked at in order;
    stops as soon as a limit is crossed (so at most MAX_SHEET_ROWS rows are counted).

    The tags are listed by the regex engine a 256 KB window at a time (cut at a "<": no tag holds one); a
    window with a tag that listing cannot close (a "'", a quote left open) is listed again, each tag
    parsed in full."""
    row = col = max_row = max_col = 0
    pos = 0
    while pos < len(xml):
        check_time(deadline)
        stop = xml.find(b"<", pos + _WINDOW)
        stop = len(xml) if stop < 0 else stop
        saved = row, col, max_row, max_col
        tags = _TAG_FAST_RE.findall(xml, pos, stop)
        for run, _kind, _attrs, closed in tags:
            if not (closed or run):                     # the window again, each tag parsed in full
                row, col, max_row, max_col = saved
                tags = [_parsed(tag, info) for tag in _TAG_RE.finditer(xml, pos, stop)]
                break
        for run, kind, attrs, _ in tags:
            if run:                                     # empty cells without r=: the column moves on
                col += run.count(b"<")
                if col > EXCEL_MAX_COLUMNS:
                    return max_row, col
                continue
            if attrs.startswith(b' r="') and attrs.count(b"r=") == 1:     # the usual: r= first and alone
                ref = attrs[4:attrs.index(b'"', 4)]
            else:
                ref = _last_r(attrs) if b"r" in attrs and _R_HINT_RE.search(attrs) else None
            if kind == b"row":
                row, col = (int(ref) if ref and ref.isdigit() else row + 1), 0
                if row > EXCEL_MAX_ROWS:                    # no sheet has such a row, empty or not
                    return row, max_col
                continue
            if ref is None:
                col, cell_row = col + 1, row
            else:
                cell_row, col = _ref_position(ref, info)
            if not attrs.endswith(b"/"):                     # a cell that may hold something
                if cell_row > max_row:
                    max_row = cell_row
                if col > max_col:
                    max_col = col
                if max_row > MAX_SHEET_ROWS or max_col > MAX_COLUMNS:
                    return max_row, max_col
            elif col > EXCEL_MAX_COLUMNS:                   # empty cells past any sheet's last column
                return max_row, col
        pos = stop
    return max_row, max_col


def _parsed(tag: re.Match, info: SheetInfo) -> tuple[bytes, bytes, bytes, bytes]:
    if tag.group("end") is None:
        raise _bad_xml(info)
    return b"", tag.group(1), tag.group(2) + tag.group(3), b">"


def _last_r(attrs: bytes) -> bytes | None:
    ref = None
    for name, double, single in ATTR_PARTS_RE.findall(attrs):
        if name == b"r":
            ref = double or single
    return ref


def _ref_position(ref: bytes, info: SheetInfo) -> tuple[int, int]:
    parts = _REF_PARTS.fullmatch(ref)
    if parts is None:
        raise _bad_xml(info)
    return int(parts.group(2)), col_number(parts.group(1))


def _bad_xml(info: SheetInfo) -> Unreadable:
    return Unreadable(f"il foglio «{info.name}» non è XML valido: il file è danneggiato.")


def _check_size(info: SheetInfo) -> None:
    if info.max_row > EXCEL_MAX_ROWS:
        raise Unreadable(f"il foglio «{info.name}» ha un numero di righe non valido ({info.max_row}, oltre il "
                         f"massimo di Excel): il file è danneggiato.")
    if info.max_row > MAX_SHEET_ROWS or info.max_col > MAX_COLUMNS:
        raise Unreadable(f"foglio troppo grande: «{info.name}» ha celle fino alla riga {info.max_row} e alla "
                         f"colonna {info.max_col} (limiti: {MAX_ROWS} righe, {MAX_COLUMNS} colonne). Elimina le "
                         f"celle usate oltre la tabella e ricarica.")


def _scan_formulas(xml: bytes, info: SheetInfo, deadline: float | None = None) -> None:
    """Each formula paired with its cell and that cell's cached value, moving forward only: the way back
    from a formula to its cell's start tag stops where the previous formula's cell ended."""
    values = zeros = 0
    done = pos = 0                              # everything before ``done`` has been looked at
    while (f := _F_RE.search(xml, pos)) is not None:
        if (values + info.formulas_without_value_count) % 4096 == 0:
            check_time(deadline)
        cell = xml.rfind(b"<c", done, f.start())
        tag = _TAG_RE.match(xml, cell) if cell >= 0 else None
        if tag is None or tag.group(1) != b"c":                 # "<x:c" (or "<color" in rich text)
            back = _LAST_CELL_RE.match(xml, done, f.start())
            tag = _TAG_RE.match(xml, back.start(1)) if back is not None else None
        end = _CELL_END_RE.search(xml, f.end())
        done = pos = end.start() if end is not None else len(xml)
        if tag is None or tag.group("end") is None or tag.group(3):   # outside a cell: never read
            continue
        v = _V_RE.search(xml, tag.end(), done)
        if v is None or v.group(1) == b"":
            info.formulas_without_value_count += 1
            if len(info.formulas_without_value) < FORMULAS_NAMED:
                ref = _last_r(tag.group(2))
                info.formulas_without_value.append(ref.decode("ascii", "replace") if ref else "?")
        else:
            values += 1
            zeros += v.group(1).strip() in (b"0", b"0.0")
    info.formulas_all_zero = values > 0 and zeros == values

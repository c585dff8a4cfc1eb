"""Checks that run before any spreadsheet parser, and the isolated child process the parser runs in.

Why: readers can be made to allocate without bound or abort the whole process (RELIABILITY.md F1, F2:
one 5 KB .xlsx kills python-calamine with SIGABRT). So an upload is first sized up from the outside
(bytes, zip members, compression ratios, the cell references of each sheet), and only then parsed, in
a child process with a memory limit and a timeout, whose death becomes a message, not a crash.
"""

from __future__ import annotations

import io
import os
import pickle
import re
import subprocess
import sys
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import ElementTree as SafeET

from ..schema import EXCEL_MAX_ROWS

# Limits (docs/RELIABILITY.md explains each value).
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_ZIP_MEMBERS = 1000
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ROWS = 200_000                     # data rows; a sheet may hold a few more (title, header)
MAX_SHEET_ROWS = MAX_ROWS + 20
MAX_COLUMNS = 200
EXCEL_MAX_COLUMNS = 16_384               # XFD: beyond it a sheet is damaged, not big
PARSE_TIMEOUT_S = 60
PARSE_MEMORY_BYTES = 2 * 1024 ** 3
PREFLIGHT_SECONDS = 10                 # the pre-flight runs in the app's process: its own budget
FORMULAS_NAMED = 10                    # uncached formulas named in the message (all are counted)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

XLSX, XLS, ODS, CSV = "xlsx", "xls", "ods", "csv"

# What zipfile raises on a damaged archive or member (bad CRC, broken deflate stream, odd headers).
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError,
               ValueError)


class Unreadable(Exception):
    """The file cannot be read; ``str()`` is the Italian reason (without the file name)."""


@dataclass
class SheetInfo:
    """What the pre-flight learnt about one sheet of an .xlsx."""

    name: str
    state: str = "visible"                       # visible | hidden | veryHidden
    max_row: int = 0
    max_col: int = 0
    formulas_without_value: list[str] = field(default_factory=list)   # the first cell refs, e.g. "E7"
    formulas_without_value_count: int = 0
    formulas_all_zero: bool = False              # every formula's cached value is 0 (never recalculated?)


@dataclass
class Preflight:
    fmt: str
    sheets: dict[str, SheetInfo] = field(default_factory=dict)    # xlsx only
    has_macros: bool = False


def sniff_format(name: str, data: bytes) -> str:
    """Decide the format from the bytes (never the extension alone); raise Unreadable otherwise."""
    if not data:
        raise Unreadable("il file è vuoto.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise Unreadable(f"il file pesa {len(data) / 1024 / 1024:.1f} MB, oltre il limite di "
                         f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB.")
    if data.startswith(OLE_MAGIC):
        if _ole_is_encrypted(data):
            raise Unreadable("il file è protetto da password: salvalo senza password e ricaricalo.")
        return XLS
    if data.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
                if "mimetype" in names and b"opendocument.spreadsheet" in _head(zf, "mimetype"):
                    return ODS
                if "xl/workbook.xml" in names and "[Content_Types].xml" in names:
                    return XLSX
                if "xl/workbook.bin" in names:
                    raise Unreadable("formato .xlsb non supportato: salva il file come .xlsx.")
        except _ZIP_ERRORS:
            raise Unreadable("il file è danneggiato o incompleto (archivio non valido).") from None
        raise Unreadable("formato non supportato: carica un file .xlsx, .xlsm, .xls, .ods o .csv.")
    # Text holds no NUL byte, except UTF-16 and UTF-32 (a BOM tells them; reading.decode_csv refuses UTF-32).
    if name.lower().endswith(".csv") and (b"\x00" not in data[:4096]
                                          or data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"))):
        return CSV
    raise Unreadable("formato non supportato o file non leggibile: carica un file .xlsx, .xlsm, .xls, .ods "
                     "o .csv.")


def _head(zf: zipfile.ZipFile, member: str, size: int = 100) -> bytes:
    """The first bytes of a member, never the whole of it (it may be a zip bomb: the ratio check is later)."""
    with zf.open(member) as f:
        return f.read(size)


def _ole_is_encrypted(data: bytes) -> bool:
    try:
        import msoffcrypto
        return bool(msoffcrypto.OfficeFile(io.BytesIO(data)).is_encrypted())
    except Exception:
        # An OLE file msoffcrypto cannot classify: an encrypted OOXML package always has this stream.
        return b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o" in data


# Sheet XML is scanned by C code only (bytes.count/find, and patterns that cannot backtrack across a tag):
# time linear in the size, proven by tests/test_adversarial.py (issue 11: the old pattern's lazy cell body
# ran forward to the next "</c>" from every "<c", so 20,000 empty cells took minutes). Attribute values
# never hold "<" (XML forbids it), so every match attempt that starts at a "<" ends by the next "<".
_NS = rb"(?:[\w.-]+:)?"
_ATTR = rb'\s+[^\s=<>/"\']+\s*=\s*(?:"[^"<]*"|\'[^\'<]*\')'
_ATTR_PARTS_RE = re.compile(rb'([^\s=<>/"\']+)\s*=\s*(?:"([^"<]*)"|\'([^\'<]*)\')')
# A row or cell start tag; "end" is None when the tag does not parse (then the file is damaged).
_TAG_RE = re.compile(rb"<" + _NS + rb"(row|c)(?=[\s/>])(?:((?:" + _ATTR + rb")*)\s*(/?)(?P<end>>))?")
# A reference inside the limits: column A..GR (1..200), row 1..200,020 (MAX_COLUMNS, MAX_SHEET_ROWS).
_NEAR_REF = rb"(?:[A-Z]|[A-F][A-Z]|G[A-R])(?:[0-9]{1,5}|1[0-9]{5}|2000[01][0-9]|200020)"
_FAR_CELL_RE = re.compile(rb'<c r="(?!' + _NEAR_REF + rb'")([^"<]*)"')
_REF_PARTS = re.compile(rb"([A-Z]{1,3})([0-9]{1,9})")
_R_HINT_RE = re.compile(rb"\sr\s*=")
# A run of empty cells without r= (styled, "<c s="1"/>"): they only move the column, so one match counts
# them all; then one row or cell tag, up to its ">" (double-quoted values skipped whole).
_EMPTY_CELL = rb"<" + _NS + rb"c(?:\s+(?!r\s*=)[^\s=<>/\"']+\s*=\s*\"[^\"<]*\")*\s*/>"
_TAG_FAST_RE = re.compile(rb"((?:" + _EMPTY_CELL + rb"){2,})|<" + _NS
                          + rb"(row|c)(?=[\s/>])((?:[^<>\"']+|\"[^\"<]*\")*)(>?)")
_WINDOW = 1 << 18
_F_RE = re.compile(rb"<" + _NS + rb"f(?=[\s/>])")
# From a formula forward: where its cell ends (the cell's end tag, or the next cell or row, whichever first).
_CELL_END_RE = re.compile(rb"</" + _NS + rb"c\s*>|<" + _NS + rb"(?:c|row)(?=[\s/>])|</" + _NS + rb"row\s*>")
# Back from a formula to its cell's start tag (a namespace prefix: "<x:c"), within a range never looked at
# before: the greedy ``.*`` runs to the formula and steps back in C.
_LAST_CELL_RE = re.compile(rb"(?s).*(<)" + _NS + rb"c(?=[\s/>])")
_V_RE = re.compile(rb"<" + _NS + rb"v\s*>([^<]*)</" + _NS + rb"v\s*>")


def preflight(data: bytes, fmt: str) -> Preflight:
    """Zip sizes and ratios, sheet names and visibility, cell ranges and uncached formulas."""
    result = Preflight(fmt)
    deadline = time.monotonic() + PREFLIGHT_SECONDS
    if fmt not in (XLSX, ODS):
        return result
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS:
        raise Unreadable("il file è danneggiato o incompleto (archivio non valido).") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ZIP_MEMBERS:
            raise Unreadable(f"il file contiene {len(infos)} parti interne, troppe per un foglio di calcolo.")
        total = sum(i.file_size for i in infos)
        if total > MAX_UNCOMPRESSED_BYTES:
            raise Unreadable(f"il file, decompresso, occupa {total // 1024 // 1024} MB: troppo grande "
                             f"(limite {MAX_UNCOMPRESSED_BYTES // 1024 // 1024} MB).")
        for i in infos:
            if i.file_size > 1024 * 1024 and i.file_size > MAX_COMPRESSION_RATIO * max(i.compress_size, 1):
                raise Unreadable("il file ha un rapporto di compressione anomalo (possibile 'zip bomb'): "
                                 "non viene letto.")
        for i in infos:     # every part's CRC: a reader that stops before a part's end never checks it
            try:
                with zf.open(i) as member:
                    while member.read(1 << 20):
                        pass
            except _ZIP_ERRORS:
                raise Unreadable(f"il file è danneggiato: la parte interna «{i.filename}» è corrotta.") from None
        if fmt == XLSX:
            result.has_macros = any(i.filename.lower().endswith("vbaproject.bin") for i in infos)
            result.sheets = _xlsx_sheets(zf, deadline)
        else:
            _scan_ods(zf, deadline)
    return result


def _xlsx_sheets(zf: zipfile.ZipFile, deadline: float | None = None) -> dict[str, SheetInfo]:
    try:
        wb = SafeET.fromstring(zf.read("xl/workbook.xml"))
        rels = SafeET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        raise Unreadable("il file è danneggiato: mancano parti essenziali della cartella di lavoro.") from None
    except Exception:
        raise Unreadable("il file è danneggiato o non valido (XML non leggibile).") from None
    targets = {r.get("Id"): r.get("Target", "") for r in rels if r.tag.endswith("Relationship")}
    sheets: dict[str, SheetInfo] = {}
    for el in wb.iter():
        if not el.tag.endswith("}sheet"):
            continue
        rid = next((v for k, v in el.attrib.items() if k.endswith("}id")), None)
        info = SheetInfo(name=el.get("name", ""), state=el.get("state", "visible"))
        target = targets.get(rid, "")
        member = target.lstrip("/") if target.startswith("/") else "xl/" + target
        member = os.path.normpath(member).replace(os.sep, "/")
        if member in zf.namelist():
            try:
                xml = zf.read(member)
            except _ZIP_ERRORS:
                raise Unreadable(f"il file è danneggiato: il foglio «{info.name}» non si può estrarre "
                                 f"dall'archivio.") from None
            _scan_sheet(xml, info, deadline)
        sheets[info.name] = info
    return sheets


def _scan_sheet(xml: bytes, info: SheetInfo, deadline: float | None = None) -> None:
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
        _on_time(deadline)
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
    for name, double, single in _ATTR_PARTS_RE.findall(attrs):
        if name == b"r":
            ref = double or single
    return ref


def _ref_position(ref: bytes, info: SheetInfo) -> tuple[int, int]:
    parts = _REF_PARTS.fullmatch(ref)
    if parts is None:
        raise _bad_xml(info)
    return int(parts.group(2)), _col_number(parts.group(1))


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
            _on_time(deadline)
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


# --- .ods: rows and columns, repeats included -------------------------------------------------------------

# The start tags that place cells in an .ods (content.xml): a sheet, a row, a cell (a merged-over cell takes
# its column too). Attribute values in double quotes are skipped whole; a tag the pattern cannot close (a
# value in single quotes, a quote left open) is parsed again in full.
_ODS_TAG_RE = re.compile(rb"<" + _NS + rb"(table-row|table-cell|covered-table-cell|table)(?=[\s/>])"
                         rb"((?:[^<>\"']+|\"[^\"<]*\")*)(>?)")
_ODS_TAG_FULL_RE = re.compile(rb"<" + _NS + rb"(table-row|table-cell|covered-table-cell|table)(?=[\s/>])"
                              rb"(?:((?:" + _ATTR + rb")*)\s*(/?)(?P<end>>))?")
_ODS_CHUNK = 1 << 20
_ODS_MAX_TAG = 1 << 20                          # no spreadsheet writes a tag this long


class _OdsCount:
    """Rows and columns of each sheet of an .ods as the reader places them: ``number-rows-repeated`` and
    ``number-columns-repeated`` multiply a row or cell; only rows and cells holding something count
    towards the limits (LibreOffice ends every sheet with a million repeated empty rows: harmless)."""

    def __init__(self) -> None:
        self.sheet = ""
        self.row = self.col = self.row_last_col = 0
        self.row_repeat = 1
        self.max_row = self.max_col = 0

    def feed(self, data: bytes) -> None:
        tags = _ODS_TAG_RE.findall(data)
        for _kind, _attrs, closed in tags:
            if not closed:
                tags = [_ods_parsed(tag, self.sheet) for tag in _ODS_TAG_FULL_RE.finditer(data)]
                break
        for kind, attrs, _ in tags:
            repeat = _repeat(attrs) if b"repeated" in attrs else 1
            if kind == b"table-cell" or kind == b"covered-table-cell":
                self.col += repeat
                if not attrs.endswith(b"/") or b"value" in attrs or b"formula" in attrs:
                    self.row_last_col = self.col                # this cell holds something
                continue
            self._end_row()
            if kind == b"table-row":
                self.row_repeat = repeat
            else:                                               # a new sheet
                self.sheet = _attr(attrs, b"name") or ""
                self.row = self.max_row = self.max_col = 0
                self.row_repeat = 0

    def _end_row(self) -> None:
        if self.row_last_col:
            self.max_row = self.row + self.row_repeat
            self.max_col = max(self.max_col, self.row_last_col)
            if self.max_row > MAX_SHEET_ROWS or self.max_col > MAX_COLUMNS:
                raise Unreadable(f"foglio troppo grande: «{self.sheet}» ha celle fino alla riga {self.max_row} e "
                                 f"alla colonna {self.max_col} (limiti: {MAX_ROWS} righe, {MAX_COLUMNS} colonne, "
                                 f"righe e colonne ripetute comprese). Elimina le celle usate oltre la tabella e "
                                 f"ricarica.")
        self.row += self.row_repeat
        self.col = self.row_last_col = 0
        self.row_repeat = 0

    def close(self) -> None:
        self._end_row()


def _ods_parsed(tag: re.Match, sheet: str) -> tuple[bytes, bytes, bytes]:
    if tag.group("end") is None:
        raise Unreadable(f"il foglio «{sheet}» non è XML valido: il file è danneggiato.")
    return tag.group(1), tag.group(2) + tag.group(3), b">"


def _attr(attrs: bytes, local: bytes) -> str | None:
    for name, double, single in _ATTR_PARTS_RE.findall(attrs):
        if name == local or name.endswith(b":" + local):
            return (double or single).decode("utf-8", "replace")
    return None


def _repeat(attrs: bytes) -> int:
    """The largest ``number-…-repeated`` of a tag (1 if none): the reader repeats at least that much."""
    n = 1
    for name, double, single in _ATTR_PARTS_RE.findall(attrs):
        if name.endswith((b"number-rows-repeated", b"number-columns-repeated")):
            value = (double or single).strip()
            n = max(n, int(value) if value.isdigit() and len(value) < 19 else 2 ** 62)
    return n


def _scan_ods(zf: zipfile.ZipFile, deadline: float | None = None) -> None:
    """Count every sheet's rows and columns in content.xml, read a chunk at a time (never whole)."""
    try:
        member = zf.open("content.xml")
    except KeyError:
        raise Unreadable("il file è danneggiato: manca il contenuto del foglio di calcolo (content.xml).") from None
    count = _OdsCount()
    pending = b""
    with member:
        while chunk := member.read(_ODS_CHUNK):
            _on_time(deadline)
            data = pending + chunk
            cut = data.rfind(b"<")
            if cut > 0:                                 # complete tags before the last "<"
                count.feed(data[:cut])
                pending = data[cut:]
            elif cut == 0 and data.find(b">") < 0:      # one tag still open
                if len(data) > _ODS_MAX_TAG:
                    raise Unreadable("il file è danneggiato o non valido (XML non leggibile).")
                pending = data
            else:                                       # text only, or one tag and its text
                count.feed(data)
                pending = b""
        count.feed(pending)
    count.close()


def _on_time(deadline: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise Unreadable(f"il controllo del file ha superato {PREFLIGHT_SECONDS} secondi: il file è troppo grande o "
                         f"troppo complesso per essere letto.")


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


# --- the child process -------------------------------------------------------------------------------

_ALLOWED = {("datetime", "datetime"), ("datetime", "date"), ("datetime", "time"), ("datetime", "timedelta")}


class _PlainUnpickler(pickle.Unpickler):
    """Accept only builtins and datetime values from the child: never arbitrary classes."""

    def find_class(self, module, name):
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} not allowed")


def parse_isolated(data: bytes, fmt: str, *, timeout: float = PARSE_TIMEOUT_S,
                   memory_bytes: int = PARSE_MEMORY_BYTES) -> list[dict]:
    """Parse a workbook in a child process; returns [{name, visible, rows}] or raises Unreadable."""
    cmd = [sys.executable, "-m", "ngp_data.ingest.parse_child", fmt, str(memory_bytes), str(MAX_SHEET_ROWS),
           str(MAX_COLUMNS), str(MAX_ROWS)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in [_package_root(),
                                                                     os.environ.get("PYTHONPATH", "")] if p)}
    try:
        proc = subprocess.run(cmd, input=data, capture_output=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        raise Unreadable(f"la lettura ha superato {timeout:.0f} secondi: il file è troppo grande o "
                         "danneggiato.") from None
    if proc.returncode != 0:
        raise Unreadable("il file non può essere letto (troppo grande o danneggiato).")
    try:
        answer = _PlainUnpickler(io.BytesIO(proc.stdout)).load()
    except Exception:
        raise Unreadable("il file non può essere letto (troppo grande o danneggiato).") from None
    if answer.get("error"):
        raise Unreadable(answer["error"])
    return answer["sheets"]


def _package_root() -> str:
    """The folder that holds ``ngp_data`` (so the child finds the package wherever we are started)."""
    return str(Path(__file__).resolve().parents[2])

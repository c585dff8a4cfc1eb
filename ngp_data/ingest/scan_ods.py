"""The content.xml of an .ods sized up before any parser sees it: rows and columns of every sheet, their
repeats included (``number-rows-repeated``), read a megabyte at a time, never whole.
"""

from __future__ import annotations

import re
import zipfile

from .limits import ATTR, ATTR_PARTS_RE, MAX_COLUMNS, MAX_ROWS, MAX_SHEET_ROWS, NS, Unreadable, check_time

# The start tags that place cells in an .ods (content.xml): a sheet, a row, a cell (a merged-over cell takes
# its column too). Attribute values in double quotes are skipped whole; a tag the pattern cannot close (a
# value in single quotes, a quote left open) is parsed again in full.
_ODS_TAG_RE = re.compile(rb"<" + NS + rb"(table-row|table-cell|covered-table-cell|table)(?=[\s/>])"
                         rb"((?:[^<>\"']+|\"[^\"<]*\")*)(>?)")
_ODS_TAG_FULL_RE = re.compile(rb"<" + NS + rb"(table-row|table-cell|covered-table-cell|table)(?=[\s/>])"
                              rb"(?:((?:" + ATTR + rb")*)\s*(/?)(?P<end>>))?")
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
    for name, double, single in ATTR_PARTS_RE.findall(attrs):
        if name == local or name.endswith(b":" + local):
            return (double or single).decode("utf-8", "replace")
    return None


def _repeat(attrs: bytes) -> int:
    """The largest ``number-…-repeated`` of a tag (1 if none): the reader repeats at least that much."""
    n = 1
    for name, double, single in ATTR_PARTS_RE.findall(attrs):
        if name.endswith((b"number-rows-repeated", b"number-columns-repeated")):
            value = (double or single).strip()
            n = max(n, int(value) if value.isdigit() and len(value) < 19 else 2 ** 62)
    return n


def scan_ods(zf: zipfile.ZipFile, deadline: float | None = None) -> None:
    """Count every sheet's rows and columns in content.xml, read a chunk at a time (never whole)."""
    try:
        member = zf.open("content.xml")
    except KeyError:
        raise Unreadable("il file è danneggiato: manca il contenuto del foglio di calcolo (content.xml).") from None
    count = _OdsCount()
    pending = b""
    with member:
        while chunk := member.read(_ODS_CHUNK):
            check_time(deadline)
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

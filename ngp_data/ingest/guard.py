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
import subprocess
import sys
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import ElementTree as SafeET

from . import limits
from .limits import (  # noqa: F401 - the limits, read by the reader, the child, the tests as guard.X
    EXCEL_MAX_COLUMNS,
    FORMULAS_NAMED,
    MAX_COLUMNS,
    MAX_COMPRESSION_RATIO,
    MAX_ROWS,
    MAX_SHEET_ROWS,
    MAX_UNCOMPRESSED_BYTES,
    MAX_UPLOAD_BYTES,
    MAX_ZIP_MEMBERS,
    PARSE_MEMORY_BYTES,
    PARSE_TIMEOUT_S,
    PREFLIGHT_SECONDS,
    OverBudget,
    SheetInfo,
    Unreadable,
    check_time,
)
from .scan_ods import scan_ods
from .scan_xlsx import scan_sheet

# Limits (docs/RELIABILITY.md explains each value).

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

XLSX, XLS, ODS, CSV = "xlsx", "xls", "ods", "csv"

# What zipfile raises on a damaged archive or member (bad CRC, broken deflate stream, odd headers).
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError,
               ValueError)


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




def preflight(data: bytes, fmt: str) -> Preflight:
    """Zip sizes and ratios, sheet names and visibility, cell ranges and uncached formulas."""
    result = Preflight(fmt)
    deadline = time.monotonic() + limits.PREFLIGHT_SECONDS   # read now: tests shorten it
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
        # Every part's CRC (a reader that stops before a part's end never checks it); an .xlsx sheet's XML is
        # read whole by the scan below, which checks its CRC then: it is not decompressed twice.
        scanned: set[str] = set()
        later = [i for i in infos if fmt == XLSX and i.filename.startswith("xl/worksheets/")
                 and i.filename.endswith(".xml")]
        _check_crcs(zf, [i for i in infos if i not in later], deadline)
        if fmt == XLSX:
            result.has_macros = any(i.filename.lower().endswith("vbaproject.bin") for i in infos)
            result.sheets = _xlsx_sheets(zf, deadline, scanned)
            _check_crcs(zf, [i for i in later if i.filename not in scanned], deadline)
        else:
            scan_ods(zf, deadline)
    return result


def _check_crcs(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], deadline: float) -> None:
    for i in infos:
        check_time(deadline)
        try:
            with zf.open(i) as member:
                while member.read(1 << 20):
                    pass
        except _ZIP_ERRORS:
            raise Unreadable(f"il file è danneggiato: la parte interna «{i.filename}» è corrotta.") from None


def _xlsx_sheets(zf: zipfile.ZipFile, deadline: float | None = None,
                 scanned: set[str] | None = None) -> dict[str, SheetInfo]:
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
                xml = zf.read(member)                     # its CRC checked here
            except _ZIP_ERRORS:
                raise Unreadable(f"il file è danneggiato: il foglio «{info.name}» non si può estrarre "
                                 f"dall'archivio.") from None
            if scanned is not None:
                scanned.add(member)
            scan_sheet(xml, info, deadline)
        sheets[info.name] = info
    return sheets


# --- the child process -------------------------------------------------------------------------------

_ALLOWED = {("datetime", "datetime"), ("datetime", "date"), ("datetime", "time"), ("datetime", "timedelta")}


class _PlainUnpickler(pickle.Unpickler):
    """Accept only builtins and datetime values from the child: never arbitrary classes."""

    def find_class(self, module, name):
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} not allowed")


def _command(fmt: str, memory_bytes: int, columns: bool) -> tuple[list[str], dict]:
    cmd = [sys.executable, "-m", "ngp_data.ingest.parse_child", fmt, str(memory_bytes), str(MAX_SHEET_ROWS),
           str(MAX_COLUMNS), str(MAX_ROWS)] + (["columns"] if columns else [])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in [_package_root(),
                                                                     os.environ.get("PYTHONPATH", "")] if p)}
    return cmd, env


def parse_isolated(data: bytes, fmt: str, *, timeout: float = PARSE_TIMEOUT_S,
                   memory_bytes: int = PARSE_MEMORY_BYTES, columns: bool = False) -> list[dict]:
    """Parse a workbook in a child process; returns [{name, visible, rows}] or raises Unreadable.

    With ``columns``, a visible sheet has ``columns`` instead of ``rows``: ``{head, body_rows, width, data}``,
    the first rows as plain rows and the rest as one column per position (``data[j]``: a pyarrow Array, or
    a plain list for a column that mixes types; see parse_child.columnar).
    """
    limits.check_budget()
    by_budget = limits.remaining() < timeout          # the whole prepare's budget ends first
    timeout = min(timeout, limits.remaining())
    cmd, env = _command(fmt, memory_bytes, columns)
    try:
        proc = subprocess.run(cmd, input=data, capture_output=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        if by_budget:
            raise OverBudget() from None
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
    if columns:
        try:
            for sheet in answer["sheets"]:
                if "columns" in sheet:
                    sheet["columns"]["data"] = _arrow_columns(sheet["columns"])
        except Exception:
            raise Unreadable("il file non può essere letto (troppo grande o danneggiato).") from None
    return answer["sheets"]


def _arrow_columns(cols: dict) -> list:
    """The body's columns by position: Arrow arrays read from the child's IPC bytes (fully validated: they
    are data, and a damaged stream is refused, never trusted), plain lists for the mixed ones."""
    import pyarrow as pa

    data: list = [None] * cols["width"]
    if cols["arrow"]:
        batch = pa.ipc.open_stream(cols["arrow"]).read_all()
        batch.validate(full=True)
        for name, array in zip(batch.column_names, batch.columns, strict=True):
            data[int(name)] = array.combine_chunks()
    for j, values in cols["mixed"].items():
        data[j] = values
    if any(d is None or len(d) != cols["body_rows"] for d in data):
        raise ValueError("columns")
    return data


def _package_root() -> str:
    """The folder that holds ``ngp_data`` (so the child finds the package wherever we are started)."""
    return str(Path(__file__).resolve().parents[2])

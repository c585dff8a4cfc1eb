"""An official file sized up before it is read: limits, SHA-256, encoding, separator, and which table it is.

A file is recognised by its header line, never by its name: every header is folded the way the
workbook import folds them (``schema.fold``: case, accents, spacing; a BOM and a trailing space do not
count) and matched against each official table's Italian header and older spellings
(``official_schema``). The table whose required headers are all present wins; a file that matches
none is refused naming the table it most resembles and the required headers it lacks.

The bytes are checked in one streaming pass (8 MB at a time, never the whole file in memory): size
against :data:`MAX_OFFICIAL_BYTES`, SHA-256, no NUL byte, and the encoding: UTF-8 (with or without
BOM) when every byte is, Windows-1252 when no byte sequence is UTF-8 beyond ASCII; a file mixing the
two is refused (either reading would store wrong letters), as the workbook import does.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

from ..ingest.limits import Unreadable
from ..official_schema import OFFICIAL_TABLES
from ..schema import Column, Table, fold, header_lookup

MAX_OFFICIAL_BYTES = 600 * 1024 * 1024     # above the national files (Progetti ~317 MB): one place
READ_SECONDS = 300                         # the whole reading of one import (DuckDB is interrupted)
HEADER_BYTES = 256 * 1024                  # the header line must end within this
CHUNK = 8 * 1024 * 1024

UTF8, CP1252 = "UTF-8", "Windows-1252"
_CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")
_UTF16_32_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


@dataclass
class Recognised:
    """Which official table(s) a header line is, and where each of its columns is (0-based)."""

    tables: list[Table]
    positions: dict[str, dict[str, int]]          # table name -> column name -> position in the file
    headers: list[str]                            # as written (BOM and outer spaces removed)


@dataclass
class CheckedFile:
    """One official file after the streaming pass: what the snapshot records and how to read it."""

    name: str
    path: Path
    size: int
    sha256: str
    encoding: str
    delimiter: str
    recognised: Recognised
    notes: list[str] = field(default_factory=list)


def limit_mb() -> int:
    return MAX_OFFICIAL_BYTES // 1024 // 1024


def header_line(path: Path) -> tuple[str, str]:
    """The first line of the file decoded (BOM removed) and the separator it uses."""
    with open(path, "rb") as f:
        head = f.read(HEADER_BYTES)
    if not head:
        raise Unreadable("il file è vuoto.")
    if head.startswith(_UTF16_32_BOMS):
        raise Unreadable("codifica UTF-16/UTF-32 non supportata: i file ufficiali sono CSV in UTF-8.")
    end = min((i for i in (head.find(b"\n"), head.find(b"\r")) if i >= 0), default=-1)
    if end < 0:
        if len(head) == HEADER_BYTES:
            raise Unreadable(f"la prima riga supera {HEADER_BYTES // 1024} KB: non è l'intestazione di un file "
                             "ufficiale.")
        end = len(head)
    raw = head[:end]
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        line = raw.decode("cp1252", errors="replace")
    if "\x00" in line:
        raise Unreadable("il file non è un CSV di testo (contiene byte nulli).")
    delimiter = max((";", ",", "\t"), key=line.count)
    if line.count(delimiter) == 0:
        raise Unreadable("la prima riga non ha separatori («;» o «,»): non è un file ufficiale in CSV.")
    return line, delimiter


def split_header(line: str, delimiter: str) -> list[str]:
    fields = next(csv.reader(io.StringIO(line), delimiter=delimiter), [])
    return [h.strip().lstrip("\ufeff").strip() for h in fields]


def recognise(headers: list[str]) -> Recognised:
    """The official table(s) these headers are (every required header present), or Unreadable saying
    which table the file most resembles and which required headers it lacks."""
    folded = [fold(h) for h in headers]
    full, best = [], None
    positions: dict[str, dict[str, int]] = {}
    for table in OFFICIAL_TABLES:
        lookup = header_lookup(table)
        found: dict[str, int] = {}
        for pos, f in enumerate(folded):
            name = lookup.get(f)
            if name and name not in found:
                found[name] = pos
        missing = [c for c in table.columns if c.required and c.name not in found]
        positions[table.name] = found
        if not missing:
            full.append(table)
        score = (len(found) - len(missing), len(found))
        if best is None or score > best[0]:
            best = (score, table, missing, len(found))
    if full:
        return Recognised(full, {t.name: positions[t.name] for t in full}, headers)
    _, table, missing, n_found = best
    if n_found <= 1:
        raise Unreadable("non è un file dei dati ufficiali PNRR (Italia Domani o PA digitale 2026): nessuna "
                         "intestazione riconosciuta.")
    raise Unreadable(f"sembra il file «{table.sheet}», ma mancano le colonne obbligatorie: "
                     f"{', '.join('«' + c.it + '»' for c in missing)}.")


def check_file(name: str, path: Path, spare: Path | None = None) -> CheckedFile:
    """Size, SHA-256, encoding and table of one file, in one streaming pass; Unreadable if refused.

    A Windows-1252 file is then copied to ``spare`` as UTF-8 (8 MB at a time) and read from there:
    DuckDB's own ``latin-1`` refuses the bytes 0x80-0x9F that Windows-1252 uses for ``€ ’ “ ”``."""
    size = path.stat().st_size
    if size == 0:
        raise Unreadable("il file è vuoto.")
    if size > MAX_OFFICIAL_BYTES:
        raise Unreadable(f"il file pesa {size / 1024 / 1024:.0f} MB, oltre il limite di {limit_mb()} MB per "
                         "un file ufficiale.")
    line, delimiter = header_line(path)
    recognised = recognise(split_header(line, delimiter))
    sha, encoding = _stream(path)
    read_from = path
    if encoding == CP1252:
        read_from = spare or path.with_name(path.name + ".utf8")
        _transcode(path, read_from)
    return CheckedFile(name=name, path=read_from, size=size, sha256=sha, encoding=encoding, delimiter=delimiter,
                       recognised=recognised)


def _transcode(source: Path, target: Path) -> None:
    decoder = codecs.getincrementaldecoder("cp1252")()
    with open(source, "rb") as src, open(target, "w", encoding="utf-8", newline="") as out:
        while chunk := src.read(CHUNK):
            out.write(decoder.decode(chunk))
        out.write(decoder.decode(b"", final=True))


def _stream(path: Path) -> tuple[str, str]:
    """SHA-256 and encoding in one pass, 8 MB at a time (C-speed: hashlib, the UTF-8 decoder, bytes.find)."""
    sha = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8, line, seen_utf8, cp1252_ok = True, 1, False, True
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            sha.update(chunk)
            if b"\x00" in chunk:
                raise Unreadable("il file non è un CSV di testo (contiene byte nulli).")
            if cp1252_ok and any(b in chunk for b in _CP1252_UNDEFINED):
                cp1252_ok = False
            if utf8:
                try:
                    decoder.decode(chunk)
                    seen_utf8 = seen_utf8 or not chunk.isascii()
                    line += chunk.count(b"\n")
                except UnicodeDecodeError as exc:
                    utf8 = False
                    bad_line = line + chunk.count(b"\n", 0, exc.start)
                    seen_utf8 = seen_utf8 or _has_utf8(chunk[:exc.start])
            elif not seen_utf8:
                seen_utf8 = _has_utf8(chunk)
        if utf8:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8, bad_line = False, line
    if utf8:
        return sha.hexdigest(), UTF8
    if seen_utf8:
        raise Unreadable(f"il file mescola due codifiche: è in parte UTF-8, ma la riga {bad_line} non lo è "
                         "(forse Windows-1252). Scarica di nuovo il file dal portale.")
    if not cp1252_ok:
        raise Unreadable("codifica del testo non riconosciuta: i file ufficiali sono CSV in UTF-8.")
    return sha.hexdigest(), CP1252


def _has_utf8(data: bytes) -> bool:
    """Whether the bytes hold a well-formed UTF-8 sequence beyond ASCII (invalid bytes become lone surrogates,
    which alone encode back to ASCII)."""
    try:
        data.decode("utf-8", errors="surrogateescape").encode("ascii", errors="surrogateescape")
    except UnicodeEncodeError:
        return True
    return False


def position_of(recognised: Recognised, table: Table, column: Column) -> int | None:
    return recognised.positions[table.name].get(column.name)

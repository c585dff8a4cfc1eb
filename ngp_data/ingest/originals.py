"""Which uploaded originals may be handed back as they are, and under which file name.

An original is served only when the guard can tell it holds data and nothing else (RELIABILITY.md 1.6);
for any other file the Dati page offers the version's data re-written instead.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

from ..store import SourceFile
from . import guard

_MACRO_MEMBERS = ("vbaproject.bin", "xl/macrosheets/", "xl/dialogsheets/", "xl/activex/", "xl/embeddings/",
                  "basic/", "scripts/")


def safe_to_serve(file: SourceFile) -> bool:
    """True when an original upload may be handed out as it is: a CSV, or an .xlsx/.ods with no macro,
    ActiveX control or embedded object. Never an .xlsm, .xls or anything we cannot inspect."""
    suffix = PurePath(file.name).suffix.lower()
    try:
        fmt = guard.sniff_format(file.name, file.content)
    except guard.Unreadable:
        return False
    if fmt == guard.CSV:
        return suffix == ".csv"
    if fmt not in (guard.XLSX, guard.ODS) or suffix not in (".xlsx", ".ods"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(file.content)) as zf:
            names = [n.lower() for n in zf.namelist()]
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return not any(m in n for n in names for m in _MACRO_MEMBERS)


def safe_file_name(name: str, fallback: str = "file") -> str:
    """A download name without folders or control characters."""
    base = PurePath(name.replace("\\", "/")).name
    base = re.sub(r"[\x00-\x1f\x7f\"<>|:*?]", "_", base).strip(" .")
    return base or fallback

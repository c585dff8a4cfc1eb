"""Generators of valid and hostile spreadsheets for the import tests (RELIABILITY.md §7).

Every file is built in memory by the tests themselves: no binary fixture is committed. The valid
workbook (a Partner sheet and a Progetti sheet) is written with openpyxl; hostile variants replace or
add zip members with hand-written XML, so each attack is visible in this file.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

PARTNER_HEADER = ["ID partner", "Nome", "Tipo", "Firmatario protocollo"]
PROJECT_HEADER = ["ID progetto", "Titolo", "Missione", "Componente", "Misura", "Capofila", "Budget totale"]


def partner_rows() -> list[list]:
    return [
        PARTNER_HEADER,
        ["COMUNE-PO", "Comune di Prato", "ente pubblico", "sì"],
        ["PIN", "PIN Polo universitario", "università", "no"],
    ]


def project_rows() -> list[list]:
    return [
        PROJECT_HEADER,
        ["NGP-01", "Hub dell'inclusione", "M5", "M5C2", "M5C2 I2.1", "COMUNE-PO", 1500000],
        ["NGP-02", "Parco fluviale", "M2", "M2C4", "M2C4 I2.2", "PIN", 250000.5],
    ]


def valid_sheets() -> dict[str, list[list]]:
    return {"Partner": partner_rows(), "Progetti": project_rows()}


# --- openpyxl workbooks ----------------------------------------------------------------------------------

def xlsx_bytes(sheets: dict[str, list[list]] | None = None, *, states: dict[str, str] | None = None,
               protect: bool = False) -> bytes:
    """A workbook with one sheet per entry (rows appended from row 1), written by openpyxl.

    ``states`` sets a sheet's visibility (``hidden``/``veryHidden``); ``protect`` locks every sheet
    and the workbook structure with a password (protection, not encryption).
    """
    sheets = valid_sheets() if sheets is None else sheets
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        if states and name in states:
            ws.sheet_state = states[name]
        if protect:
            ws.protection.sheet = True
            ws.protection.password = "segreta"
    if states:  # the active sheet must be a visible one
        wb.active = next(i for i, ws in enumerate(wb.worksheets) if ws.sheet_state == "visible")
    if protect:
        from openpyxl.workbook.protection import WorkbookProtection
        wb.security = WorkbookProtection(workbookPassword="segreta", lockStructure=True)
    return save(wb)


def xlsxwriter_bytes(sheets: dict[str, list[list]] | None = None, *, formulas: dict[str, dict[str, str]]
                     | None = None) -> bytes:
    """The same workbook written by XlsxWriter (shared strings; formulas stored with a cached 0).

    ``formulas`` maps a sheet name to ``{cell: formula}`` written with ``write_formula``.
    """
    import xlsxwriter

    sheets = valid_sheets() if sheets is None else sheets
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True})
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    ws.write(r, c, value)
        for ref, formula in ((formulas or {}).get(name) or {}).items():
            ws.write_formula(ref, formula)
    wb.close()
    return deterministic(out.getvalue())


def save(wb: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return deterministic(out.getvalue())


FIXED_TIME = (2024, 1, 1, 0, 0, 0)
_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*")


def deterministic(data: bytes) -> bytes:
    """The same package with fixed timestamps (zip entries, docProps/core.xml): equal content, equal bytes.

    Without this, two workbooks built a second apart differ, and "the same file uploaded twice" is not.
    """
    core = members(data).get("docProps/core.xml")
    replace = {"docProps/core.xml": _CORE_DATES.sub(rb"\g<1>2024-01-01T00:00:00Z", core)} if core else {}
    return rewrite_zip(data, replace)


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def sheet_member(data: bytes, sheet_name: str) -> str:
    """The zip member holding a sheet (resolved through workbook.xml and its relationships)."""
    parts = members(data)
    wb = parts["xl/workbook.xml"].decode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    name = re.escape(escape(sheet_name))
    rid = re.search(rf'<sheet [^>]*name="{name}"[^>]*r:id="([^"]+)"', wb).group(1)
    target = (re.search(rf'<Relationship [^>]*Id="{rid}"[^>]*Target="([^"]+)"', rels)
              or re.search(rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels))
    path = target.group(1)
    return path.lstrip("/") if path.startswith("/") else "xl/" + path


def rewrite_zip(data: bytes, replace: dict[str, bytes | None] | None = None,
                stored: tuple[str, ...] = ()) -> bytes:
    """A copy of the zip with members replaced, added (new names) or removed (value None)."""
    replace = dict(replace or {})
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in replace:
                content = replace.pop(info.filename)
                if content is None:
                    continue
            else:
                content = src.read(info.filename)
            _write(dst, info.filename, content, info.filename in stored)
        for name, content in replace.items():
            if content is not None:
                _write(dst, name, content, name in stored)
    return out.getvalue()


def _write(zf: zipfile.ZipFile, name: str, content: bytes, stored: bool) -> None:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    zf.writestr(info, content)


# --- hand-written sheet XML -------------------------------------------------------------------------------

def col_letter(n: int) -> str:
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_xml(ref: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'


def rows_xml(rows: list[list], first_row: int = 1) -> str:
    out = []
    for r, row in enumerate(rows, start=first_row):
        cells = "".join(cell_xml(f"{col_letter(c)}{r}", v) for c, v in enumerate(row, start=1))
        out.append(f'<row r="{r}">{cells}</row>')
    return "".join(out)


def sheet_xml(body: str, *, dimension: str | None = None, doctype: str = "") -> bytes:
    """A worksheet part around ``body`` (the content of <sheetData>)."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (f'{XML_DECL}{doctype}<worksheet xmlns="{MAIN_NS}">{dim}<sheetData>{body}</sheetData>'
            f'</worksheet>').encode()


def with_progetti_xml(xml: bytes, base: bytes | None = None) -> bytes:
    """The valid workbook with the Progetti sheet's XML replaced."""
    base = xlsx_bytes() if base is None else base
    return rewrite_zip(base, {sheet_member(base, "Progetti"): xml})


# --- XML entity attacks (cases 1-4) -------------------------------------------------------------------------

def billion_laughs_xlsx(levels: int = 10, fanout: int = 10) -> bytes:
    entities = ['<!ENTITY lol0 "lol">']
    for i in range(1, levels):
        entities.append(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * fanout}">')
    doctype = f"<!DOCTYPE worksheet [{''.join(entities)}]>"
    body = rows_xml(project_rows()[:1]) + (f'<row r="2"><c r="A2" t="inlineStr"><is><t>&lol{levels - 1};</t>'
                                           f'</is></c></row>')
    return with_progetti_xml(sheet_xml(body, doctype=doctype))


def quadratic_blowup_xlsx(entity_kb: int = 100, references: int = 20_000) -> bytes:
    doctype = f'<!DOCTYPE worksheet [<!ENTITY a "{"a" * (entity_kb * 1024)}">]>'
    body = rows_xml(project_rows()[:1]) + (f'<row r="2"><c r="B2" t="inlineStr"><is><t>{"&a;" * references}'
                                           f'</t></is></c></row>')
    return with_progetti_xml(sheet_xml(body, doctype=doctype))


def xxe_xlsx(secret_path: str | os.PathLike) -> bytes:
    uri = Path(secret_path).resolve().as_uri()
    doctype = f'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "{uri}">]>'
    rows = project_rows()
    n = len(rows) + 1
    body = rows_xml(rows) + f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
    return with_progetti_xml(sheet_xml(body, doctype=doctype))


def workbook_dtd_xlsx() -> bytes:
    """A DTD with an entity declared (never referenced) in xl/workbook.xml."""
    base = xlsx_bytes()
    wb = members(base)["xl/workbook.xml"].decode()
    decl_end = wb.index("?>") + 2 if wb.startswith("<?xml") else 0
    wb = wb[:decl_end] + '<!DOCTYPE workbook [<!ENTITY unused "mai usata">]>' + wb[decl_end:]
    return rewrite_zip(base, {"xl/workbook.xml": wb.encode()})


# --- size attacks (cases 5, 6, 9, 10) ---------------------------------------------------------------------

def zip_bomb_xlsx(padding_mb: int = 64) -> bytes:
    """The valid workbook whose Progetti XML is padded with whitespace (ratio ~1000:1)."""
    base = xlsx_bytes()
    member = sheet_member(base, "Progetti")
    xml = members(base)[member]
    end = xml.rindex(b"</worksheet>")
    padded = xml[:end] + b" " * (padding_mb * 1024 * 1024) + xml[end:]
    return rewrite_zip(base, {member: padded})


def far_cell_xlsx(ref_col: str = "XFD", ref_row: int = 1_048_576) -> bytes:
    """The valid Progetti sheet plus one real cell at XFD1048576 (F1: calamine aborts on it)."""
    rows = project_rows()
    body = rows_xml(rows) + f'<row r="{ref_row}"><c r="{ref_col}{ref_row}"><v>1</v></c></row>'
    return with_progetti_xml(sheet_xml(body))


def huge_dimension_xlsx() -> bytes:
    """A <dimension> claiming the whole grid, over a header and 2 real data rows."""
    return with_progetti_xml(sheet_xml(rows_xml(project_rows()), dimension="A1:XFD1048576"))


def row_beyond_excel_xlsx(row: int = 2_000_000) -> bytes:
    rows = project_rows()
    body = rows_xml(rows) + f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>NGP-99</t></is></c></row>'
    return with_progetti_xml(sheet_xml(body))


def forged_size_zip(declared_size: int) -> bytes:
    """The valid workbook whose sheet member *declares* ``declared_size`` uncompressed bytes (a size lie)."""
    data = bytearray(xlsx_bytes())
    member = sheet_member(bytes(data), "Progetti")
    name = member.encode()
    for sig, size_at in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        start = 0
        while (pos := data.find(sig, start)) >= 0:
            name_len_at = 28 if sig == b"PK\x01\x02" else 26
            name_at = 46 if sig == b"PK\x01\x02" else 30
            n = struct.unpack_from("<H", data, pos + name_len_at)[0]
            if data[pos + name_at:pos + name_at + n] == name:
                struct.pack_into("<I", data, pos + size_at, declared_size)
            start = pos + 4
    return bytes(data)


# --- broken packages (cases 11, 12, 15, 16, 38) -------------------------------------------------------------

def truncated_xlsx() -> bytes:
    data = xlsx_bytes()
    return data[: len(data) // 2]


def csv_text_bytes() -> bytes:
    return (b"ID progetto;Titolo;Missione\nNGP-01;Hub;M5\n")


def html_table_bytes() -> bytes:
    return (b"<html><head><meta charset='utf-8'></head><body><table><tr><td>ID progetto</td><td>Titolo</td>"
            b"</tr><tr><td>NGP-01</td><td>Hub</td></tr></table></body></html>")


def png_bytes() -> bytes:
    """A real 1x1 PNG (signature, IHDR, IDAT, IEND)."""
    import zlib

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return (struct.pack(">I", len(payload)) + kind + payload
                + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF))
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
            + chunk(b"IEND", b""))


def encrypted_xlsx(password: str = "pwd") -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(xlsx_bytes())).encrypt(password, out)
    return out.getvalue()


def xlsm_with_macros(sheets: dict[str, list[list]] | None = None) -> bytes:
    """A workbook declared macro-enabled, with an (inert) xl/vbaProject.bin part."""
    base = xlsx_bytes(sheets)
    parts = members(base)
    types = parts["[Content_Types].xml"].decode()
    types = types.replace("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                          "application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    types = types.replace("</Types>", '<Default Extension="bin" ContentType="application/vnd.ms-office.'
                                      'vbaProject"/></Types>')
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    rels = rels.replace("</Relationships>", '<Relationship Id="rIdVBA" Type="http://schemas.microsoft.com/'
                                            'office/2006/relationships/vbaProject" Target="vbaProject.bin"/>'
                                            "</Relationships>")
    # Not a working VBA project: the importer must not even look inside it.
    vba = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"Sub AutoOpen(): Shell \"calc\": End Sub"
    return rewrite_zip(base, {"[Content_Types].xml": types.encode(),
                              "xl/_rels/workbook.xml.rels": rels.encode(), "xl/vbaProject.bin": vba})


def shared_string_out_of_range_xlsx() -> bytes:
    """Progetti with a shared-string cell pointing past the end of sharedStrings.xml."""
    base = xlsx_bytes()
    member = sheet_member(base, "Progetti")
    rows = project_rows()
    body = rows_xml(rows) + f'<row r="{len(rows) + 1}"><c r="A{len(rows) + 1}" t="s"><v>9999</v></c></row>'
    return rewrite_zip(base, {member: sheet_xml(body)})


def missing_shared_strings_xlsx() -> bytes:
    """An XlsxWriter workbook (whose text cells are shared strings) with xl/sharedStrings.xml removed."""
    base = xlsxwriter_bytes()
    assert "xl/sharedStrings.xml" in members(base)
    return rewrite_zip(base, {"xl/sharedStrings.xml": None})


def bad_crc_xlsx(member: str | None = None) -> bytes:
    """One member stored uncompressed, then one character changed: its CRC-32 no longer matches.

    Default: the Progetti sheet (a budget digit). ``xl/sharedStrings.xml``: a partner's name, in the
    XlsxWriter workbook (openpyxl writes no shared strings).
    """
    if member is None:
        base = xlsx_bytes()
        member = sheet_member(base, "Progetti")
        base = rewrite_zip(base, {member: sheet_xml(rows_xml(project_rows()))})
        old, new = b"<v>1500000</v>", b"<v>9500000</v>"
    else:
        base = xlsxwriter_bytes()
        old, new = b"Comune di Prato", b"Comune di Prata"
    data = rewrite_zip(base, stored=(member,))
    assert data.count(old) == 1
    return data.replace(old, new)


# --- LibreOffice ------------------------------------------------------------------------------------------

def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def soffice_convert(sources: list[Path], fmt: str, outdir: Path, profile_dir: Path,
                    timeout: float = 120) -> list[Path]:
    """Convert files with LibreOffice (one process, a private profile so parallel runs do not clash)."""
    outdir.mkdir(parents=True, exist_ok=True)
    cmd = [soffice(), f"-env:UserInstallation={profile_dir.resolve().as_uri()}", "--headless", "--norestore",
           "--convert-to", fmt, "--outdir", str(outdir), *map(str, sources)]
    proc = subprocess.run(cmd, capture_output=True, timeout=timeout)
    ext = fmt.split(":", 1)[0]
    out = [outdir / f"{src.stem}.{ext}" for src in sources]
    missing = [p for p in out if not p.exists()]
    if missing:
        raise RuntimeError(f"soffice did not write {missing}: rc={proc.returncode} {proc.stderr[-500:]!r}")
    return out


def saved_by_libreoffice(data: bytes) -> bool:
    """True if an OOXML/ODF package records LibreOffice as the application that saved it."""
    parts = members(data)
    meta = parts.get("docProps/app.xml", b"") + parts.get("meta.xml", b"")
    return b"LibreOffice" in meta

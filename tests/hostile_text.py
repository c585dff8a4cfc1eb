"""A portfolio whose user text tries to become HTML, Markdown images and links (RELIABILITY.md case 43)."""

from __future__ import annotations

from pathlib import Path

from ngp_data.ingest.pipeline import commit, prepare
from ngp_data.store import Store
from tests.builders import valid_rows, workbook_bytes

IMG = "<img src=x onerror=alert(1)>"
MD_IMAGE = "![t](https://tracker.example/p.png)"
MD_LINK = "[clicca](https://tracker.example/phish)"
SCRIPT = "<script>alert(2)</script>"
RAW_MARKERS = ("<img", "<script", "](https://tracker.example")


def hostile_db(path: Path) -> Path:
    rows = valid_rows()
    rows["Progetti"][1][1] = IMG
    rows["Progetti"][1][13] = f"{MD_IMAGE} {MD_LINK}"
    rows["Progetti"][2][1] = MD_IMAGE
    rows["Partner"][2][1] = SCRIPT
    rows["Bandi"][1][1] = MD_LINK
    rows["Esiti"][1][5] = MD_IMAGE
    store = Store(path)
    commit(prepare([("ostile.xlsx", workbook_bytes(rows))], store), store, author=IMG, comment=f"{MD_IMAGE} {SCRIPT}")
    store.close()
    return path

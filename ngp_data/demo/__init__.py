"""The illustrative demo portfolio ("dati dimostrativi"), built in code and deterministic.

It uses the real partners, the real PNRR codes and the cards known from the press (DOMAIN.md), but
titles, amounts, dates and acts are illustrative. Three versions (May, September and November 2026)
give the "what changed" page something to show; every version is marked ``demo=True`` in the store.

This module loads it (``load_demo``, ``ensure_demo``) and writes the committed workbooks
(``write_files``); the data itself is declared in ``portfolio`` (partners, cards, calls) and
``applications`` (applications, outcomes), the three versions in ``history``, and ``rows`` turns
those declarations into the frames of each version.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
from pathlib import Path

import pandas as pd

from .. import output
from ..official import import_official
from ..official_schema import DEFAULT_COMUNE, OFFICIAL_TABLES
from ..store import SourceFile, Store
from ..store import meetings as store_meetings
from ..store import official as store_official
from .history import DEMO_PREFIX, MEETINGS, VERSIONS
from .portfolio import COMUNE
from .rows import current_rows, frames_at

DEMO_AUTHOR = "dati dimostrativi"
OFFICIAL_SAMPLE = Path(__file__).resolve().parents[2] / "data" / "official_sample"
DEMO_FILE = "ngp_demo.xlsx"
TEMPLATE_FILE = "ngp_template.xlsx"

__all__ = [
    "COMUNE", "DEMO_AUTHOR", "DEMO_FILE", "DEMO_PREFIX", "TEMPLATE_FILE", "demo_frames", "demo_versions",
    "ensure_demo", "load_demo", "load_official_sample", "workbook_bytes", "write_files",
]


def demo_versions() -> list[tuple[str, dict[str, pd.DataFrame]]]:
    """(comment, full frames of the six tables) for each demo version, oldest first."""
    current = current_rows()
    return [(comment, frames_at(current, i)) for i, (comment, _) in enumerate(VERSIONS)]


def demo_frames() -> dict[str, pd.DataFrame]:
    """The current (latest) demo version."""
    return demo_versions()[-1][1]


def workbook_bytes(frames: dict[str, pd.DataFrame], created: dt.datetime = VERSIONS[-1][1]) -> bytes:
    """The Italian workbook of ``frames``; the same frames always give the same bytes."""
    buffer = io.BytesIO()
    output.write_tables(frames, buffer, lang="it", created=created)
    return buffer.getvalue()


def load_demo(store: Store, *, official: bool = True) -> list[int]:
    """Commit every demo version (oldest first) as demo data; returns the new version ids. With ``official``,
    also import the real Prato sample of the official open data (``OFFICIAL_SAMPLE``) as the demo's
    official snapshot, so the Riscontro ufficiale works on first start. Then record the demo's meeting
    (``history.MEETINGS``, author "dati dimostrativi"), so Novità shows "since the last meeting"."""
    ids = []
    for (comment, frames), (_, created) in zip(demo_versions(), VERSIONS, strict=True):
        files = [SourceFile(DEMO_FILE, workbook_bytes(frames, created))]
        ids.append(store.commit(frames, author=DEMO_AUTHOR, comment=comment, kind="demo", demo=True,
                                files=files, created_at=created))
    if official:
        load_official_sample(store)
    for index, held_on, title, notes, decisions in MEETINGS:
        store_meetings.record_meeting(store, held_on=held_on, title=title, author=DEMO_AUTHOR, notes=notes,
                                      decisions=decisions, version_id=ids[index], today=VERSIONS[-1][1].date())
    return ids


def load_official_sample(store: Store) -> int | None:
    """The real official rows of the Comune di Prato (data/official_sample/) as a demo snapshot; its id.

    The first call in a process imports the files (the real import, about 2 s); later calls commit the
    same rows and file records again, which gives the same snapshot (the files do not change) in a
    fraction of the time: the tests build many demo databases."""
    with _SAMPLE_LOCK:
        if _SAMPLE:
            frames, files = _SAMPLE
            return store_official.commit_snapshot(store, frames, files, comune=DEFAULT_COMUNE, author=DEMO_AUTHOR,
                                                  comment=SAMPLE_COMMENT, kind="demo", demo=True,
                                                  created_at=VERSIONS[-1][1])
        paths = sorted(OFFICIAL_SAMPLE.rglob("*.csv"))
        result = import_official(store, [(f.name, f) for f in paths], comune=DEFAULT_COMUNE, author=DEMO_AUTHOR,
                                 comment=SAMPLE_COMMENT, demo=True, created_at=VERSIONS[-1][1])
        kept = {t.name for t in OFFICIAL_TABLES} & {f.table for f in result.files}
        frames = {name: store_official.official_table(store, name, result.snapshot_id) for name in kept}
        _SAMPLE.extend([frames, list(result.files)])
        return result.snapshot_id


SAMPLE_COMMENT = DEMO_PREFIX + "campione reale dei dati ufficiali del Comune di Prato"
_SAMPLE: list = []                     # (frames, file records) of the first import in this process
_SAMPLE_LOCK = threading.Lock()


_ENSURE_LOCK = threading.Lock()


def ensure_demo(store: Store) -> bool:
    """Load the demo on first start (a store with no version at all); True when it did."""
    with _ENSURE_LOCK:                     # two sessions starting together must not load it twice
        if store.versions():
            return False
        load_demo(store)
        return True


def write_files(data_dir: str | Path) -> tuple[Path, Path]:
    """Write data/ngp_demo.xlsx (current demo version) and data/ngp_template.xlsx; returns both paths."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    demo_path, template_path = data_dir / DEMO_FILE, data_dir / TEMPLATE_FILE
    demo_path.write_bytes(workbook_bytes(demo_frames()))
    buffer = io.BytesIO()
    output.write_template(buffer, created=dt.datetime(2026, 11, 20, 9, 0))
    template_path.write_bytes(buffer.getvalue())
    return demo_path, template_path

"""Running the real app with AppTest: a database per test session, the demo or empty, fixed 'today'."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote

from streamlit.testing.v1 import AppTest

from ngp_data.schema import TABLES

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard.py")
TODAY = "2026-11-23"
# Novità's folded tables are drawn only when opened: this state opens every one of them.
OPEN_CHANGES = {f"novita_apri_{table.name}": True for table in TABLES}


def run_app(db: Path, page: str | None = None, *, lang: str | None = None, params: dict | None = None,
            state: dict | None = None, timeout: float = 30, demo: bool = True, user: dict | None = None,
            secrets: dict | None = None) -> AppTest:
    """Run dashboard.py (then ``views/<page>.py``) on database ``db``; ``state`` presets widget values.

    ``user`` is what ``st.user`` reads (default: logged out); ``secrets`` replaces ``st.secrets`` (e.g.
    ``{"editors": [...], "auth": {...}}``), otherwise the secrets files on disk, if any, are read.
    """
    os.environ["NGP_DB"] = str(db)
    os.environ["NGP_TODAY"] = TODAY
    os.environ["NGP_DEMO"] = "1" if demo else "0"
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.user = dict(user) if user is not None else {"is_logged_in": False}
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    for key, value in (params or {}).items():
        at.query_params[key] = value
    for key, value in (state or {}).items():
        at.session_state[key] = value
    if lang == "en":
        at.session_state["lingua"] = "English"
    at.run()
    if page:
        at.switch_page(f"views/{page}.py")
        at.run()
    return at


def texts(at: AppTest) -> str:
    """Everything written as markdown, captions, titles, metrics and alerts, for assertions."""
    parts = [e.value for e in (*at.markdown, *at.caption, *at.title, *at.header, *at.subheader, *at.info,
                                *at.warning, *at.success, *at.error)]
    parts += [f"{m.label}: {m.value}" for m in at.metric]
    return "\n".join(str(p) for p in parts)


def workbook_uploaders(at: AppTest) -> list:
    """The Dati page's uploaders of the committee's workbooks (not the official files' uploader)."""
    from ngp_data.labels import t
    return [u for u in at.get("file_uploader") if u.proto.label != t("off_upload_label")]



CARD_LINK = re.compile(r"^/scheda\?progetto=(.+)$")


def as_read(frame):
    """A table as a person reads it: a card's id shown as a link to its Scheda reads as the id."""
    frame = frame.copy()
    for col in frame.columns:
        values = list(frame[col])
        if any(isinstance(v, str) and CARD_LINK.match(v) for v in values):
            frame[col] = [unquote(m.group(1)) if isinstance(v, str) and (m := CARD_LINK.match(v)) else v
                          for v in values]
    return frame


def table_with(at: AppTest, *headers: str, without: str | None = None, first: bool = False):
    """The one dataframe shown whose columns include ``headers`` (and not ``without``), as read; with
    ``first``, the first of several."""
    found = [d.value for d in at.dataframe
             if set(headers) <= set(d.value.columns) and (without is None or without not in d.value.columns)]
    assert found and (first or len(found) == 1), [list(d.value.columns) for d in at.dataframe]
    return as_read(found[0])

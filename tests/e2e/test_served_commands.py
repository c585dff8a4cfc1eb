"""The command line beside a real dashboard: while `streamlit run dashboard.py` holds the database, `versions`,
`backup`, `import` and `check` are answered by it (ngp_data/store/service.py); the imported version shows in
the dashboard; its daily backup is there; after it stops, `restore` and `check` accept the backup.

One Streamlit server, two page loads (the store opens on a session's first run).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from playwright.sync_api import Page, expect

from ngp_data.store.service import HEARTBEAT, spool_dir
from tests.builders import valid_rows, workbook_bytes
from tests.e2e.conftest import ROOT, full_screenshot, start_streamlit, stop, wait_idle

SHOTS = ROOT / "docs" / "screenshots"


def cli(*args) -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NGP_BACKUP_DIR", "NGP_DB")}
    done = subprocess.run([sys.executable, "-m", "ngp_data", *map(str, args)], cwd=ROOT, env=env, text=True,
                          capture_output=True, timeout=300)
    return done.returncode, done.stdout, done.stderr


def test_the_command_line_is_answered_by_the_running_dashboard_and_its_backup_restores(page: Page, tmp_path):
    db, daily, copies = tmp_path / "ngp.duckdb", tmp_path / "giornalieri", tmp_path / "copie"
    upload = tmp_path / "portafoglio.xlsx"
    rows = valid_rows()
    rows["Progetti"][1][1] = "Hub servito dalla dashboard"
    upload.write_bytes(workbook_bytes(rows))
    proc, url = start_streamlit(db, tmp_path / "streamlit.log", env={"NGP_BACKUP_DIR": str(daily)})
    try:
        page.goto(url)
        wait_idle(page)
        deadline = time.monotonic() + 30
        while not (spool_dir(db) / HEARTBEAT).exists() and time.monotonic() < deadline:
            time.sleep(0.2)

        rc, out, err = cli("versions", "--db", db)
        assert rc == 0, err
        demo_versions = [line.split("\t")[0] for line in out.splitlines()]
        assert demo_versions == ["1", "2", "3"], out                # the demo the dashboard loaded

        rc, out, err = cli("backup", copies, "--db", db)
        assert rc == 0, err
        (backup,) = copies.glob("ngp_backup_*.duckdb")
        assert out == f"backup scritto in {backup}.\n"

        rc, out, err = cli("import", upload, "--comment", "dalla riga di comando", "--db", db)
        assert rc == 0 and "Traceback" not in err, err
        assert out.splitlines()[-1].startswith("importata la versione 4 ("), out

        rc, out, err = cli("check", "--db", db)
        assert (rc, out) == (0, "integrità verificata: 4 versioni, conteggi e SHA-256 corrispondono.\n"), err
        assert len(list(daily.glob("ngp_backup_*.duckdb"))) == 1       # the day's automatic backup

        page.goto(f"{url}/dati")
        wait_idle(page)
        expect(page.get_by_text(re.compile(r"Dati: versione 4 del .*, caricata da locale"))).to_be_visible()
        full_screenshot(page, SHOTS / "serve_dati_after_cli_import.png")
    finally:
        stop(proc)

    rc, out, err = cli("restore", backup, "--db", db)
    assert rc == 0 and "database ripristinato da" in out, err
    rc, out, err = cli("check", "--db", db)
    assert (rc, out) == (0, "integrità verificata: 3 versioni, conteggi e SHA-256 corrispondono.\n"), err
    assert Path(db).exists()

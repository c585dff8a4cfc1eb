"""House rules of the code base, checked on the files themselves (no app run, no browser).

- No ``pages/`` beside dashboard.py: the pages live in ``views/`` and are routed by ``st.navigation``.
- ``ngp_data`` is the data layer: importing any of it must not import Streamlit.
- Modules stay readable: at most 400 lines each.
- The UI calls the query functions by name in the code, never through a string (``getattr(queries, ...)``).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 400


def test_no_pages_folder_beside_the_entry_script():
    found = sorted(p.name for p in ROOT.glob("pages*"))
    assert not found, (
        f"{found} beside dashboard.py: the pages live in views/, not pages/. Streamlit routes a pages/ "
        "folder next to the entry script by itself, and the first deep link after a server restart "
        "(e.g. /missioni?missione=M2) then runs the page around dashboard.py: no filters, no language, "
        "no demo banner. Move the file into views/ and register it in dashboard.py's st.navigation.")


IMPORT_ALL_NGP_DATA = """
import importlib, pkgutil, sys
import ngp_data
names = [m.name for m in pkgutil.walk_packages(ngp_data.__path__, "ngp_data.")]
for name in names:
    importlib.import_module(name)
assert len(names) > 5, names
loaded = sorted(m for m in sys.modules if m == "streamlit" or m.startswith("streamlit."))
assert "streamlit" not in sys.modules, f"importing {names} loaded {loaded[:5]}"
print(len(names))
"""


def test_ngp_data_never_imports_streamlit():
    """Every module under ngp_data, imported in a fresh interpreter, leaves Streamlit out of sys.modules."""
    run = subprocess.run([sys.executable, "-c", IMPORT_ALL_NGP_DATA], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, (
        "ngp_data must not import Streamlit (it is the data layer, also used by the CLI and the tests "
        f"without a server):\n{run.stderr[-3000:]}")


def _modules() -> list[Path]:
    files = [ROOT / "dashboard.py"]
    for folder in ("ngp_data", "ui", "views"):
        files += sorted((ROOT / folder).rglob("*.py"))
    return files


def test_no_module_is_over_400_lines():
    sizes = {p.relative_to(ROOT).as_posix(): len(p.read_text(encoding="utf-8").splitlines()) for p in _modules()}
    assert len(sizes) > 10, sizes
    over = {name: n for name, n in sorted(sizes.items()) if n > MAX_LINES}
    assert not over, (
        f"modules over {MAX_LINES} lines (split them by topic): "
        + ", ".join(f"{name} ({n})" for name, n in over.items()))


QUERY_BY_STRING = re.compile(r"getattr\(\s*queries\b")


def test_ui_never_calls_queries_by_string():
    files = [ROOT / "dashboard.py", *sorted((ROOT / "ui").rglob("*.py")), *sorted((ROOT / "views").rglob("*.py"))]
    hits = [f"{p.relative_to(ROOT).as_posix()}:{i}: {line.strip()}"
            for p in files
            for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if QUERY_BY_STRING.search(line)]
    assert not hits, (
        "call the query functions by name (queries.kpis(...)), not through getattr(queries, name): "
        "a string hides the call from search, renames and linters:\n" + "\n".join(hits))

"""House rules of the code base, checked on the files themselves (no app run, no browser).

- No ``pages/`` beside dashboard.py: the pages live in ``views/`` and are routed by ``st.navigation``.
- ``ngp_data`` is the data layer: importing any of it must not import Streamlit.
- Modules stay readable: at most 400 lines each.
- The UI calls the query functions by name in the code, never through a string (``getattr(queries, ...)``).
- Each room of ``ngp_data`` imports only the rooms docs/ARCHITECTURE.md allows it ("What each room may import").
"""

from __future__ import annotations

import ast
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


# docs/ARCHITECTURE.md, "What each room may import". A room is a subpackage of ngp_data or a top module.
_TOP = {"schema", "kinds", "lists", "formats", "labels", "official_schema"}
ALLOWED_ROOMS = {
    "lists": set(), "formats": set(),
    "kinds": {"formats", "lists"},
    "schema": {"kinds", "lists"},
    "labels": {"formats", "schema", "lists", "kinds"},
    "store": _TOP,
    "ingest": _TOP | {"store"},
    "analytics": _TOP | {"store"},
    "output": _TOP | {"store", "analytics", "ingest"},
    "demo": _TOP | {"store", "output", "official"},
    "official": _TOP | {"store", "ingest"},
    "official_schema": {"kinds", "lists", "schema"},
}


def _room(parts: tuple[str, ...]) -> str:
    """ngp_data.X.y -> X (a subpackage or a top module)."""
    return parts[1] if len(parts) > 1 else "__init__"


def _imported_rooms(path: Path) -> set[str]:
    module = path.relative_to(ROOT).with_suffix("").parts          # ("ngp_data", "ingest", "cells")
    package = module[:-1] if module[-1] != "__init__" else module[:-1]
    rooms: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                target = (*base, *(node.module.split(".") if node.module else ()))
            else:
                target = tuple((node.module or "").split("."))
            if target[0] != "ngp_data":
                continue
            if len(target) == 1:                                     # from ngp_data import x, y
                rooms |= {alias.name for alias in node.names}
            else:
                rooms.add(target[1])
        elif isinstance(node, ast.Import):
            rooms |= {a.name.split(".")[1] for a in node.names if a.name.startswith("ngp_data.")}
    return rooms


def test_each_room_imports_only_what_it_may():
    wrong = []
    for path in sorted((ROOT / "ngp_data").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        room = _room(parts)
        if room not in ALLOWED_ROOMS:                                # __main__, the package's __init__
            continue
        for used in _imported_rooms(path) - {room}:
            if used not in ALLOWED_ROOMS[room]:
                wrong.append(f"{path.relative_to(ROOT)} imports ngp_data.{used}")
    assert not wrong, "rooms importing what docs/ARCHITECTURE.md does not allow:\n" + "\n".join(wrong)
    assert set(ALLOWED_ROOMS) <= {_room(p.relative_to(ROOT).with_suffix("").parts)
                                  for p in (ROOT / "ngp_data").rglob("*.py")}, "a room was renamed: update the rules"

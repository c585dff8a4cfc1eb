"""The committed workbooks stay in step with the code: the demo re-imports unchanged, the template is empty."""

from __future__ import annotations

from pathlib import Path

from ngp_data.analytics.queries import Filters, filtered_tables
from ngp_data.demo import load_demo, write_files
from ngp_data.ingest.pipeline import prepare
from ngp_data.store import Store

DATA = Path(__file__).resolve().parents[1] / "data"


def test_committed_files_are_what_the_code_generates(tmp_path):
    demo, template = write_files(tmp_path)
    assert demo.read_bytes() == (DATA / "ngp_demo.xlsx").read_bytes(), "run: python -c 'from ngp_data.demo " \
        "import write_files; write_files(\"data\")'"
    assert template.read_bytes() == (DATA / "ngp_template.xlsx").read_bytes()


def test_demo_workbook_reimports_with_no_change(db_target):
    store = Store(db_target("r"))
    load_demo(store)
    prepared = prepare([("ngp_demo.xlsx", (DATA / "ngp_demo.xlsx").read_bytes())], store)
    assert prepared.ok, [str(p) for p in prepared.problems if p.is_error]
    assert [str(p) for p in prepared.problems if p.severity == "avviso"] == []
    assert all(diff.empty for diff in prepared.changes.values())


def test_a_filtered_export_reimports_as_exactly_those_rows(db_target):
    import io

    from ngp_data.output import write_tables

    store = Store(db_target("r"))
    load_demo(store)
    frames = filtered_tables(store, store.active_version(), Filters(missions=("M5",)))
    buffer = io.BytesIO()
    write_tables(frames, buffer)
    other = Store(db_target("other"))
    prepared = prepare([("m5.xlsx", buffer.getvalue())], other)
    assert prepared.ok, [str(p) for p in prepared.problems if p.is_error]
    for name, frame in frames.items():
        assert prepared.checked.frames[name].equals(frame.reset_index(drop=True)), name


def test_the_empty_template_reads_as_six_empty_tables_with_a_warning_each():
    prepared_problems = prepare([("ngp_template.xlsx", (DATA / "ngp_template.xlsx").read_bytes())],
                                _EmptyStore()).problems
    warnings = [str(p) for p in prepared_problems if p.severity == "avviso"]
    assert len(warnings) == 6
    assert all(w.endswith("il foglio non ha righe di dati: la tabella risulterà vuota.") for w in warnings)
    assert not [p for p in prepared_problems if p.is_error]


class _EmptyStore:
    """Just enough of a Store for prepare() with no active version."""

    def active_version(self):
        return None

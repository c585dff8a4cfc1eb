"""Novità: what changed between two versions, the committee's "since the last meeting" view.

Three comparisons, one click apart: since the last meeting on record (the default: its version to the
active one), since the previous upload, or two versions chosen. The choice is
ngp_data.analytics.changes.choose, the comparison changes.compare; the caption, summary line and tables
are written by ui/changes.py."""

import streamlit as st

from ngp_data.analytics import changes
from ngp_data.analytics.change_lines import line_text
from ngp_data.analytics.queries import Filters
from ngp_data.labels import md_plain
from ngp_data.schema import TABLE_BY_NAME
from ngp_data.store import Store
from ngp_data.store import meetings as store_meetings
from ui.changes import (
    MODE_LABELS,
    changes_frame,
    comparison_note,
    rows_frame,
    summary_text,
    table_counts,
    version_label,
)
from ui.context import context, db_key
from ui.tables import Shown, show_table
from ui.widgets import no_match, page_header, require_data

OPEN_KEY = "novita_apri_"          # + a table's name: whether its folded details are open (drawn only then)


# cache_resource, not cache_data: the results are never modified, and unpickling a 100k-row diff on every
# run would cost more than computing it (bench/bench_pages.py).
@st.cache_resource(show_spinner=False, max_entries=64)
def _compare(_store: Store, db: str, old: int, new: int, filters: Filters) -> changes.Comparison:
    """Versions are immutable, so (database, old, new, filters) is a complete cache key."""
    return changes.compare(_store, old, new, filters)


@st.cache_resource(show_spinner=False, max_entries=64)
def _shown(_store: Store, db: str, old: int, new: int, filters: Filters, table: str, part: str, lang: str) -> Shown:
    """The table of one part of one table's diff: formatting 100k rows is worth caching too."""
    cmp = _compare(_store, db, old, new, filters)
    diff = cmp.diffs[table]
    if part == "changed":
        return changes_frame(diff.changed, table, lang, cmp.descriptions)
    return rows_frame(getattr(diff, part), table, lang, cmp.descriptions)


ctx = context()
page_header(ctx, "page_changes")
if require_data(ctx):
    lang, db = ctx.lang, db_key(ctx.store)
    versions = {v.version_id: v for v in ctx.store.versions()}
    pair = changes.default_pair(list(versions), ctx.version_id)
    if pair is None:
        st.info(ctx.t("chg_one_version"), icon=":material/history:")
        st.stop()
    mode = st.segmented_control(ctx.t("meet_mode"), changes.MODES, default=changes.SINCE_MEETING,
                                format_func=lambda m: ctx.t(MODE_LABELS[m]), key="novita_confronto", required=True,
                                label_visibility="collapsed") or changes.SINCE_MEETING
    meeting = store_meetings.last_meeting(ctx.store, before=ctx.today)
    choice = changes.choose(mode, list(versions), ctx.version_id, meeting)
    if mode == changes.CHOSEN:
        ids = sorted(versions)
        left, right = st.columns(2)
        old = left.selectbox(ctx.t("chg_old"), ids, index=ids.index(pair[0]), key="novita_da",
                             format_func=lambda v: version_label(versions[v], ctx.lang))
        new = right.selectbox(ctx.t("chg_new"), ids, index=ids.index(pair[1]), key="novita_a",
                              format_func=lambda v: version_label(versions[v], ctx.lang))
        if old == new:
            st.info(ctx.t("chg_same"), icon=":material/compare_arrows:")
            st.stop()
    elif choice.pair is None:                             # the meeting saw the active version
        st.success(comparison_note(choice.reason, meeting, versions, ctx.lang), icon=":material/event_available:")
        st.stop()
    else:
        old, new = choice.pair
    st.caption(comparison_note(choice.reason, meeting, versions, ctx.lang, old=old, new=new))
    cmp = _compare(ctx.store, db, old, new, ctx.filters)
    if not cmp.in_scope:
        no_match(ctx)
        st.stop()
    if not ctx.filters.is_empty:
        st.caption(ctx.t("chg_filtered"))
    st.info(summary_text(cmp.summary, lang), icon=":material/difference:")

    if cmp.lines:                                         # one sentence per change, names not codes
        st.subheader(ctx.t("cl_title"))
        st.markdown("\n".join(f"- {md_plain(line_text(line, lang))}" for line in cmp.lines))
        if cmp.n_lines > len(cmp.lines):
            st.caption(ctx.tn("cl_more", cmp.n_lines - len(cmp.lines)))

    st.subheader(ctx.t("cl_details"))
    unchanged = []
    for diff in changes.ordered(cmp.diffs):
        table = TABLE_BY_NAME[diff.table]
        if diff.empty:
            unchanged.append(table.label(lang))
            continue
        # Drawn only when opened (a rerun): at 100× the folded tables were most of the page's time.
        box = st.expander(f"{table.label(lang)} · {table_counts(diff, lang)}", key=f"{OPEN_KEY}{table.name}",
                          on_change="rerun")
        if not box.open:
            continue
        with box:
            stem = f"novita_{old}_{new}_{table.name}"
            for part, frame, label in (("added", diff.added, "diff_added"), ("removed", diff.removed, "diff_removed"),
                                       ("changed", diff.changed, "diff_changed")):
                if len(frame):
                    st.markdown(f"**{ctx.t(label, n=len(frame))}**")
                    show_table(ctx, _shown(ctx.store, db, old, new, ctx.filters, table.name, part, lang),
                               key=f"chg_{table.name}_{part}", file_stem=f"{stem}_{part}", sheet=table.label(lang))
    if unchanged:
        st.caption(ctx.t("tables_unchanged", tables=", ".join(unchanged)))

"""Novità: what changed between two versions (default: the active one and the one before), the
committee's "since the last meeting" view. Counting and display frames live in ngp_data.changes."""

import streamlit as st

from ngp_data import changes
from ngp_data.analytics.queries import Filters
from ngp_data.labels import t
from ngp_data.schema import TABLE_BY_NAME
from ui.context import context, get_store
from ui.widgets import Col, data_table, no_match, page_header, require_data


# cache_resource, not cache_data: the results are never modified, and unpickling a 100k-row diff on every
# run would cost more than computing it (bench/bench_pages.py).
@st.cache_resource(show_spinner=False, max_entries=64)
def _compare(path: str, old: int, new: int, filters: Filters) -> changes.Comparison:
    """Versions are immutable, so (database, old, new, filters) is a complete cache key."""
    return changes.compare(get_store(path), old, new, filters)


@st.cache_resource(show_spinner=False, max_entries=64)
def _shown(path: str, old: int, new: int, filters: Filters, table: str, part: str, lang: str) -> changes.Shown:
    """The display frame of one part of one table's diff: formatting 100k rows is worth caching too."""
    cmp = _compare(path, old, new, filters)
    diff = cmp.diffs[table]
    if part == "changed":
        return changes.changes_frame(diff.changed, table, lang, cmp.descriptions)
    return changes.rows_frame(getattr(diff, part), table, lang, cmp.descriptions)


def _table(ctx, shown: changes.Shown, key: str, stem: str, sheet: str) -> None:
    data_table(ctx, shown.frame, [Col(h, h, kind) for h, kind in shown.kinds.items()], key=key, file_stem=stem,
               sheet=sheet)


ctx = context()
page_header(ctx, "page_changes")
if require_data(ctx):
    lang = ctx.lang
    versions = {v.version_id: v for v in ctx.store.versions()}
    pair = changes.default_pair(list(versions), ctx.version_id)
    if pair is None:
        st.info(t("chg_one_version", lang), icon=":material/history:")
        st.stop()
    ids = sorted(versions)
    left, right = st.columns(2)
    old = left.selectbox(t("chg_old", lang), ids, index=ids.index(pair[0]), key="novita_da",
                         format_func=lambda v: changes.version_label(versions[v]))
    new = right.selectbox(t("chg_new", lang), ids, index=ids.index(pair[1]), key="novita_a",
                          format_func=lambda v: changes.version_label(versions[v]))
    if old == new:
        st.info(t("chg_same", lang), icon=":material/compare_arrows:")
        st.stop()
    st.caption(t("chg_between", lang, old=old, old_date=f"{versions[old].created_at:%d/%m/%Y}",
                 new=new, new_date=f"{versions[new].created_at:%d/%m/%Y}"))
    cmp = _compare(ctx.db_path, old, new, ctx.filters)
    if not cmp.in_scope:
        no_match(ctx)
        st.stop()
    if not ctx.filters.is_empty:
        st.caption(t("chg_filtered", lang))
    st.info(changes.summary_text(cmp.summary, lang), icon=":material/difference:")

    unchanged = []
    for diff in changes.ordered(cmp.diffs):
        table = TABLE_BY_NAME[diff.table]
        if diff.empty:
            unchanged.append(table.label(lang))
            continue
        st.subheader(table.label(lang))
        st.caption(changes.table_counts(diff, lang))
        stem = f"novita_{old}_{new}_{table.name}"
        for part, frame, label in (("added", diff.added, "chg_added"), ("removed", diff.removed, "chg_removed")):
            if len(frame):
                st.markdown(f"**{t(label, lang, n=len(frame))}**")
                _table(ctx, _shown(ctx.db_path, old, new, ctx.filters, table.name, part, lang),
                       f"chg_{table.name}_{part}", f"{stem}_{part}", table.label(lang))
        if len(diff.changed):
            st.markdown(f"**{t('chg_changed', lang, n=len(diff.changed))}**")
            _table(ctx, _shown(ctx.db_path, old, new, ctx.filters, table.name, "changed", lang),
                   f"chg_{table.name}_changed", f"{stem}_changed", table.label(lang))
    if unchanged:
        st.caption(t("chg_unchanged", lang, tables=", ".join(unchanged)))

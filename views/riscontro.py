"""Riscontro ufficiale: the committee's cards beside the state's own record (Italia Domani / ReGiS, PA digitale
2026), linked by CUP. What to check first (flags), each card's figures against the official ones, the
Comune's official totals by mission and the share the cards claim, and links to suggest for cards without CUP.

The sidebar's filters choose the cards; the official figures come from the active snapshot, named at the
top with its date, and every official figure carries its attribution. Editors accept a suggested link with
one click: the CUP is written into the card as a new, recorded, reversible version.
"""

import streamlit as st

from ngp_data.analytics import official
from ngp_data.formats import fmt_eur, fmt_eur_short, fmt_number, fmt_pct
from ngp_data.labels import md_plain
from ngp_data.official import link
from ngp_data.store import StoreError
from ui import auth
from ui.context import context, db_key, get_store
from ui.official import (
    attribution,
    cards_table,
    flag_lines,
    flags_table,
    snapshot_line,
    suggestions,
    suggestions_table,
    totals_table,
)
from ui.tables import show_table
from ui.widgets import Kpi, kpi_row, no_match, page_header, require_data

FLAG_LINES = 40                        # flags of one kind listed as sentences; all of them are in the table
SHOW_SCORE = 30                        # below this a candidate is noise, not a suggestion
MIN_SCORE = 50                         # a suggestion below this is not offered for one-click linking
FLASH = "riscontro_flash"


def accept(project_id: str, cup: str, expected: int | None) -> None:
    """The "Collega" button's callback: the CUP into the card, as a new version (before the next run)."""
    access = auth.current_access()
    if not access.can_edit:
        return
    try:
        version = link.accept_suggestion(get_store(), project_id, cup, author=access.author,
                                         expected_active=expected)
    except StoreError as exc:                  # LinkRefused, StaleVersion: the reason, in Italian
        st.session_state[FLASH] = ("error", str(exc))
        return
    st.session_state[FLASH] = ("success", (version, project_id, cup))


ctx = context()
page_header(ctx, "page_official")
if require_data(ctx):
    lang, t = ctx.lang, ctx.t
    kind, payload = st.session_state.pop(FLASH, (None, None))
    if kind == "error":
        st.error(md_plain(payload), icon=":material/link_off:")
    elif kind == "success":
        st.success(t("off_linked", n=payload[0], card=payload[1], cup=payload[2]), icon=":material/link:")
    snapshot = ctx.snapshot
    if snapshot is None:
        st.info(t("off_none"), icon=":material/cloud_upload:")
        st.page_link("views/dati.py", label=t("off_go_data"), icon=":material/upload_file:")
        st.stop()
    st.caption(snapshot_line(snapshot, t) + " " + t("off_snapshot_help"))

    cards = ctx.q_official(official.link_cards)
    if cards.empty:
        no_match(ctx)
        st.stop()
    flags = ctx.q_official(official.flags)
    totals = ctx.q_official(official.totals_by_mission)
    fin, paid, linked = (float(totals[c].sum()) for c in ("financing_pnrr", "paid_pnrr", "financing_pnrr_linked"))
    n_linked = int((cards["n_found"] > 0).sum())
    kpi_row(ctx, [
        Kpi("off_kpi_financing", fmt_eur_short(fin, lang), fmt_eur(fin, lang), note=t("off_kpi_financing_note")),
        Kpi("off_kpi_paid", fmt_eur_short(paid, lang), fmt_eur(paid, lang),
            note=t("off_kpi_paid_note", share=fmt_pct(paid / fin if fin else None, lang))),
        Kpi("off_kpi_linked", fmt_pct(linked / fin if fin else None, lang), fmt_eur(linked, lang),
            note=t("off_kpi_linked_note", n=fmt_number(n_linked, lang), total=fmt_number(len(cards), lang))),
        Kpi("off_kpi_flags", fmt_number(len(flags), lang), t("off_kpi_flags_help")),
    ])
    st.caption(attribution(lang))

    st.subheader(t("off_flags_title"))
    if flags.empty:
        st.success(t("off_flags_none"), icon=":material/task_alt:")
    else:
        for code in official.FLAGS:                  # one group a kind of flag, the short ones open
            group = flags[flags["code"] == code]
            if group.empty:
                continue
            with st.expander(f"{t('flag_' + code)} · {fmt_number(len(group), lang)}", expanded=len(group) <= 5):
                st.markdown(flag_lines(group, lang, t, limit=FLAG_LINES))
                if len(group) > FLAG_LINES:
                    st.caption(t("off_flags_more", n=fmt_number(len(group) - FLAG_LINES, lang)))
        with st.expander(t("off_flags_table")):
            show_table(ctx, flags_table(flags, lang, t), key="off_flags", file_stem="riscontro_segnalazioni")

    st.subheader(t("off_cards_title"))
    st.caption(t("off_cards_help"))
    show_table(ctx, cards_table(cards, lang), key="off_cards", file_stem="riscontro_schede")

    st.subheader(t("off_totals_title"))
    st.caption(t("off_totals_help"))
    show_table(ctx, totals_table(totals, lang), key="off_totals", file_stem="riscontro_missioni")

    st.subheader(t("off_suggest_title"))
    found = suggestions(ctx.store, db_key(ctx.store), ctx.version_id, ctx.snapshot_id, ctx.filters, 3)
    found = found[found["score"] >= SHOW_SCORE]
    if found.empty:
        st.caption(t("off_suggest_none"))
    else:
        st.caption(t("off_suggest_help"))
        show_table(ctx, suggestions_table(found, lang), key="off_suggest", file_stem="riscontro_suggerimenti")
        access = auth.current_access()
        best = found[(found["rank"] == 1) & (found["score"] >= MIN_SCORE)]
        if access.can_edit and not best.empty:
            st.markdown(f"**{t('off_accept_title')}**")
            for row in best.to_dict("records"):
                text, button = st.columns([4, 1], vertical_alignment="center")
                text.markdown(md_plain(t("off_accept_line", card=row["project_id"], cup=row["cup"],
                                         title=row["official_title"] or "", score=fmt_number(row["score"], lang))))
                button.button(t("off_accept"), key=f"off_accept_{row['project_id']}", icon=":material/link:",
                              on_click=accept, args=(row["project_id"], row["cup"], ctx.version_id))
    st.caption(attribution(lang))

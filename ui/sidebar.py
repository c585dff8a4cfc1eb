"""The sidebar: language, the way to the presenter and the shared filters, every widget bound to the URL.

The widget key is the URL parameter (``?missione=M2&missione=M5&partner=ALIA``), so a link reproduces
the view and the filters survive switching page. Options are codes (missions, components, partner and
call IDs) or the stored Italian values of the closed lists, which keeps links valid in both languages.
"""

from __future__ import annotations

import streamlit as st

from ngp_data.analytics import queries
from ngp_data.labels import md_plain, mission_label, t, value_label
from ngp_data.store import Store

from .context import DATE_PARAMS, FILTER_PARAMS, LANG_KEY, version_query

LANG_OPTIONS = ("Italiano", "English")
# What a hand-written link may say for the language (?lingua=en): read as the option it means.
LANG_ALIASES = {"it": "Italiano", "ita": "Italiano", "italiano": "Italiano", "en": "English", "eng": "English",
                "english": "English", "inglese": "English"}


def render_settings() -> str:
    """The language (top of the sidebar); returns the language code. A link's ``?lingua=en`` (or ``it``) is
    read as the option it means: Streamlit would drop it as no option of the widget."""
    written = st.query_params.get(LANG_KEY)
    meant = LANG_ALIASES.get(str(written or "").strip().lower())
    if written not in LANG_OPTIONS and meant is not None and LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = meant          # the URL cannot seed it ("en" is no option): the session does
    choice = st.sidebar.segmented_control("Lingua · Language", LANG_OPTIONS, key=LANG_KEY,
                                          default="Italiano", bind="query-params", selection_mode="single")
    return "en" if choice == "English" else "it"


def presenter_link(page: st.Page, lang: str, where) -> None:
    """"Presenta alla riunione": the presenter, on its first screen. The filters and the language follow by
    themselves (their widgets are bound to the URL); other parameters of the page do not."""
    where.page_link(page, label=t("pres_open", lang), icon=":material/co_present:", help=t("pres_open_help", lang),
                    width="stretch")


def render_filters(store: Store, version_id: int | None, lang: str) -> None:
    """The shared filters; options come from the active version (values not in it are dropped)."""
    if version_id is None:
        return
    opts = version_query(store, version_id, queries.filter_options)
    partner_names = dict(opts["partners"])
    call_titles = dict(opts["calls"])
    side = st.sidebar
    side.header(t("filters", lang))
    # Empty is "all" (the placeholder says "Tutti"): Streamlit's own "Select all" (English, and redundant) is off.
    side.multiselect(t("f_mission", lang), opts["missions"], key="missione", bind="query-params",
                     placeholder=t("all", lang), select_all=False,
                     help=" · ".join(mission_label(m, lang, long=True) for m in opts["missions"]))
    side.multiselect(t("f_component", lang), opts["components"], key="componente", bind="query-params",
                     placeholder=t("all", lang), select_all=False)
    side.multiselect(t("f_partner", lang), list(partner_names), key="partner", bind="query-params",
                     placeholder=t("all", lang), select_all=False,
                     help=_legend(partner_names))
    side.multiselect(t("f_state", lang), opts["states"], key="stato", bind="query-params",
                     placeholder=t("all", lang), select_all=False,
                     help=_legend({s: value_label(s, lang) for s in opts["states"]}) if lang == "en" else None)
    side.multiselect(t("f_call", lang), list(call_titles), key="bando", bind="query-params",
                     placeholder=t("all", lang), select_all=False, help=_legend(call_titles))
    side.multiselect(t("f_outcome", lang), opts["outcomes"], key="esito", bind="query-params",
                     placeholder=t("all", lang), select_all=False,
                     help=_legend({o: value_label(o, lang) for o in opts["outcomes"]}) if lang == "en" else None)
    low, high = opts["date_range"]
    c1, c2 = side.columns(2)
    c1.date_input(t("f_from", lang), value=None, key="dal", bind="query-params", format="DD/MM/YYYY",
                  min_value=low, max_value=high)
    c2.date_input(t("f_to", lang), value=None, key="al", bind="query-params", format="DD/MM/YYYY",
                  min_value=low, max_value=high)
    active = sum(bool(st.session_state.get(k)) for k in (*FILTER_PARAMS, *DATE_PARAMS))
    side.caption(t("f_active", lang, n=active) + " · " + t("f_link", lang) if active else t("f_none", lang))
    if active:
        side.button(t("f_reset", lang), on_click=_reset, icon=":material/filter_alt_off:")


def _legend(mapping: dict[str, str]) -> str:
    """Code → name lines for a widget's help tooltip (names are user text: shown as plain text)."""
    return "\n".join(f"- `{code}`: {md_plain(name)}" for code, name in mapping.items())


def _reset() -> None:
    for key in FILTER_PARAMS:
        st.session_state[key] = []
    for key in DATE_PARAMS:
        st.session_state[key] = None

"""NGP Monitor: the entry script. Page setup, sidebar (language, the presenter, filters), navigation, live check.

Run with ``streamlit run dashboard.py``. The pages live in ``views/``, not ``pages/``: Streamlit would
also route a ``pages/`` folder by itself, and a deep link would then bypass this script. Everything
the pages show comes from ``ngp_data`` through ``ui``; this script builds the run's context once.
"""

from pathlib import Path

import streamlit as st

from ngp_data.labels import t
from ngp_data.store import StoreError
from ui.context import (
    PageContext,
    active_snapshot,
    current_filters,
    get_store,
    legacy_meeting_link,
    publish,
)
from ui.live import watch
from ui.presenter import present
from ui.sidebar import presenter_link, render_filters, render_settings
from ui.widgets import demo_banner, store_failure

HERE = Path(__file__).parent
PAGES = HERE / "views"

st.set_page_config(page_title="NGP Monitor", page_icon=":material/monitoring:", layout="wide")

lang = render_settings()
presenter_slot = st.sidebar.container()
try:                                                 # a damaged or unreadable database: say so, on every page
    store = get_store()
    active = store.active_version()                  # read once: the whole run is pinned to it
    version = store.version(active) if active is not None else None
    snapshot = active_snapshot(store)                # the official record: read once too
    with store.reading():
        render_filters(store, active, lang)
except StoreError as exc:
    store_failure(exc, lang)


def page(file: str, key: str, icon: str, slug: str, default: bool = False) -> st.Page:
    return st.Page(PAGES / file, title=t(key, lang), icon=icon, url_path=slug, default=default)


# The presenter: reached by the sidebar's "Presenta alla riunione" (with the filters), not listed among the pages.
presenter = st.Page(PAGES / "presentazione.py", title=t("page_presenter", lang), icon=":material/co_present:",
                    url_path="presentazione", visibility="hidden")
navigation = st.navigation({
    t("nav_committee", lang): [
        page("panoramica.py", "page_overview", ":material/dashboard:", "home", default=True),
        page("attenzione.py", "page_attention", ":material/priority_high:", "attenzione"),
        page("missioni.py", "page_missions", ":material/account_tree:", "missioni"),
        page("partner.py", "page_partners", ":material/groups:", "partner"),
        page("budget.py", "page_budget", ":material/euro:", "budget"),
        page("bandi.py", "page_calls", ":material/campaign:", "bandi"),
        page("fondi.py", "page_funds", ":material/savings:", "fondi"),
        page("scheda.py", "page_project", ":material/description:", "scheda"),
        page("novita.py", "page_changes", ":material/difference:", "novita"),
        page("riscontro.py", "page_official", ":material/verified:", "riscontro"),
    ],
    t("nav_data", lang): [
        page("dati.py", "page_data", ":material/upload_file:", "dati"),
        page("esporta.py", "page_export", ":material/download:", "esporta"),
        # The home page lives at "/"; it also answers to its own name (a link to /panoramica).
        st.Page(PAGES / "panoramica.py", title=t("page_overview", lang), url_path="panoramica", visibility="hidden"),
        presenter,
    ],
})
# An old meeting-mode link (?riunione=true) shows the presenter in place: st.switch_page would clear the URL's
# parameters, which Streamlit refuses while the filters are bound to them. "Esci" drops it (it is not bound).
presenting = legacy_meeting_link() or navigation.url_path == presenter.url_path
ctx = PageContext(store, version, current_filters(), lang, presenting, snapshot)
publish(ctx)
presenter_link(presenter, lang, presenter_slot)
st.sidebar.caption(t("app_subtitle", lang))
watch(ctx, follow=presenting)
if not presenting:
    demo_banner(ctx)
try:
    with store.reading():                            # damage found by a page's queries: the same message
        if legacy_meeting_link():
            present(ctx, legacy=True)
        else:
            navigation.run()
except StoreError as exc:
    store_failure(exc, lang)

"""Presentazione: the committee's meeting on the projector, one idea a screen (ui/presenter.py draws them).

The screen number lives in the URL (``?schermo=3``) beside the filters and the language, so a link reopens the
meeting where it was. "Avanti"/"Indietro" move by one, and so do the keyboard's arrows and a clicker's
Page Down / Page Up (Streamlit's own button shortcuts: one key a button, so the page keys have two buttons of
their own, hidden). "Esci" goes back to the Panoramica with the same filters. Every screen says which filters
and which data (version, official snapshot) it shows.
"""

import html

import streamlit as st

from ui.context import context
from ui.presenter import PRESENTER_CSS, SCREEN_KEY, SCREENS, frame_line, screen_number, title_html
from ui.sidebar import current_params

ctx = context()
total = len(SCREENS)
n = screen_number(st.query_params.get(SCREEN_KEY), total)


def go(to: int) -> None:
    st.query_params[SCREEN_KEY] = str(min(max(to, 1), total))


st.html(PRESENTER_CSS)
screen = SCREENS[n - 1]
counter, title, back, forward, out = st.columns([1.1, 7.4, 1.6, 1.6, 1.2], vertical_alignment="center")
counter.html(f'<span class="ngp-pres-counter" data-testid="ngp-pres-counter">'
             f'{html.escape(ctx.t("pres_counter", n=n, total=total))}</span>')
title.html(title_html(ctx.t(screen.title_key)))
back.button(ctx.t("pres_prev"), key="pres_prev", icon=":material/arrow_back:", on_click=go, args=(n - 1,),
            shortcut="Left", width="stretch", disabled=n == 1, help=ctx.t("pres_keys"))
forward.button(ctx.t("pres_next"), key="pres_next", icon=":material/arrow_forward:", on_click=go, args=(n + 1,),
               shortcut="Right", width="stretch", type="primary", disabled=n == total, help=ctx.t("pres_keys"))
out.page_link("views/panoramica.py", label=ctx.t("pres_exit"), icon=":material/close:",
              query_params=current_params(drop=(SCREEN_KEY,)), width="stretch")
with st.container(key="pres_clicker"):          # a clicker's keys; hidden (display: none), still bound
    st.button("PageUp", key="pres_page_up", on_click=go, args=(n - 1,), shortcut="PageUp")
    st.button("PageDown", key="pres_page_down", on_click=go, args=(n + 1,), shortcut="PageDown")

if ctx.version is None:
    st.info(ctx.t("no_data"), icon=":material/upload_file:")
else:
    with st.container(key="pres_screen"):
        screen.draw(ctx)
frame_line(ctx)

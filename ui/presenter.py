"""The presenter: one idea a screen for the projector (views/presentazione.py), the frame around every screen.

The frame: a counter ("3 / 12"), the screen's title, "Indietro"/"Avanti" (the arrow keys, and a clicker's
Page Up / Page Down) and "Esci" on top; the filters in words and the data shown (version, official snapshot)
at the bottom. The screen's number is ``?schermo=`` in the URL. The screens themselves are ui/screens.py.
Larger projectors get the same 1280×720 layout scaled up (``PRESENTER_CSS``'s zoom steps: 1.25 from
1600×900, 1.5 from 1920×1080), so what fits at 1280×720 fits there too.
"""

from __future__ import annotations

import html

import streamlit as st

from ngp_data.analytics import queries
from ngp_data.formats import fmt_date
from ngp_data.labels import t
from ngp_data.output.export import filter_rows

from .context import LEGACY_MEETING_KEY, PageContext
from .screens import SCREENS

SCREEN_KEY = "schermo"            # the URL parameter: ?schermo=3

# Large type for the room, the sidebar and Streamlit's header hidden, and the whole frame scaled on larger
# screens (the same 1280×720 layout, bigger). Static CSS of ours, no user text.
PRESENTER_CSS = """
<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"], .st-key-pres_clicker {display: none;}
[data-testid="stMainBlockContainer"] {max-width: 100%; padding: 0.6rem 1.6rem 0.4rem 1.6rem;}
[data-testid="stMainBlockContainer"] p, [data-testid="stMainBlockContainer"] li {font-size: 24px; line-height: 1.35;}
[data-testid="stMainBlockContainer"] [data-testid="stCaptionContainer"] p {font-size: 22px;}
[data-testid="stMetricValue"], [data-testid="stMetricValue"] p {font-size: 60px;}
[data-testid="stMainBlockContainer"] [data-testid="stMetricLabel"] p {font-size: 26px;}
[data-testid="stVerticalBlock"] {gap: 0.6rem;}
[data-testid="stMainBlockContainer"] p.ngp-pres-title {font-size: 34px; font-weight: 700; line-height: 1.15; margin: 0;}
.ngp-pres-counter {font-size: 26px; font-weight: 600; color: #57606a; white-space: nowrap;}
.ngp-pres-frame {font-size: 22px; color: #57606a; border-top: 1px solid #d0d7de; padding-top: 0.3rem;}
.ngp-pres-big {font-size: 30px; line-height: 1.35;}
table.ngp-pres-table {border-collapse: collapse; width: 100%; font-size: 24px;}
table.ngp-pres-table th {text-align: left; border-bottom: 2px solid #57606a; padding: 4px 10px;}
table.ngp-pres-table td {border-bottom: 1px solid #d0d7de; padding: 4px 10px;}
table.ngp-pres-table td.num, table.ngp-pres-table th.num {text-align: right; white-space: nowrap;}
@media (min-width: 1600px) and (min-height: 900px) {[data-testid="stMainBlockContainer"] {zoom: 1.25;}}
@media (min-width: 1920px) and (min-height: 1080px) {[data-testid="stMainBlockContainer"] {zoom: 1.5;}}
</style>
"""



# --- the frame ---------------------------------------------------------------------------------------------

def screen_number(raw: str | None, total: int) -> int:
    """``?schermo=`` as a screen number in 1..total (anything else: the first screen)."""
    try:
        n = int(str(raw).strip())
    except (TypeError, ValueError):
        return 1
    return min(max(n, 1), total)


def filters_text(ctx: PageContext) -> str:
    """``Filtri: Missione M2 · Partner ALIA`` (codes with names where known), or "the whole portfolio"."""
    f = ctx.filters
    if f.is_empty:
        return ctx.t("pres_no_filters")
    names: dict = {}
    if ctx.version_id is not None:
        options = ctx.q_version(queries.filter_options)
        names = {"partners": dict(options["partners"]), "calls": dict(options["calls"])}
    none = t("exp_none", ctx.lang)
    parts = []
    for label, value in filter_rows(f, ctx.lang, names):
        if value == none:
            continue
        parts.append(f"{label} {fmt_date(value, ctx.lang) if not isinstance(value, str) else value}")
    return ctx.t("pres_filters", filters=" · ".join(parts))


def data_text(ctx: PageContext) -> str:
    """``Dati: versione 3 del 20/11/2026 · dati ufficiali del 31/03/2025 · dati dimostrativi``."""
    v = ctx.version
    if v is None:
        return ctx.t("no_data")
    parts = [ctx.t("pres_version", n=v.version_id, date=f"{v.created_at:%d/%m/%Y}")]
    s = ctx.snapshot
    if s is not None:
        day = s.extracted_on or s.created_at.date()
        parts.append(ctx.t("pres_snapshot", date=fmt_date(day, ctx.lang)))
    if v.demo:
        parts.append(ctx.t("pres_demo"))
    return " · ".join(parts)


def frame_line(ctx: PageContext) -> None:
    """The bottom line of every screen: the filters in words and the data shown."""
    text = html.escape(f"{filters_text(ctx)}  ·  {data_text(ctx)}")
    st.html(f'<div class="ngp-pres-frame" data-testid="ngp-pres-frame">{text}</div>')


def title_html(text: str) -> str:
    return f'<p class="ngp-pres-title" data-testid="ngp-pres-title">{html.escape(text)}</p>'



def _leave() -> None:
    for key in (LEGACY_MEETING_KEY, SCREEN_KEY):
        st.query_params.pop(key, None)


# --- the presenter ---------------------------------------------------------------------------------------

def present(ctx: PageContext, *, legacy: bool = False) -> None:
    """The presenter: the frame (counter, title, Indietro/Avanti/Esci, the keys) and the screen of ``?schermo=``.

    "Avanti"/"Indietro" carry the arrow keys as Streamlit shortcuts; a button takes one key, so a clicker's
    Page Down / Page Up have two buttons of their own, hidden (``.st-key-pres_clicker``), still bound.
    """
    total = len(SCREENS)
    n = screen_number(st.query_params.get(SCREEN_KEY), total)

    def go(to: int) -> None:
        st.query_params[SCREEN_KEY] = str(min(max(to, 1), total))

    st.html(PRESENTER_CSS)
    screen = SCREENS[n - 1]
    counter, title, back, forward, out = st.columns([1.0, 6.2, 2.0, 2.0, 1.3], vertical_alignment="center")
    counter.html(f'<span class="ngp-pres-counter" data-testid="ngp-pres-counter">'
                 f'{html.escape(ctx.t("pres_counter", n=n, total=total))}</span>')
    title.html(title_html(ctx.t(screen.title_key)))
    back.button(ctx.t("pres_prev"), key="pres_prev", icon=":material/arrow_back:", on_click=go, args=(n - 1,),
                shortcut="Left", width="stretch", disabled=n == 1)
    forward.button(ctx.t("pres_next"), key="pres_next", icon=":material/arrow_forward:", on_click=go,
                   args=(n + 1,), shortcut="Right", width="stretch", type="primary", disabled=n == total)
    if legacy:          # an old ?riunione=true link, shown in place: leaving is dropping the parameter
        out.button(ctx.t("pres_exit"), key="pres_exit", icon=":material/close:", on_click=_leave, width="stretch")
    else:
        out.page_link("views/panoramica.py", label=ctx.t("pres_exit"), icon=":material/close:", width="stretch")
    with st.container(key="pres_clicker"):
        st.button("PageUp", key="pres_page_up", on_click=go, args=(n - 1,), shortcut="PageUp")
        st.button("PageDown", key="pres_page_down", on_click=go, args=(n + 1,), shortcut="PageDown")
    if ctx.version is None:
        st.info(ctx.t("no_data"), icon=":material/upload_file:")
    else:
        with st.container(key="pres_screen"):
            screen.draw(ctx)
    frame_line(ctx)


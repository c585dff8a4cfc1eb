"""What every chart shares: the layout (title, fonts, legend, meeting mode), escaping of user text,
short labels and the euro axis and hover formats."""

from __future__ import annotations

import html
import textwrap

import plotly.graph_objects as go
import plotly.io as pio

FONT = "Source Sans Pro, Arial, sans-serif"
# The house template, as Plotly's default: a new figure takes it without validating a copy (naming it in
# every layout() copied and validated it a second time: 38 → 16 ms a chart, docs/PERFORMANCE.md).
pio.templates.default = "plotly_white"


def esc(text) -> str:
    """User text as literal text in a figure (no tags, no links)."""
    return html.escape("" if text is None else str(text), quote=False)


def layout(fig: go.Figure, title: str, lang: str, big: bool, height: int | None = None) -> go.Figure:
    """The house look: escaped title, fonts, number separators, legend over the plot, height."""
    size = 22 if big else 14
    fig.update_layout(
        title={"text": esc(title), "font": {"size": size + 6}, "y": 0.98, "yanchor": "top"},
        font={"family": FONT, "size": size},
        separators=",." if lang == "it" else ".,",
        margin={"l": 10, "r": 10, "t": 110 if big else 80, "b": 10},     # title, then the legend under it
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.01, "xanchor": "left", "x": 0},
        height=height or (620 if big else 420),
        hoverlabel={"font": {"size": size}},
    )
    # Streamlit's chart theme sets its own small tick and legend fonts: say ours explicitly, so that the
    # meeting mode's large type reaches the axes and the legend too.
    fig.update_layout(legend_font_size=size)
    fig.update_xaxes(tickfont_size=size, title_font_size=size)
    fig.update_yaxes(tickfont_size=size, title_font_size=size)
    return fig


def short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def wrapped(text: str, width: int, lines: int = 2) -> str:
    """An axis label on up to ``lines`` lines of about ``width`` characters (broken between words, joined by
    Plotly's ``<br>``), "…" only past the last line: a mission's or a card's name read whole, not cut at a
    fixed length. ``text`` is already escaped where it is user text (an entity is never split)."""
    parts = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]
    if len(parts) > lines:
        parts = [*parts[:lines - 1], short(" ".join(parts[lines - 1:]), width)]
    return "<br>".join(parts)


def eur_axis(lang: str) -> dict:
    return {"tickformat": "~s", "ticksuffix": " €" if lang == "it" else "", "tickprefix": "" if lang == "it" else "€"}


def eur_hover(lang: str) -> str:
    return "%{y:,.0f} €" if lang == "it" else "€%{y:,.0f}"


def eur_hover_x(lang: str) -> str:
    return "%{x:,.0f} €" if lang == "it" else "€%{x:,.0f}"

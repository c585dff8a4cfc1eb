"""Chart builders without Streamlit: the right traces, the right totals, user text escaped."""

from __future__ import annotations

import pandas as pd
import pytest

from ngp_data.analytics import charts
from ngp_data.formats import fmt_eur, fmt_eur_short
from ngp_data.labels import MONEY_COLORS
from ngp_data.schema import COMPONENTS

M = 1_000_000.0


# --- Budget page: the funding gap and where the money sits ---------------------------------------------

def budget_frame() -> pd.DataFrame:
    """budget_by_project's columns: three cards with a budget (one over-secured) and one without."""
    return pd.DataFrame({
        "project_id": ["NGP-01", "NGP-02", "NGP-03", "NGP-04"],
        "title": ["Textile Hub", "<b>Essiccatore</b>", "Forest City", "Competenze"],
        "mission": ["M2", "M2", "M5", "M5"],
        "component": ["M2C1", "M2C1", None, "M5C1"],
        "budget_total": [10 * M, 4 * M, 2 * M, None],
        "n_requests": [2, 1, 1, 1],
        "requested": [9 * M, 3 * M, 2.5 * M, 0.9 * M],
        "granted": [6 * M, 0.0, 2.5 * M, 0.7 * M],       # NGP-04 (no budget) obtained 0.7 M
        "cofinancing": [1 * M, 0.0, 0.0, 0.1 * M],
        "funding_gap": [3 * M, 4 * M, -0.5 * M, None],
        "budget_unknown": [False, False, False, True],
    })


def test_funding_gap_steps_add_up_over_the_cards_with_a_budget():
    fig = charts.funding_gap(budget_frame(), "it")
    assert len(fig.data) == 1
    bars = fig.data[0]
    assert list(bars.x) == ["Budget", "Concesso", "Cofinanziamento", "Da coprire"]
    total, granted, cofin = 16 * M, 8.5 * M, 1 * M                  # NGP-04 (no budget) left out
    assert list(bars.y) == pytest.approx([total, granted, cofin, total - granted - cofin])
    # floating bars: granted hangs from the budget, co-financing from what is left, the gap from 0
    assert list(bars.base) == pytest.approx([0, total - granted, total - granted - cofin, 0])
    assert list(bars.marker.color) == [MONEY_COLORS[k] for k in ("budget", "granted", "cofinancing", "gap")]
    assert list(bars.customdata) == [fmt_eur(v) for v in (total, granted, cofin, total - granted - cofin)]
    assert fig.layout.title.text == "Copertura del budget"


def test_funding_gap_negative_and_english():
    frame = budget_frame().iloc[[2]]                              # only the over-secured card
    fig = charts.funding_gap(frame, "en", big=True)
    bars = fig.data[0]
    row = frame.iloc[0]
    budget, secured = row["budget_total"], row["granted"] + row["cofinancing"]
    assert secured - budget == pytest.approx(0.5 * M)
    # more secured than the budget is good news: no negative bar, the part beyond the budget drawn upwards
    assert list(bars.x) == ["Budget", "Granted", "Co-financing", "Covered<br>beyond budget"]
    assert bars.y[-1] == pytest.approx(0.5 * M) and bars.base[-1] == pytest.approx(budget)
    assert list(bars.base[1:3]) == pytest.approx([0, row["granted"]])        # secured stacks up from zero
    assert bars.text[-1] == "+" + fmt_eur_short(0.5 * M, "en")
    assert min(bars.y) >= 0 and fig.layout.yaxis.range[0] == 0
    assert fig.layout.yaxis.range[1] > secured                      # the top of the green bar is in view
    assert bars.marker.color[-1] == MONEY_COLORS["over_budget"]
    assert fig.layout.font.size == 22


def test_funding_gap_of_nothing_is_zero():
    fig = charts.funding_gap(budget_frame().iloc[[3]], "it")       # only a card without budget
    assert list(fig.data[0].y) == [0, 0, 0, 0]


def funding_frame() -> pd.DataFrame:
    """funding_by_mission's columns."""
    return pd.DataFrame({
        "mission": ["M2", "M5"], "n_cards": [2, 2], "n_budget_unknown": [0, 1],
        "budget": [14 * M, 2 * M], "granted": [6 * M, 2.5 * M], "cofinancing": [1 * M, 0.0],
        "funding_gap": [7 * M, -0.5 * M], "granted_budget_unknown": [0.0, 0.7 * M],
    })


def test_funding_by_mission_stacks_the_budget():
    fig = charts.funding_by_mission(funding_frame(), "it")
    names = [trace.name for trace in fig.data]
    assert names == ["Concesso", "Cofinanziamento", "Da coprire", "Budget"]
    assert [trace.type for trace in fig.data] == ["bar", "bar", "bar", "scatter"]
    assert fig.layout.barmode == "stack"
    granted, cofin, gap, budget = fig.data
    # M2 at the top: horizontal bars are drawn from the bottom, so the frame comes reversed
    assert [y.split(" · ")[0] for y in granted.y] == ["M5", "M2"]
    assert list(granted.x) == [2.5 * M, 6 * M]
    assert list(budget.x) == [2 * M, 14 * M]
    # M2: the segments make up the budget exactly
    assert granted.x[1] + cofin.x[1] + gap.x[1] == pytest.approx(budget.x[1])
    # M5 is over-secured: no negative segment, but the hover says the true gap
    assert gap.x[0] == 0 and gap.customdata[0] == fmt_eur(-0.5 * M)
    assert fig.layout.xaxis.range[1] > 14 * M                      # room for the budget labels


def test_funding_by_mission_english_and_big():
    fig = charts.funding_by_mission(funding_frame(), "en", big=True)
    assert [trace.name for trace in fig.data] == ["Granted", "Co-financing", "Still to fund", "Budget"]
    assert fig.data[0].y[1].startswith("M2 · Green revolution")
    assert fig.layout.font.size == 22
    assert fig.layout.title.text == "Where the money sits: each mission's budget"


def test_budget_by_card_escapes_and_wraps_titles():
    frame = budget_frame()
    frame.loc[0, "title"] = "Textile Hub europeo per il riciclo dei rifiuti tessili e dei cascami"
    fig = charts.budget_by_card(frame, "it")
    assert [trace.name for trace in fig.data] == ["Budget", "Richiesto", "Concesso"]
    labels = list(fig.data[0].y)[::-1]                              # NGP-01 first from the top
    lines = labels[0].split("<br>")                 # two lines, broken between words; cut only past the second
    whole = "NGP-01 · Textile Hub europeo per il riciclo dei rifiuti tessili e dei cascami"
    assert len(lines) == 2 and all(len(line) <= 40 for line in lines) and lines[1].endswith("…")
    assert whole.startswith(" ".join(lines)[:-1]) and len(" ".join(lines)) > 60
    assert labels[1] == "NGP-02 · &lt;b&gt;Essiccatore&lt;/b&gt;"
    assert sum(v for v in fig.data[2].x if v == v) == pytest.approx(9.2 * M)   # granted, all cards


# --- Missioni page: the drill-down -----------------------------------------------------------------------

def test_mission_treemap_levels_and_totals():
    cards = budget_frame()
    fig = charts.mission_treemap(cards, "it")
    tree = fig.data[0]
    assert tree.maxdepth == 2                        # missions and components; a click opens the cards
    values = dict(zip(tree.ids, tree.values, strict=True))
    assert values["M2"] == pytest.approx(14 * M) and values["M2/M2C1"] == pytest.approx(14 * M)
    assert values["M5"] == pytest.approx(2 * M) and values["M5/—"] == pytest.approx(2 * M)
    assert "M5/M5C1/NGP-04" not in values            # no budget, not in the map
    assert sum(v for i, v in values.items() if "/" not in i) == pytest.approx(cards["budget_total"].sum())
    labels = dict(zip(tree.ids, tree.labels, strict=True))
    assert labels["M2/M2C1/NGP-02"] == "NGP-02 · &lt;b&gt;Essiccatore&lt;/b&gt;"


@pytest.mark.parametrize("big, size", [(False, 14), (True, 22)])
def test_axis_and_legend_fonts_are_explicit(big, size):
    """Streamlit's chart theme would otherwise shrink ticks and legend, and the presenter's large type with them."""
    fig = charts.funding_by_mission(funding_frame(), "it", big=big)
    assert fig.layout.xaxis.tickfont.size == size and fig.layout.yaxis.tickfont.size == size
    assert fig.layout.legend.font.size == size


def test_every_chart_wears_the_house_template_even_when_another_default_was_set_before():
    """Plotly's own default is "plotly" (grey plot area); the charts are drawn on "plotly_white", set once as the
    default by the style module rather than copied into each figure."""
    import importlib

    import plotly.io as pio

    pio.templates.default = "plotly"
    importlib.reload(charts.style)
    fig = charts.funding_by_mission(funding_frame(), "it", big=False)
    assert fig.layout.template.layout.plot_bgcolor == pio.templates["plotly_white"].layout.plot_bgcolor == "white"


# --- Bandi ed esiti and Scheda progetto: calls timeline, decisions over time, one card's timeline -------

def calls_frame():
    """calls_overview's columns: closed, open, open without publication date, and without deadline."""
    from datetime import date
    return pd.DataFrame({
        "call_id": ["B-1", "B-2", "B-3", "B-4"],
        "title": ["Rigenerazione urbana – contributi ai Comuni sopra i 15.000 abitanti", "<b>FESR</b>",
                  "Comunità", "Senza scadenza"],
        "published_on": [date(2021, 1, 21), date(2026, 9, 15), None, date(2026, 1, 1)],
        "deadline": [date(2021, 6, 4), date(2026, 12, 15), date(2027, 1, 15), None],
        "n_requests": [3, 1, 0, 0],
    })


def test_calls_timeline_open_and_closed_calls():
    from datetime import date, timedelta
    today = date(2026, 11, 23)
    fig = charts.calls_timeline(calls_frame(), today, "it")
    closed, opened = fig.data
    assert (closed.name, opened.name) == ("Chiuso", "Aperto")
    assert [y.split(" · ")[0] for y in closed.y] == ["B-1"]
    assert [y.split(" · ")[0] for y in opened.y] == ["B-3", "B-2"]          # B-4 has no deadline: left out
    assert list(opened.text) == ["15/01/2027", "15/12/2026"] and closed.text is None
    day = 86_400_000
    assert closed.x[0] == (date(2021, 6, 4) - date(2021, 1, 21)).days * day
    assert opened.x[0] == 30 * day and opened.base[0] == (date(2027, 1, 15) - timedelta(days=30)).isoformat()
    assert opened.y[1] == "B-2 · &lt;b&gt;FESR&lt;/b&gt;"
    lines = closed.y[0].split("<br>")
    assert len(lines) == 2 and all(len(line) <= 48 for line in lines) and not closed.y[0].endswith("…")
    # oldest deadline at the top, latest at the bottom
    assert [y.split(" · ")[0] for y in fig.layout.yaxis.categoryarray] == ["B-1", "B-2", "B-3"]
    assert fig.layout.yaxis.autorange == "reversed"
    low, high = fig.layout.xaxis.range
    assert low < "2021-01-21" and high > "2027-01-15"
    assert fig.layout.annotations[0].text == "oggi"


def test_calls_timeline_english_big_and_empty():
    from datetime import date
    fig = charts.calls_timeline(calls_frame(), date(2026, 11, 23), "en", big=True)
    assert [trace.name for trace in fig.data] == ["Closed", "Open"]
    assert fig.layout.font.size == 22 and fig.layout.annotations[0].text == "today"
    empty = charts.calls_timeline(calls_frame().iloc[[3]], date(2026, 11, 23), "it")
    assert all(len(trace.y) == 0 for trace in empty.data)


def decisions_frame(months):
    from datetime import date
    return pd.DataFrame({
        "month": [date(y, m, 1) for y, m in months],
        "n_decisions": [3, 1, 2, 4][: len(months)],
        "n_financed": [2, 0, 1, 1][: len(months)],
        "granted": [5 * M, 0.0, 1 * M, 2 * M][: len(months)],
    })


def test_decisions_over_time_monthly_stack_and_cumulative_grant():
    fig = charts.decisions_over_time(decisions_frame([(2022, 1), (2022, 3), (2023, 6)]), "it")
    financed, other, line = fig.data
    assert (financed.name, other.name, line.name) == ("Finanziate", "Altri esiti", "Concesso, cumulato")
    assert list(financed.y) == [2, 0, 1] and list(other.y) == [1, 1, 1]
    assert [a + b for a, b in zip(financed.y, other.y, strict=True)] == [3, 1, 2]      # = n_decisions
    assert list(line.y) == pytest.approx([5 * M, 5 * M, 6 * M])
    assert list(financed.customdata) == ["01/2022", "03/2022", "06/2023"]
    assert financed.xperiod == "M1" and line.yaxis == "y2"
    assert fig.layout.barmode == "stack"
    assert fig.layout.yaxis2.rangemode == "tozero" and fig.layout.yaxis2.tickmode == "auto"
    assert fig.layout.yaxis.tickformat == "d"


def test_decisions_over_time_by_quarter_over_long_spans():
    frame = decisions_frame([(2022, 1), (2022, 2), (2022, 11), (2026, 7)])
    fig = charts.decisions_over_time(frame, "it")
    financed, other, line = fig.data
    assert list(financed.customdata) == ["1° trim. 2022", "4° trim. 2022", "3° trim. 2026"]
    assert list(financed.x) == ["2022-01-01", "2022-10-01", "2026-07-01"]
    assert [a + b for a, b in zip(financed.y, other.y, strict=True)] == [4, 2, 4]
    assert list(line.y) == pytest.approx([5 * M, 6 * M, 8 * M])
    assert financed.xperiod == "M3"
    en = charts.decisions_over_time(frame, "en", big=True)
    assert en.data[0].customdata[0] == "Q1 2022" and en.layout.font.size == 22
    assert len(charts.decisions_over_time(frame.iloc[0:0], "it").data[0].x) == 0


def test_project_timeline_outcomes_and_pending_to_today():
    from datetime import date
    requests = pd.DataFrame({
        "request_id": ["C-1", "C-2", "C-3"],
        "call_id": ["B-1", "B-2", "B-3"],
        "call_title": ["<i>Rigenerazione</i>", None, "Mai presentata"],
        "submitted_on": [date(2021, 6, 3), date(2026, 10, 20), None],
        "decided_on": [date(2022, 1, 4), None, None],
        "effective_outcome": ["Ammessa e finanziata", "Presentata", "In preparazione"],
    })
    fig = charts.project_timeline(requests, "it", today=date(2026, 11, 23))
    decided, pending, to_today = fig.data                       # C-3 has no date: no line
    assert list(decided.x) == ["2021-06-03", "2022-01-04"]
    assert list(decided.text) == ["", "Ammessa e finanziata"]
    assert decided.y[0] == "C-1 · &lt;i&gt;Rigenerazione&lt;/i&gt;"
    assert pending.y[0] == "C-2 · B-2" and list(pending.text) == ["Presentata"]
    assert list(to_today.x) == ["2026-10-20", "2026-11-23"] and to_today.line.dash == "dot"
    low, high = fig.layout.xaxis.range
    assert low < "2021-06-03" and high > "2026-11-23"
    en = charts.project_timeline(requests, "en", big=True)       # no today: no dotted line
    assert len(en.data) == 2 and en.data[0].text[-1] == "Admitted and financed"


def test_money_by_component_names_cards_without_component_by_mission():
    by_component = pd.DataFrame({
        "mission": ["M2", "M2", "M5"], "component": ["M2C1", float("nan"), None],
        "n_cards": [1, 1, 1], "n_requests": [1, 0, 0], "n_financed": [1, 0, 0],
        "budget": [3 * M, 1 * M, 2 * M], "requested": [2 * M, 0.0, 0.0], "granted": [1 * M, 0.0, 0.0],
    })
    fig = charts.money_by_group(by_component, "component", "it")
    assert [trace.name for trace in fig.data] == ["Budget", "Richiesto", "Concesso"]
    labels = list(fig.data[0].y)[::-1]                                   # bars across, the first on top
    assert labels[1:] == ["M2 · n.d.", "M5 · n.d."]                            # two blanks stay apart
    assert labels[0].replace("<br>", " ") == "M2C1 · " + COMPONENTS["M2C1"][0]   # a component by its name
    assert sum(fig.data[0].x) == pytest.approx(6 * M)
    assert list(charts.money_by_group(by_component, "component", "en").data[0].y)[::-1][1] == "M2 · n/a"


def test_partner_mission_heatmap_counts_and_blank_zeros():
    matrix = pd.DataFrame({"partner_id": ["COM", "COM", "PIN"], "name": ["Comune di Prato", "Comune di Prato",
                                                                          "<i>PIN</i>"],
                           "mission": ["M2", "M5", "M5"], "n_cards": [3, 1, 2]})
    fig = charts.partner_mission_heatmap(matrix, "it")
    heat = fig.data[0]
    assert list(heat.x) == ["M2", "M5"]
    assert list(heat.y) == ["&lt;i&gt;PIN&lt;/i&gt;", "Comune di Prato"]       # most involved at the top
    assert [list(row) for row in heat.z] == [[0, 2], [3, 1]]
    assert [list(row) for row in heat.text] == [["", "2"], ["3", "1"]]
    many = pd.DataFrame({"partner_id": [f"P{i}" for i in range(20)], "name": [f"Partner {i}" for i in range(20)],
                         "mission": "M1", "n_cards": 1})
    assert charts.partner_mission_heatmap(many, "it", big=True).layout.height > \
        charts.partner_mission_heatmap(many, "it").layout.height            # larger rows for larger type


def test_partner_money_top_partners_and_larger_rows_when_big():
    by_partner = pd.DataFrame({"partner_id": [f"P{i}" for i in range(20)], "name": [f"Partner {i}" for i in range(20)],
                               "requested": [float(i) * M for i in range(20)],
                               "granted": [float(i) * M / 2 for i in range(20)]})
    fig = charts.partner_money(by_partner, "it", top=15)
    assert [trace.name for trace in fig.data] == ["Richiesto", "Concesso"]
    assert len(fig.data[0].y) == 15 and fig.data[0].y[-1] == "Partner 19"          # largest at the top
    assert sum(fig.data[0].x) == pytest.approx(sum(range(5, 20)) * M)
    assert charts.partner_money(by_partner, "it", big=True).layout.height > fig.layout.height


def test_heatmap_keeps_two_partners_with_the_same_name_apart():
    import pandas as pd

    from ngp_data.analytics.charts import partner_mission_heatmap

    matrix = pd.DataFrame({"partner_id": ["A", "B", "A"], "name": ["Comune", "Comune", "Comune"],
                           "mission": ["M1", "M1", "M2"], "n_cards": [1, 2, 3]})
    fig = partner_mission_heatmap(matrix)
    trace = fig.data[0]
    assert sorted(trace.y) == ["Comune (A)", "Comune (B)"]
    assert sum(sum(row) for row in trace.z) == 6


# --- colours (#17 item 8) ------------------------------------------------------------------------------------
def _linear(hex_colour: str) -> list[float]:
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    return [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]


# Machado, Oliveira & Fernandes (2009), full-severity deuteranopia and protanopia, on linear RGB.
_CVD = {
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
}


def _seen(hex_colour: str, kind: str | None) -> list[float]:
    lin = _linear(hex_colour)
    if kind is None:
        return lin
    return [max(0.0, min(1.0, sum(m * c for m, c in zip(row, lin, strict=True)))) for row in _CVD[kind]]


def _distance(a: str, b: str, kind: str | None) -> float:
    return sum((x - y) ** 2 for x, y in zip(_seen(a, kind), _seen(b, kind), strict=True)) ** 0.5


def _is_red(hex_colour: str) -> bool:
    import colorsys
    h, s, v = colorsys.rgb_to_hsv(*(int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)))
    return (h < 20 / 360 or h > 340 / 360) and s > 0.5 and v > 0.4


def test_missions_are_never_red_and_stay_apart_for_colour_blind_readers():
    from ngp_data.labels import MISSION_COLORS, OUTCOME_COLORS
    assert not [m for m, c in MISSION_COLORS.items() if _is_red(c)]
    assert {c.lower() for c in MISSION_COLORS.values()}.isdisjoint(c.lower() for c in OUTCOME_COLORS.values())
    pairs = [(a, b) for i, a in enumerate(MISSION_COLORS) for b in list(MISSION_COLORS)[i + 1:]]
    for kind in (None, "deuteranopia", "protanopia"):
        close = [(a, b) for a, b in pairs if _distance(MISSION_COLORS[a], MISSION_COLORS[b], kind) < 0.08]
        assert not close, (kind, close)


def test_only_bad_news_is_red_and_waiting_states_are_told_apart():
    from ngp_data.labels import MONEY_COLORS, OUTCOME_COLORS
    red = {o for o, c in OUTCOME_COLORS.items() if _is_red(c)}
    assert red <= {"Non ammessa", "Revocata"} and "Non ammessa" in red
    assert not [k for k, c in MONEY_COLORS.items() if _is_red(c)]            # a gap to cover is not an alarm
    waiting = ("In preparazione", "Presentata", "In istruttoria", "Ritirata / Rinuncia")
    for i, a in enumerate(waiting):
        for b in waiting[i + 1:]:
            assert _distance(OUTCOME_COLORS[a], OUTCOME_COLORS[b], "deuteranopia") > 0.08, (a, b)


def test_long_names_wrap_between_words_and_are_cut_only_past_the_last_line():
    from ngp_data.analytics.charts.style import wrapped
    from ngp_data.labels import mission_label
    from ngp_data.schema import MISSIONS

    for code in MISSIONS:                                   # every mission's name whole, on at most three lines
        name = mission_label(code, "it", long=True)
        label = wrapped(name, 30, 3)
        assert label.replace("<br>", " ") == name and "…" not in label
        assert all(len(line) <= 30 for line in label.split("<br>"))
    long = "uno due tre quattro cinque sei sette otto nove dieci undici dodici"
    cut = wrapped(long, 20, 2).split("<br>")
    assert cut[0] == "uno due tre quattro" and cut[1].endswith("…") and len(cut[1]) <= 20
    assert wrapped("&lt;b&gt;Essiccatore&lt;/b&gt; molto lungo davvero", 12) .split("<br>")[0] == (
        "&lt;b&gt;Essiccatore&lt;/b&gt;")                   # an escaped word is never split
    progress = charts.mission_progress(pd.DataFrame({"mission": ["M1"], "granted": [1.0], "budget": [2.0]}), "it")
    assert progress.data[0].y[0].replace("<br>", " ") == mission_label("M1", "it", long=True)


def test_a_partner_that_dwarfs_the_others_gets_a_panel_of_its_own_and_every_bar_says_its_amount():
    requested = {"Comune di Prato": 188.8 * M, "Alia": 16.5 * M, "PIN": 10.2 * M, "CGIL Prato": 0.35 * M}
    frame = pd.DataFrame({"name": list(requested), "requested": list(requested.values()),
                          "granted": [62.5 * M, 16.5 * M, None, None]})
    fig = charts.partner_money(frame, "it")
    upper = [tr for tr in fig.data if tr.xaxis == "x"]
    lower = [tr for tr in fig.data if tr.xaxis == "x2"]
    assert {y for tr in upper for y in tr.y} == {"Comune di Prato"}
    assert {y for tr in lower for y in tr.y} == {"Alia", "PIN", "CGIL Prato"}
    assert 16.5 * M < fig.layout.xaxis2.range[1] < 30 * M < 188.8 * M < fig.layout.xaxis.range[1]   # own scales
    shown = {(tr.name, y): text for tr in fig.data for y, text in zip(tr.y, tr.text, strict=True)}
    assert shown[("Richiesto", "CGIL Prato")] == fmt_eur_short(0.35 * M)
    assert shown[("Concesso", "Comune di Prato")] == fmt_eur_short(62.5 * M) and shown[("Concesso", "PIN")] == ""
    assert [a.text for a in fig.layout.annotations] == ["Gli altri partner, su una scala propria"]
    assert sum(tr.showlegend is not False for tr in fig.data) == 2                 # one legend entry per measure
    even = frame.assign(requested=[20 * M, 16.5 * M, 10.2 * M, 7 * M])
    assert charts.money.partner_split(list(even["requested"])) == 0
    assert {tr.xaxis for tr in charts.partner_money(even, "it").data} == {"x"}

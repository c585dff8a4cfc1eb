"""Plotly figures from query results: pure functions (a frame in, a figure out), no Streamlit.

Built with ``graph_objects`` rather than Plotly Express: a 6-bar chart costs ~7 ms instead of ~137 ms
here (PERFORMANCE.md). Missions and outcomes keep one colour everywhere; text that users typed
(titles, names) is HTML-escaped, because Plotly renders a subset of HTML in labels and hovers.
``big=True`` is the meeting mode: large type for a projector.

Pages call ``charts.<name>``; the figures live by family in ``missions``, ``money``, ``outcomes``,
``timelines`` and ``followup``, and what they share (layout, escaping, euro formats) in ``style``.
"""

from .followup import paid_by_mission, payments_over_time, targets_by_mission
from .funds import funds_timeline
from .missions import mission_progress, mission_treemap, money_by_group, partner_mission_heatmap
from .money import budget_by_card, funding_by_mission, funding_gap, partner_money
from .outcomes import decisions_over_time, outcome_funnel, outcome_mix
from .style import FONT, esc
from .timelines import calls_timeline, project_timeline

__all__ = [
    "FONT", "budget_by_card", "calls_timeline", "decisions_over_time", "esc", "funding_by_mission", "funding_gap",
    "funds_timeline", "mission_progress", "mission_treemap", "money_by_group", "outcome_funnel", "outcome_mix",
    "paid_by_mission", "partner_mission_heatmap", "partner_money", "payments_over_time", "project_timeline",
    "targets_by_mission",
]

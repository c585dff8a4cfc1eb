"""Which official project a card without CUP may be: candidates ranked by title, measure and body.

:func:`suggest` is pure: it takes the cards without any CUP and the official projects no card claims
(``analytics.official.unlinked_cards`` and ``unclaimed_projects``, which apply the sidebar's filters and
the location rule) and returns, for each card, its best ``top`` candidates with a score 0-100:

* title, weight ``WEIGHTS["title"]``: rapidfuzz ``token_set_ratio`` of the folded titles (case,
  accents, punctuation and the portal's ``*`` separators ignored), one card × candidate matrix
  (``process.cdist``);
* measure, ``WEIGHTS["measure"]``: 1 for the same measure (one a prefix of the other: ``M1C1 I1.4``
  and ReGiS ``M1C1I1.04.03``, both normalised by ``ingest.cells.parse_measure``), 0.6 for the same
  component, 0.3 for the same mission;
* body, ``WEIGHTS["body"]``: 1 when the card's lead partner's tax code is the implementer's (zeros
  restored), else the similarity of the names when at least ``NAME_MATCH`` (rapidfuzz).
"""

from __future__ import annotations

import functools
import re

import pandas as pd
from rapidfuzz import fuzz, process

from ..ingest.cells import BadValue, parse_measure
from ..kinds import normalise_tax_code
from ..labels import t
from ..schema import fold

WEIGHTS = {"title": 0.6, "measure": 0.25, "body": 0.15}
MEASURE_LEVELS = {"measure": 1.0, "component": 0.6, "mission": 0.3}
NAME_MATCH = 85                     # a name similarity below this is no match of the implementing body
COLUMNS = ["project_id", "rank", "cup", "score", "title_score", "measure_match", "body_match", "official_title",
           "submeasure", "implementer", "financing_pnrr"]


@functools.lru_cache(maxsize=65_536)
def fold_title(text) -> str:
    """A title as compared: folded (``schema.fold``), punctuation and ``*`` turned into spaces."""
    return re.sub(r"[^\w]+", " ", fold(text or "")).strip()


@functools.lru_cache(maxsize=65_536)
def _tax(value) -> str | None:
    return normalise_tax_code(value)


@functools.lru_cache(maxsize=65_536)
def _measure(value) -> tuple[str | None, str | None, str | None]:
    """(measure, component, mission) of a card's measure or an official submeasure, normalised."""
    try:
        parsed = parse_measure(value) if isinstance(value, str) and value.strip() else None
    except BadValue:
        parsed = None
    if not parsed or parsed[1] is None:
        return None, None, None
    return parsed


def measure_match(card: dict, official: dict) -> str | None:
    """"measure", "component", "mission" (the closest level they share) or None."""
    mine, theirs = _measure(card.get("measure")), _measure(official.get("submeasure"))
    if mine[0] and theirs[0] and (theirs[0] == mine[0] or theirs[0].startswith(mine[0] + ".")
                                  or mine[0].startswith(theirs[0] + ".")):
        return "measure"
    component = card.get("component") or mine[2]
    if component and component == (theirs[2] or official.get("component")):
        return "component"
    mission = card.get("mission") or mine[1]
    if mission and mission == (theirs[1] or official.get("official_mission") or official.get("mission")):
        return "mission"
    return None


def body_match(card: dict, official: dict, ratio: float | None = None) -> tuple[str | None, float]:
    """("tax_code", 1) when the tax codes agree, ("name", similarity) when the names are close, else (None, 0).
    ``ratio``: the names' similarity when already computed (``suggest`` does it for all pairs at once)."""
    mine, theirs = _tax(card.get("lead_partner_tax_code")), _tax(official.get("implementer_tax_code"))
    if mine and mine == theirs:
        return "tax_code", 1.0
    if ratio is None:
        name, implementer = fold_title(card.get("lead_partner_name")), fold_title(official.get("implementer"))
        ratio = fuzz.token_set_ratio(name, implementer) if name and implementer else 0.0
    return ("name", ratio / 100) if ratio >= NAME_MATCH else (None, 0.0)


def suggest(cards: pd.DataFrame, candidates: pd.DataFrame, *, top: int = 5) -> pd.DataFrame:
    """The best ``top`` candidates per card, best first (see the module docstring); columns ``COLUMNS``."""
    if cards.empty or candidates.empty:
        return pd.DataFrame(columns=COLUMNS)
    titles = process.cdist([fold_title(x) for x in cards["title"]],
                           [fold_title(x) for x in candidates["official_title"]],
                           scorer=fuzz.token_set_ratio, processor=None, workers=1)
    names = process.cdist([fold_title(x) for x in cards["lead_partner_name"]],
                          [fold_title(x) for x in candidates["implementer"]],
                          scorer=fuzz.token_set_ratio, processor=None, workers=1)
    offs = candidates.to_dict("records")
    rows = []
    for i, card in enumerate(cards.to_dict("records")):
        scored = []
        for j, off in enumerate(offs):
            level = measure_match(card, off)
            body, body_score = body_match(card, off, float(names[i][j]) if card.get("lead_partner_name") else 0.0)
            score = 100 * (WEIGHTS["title"] * titles[i][j] / 100 + WEIGHTS["measure"] * MEASURE_LEVELS.get(level, 0)
                           + WEIGHTS["body"] * body_score)
            scored.append((round(float(score), 1), float(titles[i][j]), level, body, off))
        scored.sort(key=lambda x: (-x[0], x[4]["cup"]))
        for rank, (score, title, level, body, off) in enumerate(scored[:top], 1):
            rows.append([card["project_id"], rank, off["cup"], score, round(title, 1), level, body,
                         off.get("official_title"), off.get("submeasure"), off.get("implementer"),
                         off.get("financing_pnrr")])
    return pd.DataFrame(rows, columns=COLUMNS)


def reasons(row: dict, lang: str = "it") -> list[str]:
    """Why a candidate was suggested, in ``lang``: title similarity, measure level, implementing body."""
    def given(name: str) -> str | None:           # a frame's row: an empty cell is None or NaN
        value = row.get(name)
        return value if isinstance(value, str) and value else None

    out = [t("suggest_title", lang, score=f"{row['title_score']:.0f}")]
    if given("measure_match"):
        out.append(t(f"suggest_{row['measure_match']}", lang, measure=given("submeasure") or ""))
    if given("body_match"):
        out.append(t(f"suggest_body_{row['body_match']}", lang, body=given("implementer") or ""))
    return out

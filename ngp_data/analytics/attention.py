"""Da seguire: the cards the committee should look at first, one line per (card, reason), most severe first.

Every line names its card (a link to its Scheda on the page), a stable reason code (``REASONS``) and a
sentence in Italian and in English that says why. The sidebar's filters apply through the shared
``SCOPE`` (cards shown ``fp``, filtered applications ``fr``); the official reasons reuse the Riscontro's
linking (``analytics.official``: a card's CUPs, its official projects, ``flags``) and appear only when an
official snapshot is given. Rules, each decided here once:

* **little_paid** (money granted, little or nothing paid): over the card's financed filtered applications
  decided at least ``GRANT_AGE_MONTHS`` months before today (a decision without a date is left out: its
  age is unknown), ours = ``amount_disbursed`` / ``amount_granted`` (an empty "Importo erogato" counts as
  nothing paid); official = the paid PNRR of its CUPs found / their PNRR financing (no payment row: 0).
  The line appears when either share is below ``PAID_SHARE_MIN``; ``source`` says which (ours, official,
  both) and the sentence gives both figures it has.
* **targets_behind**: an official target indicator of one of the card's CUPs with achieved < planned and
  its due date passed. The due date is the last day of (year, month); a year without month is 31
  December; an indicator with no year is not judged.
* **end_passed**: the official planned end (latest of its CUPs) is before today, no actual end is
  recorded, and the card's state is neither "Concluso" nor "Rendicontato".
* **amount_differs**: the Riscontro's flag of that name (``official.flags``), its sentence too.
* **pending_long**: a filtered application still "Presentata" / "In istruttoria" (effective outcome)
  submitted more than ``pending_days`` days ago (the setting ``NGP_PENDING_DAYS``, default 180).
* **scorrimento**: a filtered application "Ammessa non finanziata": if the ranking moves, it may be financed.

Severity is the order of ``REASONS``; within a reason, the larger amount at stake first, then the card.
"""

from __future__ import annotations

import datetime as dt
import os
from itertools import groupby
from operator import itemgetter

import pandas as pd

from ..formats import fmt_date, fmt_eur, fmt_number, fmt_pct
from ..labels import t, tn
from ..lists import ELIGIBLE_NOT_FINANCED, choice_label
from . import official
from .filters import Filters, fetch, run_scoped

END_PASSED, TARGETS_BEHIND, LITTLE_PAID = "end_passed", "targets_behind", "little_paid"
AMOUNT_DIFFERS, PENDING_LONG, SCORRIMENTO = official.AMOUNT_DIFFERS, "pending_long", "scorrimento"
REASONS = (END_PASSED, TARGETS_BEHIND, LITTLE_PAID, AMOUNT_DIFFERS, PENDING_LONG, SCORRIMENTO)  # most severe first
OFFICIAL_REASONS = (END_PASSED, TARGETS_BEHIND, AMOUNT_DIFFERS)
PAID_SHARE_MIN = 0.10                 # less than this share of the grant paid is "little"
GRANT_AGE_MONTHS = 12                 # ... once the decision is at least this old
PENDING_DAYS = 180                    # default of the setting NGP_PENDING_DAYS
CONCLUDED_STATES = ("Concluso", "Rendicontato")
OURS, OFFICIAL, BOTH = "ours", "official", "both"
COLUMNS = ["code", "severity", "project_id", "title", "source", "amount", "since", "why_it", "why_en"]
DETAILS = 3                           # applications or indicators named in one sentence; the rest counted


def pending_days_setting() -> int:
    """The days after which a submitted application without outcome is "pending too long" (env
    ``NGP_PENDING_DAYS``; default ``PENDING_DAYS``; a value that is not a positive number is ignored)."""
    try:
        days = int(os.environ.get("NGP_PENDING_DAYS", PENDING_DAYS))
    except ValueError:
        return PENDING_DAYS
    return days if days > 0 else PENDING_DAYS


def months_before(day: dt.date, months: int) -> dt.date:
    """``day`` moved back ``months`` calendar months (the 31st becomes the month's last day)."""
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = (dt.date(y + (m + 1) // 12, (m + 1) % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(y, m + 1, min(day.day, last))


def attention(store, version_id: int | None, snapshot_id: int | None, f: Filters, today: dt.date,
              pending_days: int = PENDING_DAYS) -> pd.DataFrame:
    """One row per (card shown, reason), most severe first (rules: the module docstring).

    Columns: code (``REASONS``), severity (0 = most severe), project_id, title, source (ours | official |
    both; None where the reason has one source by nature), amount (money at stake: grant, official
    financing, difference, amount requested), since (the date the reason runs from: decision, due date,
    planned end, submission), why_it, why_en (the sentence).
    """
    cards = official.link_cards(store, version_id, snapshot_id, f) if snapshot_id is not None else None
    rows: list[dict] = []
    rows += _little_paid(store, version_id, cards, f, today)
    rows += _pending_long(store, version_id, f, today, pending_days)
    rows += _scorrimento(store, version_id, f)
    if cards is not None:
        rows += _end_passed(cards, today)
        rows += _targets_behind(store, version_id, snapshot_id, f, today)
        rows += _amount_differs(cards)
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["severity"] = frame["code"].map(REASONS.index).astype("int64")
    frame["amount"] = frame["amount"].astype("float64")
    frame = frame.sort_values(["severity", "amount", "project_id"], ascending=[True, False, True],
                              na_position="last", ignore_index=True)
    return frame.astype({c: object for c in ("source", "since")})


def counts(lines: pd.DataFrame) -> dict[str, int]:
    """Lines per reason, every reason of ``REASONS`` (zeros too), in severity order."""
    found = lines["code"].value_counts()
    return {code: int(found.get(code, 0)) for code in REASONS}


def _row(code, card, title, source, amount, since, why) -> dict:
    """One line; ``why(lang)`` writes its sentence (called here, once per language)."""
    return dict(zip(COLUMNS, (code, None, card, title, source, amount, since, why("it"), why("en")), strict=True))


def _details(items: list[dict], item, lang: str) -> str:
    """The first ``DETAILS`` items written by ``item(row, lang)``, joined, then "and N more" (the card's count
    of items is ``n_items`` where the query kept only the first ones)."""
    shown = [item(r, lang) for r in items[:DETAILS]]
    n = items[0].get("n_items", len(items)) if items else 0
    if n > DETAILS:
        shown.append(tn("att_more", n - DETAILS, lang))
    return "; ".join(shown)


# --- ours ------------------------------------------------------------------------------------------------

def _little_paid(store, version_id, cards: pd.DataFrame | None, f: Filters, today: dt.date) -> list[dict]:
    old = run_scoped(store, version_id, f, """
        SELECT fp.project_id, fp.title, sum(fr.granted)::DOUBLE AS granted,
               coalesce(sum(fr.amount_disbursed), 0)::DOUBLE AS disbursed, min(fr.decided_on) AS decided_on
        FROM fr JOIN fp USING (project_id)
        WHERE fr.is_financed AND fr.decided_on <= CAST($cutoff AS DATE)
        GROUP BY fp.project_id, fp.title HAVING sum(fr.granted) > 0
        ORDER BY fp.project_id""", params={"cutoff": months_before(today, GRANT_AGE_MONTHS)})
    off = {}
    if cards is not None:
        off = {r["project_id"]: r for r in cards.to_dict("records") if r["n_found"] and _pos(r["financing_pnrr"])}
    out = []
    for r in old.to_dict("records"):
        o = off.get(r["project_id"])
        r["ours_share"] = r["disbursed"] / r["granted"]
        r["paid"] = None if o is None else _num(o["paid_pnrr"]) or 0.0
        r["financing"] = None if o is None else float(o["financing_pnrr"])
        r["off_share"] = None if o is None else r["paid"] / r["financing"]
        low_ours = r["ours_share"] < PAID_SHARE_MIN
        low_off = r["off_share"] is not None and r["off_share"] < PAID_SHARE_MIN
        if low_ours or low_off:
            source = BOTH if low_ours and low_off else OURS if low_ours else OFFICIAL
            out.append(_row(LITTLE_PAID, r["project_id"], r["title"], source, r["granted"], r["decided_on"],
                            lambda lang, r=r: _little_paid_why(r, lang)))
    return out


def _little_paid_why(r: dict, lang: str) -> str:
    paid = [t("att_paid_ours", lang, paid=fmt_eur(r["disbursed"], lang), share=fmt_pct(r["ours_share"], lang))]
    if r["off_share"] is not None:
        paid.append(t("att_paid_official", lang, paid=fmt_eur(r["paid"], lang), financing=fmt_eur(r["financing"], lang),
                      share=fmt_pct(r["off_share"], lang)))
    return t("att_little_paid_why", lang, granted=fmt_eur(r["granted"], lang), date=fmt_date(r["decided_on"], lang),
             months=GRANT_AGE_MONTHS, share=fmt_pct(PAID_SHARE_MIN, lang, 0), paid="; ".join(paid))


def _pending_long(store, version_id, f: Filters, today: dt.date, days: int) -> list[dict]:
    found = run_scoped(store, version_id, f, f"""
        SELECT fr.project_id, fp.title, fr.request_id, fr.call_id, fr.submitted_on, fr.effective_outcome,
               {_PER_CARD.format(amount="fr.amount_requested", since="fr.submitted_on")}
        FROM fr JOIN fp USING (project_id)
        WHERE fr.is_pending AND fr.submitted_on < CAST($cutoff AS DATE)
        QUALIFY row_number() OVER (PARTITION BY fr.project_id ORDER BY fr.submitted_on, fr.request_id) <= $details
        ORDER BY fr.project_id, fr.submitted_on, fr.request_id""",
                       params={"cutoff": today - dt.timedelta(days=days), "details": DETAILS})
    out = []
    for (card, title), items in _by_card(found):
        for r in items:
            r["days"] = (today - r["submitted_on"]).days
        first = items[0]
        out.append(_row(PENDING_LONG, card, title, None, first["total"], first["since"], lambda lang, items=items: t(
            "att_pending_long_why", lang, n=tn("att_n_requests", items[0]["n_items"], lang),
            days=fmt_number(days, lang), items=_details(items, _pending_item, lang))))
    return out


def _pending_item(r: dict, lang: str) -> str:
    return t("att_pending_item", lang, request=r["request_id"], call=r["call_id"],
             date=fmt_date(r["submitted_on"], lang), days=fmt_number(r["days"], lang),
             outcome=_outcome(r["effective_outcome"], lang))


def _scorrimento(store, version_id, f: Filters) -> list[dict]:
    found = run_scoped(store, version_id, f, f"""
        SELECT fr.project_id, fp.title, fr.request_id, fr.call_id, c.title AS call_title, fr.decided_on,
               {_PER_CARD.format(amount="fr.amount_requested", since="fr.decided_on")}
        FROM fr JOIN fp USING (project_id)
        LEFT JOIN calls c ON c.version_id = $v AND c.call_id = fr.call_id
        WHERE fr.effective_outcome = $eligible
        QUALIFY row_number() OVER (PARTITION BY fr.project_id ORDER BY fr.decided_on NULLS LAST, fr.request_id)
                <= $details
        ORDER BY fr.project_id, fr.decided_on NULLS LAST, fr.request_id""",
                       params={"eligible": ELIGIBLE_NOT_FINANCED, "details": DETAILS})
    out = []
    for (card, title), items in _by_card(found):
        first = items[0]
        out.append(_row(SCORRIMENTO, card, title, None, first["total"], first["since"], lambda lang, items=items: t(
            "att_scorrimento_why", lang, items=_details(items, _scorrimento_item, lang))))
    return out


def _scorrimento_item(r: dict, lang: str) -> str:
    return t("att_scorrimento_item", lang, request=r["request_id"], call=r["call_id"],
             call_title=r["call_title"] or "—", date=fmt_date(r["decided_on"], lang) if r["decided_on"] else "—")


# --- the official record ----------------------------------------------------------------------------------

def _end_passed(cards: pd.DataFrame, today: dt.date) -> list[dict]:
    out = []
    for r in cards.to_dict("records"):
        end = r["end_planned"]
        if not r["n_found"] or end is None or pd.isna(end) or end >= today:
            continue
        if (r["end_actual"] is not None and not pd.isna(r["end_actual"])) or r["state"] in CONCLUDED_STATES:
            continue
        out.append(_row(END_PASSED, r["project_id"], r["title"], OFFICIAL, _num(r["financing_pnrr"]), end,
                        lambda lang, r=r, end=end: t("att_end_passed_why", lang, date=fmt_date(end, lang),
                                                     days=fmt_number((today - end).days, lang),
                                                     state=_state(r["state"], lang))))
    return out


def targets_due(store, snapshot_id: int | None, today: dt.date) -> pd.DataFrame:
    """The snapshot's target indicators behind (achieved < planned) whose due date has passed.

    Columns: cup, indicator_code, indicator, unit, achieved, planned, due (last day of the due month;
    31 December when only the year is known). Ordered by CUP, due date, indicator.
    """
    return fetch(store, """
        SELECT cup, indicator_code, indicator, unit, achieved::DOUBLE AS achieved, planned::DOUBLE AS planned, due
        FROM (SELECT *, last_day(make_date(year, coalesce(month, 12), 1)) AS due
              FROM official_targets WHERE snapshot_id = $s AND year IS NOT NULL)
        WHERE coalesce(achieved, 0) < planned AND due < CAST($today AS DATE)
        ORDER BY cup, due, indicator_code""", {"s": snapshot_id, "today": today})


def _targets_behind(store, version_id, snapshot_id, f: Filters, today: dt.date) -> list[dict]:
    behind = targets_due(store, snapshot_id, today)
    if behind.empty:
        return []
    links = official.link_by_cup(store, version_id, snapshot_id, f)
    found = links[links["found"].astype(bool)][["project_id", "title", "cup", "financing_pnrr"]]
    joined = found.merge(behind, on="cup").sort_values(["project_id", "due", "cup", "indicator_code"])
    out = []
    for (card, title), group in joined.groupby(["project_id", "title"], sort=True):
        items = group.to_dict("records")
        financing = group.drop_duplicates("cup")["financing_pnrr"].sum(min_count=1)
        out.append(_row(TARGETS_BEHIND, card, title, OFFICIAL, financing, group["due"].min(),
                        lambda lang, items=items: t("att_targets_behind_why", lang,
                                                    n=tn("att_n_targets", len(items), lang),
                                                    items=_details(items, _target_item, lang))))
    return out


def _target_item(r: dict, lang: str) -> str:
    unit = f" ({str(r['unit']).lower()})" if r["unit"] else ""
    return t("att_target_item", lang, indicator=r["indicator"] or r["indicator_code"], cup=r["cup"],
             achieved=fmt_number(r["achieved"] or 0, lang, _dec(r["achieved"])),
             planned=fmt_number(r["planned"], lang, _dec(r["planned"])), unit=unit, due=r["due"].strftime("%m/%Y"))


def _amount_differs(cards: pd.DataFrame) -> list[dict]:
    """The Riscontro's ``amount_differs`` flags, from the cards' link computed once for the whole list."""
    title = dict(zip(cards["project_id"], cards["title"], strict=True))
    out = []
    for r in official.amount_flags(cards):
        why = {lang: official.describe_flag(r, lang) for lang in ("it", "en")}
        out.append(dict(zip(COLUMNS, (AMOUNT_DIFFERS, None, r["project_id"], title.get(r["project_id"]), BOTH,
                                      abs(float(r["ours"]) - float(r["official"])), None, why["it"], why["en"]),
                            strict=True)))
    return out


# --- small helpers ------------------------------------------------------------------------------------------

# Per card, on each of its rows: how many rows, the amount at stake, the date the reason runs from (a query
# then keeps only the first DETAILS rows of each card: the sentence names no more).
_PER_CARD = ("count(*) OVER (PARTITION BY fr.project_id) AS n_items, "
             "sum({amount}) OVER (PARTITION BY fr.project_id)::DOUBLE AS total, "
             "min({since}) OVER (PARTITION BY fr.project_id) AS since")


def _by_card(found: pd.DataFrame):
    """The rows of a query ordered by card, as lists of records per (card, title): one conversion for all
    the rows (a pandas group-by with ``to_dict`` per group cost 1 s for 780 cards at 100×)."""
    records = found.to_dict("records")
    return ((key, list(group)) for key, group in groupby(records, key=itemgetter("project_id", "title")))


def _num(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _pos(value) -> bool:
    return value is not None and not pd.isna(value) and float(value) > 0


def _dec(value) -> int:
    """Decimals worth showing for an indicator value (2 for a fraction, none for a whole number)."""
    return 0 if value is None or pd.isna(value) or float(value).is_integer() else 2


def _outcome(value: str, lang: str) -> str:
    return choice_label(value, lang) or ""


def _state(value, lang: str) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return t("att_no_state", lang)
    return _outcome(value, lang)

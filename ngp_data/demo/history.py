"""The demo's three versions (May, September and November 2026), how the earlier two differed, and its
one meeting on record (September 2026).

The tuples of ``portfolio`` and ``applications`` are the latest version; a version before it is those
rows without the ones added later (``ADDED_IN``), with the ones removed since (``DROPPED``) and with
the field values as they were then (``EARLIER``).
"""

from __future__ import annotations

import datetime as dt

from ..lists import FINANCED

DEMO_PREFIX = "Dati dimostrativi (illustrativi): "

# (comment, date written into that version's workbook)
VERSIONS: tuple[tuple[str, dt.datetime], ...] = (
    (DEMO_PREFIX + "situazione a maggio 2026", dt.datetime(2026, 5, 20, 9, 0)),
    (DEMO_PREFIX + "aggiornamento settembre 2026 (nuovi bandi 2021-27, revoca del progetto sport e "
     "inclusione)", dt.datetime(2026, 9, 28, 9, 0)),
    (DEMO_PREFIX + "aggiornamento novembre 2026", dt.datetime(2026, 11, 20, 9, 0)),
)

# The coordination table's meeting on record: (index of the version shown that day, date, title, notes,
# decisions). Held between the May and September uploads, so "since the last meeting" compares May with
# November, not the same pair as "since the previous upload".
MEETINGS: tuple[tuple[int, dt.date, str, str, str], ...] = (
    (0, dt.date(2026, 9, 24), "Tavolo di coordinamento 24/09/2026",
     DEMO_PREFIX + "stato dei progetti PNRR e dei bandi 2021-27 in scadenza; revoca del progetto sport e "
     "inclusione discussa con il Dipartimento Sport.",
     "Aggiornare il foglio con i nuovi bandi 2021-27 entro fine settembre. Verificare le erogazioni delle "
     "candidature finanziate prima del prossimo tavolo."),
)

# --- how the two earlier versions differed --------------------------------------------------------------
# Rows first present in a later version: (table, key) -> index of the first version holding them.
# An outcome row follows its application unless listed itself.
ADDED_IN: dict[tuple[str, str], int] = {
    **{("calls", k): 1 for k in ("B-21", "B-24")},
    **{("calls", k): 2 for k in ("B-23", "B-25", "B-27")},
    **{("requests", k): 1 for k in ("C-027", "C-031", "C-032", "C-033", "C-042", "C-045")},
    **{("requests", k): 2 for k in ("C-029", "C-030", "C-035", "C-039", "C-040", "C-046", "C-048")},
    ("project_partners", "NGP-21|CONFCOOP"): 2,
}
# Rows removed later: (last version index holding them, table, row).
DROPPED: tuple[tuple[int, str, dict], ...] = (
    (0, "project_partners", {"project_id": "NGP-18", "partner_id": "ESTRA", "role": "partner"}),
)
# Field values as they were: EARLIER[1] is how September differed from November, EARLIER[0] how May
# differed from September. Version i = the current rows with every EARLIER[k >= i] applied, latest first.
EARLIER: dict[int, dict[tuple[str, str], dict]] = {
    1: {
        ("projects", "NGP-14"): {"state": "In esecuzione"},
        ("calls", "B-24"): {"allocation": 60_000_000},
        ("requests", "C-032"): {"submitted_on": None},
        ("outcomes", "C-028"): {"outcome": "Presentata"},
        ("outcomes", "C-032"): {"outcome": "In preparazione"},
        ("outcomes", "C-045"): {"outcome": "In istruttoria", "decided_on": None, "act": None},
        ("outcomes", "C-003"): {"amount_disbursed": 3_267_000},
        ("outcomes", "C-006"): {"amount_disbursed": 8_250_000},
        ("outcomes", "C-022"): {"amount_disbursed": 855_000},
    },
    0: {
        ("projects", "NGP-02"): {"state": "In esecuzione"},
        ("projects", "NGP-09"): {"state": "In esecuzione"},
        ("projects", "NGP-21"): {"state": "Sospeso"},
        ("projects", "NGP-03"): {"budget_total": 4_000_000},
        ("calls", "B-22"): {"deadline": "2026-06-15"},
        ("requests", "C-028"): {"submitted_on": None, "amount_requested": 5_500_000},
        ("requests", "C-041"): {"submitted_on": None},
        ("outcomes", "C-028"): {"outcome": "In preparazione"},
        ("outcomes", "C-041"): {"outcome": "In preparazione"},
        ("outcomes", "C-016"): {"outcome": FINANCED, "decided_on": "2022-10-18", "amount_granted": 2_500_000,
                                "amount_disbursed": 500_000,
                                "act": "Decreto Dip. Sport n. 74 del 18/10/2022"},
        ("outcomes", "C-003"): {"amount_disbursed": 2_178_000},
        ("outcomes", "C-004"): {"amount_disbursed": 9_000_000},
        ("outcomes", "C-006"): {"amount_disbursed": 6_600_000},
        ("outcomes", "C-008"): {"amount_disbursed": 6_800_000},
        ("outcomes", "C-010"): {"amount_disbursed": 1_440_000},
        ("outcomes", "C-022"): {"amount_disbursed": 570_000},
    },
}


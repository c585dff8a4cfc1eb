"""The demo portfolio's applications and their outcomes, as plain tuples (latest demo version).

Amounts, dates and acts are illustrative; the CUP year of a financed outcome feeds an illustrative CUP.
"""

from __future__ import annotations

from ..lists import FINANCED
from .portfolio import COMUNE

# --- applications: (request_id, project, call, applicant, submitted, requested, co-financing) --------
REQUESTS = (
    ("C-001", "NGP-12", "B-01", COMUNE, "2021-06-03", 7_200_000, 800_000),
    ("C-002", "NGP-13", "B-01", COMUNE, "2021-06-03", 6_400_000, None),
    ("C-003", "NGP-14", "B-01", COMUNE, "2021-06-03", 5_445_000, 555_000),
    ("C-004", "NGP-15", "B-02", COMUNE, "2021-03-15", 15_000_000, 3_000_000),
    ("C-005", "NGP-04", "B-03", COMUNE, "2021-01-14", 52_000_000, 8_000_000),
    ("C-006", "NGP-01", "B-04", "ALIA", "2022-03-10", 16_500_000, 2_200_000),
    ("C-007", "NGP-02", "B-05", "GIDA", "2022-03-11", 5_000_000, 1_200_000),
    ("C-008", "NGP-09", "B-06", COMUNE, "2022-02-07", 8_500_000, 1_300_000),
    ("C-009", "NGP-09", "B-06", COMUNE, "2022-02-07", 7_900_000, None),
    ("C-010", "NGP-16", "B-07", COMUNE, "2022-03-30", 2_400_000, None),
    ("C-011", "NGP-16", "B-07", COMUNE, "2022-03-30", 2_100_000, None),
    ("C-012", "NGP-16", "B-07", COMUNE, "2022-03-30", 1_900_000, 600_000),
    ("C-013", "NGP-22", "B-08", COMUNE, "2022-05-26", 1_500_000, None),
    ("C-014", "NGP-22", "B-08", COMUNE, "2022-05-26", 2_200_000, 400_000),
    ("C-015", "NGP-08", "B-09", COMUNE, "2022-06-14", 2_000_000, None),
    ("C-016", "NGP-21", "B-10", COMUNE, "2022-05-20", 2_500_000, None),
    ("C-017", "NGP-18", "B-11", COMUNE, "2022-04-28", 3_200_000, None),
    ("C-018", "NGP-19", "B-12", COMUNE, "2022-09-01", 579_000, None),
    ("C-019", "NGP-20", "B-13", COMUNE, "2022-09-01", 797_874, None),
    ("C-020", "NGP-19", "B-14", COMUNE, "2022-09-01", 10_990, None),
    ("C-021", "NGP-17", "B-15", "USL-TC", "2022-02-25", 4_800_000, 1_700_000),
    ("C-022", "NGP-10", "B-16", "USL-TC", "2023-01-30", 1_900_000, None),
    ("C-023", "NGP-03", "B-17", COMUNE, "2022-06-20", 3_000_000, None),
    ("C-024", "NGP-06", "B-18", "CCIAA-PTPO", "2022-05-16", 6_000_000, 1_000_000),
    ("C-025", "NGP-05", "B-19", "PIN", "2022-02-24", 9_000_000, None),
    ("C-026", "NGP-15", "B-20", COMUNE, "2022-01-28", 3_000_000, None),
    ("C-027", "NGP-03", "B-21", COMUNE, None, 1_800_000, 400_000),
    ("C-028", "NGP-05", "B-22", COMUNE, "2026-05-12", 6_000_000, 2_000_000),
    ("C-029", "NGP-24", "B-23", "PIN", "2026-11-12", 900_000, None),
    ("C-030", "NGP-24", "B-23", "CGIL-PO", None, 350_000, None),
    ("C-031", "NGP-04", "B-24", COMUNE, None, 40_000_000, 12_000_000),
    ("C-032", "NGP-18", "B-24", COMUNE, "2026-10-20", 2_500_000, 500_000),
    ("C-033", "NGP-23", "B-24", "INTERPORTO", "2026-09-15", 7_000_000, 2_500_000),
    ("C-034", "NGP-11", "B-28", COMUNE, "2022-09-28", 1_000_000, 200_000),
    ("C-035", "NGP-11", "B-25", COMUNE, "2026-11-10", 600_000, 150_000),
    ("C-036", "NGP-07", "B-26", COMUNE, "2023-06-28", 4_000_000, 1_000_000),
    ("C-037", "NGP-13", "B-26", COMUNE, "2023-06-28", 1_200_000, 300_000),
    ("C-038", "NGP-14", "B-26", COMUNE, "2023-06-28", 900_000, None),
    ("C-039", "NGP-03", "B-27", COMUNE, None, 250_000, None),
    ("C-040", "NGP-21", "B-27", "CONFCOOP", "2026-11-18", 300_000, None),
    ("C-041", "NGP-01", "B-22", "TECNOTESSILE", "2026-06-20", 2_400_000, 600_000),
    ("C-042", "NGP-12", "B-21", COMUNE, None, 500_000, None),
    ("C-043", "NGP-17", "B-15", "USL-TC", "2022-02-25", 1_700_000, None),
    ("C-044", "NGP-12", "B-26", COMUNE, "2023-06-28", 800_000, 200_000),
    ("C-045", "NGP-06", "B-22", "CCIAA-PTPO", "2026-06-28", 3_000_000, None),
    ("C-046", "NGP-10", "B-23", "PIN", "2026-10-28", 250_000, None),
    ("C-047", "NGP-04", "B-11", COMUNE, "2022-04-28", 1_500_000, None),
    ("C-048", "NGP-08", "B-27", COMUNE, None, 120_000, None),
)

# --- outcomes: (request_id, outcome, decided, granted, disbursed, act, CUP year) ----------------------
# C-029, C-033, C-040 and C-046 have no outcome row: submitted, nothing heard yet.
_RIGENERAZIONE_ACT = "Decreto Min. Interno–MEF del 04/01/2022 (graduatoria rigenerazione urbana)"
_CIS_ACT = "Contratto istituzionale di sviluppo PNRR Salute – Regione Toscana del 31/05/2022"
_RT_2023_ACT = "Decreto dirigenziale Regione Toscana n. 28410 del 14/12/2023"
OUTCOMES = (
    ("C-001", FINANCED, "2022-01-04", 7_200_000, 7_200_000, _RIGENERAZIONE_ACT, 22),
    ("C-002", FINANCED, "2022-01-04", 6_400_000, 5_760_000, _RIGENERAZIONE_ACT, 22),
    ("C-003", FINANCED, "2022-01-04", 5_445_000, 4_900_500, _RIGENERAZIONE_ACT, 22),
    ("C-004", FINANCED, "2021-10-07", 15_000_000, 10_500_000, "Decreto MIMS n. 383 del 07/10/2021", 21),
    ("C-005", "Ammessa non finanziata", "2021-11-16", None, None, "Decreto MIMS n. 448 del 16/11/2021", None),
    ("C-006", FINANCED, "2022-10-28", 16_500_000, 9_900_000, "Decreto MiTE n. 257 del 28/10/2022", 22),
    ("C-007", "Finanziata parzialmente", "2022-10-28", 3_800_000, 3_800_000,
     "Decreto MiTE n. 256 del 28/10/2022", 22),
    ("C-008", FINANCED, "2022-06-08", 8_500_000, 8_075_000, "Decreto MI n. 134 del 08/06/2022", 22),
    ("C-009", "Ammessa non finanziata", "2022-06-08", None, None, "Decreto MI n. 134 del 08/06/2022", None),
    ("C-010", FINANCED, "2022-08-08", 2_400_000, 1_920_000, "Decreto MI n. 343 del 08/08/2022", 22),
    ("C-011", FINANCED, "2023-02-15", 2_100_000, 1_050_000, "Decreto MIM n. 32 del 15/02/2023 (scorrimento)", 23),
    ("C-012", "Ritirata / Rinuncia", "2023-05-10", None, None,
     "Delibera di Giunta n. 178 del 10/05/2023 (rinuncia)", None),
    ("C-013", "Non ammessa", "2022-09-21", None, None, "Decreto MI n. 257 del 21/09/2022", None),
    ("C-014", FINANCED, "2022-09-21", 2_200_000, 440_000, "Decreto MI n. 257 del 21/09/2022", 22),
    ("C-015", FINANCED, "2022-12-20", 2_000_000, 2_000_000, "Decreto MiC n. 505 del 20/12/2022", 22),
    ("C-016", "Revocata", "2026-07-15", None, None, "Decreto Dip. Sport n. 112 del 15/07/2026 (revoca)", 22),
    ("C-017", FINANCED, "2022-07-29", 3_200_000, 3_200_000, "Decreto MIMS n. 509 del 29/07/2022", 22),
    ("C-018", FINANCED, "2022-11-14", 579_000, 579_000, "Decreto DTD n. 28-2/2022 del 14/11/2022", 22),
    ("C-019", FINANCED, "2022-11-14", 797_874, 638_299, "Decreto DTD n. 29-1/2022 del 14/11/2022", 22),
    ("C-020", FINANCED, "2022-11-14", 10_990, 10_990, "Decreto DTD n. 30-3/2022 del 14/11/2022", 22),
    ("C-021", FINANCED, "2022-05-31", 4_800_000, 3_600_000, _CIS_ACT, 22),
    ("C-022", FINANCED, "2023-06-27", 1_900_000, 1_140_000,
     "Delibera Giunta regionale n. 720 del 27/06/2023", 23),
    ("C-023", "Non ammessa", "2022-10-06", None, None,
     "Decreto MiTE n. 201 del 06/10/2022 (misura riservata alle città metropolitane)", None),
    ("C-024", "Non ammessa", "2022-07-12", None, None, "Esito Infratel Italia del 12/07/2022", None),
    ("C-025", "Ammessa non finanziata", "2022-06-22", None, None, "Decreto MUR n. 1049 del 22/06/2022", None),
    ("C-026", FINANCED, "2022-04-20", 3_000_000, 1_800_000,
     "Decreto dirigenziale Regione Toscana n. 7520 del 20/04/2022", 22),
    ("C-027", "In preparazione", None, None, None, None, None),
    ("C-028", "In istruttoria", None, None, None, None, None),
    ("C-030", "In preparazione", None, None, None, None, None),
    ("C-031", "In preparazione", None, None, None, None, None),
    ("C-032", "Presentata", None, None, None, None, None),
    ("C-034", FINANCED, "2022-12-12", 1_000_000, 1_000_000,
     "Decreto dirigenziale Regione Toscana n. 24561 del 12/12/2022", 22),
    ("C-035", "Presentata", None, None, None, None, None),
    ("C-036", "Ritirata / Rinuncia", "2023-11-07", None, None,
     "Nota del Comune prot. 231456 del 07/11/2023 (rinuncia)", None),
    ("C-037", FINANCED, "2023-12-14", 1_200_000, 1_200_000, _RT_2023_ACT, 23),
    ("C-038", "Ammessa non finanziata", "2023-12-14", None, None, _RT_2023_ACT, None),
    ("C-039", "In preparazione", None, None, None, None, None),
    ("C-041", "In istruttoria", None, None, None, None, None),
    ("C-042", "In preparazione", None, None, None, None, None),
    ("C-043", FINANCED, "2022-05-31", 1_700_000, 1_020_000, _CIS_ACT, 22),
    ("C-044", "Non ammessa", "2023-12-14", None, None, _RT_2023_ACT, None),
    ("C-045", "Non ammessa", "2026-10-30", None, None,
     "Decreto dirigenziale Regione Toscana n. 21877 del 30/10/2026", None),
    ("C-047", FINANCED, "2022-07-29", 1_500_000, 1_200_000, "Decreto MIMS n. 509 del 29/07/2022", 22),
    ("C-048", "In preparazione", None, None, None, None, None),
)

# Outcomes linked to real CUPs of the Comune di Prato in the official sample (data/official_sample/: Italia
# Domani, CC BY 4.0), with the official amounts, so that the Riscontro ufficiale shows agreeing cards on
# first start. Every other CUP of the demo is illustrative (and the Riscontro says it is not found).
REAL_CUPS = {"C-019": "C31C22000130006", "C-020": "C31F22000160006"}


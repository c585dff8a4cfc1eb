"""Every interface label in Italian and English: ``t(key, lang)``, and ``tn(key, n, lang)`` for a sentence
with a count in it ("1 errore" / "2 errori", by CLDR's plural rules).

The labels are declared by page family (``common``, ``committee``, ``data``, ``official``); column headers are not
labels: they come from the schema (``schema.column``), and the few label keys that name a column
(chart axes, KPI names, the export's summary sheets) read their text from there. Closed-list values
come from ``lists``. Italian is the default.
"""

from __future__ import annotations

from ..formats import fmt_number, plural_form
from ..schema import COMPONENTS, MISSIONS, choice_label, column
from . import attention, committee, common, data, followup, meetings, official, pack, presenter, riscontro
from ._plural import Label, Plural

LANGS = ("it", "en")

# Label keys that name a column: their text is the column's header (schema, DERIVED included).
COLUMN_KEYS: dict[str, tuple[str, str | None]] = {
    "budget": ("budget", None), "requested": ("requested", None), "granted": ("granted", None),
    "cofinancing": ("cofinancing", None), "gap": ("funding_gap", None), "n_cards": ("n_cards", None),
    "n_requests": ("n_requests", None), "deadline": ("deadline", "calls"),
    "kpi_cards": ("n_cards", None), "kpi_budget": ("budget_total", "projects"), "kpi_requested": ("requested", None),
    "kpi_granted": ("granted", None), "kpi_cofinancing": ("cofinancing", None), "kpi_gap": ("funding_gap", None),
    # the export's summary sheets (output/excel.py)
    "col_mission": ("mission", "projects"), "col_kind": ("kind", "partners"), "col_name": ("name", "partners"),
    "col_led": ("n_led", None), "col_joined": ("n_joined", None), "col_success": ("success_rate", None),
    "col_decided": ("n_decided", None), "col_financed": ("n_financed", None), "col_budget": ("budget", None),
    "col_requested": ("requested", None), "col_granted": ("granted", None),
}

_FAMILIES = (common.LABELS, committee.LABELS, data.LABELS, official.LABELS, riscontro.LABELS, followup.LABELS,
             attention.LABELS, meetings.LABELS, presenter.LABELS, pack.LABELS)
LABELS: dict[str, Label] = {k: v for family in _FAMILIES for k, v in family.items()}
_twice = {k for i, a in enumerate(_FAMILIES) for b in _FAMILIES[i + 1:] for k in a.keys() & b.keys()} | (
    LABELS.keys() & COLUMN_KEYS.keys())
if _twice:
    raise ValueError(f"labels declared twice: {sorted(_twice)}")
LABELS.update({key: (column(name, table).it, column(name, table).en) for key, (name, table) in COLUMN_KEYS.items()})


def t(key: str, lang: str = "it", **values) -> str:
    """The label ``key`` in ``lang``, with ``{placeholders}`` filled."""
    entry = LABELS[key]
    if isinstance(entry, Plural):
        raise TypeError(f"label {key!r} has plural forms: use tn({key!r}, n, ...)")
    text = entry[1] if lang == "en" else entry[0]
    return text.format(**values) if values else text


def tn(key: str, n: float, lang: str = "it", **values) -> str:
    """The label ``key`` for the count ``n`` (its ``one`` or ``other`` form in ``lang``), with ``{n}`` written
    as a number of ``lang`` (``1.234``) unless given, and the other ``{placeholders}`` filled."""
    entry = LABELS[key]
    if not isinstance(entry, Plural):
        raise TypeError(f"label {key!r} has no plural forms: use t({key!r}, ...)")
    one, other = entry.forms(lang)
    text = one if plural_form(n, lang) == "one" else other
    values.setdefault("n", fmt_number(n, lang))
    return text.format(**values)


def mission_label(code: str | None, lang: str = "it", long: bool = False) -> str:
    """``M2`` or, with ``long``, ``M2 · Rivoluzione verde e transizione ecologica``."""
    return _coded(code, MISSIONS, lang, long)


def component_label(code: str | None, lang: str = "it", long: bool = False) -> str:
    """``M5C2`` or, with ``long``, ``M5C2 · Infrastrutture sociali, famiglie, comunità e terzo settore``."""
    return _coded(code, COMPONENTS, lang, long)


def _coded(code: str | None, names: dict[str, tuple[str, str]], lang: str, long: bool) -> str:
    if not code:
        return t("not_available", lang)
    found = names.get(code)
    if not long or found is None:
        return code
    return f"{code} · {found[1] if lang == 'en' else found[0]}"


def value_label(value: str | None, lang: str = "it") -> str:
    """A closed-list value (outcome, state, kind, …) in the interface language."""
    return choice_label(value, lang) or ""


def column_label(table: str | None, name: str, lang: str = "it") -> str:
    """The header of a column (of ``table``, or a derived one), as in the template (Italian) or in English."""
    return column(name, table).label(lang)


def author_label(author: str | None, kind: str = "", lang: str = "it") -> str:
    """Who made a version, in ``lang``: the demo's versions as "dati dimostrativi" / "demo data", the local
    mode's author ("locale") as "local" in English; an e-mail as it is."""
    if kind == "demo":
        return t("dati_kind_demo", lang)
    if author == "locale":
        return t("author_local", lang)
    return author or ""


def md_plain(text) -> str:
    """User text made inert for Streamlit Markdown (titles, headings, messages): every ASCII punctuation
    mark is backslash-escaped, so no link, image, HTML, emphasis, LaTeX or bare ``www.`` autolink can
    come out of it; newlines become spaces."""
    out = " ".join(str("" if text is None else text).split())
    return "".join("\\" + ch if ch in _MD_PUNCT else ch for ch in out)


_MD_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


# Colours: each mission keeps one colour everywhere (Okabe-Ito, safe for colour-blind readers, no red);
# outcomes have their own palette where only bad news is red, good news green, waiting shades of blue.
MISSION_COLORS = {
    "M1": "#0072B2", "M2": "#009E73", "M3": "#CC79A7", "M4": "#56B4E9", "M5": "#E69F00", "M6": "#6A3D9A",
    "M7": "#8C7B00",
}
OUTCOME_COLORS = {
    "Ammessa e finanziata": "#1a7f37",        # financed: green
    "Finanziata parzialmente": "#7cc48a",
    "Ammessa non finanziata": "#d4a72c",      # not financed (eligible): amber
    "Non ammessa": "#cf222e",                 # rejected: red
    "Revocata": "#7d0a1e",
    "Ritirata / Rinuncia": "#6e7781",         # withdrawn: grey
    "Presentata": "#6f9fd8",                  # waiting: blues, light to dark as the decision nears
    "In istruttoria": "#1f4e99",
    "In preparazione": "#c6dbef",
}
MONEY_COLORS = {"budget": "#c4ccd6", "requested": "#6f9fd8", "granted": "#1f4e99", "cofinancing": "#d4a72c",
                "gap": "#f2c14e", "over_budget": "#1a7f37"}

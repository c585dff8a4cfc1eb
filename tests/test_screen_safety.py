"""User text on screen is text: never HTML, never Markdown that loads an image or makes a link (case 43)."""

from __future__ import annotations

import re

import pytest

from tests.apptest_helpers import OPEN_CHANGES, run_app
from tests.hostile_text import IMG, RAW_MARKERS, hostile_db

PAGES = ["panoramica", "missioni", "partner", "budget", "bandi", "scheda", "novita", "dati", "esporta", "attenzione",
         "fondi"]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return hostile_db(tmp_path_factory.mktemp("hostile") / "ostile.duckdb")


def rendered_markdown(at) -> list[str]:
    """Every element whose text Streamlit renders as Markdown."""
    elements = [*at.markdown, *at.caption, *at.title, *at.header, *at.subheader, *at.info, *at.warning,
                *at.success, *at.error]
    texts = [str(e.value) for e in elements]
    for widget in (*at.selectbox, *at.multiselect, *at.radio):
        texts += [str(widget.label), str(getattr(widget, "help", "") or "")]
    texts += [str(m.label) + str(m.value) + str(getattr(m.proto, "help", "")) for m in at.metric]
    return texts


@pytest.mark.parametrize("page", PAGES)
def test_hostile_text_is_never_rendered_as_markup(db, page):
    params = {"progetto": "NGP-01"} if page == "scheda" else None
    at = run_app(db, page=page, demo=False, params=params, state=OPEN_CHANGES if page == "novita" else None)
    assert not at.exception, at.exception
    for text in rendered_markdown(at):
        for marker in RAW_MARKERS:        # present only backslash-escaped, i.e. as literal text
            unescaped = re.compile(r"(?<!\\)" + re.escape(marker[0]) + r"\\?".join(map(re.escape, marker[1:])))
            assert not unescaped.search(text), f"{page}: {marker!r} rendered as markup in {text!r}"
    for chart in at.get("plotly_chart"):
        assert "<img" not in chart.proto.spec and "<script" not in chart.proto.spec


def test_the_hostile_title_is_still_shown_as_typed(db):
    at = run_app(db, page="missioni", demo=False)
    shown = [str(v) for df in at.dataframe for v in df.value.to_numpy().ravel()]
    assert IMG in shown

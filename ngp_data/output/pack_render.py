"""The meeting pack's two engines: Plotly figures to SVG with kaleido (one Chromium per pack), and the
document typeset by typst from ``pack.typ`` and a JSON file of plain strings.

* kaleido 1.x drives a Chromium over the DevTools protocol. Its browser is found by choreographer
  (``BROWSER_PATH``, else ``chromium``/``chrome`` on ``PATH``); when ``BROWSER_PATH`` is unset we pass
  Debian's ``/usr/bin/chromium`` if it is there, without touching the process environment. kaleido is not
  thread-safe: one export at a time in the process (``_KALEIDO_LOCK``), one browser for all the figures
  of a pack (starting Chromium costs seconds, a figure a third of a second). MathJax is off: it would be
  fetched from a CDN, and no chart uses LaTeX.
* typst reads ``data.json`` with ``json(...)`` and shows every string as a string: user text (a card
  title with ``#``, ``$``, ``*``, ``[``, ``]``, ``\\``, ``@``, ``<``…) is never parsed as markup, so no
  escaping is needed and none can be forgotten. SVG images stay vector in the PDF (text as text).

Failures become :class:`PackError` with an Italian (or English) message saying what is missing.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from ..labels import t

TEMPLATE = Path(__file__).with_name("pack.typ")
CHART_WIDTH_PX = 1000                 # every chart is drawn 1000 px wide, then scaled to the page's width
FONTS = ("Liberation Sans", "DejaVu Sans")   # fonts-liberation comes with Debian's chromium; DejaVu is in the base
DEBIAN_CHROMIUM = "/usr/bin/chromium"
_KALEIDO_LOCK = threading.Lock()      # kaleido is not thread-safe: one export at a time in the process


class PackError(Exception):
    """The pack could not be made; ``str()`` is the message for the user (Italian or English)."""


def browser_path() -> str | None:
    """The browser kaleido should start: None when ``BROWSER_PATH`` is set (choreographer reads it) or
    when Debian's chromium is absent (choreographer searches ``PATH``)."""
    if os.environ.get("BROWSER_PATH"):
        return None
    return DEBIAN_CHROMIUM if os.path.exists(DEBIAN_CHROMIUM) else shutil.which("chromium")


def _run(make_coro: Callable) -> object:
    """Run a coroutine to its end from synchronous code, even where an event loop is already running
    (then in a thread of its own)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make_coro())
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, make_coro()).result()


def figures_to_svg(figures: list, lang: str = "it",
                   step: Callable[[int, int], None] | None = None) -> list[bytes]:
    """Each Plotly figure as SVG bytes, ``CHART_WIDTH_PX`` wide and as tall as its layout says, through one
    Chromium started for the whole list; ``step(i, n)`` after each figure."""
    if not figures:
        return []
    try:
        import kaleido
    except ImportError as exc:
        raise PackError(t("pack_err_missing", lang, name="kaleido")) from exc

    async def export() -> list[bytes]:
        kwargs = {"path": path} if (path := browser_path()) else {}
        out: list[bytes] = []
        async with kaleido.Kaleido(n=1, mathjax=False, timeout=60, **kwargs) as k:
            for i, fig in enumerate(figures, 1):
                height = int(fig.layout.height or 420)
                out.append(await k.calc_fig(fig, opts={"format": "svg", "width": CHART_WIDTH_PX, "height": height}))
                if step:
                    step(i, len(figures))
        return out

    with _KALEIDO_LOCK:
        try:
            return _run(export)
        except PackError:
            raise
        except Exception as exc:                  # ChromeNotFoundError, BrowserFailedError, a timeout…
            detail = " ".join(str(exc).split())[:300] or type(exc).__name__
            raise PackError(t("pack_err_browser", lang, detail=detail)) from exc


def typeset(data: dict, images: dict[str, bytes], lang: str = "it") -> bytes:
    """The PDF: ``pack.typ`` with ``data`` as ``data.json`` and ``images`` (file name -> bytes) beside it."""
    try:
        import typst
    except ImportError as exc:
        raise PackError(t("pack_err_missing", lang, name="typst")) from exc
    with tempfile.TemporaryDirectory(prefix="ngp_pack_") as tmp:
        root = Path(tmp)
        main = root / "pack.typ"
        main.write_bytes(TEMPLATE.read_bytes())
        (root / "data.json").write_text(json.dumps({**data, "fonts": list(FONTS)}, ensure_ascii=False),
                                        encoding="utf-8")
        for name, content in images.items():
            (root / name).write_bytes(content)
        try:
            return typst.compile(str(main), root=str(root))
        except Exception as exc:                  # typst.TypstError: the template or a file is wrong
            detail = " ".join(str(getattr(exc, "message", exc)).split())[:300]
            raise PackError(t("pack_err_typeset", lang, detail=detail)) from exc

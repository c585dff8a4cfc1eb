"""Presentazione: the committee's meeting on the projector, one idea a screen (ui/presenter.py).

The screen number lives in the URL (``?schermo=3``) beside the filters and the language, so a link reopens the
meeting where it was. "Avanti"/"Indietro", the arrow keys and a clicker's Page Down / Page Up move by one;
"Esci" goes back to the Panoramica with the same filters. Every screen says which filters and which data
(version, official snapshot) it shows.
"""

from ui.context import context
from ui.presenter import present

present(context())

"""What a label is: one text per language, or one text per language and plural category."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Plural:
    """A label with a count in it: (one, other) per language, CLDR's two categories for Italian and English
    ("1 errore" / "2 errori", "0 errori"). Read it with ``labels.tn``."""

    it: tuple[str, str]
    en: tuple[str, str]

    def forms(self, lang: str) -> tuple[str, str]:
        return self.en if lang == "en" else self.it


Label = tuple[str, str] | Plural          # (Italian, English), or a Plural


def plural(it: tuple[str, str], en: tuple[str, str]) -> Plural:
    """``plural(("{n} errore", "{n} errori"), ("{n} error", "{n} errors"))``."""
    return Plural(tuple(it), tuple(en))

"""The state's own record: official open-data files read, kept for the Comune, linked to the cards.

``import_official`` is the entry point (the command line's ``official`` and the Dati page call it);
``files`` sizes up and recognises a file, ``reading`` reads and converts it with DuckDB, ``importer``
keeps the Comune's rows and commits a snapshot.
"""

from .files import MAX_OFFICIAL_BYTES, READ_SECONDS, recognise
from .importer import STAGES, ImportResult, comune_code, import_official

__all__ = ["MAX_OFFICIAL_BYTES", "READ_SECONDS", "STAGES", "ImportResult", "comune_code", "import_official",
           "recognise"]

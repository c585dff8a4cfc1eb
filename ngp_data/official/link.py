"""A card linked to its official project: the CUP written into the card as a new version.

Accepting a suggestion (``official.suggest``) is an edit of the committee's data like any upload: a new
version through ``Store.commit`` (the projects table replaced with the one change, author and comment
recorded, ``kind="link"``), so it shows in the history and a rollback undoes it.
"""

from __future__ import annotations

from ..ingest.cells import BadValue, clean_cup
from ..store import Store
from ..store.errors import StoreError

LINK_KIND = "link"


class LinkRefused(StoreError):
    """The CUP cannot be written into the card; ``str()`` is the Italian reason."""


def claimed_by(store: Store, version_id: int, cup: str) -> list[str]:
    """The cards of the version that carry ``cup``, on the card or on an outcome of one of its applications."""
    projects, requests, outcomes = (store.table(n, version_id) for n in ("projects", "requests", "outcomes"))
    on_outcome = requests.merge(outcomes[outcomes["cup"] == cup], on="request_id")["project_id"]
    return sorted(set(projects.loc[projects["cup"] == cup, "project_id"]) | set(on_outcome))


def accept_suggestion(store: Store, project_id: str, cup: str, *, author: str, expected_active: int | None,
                      comment: str | None = None) -> int:
    """Write ``cup`` into card ``project_id`` as a new version; its id.

    Refused (:class:`LinkRefused`, nothing written) when the CUP is malformed, the card does not exist
    or already has a CUP, or another card carries the CUP; ``StaleVersion`` when another change was
    confirmed since ``expected_active`` was read.
    """
    try:
        cup = clean_cup(cup)
    except BadValue as exc:
        raise LinkRefused(str(exc)) from None
    if not cup:
        raise LinkRefused("Nessun CUP da collegare.")
    if expected_active is None:
        raise LinkRefused("Il database non contiene ancora schede: importa prima i dati del comitato.")
    projects = store.table("projects", expected_active)
    at = projects.index[projects["project_id"] == project_id]
    if len(at) == 0:
        raise LinkRefused(f"La scheda {project_id} non esiste nella versione {expected_active}.")
    current = projects.at[at[0], "cup"]
    if isinstance(current, str) and current:
        raise LinkRefused(f"La scheda {project_id} ha già il CUP {current}: per cambiarlo modifica la scheda e "
                          f"ricarica il file.")
    others = [p for p in claimed_by(store, expected_active, cup) if p != project_id]
    if others:
        raise LinkRefused(f"Il CUP {cup} è già collegato alla scheda {', '.join(others)}: una scheda per CUP.")
    changed = projects.copy()
    changed.at[at[0], "cup"] = cup
    return store.commit({"projects": changed}, author=author, expected_active=expected_active, kind=LINK_KIND,
                        comment=comment or f"CUP {cup} collegato alla scheda {project_id} (suggerimento)")

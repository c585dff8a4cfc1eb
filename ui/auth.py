"""Who may edit the data: Streamlit's own login (OpenID Connect) and the editor list, or local mode.

* ``[auth]`` in secrets.toml: editing needs a logged-in user whose e-mail is on the editor list
  (``editors = [...]`` in secrets.toml and/or ``NGP_EDITORS``, comma-separated; case-insensitive).
* No ``[auth]`` and the server bound to loopback only: the one local user may edit ("locale").
* No ``[auth]`` and the server reachable from elsewhere: nobody may edit; the page says how to set
  login up. There is never a password box of our own.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

from ngp_data.labels import md_plain, t
from ngp_data.store import LOCAL_AUTHOR

LOOPBACK = ("127.0.0.1", "localhost", "::1")
LOCAL, EDITOR, READER, ANONYMOUS, OFF = "local", "editor", "reader", "anonymous", "off"


@dataclass(frozen=True)
class Access:
    mode: str                         # local | editor | reader | anonymous | off
    email: str | None = None
    providers: tuple[str | None, ...] = ()   # login buttons to offer (None: the default [auth] provider)

    @property
    def can_edit(self) -> bool:
        return self.mode in (LOCAL, EDITOR)

    @property
    def author(self) -> str:
        """What a version written now records as its author."""
        return self.email if self.mode == EDITOR and self.email else LOCAL_AUTHOR


def decide_access(auth: Mapping | None, address: str | None, user: Mapping, editors: set[str]) -> Access:
    """The access rule as a pure function (tested without a server)."""
    if not auth:
        return Access(LOCAL if (address or "").strip() in LOOPBACK else OFF)
    providers = login_providers(auth)
    if not user.get("is_logged_in"):
        return Access(ANONYMOUS, providers=providers)
    email = str(user.get("email") or "").strip() or None
    verified = user.get("email_verified") is not False          # only an explicit "not verified" refuses
    if email and verified and email.casefold() in editors:
        return Access(EDITOR, email, providers)
    return Access(READER, email, providers)


def login_providers(auth: Mapping) -> tuple[str | None, ...]:
    """``(None,)`` for a provider configured in [auth] itself, else the names of its sub-sections."""
    if auth.get("client_id") or auth.get("server_metadata_url"):
        return (None,)
    named = tuple(str(k) for k, v in auth.items() if isinstance(v, Mapping))
    return named or (None,)


def auth_section() -> Mapping | None:
    """The [auth] table of the secrets, or None (no secrets file at all is not an error)."""
    try:
        secrets = st.secrets
        if "auth" not in secrets:
            return None
        section = secrets["auth"]
    except Exception:              # no secrets file, or one Streamlit cannot parse: no login configured
        return None
    return section if isinstance(section, Mapping) and section else None


def editor_emails() -> set[str]:
    """``editors`` from the secrets (a list, or one comma-separated string) plus ``NGP_EDITORS``."""
    found: list[str] = []
    try:
        value = st.secrets["editors"] if "editors" in st.secrets else []
    except Exception:
        value = []
    if isinstance(value, str):
        value = value.split(",")
    found += [str(v) for v in (value or [])]
    found += os.environ.get("NGP_EDITORS", "").split(",")
    return {e.strip().casefold() for e in found if e and e.strip()}


def current_user() -> Mapping:
    """st.user as a plain mapping; never raises (st.user.is_logged_in may, without [auth])."""
    try:
        return dict(st.user.to_dict())
    except Exception:
        return {}


def current_access() -> Access:
    return decide_access(auth_section(), st.get_option("server.address"), current_user(), editor_emails())


_LOGIN_ERROR = "dati_login_error"


def _login(provider: str | None) -> None:
    """st.login, with a readable message instead of a traceback when [auth] is incomplete."""
    try:
        if provider:
            st.login(provider)
        else:
            st.login()
    except Exception as exc:                    # StreamlitAuthError: a setting missing from [auth]
        st.session_state[_LOGIN_ERROR] = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)


def access_panel(access: Access, lang: str) -> None:
    """Say who may do what here, with the Accedi / Esci buttons when login is configured."""
    if access.mode == LOCAL:
        st.info(t("dati_local_mode", lang), icon=":material/computer:")
    elif access.mode == OFF:
        st.warning(t("dati_edit_off", lang), icon=":material/lock:")
    elif access.mode == ANONYMOUS:
        st.info(t("dati_login_needed", lang), icon=":material/lock:")
        for provider in access.providers:
            label = t("dati_login", lang) if provider is None or len(access.providers) == 1 \
                else t("dati_login_with", lang, provider=provider)
            st.button(label, key=f"dati_login_{provider or 'default'}", on_click=_login, args=(provider,),
                      icon=":material/login:", type="primary")
        if st.session_state.get(_LOGIN_ERROR):
            st.error(t("dati_login_failed", lang, error=md_plain(st.session_state.pop(_LOGIN_ERROR))))
    else:
        who = md_plain(access.email or "?")
        if access.mode == EDITOR:
            st.success(t("dati_logged_editor", lang, email=who), icon=":material/verified_user:")
        else:
            st.warning(t("dati_logged_reader", lang, email=who), icon=":material/visibility:")
        st.button(t("dati_logout", lang), key="dati_logout", on_click=st.logout, icon=":material/logout:")

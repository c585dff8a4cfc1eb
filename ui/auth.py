"""Who may edit the data: Streamlit's own login (OpenID Connect) and the editor list, or local mode.

* ``[auth]`` in secrets.toml: editing needs a logged-in user whose e-mail is on the editor list
  (``editors = [...]`` in secrets.toml and/or ``NGP_EDITORS``, comma-separated) and whose provider says
  the e-mail is verified: the claim ``email_verified`` exactly ``true``. A provider that never sends the
  claim (Microsoft Entra ID) counts as verifying only when ``email_always_verified`` says so (a top-level
  secret: ``true``, or a list of provider names; ``default`` is the provider of ``[auth]`` itself).
* E-mails are compared as lower-case ASCII after trimming surrounding spaces: an address with any
  other character (``ſ``, the Kelvin sign, full-width letters, Cyrillic look-alikes, zero-width spaces)
  never matches, and such an entry of the list is ignored (logged). No two different addresses match.
* No ``[auth]``, the server bound to loopback only and a request that did not come through a proxy
  (no forwarding header, Host and Origin naming this computer): the one local user may edit ("locale").
  ``NGP_TRUST_PROXY_LOCAL=1`` skips the proxy check (everyone behind the proxy may then edit).
* Otherwise without ``[auth]``: nobody may edit; the page says why and how to set login up. There is
  never a password box of our own.
"""

from __future__ import annotations

import ipaddress
import logging
import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import streamlit as st

from ngp_data.labels import md_plain, t
from ngp_data.store import LOCAL_AUTHOR

LOCAL, EDITOR, READER, ANONYMOUS, OFF = "local", "editor", "reader", "anonymous", "off"
TRUST_PROXY_ENV = "NGP_TRUST_PROXY_LOCAL"
ALWAYS_VERIFIED_KEY = "email_always_verified"
# Headers a reverse proxy adds (lower case): any of them means the browser is not this computer's own.
FORWARDING_HEADERS = ("forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-real-ip",
                      "via", "x-forwarded-port", "x-forwarded-server", "x-client-ip", "true-client-ip",
                      "cf-connecting-ip", "x-cluster-client-ip", "x-original-forwarded-for")
_SPACES = " \t\r\n\f\v"                  # ASCII only: a no-break space around an address is not trimmed away
_log = logging.getLogger(__name__)
_warned: set[str] = set()


@dataclass(frozen=True)
class Access:
    mode: str                         # local | editor | reader | anonymous | off
    email: str | None = None
    providers: tuple[str | None, ...] = ()   # login buttons to offer (None: the default [auth] provider)
    unverified: bool = False          # reader: on the editor list, but the e-mail is not confirmed verified
    proxied_by: str | None = None     # off: the request header showing it came through a proxy

    @property
    def can_edit(self) -> bool:
        return self.mode in (LOCAL, EDITOR)

    @property
    def author(self) -> str:
        """What a version written now records as its author."""
        return self.email if self.mode == EDITOR and self.email else LOCAL_AUTHOR


def decide_access(auth: Mapping | None, address: str | None, user: Mapping, editors: Collection[str],
                  headers: Mapping[str, str] | None = None, *, always_verified: bool | Collection[str] = False,
                  trust_proxy: bool = False) -> Access:
    """The access rule as a pure function (tested without a server).

    ``headers`` are the request's (``st.context.headers``; any case); ``always_verified`` is True, or the
    names of the providers that verify every e-mail without saying so; ``trust_proxy`` lets local mode
    through a proxy.
    """
    if not auth:
        if not is_loopback(address):
            return Access(OFF)
        sign = None if trust_proxy else proxy_sign(headers or {})
        return Access(OFF, proxied_by=sign) if sign else Access(LOCAL)
    providers = login_providers(auth)
    if not user.get("is_logged_in"):
        return Access(ANONYMOUS, providers=providers)
    raw = user.get("email")
    email = (raw.strip(_SPACES) or None) if isinstance(raw, str) else None
    key = editor_key(raw)
    if key is None or key not in {k for k in map(editor_key, editors) if k}:
        return Access(READER, email, providers)
    if not email_verified(user, always_verified):
        return Access(READER, email, providers, unverified=True)
    return Access(EDITOR, email, providers)


def editor_key(value: object) -> str | None:
    """The form in which an e-mail is compared: trimmed, pure ASCII, lower case; None if it cannot match.

    Only ASCII is lower-cased, so no other character can turn into a letter of an editor's address
    (``"ſ".casefold() == "s"``, ``"\\u212a".lower() == "k"``).
    """
    if not isinstance(value, str):
        return None
    value = value.strip(_SPACES)
    if not value or not value.isascii():
        return None
    return value.lower()


def email_verified(user: Mapping, always_verified: bool | Collection[str] = False) -> bool:
    """The claim ``email_verified`` is exactly true (JSON ``true``); absent, only where the provider always
    verifies. ``"true"``, ``1``, ``null`` and anything else refuse."""
    if "email_verified" in user:
        return user["email_verified"] is True
    if always_verified is True:
        return True
    if isinstance(always_verified, (bool, str)):
        return False
    return str(user.get("provider") or "") in {str(p) for p in always_verified}


def is_loopback(host: str | None) -> bool:
    """``127.0.0.1``, ``::1``, ``localhost`` (and ``*.localhost``), without brackets or port."""
    host = (host or "").strip().strip("[]").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def proxy_sign(headers: Mapping[str, str]) -> str | None:
    """The header showing the request came through a proxy, or None for this computer's own browser.

    A forwarding header, or a Host or Origin that names another computer (a proxy that adds no header
    still passes on the name the browser used).
    """
    lowered = {str(k).lower(): v for k, v in headers.items()}
    for name in FORWARDING_HEADERS:
        if name in lowered:
            return _header_name(name)
    host = lowered.get("host")
    if host is not None and not is_loopback(urlsplit(f"//{host}").hostname):
        return "Host"
    origin = lowered.get("origin")
    if origin is not None and not is_loopback(urlsplit(str(origin)).hostname):
        return "Origin"
    return None


def _header_name(name: str) -> str:
    return {"x-real-ip": "X-Real-IP", "x-client-ip": "X-Client-IP", "true-client-ip": "True-Client-IP",
            "cf-connecting-ip": "CF-Connecting-IP", "x-cluster-client-ip": "X-Cluster-Client-IP"}.get(
        name, "-".join(w.capitalize() for w in name.split("-")))


def login_providers(auth: Mapping) -> tuple[str | None, ...]:
    """``(None,)`` for a provider configured in [auth] itself, else the names of its sub-sections."""
    if auth.get("client_id") or auth.get("server_metadata_url"):
        return (None,)
    named = tuple(str(k) for k, v in auth.items() if isinstance(v, Mapping))
    return named or (None,)


def _secret(key: str):
    """A top-level secret, or None (no secrets file at all is not an error)."""
    try:
        return st.secrets[key] if key in st.secrets else None
    except Exception:              # no secrets file, or one Streamlit cannot parse
        return None


def auth_section() -> Mapping | None:
    """The [auth] table of the secrets, or None."""
    section = _secret("auth")
    return section if isinstance(section, Mapping) and section else None


def editor_emails() -> set[str]:
    """``editors`` from the secrets (a list, or one comma-separated string) plus ``NGP_EDITORS``, as compared.

    An entry that is not plain ASCII could only match a look-alike of some other address: it is ignored,
    with a warning in the server's log.
    """
    value = _secret("editors") or []
    if isinstance(value, str):
        value = value.split(",")
    found = [str(v) for v in value] + os.environ.get("NGP_EDITORS", "").split(",")
    keys = set()
    for entry in found:
        if not entry.strip(_SPACES):
            continue
        key = editor_key(entry)
        if key is None:
            if entry not in _warned:
                _warned.add(entry)
                _log.warning("editors: %s ignored: an e-mail of the editor list must be plain ASCII", ascii(entry))
            continue
        keys.add(key)
    return keys


def always_verified_setting() -> bool | frozenset[str]:
    """``email_always_verified`` from the secrets: true (every provider), a list of provider names, or off."""
    value = _secret(ALWAYS_VERIFIED_KEY)
    if value is True:
        return True
    if isinstance(value, (list, tuple)):
        return frozenset(str(v) for v in value)
    return False


def request_headers() -> Mapping[str, str]:
    """The headers of the browser's connection (the websocket's handshake); empty outside a server."""
    try:
        headers = st.context.headers
        return {k: headers[k] for k in headers}
    except Exception:
        return {}


def current_user() -> Mapping:
    """st.user as a plain mapping; never raises (st.user.is_logged_in may, without [auth])."""
    try:
        return dict(st.user.to_dict())
    except Exception:
        return {}


def current_access() -> Access:
    return decide_access(auth_section(), st.get_option("server.address"), current_user(), editor_emails(),
                         request_headers(), always_verified=always_verified_setting(),
                         trust_proxy=os.environ.get(TRUST_PROXY_ENV) == "1")


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
    elif access.mode == OFF and access.proxied_by:
        st.warning(t("dati_edit_off_proxy", lang, header=access.proxied_by), icon=":material/lock:")
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
        elif access.unverified:
            st.warning(t("dati_logged_unverified", lang, email=who), icon=":material/visibility:")
        else:
            st.warning(t("dati_logged_reader", lang, email=who), icon=":material/visibility:")
        st.button(t("dati_logout", lang), key="dati_logout", on_click=st.logout, icon=":material/logout:")

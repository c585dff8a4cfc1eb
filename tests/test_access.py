"""Who may edit, issue 12 items 1-3: the verified-e-mail claim, look-alike addresses, local mode behind a proxy.

Each case is tested twice: the rule itself (``ui.auth.decide_access``, no server) and the Dati page in AppTest
with the user, secrets and request headers it needs. AppTest cannot seed ``st.context.headers``, so the
headers property is replaced for the run. The same cases in a real browser: tests/e2e/test_login_upload.py
(items 1 and 2, a real login at oidc-provider-mock) and tests/e2e/test_local_mode_proxy.py (item 3, a real
reverse proxy).
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from streamlit.runtime.context import ContextProxy, StreamlitHeaders

from ngp_data.labels import md_plain
from tests.apptest_helpers import run_app, texts, workbook_uploaders
from tests.store_helpers import copy_of, demo_database
from ui import auth
from ui.auth import EDITOR, LOCAL, OFF, READER, decide_access

AUTH = {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "test-cookie-secret-0123456789",
        "client_id": "ngp", "client_secret": "ngp-secret",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}
EDITORS = ["sindaco@comune.prato.it", "ufficio.europa@comune.prato.it", "kate.bianchi@comune.prato.it",
           "anna.rossi@comune.prato.it"]
WITH_AUTH = {"editors": EDITORS, "auth": AUTH}
NO_AUTH = {"editors": []}
UNVERIFIED = "non conferma che questo indirizzo è verificato"
NOT_LISTED = "non è tra gli editori"


def logged(email: str = "anna.rossi@comune.prato.it", **claims) -> dict:
    return {"is_logged_in": True, "email": email, **claims}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    return demo_database(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def db(pristine, tmp_path) -> Path:
    return copy_of(pristine, tmp_path)


@pytest.fixture
def request_headers(monkeypatch):
    """Make ``st.context.headers`` of the AppTest run these headers (what a browser's connection would carry)."""
    def use(headers: dict[str, str]) -> None:
        monkeypatch.setattr(ContextProxy, "headers", property(lambda self: StreamlitHeaders(headers.items())))
    return use


def editor_controls(at) -> dict[str, int]:
    return {"uploader": len(workbook_uploaders(at)),
            "rollback": sum(1 for b in at.button if b.key and b.key.startswith("dati_rb"))}


READ_ONLY = {"uploader": 0, "rollback": 0}
EDITING = {"uploader": 1, "rollback": 1}


# --- 1. email_verified: only the boolean true --------------------------------------------------------------

NOT_TRUE = ["false", "False", "true", "1", "0", "", 0, 1, 0.0, 1.0, None, [], [True], {"verified": True}]


@pytest.mark.parametrize("claim", NOT_TRUE, ids=repr)
def test_01_email_verified_other_than_the_boolean_true_never_makes_an_editor(claim):
    for always in (False, True, ("default",)):          # the setting covers an absent claim only
        access = decide_access(AUTH, "0.0.0.0", logged(email_verified=claim, provider="default"), EDITORS,
                               always_verified=always)
        assert (access.mode, access.can_edit, access.unverified) == (READER, False, True)
        assert access.author == "locale"


def test_01_email_verified_true_makes_an_editor():
    access = decide_access(AUTH, "0.0.0.0", logged(email_verified=True), EDITORS)
    assert (access.mode, access.author) == (EDITOR, "anna.rossi@comune.prato.it")


def test_01_an_absent_claim_makes_an_editor_only_where_the_provider_always_verifies():
    user = logged(provider="default")
    assert decide_access(AUTH, None, user, EDITORS).mode == READER
    assert decide_access(AUTH, None, user, EDITORS).unverified
    assert decide_access(AUTH, None, user, EDITORS, always_verified=True).mode == EDITOR
    assert decide_access(AUTH, None, user, EDITORS, always_verified=frozenset({"default"})).mode == EDITOR
    assert decide_access(AUTH, None, user, EDITORS, always_verified=frozenset({"microsoft"})).mode == READER
    assert decide_access(AUTH, None, logged(provider="microsoft"), EDITORS,
                         always_verified=frozenset({"microsoft"})).mode == EDITOR
    assert decide_access(AUTH, None, logged(), EDITORS, always_verified="default").mode == READER   # not a list
    # a non-editor stays a plain reader whatever the claim says
    assert not decide_access(AUTH, None, logged("x@comune.prato.it", email_verified=False), EDITORS).unverified


@pytest.mark.parametrize("claim", ["false", 0, "true", None], ids=repr)
def test_01_dati_page_keeps_an_editor_whose_email_is_not_verified_read_only(db, loopback, claim):
    at = run_app(db, page="dati", user=logged(email_verified=claim), secrets=WITH_AUTH)
    assert not at.exception
    assert editor_controls(at) == READ_ONLY
    assert UNVERIFIED in texts(at) and "Esci" in [b.label for b in at.button]


def test_01_dati_page_without_the_claim_is_read_only_unless_the_secrets_say_the_provider_verifies(db, loopback):
    at = run_app(db, page="dati", user=logged(provider="default"), secrets=WITH_AUTH)
    assert editor_controls(at) == READ_ONLY
    assert "email_always_verified" in texts(at)
    at = run_app(db, page="dati", user=logged(provider="default"),
                 secrets={"email_always_verified": True, **WITH_AUTH})
    assert editor_controls(at) == EDITING
    at = run_app(db, page="dati", user=logged(provider="microsoft"),
                 secrets={"email_always_verified": ["microsoft"], **WITH_AUTH})
    assert editor_controls(at) == EDITING
    at = run_app(db, page="dati", user=logged(provider="google"),
                 secrets={"email_always_verified": ["microsoft"], **WITH_AUTH})
    assert editor_controls(at) == READ_ONLY
    at = run_app(db, page="dati", user=logged(provider="default", email_verified="false"),
                 secrets={"email_always_verified": True, **WITH_AUTH})
    assert editor_controls(at) == READ_ONLY


# --- 2. e-mails compared as lower-case ASCII, exactly --------------------------------------------------------

# (address typed at the provider, the editor it imitates); the first five matched before this change
LOOKALIKES = {
    "long s U+017F": "\u017findaco@comune.prato.it",
    "Kelvin sign U+212A": "\u212aate.bianchi@comune.prato.it",
    "sharp s U+00DF": "anna.ro\u00dfi@comune.prato.it",
    "ligature ffi U+FB03": "u\ufb03cio.europa@comune.prato.it",
    "no-break space around": "\u00a0sindaco@comune.prato.it\u00a0",
    "full-width letters": "\uff53\uff49\uff4e\uff44\uff41\uff43\uff4f@comune.prato.it",
    "zero-width space inside": "sin\u200bdaco@comune.prato.it",
    "zero-width space after": "sindaco@comune.prato.it\u200b",
    "Cyrillic a U+0430": "\u0430nna.rossi@comune.prato.it",
    "Cyrillic o U+043E": "sindac\u043e@comune.prato.it",
    "dotted capital I U+0130": "s\u0130ndaco@comune.prato.it",
    "dotless i U+0131": "s\u0131ndaco@comune.prato.it",
}


@pytest.mark.parametrize("email", LOOKALIKES.values(), ids=LOOKALIKES.keys())
def test_02_an_address_that_is_not_plain_ascii_never_matches_an_editor(email):
    access = decide_access(AUTH, "0.0.0.0", logged(email, email_verified=True), EDITORS)
    assert (access.mode, access.can_edit) == (READER, False)


def test_02_the_compared_form_of_an_address_that_is_not_plain_ascii_is_none():
    assert [name for name, email in LOOKALIKES.items() if auth.editor_key(email) is not None] == []


@pytest.mark.parametrize("email", ["SINDACO@COMUNE.PRATO.IT", " Anna.Rossi@Comune.Prato.it ",
                                   "Kate.Bianchi@comune.prato.it", "\tufficio.europa@comune.prato.it\n"])
def test_02_upper_case_ascii_and_surrounding_spaces_still_match(email):
    access = decide_access(AUTH, "0.0.0.0", logged(email, email_verified=True), EDITORS)
    assert access.mode == EDITOR
    assert access.author == email.strip()


def test_02_an_editor_list_entry_that_is_not_ascii_is_ignored():
    # the list names the long-s look-alike: the real sindaco@ must not match it, nor the look-alike itself
    for email in ("sindaco@comune.prato.it", "\u017findaco@comune.prato.it"):
        access = decide_access(AUTH, None, logged(email, email_verified=True), ["\u017findaco@comune.prato.it"])
        assert access.mode == READER
    assert decide_access(AUTH, None, logged("ab@x.it", email_verified=True), [" AB@X.IT "]).mode == EDITOR
    assert [auth.editor_key(v) for v in ("a@b.it", "A@B.IT", "", "  ", None, 3, ["a@b.it"])] == \
        ["a@b.it", "a@b.it", None, None, None, None, None]


def test_02_claims_that_are_not_text_never_match():
    for email in (["anna.rossi@comune.prato.it"], {"email": "anna.rossi@comune.prato.it"}, None, 1):
        access = decide_access(AUTH, None, {"is_logged_in": True, "email": email, "email_verified": True}, EDITORS)
        assert access.mode == READER


@pytest.mark.parametrize("name", ["long s U+017F", "Kelvin sign U+212A", "full-width letters",
                                  "zero-width space inside", "Cyrillic a U+0430"])
def test_02_dati_page_keeps_a_look_alike_read_only(db, loopback, name):
    at = run_app(db, page="dati", user=logged(LOOKALIKES[name], email_verified=True), secrets=WITH_AUTH)
    assert not at.exception
    assert editor_controls(at) == READ_ONLY
    assert NOT_LISTED in texts(at)


def test_02_dati_page_matches_upper_case_ascii(db, loopback):
    at = run_app(db, page="dati", user=logged("Anna.Rossi@Comune.Prato.IT", email_verified=True), secrets=WITH_AUTH)
    assert editor_controls(at) == EDITING
    assert f"Accesso come {md_plain('Anna.Rossi@Comune.Prato.IT')}: puoi aggiornare i dati" in texts(at)


def test_02_dati_page_ignores_a_non_ascii_list_entry_and_logs_it(db, loopback, caplog):
    secrets = {"editors": ["\u017findaco@comune.prato.it", "anna.rossi@comune.prato.it"], "auth": AUTH}
    with caplog.at_level(logging.WARNING, logger="ui.auth"):
        at = run_app(db, page="dati", user=logged("sindaco@comune.prato.it", email_verified=True), secrets=secrets)
    assert editor_controls(at) == READ_ONLY
    assert any("\\u017findaco@comune.prato.it" in r.getMessage() and "ASCII" in r.getMessage()
               for r in caplog.records)
    at = run_app(db, page="dati", user=logged(email_verified=True), secrets=secrets)
    assert editor_controls(at) == EDITING                      # the other entries still count


# --- 3. local mode: loopback and no proxy in between ---------------------------------------------------------

PROXIED = {
    "X-Forwarded-For": ({"X-Forwarded-For": "203.0.113.9"}, "X-Forwarded-For"),
    "lower case": ({"x-forwarded-for": "203.0.113.9"}, "X-Forwarded-For"),
    "X-Forwarded-Host": ({"X-Forwarded-Host": "ngp.comune.prato.it"}, "X-Forwarded-Host"),
    "X-Forwarded-Proto": ({"X-FORWARDED-PROTO": "https"}, "X-Forwarded-Proto"),
    "X-Real-IP": ({"X-Real-Ip": "203.0.113.9"}, "X-Real-IP"),
    "Forwarded": ({"Forwarded": "for=203.0.113.9;proto=https"}, "Forwarded"),
    "Via": ({"Via": "1.1 nginx"}, "Via"),
    "empty X-Forwarded-For": ({"X-Forwarded-For": ""}, "X-Forwarded-For"),
    "Host of another name": ({"Host": "ngp.comune.prato.it", "Origin": "https://ngp.comune.prato.it"}, "Host"),
    "Host of an address": ({"Host": "192.168.1.20:8501"}, "Host"),
    "Origin of another name": ({"Host": "127.0.0.1:8501", "Origin": "https://ngp.comune.prato.it"}, "Origin"),
}


@pytest.mark.parametrize(("headers", "sign"), PROXIED.values(), ids=PROXIED.keys())
def test_03_without_auth_a_proxied_request_gets_no_local_editing(headers, sign):
    for address in ("127.0.0.1", "localhost", "::1"):
        access = decide_access(None, address, {}, [], headers)
        assert (access.mode, access.can_edit, access.proxied_by) == (OFF, False, sign)
    assert auth.proxy_sign(headers) == sign
    assert decide_access(None, "127.0.0.1", {}, [], headers, trust_proxy=True).mode == LOCAL   # switched on


@pytest.mark.parametrize("headers", [
    {}, {"Host": "127.0.0.1:8501", "Origin": "http://127.0.0.1:8501"},
    {"Host": "localhost:8501", "Origin": "http://localhost:8501", "User-Agent": "Mozilla/5.0"},
    {"Host": "[::1]:8501", "Origin": "http://[::1]:8501"}, {"host": "LOCALHOST"},
], ids=["none", "127.0.0.1", "localhost", "::1", "no port"])
def test_03_the_local_browser_still_edits_with_zero_set_up(headers):
    access = decide_access(None, "127.0.0.1", {}, [], headers)
    assert (access.mode, access.author, access.proxied_by) == (LOCAL, "locale", None)


def test_03_headers_change_nothing_once_login_is_configured():
    xff = {"X-Forwarded-For": "203.0.113.9", "Host": "ngp.comune.prato.it"}
    assert decide_access(AUTH, "127.0.0.1", logged(email_verified=True), EDITORS, xff).mode == EDITOR
    assert decide_access(AUTH, "127.0.0.1", logged("x@comune.prato.it", email_verified=True), EDITORS,
                         xff).mode == READER
    assert decide_access(None, "0.0.0.0", {}, [], {}).proxied_by is None       # off for the address, not a proxy


def test_03_dati_page_through_a_proxy_is_read_only_and_says_why(db, loopback, request_headers):
    request_headers({"Host": "127.0.0.1:8501", "X-Forwarded-For": "203.0.113.9"})
    at = run_app(db, page="dati", secrets=NO_AUTH)
    assert not at.exception
    assert editor_controls(at) == READ_ONLY
    shown = texts(at)
    assert "Aggiornamento dei dati disattivato" in shown and "X-Forwarded-For" in shown
    assert "[auth]" in shown and "NGP_TRUST_PROXY_LOCAL=1" in shown
    assert "Modalità locale" not in shown
    assert any("Versione" in df.value.columns for df in at.dataframe)          # the history stays readable


def test_03_dati_page_through_a_proxy_with_the_switch_on_is_local_mode(db, loopback, request_headers, monkeypatch):
    request_headers({"X-Forwarded-For": "203.0.113.9"})
    monkeypatch.setenv(auth.TRUST_PROXY_ENV, "1")
    at = run_app(db, page="dati", secrets=NO_AUTH)
    assert editor_controls(at) == EDITING
    assert "Modalità locale" in texts(at)


def test_03_dati_page_on_this_computer_is_local_mode(db, loopback, request_headers):
    request_headers({"Host": "localhost:8501", "Origin": "http://localhost:8501"})
    at = run_app(db, page="dati", secrets=NO_AUTH)
    assert editor_controls(at) == EDITING
    assert "Modalità locale" in texts(at)

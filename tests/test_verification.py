"""Alexa request verification against locally minted certificate chains."""
from __future__ import annotations

import http.server
import json
import threading
from datetime import datetime, timedelta, timezone

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope
from cryptography.hazmat.primitives import hashes
from cryptography.x509.verification import Store

import certs
from skill.console.envelopes import SKILL_ID, Session
from skill.webservice.verifier import (MAX_CHAIN_BYTES, RequestVerifier, SkillIdVerifier, TimestampVerifier,
                                       VerificationException, canonical_cert_url, fetch_pem)

CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem"


@pytest.fixture(scope="module")
def pki():
    root = certs.root_ca()
    intermediate = certs.intermediate_ca(root)
    return root, intermediate, certs.signing_leaf(intermediate)


class Fetcher:
    """Serves chains by URL and counts downloads."""

    def __init__(self, chains: dict[str, bytes]):
        self.chains = chains
        self.calls: list[str] = []

    def __call__(self, url: str) -> bytes:
        self.calls.append(url)
        if url not in self.chains:
            raise OSError(f"404 {url}")
        return self.chains[url]


def make_verifier(pki, chain: bytes | None = None, **kwargs) -> tuple[RequestVerifier, Fetcher]:
    root, intermediate, leaf = pki
    fetcher = Fetcher({CERT_URL: chain if chain is not None else certs.pem_chain(leaf.cert, intermediate.cert)})
    return RequestVerifier(fetch_chain=fetcher, trust_store=Store([root.cert]), **kwargs), fetcher


def envelope(body: bytes) -> RequestEnvelope:
    return DefaultSerializer().deserialize(body.decode(), RequestEnvelope)


def launch_body(**session) -> bytes:
    return json.dumps(Session(**session).launch()).encode()


def signed_headers(key, body: bytes, url: str = CERT_URL) -> dict[str, str]:
    return {"SignatureCertChainUrl": url, "Signature-256": certs.sign(key, body)}


def refusal(verifier, headers, body: bytes) -> VerificationException:
    with pytest.raises(VerificationException) as caught:
        verifier.verify(headers=headers, serialized_request_env=body, deserialized_request_env=envelope(body))
    return caught.value


def test_a_correctly_signed_request_passes(pki):
    verifier, fetcher = make_verifier(pki)
    body = launch_body()
    # Header names in any case, as HTTP allows.
    headers = {k.lower(): v for k, v in signed_headers(pki[2].key, body).items()}
    verifier.verify(headers=headers, serialized_request_env=body, deserialized_request_env=envelope(body))
    assert fetcher.calls == [CERT_URL]


def test_text_bodies_are_verified_like_the_sdk_passes_them(pki):
    verifier, _ = make_verifier(pki)
    body = launch_body()
    verifier.verify(headers=signed_headers(pki[2].key, body), serialized_request_env=body.decode(),
                    deserialized_request_env=envelope(body))


@pytest.mark.parametrize("url", [
    "https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem",
    "https://S3.AmazonAWS.COM/echo.api/echo-api-cert-12.pem",
    "https://s3.amazonaws.com:443/echo.api/echo-api-cert-12.pem",
    "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert-12.pem",
    "HTTPS://s3.amazonaws.com/echo.api/./echo-api-cert-12.pem?x=1",
    "https://s3.amazonaws.com/echo.api/echo-api-cert-12%2Epem",
    "https://s3.amazonaws.com/%65cho.api/echo-api-cert-12.pem",
    "https://s3.amazonaws.com/echo.api/%2e%2e/echo.api/echo-api-cert-12.pem",
])
def test_valid_certificate_urls_are_normalised_before_download(url):
    assert canonical_cert_url(url) == CERT_URL


@pytest.mark.parametrize("url", [
    "http://s3.amazonaws.com/echo.api/echo-api-cert-12.pem",
    "https://notamazon.com/echo.api/echo-api-cert-12.pem",
    "https://s3.amazonaws.com.evil.example/echo.api/echo-api-cert-12.pem",
    "https://s3.amazonaws.com@evil.example/echo.api/echo-api-cert-12.pem",
    "https://s3.amazonaws.com/EcHo.aPi/echo-api-cert-12.pem",
    "https://s3.amazonaws.com/invalid.path/echo-api-cert-12.pem",
    "https://s3.amazonaws.com/echo.api/../invalid.path/echo-api-cert-12.pem",
    "https://s3.amazonaws.com//echo.api/echo-api-cert-12.pem",
    "https://s3.amazonaws.com:563/echo.api/echo-api-cert-12.pem",
    "https://s3.amazonaws.com:notaport/echo.api/echo-api-cert-12.pem",
    "",
    # percent-encoding is decoded before the path is checked, as S3 would decode it
    "https://s3.amazonaws.com/echo.api/%2e%2e/invalid.path/echo-api-cert-12.pem",
    "https://s3.amazonaws.com/echo.api/%2E%2E/%2E%2E/invalid.path/echo-api-cert-12.pem",
    "https://s3.amazonaws.com/echo.api%2f..%2finvalid.path/echo-api-cert-12.pem",
    "https://s3.amazonaws.com/echo.api/.%2e/invalid.path/echo-api-cert-12.pem",
    "https://s3.amazonaws.com/echo.api/%252e%252e/invalid.path/echo-api-cert-12.pem",  # encoded twice
    "https://s3.amazonaws.com/echo.api/..%5cinvalid.path/echo-api-cert-12.pem",  # a backslash
    "https://s3.amazonaws.com/echo.api/%ff%fe.pem",  # not UTF-8
    "https://s3.amazonaws.com/echo.api/%00.pem",
    "https://s3.amazonaws.com/%2fecho.api/echo-api-cert-12.pem",
])
def test_bad_certificate_urls_are_refused_without_downloading(pki, url):
    verifier, fetcher = make_verifier(pki)
    body = launch_body()
    assert refusal(verifier, signed_headers(pki[2].key, body, url), body).status == 403
    assert fetcher.calls == []


def test_a_signature_by_another_key_is_refused(pki):
    verifier, _ = make_verifier(pki)
    body = launch_body()
    impostor = certs.signing_leaf(pki[1])
    assert "does not match" in str(refusal(verifier, signed_headers(impostor.key, body), body))


def test_a_tampered_body_is_refused(pki):
    verifier, _ = make_verifier(pki)
    body = launch_body()
    headers = signed_headers(pki[2].key, body)
    tampered = body.replace(b"LaunchRequest", b"SessionEndedRequest")
    assert tampered != body
    assert refusal(verifier, headers, tampered).status == 403


def test_a_sha1_signature_in_the_sha256_header_is_refused(pki):
    verifier, _ = make_verifier(pki)
    body = launch_body()
    headers = {"SignatureCertChainUrl": CERT_URL, "Signature-256": certs.sign(pki[2].key, body, hashes.SHA1())}
    assert refusal(verifier, headers, body).status == 403


def test_only_the_legacy_sha1_header_is_refused(pki):
    verifier, fetcher = make_verifier(pki)
    body = launch_body()
    headers = {"SignatureCertChainUrl": CERT_URL, "Signature": certs.sign(pki[2].key, body, hashes.SHA1())}
    assert "Signature-256 is required" in str(refusal(verifier, headers, body))
    assert fetcher.calls == []


@pytest.mark.parametrize("headers", [
    {},
    {"SignatureCertChainUrl": CERT_URL},
    {"Signature-256": "c2lnbmF0dXJl"},
    {"SignatureCertChainUrl": CERT_URL, "Signature-256": "not base64!"},
])
def test_unsigned_or_garbled_headers_are_refused(pki, headers):
    verifier, _ = make_verifier(pki)
    body = launch_body()
    assert refusal(verifier, headers, body).status == 403


def _chain_case(pki, case: str) -> tuple[bytes, object]:
    root, intermediate, leaf = pki
    now = datetime.now(timezone.utc)
    if case == "expired leaf":
        bad = certs.signing_leaf(intermediate, not_before=now - timedelta(days=30), not_after=now - timedelta(minutes=1))
    elif case == "leaf not yet valid":
        bad = certs.signing_leaf(intermediate, not_before=now + timedelta(hours=1), not_after=now + timedelta(days=30))
    elif case == "leaf for another host":
        bad = certs.signing_leaf(intermediate, dns_name="evil.example.com")
    elif case == "leaf for *.amazon.com only":
        bad = certs.signing_leaf(intermediate, dns_name="*.amazon.com")
    elif case == "leaf for a look-alike host":
        bad = certs.signing_leaf(intermediate, dns_name="echo-api.amazon.com.evil.example")
    elif case == "chain to an untrusted root":
        other = certs.intermediate_ca(certs.root_ca("Other Root"))
        bad = certs.signing_leaf(other)
        return certs.pem_chain(bad.cert, other.cert), bad.key
    elif case == "intermediate missing":
        return certs.pem_chain(leaf.cert), leaf.key
    else:
        raise AssertionError(case)
    return certs.pem_chain(bad.cert, intermediate.cert), bad.key


@pytest.mark.parametrize("case", ["expired leaf", "leaf not yet valid", "leaf for another host",
                                  "leaf for *.amazon.com only", "leaf for a look-alike host",
                                  "chain to an untrusted root", "intermediate missing"])
def test_untrustworthy_certificate_chains_are_refused(pki, case):
    chain, key = _chain_case(pki, case)
    verifier, _ = make_verifier(pki, chain)
    body = launch_body()
    refused = refusal(verifier, signed_headers(key, body), body)
    assert refused.status == 403
    assert "not trusted" in str(refused)


def test_a_wildcard_alone_passes_the_path_check_but_not_the_exact_name(pki):
    """The reason for the extra check: cryptography's verifier accepts *.amazon.com."""
    from cryptography import x509
    from cryptography.x509.verification import PolicyBuilder

    root, intermediate, _ = pki
    wildcard = certs.signing_leaf(intermediate, dns_name="*.amazon.com")
    verifier = PolicyBuilder().store(Store([root.cert])).build_server_verifier(x509.DNSName("echo-api.amazon.com"))
    verifier.verify(wildcard.cert, [intermediate.cert])  # accepted by the path validator
    chain = certs.pem_chain(wildcard.cert, intermediate.cert)
    body = launch_body()
    refused = refusal(make_verifier(pki, chain)[0], signed_headers(wildcard.key, body), body)
    assert str(refused) == "certificate chain is not trusted: echo-api.amazon.com is not named exactly"


def test_the_exact_name_among_others_passes(pki):
    root, intermediate, _ = pki
    leaf = certs.signing_leaf(intermediate, dns_name="*.amazon.com", also_named=("ECHO-API.amazon.com",))
    verifier, _ = make_verifier(pki, certs.pem_chain(leaf.cert, intermediate.cert))
    body = launch_body()
    verifier.verify(headers=signed_headers(leaf.key, body), serialized_request_env=body,
                    deserialized_request_env=envelope(body))


def test_our_test_root_is_not_trusted_by_default(pki):
    root, intermediate, leaf = pki
    fetcher = Fetcher({CERT_URL: certs.pem_chain(leaf.cert, intermediate.cert)})
    body = launch_body()
    assert "not trusted" in str(refusal(RequestVerifier(fetch_chain=fetcher), signed_headers(leaf.key, body), body))


@pytest.mark.parametrize("chain", [b"", b"not a certificate"])
def test_unparseable_chains_are_refused(pki, chain):
    verifier, _ = make_verifier(pki, chain)
    body = launch_body()
    assert refusal(verifier, signed_headers(pki[2].key, body), body).status == 403


def test_download_failure_is_refused(pki):
    verifier, _ = make_verifier(pki)
    body = launch_body()
    other_url = "https://s3.amazonaws.com/echo.api/missing.pem"
    assert "could not be downloaded" in str(refusal(verifier, signed_headers(pki[2].key, body, other_url), body))


def test_chains_are_cached_per_url_until_they_expire(pki):
    body = launch_body()
    headers = signed_headers(pki[2].key, body)
    for cache_seconds, downloads in [(3600, 1), (0, 3)]:
        verifier, fetcher = make_verifier(pki, cache_seconds=cache_seconds)
        for _ in range(3):
            verifier.verify(headers=headers, serialized_request_env=body, deserialized_request_env=envelope(body))
        assert len(fetcher.calls) == downloads


def test_chains_that_fail_are_not_cached(pki):
    chain, key = _chain_case(pki, "chain to an untrusted root")
    verifier, fetcher = make_verifier(pki, chain)
    body = launch_body()
    for _ in range(2):
        refusal(verifier, signed_headers(key, body), body)
    assert len(fetcher.calls) == 2


def _fixed_clock(moment: datetime):
    return lambda: moment


@pytest.mark.parametrize("offset, accepted", [(0, True), (149, True), (-149, True), (151, False), (-151, False),
                                              (3600, False)])
def test_timestamp_must_be_within_150_seconds(offset, accepted):
    stamp = datetime(2030, 1, 1, 12, 0, 0, tzinfo=timezone.utc)
    body = json.dumps(Session(now=stamp).launch()).encode()
    verifier = TimestampVerifier(clock=_fixed_clock(stamp + timedelta(seconds=offset)))
    if accepted:
        verifier.verify(headers={}, serialized_request_env=body, deserialized_request_env=envelope(body))
    else:
        assert refusal(verifier, {}, body).status == 403


def test_a_longer_tolerance_is_capped_at_150_seconds():
    stamp = datetime(2030, 1, 1, tzinfo=timezone.utc)
    body = json.dumps(Session(now=stamp).launch()).encode()
    verifier = TimestampVerifier(timedelta(hours=1), clock=_fixed_clock(stamp + timedelta(seconds=200)))
    assert refusal(verifier, {}, body).status == 403


def test_stale_timestamp_against_the_real_clock():
    body = launch_body(now=datetime.now(timezone.utc) - timedelta(minutes=5))
    assert refusal(TimestampVerifier(), {}, body).status == 403


def test_timestamp_without_a_zone_is_a_bad_request():
    envelope_json = Session().launch()
    envelope_json["request"]["timestamp"] = "2030-01-01T12:00:00"
    body = json.dumps(envelope_json).encode()
    assert refusal(TimestampVerifier(), {}, body).status == 400


def test_skill_id_must_match():
    body = launch_body()
    SkillIdVerifier(SKILL_ID).verify(headers={}, serialized_request_env=body, deserialized_request_env=envelope(body))
    assert refusal(SkillIdVerifier("amzn1.ask.skill.someone-else"), {}, body).status == 403


def test_skill_id_is_read_from_the_session_when_context_is_absent():
    envelope_json = Session().launch()
    del envelope_json["context"]
    body = json.dumps(envelope_json).encode()
    SkillIdVerifier(SKILL_ID).verify(headers={}, serialized_request_env=body, deserialized_request_env=envelope(body))
    del envelope_json["session"]
    body = json.dumps(envelope_json).encode()
    assert refusal(SkillIdVerifier(SKILL_ID), {}, body).status == 403


@pytest.fixture
def pem_server():
    """A local HTTP server answering every GET with `pem_server.payload`."""
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.end_headers()
            self.wfile.write(server.payload)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_fetch_pem_downloads_and_caps_the_size(pki, pem_server):
    url = f"http://127.0.0.1:{pem_server.server_port}/echo.api/cert.pem"
    pem_server.payload = certs.pem_chain(pki[2].cert, pki[1].cert)
    assert fetch_pem(url) == pem_server.payload
    pem_server.payload = b"x" * (MAX_CHAIN_BYTES + 1)
    with pytest.raises(ValueError):
        fetch_pem(url)

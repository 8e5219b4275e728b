"""Checks that a request really comes from Alexa, for this skill, just now.

Rules: "Host a Custom Skill as a Web Service", section "Verify that the request was sent by
Alexa". The classes have the shape of `ask_sdk_webservice_support.verifier.AbstractVerifier`
so flask-ask-sdk can replace this module. It cannot today: its chain validator (certvalidator →
oscrypto 1.3.0) fails to import against OpenSSL 3.0.1x ("Error detecting the version of
libcrypto", wbond/oscrypto#78). Chain checks here use cryptography's RFC 5280 verifier instead.
"""
from __future__ import annotations

import base64
import binascii
import functools
import posixpath
import re
import threading
import time
import urllib.request
import warnings
from abc import ABC, abstractmethod
from datetime import datetime, timedelta, timezone
from typing import Callable, Mapping
from urllib.parse import quote, unquote, urlsplit

import certifi
from ask_sdk_model import RequestEnvelope
from ask_sdk_runtime.exceptions import AskSdkException
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.utils import CryptographyDeprecationWarning
from cryptography.x509.verification import PolicyBuilder, Store, VerificationError

CERT_URL_HEADER = "SignatureCertChainUrl"
SIGNATURE_HEADER = "Signature-256"
LEGACY_SIGNATURE_HEADER = "Signature"
CERT_URL_HOST = "s3.amazonaws.com"
CERT_URL_PATH_PREFIX = "/echo.api/"
SIGNING_DOMAIN = "echo-api.amazon.com"
TIMESTAMP_TOLERANCE = timedelta(seconds=150)
MAX_CHAIN_BYTES = 64 * 1024


class VerificationException(AskSdkException):
    """The request is refused; `status` is the HTTP answer (400 bad shape, 403 not trusted)."""

    def __init__(self, message: str, status: int = 403):
        super().__init__(message)
        self.status = status


class AbstractVerifier(ABC):
    @abstractmethod
    def verify(self, headers: Mapping[str, str], serialized_request_env: bytes | str,
               deserialized_request_env: RequestEnvelope) -> None:
        """Return quietly, or raise VerificationException."""


def _header(headers: Mapping[str, str], name: str) -> str | None:
    # Plain dicts as well as Werkzeug's case-insensitive headers.
    wanted = name.lower()
    return next((value for key, value in headers.items() if key.lower() == wanted), None)


def canonical_cert_url(url: str) -> str:
    """Validate a SignatureCertChainUrl and return the URL to download.

    The download URL is rebuilt from the checked parts, so what is fetched is what was checked
    (no user info, no "..", no query, the path decoded and normalised before it is checked).
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise VerificationException("certificate URL is malformed") from None
    if parts.scheme.lower() != "https":
        raise VerificationException("certificate URL is not https")
    if (parts.hostname or "").lower() != CERT_URL_HOST:
        raise VerificationException("certificate URL host is not s3.amazonaws.com")
    if port not in (None, 443):
        raise VerificationException("certificate URL port is not 443")
    # Decoded first: S3 reads %2e%2e as "..", so "/echo.api/%2e%2e/x" would leave the folder.
    # One decoding is what the server does; anything still encoded, or a backslash, is refused.
    try:
        decoded = unquote(parts.path, errors="strict")
    except UnicodeDecodeError:
        raise VerificationException("certificate URL is malformed") from None
    if "%" in decoded or "\\" in decoded or not decoded.isprintable():
        raise VerificationException("certificate URL path is not under /echo.api/")
    path = posixpath.normpath(decoded)
    if not path.startswith(CERT_URL_PATH_PREFIX):
        raise VerificationException("certificate URL path is not under /echo.api/")
    return f"https://{CERT_URL_HOST}{quote(path)}"


def fetch_pem(url: str, timeout: float = 5.0) -> bytes:
    """Download a certificate chain (TLS-verified by urllib's default context), size-capped."""
    with urllib.request.urlopen(url, timeout=timeout) as response:
        data = response.read(MAX_CHAIN_BYTES + 1)
    if len(data) > MAX_CHAIN_BYTES:
        raise ValueError(f"certificate chain larger than {MAX_CHAIN_BYTES} bytes")
    return data


PEM_CERTIFICATE = re.compile(rb"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.S)


@functools.cache
def default_trust_store() -> Store:
    """Mozilla's roots via certifi (Alexa's signing chain ends at Amazon Root CA 1).

    certifi rather than the system bundle: the same list on every host, including those where
    Python finds no system CA file. Certificates are loaded one by one because a few legacy roots
    have serial number 0, which cryptography warns about now and will refuse later; Amazon Root
    CA 1 is not among them, so they are skipped rather than failing the whole store.
    """
    with open(certifi.where(), "rb") as bundle:
        blocks = PEM_CERTIFICATE.findall(bundle.read())
    roots = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CryptographyDeprecationWarning)
        for block in blocks:
            try:
                roots.append(x509.load_pem_x509_certificate(block))
            except ValueError:
                continue
    return Store(roots)


def names_signing_domain(cert: x509.Certificate) -> bool:
    """Alexa's rule is the literal name in the SAN: the path validator would also accept a
    wildcard such as *.amazon.com, which covers every Amazon host."""
    try:
        names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return False
    return any(name.lower() == SIGNING_DOMAIN for name in names.get_values_for_type(x509.DNSName))


class RequestVerifier(AbstractVerifier):
    """Signature-256 over the raw body, with the leaf of a chain that validates to a trusted root.

    `fetch_chain` and `trust_store` are injectable for tests. Downloaded chains are cached per
    URL for `cache_seconds` once they have validated; validity dates are still checked on every
    request.
    """

    def __init__(self, *, fetch_chain: Callable[[str], bytes] = fetch_pem,
                 trust_store: Store | None = None, cache_seconds: float = 3600.0):
        self._fetch_chain = fetch_chain
        # Loaded here, at start-up: catch_warnings in default_trust_store is not thread-safe.
        self._trust_store = trust_store or default_trust_store()
        self._cache_seconds = cache_seconds
        self._cache: dict[str, tuple[float, list[x509.Certificate]]] = {}
        self._lock = threading.Lock()

    def verify(self, headers, serialized_request_env, deserialized_request_env) -> None:
        cert_url = _header(headers, CERT_URL_HEADER)
        signature = _header(headers, SIGNATURE_HEADER)
        if signature is None and _header(headers, LEGACY_SIGNATURE_HEADER) is not None:
            raise VerificationException("only the legacy SHA-1 Signature header was sent; Signature-256 is required")
        if not cert_url or not signature:
            raise VerificationException("request is not signed")
        try:
            signature_bytes = base64.b64decode(signature, validate=True)
        except binascii.Error:
            raise VerificationException("signature is not base64") from None
        public_key = self._signing_cert(canonical_cert_url(cert_url)).public_key()
        if not isinstance(public_key, rsa.RSAPublicKey):
            raise VerificationException("signing certificate key is not RSA")
        body = serialized_request_env if isinstance(serialized_request_env, bytes) else serialized_request_env.encode("utf-8")
        try:
            public_key.verify(signature_bytes, body, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            raise VerificationException("signature does not match the request body") from None

    def _signing_cert(self, url: str) -> x509.Certificate:
        with self._lock:
            expires, chain = self._cache.get(url, (0.0, []))
        downloaded = time.monotonic() >= expires
        if downloaded:
            chain = self._download(url)
        verifier = (PolicyBuilder().store(self._trust_store)
                    .build_server_verifier(x509.DNSName(SIGNING_DOMAIN)))
        try:
            # Checks the path to a trusted root, every validity period and the leaf's SAN.
            verifier.verify(chain[0], chain[1:])
        except VerificationError as error:
            raise VerificationException(f"certificate chain is not trusted: {error}") from None
        if not names_signing_domain(chain[0]):
            raise VerificationException(f"certificate chain is not trusted: {SIGNING_DOMAIN} is not named exactly")
        if downloaded:
            with self._lock:
                self._cache[url] = (time.monotonic() + self._cache_seconds, chain)
        return chain[0]

    def _download(self, url: str) -> list[x509.Certificate]:
        try:
            return x509.load_pem_x509_certificates(self._fetch_chain(url))
        except (OSError, ValueError):
            raise VerificationException("certificate chain could not be downloaded or parsed") from None


class TimestampVerifier(AbstractVerifier):
    """The request timestamp is within 150 s of now (either direction): replay protection."""

    def __init__(self, tolerance: timedelta = TIMESTAMP_TOLERANCE,
                 clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)):
        self._tolerance = min(tolerance, TIMESTAMP_TOLERANCE)
        self._clock = clock

    def verify(self, headers, serialized_request_env, deserialized_request_env) -> None:
        request = deserialized_request_env.request
        stamp = request.timestamp if request is not None else None
        if stamp is None or stamp.tzinfo is None:
            raise VerificationException("request has no timestamp with a time zone", status=400)
        if abs(self._clock() - stamp) > self._tolerance:
            raise VerificationException("request timestamp is more than 150 seconds from now")


class SkillIdVerifier(AbstractVerifier):
    """The request is addressed to our skill (applicationId)."""

    def __init__(self, skill_id: str):
        self._skill_id = skill_id

    def verify(self, headers, serialized_request_env, deserialized_request_env) -> None:
        envelope = deserialized_request_env
        system = envelope.context.system if envelope.context is not None else None
        application = (system.application if system is not None else None) or (
            envelope.session.application if envelope.session is not None else None)
        if application is None or application.application_id != self._skill_id:
            raise VerificationException("request is for another skill")

"""Throw-away certificate chains shaped like Alexa's: root CA → intermediate → signing leaf.

cryptography's verifier enforces RFC 5280 and the CA/B profile, so the certificates carry the
extensions a public CA would put in (critical BasicConstraints and KeyUsage, key identifiers,
serverAuth on the leaf).
"""
from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

ALEXA_DOMAIN = "echo-api.amazon.com"


@dataclass(frozen=True)
class Issued:
    cert: x509.Certificate
    key: rsa.RSAPrivateKey


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _builder(subject: str, issuer: x509.Name, public_key, not_before: datetime, not_after: datetime):
    return (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
            .issuer_name(issuer)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before)
            .not_valid_after(not_after)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False))


def _ca_usage(builder, path_length: int | None):
    return (builder
            .add_extension(x509.BasicConstraints(ca=True, path_length=path_length), critical=True)
            .add_extension(x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                encipher_only=False, decipher_only=False), critical=True))


def _window(days_before: int = 1, days_after: int = 365) -> tuple[datetime, datetime]:
    now = datetime.now(timezone.utc)
    return now - timedelta(days=days_before), now + timedelta(days=days_after)


def root_ca(name: str = "Test Root CA") -> Issued:
    key = _key()
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    builder = _ca_usage(_builder(name, subject, key.public_key(), *_window(days_after=3650)), None)
    return Issued(builder.sign(key, hashes.SHA256()), key)


def _authority_key_id(issuer: Issued) -> x509.AuthorityKeyIdentifier:
    ski = issuer.cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    return x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski)


def intermediate_ca(issuer: Issued, name: str = "Test Intermediate CA") -> Issued:
    key = _key()
    builder = _ca_usage(_builder(name, issuer.cert.subject, key.public_key(), *_window(days_after=1825)), 0)
    builder = builder.add_extension(_authority_key_id(issuer), critical=False)
    return Issued(builder.sign(issuer.key, hashes.SHA256()), key)


def signing_leaf(issuer: Issued, *, dns_name: str = ALEXA_DOMAIN, also_named: tuple[str, ...] = (),
                 not_before: datetime | None = None, not_after: datetime | None = None) -> Issued:
    """The certificate Alexa signs requests with; dates default to valid now. The SAN lists
    `dns_name`, then `also_named`."""
    key = _key()
    start, end = _window()
    builder = (_builder(dns_name, issuer.cert.subject, key.public_key(), not_before or start, not_after or end)
               .add_extension(_authority_key_id(issuer), critical=False)
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(
                   digital_signature=True, content_commitment=False, key_encipherment=True,
                   data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                   encipher_only=False, decipher_only=False), critical=True)
               .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
               .add_extension(x509.SubjectAlternativeName([x509.DNSName(name) for name in (dns_name, *also_named)]),
                              critical=False))
    return Issued(builder.sign(issuer.key, hashes.SHA256()), key)


def pem_chain(*certs: x509.Certificate) -> bytes:
    """Leaf first, then intermediates: the order of Alexa's published chain file."""
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs)


def sign(key: rsa.RSAPrivateKey, body: bytes, algorithm: hashes.HashAlgorithm | None = None) -> str:
    """Base64 RSA PKCS#1 v1.5 signature, as in the Signature-256 header."""
    signature = key.sign(body, padding.PKCS1v15(), algorithm or hashes.SHA256())
    return base64.b64encode(signature).decode("ascii")

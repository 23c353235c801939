"""Test PKI for the corpus: a root "baocao test CA" and one leaf per signer.

TEST KEYS ONLY. They protect nothing; they are committed so that regeneration is
reproducible. Keys are created on first use under tools/corpus/pki/keys/ and reused
afterwards; certificates are rebuilt deterministically from them (fixed serials,
fixed validity, RSA PKCS#1 v1.5 signatures by the CA).
"""
import hashlib
import os
from datetime import datetime, timezone

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

HERE = os.path.dirname(os.path.abspath(__file__))
KEYDIR = os.path.join(HERE, "pki", "keys")
NOT_BEFORE = datetime(2024, 1, 1, tzinfo=timezone.utc)
NOT_AFTER = datetime(2030, 12, 31, tzinfo=timezone.utc)


def _key(name, algo):
    os.makedirs(KEYDIR, exist_ok=True)
    path = os.path.join(KEYDIR, f"{name}.pem")
    if os.path.exists(path):
        with open(path, "rb") as f:
            return serialization.load_pem_private_key(f.read(), None)
    if algo == "ec":
        key = ec.generate_private_key(ec.SECP256R1())
    else:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with open(path, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    return key


def _serial(label):
    return int.from_bytes(hashlib.sha256(label.encode()).digest()[:12], "big") | 1


_CA = None


def ca():
    global _CA
    if _CA is None:
        key = _key("ca", "rsa")
        name = x509.Name([
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "baocao test PKI"),
            x509.NameAttribute(NameOID.COMMON_NAME, "baocao test CA"),
        ])
        cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                .public_key(key.public_key()).serial_number(_serial("ca"))
                .not_valid_before(NOT_BEFORE).not_valid_after(NOT_AFTER)
                .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
                .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
                .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
                .sign(key, hashes.SHA256()))
        _CA = (key, cert)
    return _CA


def leaf(key_id, cn, email, org, algo="rsa"):
    """Return (private key, certificate) for a signer. key_id names the key file."""
    ca_key, ca_cert = ca()
    key = _key(key_id, algo)
    subject = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.LOCALITY_NAME, "Huế"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
        x509.NameAttribute(NameOID.COMMON_NAME, cn),
        x509.NameAttribute(NameOID.EMAIL_ADDRESS, email),
    ])
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(ca_cert.subject)
            .public_key(key.public_key()).serial_number(_serial(key_id + cn + email))
            .not_valid_before(NOT_BEFORE).not_valid_after(NOT_AFTER)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
            .add_extension(x509.SubjectAlternativeName([x509.RFC822Name(email)]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    return key, cert

"""Signed registration codes (the QR content) and short references typed at the door.

A code is base64url(version ‖ 16 random bytes ‖ Ed25519 signature of both): 108 characters. The
server keeps the private key; a scanner needs only the public key to tell a forged code from a real
one (an HMAC would need the secret on every phone). The random part is stored on the registration;
issuing a new one revokes the old code."""

from __future__ import annotations

import base64
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app.i18n.services import normalise_digits

VERSION = 1
RANDOM_BYTES = 16  # 128 bits
SIGNATURE_BYTES = 64
TOKEN_LENGTH = 108  # base64url of 81 bytes, without padding
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
REFERENCE_LENGTH = 8


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def load_private_key(seed_b64: str) -> Ed25519PrivateKey:
    seed = _b64decode(seed_b64.strip())
    if len(seed) != 32:
        raise ValueError("QR_SIGNING_KEY must be 32 bytes, base64url-encoded")
    return Ed25519PrivateKey.from_private_bytes(seed)


def new_private_key_seed() -> str:
    return _b64encode(secrets.token_bytes(32))


def instance_signing_key(instance: Path) -> str:
    """The installation's key when QR_SIGNING_KEY is not set: made once, kept in instance/."""
    path = instance / "qr_signing_key"
    if not path.exists():
        path.write_text(new_private_key_seed())
        path.chmod(0o600)
    return path.read_text().strip()


def public_key_b64(private_key: Ed25519PrivateKey) -> str:
    return _b64encode(private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def new_token_id() -> str:
    return secrets.token_hex(RANDOM_BYTES)


def sign(token_id: str, private_key: Ed25519PrivateKey) -> str:
    payload = bytes([VERSION]) + bytes.fromhex(token_id)
    return _b64encode(payload + private_key.sign(payload))


def verify(token: str, public_key: Ed25519PublicKey) -> str | None:
    """The token's random part if the signature is good; None for anything forged or malformed."""
    token = token.strip()
    if len(token) != TOKEN_LENGTH:
        return None
    try:
        raw = _b64decode(token)
    except ValueError:
        return None
    if len(raw) != 1 + RANDOM_BYTES + SIGNATURE_BYTES or raw[0] != VERSION:
        return None
    payload, signature = raw[: 1 + RANDOM_BYTES], raw[1 + RANDOM_BYTES:]
    try:
        public_key.verify(signature, payload)
    except InvalidSignature:
        return None
    return payload[1:].hex()


def new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def normalise_reference(text: str) -> str:
    """What a person typed at the door: case, spaces, dashes and Arabic-Indic digits forgiven."""
    return "".join(c for c in normalise_digits(text).upper() if c.isalnum())


def format_reference(reference: str) -> str:
    return f"{reference[:4]}-{reference[4:]}"


def token_from_scan(text: str) -> str:
    """A QR holds the participant page's URL; the code is its last path segment."""
    text = text.strip()
    return text.rstrip("/").rsplit("/", 1)[-1] if "/" in text else text

"""Chat text at rest and on the topics: AES-256-GCM with rotating data keys.

Blob layout (the contract of chat.turns.v1 / emergencies.v1): 12-byte random nonce, then the ciphertext with
its 16-byte tag appended (what `AESGCM.encrypt` returns). The id of the key travels next to the blob
(`key_id` column / field), never inside it.

Rotation: every configured key can decrypt; only the active key encrypts. To rotate, add the new key to
HEARTWISE_ENCRYPTION_KEYS, make it active, and keep the old one until the 30-day retention has expired every
row it wrote; removing a key crypto-shreds whatever it still protects.

Associated data: rows in Cassandra bind the ciphertext to the user id (AAD), so a blob copied into another
user's row does not decrypt. The Kafka payloads use no AAD, as their schema documents.
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from services.common.config import PlatformSettings
from services.conversation.ids import POOL

NONCE_BYTES = 12  # the GCM standard nonce size (NIST SP 800-38D); random per message
KEY_BYTES = 32  # AES-256


class DecryptionError(Exception):
    """The blob cannot be decrypted: unknown (retired) key id, wrong associated data, or tampered bytes."""


@dataclass(frozen=True)
class Sealed:
    blob: bytes
    key_id: str


class TextCipher:
    def __init__(self, keys: dict[str, bytes], active_key_id: str) -> None:
        if not keys:
            raise ValueError("at least one encryption key is required")
        for key_id, key in keys.items():
            if len(key) != KEY_BYTES:
                raise ValueError(f"encryption key {key_id!r} must be {KEY_BYTES} bytes (64 hex characters)")
        if active_key_id not in keys:
            raise ValueError(f"the active encryption key {active_key_id!r} is not among the configured keys")
        self._aead = {key_id: AESGCM(key) for key_id, key in keys.items()}
        self.active_key_id = active_key_id

    @classmethod
    def from_settings(cls, settings: PlatformSettings) -> TextCipher:
        return cls(parse_keys(settings.encryption_keys.get_secret_value()), settings.encryption_active_key_id)

    @property
    def key_ids(self) -> frozenset[str]:
        return frozenset(self._aead)

    def encrypt(self, text: str, *, aad: str | None = None) -> Sealed:
        nonce = POOL.take(NONCE_BYTES)  # random 96-bit nonce (NIST SP 800-38D 8.2.2)
        sealed = self._aead[self.active_key_id].encrypt(nonce, text.encode("utf-8"), _aad(aad))
        return Sealed(nonce + sealed, self.active_key_id)

    def decrypt(self, blob: bytes, key_id: str, *, aad: str | None = None) -> str:
        aead = self._aead.get(key_id)
        if aead is None:
            raise DecryptionError(f"key {key_id!r} is not configured (retired?)")
        if len(blob) < NONCE_BYTES + 16:
            raise DecryptionError("blob too short")
        try:
            return aead.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], _aad(aad)).decode("utf-8")
        except (InvalidTag, UnicodeDecodeError) as error:
            raise DecryptionError("authentication failed") from error


def _aad(aad: str | None) -> bytes | None:
    return aad.encode("utf-8") if aad is not None else None


def parse_keys(spec: str) -> dict[str, bytes]:
    """"id:hex64,id:hex64" → {id: 32 bytes}; errors name the key id, never the key."""
    keys: dict[str, bytes] = {}
    for item in spec.split(","):
        item = item.strip()
        if not item:
            continue
        key_id, sep, hex_key = item.partition(":")
        key_id = key_id.strip()
        if not sep or not key_id:
            raise ValueError("HEARTWISE_ENCRYPTION_KEYS entries must look like id:hex64")
        if key_id in keys:
            raise ValueError(f"encryption key id {key_id!r} appears twice")
        try:
            keys[key_id] = bytes.fromhex(hex_key.strip())
        except ValueError as error:
            raise ValueError(f"encryption key {key_id!r} is not hex") from error
    return keys

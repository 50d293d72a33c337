"""AES-256-GCM text encryption: round trip, associated data, tampering, and key rotation."""

from __future__ import annotations

import pytest
from conversation_fakes import KEY_A, KEY_B, cipher
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from services.common.config import PlatformSettings
from services.conversation.crypto import NONCE_BYTES, DecryptionError, TextCipher, parse_keys


def test_conversation_crypto_round_trip_keeps_text_and_names_the_active_key():
    c = cipher()
    sealed = c.encrypt("My chest feels tight, 150/95 this morning")
    assert sealed.key_id == "a"
    assert b"chest" not in sealed.blob and b"150" not in sealed.blob
    assert c.decrypt(sealed.blob, sealed.key_id) == "My chest feels tight, 150/95 this morning"


def test_conversation_crypto_blob_is_nonce_then_ciphertext_and_tag_as_the_schema_documents():
    c = cipher()
    sealed = c.encrypt("hello")
    assert len(sealed.blob) == NONCE_BYTES + len(b"hello") + 16
    # Any AES-GCM implementation given the key can read it: 12-byte nonce, then ciphertext || tag.
    plain = AESGCM(bytes.fromhex(KEY_A)).decrypt(sealed.blob[:NONCE_BYTES], sealed.blob[NONCE_BYTES:], None)
    assert plain == b"hello"


def test_conversation_crypto_uses_a_fresh_nonce_per_message():
    c = cipher()
    assert c.encrypt("same").blob != c.encrypt("same").blob


def test_conversation_crypto_associated_data_binds_a_row_to_its_user():
    c = cipher()
    sealed = c.encrypt("private", aad="user-a")
    assert c.decrypt(sealed.blob, "a", aad="user-a") == "private"
    with pytest.raises(DecryptionError):
        c.decrypt(sealed.blob, "a", aad="user-b")
    with pytest.raises(DecryptionError):
        c.decrypt(sealed.blob, "a")


def test_conversation_crypto_detects_tampering():
    c = cipher()
    blob = bytearray(c.encrypt("do not change me").blob)
    blob[-1] ^= 0x01
    with pytest.raises(DecryptionError):
        c.decrypt(bytes(blob), "a")
    with pytest.raises(DecryptionError):
        c.decrypt(b"short", "a")


def test_conversation_crypto_rotation_reads_old_rows_and_writes_with_the_new_key():
    before = cipher("a", a=KEY_A)
    old = before.encrypt("written before rotation", aad="u1")

    rotated = cipher("b", a=KEY_A, b=KEY_B)  # new key added and made active; old one kept for reading
    new = rotated.encrypt("written after rotation", aad="u1")
    assert new.key_id == "b"
    assert rotated.decrypt(old.blob, old.key_id, aad="u1") == "written before rotation"
    assert rotated.decrypt(new.blob, new.key_id, aad="u1") == "written after rotation"
    # The old deployment cannot read what the new key wrote, and the key id is what selects the key.
    with pytest.raises(DecryptionError):
        before.decrypt(new.blob, new.key_id, aad="u1")
    with pytest.raises(DecryptionError):
        rotated.decrypt(old.blob, "b", aad="u1")


def test_conversation_crypto_retiring_a_key_crypto_shreds_its_rows():
    old = cipher("a", a=KEY_A).encrypt("gone after retirement")
    retired = cipher("b", b=KEY_B)
    with pytest.raises(DecryptionError, match="not configured"):
        retired.decrypt(old.blob, old.key_id)


def test_conversation_crypto_refuses_bad_configuration():
    with pytest.raises(ValueError, match="32 bytes"):
        TextCipher({"a": b"short"}, "a")
    with pytest.raises(ValueError, match="active encryption key"):
        TextCipher({"a": bytes.fromhex(KEY_A)}, "b")
    with pytest.raises(ValueError, match="twice"):
        parse_keys(f"a:{KEY_A},a:{KEY_B}")
    with pytest.raises(ValueError, match="not hex"):
        parse_keys("a:zz")
    with pytest.raises(ValueError, match="id:hex64"):
        parse_keys(KEY_A)


def test_conversation_crypto_reads_keys_and_active_id_from_platform_settings():
    settings = PlatformSettings(encryption_keys=f"k1:{KEY_A}, k2:{KEY_B}", encryption_active_key_id="k2")
    c = TextCipher.from_settings(settings)
    assert c.key_ids == {"k1", "k2"}
    assert c.encrypt("x").key_id == "k2"


def test_conversation_random_pool_hands_out_fresh_bytes_and_refills_after_fork():
    from services.conversation.ids import RandomPool, new_id

    pool = RandomPool(block_bytes=64)
    chunks = [pool.take(12) for _ in range(20)]  # more than one block
    assert all(len(c) == 12 for c in chunks)
    assert len(set(chunks)) == 20
    assert len(pool.take(100)) == 100  # larger than a block: straight from the kernel
    before = pool._buffer
    pool._pid = -42  # as if this were a forked child
    pool.take(12)
    assert pool._buffer != before
    ids = {new_id() for _ in range(1000)}
    assert len(ids) == 1000 and all(len(i) == 32 and i[12] == "4" for i in ids)

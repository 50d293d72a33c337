"""services.common.auth: dev tokens, verification (HS256 and RS256/ES256), refusals, FastAPI scope checks."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Annotated, Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from services.common.auth import (
    SCOPE_CHAT,
    SCOPE_CLINICIAN,
    SCOPE_READINGS_WRITE,
    AuthError,
    Principal,
    decode_token,
    mint_dev_token,
    require_scope,
)
from services.common.config import DEV_JWT_SECRET, PlatformSettings

OTHER_SECRET = "someone-elses-secret-that-is-long-enough-for-hs256"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _hand_made_token(header: dict[str, Any], claims: dict[str, Any], sign: Any = None) -> str:
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
    signature = sign(signing_input.encode()) if sign else b""
    return f"{signing_input}.{_b64(signature)}"


def _claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    claims: dict[str, Any] = {
        "sub": "u-123", "scope": "chat", "iat": now, "exp": now + 600, "iss": "heartwise", "aud": "heartwise",
    }
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


@pytest.fixture
def dev_settings() -> PlatformSettings:
    return PlatformSettings()


def _pem_pair(algorithm: str) -> tuple[bytes, str]:
    private_key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
    if algorithm == "RS256":
        private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    else:
        private_key = ec.generate_private_key(ec.SECP256R1())
    private_pem = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public_pem = private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    return private_pem, public_pem


@pytest.fixture(scope="module")
def rsa_pair() -> tuple[bytes, str]:
    return _pem_pair("RS256")


def _asymmetric_settings(algorithm: str, public_pem: str) -> PlatformSettings:
    return PlatformSettings(jwt_algorithm=algorithm, jwt_public_key=public_pem)


# --- dev tokens round trip ---------------------------------------------------------------------------


def test_user_token_round_trip(dev_settings: PlatformSettings):
    token = mint_dev_token("u-123", [SCOPE_CHAT], settings=dev_settings)

    principal = decode_token(token, dev_settings)

    assert principal == Principal(sub="u-123", scopes=frozenset({"chat"}), device_id=None)
    assert principal.actor == "user:u-123"


def test_device_token_round_trip_carries_device_id(dev_settings: PlatformSettings):
    token = mint_dev_token("u-123", [SCOPE_READINGS_WRITE], device_id="cuff-7", settings=dev_settings)

    principal = decode_token(token, dev_settings)

    assert principal.sub == "u-123"
    assert principal.device_id == "cuff-7"
    assert principal.scopes == {"readings:write"}
    assert principal.actor == "device:cuff-7"


def test_clinician_actor_and_several_scopes(dev_settings: PlatformSettings):
    token = mint_dev_token("dr-9", [SCOPE_CLINICIAN, SCOPE_CHAT], settings=dev_settings)

    principal = decode_token(token, dev_settings)

    assert principal.scopes == {"clinician", "chat"}
    assert principal.actor == "clinician:dr-9"


def test_dev_token_has_standard_claims(dev_settings: PlatformSettings):
    before = int(time.time())
    token = mint_dev_token("u-1", ["chat"], ttl_s=120, settings=dev_settings)
    claims = jwt.decode(token, DEV_JWT_SECRET, algorithms=["HS256"], audience="heartwise")

    assert jwt.get_unverified_header(token)["alg"] == "HS256"
    assert claims["iss"] == "heartwise"
    assert before + 120 <= claims["exp"] <= int(time.time()) + 120
    assert claims["jti"] != jwt.decode(
        mint_dev_token("u-1", ["chat"], settings=dev_settings), DEV_JWT_SECRET, algorithms=["HS256"],
        audience="heartwise",
    )["jti"]


def test_default_settings_come_from_the_environment():
    # No settings argument: both sides use the cached platform settings (development defaults here).
    assert decode_token(mint_dev_token("u-5", ["chat"])).sub == "u-5"


def test_non_string_scope_claim_gives_no_scopes(dev_settings: PlatformSettings):
    token = jwt.encode(_claims(scope=["chat", "clinician"]), DEV_JWT_SECRET, algorithm="HS256")
    assert decode_token(token, dev_settings).scopes == frozenset()


# --- refusals ----------------------------------------------------------------------------------------


def test_expired_token_is_refused_as_expired(dev_settings: PlatformSettings):
    token = mint_dev_token("u-123", ["chat"], ttl_s=-5, settings=dev_settings)

    with pytest.raises(AuthError) as caught:
        decode_token(token, dev_settings)

    assert caught.value.status_code == 401
    assert caught.value.reason == "token expired"


def test_token_signed_with_another_secret_is_refused(dev_settings: PlatformSettings):
    token = jwt.encode(_claims(), OTHER_SECRET, algorithm="HS256")

    with pytest.raises(AuthError) as caught:
        decode_token(token, dev_settings)

    assert caught.value.status_code == 401
    assert caught.value.reason.startswith("invalid token")


def test_tampered_payload_is_refused(dev_settings: PlatformSettings):
    header, _payload, signature = mint_dev_token("u-123", ["chat"], settings=dev_settings).split(".")
    forged_payload = _b64(json.dumps(_claims(sub="u-999", scope="chat clinician")).encode())

    with pytest.raises(AuthError) as caught:
        decode_token(f"{header}.{forged_payload}.{signature}", dev_settings)

    assert caught.value.status_code == 401


@pytest.mark.parametrize("alg", ["none", "None", "NONE"])
def test_unsigned_alg_none_token_is_refused(dev_settings: PlatformSettings, alg: str):
    token = _hand_made_token({"alg": alg, "typ": "JWT"}, _claims())

    with pytest.raises(AuthError) as caught:
        decode_token(token, dev_settings)

    assert caught.value.status_code == 401


def test_alg_confusion_hs256_signed_with_the_rsa_public_key_is_refused(rsa_pair: tuple[bytes, str]):
    """The classic attack: the verifier expects RS256, the attacker HMACs with the (public) PEM."""
    _private_pem, public_pem = rsa_pair
    settings = _asymmetric_settings("RS256", public_pem)
    token = _hand_made_token(
        {"alg": "HS256", "typ": "JWT"}, _claims(scope="chat clinician"),
        sign=lambda data: hmac.new(public_pem.encode(), data, hashlib.sha256).digest(),
    )

    with pytest.raises(AuthError) as caught:
        decode_token(token, settings)

    assert caught.value.status_code == 401


def test_rs256_token_is_refused_by_an_hs256_verifier(dev_settings: PlatformSettings, rsa_pair: tuple[bytes, str]):
    private_pem, _public_pem = rsa_pair
    token = jwt.encode(_claims(), private_pem, algorithm="RS256")

    with pytest.raises(AuthError) as caught:
        decode_token(token, dev_settings)

    assert caught.value.status_code == 401


@pytest.mark.parametrize("missing", ["sub", "exp"])
def test_token_without_sub_or_exp_is_refused(dev_settings: PlatformSettings, missing: str):
    token = jwt.encode(_claims(**{missing: None}), DEV_JWT_SECRET, algorithm="HS256")

    with pytest.raises(AuthError) as caught:
        decode_token(token, dev_settings)

    assert caught.value.status_code == 401
    assert missing in caught.value.reason


@pytest.mark.parametrize("sub", ["", 42])
def test_token_with_empty_or_non_string_sub_is_refused(dev_settings: PlatformSettings, sub: object):
    token = jwt.encode(_claims(sub=sub), DEV_JWT_SECRET, algorithm="HS256")

    with pytest.raises(AuthError) as caught:
        decode_token(token, dev_settings)

    assert caught.value.status_code == 401


@pytest.mark.parametrize(
    "overrides",
    [{"aud": "another-platform"}, {"iss": "another-issuer"}, {"aud": None}, {"iss": None}],
    ids=["wrong-audience", "wrong-issuer", "no-audience", "no-issuer"],
)
def test_wrong_or_missing_audience_or_issuer_is_refused(dev_settings: PlatformSettings, overrides: dict):
    token = jwt.encode(_claims(**overrides), DEV_JWT_SECRET, algorithm="HS256")

    with pytest.raises(AuthError) as caught:
        decode_token(token, dev_settings)

    assert caught.value.status_code == 401


def test_garbage_is_refused(dev_settings: PlatformSettings):
    with pytest.raises(AuthError) as caught:
        decode_token("not.a.jwt", dev_settings)
    assert caught.value.status_code == 401


def test_mint_is_refused_in_production(rsa_pair: tuple[bytes, str]):
    _private_pem, public_pem = rsa_pair
    production = PlatformSettings(
        env="production", jwt_algorithm="RS256", jwt_public_key=public_pem,
        jwt_secret="a-real-secret-from-the-vault-0123456789abcdef",
        pseudonym_key="a-real-pseudonym-key", encryption_keys=f"k1:{'ab' * 32}", encryption_active_key_id="k1",
    )

    with pytest.raises(RuntimeError, match="refused in production"):
        mint_dev_token("u-123", ["chat"], settings=production)


def test_mint_is_refused_when_tokens_are_not_hs256(rsa_pair: tuple[bytes, str]):
    _private_pem, public_pem = rsa_pair
    with pytest.raises(RuntimeError):
        mint_dev_token("u-123", ["chat"], settings=_asymmetric_settings("RS256", public_pem))


# --- asymmetric verification -------------------------------------------------------------------------


@pytest.mark.parametrize("algorithm", ["RS256", "ES256"])
def test_asymmetric_token_verified_with_the_configured_public_key(algorithm: str):
    private_pem, public_pem = _pem_pair(algorithm)
    settings = _asymmetric_settings(algorithm, public_pem)
    token = jwt.encode(_claims(scope="readings:write", device_id="watch-2"), private_pem, algorithm=algorithm)

    principal = decode_token(token, settings)

    assert principal.sub == "u-123"
    assert principal.device_id == "watch-2"
    assert principal.scopes == {"readings:write"}


def test_rs256_token_signed_by_another_key_is_refused(rsa_pair: tuple[bytes, str]):
    _private_pem, public_pem = rsa_pair
    other_private, _other_public = _pem_pair("RS256")
    token = jwt.encode(_claims(), other_private, algorithm="RS256")

    with pytest.raises(AuthError) as caught:
        decode_token(token, _asymmetric_settings("RS256", public_pem))

    assert caught.value.status_code == 401


def test_asymmetric_algorithm_without_any_key_is_refused(rsa_pair: tuple[bytes, str]):
    private_pem, _public_pem = rsa_pair
    token = jwt.encode(_claims(), private_pem, algorithm="RS256")

    with pytest.raises(AuthError) as caught:
        decode_token(token, PlatformSettings(jwt_algorithm="RS256"))

    assert caught.value.status_code == 401
    assert caught.value.reason == "no verification key configured"


# --- FastAPI integration -----------------------------------------------------------------------------


@pytest.fixture
def client() -> TestClient:
    app = FastAPI()

    @app.get("/me")
    def me(principal: Annotated[Principal, Depends(require_scope(SCOPE_CHAT))]) -> dict[str, str | None]:
        return {"sub": principal.sub, "actor": principal.actor, "device_id": principal.device_id}

    return TestClient(app)


def test_endpoint_without_token_is_401_with_www_authenticate(client: TestClient):
    response = client.get("/me")

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["detail"] == "missing bearer token"


def test_endpoint_with_non_bearer_credentials_is_401(client: TestClient):
    response = client.get("/me", headers={"Authorization": "Basic dXNlcjpwYXNz"})

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_endpoint_with_invalid_token_is_401_with_www_authenticate(client: TestClient):
    forged = jwt.encode(_claims(), OTHER_SECRET, algorithm="HS256")

    response = client.get("/me", headers={"Authorization": f"Bearer {forged}"})

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_endpoint_with_expired_token_says_so(client: TestClient):
    token = mint_dev_token("u-123", ["chat"], ttl_s=-5)

    response = client.get("/me", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 401
    assert response.json()["detail"] == "token expired"


def test_endpoint_with_wrong_scope_is_403(client: TestClient):
    token = mint_dev_token("u-123", [SCOPE_READINGS_WRITE], device_id="cuff-7")

    response = client.get("/me", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 403
    assert response.json()["detail"] == "scope 'chat' required"


def test_endpoint_with_the_right_scope_is_200_and_sees_the_principal(client: TestClient):
    token = mint_dev_token("u-123", [SCOPE_CHAT])

    response = client.get("/me", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 200
    assert response.json() == {"sub": "u-123", "actor": "user:u-123", "device_id": None}

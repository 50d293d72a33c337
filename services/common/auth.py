"""JWT authentication and scope checks shared by every HTTP service.

Tokens: HS256 with a shared secret in development; RS256/ES256 with a PEM public key or a JWKS URL in
production (PlatformSettings refuses the development secret there). Claims used: `sub` (the user id the
token speaks for), `scope` (space-separated), `device_id` (device tokens), `exp`, `iss`, `aud`.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated

import jwt
from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from services.common.config import PlatformSettings, get_platform_settings

SCOPE_READINGS_WRITE = "readings:write"
SCOPE_CHAT = "chat"
SCOPE_CLINICIAN = "clinician"
SCOPE_AUDIT_READ = "audit:read"
SCOPE_ANALYTICS_READ = "analytics:read"


@dataclass(frozen=True)
class Principal:
    sub: str
    scopes: frozenset[str]
    device_id: str | None = None

    @property
    def actor(self) -> str:
        """How the audit log names this caller."""
        if self.device_id:
            return f"device:{self.device_id}"
        if SCOPE_CLINICIAN in self.scopes:
            return f"clinician:{self.sub}"
        return f"user:{self.sub}"


class AuthError(Exception):
    def __init__(self, status_code: int, reason: str) -> None:
        super().__init__(reason)
        self.status_code = status_code
        self.reason = reason


@lru_cache(maxsize=4)
def _jwks_client(url: str) -> jwt.PyJWKClient:
    return jwt.PyJWKClient(url, cache_keys=True)


def _verification_key(token: str, settings: PlatformSettings) -> object:
    if settings.jwt_algorithm == "HS256":
        return settings.jwt_secret.get_secret_value()
    if settings.jwt_jwks_url:
        return _jwks_client(settings.jwt_jwks_url).get_signing_key_from_jwt(token).key
    if settings.jwt_public_key:
        return settings.jwt_public_key
    raise AuthError(status.HTTP_401_UNAUTHORIZED, "no verification key configured")


def decode_token(token: str, settings: PlatformSettings | None = None) -> Principal:
    settings = settings or get_platform_settings()
    try:
        claims = jwt.decode(
            token,
            key=_verification_key(token, settings),  # type: ignore[arg-type]
            algorithms=[settings.jwt_algorithm],  # one algorithm only: no alg confusion
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            options={"require": ["exp", "sub"]},
        )
    except jwt.ExpiredSignatureError as error:
        raise AuthError(status.HTTP_401_UNAUTHORIZED, "token expired") from error
    except jwt.PyJWTError as error:
        raise AuthError(status.HTTP_401_UNAUTHORIZED, f"invalid token: {error}") from error
    sub = claims.get("sub")
    if not isinstance(sub, str) or not sub:
        raise AuthError(status.HTTP_401_UNAUTHORIZED, "token has no subject")
    scope = claims.get("scope", "")
    scopes = frozenset(scope.split()) if isinstance(scope, str) else frozenset()
    device_id = claims.get("device_id")
    return Principal(sub=sub, scopes=scopes, device_id=device_id if isinstance(device_id, str) else None)


def mint_dev_token(
    sub: str, scopes: list[str], device_id: str | None = None, ttl_s: int = 3600,
    settings: PlatformSettings | None = None,
) -> str:
    """A development token signed with the HS256 secret; refused when the environment is production."""
    settings = settings or get_platform_settings()
    if settings.is_production or settings.jwt_algorithm != "HS256":
        raise RuntimeError("dev tokens are HS256 development tokens; refused in production")
    now = int(time.time())
    claims: dict[str, object] = {
        "sub": sub, "scope": " ".join(scopes), "iat": now, "exp": now + ttl_s, "jti": uuid.uuid4().hex,
        "iss": settings.jwt_issuer, "aud": settings.jwt_audience,
    }
    if device_id:
        claims["device_id"] = device_id
    return jwt.encode(claims, settings.jwt_secret.get_secret_value(), algorithm="HS256")


_bearer = HTTPBearer(auto_error=False)


def authenticate(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="missing bearer token",
                            headers={"WWW-Authenticate": "Bearer"})
    try:
        return decode_token(credentials.credentials)
    except AuthError as error:
        raise HTTPException(error.status_code, detail=error.reason,
                            headers={"WWW-Authenticate": "Bearer"}) from error


def require_scope(scope: str):
    """Dependency factory: the caller must hold `scope`; 403 otherwise."""

    def dependency(principal: Annotated[Principal, Depends(authenticate)]) -> Principal:
        if scope not in principal.scopes:
            raise HTTPException(status.HTTP_403_FORBIDDEN, detail=f"scope '{scope}' required")
        return principal

    return dependency

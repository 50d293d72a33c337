"""Device-token authentication for POST /v1/readings, with verified tokens cached.

The platform's `require_scope` does the same checks, but as two plain-def dependencies FastAPI runs each
in a worker thread (two thread hops per request), and it verifies the signature on every request. A device
uploads many batches with one token, so the gateway keeps the verdict for a token it has verified:

- keyed by the whole token text, signature included: only a byte-identical token that passed
  `decode_token` (signature, algorithm, issuer, audience, exp) ever hits;
- kept until the token's own `exp`, and at most `ttl_s` (so a key rotation or a change of settings takes
  effect within that time), in a bounded table (oldest entry dropped first);
- failures are never cached: a bad token costs a full verification every time, as before.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Annotated

import jwt
from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from services.common.auth import SCOPE_READINGS_WRITE, AuthError, Principal, decode_token


class TokenCache:
    """Principals of recently verified tokens; `principal(token)` verifies on a miss (raises AuthError)."""

    def __init__(self, capacity: int = 10_000, ttl_s: float = 60.0,
                 clock: Callable[[], float] = time.time) -> None:
        if capacity < 1 or ttl_s <= 0:
            raise ValueError("capacity >= 1 and ttl_s > 0 are required")
        self.capacity = capacity
        self.ttl_s = ttl_s
        self.clock = clock
        self._entries: dict[str, tuple[Principal, float]] = {}  # insertion order = age

    def principal(self, token: str) -> Principal:
        now = self.clock()
        entry = self._entries.get(token)
        if entry is not None:
            if now < entry[1]:
                return entry[0]
            del self._entries[token]
        principal = decode_token(token)  # raises AuthError: nothing is cached then
        # The signature was verified just above; this second decode only reads the (required) exp claim.
        expires = jwt.decode(token, options={"verify_signature": False})["exp"]
        if len(self._entries) >= self.capacity:
            del self._entries[next(iter(self._entries))]
        self._entries[token] = (principal, min(float(expires), now + self.ttl_s))
        return principal

    def __len__(self) -> int:
        return len(self._entries)


_bearer = HTTPBearer(auto_error=False)


async def device_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The caller, who must hold `readings:write` (401 / 403 with the platform's reasons otherwise).

    async on purpose: FastAPI runs a plain-def dependency in a worker thread.
    """
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="missing bearer token",
                            headers={"WWW-Authenticate": "Bearer"})
    tokens: TokenCache = request.app.state.gateway.tokens
    try:
        principal = tokens.principal(credentials.credentials)
    except AuthError as error:
        raise HTTPException(error.status_code, detail=error.reason,
                            headers={"WWW-Authenticate": "Bearer"}) from error
    if SCOPE_READINGS_WRITE not in principal.scopes:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=f"scope '{SCOPE_READINGS_WRITE}' required")
    return principal

"""Who is asking: the signed session cookie, the current user, roles and CSRF tokens.

Sessions live in a cookie signed with the app's secret (Starlette's SessionMiddleware:
itsdangerous, HttpOnly, SameSite=Lax, Secure when configured). The cookie holds the user id, the
user's ``epoch`` (a password or role change ends older sessions) and a CSRF token. Every request
that changes something and is authenticated by that cookie must carry the token, as the form
field ``csrf_token`` or the header ``X-CSRF-Token``.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import defaultdict, deque
from typing import cast

from fastapi import HTTPException, Request
from sqlalchemy import select

from yusuan.web.users import ROLE_ZH, User, has_role

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def current_user(request: Request) -> User | None:
    cached = getattr(request.state, "user", False)
    if cached is not False:
        return cast(User | None, cached)
    user = None
    uid = request.session.get("uid")
    if uid is not None:
        store = request.app.state.store
        with store.sessions() as s:
            found = s.scalars(select(User).where(User.id == uid)).first()
        if found is not None and found.epoch == request.session.get("epoch"):
            user = found
        else:
            request.session.pop("uid", None)
            request.session.pop("epoch", None)
    request.state.user = user
    return user


def sign_in(request: Request, user: User) -> None:
    request.session.clear()  # a fresh session (and CSRF token) at sign-in: no fixation
    request.session["uid"] = user.id
    request.session["epoch"] = user.epoch
    request.session["csrf"] = secrets.token_urlsafe(32)
    request.state.user = user


def sign_out(request: Request) -> None:
    request.session.clear()
    request.state.user = None


async def verify_csrf(request: Request) -> None:
    """Raise 403 unless the request carries this session's CSRF token."""
    expected = request.session.get("csrf")
    given = request.headers.get(CSRF_HEADER)
    if given is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        given = value if isinstance(value, str) else None
    if not expected or not given or not secrets.compare_digest(expected, given):
        raise HTTPException(403, detail="CSRF")


def require(request: Request, role: str) -> User:
    """The signed-in user with at least ``role``: 401 when nobody is signed in, 403 when the role
    is too low."""
    user = current_user(request)
    if user is None:
        raise HTTPException(401, detail="login")
    if not has_role(user, role):
        raise HTTPException(403, detail=f"role:{role}")
    return user


def role_message(role: str) -> str:
    return f"此操作需要“{ROLE_ZH[role]}”或更高权限"


class Throttle:
    """At most ``limit`` failed sign-ins per name, and ``per_client`` per client address, in
    ``window`` seconds (a guessing script is slowed; an office behind one NAT is not locked out)."""

    def __init__(self, limit: int = 8, window: float = 300, per_client: int = 40) -> None:
        self.limit, self.window, self.per_client = limit, window, per_client
        self._fails: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        q = self._fails[key]
        while q and now - q[0] > self.window:
            q.popleft()
        return q

    def blocked(self, *keys: str) -> bool:
        now = time.monotonic()
        with self._lock:
            return any(
                len(self._recent(k, now))
                >= (self.per_client if k.startswith("ip:") else self.limit)
                for k in keys
            )

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for k in keys:
                self._recent(k, now).append(now)

    def reset(self, *keys: str) -> None:
        with self._lock:
            for k in keys:
                self._fails.pop(k, None)

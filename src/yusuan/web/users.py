"""Accounts: a ``web_users`` table beside the store's, argon2 password hashes, three roles.

The table has its own metadata (not the store's Alembic migrations): it belongs to the web app
and is created when the app or ``yusuan user`` opens a database.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import DateTime, Engine, Integer, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from yusuan.errors import YusuanError

ROLES = ("viewer", "editor", "admin")
ROLE_ZH = {"viewer": "查阅", "editor": "编辑", "admin": "管理员"}
RANK = {r: n for n, r in enumerate(ROLES)}
_NAME = re.compile(r"^[\w.@-]{1,64}$")
_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


class WebBase(DeclarativeBase):
    pass


class User(WebBase):
    __tablename__ = "web_users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    # Bumped on a password change or role change: every session signed before it ends.
    epoch: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def ensure_schema(engine: Engine) -> None:
    WebBase.metadata.create_all(engine)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


# A constant hash to verify against for unknown names, so a login takes as long either way.
_DUMMY = hash_password("yusuan-no-such-user")


def check_role(role: str) -> str:
    if role not in ROLES:
        raise YusuanError(
            f"未知的角色：{role}（可用：viewer 查阅、editor 编辑、admin 管理员）",
            f"unknown role: {role} (viewer|editor|admin)",
        )
    return role


def check_password(password: str) -> str:
    if len(password) < 8:
        raise YusuanError("密码至少 8 个字符", "the password needs at least 8 characters")
    if len(password) > 1024:
        raise YusuanError("密码过长", "the password is too long")
    return password


def add_user(session: Session, name: str, role: str, password: str) -> User:
    if not _NAME.match(name):
        raise YusuanError(
            f"用户名只能含字母、数字、汉字和 . _ @ -（最多 64 个字符）：{name}",
            f"invalid user name: {name!r}",
        )
    check_role(role)
    check_password(password)
    if session.scalars(select(User).where(User.name == name)).first() is not None:
        raise YusuanError(f"用户已存在：{name}", f"user already exists: {name}")
    user = User(
        name=name,
        role=role,
        password_hash=hash_password(password),
        epoch=0,
        created_at=datetime.now(UTC),
    )
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, name: str, password: str) -> User | None:
    user = session.scalars(select(User).where(User.name == name)).first()
    if user is None:
        verify_password(_DUMMY, password)
        return None
    if not verify_password(user.password_hash, password):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def has_role(user: User | None, role: str) -> bool:
    return user is not None and RANK.get(user.role, -1) >= RANK[role]

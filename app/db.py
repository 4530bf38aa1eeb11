"""Declarative base, naming conventions, UTC timestamps and the multilingual text type."""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import get_locale
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, registry

# Stable constraint names, so that Alembic can alter and drop them on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

LANGUAGES: tuple[str, ...] = ("en", "ar", "ckb")

# Which languages to try, in order, when the wanted one is empty: never show an empty string.
FALLBACKS: dict[str, tuple[str, ...]] = {
    "en": ("en", "ar", "ckb"),
    "ar": ("ar", "en", "ckb"),
    "ckb": ("ckb", "ar", "en"),
}


def utcnow() -> datetime:
    """Timezone-aware current time in UTC (a callable default, never a value fixed at import)."""
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """Stores aware datetimes as UTC and gives them back aware, on SQLite as on PostgreSQL."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; store timezone-aware datetimes only")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:  # SQLite keeps no offset; what we wrote was UTC.
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class LocalizedText:
    """A text typed by users in up to three languages, kept together as one value.

    Immutable: assign a new value to change it (so the ORM sees the change).
    """

    en: str = ""
    ar: str = ""
    ckb: str = ""

    def __post_init__(self) -> None:
        for lang in LANGUAGES:
            value = getattr(self, lang)
            object.__setattr__(self, lang, (value or "").strip())

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any] | None) -> LocalizedText:
        values = values or {}
        return cls(**{lang: str(values.get(lang) or "") for lang in LANGUAGES})

    def as_dict(self) -> dict[str, str]:
        """The non-empty languages only, as stored in the database."""
        return {lang: getattr(self, lang) for lang in LANGUAGES if getattr(self, lang)}

    def __bool__(self) -> bool:
        return any(getattr(self, lang) for lang in LANGUAGES)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang in LANGUAGES if getattr(self, lang))

    def resolve(self, locale: str) -> tuple[str, str]:
        """(language actually shown, text) for `locale`, following the fallback order."""
        language = str(locale).split("_")[0].split("-")[0]
        for lang in FALLBACKS.get(language, FALLBACKS["en"]):
            text = getattr(self, lang)
            if text:
                return lang, text
        return language, ""

    def get(self, locale: str) -> str:
        return self.resolve(locale)[1]

    def __str__(self) -> str:
        # Flask-Babel knows the request's locale; outside a request, English first.
        locale = get_locale()
        return self.get(str(locale) if locale else "en")


def empty_text() -> LocalizedText:
    """Column default for optional multilingual text (a callable, so each row gets its own)."""
    return LocalizedText()


class MultilingualText(sa.types.TypeDecorator[LocalizedText]):
    """Column type holding a `LocalizedText` as one JSON object: {"en": …, "ar": …, "ckb": …}."""

    impl = sa.JSON
    cache_ok = True

    def load_dialect_impl(self, dialect: sa.Dialect) -> sa.types.TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.JSONB())
        return dialect.type_descriptor(sa.JSON())

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> dict[str, str] | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = json.loads(value)
        if isinstance(value, Mapping):
            value = LocalizedText.from_mapping(value)
        if not isinstance(value, LocalizedText):
            raise TypeError(f"MultilingualText expects LocalizedText, got {type(value).__name__}")
        return value.as_dict()

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> LocalizedText | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = json.loads(value)
        return LocalizedText.from_mapping(value)


class LabelledEnum(enum.StrEnum):
    """A StrEnum whose members have translatable labels, given once with `set_labels`."""

    @property
    def label(self) -> str:
        # Keyed by class and value: members of different enums may share a value ("cancelled").
        return str(_ENUM_LABELS[(type(self), self.value)])


_ENUM_LABELS: dict[tuple[type, str], object] = {}


def set_labels(labels: Mapping[LabelledEnum, object]) -> Mapping[LabelledEnum, object]:
    """Register the (lazy, translatable) labels of an enum's members; returns them for forms."""
    for member, label in labels.items():
        _ENUM_LABELS[(type(member), member.value)] = label
    return labels


def enum_column(enum_class: type[enum.Enum], length: int) -> sa.Enum:
    """Enums stored as their string values in a VARCHAR, portable between SQLite and PostgreSQL."""
    return sa.Enum(
        enum_class,
        native_enum=False,
        length=length,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    """Declarative base of every model."""

    registry = registry(
        metadata=sa.MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime(), LocalizedText: MultilingualText()},
    )


class TimestampMixin:
    """created_at / updated_at in UTC, set by Python callables."""

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

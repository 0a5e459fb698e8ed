"""Build messages from JSON-shaped data, for callers in any language (``wus build`` / ``wus submit``).

The JSON shape of a kind is its Python class: one key per field, nested objects for nested
values, arrays for tuples. Values are written as JSON allows:

- dates ``"2025-07-01"`` (or ``"20250701"``); date-times ISO 8601 (``"2025-07-01T09:30:00+02:00"``)
- durations (hours worked) ``"07:30"`` (or ``"0730"``)
- amounts as strings ``"123.45"`` (numbers are accepted; strings keep every cent exact)
- code lists by code (``"03"``) or by member name (``"ZIEK_UIT_DIENST"``)
- an identity as ``"123456789L01:LHnr"`` or ``{"nummer": ..., "type": ...}``
- bytes (a Document's content) as base64

Unknown keys are refused, so a typo never silently drops a field. ``examples/`` holds one
example file and one JSON Schema per kind.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import enum
import re
import types
import typing
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from ..errors import MessageValidationError
from ..models import Identity
from .base import Message
from .cbc import CbcMessage
from .document import Document
from .uwv import (
    Betermelding,
    BetermeldingLangdurig,
    Intrekking,
    WazoAanvraag,
    Ziekteaangifte,
    ZiekteaangifteLangdurig,
)

__all__ = ["KINDS", "build_message", "convert"]

#: CLI kind names -> message classes.
KINDS: Mapping[str, type] = types.MappingProxyType(
    {
        "ziekteaangifte-zw": Ziekteaangifte,
        "betermelding-zw": Betermelding,
        "ziekteaangifte-langdurig": ZiekteaangifteLangdurig,
        "betermelding-langdurig": BetermeldingLangdurig,
        "aanvraag-wazo": WazoAanvraag,
        "intrekking": Intrekking,
        "cbc": CbcMessage,
        "document": Document,
    }
)

_HHMM = re.compile(r"(\d{1,2}):?([0-5]\d)")


def build_message(kind: str, data: Mapping[str, Any]) -> Message:
    """The message of ``kind`` described by ``data`` (parsed JSON). Call ``validate()`` before use.

    Raises MessageValidationError naming the JSON path for unknown kinds, unknown or missing
    keys and values of the wrong type.
    """
    cls = KINDS.get(kind)
    if cls is None:
        raise MessageValidationError("kind", f"{kind!r} is not a message kind; use one of {', '.join(KINDS)}")
    message = convert(cls, data, "")
    assert isinstance(message, Message)
    return message


def _where(path: str) -> str:
    return path or "(top level)"


def convert(tp: Any, value: Any, path: str) -> Any:
    """Convert JSON ``value`` to type ``tp`` (a field annotation), reporting errors at ``path``."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if value is None:
            return None
        if len(args) == 1:
            return convert(args[0], value, path)
        raise MessageValidationError(_where(path), f"unsupported union {tp}")  # pragma: no cover
    if value is None:
        raise MessageValidationError(_where(path), "must not be null")
    if origin is tuple:
        if not isinstance(value, list):
            raise MessageValidationError(_where(path), "must be an array")
        (item_type, _ellipsis) = typing.get_args(tp)
        return tuple(convert(item_type, item, f"{path}[{i}]") for i, item in enumerate(value))
    if isinstance(tp, type):
        return _convert_type(tp, value, path)
    raise MessageValidationError(_where(path), f"unsupported field type {tp}")  # pragma: no cover


def _convert_type(tp: type, value: Any, path: str) -> Any:
    if tp is Identity and isinstance(value, str):
        return Identity.parse(value)
    if dataclasses.is_dataclass(tp):
        return _convert_dataclass(tp, value, path)
    if issubclass(tp, enum.Enum):
        return _convert_enum(tp, value, path)
    if tp is bool:
        if not isinstance(value, bool):
            raise MessageValidationError(_where(path), f"must be true or false, got {value!r}")
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise MessageValidationError(_where(path), f"must be a whole number, got {value!r}")
        return value
    if tp is str:
        if not isinstance(value, str):
            raise MessageValidationError(_where(path), f"must be a string, got {value!r}")
        return value
    if tp is Decimal:
        return _convert_decimal(value, path)
    if tp is datetime:
        return _convert_datetime(value, path)
    if tp is date:
        return _convert_date(value, path)
    if tp is timedelta:
        if isinstance(value, str) and (match := _HHMM.fullmatch(value)):
            return timedelta(hours=int(match.group(1)), minutes=int(match.group(2)))
        raise MessageValidationError(_where(path), f'must be hours and minutes like "07:30", got {value!r}')
    if tp is bytes:
        if not isinstance(value, str):
            raise MessageValidationError(_where(path), "must be base64 text")
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise MessageValidationError(_where(path), f"is not valid base64: {exc}") from exc
    raise MessageValidationError(_where(path), f"unsupported field type {tp.__name__}")  # pragma: no cover


def _convert_dataclass(tp: type, value: Any, path: str) -> Any:
    if not isinstance(value, Mapping):
        raise MessageValidationError(_where(path), f"must be an object ({tp.__name__})")
    hints = typing.get_type_hints(tp)
    fields = {f.name: f for f in dataclasses.fields(tp) if f.init}
    unknown = sorted(set(value) - set(fields))
    if unknown:
        raise MessageValidationError(
            f"{path}.{unknown[0]}" if path else unknown[0],
            f"unknown field for {tp.__name__}; known fields: {', '.join(fields)}",
        )
    kwargs: dict[str, Any] = {}
    for name, f in fields.items():
        sub_path = f"{path}.{name}" if path else name
        if name not in value:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise MessageValidationError(sub_path, f"is required for {tp.__name__}")
            continue
        kwargs[name] = convert(hints[name], value[name], sub_path)
    return tp(**kwargs)


def _convert_enum(tp: type[enum.Enum], value: Any, path: str) -> enum.Enum:
    if isinstance(value, str):
        for member in tp:
            if value == member.value or value.upper() == member.name:
                return member
    codes = ", ".join(f"{m.value} ({m.name})" for m in tp)
    raise MessageValidationError(_where(path), f"{value!r} is not in the code list {tp.__name__}: {codes}")


def _convert_decimal(value: Any, path: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise MessageValidationError(_where(path), f'must be an amount like "123.45", got {value!r}')
    try:
        result = Decimal(str(value))
    except InvalidOperation as exc:
        raise MessageValidationError(_where(path), f'must be an amount like "123.45", got {value!r}') from exc
    if not result.is_finite():
        raise MessageValidationError(_where(path), "must be a finite amount")
    return result


def _convert_date(value: Any, path: str) -> date:
    if isinstance(value, str):
        text = value
        if re.fullmatch(r"\d{8}", text):
            text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            try:
                return date.fromisoformat(text)
            except ValueError as exc:
                raise MessageValidationError(_where(path), f"{value!r} is not a calendar date") from exc
    raise MessageValidationError(_where(path), f'must be a date like "2025-07-01", got {value!r}')


def _convert_datetime(value: Any, path: str) -> datetime:
    if isinstance(value, str) and "T" in value:
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    raise MessageValidationError(
        _where(path), f'must be an ISO 8601 date-time like "2025-07-01T09:30:00+02:00", got {value!r}'
    )

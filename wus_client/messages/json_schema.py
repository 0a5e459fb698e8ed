"""JSON Schema (draft 2020-12) of each kind's JSON shape, derived from the same classes that
:func:`build_message` fills, so the documented shape and the accepted shape cannot drift."""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from ..models import Identity
from .from_json import KINDS

__all__ = ["json_schema"]

_SCALARS: dict[type, dict[str, Any]] = {
    str: {"type": "string"},
    bool: {"type": "boolean"},
    int: {"type": "integer"},
    Decimal: {"type": ["string", "number"], "pattern": r"^-?[0-9]+(\.[0-9]+)?$"},
    date: {"type": "string", "pattern": r"^[0-9]{4}-?[0-9]{2}-?[0-9]{2}$"},
    datetime: {"type": "string", "format": "date-time"},
    timedelta: {"type": "string", "pattern": r"^[0-9]{1,2}:?[0-5][0-9]$"},
    bytes: {"type": "string", "contentEncoding": "base64"},
}


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema for ``wus build KIND`` input."""
    cls = KINDS[kind]
    defs: dict[str, Any] = {}
    root = _object(cls, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://wus-client.invalid/schemas/{kind}.schema.json",
        "title": f"wus_client message kind {kind!r} ({cls.__name__})",
        **root,
        "$defs": dict(sorted(defs.items())),
    }


def _object(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for f in dataclasses.fields(cls):
        if not f.init:
            continue
        properties[f.name] = _schema(hints[f.name], defs)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            required.append(f.name)
    result: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        result["required"] = required
    doc = (cls.__doc__ or "").strip().split("\n\n")[0]
    if doc:
        result["description"] = " ".join(doc.split())
    return result


def _schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return {"anyOf": [_schema(args[0], defs), {"type": "null"}]}
    if origin is tuple:
        return {"type": "array", "items": _schema(typing.get_args(tp)[0], defs)}
    if tp is Identity:
        identity = _ref(tp, defs)
        return {"anyOf": [{"type": "string", "pattern": "^.+:.+$"}, identity]}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _ref(tp, defs)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        if tp.__name__ not in defs:
            values = sorted({str(m.value) for m in tp} | {m.name for m in tp})
            described = f"code or name ({tp.__name__})"
            defs[tp.__name__] = {"type": "string", "enum": values, "description": described}
        return {"$ref": f"#/$defs/{tp.__name__}"}
    return dict(_SCALARS[tp])


def _ref(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    if cls.__name__ not in defs:
        defs[cls.__name__] = {}  # reserve first: nested types may refer back
        defs[cls.__name__] = _object(cls, defs)
    return {"$ref": f"#/$defs/{cls.__name__}"}

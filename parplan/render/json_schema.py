"""The JSON Schema (draft 2020-12) of plan and units files, for editors and CI, written from the
shapes of ``parplan.checks.schema`` (``parplan schema plan|units``; copies are committed under
``schema/`` and written by ``parplan init``). A renderer: each key carries its description in
Vietnamese and English, from ``parplan.render.i18n``."""

from __future__ import annotations

import json

from parplan.checks.schema import (
    BOOLEAN,
    DATE,
    DAY_OF_YEAR,
    FILES,
    HEADED,
    INTEGER,
    LABEL,
    NUMBER,
    TEXTS,
    UNIT_CODE,
    Choice,
    Field,
    Shape,
)
from parplan.io.loader import CODE_PATTERN
from parplan.render.i18n import LABELS

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schema(kind: str) -> dict[str, object]:
    """The JSON Schema (draft 2020-12) of a ``plan`` or ``units`` file.

    Dates are strings (``YYYY-MM-DD``), as editors read YAML 1.2. Every mapping is closed
    (``additionalProperties: false``), so a misspelt key is reported where it is written.
    """
    root = FILES[kind]
    definitions: dict[str, object] = {}
    body = _object(root, definitions)
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": _description(f"{kind}_file") or kind,
        **body,
        "$defs": dict(sorted(definitions.items())),
    }


def schema_text(kind: str) -> str:
    """``json_schema`` as the committed ``schema/<kind>.schema.json`` files hold it."""
    return json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"


def _object(shape: Shape, definitions: dict[str, object]) -> dict[str, object]:
    schema: dict[str, object] = {
        "type": "object",
        "properties": {f.name: _field(f, definitions) for f in shape.fields},
        "additionalProperties": False,
    }
    required = [f.name for f in shape.fields if f.required]
    if required:
        schema["required"] = required
    return schema


def _reference(kind: Shape | Choice, definitions: dict[str, object]) -> dict[str, object]:
    if isinstance(kind, Choice):
        then = _reference(kind.then, definitions)
        otherwise = _reference(kind.otherwise, definitions)
        return {"type": "object", "if": {"required": [kind.key]}, "then": then, "else": otherwise}
    if kind.name not in definitions:
        definitions[kind.name] = {}  # placeholder: a shape may (one day) contain itself
        definitions[kind.name] = _object(kind, definitions)
    return {"$ref": f"#/$defs/{kind.name}"}


def _value(field: Field, definitions: dict[str, object]) -> dict[str, object]:
    kind = field.kind
    if isinstance(kind, (Shape, Choice)):
        return _reference(kind, definitions)
    if field.choices:
        return {"enum": list(field.choices)}
    if kind == DATE:
        return {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
    if kind == UNIT_CODE:
        return {"type": "string", "pattern": f"^{CODE_PATTERN}$"}
    if kind == DAY_OF_YEAR:
        return {"type": "string", "pattern": r"^[0-9]{1,2}/[0-9]{1,2}$"}
    if kind == INTEGER:
        return {"type": "integer", "minimum": 0}
    if kind == NUMBER:
        return {"type": "number", "minimum": 0}
    if kind == BOOLEAN:
        return {"type": "boolean"}
    if kind == LABEL:
        return {"type": ["string", "integer"]}
    if kind == HEADED:
        return {"type": "object", "additionalProperties": {"type": "string"}}
    if kind == TEXTS:
        return {"type": "array", "items": {"type": "string"}}
    return {"type": "string"}


def _field(field: Field, definitions: dict[str, object]) -> dict[str, object]:
    schema = _value(field, definitions)
    if field.many:
        schema = {"type": "array", "items": schema}
    description = _description(field.about or field.name)
    return {"description": description, **schema} if description else schema


def _description(key: str) -> str:
    vi, en = LABELS.get(f"schema.{key}", ("", ""))
    return f"{vi} / {en}" if vi else ""

"""How the model's value classes are stored: slotted, and pickled by their fields' values.

The model of a 100,000-item plan holds about a million small frozen objects (a Source and a Text
for every value written). With ``__slots__`` each is a fixed record instead of an object with a
dictionary, which halves the model's memory; and a pickle of one is its class and its fields'
values in order, instead of a dictionary of them, which halves what unpickling the cache holds
at its peak (the unpickler keeps every state it read until the end). See ``io/cache.py``.
"""

from __future__ import annotations

from dataclasses import fields
from operator import attrgetter
from typing import Any, TypeVar

_Class = TypeVar("_Class", bound=type)


def pickled_by_fields(cls: _Class) -> _Class:
    """Give a frozen, slotted dataclass a ``__reduce__`` that rebuilds it from its fields'
    values, through its own ``__init__``. Apply it above ``@dataclass(frozen=True, slots=True)``.

    Example: ``pickle.loads(pickle.dumps(Source("plan.yaml", 3, 5))) == Source("plan.yaml", 3, 5)``.
    """
    names = [f.name for f in fields(cls)]
    values = attrgetter(*names)
    if len(names) == 1:

        def reduce(self: Any) -> tuple[type, tuple[Any, ...]]:
            return (cls, (values(self),))

    else:

        def reduce(self: Any) -> tuple[type, tuple[Any, ...]]:
            return (cls, values(self))

    cls.__reduce__ = reduce  # type: ignore[assignment,method-assign]
    return cls


def slot_setters(cls: type) -> tuple[Any, ...]:
    """The setters of a slotted dataclass's fields, in their order: each field's slot
    descriptor's ``__set__``, which a frozen class's own ``__init__`` may call (it bypasses the
    frozen ``__setattr__``, as the dataclass's own ``__init__`` does, in less time).

    Example: ``set_file, set_line, set_column = slot_setters(Source)``."""
    return tuple(vars(cls)[f.name].__set__ for f in fields(cls))

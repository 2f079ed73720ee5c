"""How the model's value classes are stored: slotted, and pickled by their fields' values.

The model of a 100,000-item plan holds about a million small frozen objects (a Source and a Text
for every value written). With ``__slots__`` each is a fixed record instead of an object with a
dictionary, which halves the model's memory; and a pickle of one is its class and its fields'
values in order, instead of a dictionary of them, which halves what unpickling the cache holds
at its peak (the unpickler keeps every state it read until the end). See ``io/cache.py``.

Start-up (issue 23): a dataclass compiles each method it writes (``exec``) in every process, about
0.1 ms apiece; the model's classes are declared ``eq=False, repr=False`` and get here the same
``__eq__``, ``__hash__`` and ``__repr__`` as closures over their fields, which cost nothing to
make; the numerous ones also write their ``__init__`` by hand (``init=False``, see
``core/model.py``). ``tests/test_model_init.py`` holds them to what the dataclass would write.
"""

from __future__ import annotations

from dataclasses import fields
from operator import attrgetter
from typing import Any, TypeVar

_Class = TypeVar("_Class", bound=type)


def pickled_by_fields(cls: _Class) -> _Class:
    """Give a frozen dataclass (slotted or not) a ``__reduce__`` that rebuilds it from its fields'
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
    params = vars(cls)["__dataclass_params__"]
    if not params.eq:
        _give_equality(cls)
    if not params.repr:
        _give_repr(cls)
    return cls


def _as_tuple(names: list[str]) -> Any:
    """A function of an object that gives the tuple of these attributes (one name: a tuple of
    one, as the dataclass's methods compare and hash)."""
    if len(names) == 1:
        (name,) = names

        def one(self: Any) -> tuple[Any, ...]:
            return (getattr(self, name),)

        return one
    return attrgetter(*names)


def _give_equality(cls: type) -> None:
    """The ``__eq__`` and ``__hash__`` a frozen dataclass writes: the fields that compare, as a
    tuple, against an object of the very same class (else ``NotImplemented``); the hash of the
    fields that hash (``hash=None``: those that compare)."""
    compared = _as_tuple([f.name for f in fields(cls) if f.compare])
    hashed = _as_tuple([f.name for f in fields(cls) if (f.compare if f.hash is None else f.hash)])

    def __eq__(self: Any, other: object) -> bool:
        if other.__class__ is self.__class__:
            return bool(compared(self) == compared(other))
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(hashed(self))

    cls.__eq__ = __eq__  # type: ignore[assignment,method-assign]
    cls.__hash__ = __hash__  # type: ignore[assignment,method-assign]


def _give_repr(cls: type) -> None:
    """The dataclass's ``__repr__``: ``Source(file='plan.yaml', line=3, column=5)``."""
    shown = [f.name for f in fields(cls) if f.repr]

    def __repr__(self: Any) -> str:
        parts = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({parts})"

    cls.__repr__ = __repr__  # type: ignore[assignment,method-assign]


def slot_setters(cls: type) -> tuple[Any, ...]:
    """The setters of a slotted dataclass's fields, in their order: each field's slot
    descriptor's ``__set__``, which a frozen class's own ``__init__`` may call (it bypasses the
    frozen ``__setattr__``, as the dataclass's own ``__init__`` does, in less time).

    Example: ``set_file, set_line, set_column = slot_setters(Source)``."""
    return tuple(vars(cls)[f.name].__set__ for f in fields(cls))

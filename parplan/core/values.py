"""How the model's value classes are stored: slotted, and pickled by their fields' values.

The model of a 100,000-item plan holds about a million small frozen objects (a Source and a Text
for every value written). With ``__slots__`` each is a fixed record instead of an object with a
dictionary, which halves the model's memory; and a pickle of one is its class and its fields'
values in order, instead of a dictionary of them, which halves what unpickling the cache holds
at its peak (the unpickler keeps every state it read until the end). See ``io/cache.py``.

Start-up (issue 23): a dataclass compiles each method it writes (``exec``) in every process,
about 0.1 ms apiece, ~0.5 ms a frozen class: 42 ms of a cached ``due`` that creates 70 classes.
``frozen_dataclass`` is ``@dataclass(frozen=True)`` with none of them compiled: the dataclass
is asked only for its fields (``fields``, ``replace``, ``is_dataclass`` work as before), and
``__init__``, ``__setattr__``, ``__delattr__``, ``__eq__``, ``__hash__``, ``__repr__`` and
``__reduce__`` are closures over the fields, which cost nothing to make. The model's most
numerous classes write their ``__init__`` by hand (see ``core/model.py``, held to their fields
by ``tests/test_model_init.py``); ``tests/test_values.py`` holds every class made here to the
class ``@dataclass(frozen=True)`` writes.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import MISSING, Field, FrozenInstanceError, dataclass, field, fields
from functools import cache
from itertools import repeat
from operator import attrgetter, length_hint
from typing import TYPE_CHECKING, Any, TypeVar, overload

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:  # it only tells type checkers that the decorator makes dataclasses (and 3.10 has none)

    def dataclass_transform(**_: Any) -> Any:
        return lambda function: function


_Class = TypeVar("_Class", bound=type)


def pickled_by_fields(cls: _Class) -> _Class:
    """Give a class made by ``@dataclass(frozen=True, ...)`` what ``frozen_dataclass`` gives:
    a ``__reduce__`` that rebuilds it from its fields' values, through its own ``__init__``,
    and (declared ``eq=False, repr=False``) equality, hash and repr as closures. Apply it above
    the ``@dataclass`` line; ``frozen_dataclass`` alone does more of it for less.

    Example: ``pickle.loads(pickle.dumps(Source("plan.yaml", 3, 5))) == Source("plan.yaml", 3, 5)``.
    """
    declared = fields(cls)
    _give_reduce(cls, declared)
    params = vars(cls)["__dataclass_params__"]
    if not params.eq:
        _give_equality(cls, declared)
    if not params.repr:
        _give_repr(cls, declared)
    return cls


@dataclass_transform(frozen_default=True, field_specifiers=(Field, field))
@overload
def frozen_dataclass(cls: _Class, /) -> _Class: ...


@overload
def frozen_dataclass(*, slots: bool = False, compiled_init: bool = False) -> Any: ...


def frozen_dataclass(
    cls: type | None = None, /, *, slots: bool = False, compiled_init: bool = False
) -> Any:
    """``@dataclass(frozen=True)`` (``slots=True``: ``@dataclass(frozen=True, slots=True)``)
    without compiling a method: the same fields, ``__init__`` (unless the class writes its own),
    equality, hash, repr, frozenness and ``__match_args__``, made as closures over the fields;
    pickled by its fields' values. Only ``__dataclass_params__`` tells
    the difference (``init``, ``eq``, ``repr`` and ``frozen`` read False there: they are not the
    dataclass's doing).

    ``compiled_init=True``: the dataclass's own ``__init__`` (with the frozen ``__setattr__``
    and ``__delattr__`` it needs), compiled in each process (~0.2 ms), for the classes made by
    the ten thousand (a view's rows, a name's lookup): it builds an object in half the time of
    the closure, which takes any arguments and binds them itself.

    Example::

        @frozen_dataclass(slots=True)
        class Rename:
            name: str
            on: date
            by: str | None = None
    """

    def make(cls: type) -> type:
        if not cls.__doc__:  # else the dataclass writes one from inspect.signature: ~0.2 ms
            cls.__doc__ = f"{cls.__name__}({', '.join(vars(cls).get('__annotations__', ()))})"
        if compiled_init:
            made: type = dataclass(cls, frozen=True, repr=False, eq=False, slots=slots)
            declared = fields(made)
        else:
            if hasattr(cls, "__post_init__"):  # the closure would not call it
                raise TypeError(f"{cls.__qualname__}: __post_init__ needs compiled_init=True")
            own_init = "__init__" in vars(cls)
            made = dataclass(cls, init=False, repr=False, eq=False, slots=slots)
            declared = fields(made)
            _give_frozenness(made, declared)
            if not own_init:
                _give_init(made, declared)
        odd = [f.name for f in declared if f.kw_only or not f.init]
        if odd:  # the closure __init__ and the __reduce__ take every field by position
            raise TypeError(f"{cls.__qualname__}: kw_only or init=False fields {odd} not made")
        _give_reduce(made, declared)
        _give_equality(made, declared)
        _give_repr(made, declared)
        return made

    return make if cls is None else make(cls)


def _give_reduce(cls: type, declared: tuple[Field[Any], ...]) -> None:
    """A ``__reduce__`` that rebuilds the object from its fields' values, in order."""
    values = _as_tuple([f.name for f in declared])  # a tuple, of any number of fields

    def reduce(self: Any) -> tuple[type, tuple[Any, ...]]:
        return (cls, values(self))

    cls.__reduce__ = reduce  # type: ignore[assignment,method-assign]

    # A subclass that is no dataclass of its own (one that is gets its own ``__reduce__``) is
    # pickled and copied as itself, with its own attributes, as the dataclass's is: not as
    # ``cls`` through ``cls.__init__``. Given when the subclass is made, so that ``reduce``
    # itself, run for a million objects of a cache entry, asks nothing more.
    def __init_subclass__(sub: Any, /, **options: Any) -> None:
        super(cls, sub).__init_subclass__(**options)  # type: ignore[arg-type]
        sub.__reduce__ = _reduce_subclass

    cls.__init_subclass__ = classmethod(__init_subclass__)  # type: ignore[assignment]


def _reduce_subclass(self: Any) -> tuple[Any, tuple[Any, ...]]:
    """The ``__reduce__`` of a subclass of a made class: its class, and every field's value and
    attribute of its own, set again as they are (``_rebuilt``)."""
    state = {f.name: getattr(self, f.name) for f in fields(self)}
    state.update(getattr(self, "__dict__", ()))
    return (_rebuilt, (self.__class__, state))


def _rebuilt(cls: Any, state: dict[str, Any]) -> Any:
    """An object of ``cls`` (a subclass of a made class) with these attributes, through no
    ``__init__`` nor the frozen ``__setattr__`` (as pickling a dataclass sets its state)."""
    made = cls.__new__(cls)
    for name, value in state.items():
        object.__setattr__(made, name, value)
    return made


def _method(cls: type, function: Any) -> None:
    """Set ``function`` on ``cls`` under its name, named as the dataclass names its methods."""
    function.__qualname__ = f"{cls.__qualname__}.{function.__name__}"
    setattr(cls, function.__name__, function)


def _give_frozenness(cls: type, declared: tuple[Field[Any], ...]) -> None:
    """The frozen dataclass's ``__setattr__`` and ``__delattr__``: a field, or any attribute of
    an object of this very class, cannot be assigned nor deleted."""
    names = frozenset(f.name for f in declared)

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)  # type: ignore[arg-type]

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)  # type: ignore[arg-type]

    _method(cls, __setattr__)
    _method(cls, __delattr__)


def _give_init(cls: type, declared: tuple[Field[Any], ...]) -> None:
    """The dataclass's ``__init__``: the fields in order, positional or by name, with their
    defaults (a ``default_factory`` called for each object). Every argument given by position
    takes the quick way: each slot set through its descriptor (``slot_setters``), or the
    object's dictionary filled at once."""
    names = tuple(f.name for f in declared)
    count = len(names)
    defaults = {f.name: f.default for f in declared if f.default is not MISSING}
    factories = {f.name: f.default_factory for f in declared if f.default_factory is not MISSING}
    named = f"{cls.__qualname__}.__init__()"
    required = sum(1 for name in names if name not in defaults and name not in factories)

    def bound(args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[Any]:
        """The fields' values, in order, from the arguments as Python would bind them."""
        if len(args) > count:
            takes = f"from {required + 1} to {count + 1}" if required < count else count + 1
            raise TypeError(
                f"{named} takes {takes} positional arguments but {len(args) + 1} were given"
            )
        for name in kwargs:  # checked first, as Python does
            if name in names[: len(args)]:
                raise TypeError(f"{named} got multiple values for argument {name!r}")
            if name not in names:
                raise TypeError(f"{named} got an unexpected keyword argument {name!r}")
        values, missing = list(args), []
        for name in names[len(args) :]:
            if name in kwargs:
                values.append(kwargs[name])
            elif name in defaults:
                values.append(defaults[name])
            elif name in factories:
                values.append(factories[name]())
            else:
                missing.append(name)
        if missing:  # worded as Python words it
            quoted = [repr(name) for name in missing]
            if len(quoted) == 1:
                said = f"1 required positional argument: {quoted[0]}"
            else:
                listed = " and ".join(quoted) if len(quoted) == 2 else ", ".join(quoted[:-1])
                listed += f", and {quoted[-1]}" if len(quoted) > 2 else ""
                said = f"{len(quoted)} required positional arguments: {listed}"
            raise TypeError(f"{named} missing {said}")
        return values

    # Trailing arguments left out, none of them with a factory: their defaults, as a tuple.
    first_default = next((i for i, f in enumerate(declared) if f.name in defaults), count)
    tail = tuple(defaults.get(name) for name in names[first_default:])
    quick_tail = all(name in defaults for name in names[first_default:])

    def arranged(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
        """All the fields' values, in order: the usual calls quickly, any other through
        ``bound``."""
        if not kwargs:
            if quick_tail and first_default <= len(args) < count:
                return args + tail[len(args) - first_default :]
        elif not args and len(kwargs) == count:
            try:
                return tuple([kwargs[name] for name in names])
            except KeyError:
                pass
        return tuple(bound(args, kwargs))

    if "__slots__" in vars(cls):
        setters = tuple(vars(cls)[name].__set__ for name in names)  # slot_setters

        def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
            if kwargs or len(args) != count:
                args = arranged(args, kwargs)
            for set_field, value in zip(setters, args, strict=True):
                set_field(self, value)

    else:

        def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
            if kwargs or len(args) != count:
                args = arranged(args, kwargs)
            self.__dict__.update(zip(names, args, strict=True))

    _method(cls, __init__)


def _as_tuple(names: list[str]) -> Any:
    """A function of an object that gives the tuple of these attributes (one name: a tuple of
    one, as the dataclass's methods compare and hash)."""
    if len(names) == 1:
        (name,) = names

        def one(self: Any) -> tuple[Any, ...]:
            return (getattr(self, name),)

        return one
    if not names:  # a class without fields (or none that compare): all its objects are equal

        def none(self: Any) -> tuple[Any, ...]:
            return ()

        return none
    return attrgetter(*names)


def _give_equality(cls: type, declared: tuple[Field[Any], ...]) -> None:
    """The ``__eq__`` and ``__hash__`` a frozen dataclass writes: the fields that compare, as a
    tuple, against an object of the very same class (else ``NotImplemented``); the hash of the
    fields that hash (``hash=None``: those that compare)."""
    compared = _as_tuple([f.name for f in declared if f.compare])
    hashed = _as_tuple([f.name for f in declared if (f.compare if f.hash is None else f.hash)])

    def __eq__(self: Any, other: object) -> bool:
        if other.__class__ is self.__class__:
            return bool(compared(self) == compared(other))
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(hashed(self))

    _method(cls, __eq__)
    _method(cls, __hash__)


def _give_repr(cls: type, declared: tuple[Field[Any], ...]) -> None:
    """The dataclass's ``__repr__``: ``Source(file='plan.yaml', line=3, column=5)``."""
    shown = [f.name for f in declared if f.repr]

    def __repr__(self: Any) -> str:
        parts = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({parts})"

    _method(cls, __repr__)


def slot_setters(cls: type) -> tuple[Any, ...]:
    """The setters of a slotted dataclass's fields, in their order: each field's slot
    descriptor's ``__set__``, which a frozen class's own ``__init__`` may call (it bypasses the
    frozen ``__setattr__``, as the dataclass's own ``__init__`` does, in less time).

    Example: ``set_file, set_line, set_column = slot_setters(Source)``."""
    return tuple(vars(cls)[f.name].__set__ for f in fields(cls))


@cache
def _setters(cls: type) -> tuple[Any, ...]:
    return slot_setters(cls)


def built_by_columns(cls: type, columns: Sequence[Any], count: int) -> list[Any] | None:
    """``list(map(cls, *columns))``, built a column at a time, for a class whose ``__init__``
    does nothing but set each field in order through ``slot_setters`` (the model's classes:
    ``core/model.py``; ``tests/test_model_init.py`` holds the two ways equal): ``count`` empty
    objects, then each field set on all of them by its slot's descriptor, with no Python frame
    per object (issue 23, sixth round: about a third less time for the 90,000 Sources and
    60,000 Texts of a unit's cached entry at 100,000 items). One column per field, each of
    ``count`` values (a list, or ``itertools.repeat``); None when they are not."""
    setters = _setters(cls)
    if len(columns) != len(setters) or any(length_hint(c, -1) != count for c in columns):
        return None
    made: list[Any] = list(map(object.__new__, repeat(cls, count)))
    for setter, values in zip(setters, columns, strict=True):
        deque(map(setter, made, values), maxlen=0)
    return made

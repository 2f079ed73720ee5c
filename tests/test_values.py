"""``core.values.frozen_dataclass`` (issue 23): every class it makes behaves as the class
``@dataclass(frozen=True)`` writes with the same fields — construction (by position, by name,
defaults, factories, the errors), equality, hash, repr, frozenness, pickling, copying,
``replace`` and ``__match_args__`` — in every module that uses it."""

from __future__ import annotations

import copy
import importlib
import pickle
import re
from dataclasses import (
    MISSING,
    FrozenInstanceError,
    dataclass,
    field,
    fields,
    make_dataclass,
    replace,
)
from pathlib import Path
from typing import Any

import pytest

from parplan.core import values
from parplan.core.values import frozen_dataclass

PACKAGE = Path(values.__file__).resolve().parent.parent


def _made_classes() -> list[type]:
    """Every class of parplan made by ``frozen_dataclass`` (its ``__reduce__`` is ours)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "@frozen_dataclass" not in path.read_text(encoding="utf-8") or path.name == "values.py":
            continue
        name = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        module = importlib.import_module(name.removesuffix(".__init__"))
        for cls in vars(module).values():
            if (
                isinstance(cls, type)
                and cls.__module__ == module.__name__
                and getattr(cls.__reduce__, "__module__", None) == values.__name__
                and "__dataclass_fields__" in vars(cls)
            ):
                found.append(cls)
    return found


MADE = _made_classes()


def _reference(cls: type) -> type:
    """The class ``@dataclass(frozen=True)`` writes with the same fields."""
    specs = []
    for f in fields(cls):
        options: dict[str, Any] = {"compare": f.compare, "hash": f.hash, "repr": f.repr}
        if f.default is not MISSING:
            options["default"] = f.default
        if f.default_factory is not MISSING:
            options["default_factory"] = f.default_factory
        specs.append((f.name, object, field(**options)))
    return make_dataclass(cls.__qualname__, specs, frozen=True, slots="__slots__" in vars(cls))


def _own_init(cls: type) -> bool:
    return vars(cls)["__init__"].__module__ != values.__name__


def test_the_model_and_the_views_are_made_so() -> None:
    names = {f"{cls.__module__}.{cls.__qualname__}" for cls in MADE}
    assert {"parplan.core.model.Item", "parplan.query.status.Row"} <= names
    assert len(MADE) >= 60


@pytest.mark.parametrize("cls", MADE, ids=lambda cls: f"{cls.__module__}.{cls.__qualname__}")
def test_as_the_dataclass_writes_it(cls: type) -> None:
    reference = _reference(cls)
    given = {f.name: f"v-{f.name}" for f in fields(cls)}
    ours, theirs = cls(**given), reference(**given)
    assert cls(*given.values()) == ours
    assert repr(ours) == repr(theirs)
    assert hash(ours) == hash(theirs)
    assert ours == cls(**given) and not ours != cls(**given)  # noqa: SIM202
    assert ours != theirs  # another class, even with the same fields
    assert cls.__match_args__ == reference.__match_args__  # type: ignore[attr-defined]
    for f in fields(cls):
        other = cls(**{**given, f.name: "changed"})
        assert (ours == other) is (theirs == reference(**{**given, f.name: "changed"})), f.name
    with pytest.raises(FrozenInstanceError):
        setattr(ours, fields(cls)[0].name, "x")
    with pytest.raises(FrozenInstanceError):
        delattr(ours, fields(cls)[0].name)
    # Any other name: FrozenInstanceError too, or (the dataclass's own __setattr__ of a slotted
    # class, compiled_init=True, on Python 3.11) the TypeError of its super() on the class
    # that slots replaced; either way nothing is set.
    with pytest.raises((FrozenInstanceError, TypeError)):
        ours.elsewhere = "x"
    with pytest.raises((FrozenInstanceError, TypeError)):
        del ours.elsewhere
    assert pickle.loads(pickle.dumps(ours)) == ours
    assert copy.copy(ours) == ours and copy.deepcopy(ours) == ours
    last = fields(cls)[-1].name
    assert getattr(replace(ours, **{last: "x"}), last) == "x"


@pytest.mark.parametrize(
    "cls",
    [cls for cls in MADE if not _own_init(cls)],
    ids=lambda cls: f"{cls.__module__}.{cls.__qualname__}",
)
def test_init_binds_as_the_dataclass_does(cls: type) -> None:
    reference = _reference(cls)
    declared = fields(cls)
    required = [f.name for f in declared if f.default is MISSING and f.default_factory is MISSING]
    given = {name: f"v-{name}" for name in required}
    # The fields with defaults left out, given by name, and given by position up to each field.
    assert repr(cls(**given)) == repr(reference(**given))
    every = {f.name: f"v-{f.name}" for f in declared}
    for cut in range(len(required), len(declared) + 1):
        positional = list(every.values())[:cut]
        assert repr(cls(*positional)) == repr(reference(*positional))
        rest = dict(list(every.items())[cut:])
        assert repr(cls(*positional, **rest)) == repr(reference(*positional, **rest))
    # Wrong calls are TypeErrors, as with the dataclass.
    wrong: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
        ((*every.values(), "one too many"), {}),
        ((), {**every, "unknown_name": 1}),
        (("v",), {declared[0].name: "twice"}),
    ]
    if required:
        wrong.append(((), {name: 1 for name in required[1:]}))
    for args, kwargs in wrong:
        with pytest.raises(TypeError) as theirs:
            reference(*args, **kwargs)
        with pytest.raises(TypeError) as ours:
            cls(*args, **kwargs)
        said = re.sub(r"^\S*__init__\(\) ", "", str(theirs.value)).split(":")[0].split(" ")[:2]
        assert str(ours.value).split(") ", 1)[1].split(" ")[:2] == said


def test_a_factory_is_called_for_each_object_and_a_default_is_shared() -> None:
    @frozen_dataclass
    class Box:
        name: str
        items: list[int] = field(default_factory=list)
        label: str = "x"

    first, second = Box("a"), Box("b")
    assert first.items == [] and first.items is not second.items
    assert Box("a", label="y") == Box(name="a", items=[], label="y")
    assert (
        repr(Box("a"))
        == "test_a_factory_is_called_for_each_object_and_a_default_is_shared.<locals>.Box(name='a', items=[], label='x')"
    )


def test_a_subclass_that_is_no_dataclass_may_set_its_own_attributes() -> None:
    @frozen_dataclass
    class Base:
        name: str

    class Child(Base):
        pass

    child = Child("a")
    child.note = "kept"  # type: ignore[attr-defined]
    assert child.note == "kept"  # type: ignore[attr-defined]
    with pytest.raises(FrozenInstanceError):
        child.name = "b"  # type: ignore[misc]


@values.pickled_by_fields
@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Place:
    file: str
    line: int = 1


def test_pickled_by_fields_on_a_dataclass() -> None:
    """The older way (a class declared with ``@dataclass``), kept for such classes."""
    assert pickle.loads(pickle.dumps(Place("a", 2))) == Place("a", 2)
    assert hash(Place("a")) == hash(("a", 1)) and Place("a") != Place("a", 2)
    assert repr(Place("a")) == "Place(file='a', line=1)"


def test_a_post_init_is_refused_unless_the_init_is_compiled() -> None:
    class Checked:
        number: int

        def __post_init__(self) -> None:
            if self.number < 0:
                raise ValueError(self.number)

    with pytest.raises(TypeError, match="__post_init__"):
        frozen_dataclass(Checked)
    compiled = frozen_dataclass(slots=True, compiled_init=True)(Checked)
    with pytest.raises(ValueError):
        compiled(-1)

"""Review of ``core.values.frozen_dataclass`` (issue 23): the corners ``tests/test_values.py``
does not reach, each held to what ``@dataclass(frozen=True)`` does with the same class."""

from __future__ import annotations

import copy
import pickle
from dataclasses import dataclass, field
from typing import Any

import pytest

from parplan.core.values import frozen_dataclass

MADE_WAYS: list[dict[str, bool]] = [
    {},
    {"slots": True},
    {"compiled_init": True},
    {"slots": True, "compiled_init": True},
]


def _make(options: dict[str, bool], name: str, namespace: dict[str, Any]) -> tuple[Any, Any]:
    """The class made by ``frozen_dataclass(**options)`` and by ``@dataclass(frozen=True)``."""
    ours = frozen_dataclass(**options)(type(name, (), dict(namespace)))
    ours.__module__ = __name__  # pickled by reference: a module-level name
    globals()[name] = ours
    theirs = dataclass(frozen=True, slots=options.get("slots", False))(
        type(name, (), dict(namespace))
    )
    return ours, theirs


@pytest.mark.parametrize("options", MADE_WAYS)
def test_a_class_without_fields_is_made(options: dict[str, bool]) -> None:
    ours, theirs = _make(options, "Marker", {"__annotations__": {}})
    assert ours() == ours() and hash(ours()) == hash(theirs()) == hash(())
    assert repr(ours()) == repr(theirs()) == "Marker()"
    assert pickle.loads(pickle.dumps(ours())) == ours()
    assert copy.deepcopy(ours()) == ours()


@pytest.mark.parametrize("options", MADE_WAYS)
def test_a_class_whose_fields_all_stay_out_of_equality_is_made(options: dict[str, bool]) -> None:
    namespace = {"__annotations__": {"note": "str"}, "note": field(default="", compare=False)}
    ours, theirs = _make(options, "Noted", namespace)
    assert (ours("a") == ours("b")) is (theirs("a") == theirs("b")) is True
    assert hash(ours("a")) == hash(theirs("b")) == hash(())
    assert pickle.loads(pickle.dumps(ours("a"))).note == "a"


def test_a_missing_argument_is_named_as_python_names_it() -> None:
    @frozen_dataclass
    class Three:
        first: int
        second: int
        third: int
        fourth: int = 0

    reference = dataclass(frozen=True)(
        type("Three", (), {"__annotations__": Three.__annotations__, "fourth": 0})
    )
    for given in [(), (1,), (1, 2)]:
        with pytest.raises(TypeError) as theirs:
            reference(*given)
        with pytest.raises(TypeError) as ours:
            Three(*given)
        said = str(theirs.value).split("__init__() ", 1)[1]
        assert str(ours.value) == f"{Three.__qualname__}.__init__() {said}"


@pytest.mark.parametrize("options", MADE_WAYS)
def test_keyword_only_and_uninitialised_fields_are_refused(options: dict[str, bool]) -> None:
    """The closure ``__init__`` and the ``__reduce__`` by position cannot give them what the
    dataclass does (a keyword-only argument; a field ``__init__`` does not take): refused, as
    a ``__post_init__`` is, rather than made into a class that binds or pickles wrongly."""
    keyword = {"__annotations__": {"a": "int", "b": "int"}, "b": field(kw_only=True)}
    uninitialised = {"__annotations__": {"a": "int", "b": "int"}, "b": field(init=False, default=3)}
    for namespace in (keyword, uninitialised):
        with pytest.raises(TypeError, match=r"kw_only or init=False"):
            frozen_dataclass(**options)(type("Odd", (), dict(namespace)))


def _family(number: int, options: dict[str, bool]) -> tuple[type, type]:
    """A made class and a subclass of it that is no dataclass, both at module level (pickled
    by reference)."""
    base = frozen_dataclass(**options)(
        type(f"Base{number}", (), {"__annotations__": {"name": "str", "size": "int"}, "size": 0})
    )
    child = type(f"Child{number}", (base,), {})
    for cls in (base, child):
        cls.__module__, cls.__qualname__ = __name__, cls.__name__
        globals()[cls.__name__] = cls
    return base, child


@pytest.mark.parametrize("number", range(len(MADE_WAYS)))
def test_a_subclass_is_copied_and_pickled_as_itself(number: int) -> None:
    """As the dataclass's: the subclass and its own attributes kept (was: the base class, its
    own attributes lost, and unequal to the original)."""
    options = MADE_WAYS[number]
    base, child_class = _family(number, options)
    child = child_class("a", 2)
    # The dataclass's own __setattr__ (compiled_init) of a slotted class cannot set another
    # attribute on Python 3.11 (its super() names the class slots replaced): the same here.
    noted = options != {"slots": True, "compiled_init": True}
    if noted:
        child.note = "kept"
    for again in (copy.copy(child), copy.deepcopy(child), pickle.loads(pickle.dumps(child))):
        assert type(again) is child_class and again == child
        assert (again.name, again.size) == ("a", 2)
        assert not noted or again.note == "kept"
    assert type(pickle.loads(pickle.dumps(base("a")))) is base

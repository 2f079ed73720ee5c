"""The model classes with an ``__init__`` of their own (``core/model.py``, issue 23: a fast
one): each takes exactly the dataclass's fields, in order, with their defaults, and sets each
field to its own argument."""

from __future__ import annotations

import inspect
import pickle
from dataclasses import MISSING, FrozenInstanceError, field, fields, make_dataclass, replace

import pytest

from parplan.core import model

HAND_WRITTEN = [
    cls
    for cls in vars(model).values()
    if isinstance(cls, type)
    and cls.__module__ == model.__name__
    and "__dataclass_fields__" in vars(cls)
    # written in model.py (the others' is values.frozen_dataclass's, tested in test_values.py)
    and vars(cls)["__init__"].__code__.co_filename == model.__file__
]


def test_the_hot_classes_have_their_own_init() -> None:
    names = {cls.__name__ for cls in HAND_WRITTEN}
    assert {"Source", "Text", "Item", "Completion", "LogEntry", "LateReason", "Task"} <= names


@pytest.mark.parametrize("cls", HAND_WRITTEN, ids=lambda cls: cls.__name__)
def test_init_takes_the_fields_in_order_with_their_defaults(cls: type) -> None:
    parameters = list(inspect.signature(cls.__init__).parameters.values())[1:]
    assert [p.name for p in parameters] == [f.name for f in fields(cls)]
    for parameter, declared in zip(parameters, fields(cls), strict=True):
        expected = inspect.Parameter.empty if declared.default is MISSING else declared.default
        assert parameter.default == expected, declared.name
        assert parameter.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD


@pytest.mark.parametrize("cls", HAND_WRITTEN, ids=lambda cls: cls.__name__)
def test_init_sets_each_field_to_its_own_argument(cls: type) -> None:
    # A distinct object per field: a setter swapped or left out shows as a wrong value.
    values = {f.name: object() for f in fields(cls)}
    built = cls(**values)
    assert {name: getattr(built, name) for name in values} == values
    positional = cls(*values.values())
    assert all(getattr(positional, name) is value for name, value in values.items())
    with pytest.raises(FrozenInstanceError):
        setattr(built, fields(cls)[0].name, 1)
    changed = replace(built, **{fields(cls)[-1].name: "x"})
    assert getattr(changed, fields(cls)[-1].name) == "x"


def test_equal_hashable_and_pickled_as_before() -> None:
    source = model.Source("plan.yaml", 3, 5)
    text = model.Text("Vụ Cải cách hành chính", source)
    assert text == model.Text("Vụ Cải cách hành chính", model.Source("plan.yaml", 3, 5))
    assert hash(text) == hash(model.Text("Vụ Cải cách hành chính", model.Source("plan.yaml", 3, 5)))
    assert text != model.Text("Vụ Cải cách hành chính", model.Source("plan.yaml", 3, 6))
    assert pickle.loads(pickle.dumps(text)) == text
    assert repr(source) == "Source(file='plan.yaml', line=3, column=5)"


MODEL = [
    cls
    for cls in vars(model).values()
    if isinstance(cls, type)
    and cls.__module__ == model.__name__
    and "__dataclass_fields__" in vars(cls)
]


def _reference(cls: type) -> type:
    """The class the dataclass itself would write, with the same fields."""
    specs = [
        (f.name, object, field(compare=f.compare, hash=f.hash, repr=f.repr)) for f in fields(cls)
    ]
    return make_dataclass(cls.__qualname__, specs, frozen=True, slots=True)


def test_every_model_class_is_checked() -> None:
    assert len(MODEL) >= 22


@pytest.mark.parametrize("cls", MODEL, ids=lambda cls: cls.__name__)
def test_equality_hash_and_repr_are_the_dataclass_ones(cls: type) -> None:
    values = {f.name: f"v-{f.name}" for f in fields(cls)}
    reference = _reference(cls)
    ours, theirs = cls(**values), reference(**values)
    assert repr(ours) == repr(theirs)
    assert hash(ours) == hash(theirs)
    assert ours == cls(**values)
    assert not ours != cls(**values)  # noqa: SIM202 (__ne__ from __eq__)
    assert ours != theirs  # another class, even with the same fields
    for f in fields(cls):
        other = cls(**{**values, f.name: "changed"})
        assert (ours == other) is (not f.compare), f.name
        assert (ours == other) is (theirs == reference(**{**values, f.name: "changed"}))
    with pytest.raises(FrozenInstanceError):
        setattr(ours, fields(cls)[0].name, "x")
    with pytest.raises(FrozenInstanceError):
        delattr(ours, fields(cls)[0].name)
    assert pickle.loads(pickle.dumps(ours)) == ours


@pytest.mark.parametrize("cls", HAND_WRITTEN, ids=lambda cls: cls.__name__)
def test_built_by_columns_is_built_by_init(cls: type) -> None:
    """``values.built_by_columns`` (the cache's decoder, issue 23) sets the slots without the
    ``__init__``: the same objects as ``__init__`` makes, which sets each field alone (above)."""
    from itertools import repeat

    from parplan.core.values import built_by_columns

    names = [f.name for f in fields(cls)]
    rows = [[object() for _ in names] for _ in range(3)]
    columns = [list(column) for column in zip(*rows, strict=True)]
    built = built_by_columns(cls, columns, 3)
    assert built is not None
    for row, made in zip(rows, built, strict=True):
        assert type(made) is cls
        assert all(getattr(made, name) is value for name, value in zip(names, row, strict=True))
        assert made == cls(*row)
    # One value for every object (repeat), as a column of the same value is stored:
    same = built_by_columns(cls, [repeat(column[0], 3) for column in columns], 3)
    assert same is not None and all(made == cls(*rows[0]) for made in same)
    # A column short of the count, or a column missing, is no build.
    assert built_by_columns(cls, [*columns[:-1], columns[-1][:2]], 3) is None
    assert built_by_columns(cls, columns[:-1], 3) is None


def test_a_units_row_is_made_with_every_field_of_row() -> None:
    """``status.rows_for_unit`` makes a unit's row positionally (issue 23, sixth round), each
    field from the row or the unit's answer: a field added to ``Row`` must be added there too
    (this list with it)."""
    from parplan.query.status import Row

    assert [f.name for f in fields(Row)] == [
        "item",
        "number",
        "milestone",
        "status",
        "days",
        "role",
        "due",
        "completion",
        "members",
        "transferred_to",
        "per_member",
    ]

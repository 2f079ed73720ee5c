"""A chunk of a cached model's items, stored column by column (issue 23, fourth round).

Pickling 100,000 items one object at a time took 1.5 s of a cold view's 4.2: not the bytes but
the pickler's memo, which takes every object and argument tuple it writes (24 per item: each
``Text``, its ``Source`` and their arguments). ``encode`` turns a chunk of items into one tuple
of columns — a field's values for every item, a ``Text``'s words, lines and columns in lists
of their own, a value every item shares (the file's name, an absent date) once — which pickles
in a quarter of the time and a third less space. ``decode`` builds the very items back, each
through its class, as the unpickler did; ``decode_one`` builds one (a ledger edit reads one).

What each field becomes follows its type hint (``_layout``): a ``Text``, a ``Source``, either
or None, a tuple of Texts, a tuple of records (``Completion``, ``LogEntry``, ``LateReason``: their
own fields as columns, the records of all items one after the other, with each item's count).
Any field of another shape, or a value not of its hint's very class (a subclass), is kept as a
plain column of its values: the codec is exact for every item, quick for the common ones. Items
of a chunk share nothing with another chunk's (``cache_files._Chunked``), as before.

Example: ``decode(encode(items)) == tuple(items)``.
"""

from __future__ import annotations

import typing
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, fields
from functools import cache
from itertools import chain, compress, repeat
from operator import attrgetter, is_, is_not
from types import UnionType
from typing import Any

from parplan.core.model import Completion, Item, LateReason, LogEntry, Plan, Source, Task, Text
from parplan.core.values import built_by_columns

# The tags of a column (the first element of its tuple).
SAME = "same"  # (SAME, value): every item holds this very object
PLAIN = "plain"  # (PLAIN, [value, ...]): one value per item, pickled as it is
SOURCES = "sources"  # (SOURCES, files, [line, ...], [column, ...]): a Source per item
TEXTS = "texts"  # (TEXTS, [value, ...], files, [line, ...], [column, ...]): a Text per item
TEXT_TUPLES = "text tuples"  # (TEXT_TUPLES, [count, ...], texts): a tuple of Texts per item
# (OPTIONAL, [index, ...], column): the values that are not None, at those indexes, else None
OPTIONAL = "optional"
# (RECORDS, [index, ...], [count, ...], (column, ...)): the items holding records (most hold
# none), how many each, and all their records by their fields' columns
RECORDS = "records"
# The records kept by their fields when an item's field is a tuple of them.
_RECORDS = (Completion, LogEntry, LateReason)

FIELDS = tuple(f.name for f in fields(Item))
TASK_FIELDS = tuple(f.name for f in fields(Task))
# The shapes the Text and Source columns are written for: a field added to either class makes
# them plain columns (whole objects) until the codec learns it, rather than one lost.
_QUICK = tuple(f.name for f in fields(Text)) == ("value", "source") and tuple(
    f.name for f in fields(Source)
) == ("file", "line", "column")
_MARK = "items by column"
# The plan's tasks, kept with the head of a model stored in chunks (``cache_files._Chunked``):
# 11,000 tasks at 100,000 items, a Text and a Source each.
_TASK_MARK = "tasks by column"
_FILE, _LINE, _COLUMN = attrgetter("file"), attrgetter("line"), attrgetter("column")
_SOURCE, _VALUE = attrgetter("source"), attrgetter("value")


def encode(items: tuple[Item, ...] | list[Item]) -> tuple[Any, ...]:
    """The items as columns: ``(_MARK, count, FIELDS, columns)``, plain values, lists and
    tuples, with model objects only where a field holds one of a rarer kind (a met condition)."""
    return (_MARK, len(items), FIELDS, _columns(items, Item))


def encode_tasks(tasks: tuple[Task, ...]) -> tuple[Any, ...]:
    """The plan's tasks as columns, as ``encode`` writes items: ``(_TASK_MARK, count,
    TASK_FIELDS, columns)``."""
    return (_TASK_MARK, len(tasks), TASK_FIELDS, _columns(tasks, Task))


@cache
def _layout(cls: type) -> tuple[tuple[str, str, type | None], ...]:
    """Each field of ``cls``: its name, how its column is written (by its type hint) and, for
    a tuple of records, the records' class."""
    hints = typing.get_type_hints(cls)
    return tuple((f.name, *_kind(hints[f.name])) for f in fields(cls))


def _kind(hint: Any) -> tuple[str, type | None]:
    if hint is Text:
        return TEXTS, None
    if hint is Source:
        return SOURCES, None
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, UnionType) and len(args) == 2 and type(None) in args:
        inner = args[0] if args[1] is type(None) else args[1]
        if inner in (Text, Source):
            return OPTIONAL, inner
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        if args[0] is Text:
            return TEXT_TUPLES, None
        if args[0] in _RECORDS:
            return RECORDS, args[0]
    return PLAIN, None


def _columns(objects: tuple[Any, ...] | list[Any], cls: type) -> tuple[Any, ...]:
    """A column per field of ``cls``, as ``_layout`` says, each written so when every value
    is of that shape exactly, else plain."""
    columns = []
    for name, kind, inner in _layout(cls):
        values = list(map(attrgetter(name), objects))
        column = None
        if kind == TEXTS:
            column = _texts(values)
        elif kind == SOURCES:
            column = _sources(values)
        elif kind == TEXT_TUPLES:
            column = _text_tuples(values)
        elif kind == OPTIONAL and inner is not None:
            column = _optional(values, inner)
        elif kind == RECORDS and inner is not None:
            column = _records(values, inner)
        columns.append(column if column is not None else _plain(values))
    return tuple(columns)


def decode_tasks(encoded: object) -> tuple[Task, ...] | None:
    """The tasks ``encode_tasks`` was given; None when ``encoded`` is not what it writes."""
    count, columns = _parts(encoded, _TASK_MARK, TASK_FIELDS)
    return _built(Task, columns, count) if columns is not None else None


def decode(encoded: object) -> tuple[Item, ...] | None:
    """The items ``encode`` was given (equal, field by field); None when ``encoded`` is not
    what it writes for today's ``Item``."""
    count, columns = _parts(encoded)
    return _built(Item, columns, count) if columns is not None else None


def _built(cls: type, columns: tuple[Any, ...], count: int) -> tuple[Any, ...] | None:
    """``count`` objects of ``cls`` from their columns (None: not such columns)."""
    layout = _layout(cls)
    if len(columns) != len(layout):
        return None
    each = [
        _values(column, count, inner) for column, (_, _, inner) in zip(columns, layout, strict=True)
    ]
    if any(values is None for values in each):
        return None
    built = built_by_columns(cls, each, count)
    return tuple(built) if built is not None else None


def count(encoded: object) -> int | None:
    """How many items the chunk ``encode`` wrote holds (None: not such a chunk)."""
    number, columns = _parts(encoded)
    return number if columns is not None else None


def decode_one(encoded: object, index: int) -> Item | None:
    """The item at ``index`` of the chunk ``encode`` wrote (None: not there). Only the columns'
    values at ``index`` are read: a chunk not of ``encode``'s making may raise (KeyError,
    IndexError, TypeError), which the reader of an entry, trusted by its tag, takes as a miss."""
    count, columns = _parts(encoded)
    if columns is None or not 0 <= index < count:
        return None
    item: Item = _one(Item, columns, index, count)
    return item


def _one(cls: type, columns: tuple[Any, ...], index: int, count: int) -> Any:
    """The object of ``cls`` at ``index`` of its columns."""
    layout = _layout(cls)
    return cls(
        *(
            _value_at(column, index, count, inner)
            for column, (_, _, inner) in zip(columns, layout, strict=True)
        )
    )


def _parts(
    encoded: object, mark: str = _MARK, names: tuple[str, ...] = FIELDS
) -> tuple[int, tuple[Any, ...] | None]:
    if (
        not isinstance(encoded, tuple)
        or len(encoded) != 4
        or encoded[0] != mark
        or encoded[2] != names
        or not isinstance(encoded[1], int)
        or not isinstance(encoded[3], tuple)
        or len(encoded[3]) != len(names)
    ):
        return 0, None
    return encoded[1], encoded[3]


# ---------------------------------------------------------------------------------------------
# Writing


def _plain(values: list[Any]) -> tuple[Any, ...]:
    """One object for every item (by identity, not equality: 1 == True) or the list."""
    if values and all(map(is_, values, repeat(values[0]))):
        return (SAME, values[0])
    return (PLAIN, values)


def _sources(values: list[Any]) -> tuple[Any, ...] | None:
    if not _QUICK or not _all_of(Source, values):
        return None
    return (
        SOURCES,
        _plain(list(map(_FILE, values))),
        list(map(_LINE, values)),
        list(map(_COLUMN, values)),
    )


def _texts(values: list[Any]) -> tuple[Any, ...] | None:
    if not _QUICK or not _all_of(Text, values):
        return None
    sources = _sources(list(map(_SOURCE, values)))
    if sources is None:
        return None
    return (TEXTS, list(map(_VALUE, values)), *sources[1:])


def _text_tuples(values: list[Any]) -> tuple[Any, ...] | None:
    if not _all_of(tuple, values):
        return None
    texts = _texts(list(chain.from_iterable(values)))
    if texts is None:
        return None
    return (TEXT_TUPLES, list(map(len, values)), texts)


def _optional(values: list[Any], inner: type) -> tuple[Any, ...] | None:
    held = list(map(is_not, values, repeat(None)))
    present = list(compress(range(len(values)), held))
    if not present:
        return None  # all None: plain, one value for all
    kept = list(compress(values, held))
    column = _texts(kept) if inner is Text else _sources(kept)
    return (OPTIONAL, present, column) if column is not None else None


def _records(values: list[Any], inner: type) -> tuple[Any, ...] | None:
    if not _all_of(tuple, values):
        return None
    flat = list(chain.from_iterable(values))
    if not flat or not _all_of(inner, flat):
        return None  # none at all: one empty tuple for every item, plain
    holding = list(compress(range(len(values)), values))  # (tuples: the non-empty ones)
    counts = list(map(len, compress(values, values)))
    return (RECORDS, holding, counts, _columns(flat, inner))


def _all_of(kind: type, values: list[Any]) -> bool:
    """Whether every value is of exactly this class (a subclass is kept as it is: plain)."""
    return not values or set(map(type, values)) == {kind}


# ---------------------------------------------------------------------------------------------
# Reading: a column's values, all of them or one


def _values(column: Any, count: int, inner: type | None = None) -> Any:
    """An iterable of the column's ``count`` values; None when it is not a column of that many.
    ``inner``: the class of an optional value or of a tuple's records (``_layout``)."""
    if not isinstance(column, tuple) or not column:
        return None
    tag = column[0]
    if tag == SAME and len(column) == 2:
        return repeat(column[1], count)
    if tag == PLAIN and len(column) == 2:
        return column[1] if _sized(column[1], count) else None
    if tag == SOURCES and len(column) == 4:
        files = _values(column[1], count)
        lines, places = column[2], column[3]
        if files is None or not _sized(lines, count) or not _sized(places, count):
            return None
        return built_by_columns(Source, (files, lines, places), count)
    if tag == TEXTS and len(column) == 5:
        sources = _values((SOURCES, *column[2:]), count)
        if sources is None or not _sized(column[1], count):
            return None
        return built_by_columns(Text, (column[1], sources), count)
    if tag == TEXT_TUPLES and len(column) == 3:
        counts = column[1]
        if not _sized(counts, count):
            return None
        texts = _values(column[2], sum(counts))
        if texts is None:
            return None
        return _cut(texts, counts)
    if tag == OPTIONAL and len(column) == 3 and inner is not None:
        present = column[1]
        if not isinstance(present, list) or not all(0 <= k < count for k in present):
            return None
        kept = _values(column[2], len(present))
        if kept is None:
            return None
        values: list[Any] = [None] * count
        for index, value in zip(present, kept, strict=True):
            values[index] = value
        return values
    if tag == RECORDS and len(column) == 4 and inner is not None:
        holding, counts = column[1], column[2]
        if (
            not isinstance(holding, list)
            or not _sized(counts, len(holding))
            or not all(0 <= k < count for k in holding)
            or not isinstance(column[3], tuple)
        ):
            return None
        records = _built(inner, column[3], sum(counts))
        if records is None:
            return None
        out: list[Any] = [()] * count
        for index, cut in zip(holding, _cut(records, counts), strict=True):
            out[index] = cut
        return out
    return None


def _cut(values: Any, counts: list[int]) -> list[tuple[Any, ...]]:
    """``values`` (a list or a tuple) cut into tuples of ``counts`` values, one after the
    other."""
    tuples, at = [], 0
    for many in counts:
        tuples.append(tuple(values[at : at + many]))
        at += many
    return tuples


def _value_at(column: Any, index: int, count: int, inner: type | None = None) -> Any:
    """The value of the item at ``index`` (a column ``_values`` would read: else a KeyError
    or IndexError, which the reader of the entry takes as a miss)."""
    tag = column[0]
    if tag == SAME:
        return column[1]
    if tag == PLAIN:
        return column[1][index]
    if tag == SOURCES:
        return Source(_value_at(column[1], index, count), column[2][index], column[3][index])
    if tag == TEXTS:
        return Text(column[1][index], _value_at((SOURCES, *column[2:]), index, count))
    if tag == TEXT_TUPLES:
        counts = column[1]
        at = sum(counts[:index])
        total = sum(counts)
        return tuple(_value_at(column[2], k, total) for k in range(at, at + counts[index]))
    if tag == OPTIONAL:
        present = column[1]
        at = bisect_left(present, index)
        if at == len(present) or present[at] != index:
            return None
        return _value_at(column[2], at, len(present))
    if tag == RECORDS and inner is not None:
        holding, counts = column[1], column[2]
        place = bisect_left(holding, index)
        if place == len(holding) or holding[place] != index:
            return ()
        at, total = sum(counts[:place]), sum(counts)
        return tuple(_one(inner, column[3], k, total) for k in range(at, at + counts[place]))
    raise KeyError(tag)


def _sized(values: object, count: int) -> bool:
    return isinstance(values, list) and len(values) == count


# ---------------------------------------------------------------------------------------------
# A plan's items encoded ahead of their entry's write


@dataclass(frozen=True)
class Prepared:
    """A plan's tasks and items encoded as ``cache_files._dump`` writes a model of more than
    ``chunk`` items (``prepare``): the long part of writing its entry, which can be done before
    the model's diagnostics are known (``cache_load.load_stored``)."""

    items: tuple[Item, ...]  # the very tuple encoded (``_dump`` uses them for it alone)
    tasks: tuple[Any, ...]
    chunks: tuple[tuple[Any, ...], ...]


def prepare(plan: Plan, chunk: int) -> Prepared | None:
    """``plan``'s tasks (``encode_tasks``) and items, ``chunk`` at a time (``encode``); None
    for a plan of ``chunk`` items or fewer, which ``_dump`` pickles whole."""
    items = plan.items
    if len(items) <= chunk:
        return None
    return Prepared(items, encode_tasks(plan.tasks), tuple(encoded_chunks(items, chunk)))


def encoded_chunks(items: tuple[Item, ...], chunk: int) -> Iterator[tuple[Any, ...]]:
    """``items`` encoded ``chunk`` at a time, one after the other."""
    for start in range(0, len(items), chunk):
        yield encode(items[start : start + chunk])

"""How fmt writes each key of a shape (its rank, its head, the shape of its value), worked out
once per shape and key: shared by the writer (``io.fmt``) and the quick check of a file already
in its layout (``io.fmt_quick``), apart from both so that they form no cycle."""

from __future__ import annotations

from dataclasses import dataclass

from parplan.checks.schema import Choice, Shape
from parplan.core.text import nfc
from parplan.io.fmt_scalars import scalar_text


@dataclass(frozen=True, slots=True)
class _Key:
    """How a key of a shape is written, and what its value is: worked out once per shape and key."""

    rank: int  # its place in the shape's order; a key the shape does not know comes last
    head: str  # the key and its colon, as a plain string key is written
    inner: Shape | Choice | None  # the shape of its value when that is a mapping
    items: Shape | Choice | None  # the shape of its entries when its value is a list
    spaced: bool  # a list value with a blank line between its entries
    flow: bool  # a list value whose entries are each one flow mapping
    blank_after: bool  # a blank line after its value when that is a list


class _Keys(dict[str, _Key]):
    """The keys of one shape (or of none), by their text as written, worked out on first use."""

    def __init__(self, shape: Shape | None) -> None:
        super().__init__()
        self.shape = shape
        self.ordered = shape is not None
        self.rank = {name: number for number, name in enumerate(shape.order if shape else ())}

    def __missing__(self, written: str) -> _Key:
        name = nfc(written)
        spec = self.shape.field(name) if self.shape is not None else None
        child = spec.kind if spec is not None and not isinstance(spec.kind, str) else None
        many = spec is not None and spec.many
        found = self[written] = _Key(
            rank=self.rank.get(name, len(self.shape.order) if self.shape else 0),
            head=scalar_text(name, plain=True) + ":",
            inner=child if not many else None,
            items=child if many else None,
            spaced=spec is not None and spec.many and spec.spaced,
            flow=spec is not None and spec.many and spec.flow,
            blank_after=spec is not None and spec.spaced,
        )
        return found

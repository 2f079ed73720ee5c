"""Search over the plan's items: what a search asks for (words, quoted phrases), and whether an
item has it, ignoring case and diacritics (``list --search``, the export's full-text index,
the decision's body through ``query.body``).
"""

from __future__ import annotations

import functools
import re

from parplan.core.model import Item
from parplan.core.text import fold


def search_terms(text: str) -> list[tuple[str, ...]]:
    """What a search asks for: each word on its own, and each quoted phrase as its words in
    order (``chuyen doi "so hoa"`` → ``[("chuyen",), ("doi",), ("so", "hoa")]``). Words are
    folded (case and diacritics ignored); an unclosed quote runs to the end. Each term comes
    once (a repeated word asks nothing more); a search is read once, not once per item."""
    return list(_search_terms(text))


@functools.lru_cache(maxsize=8)
def _search_terms(text: str) -> tuple[tuple[str, ...], ...]:
    terms: list[tuple[str, ...]] = []
    for position, part in enumerate(text.split('"')):
        words = tuple(_words(part))
        if position % 2:  # inside quotes
            if words:
                terms.append(words)
        else:
            terms.extend((word,) for word in words)
    return tuple(dict.fromkeys(terms))


def _words(text: str) -> list[str]:
    """The folded words of a text: runs of letters and digits."""
    return re.findall(r"\w+", fold(text))


def searched_texts(item: Item) -> tuple[str, ...]:
    """The texts of an item that a search reads: ID, product, task and section titles,
    deadline, note and unit names (``list --search``, the export's full-text index)."""
    return (
        item.id.value,
        item.product,
        item.task_title,
        item.section_title,
        item.deadline.value,
        item.note or "",
        *(ref.value for ref in (*item.lead, *item.support)),
    )


def matches_search(item: Item, text: str) -> bool:
    """Whether the item has every word of ``text`` as a whole word, and every quoted phrase as
    adjacent words in that order, ignoring case and diacritics ("so" finds "số", "sở", "sổ",
    not "soát").

    The texts searched: ID, product, task and section titles, deadline, note and unit names.
    """
    fields = [_words(field) for field in searched_texts(item)]
    return all(any(_has(words, term) for words in fields) for term in search_terms(text))


def _has(words: list[str], term: tuple[str, ...]) -> bool:
    size = len(term)
    return any(tuple(words[i : i + size]) == term for i in range(len(words) - size + 1))

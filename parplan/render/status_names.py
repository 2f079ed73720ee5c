"""The statuses a person names in words (``list --status quá hạn``), in either language: words
to keys, so it lives with the words (``parplan.query`` has none)."""

from __future__ import annotations

from parplan.core.text import fold
from parplan.query.status import ALL_STATUSES, DONE
from parplan.render.i18n import LANGUAGES, label


def status_filter(typed: str) -> tuple[str, ...]:
    """The status keys a person means by ``typed``: a key, a full label, or the short word the
    tables show ("quá hạn", "trong hạn", "xong" — done, on time or late), in either language,
    ignoring case and diacritics. Empty when it names none."""
    folded = fold(typed)
    if folded in (fold(label("word.done", lang)) for lang in LANGUAGES):
        return DONE
    for key in ALL_STATUSES:
        names = [key, key.replace("_", " ")]
        for lang in LANGUAGES:
            names += [label(f"status.{key}", lang), label(f"word.{key}", lang)]
        if folded in (fold(name) for name in names):
            return (key,)
    return ()

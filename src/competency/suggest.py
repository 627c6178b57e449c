"""Suggestions for an unknown id: the known id it differs from only in case, or a close spelling."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from competency.errors import Diagnostic

MAX_CANDIDATES = 10_000  # ids compared by spelling; a larger table is not searched (each comparison costs)
CLOSENESS = 0.75  # difflib's ratio: glod and gold score 0.75, MB2-7144 and MB2-714 0.93, MB2-999 and MB2-714 0.57


@dataclass(frozen=True, slots=True)
class Suggestion:
    """The known id an unknown one most likely means; `certain` when no other id is as likely."""

    id: str
    case_only: bool
    certain: bool

    @property
    def hint(self) -> str:
        """`; did you mean 'X'?` or `; it differs only in case from 'X'`, to end a message."""
        return f"; it differs only in case from '{self.id}'" if self.case_only else f"; did you mean '{self.id}'?"


def suggestion(name: str, known: Iterable[str]) -> Suggestion | None:
    """The same id in another case, else the closest spelling; None when nothing is close."""
    candidates = list(known)
    folded = name.casefold()
    same = [k for k in candidates if k.casefold() == folded and k != name]
    if same:
        return Suggestion(same[0], case_only=True, certain=len(same) == 1)
    if len(candidates) > MAX_CANDIDATES:
        return None
    from difflib import SequenceMatcher, get_close_matches  # only an unknown id pays for it

    close = get_close_matches(name, candidates, n=2, cutoff=CLOSENESS)
    if not close:
        return None
    ratios = [SequenceMatcher(None, c, name).ratio() for c in close]  # as get_close_matches ranks them
    return Suggestion(close[0], case_only=False, certain=len(close) == 1 or ratios[0] > ratios[1])


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """`; did you mean 'X'?`, `; it differs only in case from 'X'`, or `` when nothing is close."""
    found = suggestion(name, known)
    return found.hint if found else ""


def unknown_one(what: str, name: str, known: Sequence[str], where: str = "") -> Diagnostic:
    """`unknown competency 'X'; known: ...; did you mean 'Y'?` (I303), for an id asked for on the command line."""
    listed = f"{where} has {what}s" if where else "known:"
    return Diagnostic("I303", f"unknown {what} '{name}'; {listed} {', '.join(known)}{did_you_mean(name, known)}")

"""Suggestions for an unknown id: the known id it differs from only in case, or a close spelling."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from competency.errors import Diagnostic

MAX_CANDIDATES = 10_000  # ids compared by spelling; a larger table is not searched (each comparison costs)
CLOSENESS = 0.75  # difflib's ratio: glod and gold score 0.75, MB2-7144 and MB2-714 0.93, MB2-999 and MB2-714 0.57


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """`; did you mean 'X'?`, `; it differs only in case from 'X'`, or `` when nothing is close."""
    candidates = list(known)
    folded = name.casefold()
    same = next((k for k in candidates if k.casefold() == folded and k != name), None)
    if same is not None:
        return f"; it differs only in case from '{same}'"
    if len(candidates) > MAX_CANDIDATES:
        return ""
    from difflib import get_close_matches  # only an unknown id pays for it

    close = get_close_matches(name, candidates, n=1, cutoff=CLOSENESS)
    return f"; did you mean '{close[0]}'?" if close else ""


def unknown_one(what: str, name: str, known: Sequence[str], where: str = "") -> Diagnostic:
    """`unknown competency 'X'; known: ...; did you mean 'Y'?` (I303), for an id asked for on the command line."""
    listed = f"{where} has {what}s" if where else "known:"
    return Diagnostic("I303", f"unknown {what} '{name}'; {listed} {', '.join(known)}{did_you_mean(name, known)}")

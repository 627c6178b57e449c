"""Matching slots to persons, exactly: the plain reference and the class-compressed flow.

A pool's slots are filled by distinct persons, each satisfying the slot's condition; the
matching is maximum (augmenting paths, never greedy) and deterministic. `match` is the plain
reference: slots by persons, Kuhn's algorithm. `match_classes` (what the engine runs, through
`match_masks`) groups people who satisfy exactly the same slot conditions into classes with
counts, in one pass over the people, and solves a flow over (slot conditions x classes), whose
size does not grow with headcount. Both fill the same slots (the first maximal set in written
order); the persons named may differ between the two, never between runs.

Credentials are compiled to bit positions and conditions to masks (`Bits`), once per library.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from competency.compiler import plan

if TYPE_CHECKING:  # annotations only: matching need not load the YAML and schema machinery
    from competency.partners.partner import Partner


def match(pool: plan.Pool, held: Sequence[frozenset[str]]) -> list[int | None]:
    """A maximum matching of the pool's slots to distinct persons, as a person index per slot.

    The plain reference: Kuhn's augmenting-path algorithm over slots x persons. Each slot in
    turn claims a candidate, re-seating earlier slots along an alternating path when needed.
    """
    candidates_of: dict[plan.Condition, list[int]] = {}
    candidates = []
    for slot in pool.slots:
        if slot.condition not in candidates_of:
            candidates_of[slot.condition] = [i for i, h in enumerate(held) if slot.condition.holds(h)]
        candidates.append(candidates_of[slot.condition])
    seated: dict[int, int] = {}  # person -> slot
    assigned: list[int | None] = [None] * len(pool.slots)

    def seat(slot: int, visited: set[int]) -> bool:
        for person in candidates[slot]:
            if person in visited:
                continue
            visited.add(person)
            if person not in seated or seat(seated[person], visited):
                seated[person] = slot
                assigned[slot] = person
                return True
        return False

    for slot in range(len(pool.slots)):
        seat(slot, set())
    return assigned


def match_classes(pool: plan.Pool, held: Sequence[frozenset[str]]) -> list[int | None]:
    """A maximum matching like `match`'s, computed over classes of interchangeable people.

    It fills the same slots as `match` does; each filled slot gets a distinct person satisfying
    its condition, chosen deterministically (from each class in input order), though not always
    the person `match` picks.
    """
    bits = Bits.for_sets(held, (s.condition for s in pool.slots))
    return match_masks(bits.pool(pool), group_indices(held), bits.mask)


def match_masks(
    pp: PoolPlan, groups: dict[Hashable, list[int]], mask_of: Callable[[Any], int] = int
) -> list[int | None]:
    """Match people given in groups of equal credentials (keyed by mask, or what `mask_of` makes one)."""
    parts: dict[int, list[list[int]]] = {}  # class (set of slot conditions met) -> its groups
    for key, group in groups.items():
        sig = pp.signature(mask_of(key))
        if sig:
            parts.setdefault(sig, []).append(group)
    # Classes in order of their first person. No class hands out more persons than there are
    # slots, so only that many of its members are listed (in input order); the rest are counted.
    members = {sig: list(itertools.islice(heapq.merge(*gs), len(pp.kinds))) for sig, gs in parts.items()}
    classes = sorted(members, key=lambda sig: members[sig][0])
    flow = Flow(len(pp.terms), classes, [sum(map(len, parts[c])) for c in classes])
    filled = flow.fill(pp.kinds, stop_at_gap=False)
    assert filled is not None
    # Expand class counts to persons: each class hands out its members in input order.
    handed = [0] * len(classes)
    chosen: list[list[int]] = []
    for kind in range(len(pp.terms)):
        persons: list[int] = []
        for c in flow.adjacent[kind]:
            n = flow.flow[kind][c]
            persons += members[classes[c]][handed[c] : handed[c] + n]
            handed[c] += n
        chosen.append(sorted(persons, reverse=True))
    return [chosen[kind].pop() if ok else None for kind, ok in zip(pp.kinds, filled, strict=True)]


class Flow:
    """Max-flow from slot conditions ("kinds") to classes of people with capacities (their sizes).

    Slots are filled one at a time in written order, each along an augmenting path found by
    depth-first search over kinds: the same slots end up filled as in the plain matching.
    """

    __slots__ = ("adjacent", "capacity", "flow", "kinds", "used")

    def __init__(self, kinds: int, classes: Sequence[int], sizes: Sequence[int]) -> None:
        self.kinds = kinds
        self.capacity = sizes
        self.used = [0] * len(classes)
        self.flow = [[0] * len(classes) for _ in range(kinds)]
        self.adjacent = [[c for c, sig in enumerate(classes) if sig >> k & 1] for k in range(kinds)]

    def fill(self, slot_kinds: Sequence[int], *, stop_at_gap: bool) -> list[bool] | None:
        """Per slot, whether it got a person; None as soon as one cannot, if `stop_at_gap`."""
        filled = []
        for kind in slot_kinds:
            ok = self._augment(kind, {kind})
            if not ok and stop_at_gap:
                return None
            filled.append(ok)
        return filled

    def _augment(self, kind: int, seen: set[int]) -> bool:
        for c in self.adjacent[kind]:
            if self.used[c] < self.capacity[c]:
                self.flow[kind][c] += 1
                self.used[c] += 1
                return True
        for c in self.adjacent[kind]:
            for other in range(self.kinds):
                if self.flow[other][c] and other not in seen:
                    seen.add(other)
                    if self._augment(other, seen):  # `other` moves on, handing one place in `c` over
                        self.flow[other][c] -= 1
                        self.flow[kind][c] += 1
                        return True
        return False


# ---- compiled conditions: credentials as bits -----------------------------------------------


@dataclass(frozen=True, slots=True)
class PoolPlan:
    """A pool compiled to masks: its distinct slot conditions ("kinds") and each slot's kind."""

    terms: tuple[tuple[int, ...], ...]  # per kind, its DNF terms as credential masks
    reach: tuple[int, ...]  # per kind, every credential it names: a person with none of them never qualifies
    kinds: tuple[int, ...]  # per slot, in written order
    reach_all: int  # the union of `reach`

    def signature(self, mask: int) -> int:
        """The set of kinds a person with these credentials satisfies, as bits."""
        sig = 0
        for kind, terms in enumerate(self.terms):
            if self.reach[kind] & mask:
                for term in terms:
                    if term & mask == term:
                        sig |= 1 << kind
                        break
        return sig


class Bits:
    """Credential ids as bit positions and conditions as masks, compiled once per library."""

    def __init__(self, credentials: Iterable[str], catalog: plan.Catalog | None = None) -> None:
        # Positions, not the bits themselves: a bit high in a catalog of 100,000 credentials is a
        # 12 KB integer, and a map of them all took gigabytes.
        self.names = sorted(credentials)
        self.position = {cid: i for i, cid in enumerate(self.names)}
        self.catalog = catalog
        self._pools: dict[int, tuple[plan.Pool, PoolPlan]] = {}
        self._accepted: dict[dt.date, int] = {}

    @classmethod
    def for_sets(cls, held: Sequence[frozenset[str]], conditions: Iterable[plan.Condition]) -> Bits:
        names = set().union(*held) if held else set()
        for condition in conditions:
            names |= condition.credentials
        return cls(names)

    def mask(self, credentials: Iterable[str]) -> int:
        position = self.position
        return bits_at([i for c in credentials if (i := position.get(c)) is not None])

    def term_masks(self, condition: plan.Condition) -> tuple[int, ...]:
        # A term naming a credential outside the map can never be met, so it is dropped.
        return tuple(self.mask(t) for t in condition.terms if all(c in self.position for c in t))

    def pool(self, pool: plan.Pool) -> PoolPlan:
        entry = self._pools.get(id(pool))
        if entry is None or entry[0] is not pool:
            conditions = list(dict.fromkeys(s.condition for s in pool.slots))
            terms = tuple(self.term_masks(c) for c in conditions)
            reach = tuple(self.mask(t for term in c.terms for t in term) for c in conditions)
            kinds = tuple(conditions.index(s.condition) for s in pool.slots)
            all_reach = 0
            for r in reach:
                all_reach |= r
            entry = self._pools[id(pool)] = (pool, PoolPlan(terms, reach, kinds, all_reach))
        return entry[1]

    def accepted(self, day: dt.date) -> int:
        """The credentials the catalog accepts on `day` (all of them, without a catalog)."""
        if day not in self._accepted:
            names = (
                self.names
                if self.catalog is None
                else [c.id for c in self.catalog.credentials.values() if c.accepted_on(day)]
            )
            self._accepted[day] = self.mask(names)
        return self._accepted[day]


def bits_at(positions: Sequence[int]) -> int:
    """The integer with these bits set, in time linear in the highest: OR-ing them in one by one
    copies the growing integer each time, quadratic for a mask of a large catalog."""
    if len(positions) < 64:  # a few shifts cost less than a buffer the size of the catalog
        out = 0
        for i in positions:
            out |= 1 << i
        return out
    buffer = bytearray(max(positions) // 8 + 1)
    for i in positions:
        buffer[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(buffer, "little")


def positions(mask: int) -> Iterator[int]:
    """The bits set in `mask`, lowest first, in time proportional to how many (not to the highest)."""
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def person_masks(bits: Bits, partner: Partner, day: dt.date) -> list[int]:
    """Per person, the credentials that count on `day` (passed by then, not expired, still accepted) as a mask."""
    accepted = bits.accepted(day)
    position = bits.position
    # One mask per distinct tuple, by identity: people with equal credentials mostly share one
    # tuple (see `partner._credentials`), and hashing tuples would cost more than their masks.
    column = partner.people.credentials
    keys = list(map(id, column))
    known: dict[int, int] = {}
    for key, credentials in zip(keys, column, strict=True):
        if key not in known:
            mask = 0
            for earned in credentials:
                if earned.counts_on(day) and (i := position.get(earned.code)) is not None:
                    mask |= 1 << i
            known[key] = mask & accepted
    return list(map(known.__getitem__, keys))


def credentials_held(catalog: plan.Catalog, partner: Partner, day: dt.date) -> tuple[frozenset[str], ...]:
    """Per person, the catalog credentials that count on `day`: passed by then, still accepted.

    People with the same credentials share one frozenset (computed from their mask once).
    """
    bits = Bits(catalog.credentials, catalog)
    names = bits.names
    decoded: dict[int, frozenset[str]] = {}
    held = []
    for mask in person_masks(bits, partner, day):
        if mask not in decoded:
            decoded[mask] = frozenset(names[i] for i in positions(mask))
        held.append(decoded[mask])
    return tuple(held)


def group_indices(keys: Iterable[Hashable]) -> dict[Hashable, list[int]]:
    """Person indices by key (mask or credential set), in input order: the one pass over the people."""
    groups: dict[Hashable, list[int]] = {}
    for person, key in enumerate(keys):
        group = groups.get(key)
        if group is None:
            groups[key] = [person]
        else:
            group.append(person)
    return groups

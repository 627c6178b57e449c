"""Single partner, cloud-crm gold: the engine's matching vs networkx Hopcroft-Karp on the expanded
slot-by-person graph, vs one plain pass over the people's credentials (the floor).

Run: python benchmarks/bench_matching.py   (needs networkx; it is not a dependency of the package)
"""

from __future__ import annotations

import datetime as dt

import networkx as nx
from common import median_seconds, partner

import competency
from competency.engine.matching import credentials_held, match_classes

DAY = dt.date(2018, 6, 1)


def gold_pool(library):
    version = library.in_force("cloud-crm", DAY)
    (level,) = [lv for option in version.options for lv in option.levels if lv.name == "gold"]
    return level.routes[0].pools[0]


def networkx_matching(pool, held) -> int:
    graph = nx.Graph()
    slots = [("slot", i) for i in range(len(pool.slots))]
    graph.add_nodes_from(slots)
    graph.add_nodes_from(("person", j) for j in range(len(held)))
    for i, slot in enumerate(pool.slots):
        graph.add_edges_from((("slot", i), ("person", j)) for j, h in enumerate(held) if slot.condition.holds(h))
    matching = nx.bipartite.hopcroft_karp_matching(graph, top_nodes=slots)
    return sum(1 for s in slots if s in matching)


def floor(held) -> int:
    return sum(len(h) for h in held)


def main() -> None:
    library = competency.load()
    pool = gold_pool(library)
    print(f"cloud-crm gold pool: {len(pool.slots)} slots; medians of 5 runs")
    for n in (10, 1_000, 100_000):
        p = competency.partner_from_data(partner(n))
        held = credentials_held(library.catalog, p, DAY)
        filled = sum(x is not None for x in match_classes(pool, held))
        assert filled == networkx_matching(pool, held)
        engine = median_seconds(lambda held=held: match_classes(pool, held))
        base = median_seconds(lambda held=held: networkx_matching(pool, held), 3 if n > 1000 else 5)
        one_pass = median_seconds(lambda held=held: floor(held))
        full = median_seconds(lambda p=p: competency.evaluate(library, p, ["cloud-crm"]), 3)
        print(
            f"{n:>7,} people: matching {engine * 1e3:8.2f} ms | networkx {base * 1e3:9.2f} ms "
            f"({base / engine:6.1f}x slower) | one pass {one_pass * 1e3:7.2f} ms "
            f"(matching = {engine / one_pass:4.1f}x a pass) | whole evaluate {full * 1e3:8.2f} ms"
        )


if __name__ == "__main__":
    main()

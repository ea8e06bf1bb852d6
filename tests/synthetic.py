"""Deterministic synthetic maps for layout tests (a seed gives the same map)."""

from __future__ import annotations

import random

WORDS = (
    "access funding pathway clinical local data evidence workforce digital patient system "
    "adoption spread scale learning leadership culture capacity integration outcomes equity "
    "community voice procurement evaluation governance partnership"
).split()


def synthetic_map(nodes: int, seed: int = 1) -> dict:
    """A valid theme-file mapping with about ``nodes`` themes and sub-themes."""
    rng = random.Random(seed)
    counter = iter(range(1, 10**9))

    def label() -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 6))).capitalize()

    key_count = max(2, min(12, nodes // 8 or 2))
    themes = [
        {
            "id": f"t{next(counter)}",
            "label": label(),
            "n": rng.randint(5, 60),
            "description": label() + ".",
            "subthemes": [],
        }
        for _ in range(key_count)
    ]
    pool = [(t, 1) for t in themes]
    made = key_count
    while made < nodes - 1:
        parent, depth = rng.choice(pool)
        child = {"id": f"s{next(counter)}", "label": label(), "subthemes": []}
        if rng.random() < 0.7:
            child["n"] = rng.randint(1, 20)
        parent["subthemes"].append(child)
        if depth < 4:
            pool.append((child, depth + 1))
        made += 1
    ids = [t["id"] for t in themes]
    connections = [
        {"between": [ids[i], ids[(i + 2) % key_count]], "label": "links to"} for i in range(0, key_count - 2, 3)
    ]
    quotes = [
        {"text": label() + " " + label().lower() + ".", "attribution": "Innovator", "theme": ids[i]}
        for i in range(0, key_count, 4)
    ]
    return {
        "id": f"synthetic-{nodes}",
        "title": f"Synthetic map of {nodes} nodes",
        "headline": label(),
        "themes": themes,
        "connections": connections,
        "quotes": quotes,
    }

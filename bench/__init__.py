"""The speed-and-scale benchmark: mindmap against PlantUML, the Mermaid CLI and Graphviz alone.

Run ``make bench`` (or ``python -m bench``); it writes bench/results.md.
Modules: :mod:`bench.generate` (synthetic maps and the peers' sources),
:mod:`bench.measure` (process timing, peak memory, layout quality),
:mod:`bench.peers` (finding and running the other tools), :mod:`bench.suite`
(one run of everything) and :mod:`bench.report` (the results page).
"""

"""``python -m bench``: run the benchmark and write bench/results.md.

Options: ``--out PATH`` (default bench/results.md), ``--runs N`` (default 5),
``--sizes 30,300,1000,5000``, ``--no-peers``, ``--no-gallery``, ``--no-legibility``, ``--quick``
(one tiny map, one run, no peers, no gallery, no legibility: the smoke test).  The legibility
part (:mod:`bench.legibility`) adds its section to the same file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .generate import SIZES
from .report import to_markdown
from .suite import ROOT, Options, run_suite


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--no-gallery", action="store_true")
    parser.add_argument("--no-legibility", action="store_true", help="skip the legibility benchmark")
    parser.add_argument("--quick", action="store_true", help="one tiny map, one run, no peers, no gallery")
    args = parser.parse_args(argv)
    options = Options(
        sizes=tuple(int(s) for s in args.sizes.split(",") if s.strip()),
        runs=max(1, args.runs),
        peers=not args.no_peers,
        gallery=not args.no_gallery,
    )
    if args.quick:
        options.sizes, options.runs, options.peers, options.gallery = (12,), 1, False, False
        options.all_report_maps = False
    results = run_suite(options)
    command = "python -m bench " + " ".join(argv if argv is not None else sys.argv[1:])
    text = to_markdown(results, command.strip() if (argv or sys.argv[1:]) else "make bench")
    legibility = None
    if not args.quick and not args.no_legibility:
        from .legibility import collect, section, splice

        legibility = collect(mermaid=options.peers)
        text = splice(text, section(legibility, command.strip() if (argv or sys.argv[1:]) else "make bench"))
    # What this run did not write, an earlier one may have: its legibility section, the notes by hand.
    earlier = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
    if legibility is None:
        from .legibility import BEGIN, END

        text = keep_block(text, earlier, BEGIN, END)
    text = keep_block(text, earlier, NOTES_BEGIN, NOTES_END, before="## Machine and versions")
    from mindmap.files import write_atomic

    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(args.out, text.encode("utf-8"))
    from .report import targets

    for target in targets(results):
        mark = {True: "met", False: "NOT MET", None: "not measured"}[target.met]
        print(f"{mark:>12}  {target.name}: {target.measured} (limit {target.limit})")
    if legibility is not None:
        from .legibility import targets as legibility_targets

        for item in legibility_targets(legibility):
            mark = {True: "met", False: "NOT MET", None: "not measured"}[item.met]
            print(f"{mark:>12}  {item.name}: {item.measured} (limit {item.limit})")
    print(f"wrote {args.out} ({results.total_s:.0f} s)")
    return 0


NOTES_BEGIN, NOTES_END = "<!-- BEGIN notes -->", "<!-- END notes -->"


def keep_block(text: str, earlier: str, begin: str, end: str, before: str | None = None) -> str:
    """``text`` with the block of ``earlier`` between the markers ``begin`` and ``end`` put back
    when ``text`` has none: before the line ``before`` where there is one, else at the end."""
    if begin not in earlier or end not in earlier or begin in text:
        return text
    block = begin + earlier.split(begin, 1)[1].split(end, 1)[0] + end
    if before is not None and before in text:
        return text.replace(before, block + "\n\n" + before, 1)
    return text.rstrip("\n") + "\n\n" + block


if __name__ == "__main__":
    sys.exit(main())

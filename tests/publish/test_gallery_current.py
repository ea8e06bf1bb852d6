"""The committed gallery/ is what `make gallery` (mindmap gallery themes -o gallery --force) makes.

Renders themes/ into a temporary folder, with the Word report and the slide deck
(``report.docx``, ``report-deck.pptx``), and compares it, byte for byte, with
the committed gallery/, which it never rewrites.  When it fails after a change
that alters figures, look at the new figures, then regenerate with
``make gallery`` (or ``.venv/bin/mindmap gallery themes -o gallery --force``) and commit.
"""

from __future__ import annotations

from pathlib import Path

from mindmap.publish.deck import build_pptx
from mindmap.publish.gallery import render_gallery
from mindmap.publish.report import build_docx, collect_report

ROOT = Path(__file__).resolve().parents[2]
REGENERATE = (
    "make gallery   # mindmap gallery themes -o gallery --force, "
    "then mindmap report themes -o gallery/report.docx and -o gallery/report-deck.pptx"
)


def test_committed_gallery_is_current(tmp_path: Path) -> None:
    committed = ROOT / "gallery"
    render_gallery(ROOT / "themes", tmp_path, force=True)
    fresh = {p.name: p.read_bytes() for p in sorted(tmp_path.iterdir()) if p.is_file()}
    report = collect_report([ROOT / "themes"])  # the Makefile's `mindmap report themes -o gallery/...`
    fresh["report.docx"] = build_docx(report)
    fresh["report-deck.pptx"] = build_pptx(report)
    have = {p.name: p.read_bytes() for p in sorted(committed.iterdir()) if p.is_file()} if committed.is_dir() else {}
    missing = sorted(set(fresh) - set(have))
    extra = sorted(set(have) - set(fresh))
    stale = sorted(name for name in set(fresh) & set(have) if fresh[name] != have[name])
    assert not (missing or extra or stale), (
        f"gallery/ is not current: missing {missing}, not made any more {extra}, different {stale}; "
        f"regenerate with: {REGENERATE}"
    )

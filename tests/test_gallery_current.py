"""The committed gallery/ is what `make gallery` (mindmap gallery themes -o gallery) makes.

Renders themes/ into a temporary folder and compares it, byte for byte, with
the committed gallery/, which it never rewrites.  When it fails after a change
that alters figures, look at the new figures, then regenerate with
``make gallery`` (or ``.venv/bin/mindmap gallery themes -o gallery``) and commit.
"""

from __future__ import annotations

from pathlib import Path

from mindmap.publish.gallery import render_gallery

ROOT = Path(__file__).resolve().parent.parent
REGENERATE = "make gallery   # or: .venv/bin/mindmap gallery themes -o gallery"


def test_committed_gallery_is_current(tmp_path: Path) -> None:
    committed = ROOT / "gallery"
    render_gallery(ROOT / "themes", tmp_path, force=True)
    fresh = {p.name: p.read_bytes() for p in sorted(tmp_path.iterdir()) if p.is_file()}
    have = {p.name: p.read_bytes() for p in sorted(committed.iterdir()) if p.is_file()} if committed.is_dir() else {}
    missing = sorted(set(fresh) - set(have))
    extra = sorted(set(have) - set(fresh))
    stale = sorted(name for name in set(fresh) & set(have) if fresh[name] != have[name])
    assert not (missing or extra or stale), (
        f"gallery/ is not current: missing {missing}, not made any more {extra}, different {stale}; "
        f"regenerate with: {REGENERATE}"
    )

"""An unchanged gallery run writes nothing, not even the index page (it is the slow part)."""

from __future__ import annotations

import shutil
from pathlib import Path

from mindmap.publish.gallery import INDEX, MANIFEST, render_gallery

THEMES = Path(__file__).resolve().parents[2] / "themes"


def test_unchanged_run_leaves_index_and_manifest_untouched(tmp_path: Path) -> None:
    src = tmp_path / "themes"
    src.mkdir()
    shutil.copy(THEMES / "h1-pathway.yaml", src)
    out = tmp_path / "gallery"
    first = render_gallery(src, out, workers=1)
    assert first.rendered == ("h1-pathway",)
    index, manifest = out / INDEX, out / MANIFEST
    before = (index.stat().st_ino, index.stat().st_mtime_ns, manifest.stat().st_ino, index.read_bytes())

    second = render_gallery(src, out, workers=1)
    assert second.rendered == () and second.skipped == ("h1-pathway",)
    assert (index.stat().st_ino, index.stat().st_mtime_ns, manifest.stat().st_ino, index.read_bytes()) == before

    # A changed map is re-rendered and the page written again, with the new title.
    text = (
        (src / "h1-pathway.yaml")
        .read_text("utf-8")
        .replace("Hypothesis 1: Pathway", "Hypothesis 1: Pathway, changed", 1)
    )
    (src / "h1-pathway.yaml").write_text(text, "utf-8")
    third = render_gallery(src, out, workers=1)
    assert third.rendered == ("h1-pathway",)
    assert index.stat().st_ino != before[0]

    # A deleted page is written again even when no map changed.
    index.unlink()
    render_gallery(src, out, workers=1)
    assert index.is_file()

"""The Word report and the deck open in a real client: LibreOffice (Writer, Impress) converts both
to PDF, and the PDF's text holds every label, count, quote and caption.

LibreOffice is slow, so the report (the ten maps of themes/ and a small map with counts at every
level) is converted once per module.  LibreOffice finds Arial as the Liberation Sans that mindmap
ships (our fontconfig file), as Word finds Arial.  The deck is exported with its notes pages,
where the long descriptions and quotes are.  ``pdftoppm`` makes PNGs of the pages, kept in the
module's temporary folder for looking at.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from mindmap.publish.deck import build_pptx
from mindmap.publish.report import build_docx, collect_report
from mindmap.text.fontconfig import fonts_conf
from tests.conftest import small_map

pytestmark = pytest.mark.libreoffice

THEMES = Path(__file__).resolve().parents[2] / "themes"
NOTES_PAGES = 'pdf:impress_pdf_Export:{"ExportNotesPages":{"type":"boolean","value":"true"}}'


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def convert(jobs: list[tuple[Path, str]], out: Path) -> list[Path]:
    """Each (file, target) converted by its own LibreOffice at once (each needs its own profile)."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (Writer and Impress) is installed by scripts/install-tools.sh (make test)"
    env = {**os.environ, "HOME": str(out), "FONTCONFIG_FILE": str(fonts_conf())}
    runs = [
        subprocess.Popen(
            [
                soffice,
                f"-env:UserInstallation=file://{out / f'profile-{source.suffix[1:]}'}",
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                str(out),
                str(source),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for source, target in jobs
    ]
    pdfs = []
    for (source, _), run in zip(jobs, runs):
        stdout, stderr = run.communicate(timeout=300)
        assert run.returncode == 0, stderr
        pdf = out / f"{source.stem}.pdf"
        assert pdf.is_file(), f"LibreOffice wrote no PDF: {stdout} {stderr}"
        pdfs.append(pdf)
    return pdfs


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> dict:
    base = tmp_path_factory.mktemp("libreoffice")
    maps = base / "maps"
    shutil.copytree(THEMES, maps)
    counted = small_map()
    counted["id"], counted["title"] = "z-counted", "Question 11: Counted & <checked>"
    counted["themes"][0]["subthemes"][0]["subthemes"] = [{"label": "Alpha one deeper", "n": 2}]
    (maps / "z-counted.yaml").write_text(yaml.safe_dump(counted, sort_keys=False), encoding="utf-8")
    report = collect_report([maps])
    (base / "report.docx").write_bytes(build_docx(report))
    (base / "report-deck.pptx").write_bytes(build_pptx(report))
    docx_pdf, deck_pdf = convert([(base / "report.docx", "pdf"), (base / "report-deck.pptx", NOTES_PAGES)], base)
    if shutil.which("pdftoppm"):
        for pdf in (docx_pdf, deck_pdf):
            subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(base / pdf.stem)], check=True, timeout=300)
    return {
        "report": report,
        "docx": [flat(p.extract_text()) for p in PdfReader(docx_pdf).pages],
        "deck": [flat(p.extract_text()) for p in PdfReader(deck_pdf).pages],
        "folder": base,
    }


def expected_words(report) -> list[str]:
    """Every label with its count as the long description writes it, every quote and attribution."""
    words = []
    for m in report.maps:
        words.append(flat(m.headline) + (f" [n={m.n}]" if m.n is not None else ""))
        for theme, _ in m.walk():
            words.append(flat(theme.label) + (f" [n={theme.n}]" if theme.n is not None else ""))
        for q in m.quotes:
            words.append(flat(q.text))
            if q.attribution:
                words.append(flat(q.attribution))
    return words


def test_the_report_pdf_has_every_label_count_quote_and_caption(converted) -> None:
    text = " ".join(converted["docx"])
    report = converted["report"]
    assert len(report.maps) == 11
    missing = [w for w in expected_words(report) if w not in text]
    assert not missing
    for i, m in enumerate(report.maps, 1):
        assert f"Figure {i}: {flat(m.title)}. Long description of Figure {i}" in text
    # The counts are also in each map's table (key theme, sub-theme, n): here as "label n".
    assert "Alpha theme 6" in text and "Alpha one 3" in text and "Alpha one deeper 2" in text
    assert "Responses further sub-themed for this map: 29." in text


def test_the_report_pdf_starts_with_the_title_and_contents_and_each_map_starts_a_page(converted) -> None:
    pages = converted["docx"]
    assert pages[0].startswith("Learning Collaborative – Learning by doing Workstream 1")
    assert "11 December 2023" in pages[0] and "Contents" in pages[0]
    assert pages[1].startswith("Guide to interpreting the mind maps")
    starts = [i for i, page in enumerate(pages) if page.startswith(("Hypothesis ", "Question "))]
    assert [pages[i].split(" Hypothesis:")[0] for i in starts][:3] == [
        "Hypothesis 1: Pathway",
        "Hypothesis 2: Policy levers",
        "Hypothesis 3: Utility",
    ]
    assert len(starts) == 11
    assert pages[-1].startswith("Figure 11:") or any(p.startswith("Appendix: long descriptions") for p in pages)


def test_the_deck_pdf_has_every_title_and_in_its_notes_every_label_count_and_quote(converted) -> None:
    pages = converted["deck"]
    report = converted["report"]
    slides = 2 + len(report.maps)
    # The slides, then a notes page per slide.
    assert len(pages) == 2 * slides
    assert pages[0].startswith("Learning Collaborative – Learning by doing Workstream 1")
    assert pages[1].startswith("Guide to interpreting the mind maps")
    for i, m in enumerate(report.maps):
        assert pages[2 + i].startswith(flat(m.title))
    notes = " ".join(pages[slides:])
    missing = [w for w in expected_words(report) if w not in notes]
    assert not missing


def test_the_pages_were_drawn_as_pngs_to_look_at(converted) -> None:
    folder = converted["folder"]
    pngs = sorted(folder.glob("report-[0-9]*.png"))
    assert len(pngs) == len(converted["docx"])
    assert all(p.stat().st_size > 2_000 for p in pngs)  # not blank

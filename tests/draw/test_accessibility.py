"""Accessible figures: SVG title/desc/role, node tooltips, alt text and long description
beside the figure, and the same words read back from PNG and PDF metadata."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mindmap.cli import app
from mindmap.load.reader import load_map
from mindmap.model.describe import ALT_TEXT_LIMIT, alt_text, long_description
from mindmap.model.theme import MindMap
from mindmap.publish.render import render_map
from mindmap.text.markdown import escape_markdown, unescape_markdown

SVG = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).resolve().parents[2]
H9 = ROOT / "themes" / "h9-process.yaml"


@pytest.fixture(scope="module")
def tricky() -> MindMap:
    return MindMap.model_validate(
        {
            "id": "tricky",
            "title": 'Tricky <b>"title"</b> & more',
            "headline": "Centre [n=3] <staff>",
            "n": 7,
            "hypothesis": "Whole statement with ünïcödé.",
            "themes": [
                {
                    "id": "a",
                    "label": "Alpha & <omega>",
                    "n": 4,
                    "description": "Desc of alpha.",
                    "subthemes": [{"label": "Alpha one", "n": 2}],
                },
                {"id": "b", "label": 'Beta "quoted"'},
            ],
            "connections": [{"between": ["a", "b"], "label": "leads to"}],
            "quotes": [{"text": "Said <this>.", "attribution": "Innovator", "theme": "a"}],
        }
    )


@pytest.fixture(scope="module")
def outputs(tricky: MindMap) -> dict[str, bytes]:
    return render_map(tricky, ("svg", "png", "pdf"))


def test_svg_is_an_image_named_by_its_title_and_described_by_the_long_description(tricky, outputs) -> None:
    root = ET.fromstring(outputs["svg"])
    assert root.get("role") == "img"
    ids = root.get("aria-labelledby").split()
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    assert [by_id[i].tag for i in ids] == [f"{SVG}title", f"{SVG}desc"]
    title, desc = (by_id[i] for i in ids)
    assert root.find(f"{SVG}title") is title  # the document's own title, first child
    assert title.text == tricky.title
    assert desc.text == long_description(tricky)


def test_every_node_tooltip_is_its_label_never_an_internal_id(tricky, outputs) -> None:
    root = ET.fromstring(outputs["svg"])
    tooltips = [g.find(f"{SVG}title").text for g in root.iter(f"{SVG}g") if "node" in (g.get("class") or "").split()]
    labels = [tricky.headline, "Alpha & <omega>", "Alpha one", 'Beta "quoted"', "Said <this>."]
    assert sorted(tooltips) == sorted(labels)
    assert not any(t.startswith(("theme:", "quote:", "hypothesis")) for t in tooltips)


def test_png_text_chunks_hold_title_alt_text_and_long_description(tricky, outputs) -> None:
    from PIL import Image

    image = Image.open(io.BytesIO(outputs["png"]))
    image.load()
    assert image.text["Title"] == tricky.title
    assert image.text["Description"] == long_description(tricky)
    assert image.text["Alt text"] == alt_text(tricky)


def test_png_xmp_holds_the_iptc_accessibility_fields(tricky, outputs) -> None:
    from PIL import Image

    image = Image.open(io.BytesIO(outputs["png"]))
    image.load()
    root = ET.fromstring(image.text["XML:com.adobe.xmp"])
    rdf = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"

    def field(tag: str) -> str:
        [element] = root.iter(tag)
        return element.find(f"{rdf}Alt/{rdf}li").text

    iptc = "{http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/}"
    assert field("{http://purl.org/dc/elements/1.1/}title") == tricky.title
    assert field(f"{iptc}AltTextAccessibility") == alt_text(tricky)
    assert field(f"{iptc}ExtDescrAccessibility") == long_description(tricky)


def test_pdf_has_title_subject_embedded_fonts_and_selectable_text(tricky, outputs) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(outputs["pdf"]))
    assert reader.metadata.title == tricky.title
    assert reader.metadata.subject == long_description(tricky)
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            fonts.append(descriptor.get_object())
    assert fonts and all(any(k in f for k in ("/FontFile", "/FontFile2", "/FontFile3")) for f in fonts)
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for words in ("Alpha & <omega>", "Alpha one", "Centre [n=3] <staff>", "Innovator"):
        assert words in text


def test_pdf_is_tagged_with_a_paragraph_per_text(outputs) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(outputs["pdf"]))
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    kinds: list[str] = []

    def walk(element) -> None:
        element = element.get_object()
        if isinstance(element, dict) and "/S" in element:
            kinds.append(element["/S"])
        kids = element.get("/K") if isinstance(element, dict) else None
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            if hasattr(kid, "get_object") and isinstance(kid.get_object(), dict):
                walk(kid)

    walk(catalog["/StructTreeRoot"])
    svg_texts = ET.fromstring(outputs["svg"]).iter(f"{SVG}text")
    assert kinds[0] == "/Document"
    assert kinds.count("/P") == sum(1 for _ in svg_texts)


def test_pdf_and_png_of_the_same_map_are_the_same_bytes_each_time(tricky, outputs) -> None:
    again = render_map(tricky, ("png", "pdf"))
    assert again["png"] == outputs["png"] and again["pdf"] == outputs["pdf"]


def test_render_writes_alt_text_and_long_description_beside_the_figure(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["render", str(H9), "-o", str(tmp_path), "-f", "svg"])
    assert result.exit_code == 0, result.output
    mind_map = load_map(H9)
    alt = (tmp_path / "h9-process.alt.txt").read_text(encoding="utf-8")
    description = (tmp_path / "h9-process.description.md").read_text(encoding="utf-8")
    assert alt == alt_text(mind_map) + "\n" and len(alt.rstrip("\n")) <= ALT_TEXT_LIMIT
    # The file is Markdown: the same words, escaped as the Markdown export escapes them (issue 15).
    assert description == long_description(mind_map, esc=escape_markdown)
    desc = ET.parse(tmp_path / "h9-process.svg").getroot().find(f"{SVG}desc")
    assert desc.text == unescape_markdown(description)  # the same words in the file and inside the figure

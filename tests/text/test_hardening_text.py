"""Hardening, words: the long description carries no raw HTML, alt text is cut
between words, a quote keeps one pair of quotation marks, and `new --schema`
cannot break out of its comment line.

Issue 15, failure 8 and the weak spots on alt text, quotes and `new --schema`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
import yaml
from typer.testing import CliRunner

from mindmap.cli import app
from mindmap.export import export_maps
from mindmap.load.reader import load_map
from mindmap.model.describe import ALT_TEXT_LIMIT, alt_text, long_description
from mindmap.model.theme import MindMap
from mindmap.publish.render import describe_outputs, render_svg

from ..conftest import small_map

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE_LABELS = ["<script>alert(1)</script>", '<img src=x onerror="alert(2)">', "*bold* and [link](javascript:x)"]


# --- 8. <id>.description.md --------------------------------------------------------------


def _hostile_map() -> MindMap:
    data = small_map()
    data["title"] = "<b>Title</b>"
    data["headline"] = "Centre <iframe src=//evil>"
    data["themes"][0]["label"] = HOSTILE_LABELS[0]
    data["themes"][1]["label"] = HOSTILE_LABELS[1]
    data["themes"][1]["description"] = HOSTILE_LABELS[2]
    data["quotes"][0]["text"] = "<svg onload=alert(3)>"
    return MindMap.model_validate(data)


def test_description_md_carries_no_raw_html(tmp_path):
    text = describe_outputs(_hostile_map())["description.md"].decode("utf-8")
    assert "<" not in text.replace("\\<", "")  # every < escaped, as the Markdown export escapes it
    assert "\\<script\\>alert(1)\\</script\\>" in text
    assert "\\*bold\\* and \\[link\\](javascript:x)" in text


def test_description_md_renders_as_text_in_a_commonmark_reader():
    from markdown_it import MarkdownIt

    page = MarkdownIt("commonmark").render(describe_outputs(_hostile_map())["description.md"].decode("utf-8"))
    assert "<script" not in page and "<img" not in page and "<iframe" not in page and "<svg" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown, not run


def test_the_description_inside_the_svg_stays_plain_text():
    """The <desc> and PNG/PDF metadata are not Markdown: the words as written (XML-escaped by the writer)."""
    svg = render_svg(_hostile_map())
    desc = ET.fromstring(svg).find(f"{SVG}desc")
    assert desc is not None and HOSTILE_LABELS[0] in (desc.text or "")


def test_the_gallery_page_shows_the_description_as_written(tmp_path):
    from mindmap.publish.gallery import render_gallery

    folder = tmp_path / "themes"
    folder.mkdir()
    data = small_map()
    data["themes"][0]["label"] = "Costs <£5k> & *time*"
    (folder / "m.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    render_gallery(folder, tmp_path / "g", workers=1)
    page = (tmp_path / "g" / "index.html").read_text(encoding="utf-8")
    assert "Key theme 1: Costs &lt;£5k&gt; &amp; *time*" in page  # no Markdown backslashes on the page


# --- alt text cut between words ---------------------------------------------------------


def test_alt_text_never_cuts_a_label_inside_a_word():
    headline = "Leadership makes adoption possible when leaders at every level share the work of change " * 2
    m = MindMap(
        id="x",
        title="Hypothesis 4: Leadership and the people who carry an innovation to everyday use",
        headline=headline,
        themes=[{"label": "Connections across organisational boundaries"}, {"label": "B"}],
    )
    text = alt_text(m)
    assert len(text) <= ALT_TEXT_LIMIT
    assert "Conne…" not in text
    cut = re.findall(r"(\w+)…", text)
    words = set(re.findall(r"\w+", m.title + " " + headline + " Connections across organisational boundaries"))
    assert all(piece in words for piece in cut), (cut, text)  # every cut ends on a whole word
    assert "Connections" in text


@pytest.mark.parametrize(
    "label", ["A Connectionsacrossorganisational boundaries and more words " * 6, "Short words then a long tail " * 20]
)
def test_a_long_first_label_is_cut_at_its_last_whole_word(label):
    m = MindMap(id="x", title="T", headline="H", themes=[{"label": label}])
    text = alt_text(m)
    assert len(text) <= ALT_TEXT_LIMIT
    shown = text.split("key theme: ", 1)[1].removesuffix(".")
    assert shown.endswith("…")
    assert label.startswith(shown[:-1]) and label[len(shown) - 1] == " "


# --- quotation marks --------------------------------------------------------------------


QUOTED = '"Just get on with it," she said'


def _quote_map(text: str) -> MindMap:
    data = small_map()
    data["quotes"][0]["text"] = text
    return MindMap.model_validate(data)


@pytest.mark.parametrize("text", [QUOTED, "“Already curly”", "„German style“", "«Guillemets»"])
def test_a_quote_that_starts_with_a_quotation_mark_gets_no_second_one(text):
    svg = render_svg(_quote_map(text))
    # every line the quote's box shows (it may wrap after its opening mark)
    shown = " ".join(
        "".join(t.itertext())
        for g in ET.fromstring(svg).iter(f"{SVG}g")
        if "quote" in (g.get("class") or "").split()
        for t in g.iter(f"{SVG}text")
    )
    assert text[1:5] in shown
    assert "“" + text[0] not in shown and "““" not in shown
    assert shown.count("“") + shown.count('"') + shown.count("„") + shown.count("«") == text.count("“") + text.count(
        '"'
    ) + text.count("„") + text.count("«")


def test_a_plain_quote_still_gets_its_marks():
    svg = render_svg(_quote_map("Plain words"))
    assert "“Plain words”" in "".join(ET.fromstring(svg).itertext())


@pytest.mark.parametrize("to", ["dot"])
def test_exports_give_a_quoted_quote_one_pair_of_marks(to):
    # The outline exports (markdown, mermaid, freemind) keep their own pair around every quote:
    # 'mindmap import' tells a quote from a theme by those marks (test_import_outlines).
    ((_name, data),) = export_maps([_quote_map(QUOTED)], to)
    text = data.decode("utf-8")
    assert "Just get on with it" in text
    assert not re.search(r'(“|&#8220;)(#quot;|"|\\"|&quot;)Just', text), text


def test_the_long_description_gives_a_quoted_quote_one_pair_of_marks():
    text = long_description(_quote_map(QUOTED))
    assert f"> {QUOTED}" in text
    assert '> "Plain words"' in long_description(_quote_map("Plain words"))


def test_preview_gives_a_quoted_quote_one_pair_of_marks(tmp_path):
    data = small_map()
    data["quotes"][0]["text"] = QUOTED
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = CliRunner().invoke(app, ["preview", str(path)])
    assert result.exit_code == 0
    assert '“"Just' not in result.stdout and '"Just get on' in result.stdout


# --- mindmap new --schema ------------------------------------------------------------------


@pytest.mark.parametrize("schema", ["x\nheadline: y", "x\r\nid: other", "x\u2028y", "x\x1b[2J"])
def test_new_refuses_a_schema_reference_that_would_break_its_comment(tmp_path, schema):
    out = tmp_path / "m.yaml"
    result = CliRunner().invoke(app, ["new", "m", "-o", str(out), "--schema", schema])
    assert result.exit_code == 2
    assert "--schema" in result.stderr and "line break or control character" in result.stderr
    assert not out.exists()


def test_new_with_an_odd_but_printable_schema_reference_validates(tmp_path):
    out = tmp_path / "m.yaml"
    result = CliRunner().invoke(app, ["new", "m", "-o", str(out), "--schema", "../my schemas/#1 'x'.json"])
    assert result.exit_code == 0, result.stderr
    assert load_map(out).id == "m"


def test_new_into_a_file_name_with_a_line_break_still_validates(tmp_path):
    out = tmp_path / "odd\nname.yaml"
    result = CliRunner().invoke(app, ["new", "m", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert load_map(out).id == "m"
    assert "\n" not in result.stdout.split("wrote ", 1)[1].split("next:")[0].strip()

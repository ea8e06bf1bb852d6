"""Text is text: markup, Graphviz escapes and URLs in a theme file stay words.

Every field a user can write (title, hypothesis, headline, labels,
descriptions, connection words, quotes, attributions, source) carries hostile
strings.  The SVG must parse, show each string exactly as typed, and hold no
script, no event handler and no reference to anything outside itself.  The
PNG and PDF conversions must open no file and no URL because of the input.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from mindmap.model.theme import MindMap
from mindmap.publish.render import render_map

ROOT = Path(__file__).resolve().parents[2]
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"

HOSTILE_TEXTS = [
    "<script>alert('x')</script>",
    "</text><script>alert(1)</script><text>",
    "Fish & chips; &amp; &lt; &#60; &nbsp;",
    "She said \"hello\" and 'bye'",
    "<b>bold</b> <i>not</i>",
    "{record|<port> label|{a|b}}",
    r"Graphviz \N \G \l \n \r \E \T \H escapes",
    "javascript:alert(document.cookie)",
    "file:///etc/passwd",
    '<image xlink:href="file:///etc/passwd"/>',
    '<a href="https://evil.example/">click</a>',
    "]]><![CDATA[ <!-- comment --> <?php echo 1 ?>",
    '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>&e;',
    'onload="alert(1)" style="background:url(https://evil.example/x.png)"',
    "url(#x) url(https://evil.example/) @import 'https://evil.example/x.css';",
    "%s %d {0} {n} ${HOME} $(rm -rf /) `id`",
]


def hostile_map() -> MindMap:
    texts = HOSTILE_TEXTS
    themes = []
    for i, text in enumerate(texts):
        themes.append(
            {
                "id": f"t{i}",
                "label": text,
                "description": f"desc {text}",
                "n": i,
                "subthemes": [{"label": f"sub {text}"}],
            }
        )
    return MindMap.model_validate(
        {
            "id": "hostile",
            "title": texts[1],
            "hypothesis": texts[0],
            "headline": texts[2],
            "source": texts[8],
            "themes": themes,
            "connections": [
                {"between": ["t0", "t1"], "label": texts[6]},
                {"between": ["t2", "t3"], "label": texts[3]},
            ],
            "quotes": [
                {"text": texts[9], "attribution": texts[13], "theme": "t4"},
                {"text": texts[12], "attribution": texts[7], "theme": "t5"},
            ],
            "style": {"look": {"font_family": 'Arial" onload="alert(1)'}},
        }
    )


@pytest.fixture(scope="module")
def svg_root() -> ET.Element:
    svg = render_map(hostile_map(), ["svg"])["svg"]
    assert b"<!DOCTYPE" not in svg and b"<!ENTITY" not in svg
    return ET.fromstring(svg)


def _problems(root: ET.Element) -> list[str]:
    """Every script, handler or outside reference in an SVG tree."""
    found = []
    for element in root.iter():
        tag = element.tag.split("}")[-1]
        if tag in ("script", "foreignObject", "iframe", "object", "embed", "image", "use", "a", "feImage"):
            found.append(f"element <{tag}>")
        if (
            tag == "style"
            and element.text
            and (("url(" in element.text and "data:" not in element.text) or "@import" in element.text)
        ):
            found.append("style sheet with an outside reference")
        for name, value in element.attrib.items():
            local = name.split("}")[-1]
            if local.lower().startswith("on"):
                found.append(f"handler {local}= on <{tag}>")
            if local in ("href", "src") or name == f"{XLINK}href":
                found.append(f"reference {local}={value!r} on <{tag}>")
            if "url(" in value and not all(part.startswith("#") for part in value.split("url(")[1:]):
                found.append(f"outside url() in {local}= on <{tag}>")
            if "javascript:" in value.lower() and tag not in ("text", "title", "desc"):
                found.append(f"javascript: in {local}= on <{tag}>")
    return found


def test_the_svg_holds_no_script_handler_or_outside_reference(svg_root):
    assert _problems(svg_root) == []


def test_the_checker_would_catch_each_kind_of_attack():
    bad = ET.fromstring(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="x()">'
        '<script>alert(1)</script><image xlink:href="file:///etc/passwd"/>'
        '<rect fill="url(https://evil.example/)"/><style>@import "x.css";</style></svg>'
    )
    assert len(_problems(bad)) == 6


def test_every_hostile_string_appears_exactly_as_typed(svg_root):
    mind_map = hostile_map()
    titles = [t.text or "" for t in svg_root.iter(f"{SVG}title")]
    words = " ".join((t.text or "") for t in svg_root.iter(f"{SVG}text"))
    desc = svg_root.find(f"{SVG}desc").text or ""
    assert titles[0] == mind_map.title
    for theme, _ in mind_map.walk():
        assert theme.label in titles, theme.label
        # the drawn lines of a label give the label back (long words may break anywhere)
        node = next(
            g
            for g in svg_root.iter(f"{SVG}g")
            if "node" in (g.get("class") or "").split() and g.find(f"{SVG}title").text == theme.label
        )
        drawn = " ".join(t.text or "" for t in node.findall(f"{SVG}text") if "label" in (t.get("class") or ""))
        assert "".join(drawn.split()) == "".join(theme.label.split())
    for quote in mind_map.quotes:
        assert any(quote.text in t for t in titles), quote.text
    for connection in mind_map.connections:
        assert connection.label in words
    for text in HOSTILE_TEXTS:
        assert text in desc or text in titles or text in words


def test_hostile_font_family_stays_inside_its_attribute(svg_root):
    assert svg_root.get("font-family").startswith("'Arial\" onload=\"alert(1)'")
    assert "onload" not in svg_root.attrib


def test_fonts_embedded_in_the_svg_are_data_not_references():
    svg = render_map(hostile_map(), ["svg"], embed_fonts=True)["svg"]
    root = ET.fromstring(svg)
    assert _problems(root) == []


PROBE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
 width="10mm" height="10mm" viewBox="0 0 10 10">
<image width="10" height="10" xlink:href="file://{probe}"/><image width="10" height="10" href="{probe}"/>
<use xlink:href="file://{probe}.svg#x"/><rect fill="url(file://{probe}.svg#g)" width="5" height="5"/>
<image width="10" height="10" href="http://127.0.0.1:9/x.png"/></svg>"""


def test_cairo_opens_no_file_and_no_url(tmp_path):
    """PNG and PDF of the hostile map (its words naming a local file and a URL),
    and of an SVG that itself references them, with every Python-level open
    and network call audited after a warm-up run: none at all may happen."""
    probe = tmp_path / "secret.png"
    probe.write_bytes(
        base64.b64decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
        )
    )
    script = textwrap.dedent(f"""
        import json, sys
        from tests.draw.test_injection import PROBE_SVG, hostile_map
        from mindmap.convert.cairo import svg_to_pdf, svg_to_png
        from mindmap.model.theme import MindMap
        from mindmap.publish.render import render_map
        data = hostile_map().model_dump()
        data["themes"][0]["label"] = "<image href='file://{probe}'/> file://{probe}"
        data["quotes"][0]["text"] = "url(file://{probe}) http://127.0.0.1:9/x.png"
        mind_map = MindMap.model_validate(data)
        from mindmap.draw.figure import Figure
        probe_text = PROBE_SVG.format(probe={str(probe)!r})
        probe_svg = Figure(probe_text, probe_text, 100.0, 100.0, 35.0, 35.0, "#FFFFFF", ())
        render_map(mind_map, ["svg", "png", "pdf"])  # warm-up: imports and font caches
        seen = []
        def audit(event, args):
            if event in ("open", "urllib.Request", "socket.connect", "socket.getaddrinfo", "subprocess.Popen"):
                seen.append((event, str(args[0])))
        sys.addaudithook(audit)
        out = render_map(mind_map, ["png", "pdf"])
        assert out["png"].startswith(b"\\x89PNG") and out["pdf"].startswith(b"%PDF")
        assert svg_to_png(probe_svg).startswith(b"\\x89PNG") and svg_to_pdf(probe_svg).startswith(b"%PDF")
        print(json.dumps(seen))
    """)
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


# --- the gallery page and the live preview ------------------------------------------


def _hostile_theme_file(folder: Path) -> Path:
    import yaml

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "hostile.yaml"
    path.write_text(yaml.safe_dump(hostile_map().model_dump(exclude_none=True), allow_unicode=True), encoding="utf-8")
    return path


class _Page:
    """Every element, attribute and text of an HTML page, from the standard parser."""

    def __init__(self, text: str) -> None:
        from html.parser import HTMLParser

        self.elements: list[tuple[str, dict[str, str]]] = []
        self.texts: list[str] = []
        page = self

        class Parser(HTMLParser):
            def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
                page.elements.append((tag, {k: v or "" for k, v in attrs}))

            handle_startendtag = handle_starttag

            def handle_data(self, data):  # type: ignore[no-untyped-def]
                page.texts.append(data)

        Parser(convert_charrefs=True).feed(text)

    def problems(self, allowed_files: set[str]) -> list[str]:
        found = []
        for tag, attrs in self.elements:
            if tag in ("script", "iframe", "object", "embed", "base", "form", "foreignobject"):
                found.append(f"<{tag}>")
            for name, value in attrs.items():
                if name.startswith("on"):
                    found.append(f"handler {name}= on <{tag}>")
                if name in ("href", "src", "xlink:href", "action", "poster", "srcset"):
                    if not (value.startswith("#") or value.startswith("data:") or value in allowed_files):
                        found.append(f"reference {name}={value[:60]!r} on <{tag}>")
                if "url(" in value and "url(#" not in value and "url(data:" not in value:
                    found.append(f"url() in {name}= on <{tag}>")
        return found


def test_the_gallery_page_escapes_everything_and_allows_nothing_outside(tmp_path):
    from mindmap.publish.gallery import INDEX, render_gallery

    _hostile_theme_file(tmp_path / "themes")
    out = tmp_path / "gallery"
    render_gallery(tmp_path / "themes", out, workers=1)
    page = _Page((out / INDEX).read_text(encoding="utf-8"))
    files = {p.name for p in out.iterdir()}
    assert page.problems(files) == []
    csp = [
        attrs.get("content", "")
        for tag, attrs in page.elements
        if tag == "meta" and attrs.get("http-equiv", "").lower() == "content-security-policy"
    ]
    assert len(csp) == 1 and "default-src 'none'" in csp[0] and "script-src" not in csp[0]
    words = " ".join(page.texts)
    for text in (hostile_map().title, hostile_map().hypothesis):
        assert " ".join(text.split()) in " ".join(words.split())
    root = ET.fromstring((out / "hostile.svg").read_bytes())
    assert _problems(root) == []


def test_the_live_preview_listens_on_loopback_only_and_serves_inert_figures(tmp_path):
    import urllib.request

    from mindmap.serve.server import PreviewServer

    _hostile_theme_file(tmp_path)
    server = PreviewServer(tmp_path, port=0, log=lambda line: None)
    server.start()
    try:
        host, port = server.httpd.server_address[:2]
        assert host == "127.0.0.1"
        with urllib.request.urlopen(server.url, timeout=10) as response:
            csp = response.headers["Content-Security-Policy"]
            page = _Page(response.read().decode("utf-8"))
        assert "default-src 'none'" in csp and "'unsafe-inline'" not in csp
        assert [attrs.get("src") for tag, attrs in page.elements if tag == "script"] == ["/static/app.js"]
        with urllib.request.urlopen(server.url + "state", timeout=10) as response:
            state = json.loads(response.read())
        [entry] = state["maps"]
        assert entry["errors"] == [] and entry["title"] == hostile_map().title
        figure = entry["figure"]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{figure}", timeout=10) as response:
            assert "script-src" not in response.headers["Content-Security-Policy"]
            root = ET.fromstring(response.read())
        assert _problems(root) == []
    finally:
        server.stop()


def test_the_tree_layout_is_as_inert_and_as_exact():
    mind_map = hostile_map()
    root = ET.fromstring(render_map(mind_map, ["svg"], layout="tree")["svg"])
    assert _problems(root) == []
    titles = [t.text or "" for t in root.iter(f"{SVG}title")]
    assert all(theme.label in titles for theme, _ in mind_map.walk())

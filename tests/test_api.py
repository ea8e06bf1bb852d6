"""The Python API: ``import mindmap`` for scripts and notebooks (its doctests run as well)."""

from __future__ import annotations

import doctest
import subprocess
import sys
from pathlib import Path

import pytest

import mindmap
from mindmap.errors import InputError, UserError
from mindmap.style.sheet import Style

from .conftest import THEMES

API = ["MindMap", "build_graph", "load_map", "render", "resolve_style"]


@pytest.fixture
def small(small_map_data) -> mindmap.MindMap:
    return mindmap.MindMap.model_validate(small_map_data)


def test_all_lists_the_api_and_each_name_is_documented_with_an_example():
    import mindmap.api

    assert sorted(set(mindmap.__all__) - {"__version__"}) == API
    finder = doctest.DocTestFinder()
    examples = "\n".join(ex.source for test in finder.find(mindmap.api) for ex in test.examples)
    for name in API:
        assert getattr(mindmap, name).__doc__, name
        assert f"mindmap.{name}(" in examples or f"mindmap.{name}." in examples, name


def test_import_is_light_and_names_load_on_first_use():
    code = (
        "import sys, mindmap\n"
        "heavy = [m for m in ('pydantic', 'networkx', 'pygraphviz', 'cairosvg', 'yaml', 'typer') if m in sys.modules]\n"
        "print(heavy)\n"
        "mindmap.render\n"
        "print('mindmap.model.graph' in sys.modules, 'pydantic' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["[]", "True True"]


def test_no_submodule_hides_an_api_name():
    # A top-level module named like an API function would replace it on import.
    package = Path(mindmap.__file__).parent
    for name in mindmap.__all__:
        assert not (package / f"{name}.py").exists() and not (package / name).is_dir(), name
    code = (
        "import mindmap.publish.render, mindmap; from mindmap import render; "
        "print(render.__module__, mindmap.render.__module__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["mindmap.api", "mindmap.api"]


def test_unknown_names_are_attribute_errors():
    with pytest.raises(AttributeError, match="has no attribute 'rendr'"):
        mindmap.rendr  # noqa: B018


def test_render_one_format_gives_bytes_several_give_a_dict(small):
    svg = mindmap.render(small)
    assert svg.startswith(b"<svg") or svg.startswith(b"<?xml")
    for words in (b"The centre", b"Alpha theme", b"A quote about alpha."):
        assert words in svg
    both = mindmap.render(small, ["png", "svg", "png"])
    assert list(both) == ["png", "svg"]
    assert both["svg"] == svg
    assert both["png"].startswith(b"\x89PNG\r\n\x1a\n")
    assert mindmap.render(small, "pdf").startswith(b"%PDF-")


def test_render_is_deterministic(small):
    assert mindmap.render(small, "png") == mindmap.render(small, "png")


def test_render_writes_files_with_out_dir(small, tmp_path):
    paths = mindmap.render(small, ["svg", "png"], out_dir=tmp_path / "out")
    assert [p.name for p in paths[:2]] == ["small.svg", "small.png"]
    assert (tmp_path / "out" / "small.svg").read_bytes() == mindmap.render(small, "svg")


def test_render_takes_a_path(tmp_path):
    path = THEMES / "h9-process.yaml"
    assert mindmap.render(str(path)) == mindmap.render(mindmap.load_map(path))


def test_load_map_reports_every_problem(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: Bad Id\ntitle: T\nheadline: H\nthemes: []\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        mindmap.load_map(bad)
    assert [str(p).split(": ", 1)[1] for p in caught.value.problems] == [
        "id: 'Bad Id' is not a valid id: use lower-case letters, digits and '-', starting with a letter or digit",
        "themes: needs at least one entry",
    ]


def test_build_graph_has_every_theme(small):
    graph = mindmap.build_graph(small)
    kinds = sorted(kind for _, kind in graph.nodes(data="kind"))
    assert kinds == ["hypothesis", "quote", "subtheme", "subtheme", "theme", "theme", "theme"]


def test_style_layers_compose_like_the_command_line(small_map_data):
    base = mindmap.MindMap.model_validate(small_map_data)
    own = mindmap.MindMap.model_validate({**small_map_data, "style": {"look": {"palette": ["#007F3B"]}}})
    plain = mindmap.render(base).decode()
    # the map's own style block applies...
    assert "#007f3b" in mindmap.render(own).decode().lower() and "#007f3b" not in plain.lower()
    # ...and a dict given to render comes after it (later wins)
    later = mindmap.render(own, style={"look": {"palette": ["#330072"]}}).decode().lower()
    assert "#330072" in later and "#007f3b" not in later
    # a named sheet is the same as the command line's --style
    from mindmap.style.library import compose_style

    assert mindmap.resolve_style("print-mono") == compose_style(["print-mono"])
    assert mindmap.render(base, style="print-mono") == mindmap.render(base, style=compose_style(["print-mono"]))
    assert mindmap.render(base, style="print-mono") != mindmap.render(base)


def test_a_resolved_style_is_used_as_it_is(small):
    style = mindmap.resolve_style({"scale": {"canvas": {"width_mm": 250}}})
    assert isinstance(style, Style)
    assert mindmap.render(small, style=style) == mindmap.render(small, style={"scale": {"canvas": {"width_mm": 250}}})


def test_resolve_style_later_wins():
    style = mindmap.resolve_style({"look": {"palette": ["#111111"]}}, {"look": {"palette": ["#222222"]}})
    assert style.look.palette == ["#222222"]
    assert mindmap.resolve_style() == mindmap.resolve_style({})


def test_bad_arguments_say_what_to_do(small):
    with pytest.raises(UserError, match=r"unknown format 'gif'; choose from: svg, png, pdf"):
        mindmap.render(small, "gif")
    with pytest.raises(UserError, match=r"unknown style 'print-mon'; did you mean 'print-mono'\?"):
        mindmap.render(small, style="print-mon")
    with pytest.raises(UserError, match=r"unknown layout 'radia'; choose one of: radial, tree"):
        mindmap.render(small, layout="radia")
    with pytest.raises(TypeError, match="not int"):
        mindmap.render(42)
    with pytest.raises(TypeError, match=r"sheets .* before overrides"):
        mindmap.render(small, style=[{"look": {}}, "print-mono"])


def test_a_mind_map_shows_itself_as_its_figure_in_ipython():
    # As in a notebook: IPython runs first, then the cell imports mindmap and ends in a map.
    code = (
        "from IPython.core.interactiveshell import InteractiveShell\n"
        "shell = InteractiveShell.instance()\n"
        "import mindmap\n"
        "m = mindmap.MindMap.model_validate({'id': 'a', 'title': 'A', 'headline': 'Centre',"
        " 'themes': [{'label': 'Alpha theme'}]})\n"
        "data, _ = shell.display_formatter.format(m)\n"
        "print(data['image/svg+xml'] == mindmap.render(m, 'svg').decode('utf-8'),"
        " 'Alpha theme' in data['image/svg+xml'])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "True"]


def test_outside_ipython_nothing_is_registered():
    code = "import sys, mindmap; print('mindmap.api' in sys.modules, 'IPython' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_jupyter_displays_a_map_as_its_figure(small):
    # IPython's own display machinery, as a notebook cell ending in `m` uses it.
    from IPython.core.formatters import DisplayFormatter

    formatter = DisplayFormatter()
    mindmap.api.register_display(formatter)
    data, _ = formatter.format(small)
    assert data["image/svg+xml"] == mindmap.render(small, "svg").decode("utf-8")
    assert data["text/plain"].startswith("MindMap(")

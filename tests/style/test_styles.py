"""Style sheets: the complete default, composition order, located errors, --set, the commands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from mindmap.cli import app
from mindmap.errors import InputError, UserError
from mindmap.model.theme import MindMap
from mindmap.publish.render import render_svg
from mindmap.style.check import check_style
from mindmap.style.library import available_sheets, compose_style, find_sheet, load_sheet, parse_set
from mindmap.style.sheet import SHEET_DIR, Style, StyleError, default_sheet, merge_layers

from ..conftest import small_map

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ("health-innovation", "print-mono", "high-contrast")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def hypothesis_fill(svg: str) -> str:
    match = re.search(r'<g class="node hypothesis"[^>]*>.*?<rect class="shape"[^>]* fill="(#[0-9A-F]{6})"', svg)
    assert match, "no hypothesis shape in the SVG"
    return match.group(1)


# --- the sheets ---------------------------------------------------------------------


def test_default_sheet_names_every_key_of_the_model():
    written = yaml.safe_load((SHEET_DIR / "health-innovation.yaml").read_text(encoding="utf-8"))
    resolved = default_sheet().model_dump(mode="json")

    def missing(a, b, path=()):
        out = []
        for key, value in b.items():
            if key not in a:
                out.append(".".join((*path, key)))
            elif isinstance(value, dict) and value:
                out.extend(missing(a[key], value, (*path, key)))
        return out

    assert missing(written, resolved) == []


def test_shipped_sheets_are_found_by_name_with_their_origin():
    found = {s.name: s for s in available_sheets()}
    assert found["health-innovation"].origin == "built-in"
    assert found["print-mono"].origin == "built-in"  # every shipped sheet is in the package
    assert found["high-contrast"].origin == "built-in"
    assert all(found[name].description for name in SHIPPED)


@pytest.mark.parametrize("name", SHIPPED[1:])
def test_other_sheets_are_sparse_overrides(name):
    text = (ROOT / "mindmap" / "style" / "sheets" / f"{name}.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["extends"] == "health-innovation"
    # Far fewer keys than the complete default (a sparse override, not a copy).
    count = lambda d: sum(count(v) if isinstance(v, dict) else 1 for v in d.values())  # noqa: E731
    default = yaml.safe_load((SHEET_DIR / "health-innovation.yaml").read_text(encoding="utf-8"))
    assert count(data) < count(default) / 2


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_sheet_passes_the_check(name):
    result = runner.invoke(app, ["styles", "check", name])
    assert result.exit_code == 0, result.stdout
    assert "FAIL" not in result.stdout
    assert result.stdout.rstrip().endswith("all pass")


def test_high_contrast_reaches_aaa_and_has_larger_type():
    style = compose_style(["high-contrast"])
    assert all(row.ok for row in check_style(style, "AAA"))
    default = default_sheet()
    for kind in ("hypothesis", "theme", "subtheme", "quote", "legend", "title"):
        assert getattr(style.scale, kind).size > getattr(default.scale, kind).size
    # The default is AA, not AAA: the check tells the levels apart.
    assert not all(row.ok for row in check_style(default, "AAA"))


def test_print_mono_is_greyscale_and_tells_lines_apart_by_pattern():
    style = compose_style(["print-mono"])
    dump = yaml.safe_dump(style.model_dump(mode="json"))
    colours = set(re.findall(r"#[0-9A-F]{6}", dump))
    assert colours and all(c[1:3] == c[3:5] == c[5:7] for c in colours), colours
    dashes = {"branch": "solid", "connection": style.look.lines.connection_dash, "quote": style.look.lines.quote_dash}
    assert len(set(dashes.values())) == 3


# --- composition order ---------------------------------------------------------------


def test_composition_order_default_then_styles_then_map_then_set(tmp_path):
    a = write(
        tmp_path / "a.yaml", 'look: {hypothesis: {fill: "#AA0000", border: "#AA0000"}}\nscale: {theme: {size: 12}}\n'
    )
    b = write(tmp_path / "b.yaml", 'look: {hypothesis: {fill: "#00BB00"}}\n')
    map_block = {"look": {"hypothesis": {"fill": "#0000CC"}}, "scale": {"subtheme": {"size": 10}}}

    assert compose_style([]).look.hypothesis.fill == "#005EB8"  # the default
    only_a = compose_style([a])
    assert only_a.look.hypothesis.fill == "#AA0000"
    a_then_b = compose_style([a, b])
    assert a_then_b.look.hypothesis.fill == "#00BB00"  # later --style wins
    assert a_then_b.look.hypothesis.border == "#AA0000"  # ...but only for what it names
    assert compose_style([b, a]).look.hypothesis.fill == "#AA0000"
    with_map = compose_style([a, b], map_block)
    assert with_map.look.hypothesis.fill == "#0000CC"  # the map's block beats every --style
    assert with_map.scale.theme.size == 12
    everything = compose_style([a, b], map_block, ["hypothesis.fill=#DD00DD", "subtheme.font.size=11"])
    assert everything.look.hypothesis.fill == "#DD00DD"  # --set beats all
    assert everything.scale.subtheme.size == 11
    assert everything.scale.theme.size == 12
    assert (
        compose_style([a], None, ["hypothesis.fill=#111111", "hypothesis.fill=#222222"]).look.hypothesis.fill
        == "#222222"
    )


def test_render_command_composes_in_the_same_order(tmp_path):
    a = write(tmp_path / "a.yaml", 'look: {hypothesis: {fill: "#AA0000"}}\n')
    b = write(tmp_path / "b.yaml", 'look: {hypothesis: {fill: "#00BB00"}}\n')
    data = small_map()
    plain = write(tmp_path / "plain.yaml", yaml.safe_dump({**data, "id": "plain"}))
    own = write(
        tmp_path / "own.yaml",
        yaml.safe_dump({**data, "id": "own", "style": {"look": {"hypothesis": {"fill": "#0000CC"}}}}),
    )

    def fills(*args: str) -> dict[str, str]:
        out = tmp_path / "out"
        result = runner.invoke(app, ["render", str(plain), str(own), "-o", str(out), "-f", "svg", *args])
        assert result.exit_code == 0, result.output
        return {stem: hypothesis_fill((out / f"{stem}.svg").read_text()) for stem in ("plain", "own")}

    assert fills() == {"plain": "#005EB8", "own": "#0000CC"}
    assert fills("--style", str(a), "--style", str(b)) == {"plain": "#00BB00", "own": "#0000CC"}
    assert fills("--style", str(b), "--style", str(a)) == {"plain": "#AA0000", "own": "#0000CC"}
    assert fills("--style", str(a), "--set", "look.hypothesis.fill=#DD00DD") == {"plain": "#DD00DD", "own": "#DD00DD"}


def test_a_font_without_the_measured_metrics_fails_the_check():
    rows = check_style(compose_style([], None, ["theme.font.family=Verdana"]))
    failed = [row for row in rows if not row.ok]
    assert [(row.what, row.foreground) for row in failed] == [("theme font has the measured metrics", "Verdana")]
    assert all(row.ok for row in check_style(compose_style([], None, ["font_family=Arimo"])))


def test_extends_follows_names_and_relative_paths(tmp_path):
    (tmp_path / "sub").mkdir()
    write(tmp_path / "base.yaml", 'extends: print-mono\nlook: {hypothesis: {fill: "#333333"}}\n')
    child = write(tmp_path / "sub" / "child.yaml", "extends: ../base.yaml\nscale: {theme: {size: 13}}\n")
    style = compose_style([child])
    assert style.look.hypothesis.fill == "#333333"  # from base
    assert style.scale.theme.size == 13  # its own
    assert style.look.lines.connection == "#000000"  # from print-mono, two levels up
    assert [Path(layer.name).name for layer in load_sheet(child)] == ["print-mono.yaml", "base.yaml", "child.yaml"]


def test_extends_in_a_circle_is_an_error(tmp_path):
    write(tmp_path / "one.yaml", "extends: two.yaml\n")
    write(tmp_path / "two.yaml", "extends: one.yaml\n")
    with pytest.raises(UserError, match="goes round in a circle"):
        compose_style([tmp_path / "one.yaml"])


def test_unknown_style_name_lists_the_available_ones():
    with pytest.raises(UserError) as info:
        find_sheet("print-mon")
    assert info.value.message.startswith("unknown style 'print-mon'; did you mean 'print-mono'? available: ")
    for name in SHIPPED:
        assert name in info.value.message
    result = runner.invoke(app, ["styles", "show", "nonesuch"])
    assert result.exit_code == 1
    assert result.stderr.startswith("unknown style 'nonesuch'; available: ")


# --- errors with positions -----------------------------------------------------------


def test_unknown_keys_and_bad_colours_are_located_with_did_you_mean(tmp_path):
    sheet = write(
        tmp_path / "bad.yaml",
        """\
description: a broken sheet
look:
  hypothesis:
    fil: "#005EB8"
    text: "#12345"
  theme:
    border: #003087
  lines:
    connection_dash: dashy
scale:
  theme:
    size: big
  spacng: {level_gap: 3}
""",
    )
    with pytest.raises(InputError) as info:
        compose_style([sheet])
    name = str(sheet)
    assert info.value.lines() == [
        f"{name}:4:5: look.hypothesis.fil: unknown key 'fil'; did you mean 'fill'?",
        f"{name}:5:11: look.hypothesis.text: '#12345' is not a colour; write it as #RRGGBB, e.g. #005EB8",
        f'{name}:7:12: look.theme.border: is empty; write a colour in quotes, e.g. "#005EB8" '
        "(an unquoted # starts a YAML comment)",
        f"{name}:9:22: look.lines.connection_dash: the text 'dashy' is not allowed; choose one of: "
        "solid, dashed, dotted or dashdot",
        f"{name}:12:11: scale.theme.size: must be a number, not the text 'big'",
        f"{name}:13:3: scale.spacng: unknown key 'spacng'; did you mean 'spacing'?",
    ]


def test_sheet_errors_on_the_command_line_exit_1_without_traceback(tmp_path):
    sheet = write(tmp_path / "bad.yaml", "look:\n  legend:\n    positon: top-left\n")
    result = runner.invoke(app, ["styles", "check", str(sheet)])
    assert result.exit_code == 1
    assert result.stderr == f"{sheet}:3:5: look.legend.positon: unknown key 'positon'; did you mean 'position'?\n"
    result = runner.invoke(
        app, ["render", str(ROOT / "themes" / "h9-process.yaml"), "-o", str(tmp_path), "--style", str(sheet)]
    )
    assert result.exit_code == 1
    assert "look.legend.positon" in result.stderr and "Traceback" not in result.output
    assert not list(tmp_path.glob("*.svg"))


def test_a_maps_own_bad_style_block_is_located_in_the_theme_file(tmp_path):
    text = (
        yaml.safe_dump(small_map(), sort_keys=False) + "style:\n  look:\n    hypothesis: {fill: blue, fil: '#000000'}\n"
    )
    theme = write(tmp_path / "m.yaml", text)
    row = "    hypothesis: {fill: blue, fil: '#000000'}"
    line = text.splitlines().index(row) + 1
    result = runner.invoke(app, ["render", str(theme), "-o", str(tmp_path), "-f", "svg"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{theme}:{line}:{row.index('blue') + 1}: style.look.hypothesis.fill: 'blue' is not a colour; "
        "write it as #RRGGBB, e.g. #005EB8",
        f"{theme}:{line}:{row.index('fil:') + 1}: style.look.hypothesis.fil: unknown key 'fil'; did you mean 'fill'?",
    ]
    assert not list(tmp_path.glob("*.svg"))


# --- --set --------------------------------------------------------------------------


def test_set_shorthand_finds_keys_in_look_or_scale():
    assert parse_set(["theme.font.size=14"]) == {"scale": {"theme": {"size": 14}}}
    assert parse_set(["hypothesis.fill=#003087"]) == {"look": {"hypothesis": {"fill": "#003087"}}}
    assert parse_set(["theme.font.family=Verdana"]) == {"look": {"theme": {"font_family": "Verdana"}}}
    assert parse_set(["look.legend.show=false", "lines.scale_by_n=true"]) == {
        "look": {"legend": {"show": False}},
        "scale": {"lines": {"scale_by_n": True}},
    }
    assert parse_set(["palette=[#000000, #333333]"]) == {"look": {"palette": ["#000000", "#333333"]}}
    assert parse_set(["look.subtheme.by_depth.3.fill=#FF0000"]) == {
        "look": {"subtheme": {"by_depth": {"3": {"fill": "#FF0000"}}}}
    }
    assert compose_style([], None, ["theme.font.size=14"]).scale.theme.size == 14


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("theme.font.sise=14", "--set theme.font.sise: unknown key; did you mean 'theme.size'?"),
        ("theme.size", "--set theme.size: write it as KEY=VALUE, e.g. --set theme.font.size=14"),
        ("theme.size=huge", "--set: scale.theme.size: must be a number, not the text 'huge'"),
        (
            "hypothesis.fill=blue",
            "--set: look.hypothesis.fill: 'blue' is not a colour; write it as #RRGGBB, e.g. #005EB8",
        ),
    ],
)
def test_bad_set_items_say_what_is_wrong(item, message):
    with pytest.raises(UserError) as info:
        parse_set([item])
    assert info.value.message == message


# --- a sheet changes exactly what it should -----------------------------------------


def test_hypothesis_fill_override_changes_only_that_attribute():
    mind_map = MindMap.model_validate(small_map())
    before = render_svg(mind_map).splitlines()
    after = render_svg(mind_map, compose_style([], None, ["look.hypothesis.fill=#330072"])).splitlines()
    assert len(before) == len(after)
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(changed) == 1
    a, b = changed[0]
    assert a.replace('fill="#005EB8"', 'fill="#330072"', 1) == b
    assert a.startswith('<g class="node hypothesis"')


def test_by_depth_changes_deeper_sub_themes_only():
    data = small_map()
    data["themes"][0]["subthemes"][0]["subthemes"] = [{"label": "Deep one"}]
    mind_map = MindMap.model_validate(data)
    svg = render_svg(
        mind_map, compose_style([], None, ["look.subtheme.by_depth.3.fill=#FF0000", "scale.subtheme.by_depth.3.size=7"])
    )
    deep = re.search(r'<g class="node subtheme depth-3"[^>]*>.*?</g>', svg).group(0)
    assert 'fill="#FF0000"' in deep and 'font-size="7"' in deep
    for shallow in re.findall(r'<g class="node subtheme depth-2"[^>]*>.*?</g>', svg):
        assert "#FF0000" not in shallow and 'font-size="7"' not in shallow


def test_element_font_family_is_named_on_its_group_with_fallbacks():
    svg = render_svg(MindMap.model_validate(small_map()), compose_style([], None, ["theme.font.family=Verdana"]))
    assert re.search(r'<g class="node theme depth-1"[^>]* font-family="Verdana, \'Liberation Sans\', sans-serif">', svg)
    assert "font-family=\"Arial, 'Liberation Sans', sans-serif\"" in svg  # the figure's own
    assert '<g class="node hypothesis" data-node="hypothesis">' in svg  # others inherit it


def test_legend_off_and_wording_follow_the_sheet():
    mind_map = MindMap.model_validate(small_map())
    assert '<g class="legend">' not in render_svg(mind_map, compose_style([], None, ["legend.show=false"]))
    svg = render_svg(mind_map, compose_style([], None, ["legend.title=Reading this map", "count_format=(n = {n})"]))
    assert ">Reading this map</text>" in svg
    assert ">(n = 42)</text>" in svg  # the legend's count sample in the live format


def test_legend_position_top_left_puts_it_above_the_map():
    mind_map = MindMap.model_validate(small_map())
    svg = render_svg(
        mind_map, compose_style([], None, ["legend.position=top-left", "show_title=false", "show_caption=false"])
    )
    legend_y = float(re.search(r'<g class="legend"><rect class="shape" x="[\d.]+" y="([\d.]+)"', svg).group(1))
    node_ys = [
        float(y)
        for y in re.findall(
            r'<g class="node [^"]*"[^>]*><title>[^<]*</title><rect class="shape" x="[\d.]+" y="([\d.]+)"', svg
        )
    ]
    assert node_ys and legend_y < min(node_ys)


# --- the commands -------------------------------------------------------------------


def test_styles_list_shows_each_sheet_where_found_and_description():
    result = runner.invoke(app, ["styles", "list"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    for name, origin in (("health-innovation", "built-in"), ("print-mono", "built-in"), ("high-contrast", "built-in")):
        line = next(line for line in lines if line.startswith(name + " "))
        assert origin in line and ".yaml" in line


def test_styles_show_prints_the_resolved_sheet_that_would_be_used():
    result = runner.invoke(app, ["styles", "show", "print-mono", "--set", "theme.font.size=14"])
    assert result.exit_code == 0, result.output
    shown = Style.model_validate(yaml.safe_load(result.stdout))
    assert shown == compose_style(["print-mono"], None, ["theme.font.size=14"])
    assert shown.scale.theme.size == 14
    assert shown.look.hypothesis.fill == "#000000"


def test_failing_sheet_is_caught_by_check_and_warned_by_render(tmp_path):
    sheet = write(tmp_path / "pale.yaml", 'look:\n  hypothesis: {fill: "#41B6E6"}\n  lines: {connection_dash: solid}\n')
    result = runner.invoke(app, ["styles", "check", str(sheet)])
    assert result.exit_code == 1
    fails = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    assert any("hypothesis label on its fill" in f and "#FFFFFF on #41B6E6" in f and "2.32:1" in f for f in fails)
    assert any("connection differs from branch by more than colour" in f for f in fails)
    assert result.stdout.rstrip().endswith("failed")
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["render", str(ROOT / "themes" / "h9-process.yaml"), "-o", str(out), "-f", "svg", "--style", str(sheet)]
    )
    assert result.exit_code == 0
    assert result.stderr.startswith(f"warning: {ROOT / 'themes' / 'h9-process.yaml'}: the style fails ")
    assert (out / "h9-process.svg").exists()
    quiet = runner.invoke(app, ["render", str(ROOT / "themes" / "h9-process.yaml"), "-o", str(out), "-f", "svg"])
    assert "warning" not in quiet.stderr


def test_merge_layers_error_is_a_user_error_not_a_traceback():
    with pytest.raises(StyleError, match=r"^style: look\.hypothesis\.shape: the text 'circle' is not allowed"):
        merge_layers({"look": {"hypothesis": {"shape": "circle"}}})


def test_a_designer_copies_a_sheet_changes_it_and_re_renders_the_gallery(tmp_path):
    """The issue's 'done when': copy a shipped sheet, change colours, fonts and sizes, re-render everything."""
    text = (ROOT / "mindmap" / "style" / "sheets" / "print-mono.yaml").read_text(encoding="utf-8")
    text = text.replace('fill: "#000000"', 'fill: "#330072"', 1)  # the hypothesis fill
    text = text.replace("scale:\n", "scale:\n  theme: {size: 12.5}\n", 1)
    text = text.replace("look:\n", "look:\n  font_family: Helvetica\n", 1)
    text = text.replace("  subtheme:\n", "  subtheme:\n    weight: bold\n", 1)
    mine = write(tmp_path / "ours.yaml", text)
    check = runner.invoke(app, ["styles", "check", str(mine)])
    assert check.exit_code == 0, check.stdout
    themes = sorted((ROOT / "themes").glob("*.yaml"))
    out = tmp_path / "gallery"
    result = runner.invoke(app, ["render", *map(str, themes), "-o", str(out), "-f", "svg", "--style", str(mine)])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    for theme in themes:
        svg = (out / f"{theme.stem}.svg").read_text(encoding="utf-8")
        assert hypothesis_fill(svg) == "#330072"
        assert re.search(r'<svg [^>]*font-family="Helvetica, \'Liberation Sans\', sans-serif"', svg)
        assert re.search(r'<g class="node theme depth-1"[^>]*>.*?<text class="label"[^>]* font-size="12.5"', svg)
        for group in re.findall(r'<g class="node subtheme depth-2"[^>]*>.*?</g>', svg):
            assert re.search(r'<text class="label"[^>]* font-weight="bold"', group)


def test_styles_show_round_trips_by_depth_levels(tmp_path):
    sheet = write(
        tmp_path / "deep.yaml",
        'look:\n  subtheme:\n    by_depth:\n      3: {weight: bold, fill: "#FFFFFF"}\n'
        "scale:\n  subtheme:\n    by_depth:\n      3: {size: 8.5}\n",
    )
    result = runner.invoke(app, ["styles", "show", str(sheet)])
    assert result.exit_code == 0, result.output
    shown = yaml.safe_load(result.stdout)
    assert shown["look"]["subtheme"]["by_depth"] == {"3": {"fill": "#FFFFFF", "weight": "bold"}}
    assert shown["scale"]["subtheme"]["by_depth"] == {"3": {"size": 8.5}}
    assert Style.model_validate(shown) == compose_style([sheet])
    assert compose_style([sheet]).box("subtheme", 4)[0].weight == "bold"
    assert compose_style([sheet]).box("subtheme", 2)[0].weight == "normal"


def test_a_maps_style_block_may_extend_a_sheet_and_sits_after_every_style(tmp_path):
    write(tmp_path / "local.yaml", 'look: {hypothesis: {border: "#ABCDEF"}}\nscale: {hypothesis: {border_width: 2}}\n')
    data = {**small_map(), "style": {"extends": "local.yaml", "scale": {"theme": {"size": 12}}}}
    theme = write(tmp_path / "m.yaml", yaml.safe_dump(data))
    out = tmp_path / "out"
    result = runner.invoke(app, ["render", str(theme), "-o", str(out), "-f", "svg", "--style", "print-mono"])
    assert result.exit_code == 0, result.output
    svg = (out / "small.svg").read_text(encoding="utf-8")
    assert hypothesis_fill(svg) == "#000000"  # print-mono, not overridden
    assert re.search(r'<g class="node hypothesis"[^>]*>.*?stroke="#ABCDEF"', svg)  # the map's extends, found beside it
    assert re.search(r'<g class="node theme depth-1"[^>]*>.*?<text class="label"[^>]* font-size="12"', svg)
    data["style"]["extends"] = "nowhere"
    write(theme, yaml.safe_dump(data))
    result = runner.invoke(app, ["render", str(theme), "-o", str(out), "-f", "svg"])
    assert result.exit_code == 1
    assert result.stderr.startswith("unknown style 'nowhere'; available: ")


def test_legend_samples_take_the_live_shapes_and_colours():
    mind_map = MindMap.model_validate(small_map())
    style = compose_style(
        [], None, ["theme.shape=ellipse", "subtheme.shape=pill", "hypothesis.fill=#330072", "theme.border=#123456"]
    )
    svg = render_svg(mind_map, style)
    assert re.search(r'<ellipse class="sample theme" [^>]*stroke="#123456"', svg)
    pill = re.search(r'<rect class="sample subtheme" [^>]*height="10" rx="5"', svg)
    assert pill
    default = render_svg(mind_map)
    assert re.search(r'<rect class="sample theme" [^>]*rx="3"', default)


def test_legend_font_and_weight_follow_the_sheet():
    mind_map = MindMap.model_validate(small_map())
    svg = render_svg(mind_map, compose_style([], None, ["legend.weight=bold", "legend.font.family=Arimo"]))
    legend = re.search(r'<g class="legend"[^>]*>.*?</g>', svg).group(0)
    assert legend.startswith('<g class="legend" font-family="Arimo, \'Liberation Sans\', sans-serif">')
    items = re.findall(r'<text class="legend"[^>]*>', legend)
    assert items and all('font-weight="bold"' in t for t in items)
    plain = re.search(r'<g class="legend"[^>]*>.*?</g>', render_svg(mind_map)).group(0)
    assert plain.startswith('<g class="legend"><') and 'class="legend" x' in plain
    assert not any('font-weight="bold"' in t for t in re.findall(r'<text class="legend"[^>]*>', plain))


def test_sheet_files_that_are_empty_broken_yaml_or_not_a_mapping(tmp_path):
    empty = write(tmp_path / "empty.yaml", "\n")
    assert compose_style([empty]) == default_sheet()
    broken = write(tmp_path / "broken.yaml", 'look:\n  hypothesis:\n    fill: "#003087"\n   text: x\n')
    with pytest.raises(InputError) as info:
        compose_style([broken])
    assert info.value.lines()[0].startswith(f"{broken}:4:")
    listed = write(tmp_path / "list.yaml", "- look\n- scale\n")
    with pytest.raises(InputError) as info:
        compose_style([listed])
    assert info.value.lines() == [
        f"{listed}:1:1: a style sheet must be a mapping of keys (description, extends, look, scale)"
    ]
    with pytest.raises(InputError) as info:
        compose_style([tmp_path / "missing.yaml"])
    assert info.value.lines() == [f"{tmp_path / 'missing.yaml'}:1:1: no such file"]


def test_set_keeps_text_keys_as_typed_and_types_the_rest():
    assert parse_set(["count_format=[n={n}]", "legend.title=Yes", "legend.theme=1e3"]) == {
        "look": {"count_format": "[n={n}]", "legend": {"title": "Yes", "theme": "1e3"}}
    }
    assert parse_set(["canvas.width_mm=250", "legend.show=no"]) == {
        "scale": {"canvas": {"width_mm": 250}},
        "look": {"legend": {"show": False}},
    }
    assert parse_set(["tints=[0.2, 0.1]"]) == {"look": {"tints": [0.2, 0.1]}}
    assert compose_style([], None, ["count_format=({n} said so)"]).look.count_format == "({n} said so)"


def test_a_theme_files_extends_cannot_reach_outside_its_folder(tmp_path):
    from typer.testing import CliRunner

    from mindmap.cli import app

    (tmp_path / "maps").mkdir()
    (tmp_path / "outside.yaml").write_text("look: {canvas: {background: '#000000'}}\n", encoding="utf-8")
    (tmp_path / "maps" / "mine.yaml").write_text("look: {canvas: {background: '#F0F4F5'}}\n", encoding="utf-8")
    theme = tmp_path / "maps" / "m.yaml"
    base = "id: m\ntitle: T\nheadline: H\nthemes: [{label: A}]\nstyle:\n  extends: REF\n"
    for ref in ("../outside.yaml", str(tmp_path / "outside.yaml")):
        theme.write_text(base.replace("REF", ref), encoding="utf-8")
        result = CliRunner().invoke(app, ["render", str(theme), "-o", str(tmp_path / "out"), "-f", "svg"])
        assert result.exit_code == 1
        assert "is outside the theme file's folder" in result.stderr
        assert not (tmp_path / "out" / "m.svg").exists()
    theme.write_text(base.replace("REF", "mine.yaml"), encoding="utf-8")
    result = CliRunner().invoke(app, ["render", str(theme), "-o", str(tmp_path / "out"), "-f", "svg"])
    assert result.exit_code == 0, result.stderr
    assert 'fill="#F0F4F5"' in (tmp_path / "out" / "m.svg").read_text(encoding="utf-8")

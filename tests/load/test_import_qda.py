"""mindmap import from REFI-QDA codebooks (.qdc) and projects (.qdpx), and export --to qdc.

The fixtures under tests/fixtures/qda/ are hand-written.  The counts below were
worked out by hand from small-project.qde (see its comment), not by mindmap:

* Interview 1: segment 1 coded Llesiant staff and Access; segment 2 (overlapping
  segment 1) coded Llesiant staff and Gofal cymdeithasol.
* Interview 2: segment 3 coded Équipe; segment 4 coded Broadband.
* Interview 3: segment 5 coded Cost; the whole source coded Broadband.
* Cases: North team holds interviews 1 and 2, South team interview 3.
"""

from __future__ import annotations

import io
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mindmap.cli import app
from mindmap.errors import InputError
from mindmap.load.qda import MAX_MEMBERS, MAX_PROJECT_BYTES, read_codebook, read_project
from mindmap.load.reader import load_map
from mindmap.publish.render import render_map

QDA = Path(__file__).parent.parent / "fixtures" / "qda"
runner = CliRunner()

# Hand counts: theme id -> n, for each --count.
HAND_COUNTS = {
    "sources": {
        "": 3,
        "gofal-cymdeithasol": 2,
        "llesiant-staff": 1,
        "equipe": 1,
        "access-digital": 3,
        "broadband": 2,
        "cost": 1,
    },
    "segments": {
        "": 6,
        "gofal-cymdeithasol": 3,
        "llesiant-staff": 2,
        "equipe": 1,
        "access-digital": 3,
        "broadband": 2,
        "cost": 1,
    },
    "cases": {
        "": 2,
        "gofal-cymdeithasol": 1,
        "llesiant-staff": 1,
        "equipe": 1,
        "access-digital": 2,
        "broadband": 2,
        "cost": 1,
    },
}


def make_qdpx(path: Path, qde: bytes | None = None, extra: dict[str, bytes] | None = None) -> Path:
    """A .qdpx zip of the project fixture (or ``qde``) with its three sources."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        if qde is not False:
            archive.writestr("project.qde", qde if qde is not None else (QDA / "small-project.qde").read_bytes())
        for i in (1, 2, 3):
            archive.writestr(f"Sources/50000000-0000-4000-8000-00000000000{i}.txt", f"Interview {i} text " * 5)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return path


def run_import(*args: str):
    return runner.invoke(app, ["import", *map(str, args)])


def counts_of(path: Path) -> dict[str, int | str | None]:
    m = load_map(path)
    found: dict[str, int | str | None] = {"": m.n}
    found.update({t.key: t.n for t, _ in m.walk()})
    return found


# --- codebooks ------------------------------------------------------------------------------


def test_nested_codebook_becomes_key_themes_and_sub_themes(tmp_path):
    out = tmp_path / "care.yaml"
    result = run_import(QDA / "nested.qdc", "-o", out)
    assert result.exit_code == 0, result.stderr
    m = load_map(out)
    assert [t.label for t in m.themes] == ["Gofal cymdeithasol", "Access <digital>", "Other"]
    assert [t.label for t in m.themes[0].subthemes] == ["Llesiant staff", "Équipe & rôles"]
    assert m.themes[0].description == "Social care: what staff and families said about support at home."
    assert m.themes[0].subthemes[0].description == "Staff wellbeing & workload."
    assert [(t.key, depth) for t, depth in m.walk()] == [
        ("gofal-cymdeithasol", 1),
        ("llesiant-staff", 2),
        ("equipe-roles", 2),
        ("access-digital", 1),
        ("broadband", 2),
        ("rural-gaps", 3),
        ("access-digital-other", 2),
        ("other", 1),
    ]
    # Guids kept (braces dropped, lower case), so tally can match the codes later.
    assert m.themes[1].guid == "6f1c2b4a-1d2e-4f3a-8b9c-0a1b2c3d4e04"
    assert m.themes[0].subthemes[1].guid == "6f1c2b4a-1d2e-4f3a-8b9c-0a1b2c3d4e03"
    assert all(t.n is None for t, _ in m.walk())  # a codebook has no counts
    assert m.style == {}  # colours only with --keep-colours
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Imported by 'mindmap import' from nested.qdc (a REFI-QDA codebook).\n")
    assert "# The codes' colours were not kept: --keep-colours makes" in text
    assert runner.invoke(app, ["validate", str(out)]).exit_code == 0


def test_keep_colours_makes_the_palette(tmp_path):
    out = tmp_path / "care.yaml"
    assert run_import(QDA / "nested.qdc", "-o", out, "--keep-colours").exit_code == 0
    # #fb0 is written out in full; key themes in order.
    assert load_map(out).style == {"look": {"palette": ["#007F3B", "#AE2573", "#FFBB00"]}}
    svg = render_map(load_map(out), ["svg"])["svg"].decode()
    assert "#007f3b" in svg.lower() and "#ae2573" in svg.lower()


def test_root_children_become_key_themes_and_root_the_headline():
    result = run_import(QDA / "nested.qdc", "--root", "access <DIGITAL>")
    assert result.exit_code == 0, result.stderr
    assert 'headline: "Access <digital>"' in result.stdout
    assert "  - id: broadband\n" in result.stdout and "  - id: other\n" in result.stdout
    assert "gofal" not in result.stdout


def test_unknown_root_suggests_a_name():
    result = run_import(QDA / "nested.qdc", "--root", "Broadbnd")
    assert result.exit_code == 1
    assert result.stderr == f"{QDA / 'nested.qdc'}: no code named 'Broadbnd' for --root; did you mean 'Broadband'?\n"


def test_headline_title_and_id_options():
    result = run_import(QDA / "nested.qdc", "--headline", "Care works when", "--title", "H12: Care", "--id", "h12-care")
    assert result.exit_code == 0, result.stderr
    assert 'id: h12-care\ntitle: "H12: Care"\nheadline: "Care works when"\n' in result.stdout


def test_path_named_codebook_rebuilds_its_tree(tmp_path):
    out = tmp_path / "t.yaml"
    assert run_import(QDA / "taguette-paths.qdc", "--path-separator", "/", "-o", out).exit_code == 0
    m = load_map(out)
    tree = [(t.label, depth, t.guid) for t, depth in m.walk()]
    assert tree == [
        ("Access", 1, "a1000000-0000-4000-8000-000000000002"),
        ("Digital", 2, None),  # made from the paths: no code of its own
        ("Broadband", 3, "a1000000-0000-4000-8000-000000000001"),
        ("Devices", 3, "a1000000-0000-4000-8000-000000000004"),
        ("Transport", 2, "a1000000-0000-4000-8000-000000000003"),
        ("Workforce", 1, None),
        ("Training", 2, "a1000000-0000-4000-8000-000000000005"),
    ]
    assert m.themes[0].description == "Getting to the service at all."
    # Without the separator the names stay whole.
    flat = run_import(QDA / "taguette-paths.qdc").stdout
    assert 'label: "Access/Digital/Broadband"' in flat


def test_import_renders_every_label(tmp_path):
    out = tmp_path / "care.yaml"
    run_import(QDA / "nested.qdc", "-o", out)
    svg = render_map(load_map(out), ["svg"])["svg"].decode()
    assert "Access &lt;digital&gt;" in svg and "Équipe &amp; rôles" in svg and "Gofal cymdeithasol" in svg


def test_same_codebook_same_bytes():
    first, second = run_import(QDA / "nested.qdc"), run_import(QDA / "nested.qdc")
    assert first.exit_code == 0 and first.stdout == second.stdout


# --- projects ------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["sources", "segments", "cases"])
def test_project_counts_equal_the_hand_counts(tmp_path, mode):
    qdpx = make_qdpx(tmp_path / "pilot.qdpx")
    out = tmp_path / f"{mode}.yaml"
    result = run_import(qdpx, "--count", mode, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert counts_of(out) == HAND_COUNTS[mode]
    assert f"(--count {mode})" in out.read_text(encoding="utf-8")


def test_project_graph_edge_and_link_become_connections(tmp_path):
    out = tmp_path / "pilot.yaml"
    run_import(make_qdpx(tmp_path / "pilot.qdpx"), "-o", out)
    m = load_map(out)
    assert [(c.between, c.label) for c in m.connections] == [
        (("gofal-cymdeithasol", "access-digital"), "shapes"),  # the graph's edge between two key themes
        (("cost", "gofal-cymdeithasol"), "drives"),  # the project's link
    ]
    # The edge from a sub-theme's code is not a connection; the file says so.
    assert "# 1 graph edge(s) or link(s) not between two key themes were left out." in out.read_text(encoding="utf-8")
    assert m.title == "Community care pilot" and m.headline == "Community care pilot"


def test_project_map_renders_counts_and_connection_words(tmp_path):
    out = tmp_path / "pilot.yaml"
    run_import(make_qdpx(tmp_path / "pilot.qdpx"), "-o", out)
    outputs = render_map(load_map(out), ["svg", "png"])
    svg = outputs["svg"].decode()
    for text in ("Gofal cymdeithasol", "[n=2]", "Access &amp; &lt;digital&gt;", "[n=3]", "shapes", "drives"):
        assert text in svg, text
    (tmp_path / "pilot.png").write_bytes(outputs["png"])
    assert outputs["png"].startswith(b"\x89PNG")


def test_bare_project_file_reads_like_the_zip(tmp_path):
    from_zip = run_import(make_qdpx(tmp_path / "small-project.qdpx")).stdout
    from_qde = run_import(QDA / "small-project.qde").stdout
    assert from_zip.split("\n", 1)[1] == from_qde.split("\n", 1)[1]  # all but the line naming the file


def test_cases_count_needs_cases(tmp_path):
    qde = (QDA / "small-project.qde").read_text(encoding="utf-8")
    start, end = qde.index("  <Cases>"), qde.index("</Cases>") + len("</Cases>\n")
    qdpx = make_qdpx(tmp_path / "p.qdpx", (qde[:start] + qde[end:]).encode("utf-8"))
    result = run_import(qdpx, "--count", "cases")
    assert result.exit_code == 1
    assert result.stderr == f"{qdpx}/project.qde: the project has no cases; use --count sources or --count segments\n"


# --- export --to qdc -----------------------------------------------------------------------


def test_export_qdc_is_a_codebook_import_reads_back(tmp_path):
    source = tmp_path / "pilot.yaml"
    run_import(make_qdpx(tmp_path / "pilot.qdpx"), "-o", source)
    original = load_map(source)
    qdc = tmp_path / "pilot.qdc"
    assert runner.invoke(app, ["export", str(source), "--to", "qdc", "-o", str(qdc)]).exit_code == 0
    back_file = tmp_path / "back.yaml"
    assert run_import(qdc, "-o", back_file).exit_code == 0
    back = load_map(back_file)
    # What a codebook holds: labels, descriptions, nesting and the guids, exactly.
    assert [(t.key, t.label, t.description, t.guid, d) for t, d in back.walk()] == [
        (t.key, t.label, t.description, t.guid, d) for t, d in original.walk()
    ]


def test_export_qdc_guids_are_stable_and_derived(tmp_path):
    from mindmap.export import export_map
    from mindmap.export.qdc import theme_guid

    m = load_map(Path(__file__).parents[2] / "themes" / "h9-process.yaml")
    first, second = export_map(m, "qdc"), export_map(m, "qdc")
    assert first == second
    root = read_codebook("h9.qdc", first)
    guids = [c.guid for c in root.walk()]
    assert len(set(guids)) == len(guids) == sum(1 for _ in m.walk())
    assert guids[0] == theme_guid(m.id, m.themes[0])
    assert theme_guid("other-map", m.themes[0]) != guids[0]  # the map's id is part of it
    assert first.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    assert b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="mindmap">' in first
    assert b'color="#005EB8"' in first  # the first key theme's branch colour


def test_export_qdc_escapes_every_label():
    from mindmap.export import export_map
    from mindmap.model.theme import MindMap

    m = MindMap(
        id="x",
        title="T -- t",
        headline="H",
        themes=[{"label": 'Say "no" & <go>', "description": "a < b & c", "subthemes": [{"label": "]]> '"}]}],
    )
    data = export_map(m, "qdc")
    book = read_codebook("x.qdc", data)
    assert [c.name for c in book.walk()] == ['Say "no" & <go>', "]]> '"]
    assert book.codes[0].description == "a < b & c"


# --- bad input: FILE:LINE:COL: message, exit 1, nothing written ----------------------------------

BAD_CODEBOOKS = {
    "malformed": (
        b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code></Codes></CodeBook>',
        "1:59: is not well-formed XML: mismatched tag",
    ),
    "wrong namespace": (
        b'<CodeBook xmlns="urn:QDA-XML:codebook:0.9"><Codes/></CodeBook>',
        '1:1: the root element is <CodeBook> in namespace "urn:QDA-XML:codebook:0.9"; '
        'a REFI-QDA codebook is <CodeBook xmlns="urn:QDA-XML:codebook:1.0">',
    ),
    "no namespace": (
        b"<CodeBook><Codes/></CodeBook>",
        "1:1: the root element is <CodeBook> with no namespace; "
        'a REFI-QDA codebook is <CodeBook xmlns="urn:QDA-XML:codebook:1.0">',
    ),
    "missing attribute": (
        b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>\n'
        b'  <Code guid="6f1c2b4a-1d2e-4f3a-8b9c-0a1b2c3d4e01" name="A"/>\n</Codes></CodeBook>',
        "2:3: <Code> is missing its required attribute 'isCodable'",
    ),
    "bad guid": (
        b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>\n'
        b'  <Code guid="not-a-guid" name="A" isCodable="true"/>\n</Codes></CodeBook>',
        "2:3: <Code> guid 'not-a-guid' is not a GUID (like 1b8c6c2e-0c3f-4a61-9d4e-4f7c1c9a0b11)",
    ),
    "duplicate names": (
        b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>\n'
        b'  <Code guid="6f1c2b4a-1d2e-4f3a-8b9c-0a1b2c3d4e01" name="Staff" isCodable="true"/>\n'
        b'  <Code guid="6f1c2b4a-1d2e-4f3a-8b9c-0a1b2c3d4e02" name=" staff " isCodable="true"/>\n'
        b"</Codes></CodeBook>",
        "3:3: duplicate code name 'staff' under one parent (also at line 2); rename one",
    ),
    "duplicate guid": (
        b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>\n'
        b'  <Code guid="6f1c2b4a-1d2e-4f3a-8b9c-0a1b2c3d4e01" name="A" isCodable="true"/>\n'
        b'  <Code guid="6F1C2B4A-1D2E-4F3A-8B9C-0A1B2C3D4E01" name="B" isCodable="true"/>\n'
        b"</Codes></CodeBook>",
        "3:3: duplicate guid '6f1c2b4a-1d2e-4f3a-8b9c-0a1b2c3d4e01' (also code 'A' at line 2)",
    ),
    "no codes": (b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>', "1:1: the codebook has no codes"),
    "a project, not a codebook": (
        b'<Project xmlns="urn:QDA-XML:project:1.0" name="p"/>',
        "1:1: is a REFI-QDA project (project.qde), not a codebook; import it with --from qde",
    ),
    "empty": (b"", "1:1: is not well-formed XML: no element found"),
}


@pytest.mark.parametrize("case", sorted(BAD_CODEBOOKS))
def test_bad_codebooks_give_located_messages_and_write_nothing(tmp_path, case):
    data, message = BAD_CODEBOOKS[case]
    path = tmp_path / "bad.qdc"
    path.write_bytes(data)
    out = tmp_path / "out.yaml"
    result = run_import(path, "-o", out)
    assert result.exit_code == 1
    assert result.stderr == f"{path}:{message}\n"
    assert not out.exists() and result.stdout == ""


def _project(body: str) -> bytes:
    codes = (
        '<CodeBook><Codes><Code guid="c0000000-0000-4000-8000-000000000001" name="A" isCodable="true"/>'
        '<Code guid="c0000000-0000-4000-8000-000000000002" name="B" isCodable="true"/></Codes></CodeBook>'
    )
    return f'<Project xmlns="urn:QDA-XML:project:1.0" name="p">\n{codes}\n{body}\n</Project>'.encode()


BAD_PROJECTS = {
    "code never defined": (
        '<Sources><TextSource guid="50000000-0000-4000-8000-000000000001">'
        '<PlainTextSelection guid="5e000000-0000-4000-8000-000000000001" startPosition="0" endPosition="1">'
        '<Coding guid="c1000000-0000-4000-8000-000000000001">'
        '<CodeRef targetGUID="c0000000-0000-4000-8000-0000000000ff"/></Coding>'
        "</PlainTextSelection></TextSource></Sources>",
        "3:216: <CodeRef> targetGUID 'c0000000-0000-4000-8000-0000000000ff' names no code defined in the file",
    ),
    "vertex never defined": (
        '<Graphs><Graph guid="9a000000-0000-4000-8000-000000000001">'
        '<Vertex guid="7e000000-0000-4000-8000-000000000001" representedGUID="c0000000-0000-4000-8000-000000000001" '
        'firstX="0" firstY="0"/>'
        '<Edge guid="ed000000-0000-4000-8000-000000000001" sourceVertex="7e000000-0000-4000-8000-000000000001" '
        'targetVertex="7e000000-0000-4000-8000-000000000009"/></Graph></Graphs>',
        "3:190: <Edge> targetVertex '7e000000-0000-4000-8000-000000000009' names no vertex of this graph "
        "defined in the file",
    ),
    "link to nothing": (
        '<Links><Link guid="11000000-0000-4000-8000-000000000001" originGUID="c0000000-0000-4000-8000-000000000001" '
        'targetGUID="c0000000-0000-4000-8000-000000000077"/></Links>',
        "3:8: <Link> targetGUID 'c0000000-0000-4000-8000-000000000077' names no object defined in the file",
    ),
    "coding without a code": (
        '<Sources><TextSource guid="50000000-0000-4000-8000-000000000001">'
        '<Coding guid="c1000000-0000-4000-8000-000000000001"/></TextSource></Sources>',
        "3:66: <Coding> has no <CodeRef>",
    ),
    "source without guid": (
        '<Sources><TextSource name="x"/></Sources>',
        "3:10: <TextSource> is missing its required attribute 'guid'",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_PROJECTS))
def test_bad_projects_give_located_messages(tmp_path, case):
    body, message = BAD_PROJECTS[case]
    qdpx = make_qdpx(tmp_path / "bad.qdpx", _project(body))
    out = tmp_path / "out.yaml"
    result = run_import(qdpx, "-o", out)
    assert result.exit_code == 1
    assert result.stderr == f"{qdpx}/project.qde:{message}\n"
    assert not out.exists()


def test_a_wrong_project_namespace_is_named(tmp_path):
    qdpx = make_qdpx(tmp_path / "p.qdpx", b'<Project xmlns="urn:QDA-XML:codebook:1.0" name="p"/>')
    result = run_import(qdpx)
    assert result.stderr == (
        f"{qdpx}/project.qde:1:1: the root element is <Project> in namespace "
        f'"urn:QDA-XML:codebook:1.0"; a REFI-QDA project (project.qde) is '
        f'<Project xmlns="urn:QDA-XML:project:1.0">\n'
    )


# --- hostile XML ---------------------------------------------------------------------------------

DTD_MESSAGE = (
    "DTDs (<!DOCTYPE ...>) are not allowed in this file: they can declare entities that expand "
    "without limit or read other files; export it again from the coding software"
)


def test_billion_laughs_is_refused_at_once(tmp_path):
    entities = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    data = (
        f'<?xml version="1.0"?>\n<!DOCTYPE CodeBook [<!ENTITY lol0 "lol">{entities}]>\n'
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="6f1c2b4a-1d2e-4f3a-8b9c-0a1b2c3d4e01" '
        'name="&lol9;" isCodable="true"/></Codes></CodeBook>'
    )
    path = tmp_path / "laughs.qdc"
    path.write_text(data)
    started = time.monotonic()
    result = run_import(path)
    assert time.monotonic() - started < 2
    assert result.exit_code == 1
    assert result.stderr == f"{path}:2:20: {DTD_MESSAGE}\n"


def test_an_external_entity_is_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER")
    data = (
        f'<?xml version="1.0"?>\n<!DOCTYPE CodeBook [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="6f1c2b4a-1d2e-4f3a-8b9c-0a1b2c3d4e01" '
        'name="&xxe;" isCodable="true"/></Codes></CodeBook>'
    )
    path = tmp_path / "xxe.qdc"
    path.write_text(data)
    result = run_import(path)
    assert result.exit_code == 1
    assert result.stderr == f"{path}:2:20: {DTD_MESSAGE}\n"
    assert "TOP-SECRET-MARKER" not in result.stdout + result.stderr


def test_an_external_dtd_is_never_fetched(tmp_path):
    path = tmp_path / "dtd.qdc"
    path.write_text('<!DOCTYPE CodeBook SYSTEM "http://127.0.0.1:9/codebook.dtd">\n<CodeBook/>')
    result = run_import(path)
    assert result.stderr == f"{path}:1:60: {DTD_MESSAGE}\n"


def test_an_undeclared_entity_is_malformed_not_expanded(tmp_path):
    path = tmp_path / "entity.qdc"
    path.write_text('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>&xxe;</Codes></CodeBook>')
    assert run_import(path).stderr == f"{path}:1:51: is not well-formed XML: undefined entity\n"


def test_an_entity_inside_a_project_zip_is_refused_too(tmp_path):
    qdpx = make_qdpx(tmp_path / "p.qdpx", b'<!DOCTYPE Project [<!ENTITY a "b">]><Project/>')
    assert run_import(qdpx).stderr == f"{qdpx}/project.qde:1:19: {DTD_MESSAGE}\n"


# --- hostile zips --------------------------------------------------------------------------------


def test_a_zip_without_project_qde(tmp_path):
    qdpx = make_qdpx(tmp_path / "p.qdpx", False)  # type: ignore[arg-type]
    out = tmp_path / "out.yaml"
    result = run_import(qdpx, "-o", out)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{qdpx}:1:1: has no project.qde; a REFI-QDA project (.qdpx) is a zip with "
        "project.qde at its top; export the project again (for a codebook, use the .qdc file)\n"
    )
    assert not out.exists()


def test_not_a_zip_at_all(tmp_path):
    path = tmp_path / "p.qdpx"
    path.write_bytes(b"<Project/>")
    assert run_import(path).stderr == f"{path}:1:1: is not a readable .qdpx (zip) file: File is not a zip file\n"


def test_too_many_members_is_refused_before_reading_the_directory(tmp_path):
    qdpx = tmp_path / "many.qdpx"
    with zipfile.ZipFile(qdpx, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("project.qde", (QDA / "small-project.qde").read_bytes())
        for i in range(MAX_MEMBERS):
            archive.writestr(f"Sources/{i}.txt", b"")
    started = time.monotonic()
    result = run_import(qdpx)
    assert time.monotonic() - started < 2
    assert result.exit_code == 1
    assert result.stderr == f"{qdpx}:1:1: the zip has 20,001 members, over the limit of 20,000; refused\n"


def test_a_zip_bomb_member_is_refused_without_expanding_it(tmp_path):
    qdpx = tmp_path / "bomb.qdpx"
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(qdpx, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("project.qde", "w", force_zip64=True) as member:
            for _ in range(MAX_PROJECT_BYTES // len(chunk) + 1):
                member.write(chunk)
    assert qdpx.stat().st_size < 1024 * 1024  # a small file ...
    started = time.monotonic()
    result = run_import(qdpx)
    assert time.monotonic() - started < 1  # ... refused from its header, not by expanding it
    assert result.stderr == (
        f"{qdpx}:1:1: project.qde expands to 210,763,776 bytes, over the limit of 209,715,200; refused\n"
    )


def test_a_member_that_expands_past_what_it_declares_is_stopped(tmp_path, monkeypatch):
    """A header that lies small: zipfile stops at the size declared, and the damage is reported."""
    import mindmap.load.qda as qda

    data = (QDA / "small-project.qde").read_bytes()
    qdpx = make_qdpx(tmp_path / "p.qdpx", data)
    monkeypatch.setattr(qda, "MAX_PROJECT_BYTES", 1000)
    monkeypatch.setattr(qda, "CHUNK", 256)
    real_info = zipfile.ZipFile.infolist

    def lying(self):  # every member declares 10 bytes
        infos = real_info(self)
        for info in infos:
            info.file_size = 10
        return infos

    monkeypatch.setattr(zipfile.ZipFile, "infolist", lying)
    with pytest.raises(InputError) as caught:
        read_project(qdpx)
    assert caught.value.lines() == [
        f"{qdpx}:1:1: is not a readable .qdpx (zip) file: Bad CRC-32 for file 'project.qde'"
    ]


def test_members_are_never_extracted_to_disk(tmp_path, monkeypatch):
    qdpx = make_qdpx(tmp_path / "p.qdpx", extra={"../../escape.txt": b"x"})

    def refuse(*args, **kwargs):
        raise AssertionError("extracted to disk")

    monkeypatch.setattr(zipfile.ZipFile, "extract", refuse)
    monkeypatch.setattr(zipfile.ZipFile, "extractall", refuse)
    monkeypatch.chdir(tmp_path)
    assert run_import(qdpx).exit_code == 0
    assert not (tmp_path.parent.parent / "escape.txt").exists()


def test_unknown_format_and_misplaced_options_are_user_errors(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("x")
    assert run_import(path).stderr == (
        f"{path}: cannot tell the format from '.txt'; name it with --from "
        "(qdc, qdpx, qde, freemind, markdown, opml, mermaid)\n"
    )
    assert run_import(path, "--from", "nvivo").stderr == (
        "unknown import format 'nvivo'; choose one of: qdc, qdpx, qde, freemind, markdown, opml, mermaid\n"
    )
    assert run_import(QDA / "nested.qdc", "--count", "segments").stderr == (
        "--count is for projects (.qdpx): a codebook holds no coded segments\n"
    )
    assert run_import(QDA / "nested.qdc", "-o", tmp_path / "x.json").stderr == (
        f"{tmp_path / 'x.json'}: the theme file is YAML (with comments); name it x.yaml\n"
    )


def test_refuses_to_overwrite_without_force(tmp_path):
    out = tmp_path / "m.yaml"
    out.write_text("precious\n")
    assert run_import(QDA / "nested.qdc", "-o", out).exit_code == 1
    assert out.read_text() == "precious\n"
    assert run_import(QDA / "nested.qdc", "-o", out, "--force").exit_code == 0
    assert load_map(out).themes[0].label == "Gofal cymdeithasol"


def test_in_memory_zip_helper_matches_the_fixture(tmp_path):
    """The zip the tests build holds the fixture byte for byte (so the counts above are the fixture's)."""
    qdpx = make_qdpx(tmp_path / "p.qdpx")
    with zipfile.ZipFile(io.BytesIO(qdpx.read_bytes())) as archive:
        assert archive.read("project.qde") == (QDA / "small-project.qde").read_bytes()


def test_codes_nested_too_deep_for_a_theme_file(tmp_path):
    depth = 41
    opening = "".join(
        f'\n<Code guid="6f1c2b4a-1d2e-4f3a-8b9c-{i:012d}" name="C{i}" isCodable="true">' for i in range(depth)
    )
    path = tmp_path / "deep.qdc"
    path.write_text(
        f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{opening}{"</Code>" * depth}</Codes></CodeBook>'
    )
    result = run_import(path)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{path}:42:1: codes are nested more than 40 levels deep; a theme file holds fewer "
        "(use --root to start lower down)\n"
    )
    # 40 levels are fine, and --root starts lower down.
    assert run_import(path, "--root", "C1").exit_code == 0


def test_import_names_the_schema_beside_the_output(tmp_path):
    shutil.copy(Path(__file__).parents[2] / "mindmap.schema.json", tmp_path)
    out = tmp_path / "themes" / "care.yaml"
    assert run_import(QDA / "nested.qdc", "-o", out).exit_code == 0
    assert out.read_text(encoding="utf-8").splitlines()[0] == "# yaml-language-server: $schema=../mindmap.schema.json"


def test_output_folder_gets_the_map_id_as_file_name(tmp_path):
    result = run_import(QDA / "nested.qdc", "-o", tmp_path)
    assert result.exit_code == 0, result.stderr
    assert load_map(tmp_path / "nested.yaml").id == "nested"
    assert run_import(QDA / "nested.qdc", "-o", tmp_path, "--id", "h12-care").exit_code == 0
    assert load_map(tmp_path / "h12-care.yaml").id == "h12-care"


def test_the_readme_section_for_coding_software_works_as_written(tmp_path, monkeypatch):
    """Every command of 'Coming from your coding software', run on a codebook and project that
    have the codes it names (the fixtures, with 'Access & <digital>' renamed 'Access')."""
    import re
    import shlex

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    start = readme.index("\n## Coming from your coding software")
    part = readme[start : readme.index("\n## ", start + 1)]
    commands = [
        line.split("#")[0].strip()
        for block in re.findall(r"^```sh\n(.*?)^```$", part, flags=re.S | re.M)
        for line in block.splitlines()
        if line.startswith("mindmap ")
    ]
    inline = re.findall(r"`(mindmap (?:export|import) [^`]+)`", part)
    assert len(commands) == 4 and any("--to qdc" in c for c in inline)
    monkeypatch.chdir(tmp_path)
    shutil.copy(QDA / "taguette-paths.qdc", tmp_path / "codebook.qdc")
    qde = (
        (QDA / "small-project.qde")
        .read_text(encoding="utf-8")
        .replace('name="Access &amp; &lt;digital&gt;"', 'name="Access"')
    )
    make_qdpx(tmp_path / "project.qdpx", qde.encode("utf-8"))
    for line in commands + [c for c in inline if "--to qdc" in c or "--path-separator" in c]:
        args = shlex.split(line)
        if "-o" in args and args[-1].endswith(".yaml") and Path(args[-1]).exists():
            args.append("--force")
        result = runner.invoke(app, args[1:])
        assert result.exit_code == 0, (line, result.stderr)
    m = load_map(tmp_path / "themes" / "h12-access.yaml")
    assert (m.headline, [t.label for t in m.themes]) == ("Access works when", ["Broadband"])
    assert m.themes[0].n == "<5"  # written by the tally command with --suppress-below 5
    assert (tmp_path / "h12-access.qdc").read_bytes().startswith(b'<?xml version="1.0" encoding="utf-8"?>')

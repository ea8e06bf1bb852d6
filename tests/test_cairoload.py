"""data/cairo-cdef.pickle: current for the installed cairocffi and cffi, used, and changing nothing."""

from __future__ import annotations

import pickle
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from mindmap import cairoload

ROOT = Path(__file__).resolve().parent.parent


def _declarations(state_bytes: bytes) -> dict[str, str]:
    stored = pickle.loads(state_bytes)
    assert set(stored) == {"state", "types"}
    state = stored["state"]
    return {name: tp._get_c_name() if hasattr(tp, "_get_c_name") else repr(tp)
            for name, (tp, _quals) in state["_declarations"].items()}


def test_stored_declarations_are_current() -> None:
    # Regenerate with: python -m mindmap.cairoload
    import cffi

    stored = pickle.loads(cairoload.CACHE_FILE.read_bytes())
    assert (stored["cffi"], stored["cairocffi"]) == (cffi.__version__, metadata.version("cairocffi"))
    fresh = pickle.loads(cairoload._recorded_in_fresh_process())
    assert stored["entries"].keys() == fresh["entries"].keys() and stored["entries"]
    for key in fresh["entries"]:
        assert _declarations(stored["entries"][key]) == _declarations(fresh["entries"][key])
        types = pickle.loads(stored["entries"][key])["types"]
        assert types.keys() == pickle.loads(fresh["entries"][key])["types"].keys()
        assert "cairo_text_extents_t *" in types  # parsed once per text otherwise


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout


COUNT_PARSES = (
    "import cffi.cparser as cp\n"
    "calls = []\n"
    "original = cp.Parser._internal_parse\n"
    "cp.Parser._internal_parse = lambda self, src: calls.append(len(src)) or original(self, src)\n"
)


def test_the_stored_parse_replaces_the_big_one_and_changes_no_byte() -> None:
    render = (
        "import glob, hashlib\n"
        "from mindmap.loading import load_map\n"
        "from mindmap.render import render_map\n"
        "h = hashlib.sha256()\n"
        "for p in sorted(glob.glob('themes/*.yaml'))[:3]:\n"
        "    out = render_map(load_map(p), ('png', 'pdf'))\n"
        "    h.update(out['png'] + out['pdf'])\n"
    )
    fast = _run(COUNT_PARSES + "from mindmap.fontsetup import use_our_fonts; use_our_fonts()\n"
                "from mindmap.cairoload import import_cairosvg; import_cairosvg()\n"
                "header_parses = [n for n in calls if n > 20000]\n" + render + "print(len(header_parses), h.hexdigest())")
    plain = _run(COUNT_PARSES + "from mindmap.fontsetup import use_our_fonts; use_our_fonts()\n"
                 "import cairosvg\n"
                 "header_parses = [n for n in calls if n > 20000]\n" + render + "print(len(header_parses), h.hexdigest())")
    fast_parses, fast_digest = fast.split()
    plain_parses, plain_digest = plain.split()
    assert (fast_parses, plain_parses) == ("0", "1")  # Cairo's whole header: stored, versus parsed
    assert fast_digest == plain_digest


def test_a_missing_or_broken_store_falls_back_to_parsing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pickle"
    broken.write_bytes(b"not a pickle")
    for path in (tmp_path / "missing.pickle", broken):
        out = _run(COUNT_PARSES + "import mindmap.cairoload as c\n"
                   f"c.CACHE_FILE = __import__('pathlib').Path({str(path)!r})\n"
                   "cairosvg = c.import_cairosvg()\n"
                   "print(cairosvg.__name__, len([n for n in calls if n > 20000]))")
        assert out.split() == ["cairosvg", "1"]

"""Importing cairosvg without parsing Cairo's C declarations on every run.

cairocffi declares Cairo's C API to cffi as a header text that cffi parses
with pycparser at every import: ~50-80 ms, a sixth of a whole
``mindmap render -f png``.  The parse gives the same declarations every time
for the same header text and cffi version, so ``data/cairo-cdef.pickle`` keeps
them: while cairosvg is imported, ``FFI.cdef`` is given the stored
declarations when its header text, its starting declarations and the cffi
version match a stored entry, and parses as usual otherwise (another
cairocffi or cffi version, a new header).  Nothing else changes: the same
library is opened and the same functions called.

Regenerate (after upgrading cairocffi or cffi):  ``python -m mindmap.cairoload``
A test checks that the stored entries still match the installed versions'
headers and give the declarations a fresh parse gives.
"""

from __future__ import annotations

import hashlib
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any, Final

__all__ = ["CACHE_FILE", "import_cairosvg", "record", "main"]

CACHE_FILE: Final = Path(__file__).parent / "data" / "cairo-cdef.pickle"
_SKIP: Final = ("_structnode2type",)  # parse-time only (weak references to syntax tree nodes)


def _key(ffi: Any, csource: str) -> str:
    import cffi

    h = hashlib.sha256()
    h.update(f"cffi {cffi.__version__} python {sys.version_info[:2]}\n".encode())
    h.update("\n".join(sorted(ffi._parser._declarations)).encode())
    h.update(b"\n--\n")
    h.update(csource.encode("utf-8") if isinstance(csource, str) else csource)
    return h.hexdigest()


def _state(ffi: Any) -> dict:
    return {k: v for k, v in ffi._parser.__dict__.items() if k not in _SKIP}


def import_cairosvg() -> Any:
    """``import cairosvg``, with cairocffi's declarations from the stored parse when they match."""
    if "cairocffi" in sys.modules:
        import cairosvg

        return cairosvg
    try:
        stored_all = pickle.loads(CACHE_FILE.read_bytes())
        entries: dict[str, bytes] = stored_all["entries"]
    except Exception:  # missing or unreadable: parse as usual
        import cairosvg

        return cairosvg
    import cffi

    original = cffi.FFI.cdef

    def cdef(self, csource, override=False, packed=False, pack=None):  # type: ignore[no-untyped-def]
        # Only into a fresh FFI: one that includes another's declarations would
        # get its own copies of them (cffi tells struct types apart by identity).
        fresh = not self._parser._declarations
        stored = None if (override or packed or pack or not fresh) else entries.get(_key(self, csource))
        if stored is None:
            return original(self, csource, override=override, packed=packed, pack=pack)
        try:
            # One pickle holds the declarations and the type names parsed with
            # them, so that both share the same struct types.
            restored = pickle.loads(stored)
            state, types = restored["state"], restored["types"]
        except Exception:
            return original(self, csource, override=override, packed=packed, pack=pack)
        with self._lock:
            self._cdef_version = object()
            self._parser.__dict__.update(state)
            self._cdefsources.append(csource)
            _attach_types(self._parser, types)
        return None

    import ctypes.util

    find_library = ctypes.util.find_library
    cffi.FFI.cdef = cdef  # type: ignore[method-assign]
    ctypes.util.find_library = _quick_find_library(find_library)
    try:
        import cairosvg
    finally:
        cffi.FFI.cdef = original  # type: ignore[method-assign]
        ctypes.util.find_library = find_library
    return cairosvg


def _quick_find_library(find_library: Any) -> Any:
    """``find_library`` without the two lookups of Windows names that cairocffi
    makes first: on Linux each runs ``ldconfig -p`` (~10 ms) to find nothing."""
    if not sys.platform.startswith("linux"):
        return find_library

    def quick(name: str) -> str | None:
        return None if name in ("cairo-2", "libcairo-2") else find_library(name)

    return quick


def _attach_types(parser: Any, types: dict) -> None:
    """C type names (``"cairo_text_extents_t *"``) are parsed with pycparser on
    first use, ~7 ms each: give the parser the stored parses."""
    if not types:
        return
    parse = parser.parse_type_and_quals

    def parse_type_and_quals(cdecl):  # type: ignore[no-untyped-def]
        stored = types.get(cdecl)
        return stored if stored is not None else parse(cdecl)

    parser.parse_type_and_quals = parse_type_and_quals


def record(type_names: list[str] | None = None) -> dict:
    """Import cairocffi with every ``cdef`` call recorded (run in a fresh interpreter).

    Each fresh FFI's parse is kept right after its ``cdef``, with ``type_names``
    parsed then too: before any use creates backend types, which would mark
    the stored struct types as complete.
    """
    import cffi

    if "cairocffi" in sys.modules:
        raise RuntimeError("record() needs a fresh interpreter: cairocffi is already imported")
    original = cffi.FFI.cdef
    entries: dict[str, bytes] = {}

    def cdef(self, csource, override=False, packed=False, pack=None):  # type: ignore[no-untyped-def]
        key = _key(self, csource)
        fresh = not self._parser._declarations
        result = original(self, csource, override=override, packed=packed, pack=pack)
        if fresh and not (override or packed or pack):
            types = {}
            for name in type_names or ():
                try:
                    types[name] = self._parser.parse_type_and_quals(name)
                except Exception:  # a name of another FFI's types
                    continue
            entries[key] = pickle.dumps({"state": _state(self), "types": types}, protocol=4)
        return result

    cffi.FFI.cdef = cdef  # type: ignore[method-assign]
    try:
        import cairocffi  # noqa: F401
    finally:
        cffi.FFI.cdef = original  # type: ignore[method-assign]
    from importlib import metadata

    return {"cffi": cffi.__version__, "cairocffi": metadata.version("cairocffi"), "entries": entries}


def type_names_used() -> list[str]:
    """The C type names cairocffi parses while we draw a sample map (run in a fresh interpreter)."""
    import cffi.cparser

    from .fontsetup import use_our_fonts

    names: set[str] = set()
    original = cffi.cparser.Parser.parse_type_and_quals

    def recording(self, cdecl):  # type: ignore[no-untyped-def]
        names.add(cdecl)
        return original(self, cdecl)

    cffi.cparser.Parser.parse_type_and_quals = recording  # type: ignore[method-assign]
    try:
        use_our_fonts()
        import cairosvg  # noqa: F401  (plainly: no stored parses, so that every name is parsed here)

        _convert_a_sample()
    finally:
        cffi.cparser.Parser.parse_type_and_quals = original  # type: ignore[method-assign]
    return sorted(names)


def _convert_a_sample() -> None:
    """Draw a map with every kind of element as PNG and PDF, so that the C type names they use get parsed."""
    from .model import MindMap
    from .render import render_map

    sample = MindMap(
        id="sample", title="Sample", headline="Centre \u2014 \u201cquoted\u201d", n=12, hypothesis="A hypothesis.",
        themes=[{"label": "A", "n": 3, "description": "Described.",
                 "subthemes": [{"label": "A1", "subthemes": [{"label": "A1a"}]}]},
                {"label": "B"}, {"label": "C"}],
        connections=[{"between": ["a", "b"], "label": "linked"}],
        quotes=[{"text": "Words.", "attribution": "Someone", "theme": "a"}, {"text": "More words."}],
    )
    render_map(sample, ("svg", "png", "pdf"))


def _recorded_in_fresh_process() -> bytes:
    code = "import json; from mindmap.cairoload import type_names_used; print(json.dumps(type_names_used()))"
    names = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, text=True).stdout
    code = ("import json, pickle, sys; from mindmap.cairoload import record; "
            f"sys.stdout.buffer.write(pickle.dumps(record(json.loads({names.strip()!r})), protocol=4))")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, check=True).stdout


def main(argv: list[str] | None = None) -> int:
    """Write ``data/cairo-cdef.pickle`` from a fresh import of cairocffi."""
    from .files import write_atomic

    data = _recorded_in_fresh_process()
    CACHE_FILE.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(CACHE_FILE, data)
    stored = pickle.loads(data)
    print(f"wrote {CACHE_FILE} ({len(stored['entries'])} declaration blocks)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

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
        with self._lock:
            self._cdef_version = object()
            self._parser.__dict__.update(pickle.loads(stored))
            self._cdefsources.append(csource)
        return None

    cffi.FFI.cdef = cdef  # type: ignore[method-assign]
    try:
        import cairosvg
    finally:
        cffi.FFI.cdef = original  # type: ignore[method-assign]
    return cairosvg


def record() -> dict:
    """Import cairocffi with every ``cdef`` call recorded (run in a fresh interpreter)."""
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
            entries[key] = pickle.dumps(_state(self), protocol=4)
        return result

    cffi.FFI.cdef = cdef  # type: ignore[method-assign]
    try:
        import cairocffi  # noqa: F401
    finally:
        cffi.FFI.cdef = original  # type: ignore[method-assign]

    from importlib import metadata

    return {"cffi": cffi.__version__, "cairocffi": metadata.version("cairocffi"), "entries": entries}


def _recorded_in_fresh_process() -> bytes:
    code = "import pickle, sys; from mindmap.cairoload import record; sys.stdout.buffer.write(pickle.dumps(record(), protocol=4))"
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

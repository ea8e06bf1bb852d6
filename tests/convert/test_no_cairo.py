"""Without the Cairo library (a minimal container), SVG still works and PNG and PDF say what to install."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Make loading the Cairo library fail as it does where libcairo is missing: cairocffi's dlopen
# raises OSError ("no library called "cairo-2" was found").
NO_CAIRO = """
import builtins, sys
real_import = builtins.__import__
def no_cairo(name, *args, **kwargs):
    if name.split(".")[0] in ("cairocffi", "cairosvg"):
        raise OSError('no library called "cairo-2" was found')
    return real_import(name, *args, **kwargs)
builtins.__import__ = no_cairo
from mindmap.cli import main
sys.argv = ["mindmap", *sys.argv[1:]]
main()
"""


def _render(tmp_path: Path, *formats: str) -> subprocess.CompletedProcess[str]:
    args = [f for fmt in formats for f in ("-f", fmt)]
    return subprocess.run(
        [
            sys.executable,
            "-c",
            NO_CAIRO,
            "render",
            str(ROOT / "themes" / "h9-process.yaml"),
            "-o",
            str(tmp_path),
            *args,
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )


def test_svg_needs_no_cairo(tmp_path: Path) -> None:
    result = _render(tmp_path, "svg")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "h9-process.svg").read_text(encoding="utf-8").startswith("<?xml")


def test_png_without_cairo_is_one_line_naming_what_to_install(tmp_path: Path) -> None:
    result = _render(tmp_path, "png")
    assert result.returncode == 1
    assert result.stderr == (
        "PNG and PDF need the Cairo graphics library, which this machine lacks; install it (Debian/Ubuntu: "
        "apt install libcairo2; macOS: brew install cairo; conda: conda install cairo), or render SVG only "
        "(-f svg)\n"
    )
    assert not (tmp_path / "h9-process.png").exists()

"""The package as a user gets it: a wheel, installed outside the checkout, with every style sheet."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment holding the wheel built from this checkout (its dependencies
    are this environment's, reached through a .pth file; mindmap itself only from the wheel)."""
    base = tmp_path_factory.mktemp("wheel")
    dist = base / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
        text=True,
    )
    (wheel,) = dist.glob("mindmap-*.whl")
    env_dir = base / "env"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    ours = sysconfig.get_paths()["purelib"]
    (Path(site) / "dependencies.pth").write_text(ours + "\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", "--target", site, str(wheel)],
        check=True,
    )
    return python


def _run(python: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(python), "-m", "mindmap", *args], cwd=cwd, env=env, capture_output=True, text=True)


def test_the_wheel_lists_and_renders_with_every_shipped_sheet(installed: Path, tmp_path: Path) -> None:
    where = subprocess.run(
        [str(installed), "-c", "import mindmap; print(mindmap.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(ROOT) not in where  # the installed copy, not the checkout
    listing = _run(installed, "styles", "list", cwd=tmp_path)
    assert listing.returncode == 0, listing.stderr
    for name in ("health-innovation", "print-mono", "high-contrast"):
        assert name in listing.stdout
    theme = ROOT / "themes" / "h9-process.yaml"
    for name in ("health-innovation", "print-mono", "high-contrast"):
        out = tmp_path / name
        result = _run(
            installed, "render", str(theme), "-o", str(out), "-f", "svg", "-f", "png", "--style", name, cwd=tmp_path
        )
        assert result.returncode == 0, result.stderr
        assert (out / "h9-process.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    version = _run(installed, "--version", cwd=tmp_path)
    assert (
        version.stdout.split()[-1]
        == subprocess.run(
            [sys.executable, "-c", "import mindmap; print(mindmap.__version__)"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )

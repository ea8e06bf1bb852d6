"""Shared fixtures: paths to the repository's folders and small sample maps."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
THEMES = ROOT / "themes"
CORPUS = ROOT / "bench" / "corpus"  # the legibility benchmark's maps
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def themes_dir() -> Path:
    return THEMES


def small_map() -> dict:
    """A small map using every element kind (a fresh copy each call)."""
    return {
        "id": "small",
        "title": "Small map",
        "headline": "The centre",
        "n": 10,
        "themes": [
            {
                "id": "alpha",
                "label": "Alpha theme",
                "description": "What alpha means.",
                "n": 6,
                "subthemes": [{"label": "Alpha one", "n": 3}, {"label": "Alpha two"}],
            },
            {"id": "beta", "label": "Beta theme", "n": 4},
            {"id": "gamma", "label": "Gamma theme"},
        ],
        "connections": [{"between": ["alpha", "gamma"], "label": "related"}],
        "quotes": [{"text": "A quote about alpha.", "attribution": "Innovator", "theme": "alpha"}],
    }


@pytest.fixture
def small_map_data() -> dict:
    return small_map()


# Debian's Chromium where apt installed it; else Playwright's own (python -m playwright install chromium).
CHROMIUM: str | None = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
MMDC = ROOT / ".tools" / "node_modules" / ".bin" / "mmdc"


def _has_chromium() -> bool:
    if CHROMIUM is not None:
        return True
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            return Path(playwright.chromium.executable_path).exists()
    except Exception:
        return False


# The outside programs some tests drive, and how to install each.  In CI (CI set) a missing
# one fails its tests; on a developer's machine that could not install it, they are skipped.
TOOLS: dict[str, tuple[Any, str]] = {
    "browser": (
        _has_chromium,
        "Chromium: `make test` installs it (as root: apt-get install chromium; "
        "otherwise: .venv/bin/python -m playwright install chromium)",
    ),
    "libreoffice": (
        lambda: shutil.which("soffice") is not None,
        "LibreOffice: `make test` installs it (apt-get install libreoffice-writer-nogui libreoffice-impress-nogui)",
    ),
    "mermaid": (MMDC.exists, "the Mermaid CLI: `make tools` installs it into .tools/ (npm)"),
}
_MISSING: dict[str, str] = {}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
    if os.environ.get("CI"):
        return  # every tool must be there: a missing one fails its tests
    for marker, (present, how) in TOOLS.items():
        wanted = [item for item in items if marker in item.keywords]
        if wanted and not present():
            _MISSING[marker] = how
            for item in wanted:
                item.add_marker(pytest.mark.skip(reason=f"missing {how}"))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for how in _MISSING.values():
        terminalreporter.write_line(f"skipped the tests that need {how}")


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (installed by `make test`)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()

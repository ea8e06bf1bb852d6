"""Shared fixtures: paths to the repository's folders and small sample maps."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
THEMES = ROOT / "themes"
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
            {"id": "alpha", "label": "Alpha theme", "description": "What alpha means.", "n": 6,
             "subthemes": [{"label": "Alpha one", "n": 3}, {"label": "Alpha two"}]},
            {"id": "beta", "label": "Beta theme", "n": 4},
            {"id": "gamma", "label": "Gamma theme"},
        ],
        "connections": [{"between": ["alpha", "gamma"], "label": "related"}],
        "quotes": [{"text": "A quote about alpha.", "attribution": "Innovator", "theme": "alpha"}],
    }


@pytest.fixture
def small_map_data() -> dict:
    return small_map()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
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

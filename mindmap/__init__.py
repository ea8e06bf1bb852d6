"""mindmap: rapid-insight mind maps, in house style, from coded themes.

The Python API (see :mod:`mindmap.api`), for scripts and notebooks:

>>> import mindmap
>>> m = mindmap.MindMap.model_validate(
...     {"id": "hello", "title": "Hello", "headline": "Centre", "themes": [{"label": "A theme"}]})
>>> png = mindmap.render(m, "png")
>>> png[1:4]
b'PNG'

In IPython and Jupyter a :class:`MindMap` shows itself as its figure.  The
names are imported when first used, so ``import mindmap`` stays fast.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, Final

__all__ = ["MindMap", "__version__", "build_graph", "load_map", "render", "resolve_style"]

_API: Final = frozenset(__all__) - {"__version__"}

if TYPE_CHECKING:
    from .api import MindMap, build_graph, load_map, render, resolve_style

    __version__: str


def __getattr__(name: str) -> Any:
    if name == "__version__":  # pyproject.toml holds the version; read from the installed metadata
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("mindmap")
        except PackageNotFoundError:  # a source tree that is not installed
            value = "0+unknown"
        globals()[name] = value
        return value
    if name in _API:
        from . import api

        value = getattr(api, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'mindmap' has no attribute '{name}'")


def __dir__() -> list[str]:
    return sorted(set(__all__) | {name for name in globals() if not name.startswith("_")})


def _show_in_ipython() -> None:
    """In IPython or Jupyter, have maps display as their figures (nothing elsewhere)."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is not None:
        from .api import register_display

        register_display(shell.display_formatter)


_show_in_ipython()

"""mindmap: rapid-insight mind maps, in house style, from coded themes.

The Python API (see :mod:`mindmap.api`), for scripts and notebooks:

>>> import mindmap
>>> m = mindmap.MindMap.model_validate(
...     {"id": "hello", "title": "Hello", "headline": "Centre", "themes": [{"label": "A theme"}]})
>>> png = mindmap.render(m, "png")
>>> png[1:4]
b'PNG'

In Jupyter a :class:`MindMap` shows itself as its figure.  The names are
imported when first used, so ``import mindmap`` stays fast.
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any, Final

__version__ = "0.1.0"

__all__ = ["MindMap", "build_graph", "load_map", "render", "resolve_style", "__version__"]

_API: Final = frozenset(__all__) - {"__version__"}

if TYPE_CHECKING:
    from .api import MindMap, build_graph, load_map, render, resolve_style


def __getattr__(name: str) -> Any:
    if name in _API:
        from . import api

        value = getattr(api, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'mindmap' has no attribute '{name}'")


def __dir__() -> list[str]:
    submodules = {name for name, value in globals().items()
                  if isinstance(value, types.ModuleType) and value.__name__.startswith(f"{__name__}.")}
    return sorted(set(__all__) | submodules)


class _Package(types.ModuleType):
    """The package, guarding its API: importing the submodule ``mindmap.render``
    must not replace the function ``mindmap.render`` (the import system would
    otherwise set the package attribute to the submodule)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _API and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

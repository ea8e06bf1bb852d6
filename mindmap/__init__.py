"""mindmap: rapid-insight mind maps, in house style, from coded themes."""

from __future__ import annotations

__version__ = "0.1.0"

"""The model: a map as pydantic data (:mod:`.theme`), its graph (:mod:`.graph`) and its words
(:mod:`.describe`, :mod:`.summary`).  Pure: no files, no drawing."""

from .theme import Connection, MindMap, Quote, Theme

__all__ = ["Connection", "MindMap", "Quote", "Theme"]

"""Publish: the whole pipeline for a map (:mod:`.render`), the gallery of a folder of maps, and whole
documents made from many maps (a Word report, a slide deck) with their accessibility check."""

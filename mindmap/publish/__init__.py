"""Publish: the whole pipeline for a map (:mod:`.render`) and the gallery of a folder of maps."""

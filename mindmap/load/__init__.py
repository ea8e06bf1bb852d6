"""Readers that turn other tools' files into theme files: REFI-QDA codebooks and
projects (:mod:`.qda`), outlines and mind-map files (:mod:`.outlines`), read
through a safe XML parser (:mod:`.safexml`) and written as commented YAML
(:mod:`.themefile`)."""

"""Analyst tools: counts from coded responses (:mod:`.tally`), lint, a terminal preview and starter files."""

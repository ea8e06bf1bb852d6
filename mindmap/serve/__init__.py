"""Serve: a live preview page on 127.0.0.1 that redraws a map when its file changes."""

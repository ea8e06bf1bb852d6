"""Draw: a laid-out map as an SVG figure (text stays text, every label escaped)."""

"""Convert: SVG figures to PNG and PDF with Cairo (cairosvg)."""

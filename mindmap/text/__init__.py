"""Text: the shipped Liberation Sans, its advance widths, measuring and wrapping, and the
fontconfig that makes Cairo draw with it."""

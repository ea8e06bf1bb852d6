"""Publishing: whole documents made from many maps (a Word report, a slide deck) and their accessibility check."""

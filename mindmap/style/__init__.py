"""Style: the sheet model (:mod:`.sheet`), finding and composing sheets (:mod:`.library`),
colour arithmetic and the contrast check.  Sheets ship in ``sheets/``."""

"""Load: theme files (YAML or JSON) read into the model, every problem located as ``file:line:col``
(:mod:`.reader`); and readers that turn other tools' files into theme files: REFI-QDA codebooks
and projects (:mod:`.qda`), outlines and mind-map files (:mod:`.outlines`), read through a safe
XML parser (:mod:`.safexml`) and written as commented YAML (:mod:`.themefile`)."""

"""Drawing stage: turning a laid-out map into a figure (the interactive HTML figure lives here)."""

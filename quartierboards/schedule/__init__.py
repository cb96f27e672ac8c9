"""Schedule stage: expand schedule entries into dated occurrences and week plans."""

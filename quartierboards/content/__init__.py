"""Content stage: read files safely, parse YAML with positions, validate into models."""

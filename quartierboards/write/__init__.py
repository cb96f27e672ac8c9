"""Write stage: put a complete new output tree in place atomically."""

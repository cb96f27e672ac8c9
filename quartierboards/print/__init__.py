"""Print stage: A5 flyers and stickers with QR codes (PDF, WeasyPrint)."""

"""Render stage: turn the validated site and its week plans into files (HTML, ICS, XML, PDF)."""

"""Quartierboards: static neighbourhood boards with week plans, calendars and print products.

The build is a pipeline of pure stages (see :mod:`quartierboards.pipeline`):
load → validate → expand schedules → render (HTML, ICS, PDF, QR) → write atomically.
"""

__version__ = "0.1.0"

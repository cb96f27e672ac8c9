"""QR codes as vector SVG (segno): error correction at least M, quiet zone of 4 modules, dark on light.

A QR target must lie below the site's ``base_url`` unless its host is listed in
``qr_allowed_hosts`` of ``content/site.yaml``: a content change must not be able
to send residents to a foreign site.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

import segno
from markupsafe import Markup, escape

from quartierboards.content.structure import Site
from quartierboards.errors import ContentError, ContentErrors, Location
from quartierboards.i18n.messages import tr

QUIET_ZONE = 4
ERROR_LEVEL = "m"  # segno raises the level further when the version has room for it
SITE_FILE = "content/site.yaml"
# Colours of the modules: 100 % black ink only in print, so the code never smears in registration.
DARK = {"print": "device-cmyk(0 0 0 1)", "web": "#000"}
LIGHT = {"print": "device-cmyk(0 0 0 0)", "web": "#fff"}


def check_target(url: str, site: Site) -> None:
    """Raise ``ContentErrors`` (pointing at ``content/site.yaml``) when *url* may not be encoded."""
    base = site.config.base_url
    if url.startswith(base):
        return
    parts = urlsplit(url)
    allowed = {h.lower() for h in site.config.qr_allowed_hosts}
    if parts.scheme in ("https", "http") and (parts.hostname or "").lower() in allowed:
        return
    raise ContentErrors([ContentError(
        Location(SITE_FILE), tr("QR code target '%(url)s' is outside base_url '%(base)s'", url=url, base=base),
        tr("QR codes may only lead to the boards; add the host to 'qr_allowed_hosts' if this is really wanted"))])


@lru_cache(maxsize=4096)
def qr_code(url: str) -> segno.QRCode:
    """The QR code for *url* (error correction M or better); cached: pages and PDFs reuse it."""
    return segno.make(url, error=ERROR_LEVEL, micro=False)


@lru_cache(maxsize=4096)
def _qr_path(url: str) -> tuple[int, str]:
    code = qr_code(url)
    path = code.svg_inline(border=QUIET_ZONE, omitsize=True, dark="#000", light=None)
    # segno writes one stroked path; take its geometry and colour it for the variant.
    return code.symbol_size(border=QUIET_ZONE)[0], path.split(' d="', 1)[1].split('"', 1)[0]


def qr_svg(url: str, site: Site, *, variant: str = "web", label: str = "", size_px: int = 0) -> Markup:
    """Inline SVG of the QR code for *url*, *size_px* wide or sized by CSS. Refuses foreign targets."""
    check_target(url, site)
    size, d = _qr_path(url)
    title = Markup("<title>{}</title>").format(label) if label else Markup("")
    dims = Markup(' width="{0}" height="{0}"').format(size_px) if size_px else Markup("")
    return Markup(
        '<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}"{dims} '
        'role="img" aria-label="{label}">{title}'
        '<rect width="{size}" height="{size}" fill="{light}"/>'
        '<path stroke="{dark}" stroke-width="1" fill="none" d="{d}"/></svg>').format(
        size=size, dims=dims, label=label or url, title=title, light=LIGHT.get(variant, "#fff"),
        dark=DARK.get(variant, "#000"), d=escape(d))

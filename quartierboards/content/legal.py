"""The ``legal:`` block of ``site.yaml``: what the accessibility statement, the privacy
notice and the imprint need beyond the publisher.

Every field a page cannot do without is required, so a site that lacks it fails
``check`` with the field's name and line instead of publishing an empty legal page.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from quartierboards.content.fields import Email, Phone, Text, WebUrl
from quartierboards.content.strict import Strict


class Body(Strict):
    """An authority residents can turn to: name, web address and optional contact."""

    name: Text
    url: WebUrl
    email: Email | None = None
    phone: Phone | None = None


class Feedback(Strict):
    """Where residents report barriers (the accessibility statement's feedback mechanism)."""

    email: Email
    phone: Phone | None = None
    name: str | None = None  # an office or person, e.g. "Quartiersbüro"


class AccessibilityStatement(Strict):
    """What the accessibility statement (BITV 2.0 § 7, EU directive 2016/2102 Art. 7) says."""

    # "partial" unless the site declares otherwise: the project's automated axe-core checks
    # find no violations, but automated checks do not cover every requirement.
    status: Literal["full", "partial", "none"] = "partial"
    # The regulation the site is measured against: BITV 2.0 for federal bodies; a state's own
    # (e.g. "BITV NRW") for its authorities and municipalities.
    law: str = "BITV 2.0"
    made: dt.date
    reviewed: dt.date | None = None
    barriers: list[Text] = Field(default_factory=list)
    feedback: Feedback
    enforcement: Body


class Hosting(Strict):
    """Who runs the web server and what its log records (GDPR Art. 13 (1) e, (2) a)."""

    name: str
    address: str | None = None
    logs: Text
    retention_days: Annotated[int, Field(ge=1, le=3650)]


class Officer(Strict):
    """The data-protection officer (GDPR Art. 13 (1) b)."""

    name: str
    email: Email
    phone: Phone | None = None
    address: str | None = None


class PrivacyNotice(Strict):
    """What the privacy notice says beyond the publisher, who is the controller."""

    host: Hosting
    officer: Officer
    supervisory_authority: Body
    legal_basis: Text | None = None


class Imprint(Strict):
    """What the imprint says beyond the publisher block."""

    represented_by: str
    supervisory_authority: Text | None = None
    vat_id: str | None = None


class Legal(Strict):
    """Data of the legal pages: accessibility statement, privacy notice, imprint."""

    accessibility: AccessibilityStatement
    privacy: PrivacyNotice
    imprint: Imprint

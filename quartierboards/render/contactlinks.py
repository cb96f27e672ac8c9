"""Phone numbers and email addresses in free contact text become links a phone can tap.

Editors write an offer's contact as one line of text ("Samira Haddad, +49 2041 555-0210").
Residents read it on a phone, where a number they cannot tap is one they must copy by
hand. The text is escaped first; only what looks like a phone number or an address is
wrapped, and the link's target keeps only what ``tel:`` allows.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

# A phone number: an optional +, then digits with the separators people write
# (space, hyphen, slash, brackets), at least six digits in all. An email: the usual
# local@domain.tld. Both are matched on the unescaped text, one pass, left to right.
_PHONE = r"(?P<phone>(?<![\w+])\+?\d(?:[\d \-/()]*\d){5,}(?!\w))"
_EMAIL = r"(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,})"
_CONTACT = re.compile(f"{_EMAIL}|{_PHONE}")


def tel_href(number: str) -> str:
    """``tel:`` target of a written number: its leading + and digits only."""
    return "tel:" + ("+" if number.lstrip().startswith("+") else "") + re.sub(r"\D", "", number)


def link_contacts(text: str) -> Markup:
    """*text* escaped, with each phone number and email address as a link (left to right)."""
    html, last = Markup(""), 0
    for match in _CONTACT.finditer(text):
        html += escape(text[last:match.start()])
        if match.group("email"):
            address = match.group("email")
            html += Markup('<a href="mailto:{}"><bdi dir="ltr">{}</bdi></a>').format(address, address)
        else:
            number = match.group("phone")
            html += Markup('<a href="{}"><bdi dir="ltr">{}</bdi></a>').format(tel_href(number), number)
        last = match.end()
    return html + escape(text[last:])

"""Phones and emails in an offer's contact text can be tapped on a phone."""

from __future__ import annotations

import re

from quartierboards.render.contactlinks import link_contacts, tel_href


def test_phone_and_email_become_links_and_the_rest_stays_text() -> None:
    html = str(link_contacts("Samira Haddad, +49 2041 555-0210 oder s.haddad@example.org"))
    assert '<a href="tel:+4920415550210"><bdi dir="ltr">+49 2041 555-0210</bdi></a>' in html
    assert '<a href="mailto:s.haddad@example.org"><bdi dir="ltr">s.haddad@example.org</bdi></a>' in html
    assert html.startswith("Samira Haddad, ") and " oder " in html


def test_national_numbers_and_separators() -> None:
    assert tel_href("02041 / 555 (0)12") == "tel:02041555012"
    assert 'href="tel:02041555012"' in link_contacts("Tel. 02041 555012")


def test_text_is_escaped_and_short_numbers_dates_and_times_are_not_phones() -> None:
    html = str(link_contacts("<b>Raum 12</b>, ab 2026, 16:00–18:00 Uhr, Haus 3a"))
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert "<a " not in html


def test_every_offer_page_with_a_phone_in_its_contact_links_it(sample_build) -> None:
    checked = 0
    for rel, data in sample_build.files.items():
        if not rel.startswith("de/") or not rel.endswith("/index.html"):
            continue
        page = data.decode("utf-8")
        contact = re.search(r'<dd class="contact-links">(.*?)</dd>', page, re.S)
        if contact and re.search(r"\+?\d[\d \-/]{5,}\d", re.sub(r"<[^>]+>", "", contact.group(1))):
            checked += 1
            assert 'href="tel:' in contact.group(1), f"{rel}: phone not tappable: {contact.group(1)}"
    assert checked >= 10

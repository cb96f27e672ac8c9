"""Atom feeds (RFC 4287) of each quarter's news, per language."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from quartierboards.content.structure import Quarter, Site
from quartierboards.i18n.cldr import html_lang
from quartierboards.i18n.text import pick
from quartierboards.render import urls
from quartierboards.render.markdown import render_markdown

ATOM = "http://www.w3.org/2005/Atom"


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def news_feed(site: Site, quarter: Quarter, lang: str) -> bytes:
    """Atom feed of *quarter*'s news in *lang* (fallback texts marked with their language)."""
    cfg = site.config
    default = cfg.default_language
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": html_lang(lang)})
    feed_url = urls.absolute(cfg.base_url, urls.news_feed(lang, quarter.slug))
    ET.SubElement(feed, f"{{{ATOM}}}id").text = feed_url
    ET.SubElement(feed, f"{{{ATOM}}}title").text = (
        f"{pick(quarter.data.name, lang, default).text} – {pick(cfg.title, lang, default).text}")
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(max((n.date for n in quarter.news),
                                                                 default=dt.date(2000, 1, 1)))
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": feed_url})
    ET.SubElement(feed, f"{{{ATOM}}}link", {
        "rel": "alternate", "href": urls.absolute(cfg.base_url, urls.news_archive(lang, quarter.slug))})
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = cfg.publisher.name
    for item in quarter.news:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        url = urls.absolute(cfg.base_url, urls.news_page(lang, quarter.slug, item.slug))
        title = pick(item.text("title"), lang, default)
        ET.SubElement(entry, f"{{{ATOM}}}id").text = url
        ET.SubElement(entry, f"{{{ATOM}}}title", {"xml:lang": html_lang(title.lang)}).text = title.text
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(item.date)
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "href": url})
        summary = pick(item.text("summary"), lang, default)
        if summary:
            ET.SubElement(entry, f"{{{ATOM}}}summary", {"xml:lang": html_lang(summary.lang)}).text = summary.text
        body = pick(item.bodies, lang, default)
        if body:
            ET.SubElement(entry, f"{{{ATOM}}}content", {"type": "html", "xml:lang": html_lang(body.lang)}).text = str(
                render_markdown(body.text))
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"

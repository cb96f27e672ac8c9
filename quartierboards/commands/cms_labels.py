"""German labels, hints and option names of the browser editor's forms (issue #26).

The words are those of ``docs/redaktion.md``, the editors' guide: the editor is for the
same people and says things the same way. The editors' guide is German only, so are
these (Decap CMS's own buttons come in German from its ``de`` locale).
"""

from __future__ import annotations

# field name → (label, hint); the same name means the same thing in every file type
LABELS: dict[str, tuple[str, str]] = {
    "title": ("Titel", "Kurz und klar, so steht es auf dem Board und dem Flyer."),
    "summary": ("Kurzbeschreibung", "Ein, zwei Sätze: worum geht es, für wen?"),
    "body": ("Ausführliche Beschreibung", ""),
    "audience": ("Zielgruppe", "Eine oder mehrere."),
    "category": ("Thema", ""),
    "place": ("Ort", "Ein Ort des Quartiers (Datei aus places/)."),
    "cost": ("Kosten", "z. B. kostenlos, 2 € pro Termin"),
    "registration": ("Anmeldung", "z. B. nicht nötig, bitte anmelden unter …"),
    "contact": ("Kontakt", ""),
    "holidays": ("An Feiertagen", "„fällt aus“ (skip) ist üblich; „findet statt“ (keep) auch an Feiertagen."),
    "school_holidays": ("In den Schulferien", "keep: wie immer; pause: macht Pause; only: nur in den Ferien"),
    "by_appointment": ("Nur nach Vereinbarung", "Wie man einen Termin bekommt (Telefon, E-Mail, Text)."),
    "closures": ("Pausen und Schließtage", "Ein Tag oder ein Bereich von Tagen mit Grund."),
    "dates": ("Tage", "Ein Tag 2026-12-05 oder ein Bereich 2027-06-12..2027-06-13, einer pro Zeile."),
    "reason": ("Grund", "z. B. Betriebsferien"),
    "organizer": ("Wer macht das Angebot?", "Träger oder Verein, mit Webseite und Logo."),
    "name": ("Name", ""),
    "website": ("Webseite", "Mit https://"),
    "logo": ("Logo", ""),
    "age": ("Alter", "Von … bis … Jahre; eine Seite darf leer bleiben."),
    "min": ("ab (Jahre)", ""),
    "max": ("bis (Jahre)", ""),
    "checked": ("Zuletzt geprüft", "Wann jemand zuletzt geprüft hat, dass alles stimmt."),
    "schedule": ("Termine", "Ein Eintrag pro Rhythmus: wöchentlich, alle n Wochen, monatlich oder an Tagen."),
    "opening_hours": ("Öffnungszeiten", ""),
    "office_hours": ("Sprechstunden", ""),
    "time": ("Uhrzeit", "Von–bis, z. B. 16:00-18:00"),
    "weekly": ("Wöchentlich an", "Ein oder mehrere Wochentage."),
    "every": ("Alle … Wochen", "1 = jede Woche; 2 = jede zweite Woche (dann „ab“ ausfüllen)."),
    "monthly": ("Monatlich am", "z. B. jeden ersten Mittwoch"),
    "date": ("Einmalig am", ""),
    "rrule": ("Regel (für Fachleute)", "RFC 5545, z. B. FREQ=MONTHLY;BYDAY=2SA"),
    "from": ("ab", "Bei „alle … Wochen“ nötig: ab dieser Woche wird gezählt."),
    "until": ("bis einschließlich", ""),
    "except": ("fällt aus am", "Einzelne Tage, an denen es nicht stattfindet."),
    "aliases": ("Frühere Namen", "Dateinamen, die das Angebot vorher hatte (ihre Adressen leiten weiter)."),
    "id": ("Kennung in offenen Daten", "Wird beim Import geschrieben; nicht ändern."),
    "image": ("Foto", "Eine Datei im Ordner images/ des Quartiers."),
    "file": ("Datei", ""),
    "alt": ("Was zeigt das Foto? (Alternativtext)", "Pflicht: für Menschen, die das Foto nicht sehen."),
    "credit": ("Bildnachweis", "z. B. Foto: Stadt Kohlenberg"),
    "address": ("Adresse", ""),
    "street": ("Straße und Hausnummer", ""),
    "postcode": ("PLZ", ""),
    "city": ("Ort", ""),
    "geo": ("Koordinaten", ""),
    "lat": ("Breite", ""),
    "lon": ("Länge", ""),
    "in_week_plan": ("Öffnungszeiten im Wochenplan zeigen", "Für Orte, zu denen man ohne Angebot kommt."),
    "wheelchair": ("Rollstuhlgerecht", ""),
    "phone": ("Telefon", "z. B. +49 2041 555-0100"),
    "email": ("E-Mail", ""),
    "text": ("Text", ""),
    "opens": ("Eröffnung", "Für ein Haus, das noch gebaut wird: ein Tag, ein Monat oder Worte."),
    "transit": ("Haltestellen", ""),
    "stop": ("Haltestelle", ""),
    "lines": ("Linien", ""),
    "description": ("Beschreibung", ""),
    "contacts": ("Ansprechpersonen", ""),
    "role": ("Aufgabe", "z. B. Quartiersmanagerin"),
    "removed_offers": ("Gelöschte Angebote", "Dateinamen von Angeboten, die es nicht mehr gibt."),
    "highlights": ("Tipps auf dem Flyer", "Bis zu 5 Angebote (Dateinamen)."),
    "print": ("Druck", ""),
    "quantities": ("Auflagen", ""),
}

AUDIENCE_DE = {"children": "Kinder", "youth": "Jugendliche", "families": "Familien", "adults": "Erwachsene",
               "seniors": "Seniorinnen und Senioren", "everyone": "Alle"}
CATEGORY_DE = {"leisure": "Freizeit", "culture": "Kultur", "education": "Bildung", "sport": "Sport",
               "counselling": "Beratung", "meeting": "Treffpunkt", "care": "Betreuung und Pflege"}
# the weekdays as the editors' guide writes them (mo di mi …), which content/fields.py takes
WEEKDAYS_DE = {"mo": "Montag", "di": "Dienstag", "mi": "Mittwoch", "do": "Donnerstag", "fr": "Freitag",
               "sa": "Samstag", "so": "Sonntag"}
WEEKDAYS_EN = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ORDINALS_DE = {"first": "ersten", "second": "zweiten", "third": "dritten", "fourth": "vierten", "last": "letzten"}
CHOICES_DE = {
    "holidays": {"skip": "fällt aus", "keep": "findet statt"},
    "school_holidays": {"keep": "wie immer", "pause": "macht Pause", "skip": "macht Pause (skip)",
                        "only": "nur in den Ferien"},
    "wheelchair": {"yes": "ja", "limited": "eingeschränkt", "no": "nein"},
    "audience": AUDIENCE_DE,
    "category": CATEGORY_DE,
}
COLLECTIONS_DE = {"offers": "Angebote", "places": "Orte", "news": "Aktuelles", "quarter": "Quartier"}

# one item of a list, for Decap's "… hinzufügen" button
SINGULAR_DE = {"schedule": "Termin", "opening_hours": "Öffnungszeit", "office_hours": "Sprechstunde",
               "closures": "Pause", "contacts": "Ansprechperson", "transit": "Haltestelle", "dates": "Tag",
               "except": "Tag", "aliases": "Name", "removed_offers": "Name", "highlights": "Angebot",
               "lines": "Linie"}

"""Generate a synthetic city in the content format: N quarters × M offers × the site's languages.

Used by ``make bench``; deterministic for a given size (seeded), realistic schedules.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

LANGS = ["de", "en", "ru", "ar", "fa", "tr", "uk"]
WORDS = {
    "de": "Treff Café Beratung Kurs Gruppe Werkstatt Sport Spiel Lernen Nachbarschaft".split(),
    "en": "Meet-up Café Advice Course Group Workshop Sport Games Learning Neighbours".split(),
    "ru": "Встреча Кафе Консультация Курс Группа Мастерская Спорт Игры Учёба Соседи".split(),
    "ar": "لقاء مقهى استشارة دورة مجموعة ورشة رياضة ألعاب تعلّم جيران".split(),
    "fa": "دیدار کافه مشاوره دوره گروه کارگاه ورزش بازی یادگیری همسایه‌ها".split(),
    "tr": "Buluşma Kafe Danışma Kurs Grup Atölye Spor Oyun Öğrenme Komşular".split(),
    "uk": "Зустріч Кафе Консультація Курс Група Майстерня Спорт Ігри Навчання Сусіди".split(),
}
DAYS = ["mo", "di", "mi", "do", "fr", "sa", "mon", "tue", "wed", "thu", "fri"]
AUDIENCES = ["children", "youth", "families", "adults", "seniors", "everyone"]
CATEGORIES = ["leisure", "culture", "education", "sport", "counselling", "meeting", "care"]

# The legal pages' data (site.yaml's required ``legal:`` block), the same for every size.
_LEGAL = """legal:
  accessibility:
    made: 2026-11-01
    feedback: {email: barrierefreiheit@example.org}
    enforcement: {name: Ombudsstelle, url: https://ombudsstelle.example.org/}
  privacy:
    host: {name: Rechenzentrum, logs: IP-Adresse und Uhrzeit, retention_days: 7}
    officer: {name: Datenschutzbeauftragte, email: datenschutz@example.org}
    supervisory_authority: {name: Landesbeauftragte für Datenschutz, url: https://ldi.example.org/}
  imprint: {represented_by: Bürgermeister Max Muster}
"""

def _text(rng: random.Random, n: int) -> dict[str, str]:
    return {lang: " ".join(rng.choice(WORDS[lang]) for _ in range(n)) for lang in LANGS}


def _yaml_map(key: str, values: dict[str, str], indent: str = "") -> str:
    lines = [f"{indent}{key}:"] + [f'{indent}  {lang}: "{text}"' for lang, text in values.items()]
    return "\n".join(lines) + "\n"


def _schedule(rng: random.Random) -> str:
    start = rng.randrange(8, 19)
    time = f'"{start:02d}:{rng.choice(["00", "30"])}-{start + rng.randrange(1, 3):02d}:00"'
    kind = rng.random()
    if kind < 0.6:
        days = sorted(set(rng.sample(DAYS, rng.randrange(1, 3))))
        return f"  - weekly: [{', '.join(days)}]\n    time: {time}\n"
    if kind < 0.75:
        return f"  - weekly: {rng.choice(DAYS)}\n    every: 2\n    from: 2026-09-07\n    time: {time}\n"
    if kind < 0.9:
        return (f"  - monthly: {rng.choice(['first', 'second', 'third', 'last'])} {rng.choice(DAYS)}\n"
                f"    time: {time}\n")
    return f"  - dates: [2026-12-{rng.randrange(1, 28):02d}, 2027-01-{rng.randrange(10, 28):02d}]\n    time: {time}\n"


def generate(target: Path, quarters: int, offers: int, seed: int = 1) -> None:
    """Write a complete content tree into *target* (replaced if it exists)."""
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    (target / "quarters").mkdir(parents=True)
    (target / "site.yaml").write_text(
        'title: {de: "Benchmark-Stadt", en: "Benchmark City"}\nbase_url: https://bench.example.org/\n'
        f"default_language: de\nlanguages: [{', '.join(LANGS)}]\ntimezone: Europe/Berlin\nholidays: DE-NW\n"
        "print:\n  languages: [de, ru, ar, fa]\n"
        "publisher: {name: Stadt Benchmark, email: info@example.org, street: Markt 1, postcode: '12345',\n"
        "  city: Benchmark, responsible: Erika Muster}\n" + _LEGAL, encoding="utf-8")
    for q in range(quarters):
        qdir = target / "quarters" / f"quartier-{q:03d}"
        (qdir / "places").mkdir(parents=True)
        (qdir / "offers").mkdir()
        (qdir / "quarter.yaml").write_text(
            _yaml_map("name", {lang: f"{t} {q}" for lang, t in _text(rng, 1).items()})
            + _yaml_map("summary", _text(rng, 12))
            + "contacts:\n  - name: Erika Beispiel\n    phone: \"+49 2041 555-0100\"\n"
            "    email: buero@bench.example.org\n    office_hours:\n      - weekly: di\n"
            "        time: \"16:00-18:00\"\n        place: ort-0\n", encoding="utf-8")
        (qdir / "about.md").write_text("Über das Quartier. " * 20 + "\n", encoding="utf-8")
        for p in range(4):
            (qdir / "places" / f"ort-{p}.yaml").write_text(
                _yaml_map("name", _text(rng, 2))
                + f"address: {{street: Straße {p}, postcode: \"45999\", city: Benchmark}}\n"
                f"geo: {{lat: 51.5{q % 10}, lon: 6.9{p}}}\nwheelchair: {rng.choice(['yes', 'limited', 'no'])}\n"
                "opening_hours:\n  - weekly: [mo, di, do]\n    time: \"09:00-12:00\"\n", encoding="utf-8")
        for o in range(offers):
            body = " ".join(rng.choice(WORDS["de"]) for _ in range(60))
            (qdir / "offers" / f"angebot-{o:03d}.md").write_text(
                "---\n" + _yaml_map("title", _text(rng, 2)) + _yaml_map("summary", _text(rng, 10))
                + f"audience: [{rng.choice(AUDIENCES)}]\ncategory: {rng.choice(CATEGORIES)}\n"
                f"place: ort-{rng.randrange(4)}\ncost: kostenlos\nschedule:\n" + _schedule(rng)
                + "---\n" + body + "\n", encoding="utf-8")
            if o % 5 == 0:
                (qdir / "offers" / f"angebot-{o:03d}.ru.md").write_text(
                    " ".join(rng.choice(WORDS["ru"]) for _ in range(60)) + "\n", encoding="utf-8")


def main() -> None:
    """Command line: ``python benchmarks/generate.py OUT --quarters 100 --offers 50``."""
    parser = argparse.ArgumentParser()
    parser.add_argument("target", type=Path)
    parser.add_argument("--quarters", type=int, default=100)
    parser.add_argument("--offers", type=int, default=50)
    args = parser.parse_args()
    generate(args.target, args.quarters, args.offers)


if __name__ == "__main__":
    main()

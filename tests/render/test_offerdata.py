"""``data/<lang>/offers.json`` and ``offers.csv``: every offer once per language, as the boards show it."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

from qb_support import SAMPLE, build_args, cli

from quartierboards.content.loader import load_site


def _offers(sample_build, lang: str) -> dict:
    return json.loads(sample_build.files[f"data/{lang}/offers.json"])


def test_every_offer_once_in_every_language(sample_build) -> None:
    site = load_site(SAMPLE)
    refs = sorted(o.ref for q in site.quarters.values() for o in q.offers.values())
    for lang in site.config.languages:
        document = _offers(sample_build, lang)
        assert document["language"] == lang
        assert sorted(f"{r['quarter']}/{r['offer']}" for r in document["offers"]) == refs


def test_rows_say_what_the_pages_say(sample_build) -> None:
    rows = {r["offer"]: r for r in _offers(sample_build, "ru")["offers"] if r["quarter"] == "nordstadt"}
    homework = rows["hausaufgabenhilfe"]
    assert homework["age"] == {"min": 6, "max": 12} and homework["audience"] == ["children"]
    assert homework["url"].endswith("/ru/nordstadt/hausaufgabenhilfe/")
    page = sample_build.text("ru/nordstadt/hausaufgabenhilfe/index.html")
    assert homework["title"] in page and homework["place"]["name"] in page
    assert set(homework["days"]) == {"tuesday", "thursday"}
    assert all(d["start"] < d["end"] for d in homework["dates"])


def test_the_csv_opens_in_a_spreadsheet(sample_build) -> None:
    data = sample_build.files["data/de/offers.csv"]
    assert data.startswith("\ufeff".encode())  # Excel reads UTF-8 only with the mark
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == len(_offers(sample_build, "de")["offers"])
    homework = next(r for r in rows if r["url"].endswith("/nordstadt/hausaufgabenhilfe/"))
    assert (homework["age_min"], homework["age_max"], homework["street"]) == ("6", "12", "Zechenstraße 5")
    assert homework["next_start"].startswith("2026-12-01T14:30")  # the Tuesday after the build's Monday


def test_the_licence_is_the_publishers_choice(sample_build, tmp_path: Path) -> None:
    assert _offers(sample_build, "de")["licence"] is None
    assert "noch keine Lizenz" in sample_build.text("de/angebote/index.html")
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    site_yaml = content / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + "data_licence: dl-de-by-2.0\n", encoding="utf-8")
    run = cli(*build_args(content, tmp_path / "site", keep=True))
    assert run.code == 0, run.err
    document = json.loads((tmp_path / "site/output/data/de/offers.json").read_bytes())
    assert document["licence"]["url"] == "https://www.govdata.de/dl-de/by-2-0"
    page = (tmp_path / "site/output/de/angebote/index.html").read_text(encoding="utf-8")
    assert 'rel="license"' in page and "dl-de/by-2-0" in page


def test_an_unknown_licence_is_a_content_error(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    site_yaml = content / "site.yaml"
    lines = site_yaml.read_text(encoding="utf-8")
    site_yaml.write_text(lines + "data_licence: CC-BY-4\n", encoding="utf-8")
    run = cli("check", "--content", content, "--no-print", "--lang", "en")
    line = lines.count("\n") + 1
    assert run.code == 1
    assert f"site.yaml:{line}:15: unknown licence 'CC-BY-4' (did you mean 'CC-BY-4.0'?)" in run.out + run.err


def test_the_files_made_one_after_the_other_are_the_same_and_let_go_of_each_languages_rows() -> None:
    import datetime as dt

    from quartierboards.pipeline import plan_schedules
    from quartierboards.render.offerdata import CityRows, each_offer_file, offer_files

    site = load_site(SAMPLE)
    today = dt.date(2026, 11, 30)
    plan = plan_schedules(site, today)
    whole = offer_files(site, CityRows(site, plan), today)
    city = CityRows(site, plan)
    held = []
    for path, _key, data in each_offer_file(site, city, today, release=True):
        assert whole[path] == data
        held.append(len(city.made()))
    # A language's rows are made for its two files, then let go of: never more than one at a time.
    assert max(held) == 1 and city.made() == {}


def test_rows_another_process_made_give_the_same_files_and_stay_json_until_asked_for() -> None:
    import datetime as dt

    from quartierboards.pipeline import plan_schedules
    from quartierboards.render.offerdata import CityRows, offer_files

    site = load_site(SAMPLE)
    today = dt.date(2026, 11, 30)
    plan = plan_schedules(site, today)
    made_there = CityRows(site, plan)
    for lang in site.config.languages:
        made_there.rows(lang)
    packed = made_there.made()  # what the search index's process sends back
    assert all(isinstance(data, bytes) for data in packed.values()), "not the rows as objects, all at once"
    adopted = CityRows(site, plan)
    adopted.adopt(packed)
    assert offer_files(site, adopted, today) == offer_files(site, CityRows(site, plan), today)


def test_a_csv_is_made_again_only_when_its_offers_json_or_the_day_changed() -> None:
    import datetime as dt

    from quartierboards.pipeline import plan_schedules
    from quartierboards.render.offerdata import CityRows, each_offer_file, offer_files

    site = load_site(SAMPLE)
    today = dt.date(2026, 11, 30)
    plan = plan_schedules(site, today)
    first = {path: (key, data) for path, key, data in each_offer_file(site, CityRows(site, plan), today, scope="s")}
    keys = {path: key for path, (key, _) in first.items()}
    again = {path: data for path, _, data in each_offer_file(site, CityRows(site, plan), today, scope="s",
                                                             previous=keys)}
    assert [p for p, data in again.items() if data is None] == [p for p in keys if p.endswith(".csv")]
    assert offer_files(site, CityRows(site, plan), today) == {p: data for p, (_, data) in first.items()}
    # Another day (its next dates) or other code (the scope): every CSV is made again.
    tomorrow = today + dt.timedelta(days=1)
    later = plan_schedules(site, tomorrow)
    assert all(data is not None for _, _, data in each_offer_file(site, CityRows(site, later), tomorrow,
                                                                  scope="s", previous=keys))
    assert all(data is not None for _, _, data in each_offer_file(site, CityRows(site, plan), today,
                                                                  scope="other", previous=keys))

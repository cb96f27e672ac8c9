"""Two builds give byte-identical PDFs; overflowing text is a build error naming the product."""

from __future__ import annotations

import copy

import pytest

from quartierboards.errors import ContentErrors
from quartierboards.pipeline import plan_schedules
from quartierboards.print import products, workers
from quartierboards.print.products import render_print_products
from tests.print.conftest import TODAY


def _only(site, quarter: str, languages: list[str]):
    small = copy.deepcopy(site)
    small.quarters = {quarter: small.quarters[quarter]}
    small.config = small.config.model_copy(
        update={"print": small.config.print.model_copy(update={"languages": languages})})
    return small


def test_second_build_is_byte_identical(built):
    site = built.result.site
    workers.init_worker(site, plan_schedules(site, TODAY), None)
    specs = [s for s in products.product_specs(site) if s.quarter == "nordstadt"]
    assert len(specs) == 12  # 5 flyers and a sticker, 2 variants each
    for spec in specs:  # in this process, one after the other; the build used a process pool
        assert workers.render_one(spec)[0].pdf == (built.flyers / spec.file).read_bytes(), spec.file


def test_source_date_epoch_sets_the_date(built, monkeypatch):
    site = _only(built.result.site, "suedpark", ["de"])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    files = render_print_products(site, plan_schedules(site, TODAY), None, jobs=1).files
    import pypdfium2 as pdfium

    metadata = pdfium.PdfDocument(files["suedpark/flyer-suedpark-de-web.pdf"]).get_metadata_dict()
    assert metadata["CreationDate"].startswith("D:20260101000000")


def test_long_quarter_name_is_an_error_naming_the_product(built):
    site = _only(built.result.site, "suedpark", ["de"])
    quarter = site.quarters["suedpark"]
    long_name = " ".join(["Südpark an der alten Zechenbahn und am Kanal"] * 8)
    quarter.data = quarter.data.model_copy(update={"name": {**quarter.data.name, "de": long_name}})
    with pytest.raises(ContentErrors) as caught:
        render_print_products(site, plan_schedules(site, TODAY), None, jobs=1)
    text = str(caught.value)
    assert "flyer suedpark (de, print)" in text and "does not fit" in text
    assert "content/quarters/suedpark/quarter.yaml" in text

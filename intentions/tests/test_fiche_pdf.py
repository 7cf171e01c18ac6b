"""The PDF fiche as a reader sees it: text extracted page by page (pypdfium2)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pypdfium2
from django.utils import translation

from concept.models import Sdg
from core.money import format_czk
from intentions import services
from intentions.pdf import render_fiches

from .factories import make_intention, publish

SOURCES = ["own", "eu", "national", "regional", "private", "loan", "other"]


def pages(pdf: bytes) -> list[str]:
    """The text of each page; a table row reads as one line, cells separated by spaces."""
    document = pypdfium2.PdfDocument(pdf)
    return [document[i].get_textpage().get_text_range() for i in range(len(document))]


def plain(text: str) -> str:
    """Non-breaking spaces as spaces (the extracted text has plain ones)."""
    return text.replace("\u00a0", " ")


def wide_budget(first_year: int = 2026, years: int = 5) -> list[tuple[int, str, Decimal]]:
    """Every funding source in every year, amounts in the tens of millions."""
    return [(first_year + y, source, Decimal(12_345_000 + 1_000_000 * i + 10_000 * y))
            for y in range(years) for i, source in enumerate(SOURCES)]


def test_the_budget_table_splits_no_word_and_no_amount(editor, moderator):
    budget = wide_budget()
    total = sum((amount for _y, _s, amount in budget), Decimal(0))
    intention = publish(moderator, make_intention(
        editor, budget=budget, total_cost=total, start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2030, 12, 31)))
    with translation.override("cs"):
        text = "\n".join(pages(render_fiches([intention], show_budget=lambda _i: True)))
        label = translation.gettext("Total")
    words = re.findall(r"\w+", text)
    # "Celkem" heads the total column and starts the totals row, whole each time (it was
    # split "Celke/m" in a column too narrow for it).
    assert words.count(label) >= 2, text
    assert not any(label.startswith(word) and word != label for word in words)
    # Every amount is whole on one line: the grand total and each source's total.
    assert plain(format_czk(total, currency=False)) in text
    for source in SOURCES:
        by_source = sum((a for _y, s, a in budget if s == source), Decimal(0))
        assert plain(format_czk(by_source, currency=False)) in text, source


def test_the_totals_row_never_stands_alone_on_a_new_page(editor, moderator):
    """Wherever the budget falls on the page (longer or shorter texts before it), its
    heading, every year, the totals row and the total cost are on one page."""
    budget = wide_budget(years=4)
    total = sum((amount for _y, _s, amount in budget), Decimal(0))
    intention = make_intention(editor, budget=budget, total_cost=total,
                               start_date=dt.date(2026, 1, 1), end_date=dt.date(2029, 12, 31))
    with translation.override("cs"):
        heading = translation.gettext("Budget by year and funding source")
        label = translation.gettext("Total")
        total_line = plain(translation.gettext("Total cost of the project: %(total)s") % {
            "total": format_czk(total)})
        amount = re.escape(plain(format_czk(total, currency=False)))
        totals_row = re.compile(rf"^{label} .*{amount}( Kč)?\s*$", re.MULTILINE)
        split_pages = []
        for paragraphs in range(0, 34, 2):
            intention.refresh_from_db()
            services.update_intention(editor, intention, {
                "description": "\n".join(f"Odstavec {n}: výměna svítidel v ulici." for n in
                                         range(paragraphs))}, expected_version=intention.version)
            intention.refresh_from_db()
            texts = [plain(page).replace("\r\n", "\n") for page in
                     pages(render_fiches([intention], show_budget=lambda _i: True))]
            where = [i for i, page in enumerate(texts) if totals_row.search(page)]
            assert len(where) == 1, (paragraphs, texts)
            page = texts[where[0]]
            years = [re.search(rf"^{2026 + y} ", page, re.MULTILINE) for y in range(4)]
            if not (heading in page and all(years) and total_line in page):
                split_pages.append(paragraphs)
    assert split_pages == []


def test_the_fiche_names_the_contact_person_the_total_cost_and_sdgs_as_sdg(
        client, editor, moderator):
    intention = publish(moderator, make_intention(
        editor, contact_name="Ing. Jana Nováková", contact_email="jana.novakova@c-budejovice.cz",
        contact_phone="+420 386 801 111",
        sdgs=list(Sdg.objects.filter(code__in=[7, 11]))))
    response = client.get(f"/cs/zamery/{intention.pk}/karta.pdf")
    assert response.status_code == 200
    text = "\n".join(pages(response.content))
    with translation.override("cs"):
        contact = translation.gettext("Contact person")
        total_line = plain(translation.gettext("Total cost of the project: %(total)s") % {
            "total": format_czk(Decimal("12500000"))})
        sdg_7 = translation.gettext("SDG %(number)s %(name)s") % {
            "number": 7, "name": Sdg.objects.get(code=7).name}
    assert contact in text
    assert "Ing. Jana Nováková" in text and "jana.novakova@c-budejovice.cz" in text
    assert "+420 386 801 111" in text
    assert total_line in text.replace("\r\n", " ")
    assert sdg_7.split()[0] + " 7" in text and "SDG 11" in text
    # A private budget keeps the total cost out of the fiche as well.
    hidden = render_fiches([intention], show_budget=lambda _i: False)
    assert "12 500 000" not in "\n".join(pages(hidden))

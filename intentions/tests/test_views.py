from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from intentions import services
from intentions.models import Intention
from territory.models import TerritorialUnit

from .factories import make_intention, publish


def many(editor, moderator, count):
    for index in range(count):
        publish(moderator, make_intention(editor, title=f"Záměr {index:03d}"))


def test_list_page_query_count_does_not_grow(client, editor, moderator,
                                             django_assert_max_num_queries):
    many(editor, moderator, 3)
    with django_assert_max_num_queries(60) as few:
        client.get("/en/intentions/")
    many(editor, moderator, 20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/en/intentions/")
    html = response.content.decode()
    assert "Záměr 019" in html
    assert "12\u00a0500\u00a0000\u00a0Kč" in html


def test_public_list_facets_and_filters(client, editor, moderator):
    many(editor, moderator, 2)
    make_intention(editor, title="Nezveřejněný koncept")
    html = client.get("/en/intentions/").content.decode()
    assert "Záměr 000" in html and "Nezveřejněný" not in html
    assert "By region" in html and "Jihočeský kraj" in html
    assert client.get("/en/intentions/", {"technology": "smart-lighting"}).status_code == 200
    html = client.get("/en/intentions/", {"source": "loan"}).content.decode()
    assert "Záměr 000" not in html


def test_the_list_pages_download_keeps_its_filters(client, editor, moderator):
    import csv
    import html as html_lib
    import io
    import re

    many(editor, moderator, 1)  # 12.5 mil. Kč
    publish(moderator, make_intention(
        editor, title="Malý záměr", total_cost=Decimal("2000000"),
        budget=[(2026, "own", Decimal("2000000"))]))
    page = client.get("/en/intentions/", {"budget": "1m-5m"}).content.decode()
    link = html_lib.unescape(re.search(r'href="(/api/v1/intentions\?[^"]*format=csv)"',
                                       page).group(1))
    rows = list(csv.DictReader(io.StringIO(client.get(link).content.decode("utf-8-sig"))))
    assert [r["title"] for r in rows] == ["Malý záměr"]
    assert client.get("/api/v1/intentions", {"budget": "huge"}).status_code == 400


def test_wizard_autosave_keeps_invalid_input_and_survives_a_new_session(client, editor):
    client.force_login(editor)
    response = client.post("/en/intentions/new/", {
        "title": "Chytré parkování", "lead_unit": editor.memberships.first().unit.code})
    intention = Intention.objects.get(title="Chytré parkování")
    assert response.url.endswith(f"/en/intentions/{intention.pk}/edit/basics/")
    url = f"/en/intentions/{intention.pk}/edit/budget/"
    client.get(url)
    reply = client.post(url, {"version": "0", "start_date": "2026-04-01",
                              "end_date": "2027-06-30", "readiness": "study",
                              "total_cost": "3 mil", "budget_public": "on"},
                        HTTP_HX_REQUEST="true")
    body = reply.content.decode()
    assert "Saved at" in body and 'value="1"' in body  # the new step version
    assert "Enter an amount in CZK" in body
    intention.refresh_from_db()
    assert intention.start_date == dt.date(2026, 4, 1)
    assert intention.pending_input == {"budget": {"total_cost": "3 mil"}}
    # A new browser session: what was typed is still there, with its error.
    client.logout()
    client.force_login(editor)
    page = client.get(url).content.decode()
    assert 'value="3 mil"' in page and "Enter an amount in CZK" in page
    assert "2026" in page and "2027" in page  # the budget grid follows the dates
    client.post(url, {"version": "1", "start_date": "2026-04-01", "end_date": "2027-06-30",
                      "readiness": "study", "total_cost": "3 000 000",
                      "b_2026_own": "1 000 000", "b_2027_eu": "2 000 000,00",
                      "grid_years": ["2026", "2027"]})
    intention.refresh_from_db()
    assert intention.pending_input == {}
    assert intention.total_cost == Decimal("3000000.00")
    assert intention.budget_total == Decimal("3000000.00")


def test_conflict_on_the_same_step_shows_both_versions(client, editor, make_member):
    colleague = make_member("editor", "544256")
    intention = make_intention(editor)
    url = f"/en/intentions/{intention.pk}/edit/basics/"
    client.force_login(colleague)
    client.post(url, {"version": "0", "title": intention.title, "goals": "Kolegovy cíle"})
    client.force_login(editor)
    response = client.post(url, {"version": "0", "title": intention.title,
                                 "goals": "Moje cíle", "go": "next"})
    html = response.content.decode()
    assert "Compare the two versions" in html and "Kolegovy cíle" in html
    assert "Moje cíle" in html
    intention.refresh_from_db()
    assert intention.goals == "Kolegovy cíle"
    autosave = client.post(url, {"version": "0", "title": intention.title, "goals": "x"},
                           HTTP_HX_REQUEST="true")
    assert "Not saved" in autosave.content.decode()


def test_review_lists_problems_and_submission(client, editor):
    intention = make_intention(editor, total_cost=Decimal("1"))
    client.force_login(editor)
    html = client.get(f"/en/intentions/{intention.pk}/edit/review/").content.decode()
    assert "adds up to 12\u00a0500\u00a0000\u00a0Kč" in html
    assert "Submit the intention" not in html
    response = client.post(f"/en/intentions/{intention.pk}/submit/", {"from": "review"},
                           follow=True)
    assert "cannot be submitted yet" in response.content.decode()


def test_detail_hides_private_budget_from_the_public(client, editor, moderator):
    intention = publish(moderator, make_intention(editor, budget_public=False))
    html = client.get(f"/en/intentions/{intention.pk}/").content.decode()
    assert "have not made the budget public" in html
    assert "12\u00a0500\u00a0000" not in html
    client.force_login(editor)
    html = client.get(f"/en/intentions/{intention.pk}/").content.decode()
    assert "12\u00a0500\u00a0000\u00a0Kč" in html


def test_fiche_pdf_and_exports(client, editor, moderator):
    intention = publish(moderator, make_intention(editor, title="Žluťoučký kůň v Českých "
                                                                 "Budějovicích"))
    response = client.get(f"/en/intentions/{intention.pk}/fiche.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    import pypdfium2

    document = pypdfium2.PdfDocument(response.content)
    text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    assert "Žluťoučký kůň" in text
    assert "12\u00a0500\u00a0000\u00a0Kč" in text or "12 500 000 Kč" in text
    assert "2026" in text
    data = client.get(f"/en/intentions/{intention.pk}/fiche.json").json()
    assert data["budget_total"] == "12500000.00"
    import io

    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(client.get(f"/en/intentions/{intention.pk}/fiche.xlsx")
                                        .content))
    assert workbook.sheetnames == ["fiche", "budget"]
    fields = {row[0]: row[1] for row in workbook["fiche"].iter_rows(values_only=True)}
    assert fields["title"] == "Žluťoučký kůň v Českých Budějovicích"
    assert sum(float(row[2]) for row in workbook["budget"].iter_rows(min_row=2, values_only=True)
               ) == 12_500_000
    csv_text = client.get(f"/en/intentions/{intention.pk}/fiche.csv").content.decode("utf-8-sig")
    assert "budget_total" in csv_text and "year,source,amount_czk" in csv_text
    bulk = client.get("/en/intentions/unit/544256/fiches.pdf")
    assert bulk.status_code == 200 and bulk.content.startswith(b"%PDF")
    assert client.get("/en/intentions/unit/544256/fiches.xlsx").status_code == 200


@pytest.mark.parametrize("change", ["start", "cancel"])
def test_status_changes_from_the_page(client, editor, moderator, change):
    intention = publish(moderator, make_intention(editor))
    client.force_login(editor)
    client.post(f"/en/intentions/{intention.pk}/status/{change}/")
    intention.refresh_from_db()
    assert intention.status == {"start": "in_implementation", "cancel": "cancelled"}[change]


def test_my_municipalities_filter_covers_a_coordinators_whole_kraj(client, editor, moderator,
                                                                    make_member):
    brno_editor = make_member("editor", "582786")
    ours = publish(moderator, make_intention(editor, title="Osvětlení v Budějovicích"))
    partnered = publish(moderator, make_intention(
        brno_editor, unit_code="582786", title="Brněnský projekt s partnerem",
        partner_units=[TerritorialUnit.objects.get(code="544256")]))
    publish(moderator, make_intention(brno_editor, unit_code="582786", title="Jen brněnský"))
    coordinator = make_member("coordinator", "CZ031")
    client.force_login(coordinator)
    # Invited, not yet a partner: not among the coordinator's municipalities' intentions.
    assert partnered.title not in client.get("/en/intentions/?mine=1").content.decode()
    services.answer_partnership(coordinator, partnered.partnerships.get(), accept=True)
    page = client.get("/en/intentions/?mine=1").content.decode()
    assert ours.title in page and partnered.title in page
    assert "Jen brněnský" not in page
    assert "Jen brněnský" in client.get("/en/intentions/").content.decode()

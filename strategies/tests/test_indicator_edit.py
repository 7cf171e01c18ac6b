"""An indicator is corrected on a page of its own (name, unit, baseline, target) and keeps
its measured values; a save over someone else's shows both versions and writes nothing;
only those who edit the strategy open the page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from core.models import HistoryEntry
from strategies import services
from strategies.models import Indicator, Strategy

from .factories import make_strategy


@pytest.fixture
def editor(reference_data, make_member):
    return make_member("editor", "544256")


@pytest.fixture
def indicator(editor):
    strategy = make_strategy(editor)
    node = services.add_node(editor, strategy, kind="goal", title="Cyklistická doprava")
    indicator = services.add_indicator(editor, node, name="Délka cyklostezek", unit="km",
                                       baseline_value=Decimal(12), baseline_year=2020,
                                       target_value=Decimal(30), target_year=2030)
    services.set_indicator_value(editor, indicator, 2024, Decimal(18))
    return indicator


def form_data(indicator, **changes):
    data = {"name": indicator.name, "unit": indicator.unit, "baseline_value": "12",
            "baseline_year": "2020", "target_value": "30", "target_year": "2030",
            "version": str(indicator.version)}
    data.update(changes)
    return data


def test_the_node_page_links_the_page_that_corrects_an_indicator(client, editor, indicator):
    client.force_login(editor)
    url = reverse("strategies:indicator_edit", kwargs={"pk": indicator.pk})
    node_page = client.get(reverse("strategies:node_edit", kwargs={"pk": indicator.node_id}))
    assert f'href="{url}"' in node_page.content.decode()
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="Délka cyklostezek"' in page.content.decode()


def test_a_correction_keeps_the_measured_values_and_is_one_new_strategy_version(
        client, editor, indicator):
    client.force_login(editor)
    strategy_version = Strategy.objects.get(pk=indicator.node.strategy_id).version
    url = reverse("strategies:indicator_edit", kwargs={"pk": indicator.pk})
    response = client.post(url, form_data(indicator, name="Délka cyklostezek a cyklopruhů",
                                          target_value="35,5"))
    assert response.status_code == 302
    assert response.url == reverse("strategies:node_edit", kwargs={"pk": indicator.node_id})
    stored = Indicator.objects.get(pk=indicator.pk)
    assert (stored.name, stored.target_value) == ("Délka cyklostezek a cyklopruhů",
                                                  Decimal("35.5"))
    assert stored.version == indicator.version + 1
    assert [(v.year, v.value) for v in stored.values.all()] == [(2024, Decimal(18))]
    assert Strategy.objects.get(pk=stored.node.strategy_id).version == strategy_version + 1
    entry = HistoryEntry.objects.filter(model_label="strategies.strategy").latest("id")
    assert ["Délka cyklostezek", "Délka cyklostezek a cyklopruhů"] in entry.changes.values()


def test_a_save_over_someone_elses_shows_both_and_writes_nothing(client, editor, indicator,
                                                                 make_member):
    coordinator = make_member("coordinator", "CZ031")
    services.update_indicator(coordinator, indicator, expected_version=indicator.version,
                              name="Délka cyklotras")
    client.force_login(editor)
    with translation.override("cs"):
        response = client.post(
            reverse("strategies:indicator_edit", kwargs={"pk": indicator.pk}),
            form_data(indicator, name="Délka cyklostezek v km"))
        refusal = gettext("Someone else has changed this record meanwhile. Your changes were "
                          "not saved; compare both versions below and save again.")
    assert response.status_code == 200
    page = response.content.decode()
    assert refusal in page and "Délka cyklotras" in page and "Délka cyklostezek v km" in page
    assert Indicator.objects.get(pk=indicator.pk).name == "Délka cyklotras"


def test_only_those_who_edit_the_strategy_open_the_page(client, indicator, make_member):
    url = reverse("strategies:indicator_edit", kwargs={"pk": indicator.pk})
    assert client.get(url).status_code == 302  # to the login
    for outsider in (make_member("editor", "586846"), make_member("analyst")):
        client.force_login(outsider)
        assert client.get(url).status_code in (403, 404)
        assert client.post(url, form_data(indicator, name="Cizí")).status_code in (403, 404)
    assert Indicator.objects.get(pk=indicator.pk).name == "Délka cyklostezek"

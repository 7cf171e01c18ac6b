"""An editor picks a strategy's owner and an intention's partner municipality by typing a
name without diacritics ("ceske bud" → České Budějovice) with the keyboard only, saves, and
the change history says what changed in words; the pages, the open list of suggestions
included, pass axe-core. Visited in English (/en/) so the wording does not depend on the
Czech catalogue."""

from __future__ import annotations

from playwright.sync_api import expect

from e2e.conftest import assert_accessible, login

PASSWORD = "heslo-Pro-Test-77"
CB, PISEK = "544256", "549240"


def choose_by_keyboard(page, label: str, typed: str, expected: str) -> None:
    """Type into the combobox, wait for the suggestion, take it with ↓ and Enter."""
    box = page.get_by_role("combobox", name=label)
    box.focus()
    page.keyboard.type(typed, delay=40)
    listbox = page.get_by_role("listbox")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    first = listbox.get_by_role("option").first
    expect(first).to_contain_text(expected)
    page.keyboard.press("ArrowDown")
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    assert_accessible(page)  # the open combobox and its listbox
    page.keyboard.press("Enter")
    expect(listbox).to_be_hidden()
    expect(box).to_have_value("")
    expect(page.get_by_role("checkbox", name=expected)).to_be_checked()


def test_owner_and_partner_chosen_by_name_with_the_keyboard(page, reference_data,
                                                             make_member, admin_user):
    from accounts.models import Role
    from accounts.services import grant_membership
    from concept.services import load_vocabularies
    from intentions.tests.factories import make_intention
    from strategies.tests.factories import make_strategy
    from territory.models import TerritorialUnit

    load_vocabularies()
    # An editor of Písek who also edits for České Budějovice (so both may own a strategy).
    editor = make_member("editor", PISEK, email="editor@example.cz")
    grant_membership(admin_user, editor, Role.EDITOR, TerritorialUnit.objects.get(code=CB))
    strategy = make_strategy(editor, owner_code=PISEK, title="Strategie chytrého Písku")
    intention = make_intention(editor, unit_code=PISEK, title="Sdílené chytré parkování")

    login(page, "editor@example.cz", PASSWORD)

    # The strategy's owners: Písek is there, České Budějovice is added by name.
    page.goto(f"/en/strategies/{strategy.pk}/edit/")
    expect(page.get_by_role("checkbox", name="Písek")).to_be_checked()
    assert_accessible(page)
    choose_by_keyboard(page, "Owner units", "ceske bud", "České Budějovice")
    page.get_by_role("button", name="Save", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("The changes have been saved.")).to_be_visible()
    history = page.get_by_role("region", name="Change history")
    expect(history).to_contain_text("Owner units: added: České Budějovice")
    expect(history).not_to_contain_text(CB)
    assert_accessible(page)
    assert sorted(strategy.owners.values_list("code", flat=True)) == [CB, PISEK]

    # The intention's partner municipality, saved by the wizard as soon as it is chosen.
    page.goto(f"/en/intentions/{intention.pk}/edit/basics/")
    choose_by_keyboard(page, "Partner municipalities", "ceske bud", "České Budějovice")
    expect(page.locator("#save-status")).to_contain_text("Saved")
    page.goto(f"/en/intentions/{intention.pk}/")
    history = page.get_by_role("region", name="Change history")
    expect(history).to_contain_text("Partner municipalities: added: České Budějovice")
    expect(history).to_contain_text("Partner municipality České Budějovice")
    expect(history).not_to_contain_text(CB)
    assert_accessible(page)
    assert list(intention.partner_units.values_list("code", flat=True)) == [CB]

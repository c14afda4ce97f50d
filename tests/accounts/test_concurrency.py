"""The optimistic-concurrency mixin on its own, with a small Company form."""

import pytest
from django import forms

from accounts.concurrency import (
    NEW_ROW,
    VERSION_FIELD,
    OptimisticConcurrencyMixin,
    row_version,
)
from applications.models import Company, Status
from tests.factories import ApplicationFactory, CompanyFactory

pytestmark = pytest.mark.django_db


class CompanyForm(OptimisticConcurrencyMixin, forms.ModelForm):
    class Meta:
        model = Company
        fields = ["name", "website", "notes"]


def _opened(company) -> dict:
    """What a page opened now would post back, unchanged."""
    form = CompanyForm(instance=company)
    return {
        "name": company.name,
        "website": company.website,
        "notes": company.notes,
        VERSION_FIELD: form.initial[VERSION_FIELD],
    }


def test_an_unchanged_row_saves(user):
    company = CompanyFactory(owner=user, notes="first")
    data = _opened(company) | {"notes": "second"}
    form = CompanyForm(data, instance=company)
    assert form.is_valid(), form.errors
    form.save()
    company.refresh_from_db()
    assert company.notes == "second"


def test_a_save_from_another_tab_in_between_is_refused_and_both_texts_are_shown(user):
    company = CompanyFactory(owner=user, notes="as opened")
    tab_one = _opened(company)
    tab_two = _opened(company)

    form_two = CompanyForm(tab_two | {"notes": "saved from tab two"}, instance=company)
    assert form_two.is_valid()
    form_two.save()

    company.refresh_from_db()
    form_one = CompanyForm(tab_one | {"notes": "typed in tab one"}, instance=company)
    assert not form_one.is_valid()
    assert form_one.has_conflict
    assert "another tab" in form_one.non_field_errors()[0]
    assert form_one.errors["notes"] == ["Saved in the meantime: saved from tab two"]
    # The name did not change on either side: no note beside it.
    assert "name" not in form_one.errors
    # What tab one typed is shown again.
    assert form_one["notes"].value() == "typed in tab one"
    company.refresh_from_db()
    assert company.notes == "saved from tab two"

    # Having seen both, saving again keeps what is in the boxes.
    again = CompanyForm(form_one.data, instance=company)
    assert again.is_valid(), again.errors
    again.save()
    company.refresh_from_db()
    assert company.notes == "typed in tab one"


def test_a_change_made_with_update_is_noticed_too(user):
    application = ApplicationFactory(owner=user)
    before = row_version(application)
    from applications.services import application_change_status

    application_change_status(application=application, to_status=Status.SCREENING)
    assert row_version(application) != before


def test_a_form_without_a_version_is_not_checked(user):
    company = CompanyFactory(owner=user)
    form = CompanyForm({"name": "Renamed", "website": "", "notes": ""}, instance=company)
    assert form.is_valid(), form.errors


def test_a_new_row_has_no_version_to_check(user):
    form = CompanyForm({"name": "New", "website": "", "notes": "", VERSION_FIELD: "stale"})
    assert form.is_valid(), form.errors


class NotesForm(OptimisticConcurrencyMixin, forms.Form):
    notes = forms.CharField(required=False)


def test_a_plain_form_can_guard_the_row_it_edits(user):
    company = CompanyFactory(owner=user, notes="as opened")
    opened = NotesForm(versioned=company).initial[VERSION_FIELD]
    Company.objects.filter(pk=company.pk).update(notes="saved elsewhere")
    form = NotesForm({"notes": "typed", VERSION_FIELD: opened}, versioned=company)
    assert not form.is_valid()
    assert form.errors["notes"] == ["Saved in the meantime: saved elsewhere"]


def test_rows_edited_alongside_are_part_of_the_version(user):
    from applications.models import Contact
    from tests.factories import ContactFactory

    company = CompanyFactory(owner=user)
    contact = ContactFactory(owner=user, company=company)
    related = Contact.objects.filter(company=company)
    opened = NotesForm(versioned=company, versioned_with=(related,)).initial[VERSION_FIELD]
    Contact.objects.filter(pk=contact.pk).update(notes="changed in another tab")
    form = NotesForm(
        {"notes": company.notes, VERSION_FIELD: opened},
        versioned=company,
        versioned_with=(related,),
    )
    assert not form.is_valid()
    assert form.has_conflict


def test_a_writing_page_opened_before_its_row_existed_notices_a_row_saved_since(user):
    """Issue 15, case 2: a first reflection in two tabs."""
    company = CompanyFactory(owner=user, notes="saved from tab one")
    opened = NotesForm(autosaved=True).initial[VERSION_FIELD]
    assert opened == NEW_ROW
    form = NotesForm({"notes": "typed in tab two", VERSION_FIELD: opened}, versioned=company)
    assert not form.is_valid()
    assert form.has_conflict
    assert form.errors["notes"] == ["Saved in the meantime: saved from tab one"]
    # Shown both, the person saves again and keeps what is in the box.
    again = NotesForm(form.data, versioned=company, autosaved=True)
    assert again.is_valid(), again.errors


def test_a_writing_page_saving_the_words_already_saved_is_no_conflict(user):
    company = CompanyFactory(owner=user, notes="as opened")
    opened = NotesForm(versioned=company, autosaved=True).initial[VERSION_FIELD]
    Company.objects.filter(pk=company.pk).update(notes="the same words", website="x.example")
    form = NotesForm(
        {"notes": "the same words", VERSION_FIELD: opened}, versioned=company, autosaved=True
    )
    assert form.is_valid(), form.errors
    # Without the opt-in, any change since opening is reported.
    plain = NotesForm({"notes": "the same words", VERSION_FIELD: opened}, versioned=company)
    assert not plain.is_valid()


def test_a_create_form_is_never_refused_for_a_new_row(user):
    CompanyFactory(owner=user, name="Existing")
    form = CompanyForm({"name": "New", "website": "", "notes": "", VERSION_FIELD: NEW_ROW})
    assert form.is_valid(), form.errors
    assert VERSION_FIELD not in CompanyForm().initial

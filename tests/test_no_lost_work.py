"""No lost work, through the real pages.

- The same record edited in two tabs: the second save is refused with a clear
  message, the typed text is shown again with the saved text beside it. Every
  page whose form carries `loaded_version` is found and tried with two clients,
  and the edit pages listed in GUARDED_EDIT_PAGES must carry it.
- An application in the trash: its pages, and the pages of everything under
  it, answer 404 to the owner too, until it is restored; deleting moves to the
  trash with an Undo button in the message.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from accounts.concurrency import VERSION_FIELD
from applications.models import Application
from applications.trash import application_trash
from tests.test_access import path_for
from tests.urlwalk import NoKwargs, all_routes, fill_kwargs, forms_posting_to, model_for_kwarg
from tests.world import build_world

pytestmark = pytest.mark.django_db

# Edit pages that must refuse a save over another tab's (URL names).
GUARDED_EDIT_PAGES = {
    "applications:application_update",
    "applications:company_update",
    "applications:contact_update",
    "applications:interview_update",
    "applications:document_update",
    "feedback:rejection_update",
    "feedback:reflection_edit",
    "feedback:request_update",
    "feedback:call_prepare",
    "feedback:call_notes",
    "feedback:sar_update",
    "practice:story_update",
    "practice:question_update",
}

CONFLICT_WORDS = "perhaps you, in another tab"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _guarded_pages(client, world) -> list[tuple[str, str]]:
    """(URL name, path) of every page whose own form carries a version."""
    pages = []
    for route in all_routes():
        if route.is_public or not route.kwargs:
            continue
        try:
            url = path_for(route, fill_kwargs(route, world))
        except NoKwargs:
            continue
        response = client.get(url)
        if response.status_code != 200 or response.streaming:
            continue  # Not found, or a file to download.
        for form in forms_posting_to(response.content.decode(errors="replace"), url):
            # An edit form: its version names the row as it was opened.
            if any(f.name.endswith(VERSION_FIELD) and f.value for f in form.fields):
                pages.append((route.name, url))
                break
    return pages


def _text_field(form) -> str | None:
    for kinds in (("textarea",), ("text",)):
        for field in form.fields:
            if field.kind in kinds and "time_zone" not in field.name:
                return field.name
    return None


def _as_dict(data):
    return {k: v if len(v) != 1 else v[0] for k, v in data.items()}


def test_every_edit_page_refuses_a_save_over_another_tabs(user):
    world = build_world(user, tag="qzxa")
    tab_one, tab_two = _client(user), _client(user)
    pages = _guarded_pages(tab_one, world)
    names = {name for name, _ in pages}
    assert names >= GUARDED_EDIT_PAGES, f"Not guarded: {GUARDED_EDIT_PAGES - names}"
    for name, url in pages:
        form_one = forms_posting_to(tab_one.get(url).content.decode(), url)[0]
        form_two = forms_posting_to(tab_two.get(url).content.decode(), url)[0]
        field = _text_field(form_one)
        assert field, f"{name}: no text field to type in"

        data_two = form_two.default_data() | {field: ["Saved from tab two"]}
        saved = tab_two.post(url, _as_dict(data_two))
        assert saved.status_code == 302, f"{name}: tab two's save was refused"

        data_one = form_one.default_data() | {field: ["Typed in tab one"]}
        refused = tab_one.post(url, _as_dict(data_one))
        assert refused.status_code in (200, 400), f"{name}: tab one overwrote tab two"
        page = refused.content.decode()
        assert CONFLICT_WORDS in page, f"{name}: no message about the other tab"
        assert "Typed in tab one" in page, f"{name}: the typed text is not shown again"
        assert "Saved from tab two" in page, f"{name}: the saved text is not shown"

        # Having seen both, saving again keeps what is in the boxes.
        again = forms_posting_to(page, url)[0].default_data()
        assert tab_one.post(url, _as_dict(again)).status_code == 302, name


def _path_to_application(model) -> str | None:
    """The lookup from `model` to its application along required keys, if any."""
    if model is Application:
        return ""
    seen = {model}
    queue = [(model, "")]
    while queue:
        current, path = queue.pop(0)
        for field in current._meta.concrete_fields:
            if not field.is_relation or field.null or field.related_model in seen:
                continue
            step = f"{path}__{field.name}" if path else field.name
            if field.related_model is Application:
                return step
            seen.add(field.related_model)
            queue.append((field.related_model, step))
    return None


def test_pages_under_an_application_in_the_trash_answer_not_found(user):
    world = build_world(user, tag="qzxa")
    owner = _client(user)
    application = world.first(Application)
    tried = []
    routes = []
    for route in all_routes():
        if route.is_public or not route.kwargs or route.name == "applications:trash_restore":
            continue
        models_ = [model_for_kwarg(route, k) for k in route.kwargs]
        if any(m is not None and _path_to_application(m) is not None for m in models_):
            routes.append(route)
    urls = [path_for(r, fill_kwargs(r, world)) for r in routes]
    reachable = {url: owner.get(url).status_code for url in urls}
    assert all(status != 404 for status in reachable.values()), reachable

    application_trash(application=application)
    for url, before in reachable.items():
        if before == 405:
            with transaction.atomic():
                status = owner.post(url).status_code
                transaction.set_rollback(True)
        else:
            status = owner.get(url).status_code
        assert status == 404, f"{url} answered {status} while its application is in the trash"
        tried.append(url)
    assert len(tried) >= 10

    restore = owner.post(reverse("applications:trash_restore", args=[application.pk]))
    assert restore.status_code == 302
    assert owner.get(application.get_absolute_url()).status_code == 200


def test_deleting_moves_to_the_trash_with_an_undo_button(user):
    world = build_world(user, tag="qzxa")
    owner = _client(user)
    application = world.first(Application)
    response = owner.post(
        reverse("applications:application_delete", args=[application.pk]), follow=True
    )
    assert response.status_code == 200
    assert Application.objects.in_trash_of(user).filter(pk=application.pk).exists()
    undo = reverse("applications:trash_restore", args=[application.pk])
    assert f'action="{undo}"' in response.content.decode()
    assert "Undo" in response.content.decode()
    owner.post(undo)
    assert Application.objects.owned_by(user).filter(pk=application.pk).exists()


def test_logging_out_and_deleting_the_account_tell_the_browser_to_forget_drafts(
    client_logged_in, user, password
):
    response = client_logged_in.post(reverse("account_logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"storage"'

    client_logged_in.force_login(user)
    response = client_logged_in.post(reverse("delete_account"), {"password": password})
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"storage"'


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("page", ["reflection", "call notes"])
def test_two_tabs_saving_at_the_same_moment_take_turns(user, page):
    """The version check and the save hold the row locked: of two first saves
    at the same moment, one is kept and the other refused, never one silently
    replacing the other (issue 15, case 2)."""
    import threading

    from django.db import connection

    from feedback.models import FeedbackCall, Reflection
    from feedback.services import feedback_call_create
    from tests.factories import RejectionFactory

    rejection = RejectionFactory(owner=user)
    if page == "reflection":
        url = reverse("feedback:reflection_autosave", args=[rejection.pk])
        field, version = "went_well", "new"

        def saved_text():
            return Reflection.objects.get().went_well
    else:
        call = feedback_call_create(
            rejection=rejection, user=user, scheduled_at=rejection.created_at
        )
        url = reverse("feedback:call_autosave", args=[call.pk])
        field = "notes"
        version = (
            _client(user)
            .get(reverse("feedback:call_notes", args=[call.pk]))
            .context["form"]
            .initial[VERSION_FIELD]
        )

        def saved_text():
            return FeedbackCall.objects.get().notes

    answers: dict[str, int] = {}
    together = threading.Barrier(2)

    def save(text: str) -> None:
        tab = _client(user)
        together.wait()
        try:
            answers[text] = tab.post(url, {field: text, VERSION_FIELD: version}).status_code
        finally:
            connection.close()

    tabs = [threading.Thread(target=save, args=(text,)) for text in ("Tab one", "Tab two")]
    for tab in tabs:
        tab.start()
    for tab in tabs:
        tab.join()
    assert sorted(answers.values()) == [200, 400], answers
    kept = next(text for text, status in answers.items() if status == 200)
    assert saved_text() == kept


def _two_tabs_on(user, url: str, field: str, one: str, two: str) -> None:
    """Both tabs open `url`; tab two saves `field` as `two`, then tab one saves
    it as `one`: refused with both shown, then kept when saved again."""
    tab_one, tab_two = _client(user), _client(user)
    form_one = forms_posting_to(tab_one.get(url).content.decode(), url)[0]
    form_two = forms_posting_to(tab_two.get(url).content.decode(), url)[0]
    saved = tab_two.post(url, _as_dict(form_two.default_data() | {field: [two]}))
    assert saved.status_code == 302, "tab two's save was refused"

    refused = tab_one.post(url, _as_dict(form_one.default_data() | {field: [one]}))
    assert refused.status_code == 200, "tab one overwrote tab two"
    page = refused.content.decode()
    assert CONFLICT_WORDS in page
    assert one in page, "the typed text is not shown again"
    assert f"Saved in the meantime: {two}" in page, "the saved text is not shown"

    again = forms_posting_to(page, url)[0].default_data()
    assert tab_one.post(url, _as_dict(again)).status_code == 302, "refused twice"
    assert one in tab_one.get(url).content.decode()


def test_settings_and_reminders_notice_a_save_from_another_tab(user):
    """Issue 15, case 12."""
    _two_tabs_on(user, reverse("settings"), "name", "Sam from tab one", "Sam from tab two")
    _two_tabs_on(user, reverse("reminders:preferences"), "send_at", "07:15", "19:45")


def test_a_login_elsewhere_is_not_a_change_to_settings(user):
    tab = _client(user)
    url = reverse("settings")
    form = forms_posting_to(tab.get(url).content.decode(), url)[0]
    _client(user).get(url)
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    get_user_model().objects.filter(pk=user.pk).update(last_login=timezone.now())
    data = form.default_data() | {"name": ["Sam"]}
    assert tab.post(url, _as_dict(data)).status_code == 302


def test_thank_you_and_their_view_notice_a_save_from_another_tab(user):
    """Issue 15, case 12."""
    from feedback.services import feedback_call_create
    from tests.factories import RejectionFactory

    rejection = RejectionFactory(owner=user)
    _two_tabs_on(
        user,
        reverse("feedback:comparison", args=[rejection.pk]),
        "note_fit",
        "They liked the portfolio (tab one)",
        "They liked the portfolio (tab two)",
    )
    call = feedback_call_create(rejection=rejection, user=user, scheduled_at=rejection.created_at)
    _two_tabs_on(
        user,
        reverse("feedback:call_thank_you", args=[call.pk]),
        "thank_you_body",
        "Thank you for your time (tab one).",
        "Thank you for your time (tab two).",
    )


def _rejection_post(application, reason: str) -> dict:
    return {
        "received_on": application.created_at.date().isoformat(),
        "channel": "email",
        "stage": "after_applying",
        "reason": reason,
    }


def test_a_rejection_sent_again_after_it_was_recorded(client_logged_in, user):
    """The same words lead to the rejection; other words are shown beside what was
    recorded, on its edit form, and nothing is saved until the person chooses."""
    from feedback.models import Rejection
    from tests.factories import ApplicationFactory

    application = ApplicationFactory(owner=user, date_applied=None)
    url = reverse("feedback:rejection_create", args=[application.pk])
    first = client_logged_in.post(url, _rejection_post(application, "Went with another."))
    rejection = Rejection.objects.get()
    assert first.status_code == 302

    again = client_logged_in.post(url, _rejection_post(application, "Went with another."))
    assert again.status_code == 302
    assert again["Location"] == rejection.get_absolute_url()

    other = client_logged_in.post(url, _rejection_post(application, "Budget was cut."))
    assert other.status_code == 200
    page = other.content.decode()
    assert "already recorded this rejection (perhaps in another tab)" in page
    assert "Saved in the meantime: Went with another." in page
    assert "Budget was cut." in page
    assert f'action="{reverse("feedback:rejection_update", args=[rejection.pk])}"' in page
    # The reason tags were the same (none): only the reason is shown as differing.
    assert "Saved in the meantime: (empty)" not in page
    assert Rejection.objects.get().reason == "Went with another."


def test_a_saved_form_tells_the_browser_to_drop_its_copy(client_logged_in, user):
    """A form answered with a redirect names where it was sent (a cookie autosave.js
    reads); a refused form and a signed-out visitor get no such cookie."""
    from accounts.middleware import SAVED_COOKIE

    url = reverse("practice:story_create")
    refused = client_logged_in.post(url, {"title": ""})
    assert refused.status_code == 200
    assert SAVED_COOKIE not in refused.cookies
    saved = client_logged_in.post(url, {"title": "The redesign", "action": "I led it."})
    assert saved.status_code == 302
    assert saved.cookies[SAVED_COOKIE].value == "%2Fpractice%2Fstories%2Fnew%2F"
    assert not saved.cookies[SAVED_COOKIE]["httponly"]

    signed_out = Client().post(url, {"title": "The redesign"})
    assert signed_out.status_code == 302
    assert SAVED_COOKIE not in signed_out.cookies

"""Share a rejection from its page, open it as the coach by link and by
account, rate both ways, read the three-way comparison on the shared page and
the coaches' columns on the person's own comparison, revoke, and see the 404."""

import re

import pytest
from playwright.sync_api import expect

from sharing.services import coach_ratings_save, share_create
from tests.conftest import signed_in_context
from tests.factories import ReflectionFactory, RejectionFactory, RubricRatingFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, email, password):
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url("**/home/")


def test_share_open_as_coach_rate_compare_revoke(
    logged_in_page, browser, live_server, user, password
):
    page = logged_in_page
    rejection = RejectionFactory(owner=user, application__title="Service designer")
    reflection = ReflectionFactory(rejection=rejection, owner=user)
    RubricRatingFactory(reflection=reflection, area="fit", rating=4)
    RubricRatingFactory(
        reflection=None, rejection=rejection, source="feedback", area="fit", rating=2
    )
    coach = UserFactory(email="coach@example.com", password=password)

    # A private link to the rejection's loop, from the rejection's own page.
    page.goto(rejection.get_absolute_url())
    page.get_by_role("link", name="Share with your coach").click()
    expect(page.get_by_label("What to share")).to_have_value("rejection")
    expect(page.get_by_label("Which rejection")).to_have_value(str(rejection.pk))
    page.get_by_label("How they get in").select_option("link")
    page.get_by_role("button", name="Share", exact=True).click()
    expect(page.get_by_role("heading", name="They will not see")).to_be_visible()
    link = page.locator("[data-rb-share-link]").input_value()
    link_share_url = page.url

    # And an invitation to the coach's account.
    page.goto("/sharing/new/")
    page.get_by_label("What to share").select_option("rejection")
    page.get_by_label("Which rejection").select_option(str(rejection.pk))
    page.get_by_label("How they get in").select_option("invitation")
    page.get_by_label("Their email address").fill("coach@example.com")
    page.get_by_role("button", name="Share", exact=True).click()
    expect(page.get_by_text("Invitation sent to coach@example.com")).to_be_visible()
    invitation_url = page.url

    coach_context = browser.new_context(base_url=live_server.url)
    coach_page = coach_context.new_page()
    try:
        # By link, without signing in: read, and rate as an invited coach can.
        coach_page.goto(link)
        expect(coach_page.get_by_role("heading", level=1)).to_have_text(
            "Service designer at " + rejection.application.company.name
        )
        expect(coach_page.locator("footer")).to_contain_text("Shared with you to read")
        expect(coach_page.locator("footer")).not_to_contain_text("Your notes are private")
        coach_page.get_by_label("Evidence: your rating").select_option("3")
        coach_page.get_by_label("Evidence: your note").fill("Stories need a result.")
        coach_page.get_by_role("button", name="Save your ratings").click()
        expect(coach_page.get_by_text("Your ratings are saved")).to_be_visible()
        expect(coach_page.locator("[data-rb-three-way] tr", has_text="Evidence")).to_contain_text(
            "Stories need a result."
        )

        # By account: Shared with me, then rate.
        log_in(coach_page, coach.email, password)
        coach_page.goto("/shared/")
        coach_page.get_by_role("link", name=re.compile("One rejection's loop")).click()
        coach_page.get_by_label("Fit: your rating").select_option("2")
        coach_page.get_by_label("Fit: your note").fill("The portfolio did not show the research.")
        coach_page.get_by_role("button", name="Save your ratings").click()
        expect(coach_page.get_by_text("Your ratings are saved")).to_be_visible()
        coach_view_url = coach_page.url

        # The person's three-way comparison.
        page.goto(invitation_url)
        page.get_by_role("link", name="Preview what they see").click()
        fit = page.locator("[data-rb-three-way] tr", has_text="Fit")
        expect(fit).to_contain_text("4")
        expect(fit).to_contain_text("The portfolio did not show the research.")
        expect(fit.locator("td").last).to_have_text("The interviewer")

        # The person's own comparison page: a column for each coach.
        page.goto(f"/feedback/rejections/{rejection.pk}/comparison/")
        table = page.locator("table.rb-comparison")
        expect(table.locator("thead")).to_contain_text(f"Your coach, {coach.display_name}")
        expect(table.locator("thead")).to_contain_text("Your coach (link of")
        fit = table.locator("tbody tr", has_text="Fit")
        expect(fit).to_contain_text("The portfolio did not show the research.")
        expect(fit).to_contain_text("Agrees with them")
        evidence = table.locator("tbody tr", has_text="Evidence")
        expect(evidence).to_contain_text("Stories need a result.")

        # The access log shows both ways in.
        page.goto(link_share_url)
        # (the link opened twice, once and again after saving the ratings, within
        # half an hour by the same visitor: one visit).
        expect(page.get_by_role("cell", name="The private link")).to_have_count(1)

        # Revoke both: the next request is a 404.
        page.get_by_role("link", name="Stop sharing").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Stop sharing")
        page.get_by_role("button", name="Stop sharing").click()
        page.goto(invitation_url)
        page.get_by_role("link", name="Stop sharing").click()
        expect(page.get_by_text("can no longer open it")).to_be_visible()
        page.get_by_role("button", name="Stop sharing").click()
        expect(page.get_by_text("Nobody can open this share any more")).to_be_visible()
        assert coach_page.goto(coach_view_url).status == 404
        assert coach_page.goto(link).status == 404
        # What the coaches said stays the person's.
        page.goto(f"/feedback/rejections/{rejection.pk}/comparison/")
        expect(page.locator("table.rb-comparison tbody")).to_contain_text("Stories need a result.")
    finally:
        coach_context.close()


def test_the_three_way_comparison_fits_a_phone(browser, live_server, user):
    """At 375 px neither the coach's link page nor the person's preview scrolls
    sideways: each area becomes a card, and "Both" is explained."""
    rejection = RejectionFactory(owner=user, application__title="Service designer")
    reflection = ReflectionFactory(rejection=rejection, owner=user)
    for area, mine, theirs in (("fit", 4, 2), ("answers", 3, 3), ("rapport", 2, 5)):
        RubricRatingFactory(
            reflection=reflection, area=area, rating=mine, note="A long note of my own " * 4
        )
        RubricRatingFactory(
            reflection=None, rejection=rejection, source="feedback", area=area, rating=theirs
        )
    share, token = share_create(owner=user, kind="rejection", way="link", rejection=rejection)
    coach_ratings_save(
        share=share,
        values={"fit": (3, "Somewhere between the two views"), "answers": (3, "")},
    )
    phone = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}

    coach_context = browser.new_context(base_url=live_server.url, **phone)
    owner_context = signed_in_context(browser, live_server, user, **phone)
    try:
        coach_page = coach_context.new_page()
        coach_page.goto(f"/s/{token}/")
        fit = coach_page.locator("[data-rb-three-way-cards] li", has_text="Fit")
        expect(fit).to_be_visible()
        expect(fit).to_contain_text("Both")
        expect(coach_page.locator("[data-rb-three-way-cards]")).to_contain_text(
            "Somewhere between the two views"
        )
        expect(coach_page.get_by_text("within one point")).to_be_visible()
        assert coach_page.evaluate("document.documentElement.scrollWidth") <= 375

        owner_page = owner_context.new_page()
        owner_page.goto(f"/sharing/{share.pk}/preview/")
        expect(owner_page.locator("[data-rb-three-way-cards] li", has_text="Fit")).to_be_visible()
        expect(owner_page.get_by_text("within one point")).to_be_visible()
        assert owner_page.evaluate("document.documentElement.scrollWidth") <= 375
    finally:
        coach_context.close()
        owner_context.close()


def test_the_share_form_shows_only_the_fields_that_apply(
    logged_in_page, browser, live_server, user
):
    """With JavaScript the form shows the fields for the chosen kind and way;
    without it every field shows, each saying when it applies."""
    page = logged_in_page
    page.goto("/sharing/new/")
    rejection, plan = page.get_by_label("Which rejection"), page.get_by_label("Which plan")
    salary, email = (
        page.get_by_label("Also show salaries"),
        page.get_by_label("Their email address"),
    )
    until = page.get_by_label("Link open until")
    choices = (
        ("pipeline", "link", (salary, until), (rejection, plan, email)),
        ("plan", "invitation", (plan, email), (rejection, salary, until)),
    )
    for kind, way, shown, hidden in choices:
        page.get_by_label("What to share").select_option(kind)
        page.get_by_label("How they get in").select_option(way)
        for field in shown:
            expect(field).to_be_visible()
        for field in hidden:
            expect(field).to_be_hidden()

    # A field with an error stays in view, whatever is chosen.
    email.fill("coach@example.com")
    page.get_by_label("How they get in").select_option("link")
    page.get_by_role("button", name="Share", exact=True).click()
    expect(page.locator("#error_1_id_invited_email")).to_be_visible()
    expect(email).to_be_visible()
    expect(email).to_have_value("coach@example.com")

    context = signed_in_context(browser, live_server, user, java_script_enabled=False)
    try:
        plain = context.new_page()
        plain.goto("/sharing/new/")
        for label in ("Which rejection", "Which plan", "Also show salaries", "Also show my notes"):
            expect(plain.get_by_label(label)).to_be_visible()
        expect(plain.get_by_label("Their email address")).to_be_visible()
        expect(plain.get_by_label("Link open until")).to_be_visible()
        expect(plain.get_by_text("Only for a plan")).to_be_visible()
        expect(plain.get_by_text("Only for your pipeline").first).to_be_visible()
    finally:
        context.close()

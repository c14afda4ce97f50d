"""The stats page (with every section) and the search report on a 375 px phone."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL, PASSWORD = "phone-stats@example.com", "a-long-test-password-9"

TOO_WIDE_JS = """() => [...document.querySelectorAll('main *')]
  .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .filter((el) => !el.closest('.table-responsive'))
  .slice(0, 8)
  .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${Math.round(el.getBoundingClientRect().right)}px`)"""


def test_stats_and_report_fit_a_phone(phone_page):
    call_command("demo_data", email=EMAIL, password=PASSWORD, verbosity=0)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(email=EMAIL).update(verified=True, primary=True)
    phone_page.goto("/accounts/login/")
    phone_page.locator("#id_login").fill(EMAIL)
    phone_page.locator("#id_password").fill(PASSWORD)
    phone_page.get_by_role("button", name="Log in", exact=True).click()
    phone_page.wait_for_url("**/home/")
    for path in ("/applications/stats/", "/applications/report/"):
        phone_page.goto(path)
        if path.endswith("stats/"):
            assert phone_page.locator("[data-loop-numbers] svg[role=img]").count() >= 1
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, (path, width, phone_page.evaluate(TOO_WIDE_JS))

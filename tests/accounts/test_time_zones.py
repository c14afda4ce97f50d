"""The time zone menu: canonical names only, and nobody's current zone lost."""

import pytest
from django.urls import reverse

from accounts.forms import SettingsForm
from accounts.models import time_zone_choices

pytestmark = pytest.mark.django_db


def test_menu_has_canonical_zones_and_utc_only():
    names = [value for value, _ in time_zone_choices()]
    assert "Europe/London" in names
    assert "America/Argentina/Buenos_Aires" in names
    assert "UTC" in names
    for alias in ("Factory", "localtime", "GB-Eire", "US/Eastern", "Etc/GMT+3", "Canada/Pacific"):
        assert alias not in names
    assert all("/" in name for name in names if name != "UTC")
    assert len(names) < 500


def test_the_persons_own_alias_stays_valid(user):
    user.time_zone = "US/Eastern"
    user.save()
    form = SettingsForm(
        {"name": "Sam", "time_zone": "US/Eastern", "no_response_days": 21}, instance=user
    )
    assert ("US/Eastern", "US/Eastern") in form.fields["time_zone"].choices
    assert form.is_valid(), form.errors
    other = SettingsForm(
        {"name": "Sam", "time_zone": "GB-Eire", "no_response_days": 21}, instance=user
    )
    assert not other.is_valid()


def test_settings_page_lists_no_aliases(client_logged_in):
    html = client_logged_in.get(reverse("settings")).content.decode()
    assert 'value="Europe/London"' in html
    assert 'value="GB-Eire"' not in html
    assert 'value="Factory"' not in html


def test_settings_page_has_no_hidden_initial_input(client_logged_in):
    html = client_logged_in.get(reverse("settings")).content.decode()
    assert 'name="initial-no_response_days"' not in html

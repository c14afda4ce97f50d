"""Rebound as an installable web app: the manifest, its share target, the offline page."""

import json

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from applications.models import Application

pytestmark = pytest.mark.django_db

SHARE = reverse("capture:share")
ADD = reverse("applications:application_create")


def test_the_manifest_installs_rebound_and_puts_it_in_the_share_menu(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == reverse("home")
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")) is not None
    share = manifest["share_target"]
    assert share["action"] == SHARE
    assert share["method"] == "GET"
    assert share["params"] == {"title": "title", "text": "text", "url": "url"}


def test_every_page_links_the_manifest(client_logged_in):
    html = client_logged_in.get(reverse("home")).content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html


def test_the_offline_page_and_worker_are_public_and_hold_nothing_private(client):
    offline = client.get("/offline/")
    assert offline.status_code == 200
    assert "You are offline" in offline.content.decode()
    worker = client.get("/sw.js")
    assert worker.status_code == 200
    assert worker["Content-Type"].startswith("text/javascript")
    assert worker["Cache-Control"] == "no-cache"
    assert '"/offline/"' in worker.content.decode()


def _shared(client, **params):
    response = client.get(SHARE, params)
    assert response.status_code == 302
    return response


def test_a_shared_link_starts_the_add_form(client_logged_in, user):
    response = _shared(
        client_logged_in,
        title="Platform Engineer - Lighthouse Labs",
        url="https://jobs.example/lighthouse/77",
    )
    assert response["Location"].startswith(ADD + "?posting=")
    filled = client_logged_in.get(response["Location"])
    form = filled.context["form"]
    assert form["title"].value() == "Platform Engineer - Lighthouse Labs"
    assert form["posting_url"].value() == "https://jobs.example/lighthouse/77"
    assert "from what you shared" in filled.content.decode()
    assert Application.objects.filter(owner=user).count() == 0


def test_a_link_shared_inside_the_text_is_found(client_logged_in):
    # Android apps often share "Look at this job https://... " as text, with no url.
    response = _shared(
        client_logged_in,
        text="Check out this job at Kite Studio: https://kite.example/jobs/9?ref=share.",
    )
    form = client_logged_in.get(response["Location"]).context["form"]
    assert form["posting_url"].value() == "https://kite.example/jobs/9?ref=share"


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"url": "javascript:alert(1)"},
        {"text": "no link here", "url": "data:text/html,<script>alert(1)</script>"},
        {"title": "   ", "text": ""},
    ],
)
def test_nothing_usable_shared_opens_the_paste_page(client_logged_in, params):
    response = _shared(client_logged_in, **params)
    assert response["Location"] == reverse("capture:posting_paste") + "?shared=nothing"
    page = client_logged_in.get(response["Location"]).content.decode()
    assert "Nothing to read came with what you shared" in page


def test_hostile_shared_values_are_kept_as_text(client_logged_in):
    response = _shared(
        client_logged_in,
        title='"><script>alert(1)</script>\x00 Designer' + "x" * 5000,
        url="https://jobs.example/" + "a" * 2000,
    )
    filled = client_logged_in.get(response["Location"])
    html = filled.content.decode()
    assert "<script>alert(1)" not in html
    form = filled.context["form"]
    assert len(form["title"].value()) <= 200
    assert form["posting_url"].value() is None  # Too long to be a real link: left out.


def test_sharing_needs_the_person_signed_in_and_comes_back_after(client):
    response = client.get(SHARE, {"url": "https://jobs.example/1"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=" in response["Location"]

"""The funnel tells the truth (silence is its own ending) and every published
figure on the stats page names its source."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from applications.figures import CANDIDATE_SURVEY, EMPLOYER_DATA, NO_STUDY, all_figures
from applications.models import Status
from applications.stats import stats_for
from tests.applications.test_stats import NOW, make

pytestmark = pytest.mark.django_db


@pytest.fixture
def search(user):
    """Ten sent: 4 never answered, 3 rejected, 1 withdrawn, 2 still going."""
    for _ in range(4):
        make(user, [(40, Status.APPLIED), (10, Status.NO_RESPONSE)], applied_days_ago=40)
    for _ in range(2):
        make(user, [(30, Status.APPLIED), (20, Status.REJECTED)], applied_days_ago=30)
    make(
        user,
        [
            (30, Status.APPLIED),
            (25, Status.SCREENING),
            (20, Status.INTERVIEWING),
            (5, Status.REJECTED),
        ],
        applied_days_ago=30,
    )
    make(user, [(30, Status.APPLIED), (20, Status.WITHDRAWN)], applied_days_ago=30)
    make(user, [(10, Status.APPLIED), (5, Status.SCREENING)], applied_days_ago=10)
    make(user, [(10, Status.APPLIED)], applied_days_ago=10)


def test_no_response_is_an_ending_of_its_own(user, search):
    stats = stats_for(user, now=NOW)
    endings = {e.key: (e.count, e.percent) for e in stats.endings}
    assert endings == {
        Status.NO_RESPONSE: (4, 40),
        Status.REJECTED: (3, 30),
        Status.WITHDRAWN: (1, 10),
        Status.ACCEPTED: (0, 0),
        "in_progress": (2, 20),
    }
    assert stats.no_response.percent == 40


def test_conversion_stage_by_stage(user, search):
    stats = stats_for(user, now=NOW)
    assert [(c.source, c.target, c.reached, c.moved_on, c.percent) for c in stats.conversions] == [
        ("Applied", "Screening", 10, 2, 20),
        ("Screening", "Interview", 2, 1, 50),
        ("Interview", "Offer", 1, 0, 0),
    ]


def test_stage_times_come_from_the_status_change_dates(user):
    # Saved today, but the history says the screening lasted 12 days.
    make(user, [(30, Status.APPLIED), (20, Status.SCREENING), (8, Status.REJECTED)])
    times = {row.status: row.average_days for row in stats_for(user, now=NOW).stage_times}
    assert times[Status.SCREENING] == 12.0
    assert times[Status.APPLIED] == 10.0


def test_every_figure_in_the_file_has_a_source_year_and_method():
    figures = all_figures()
    assert figures
    for figure in figures.values():
        assert figure.source.strip() and figure.claim.strip()
        assert 2000 < figure.year < 2100
        assert figure.method in {CANDIDATE_SURVEY, EMPLOYER_DATA, NO_STUDY}
    # The published range the issue names, each measured its own way.
    assert figures["stepstone_per_interview"].per_interview == 7
    assert figures["stepstone_per_interview"].method == CANDIDATE_SURVEY
    assert figures["careerplug_per_interview"].per_interview == 33
    assert figures["careerplug_per_interview"].method == EMPLOYER_DATA
    assert figures["careerplug_per_interview"].secondhand
    assert figures["career_refresh_per_interview"].method == NO_STUDY


class FigureSpans(HTMLParser):
    """The text of each element marked data-figure, and the text outside them."""

    def __init__(self):
        super().__init__()
        self.figures: dict[str, str] = {}
        self.outside: list[str] = []
        self._open: list[tuple[str, int]] = []  # (key, depth)
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        self._depth += 1
        key = dict(attrs).get("data-figure")
        if key:
            self._open.append((key, self._depth))
            self.figures[key] = ""

    def handle_endtag(self, tag):
        if self._open and self._open[-1][1] == self._depth:
            self._open.pop()
        self._depth -= 1

    def handle_data(self, data):
        if self._open:
            self.figures[self._open[-1][0]] += data
        else:
            self.outside.append(data)


def test_every_figure_shown_on_the_page_names_its_source(client_logged_in, user, search):
    html = client_logged_in.get(reverse("applications:stats")).content.decode()
    parser = FigureSpans()
    parser.feed(html)
    figures = all_figures()
    shown = parser.figures
    assert {"stepstone_per_interview", "careerplug_per_interview"} <= shown.keys()
    assert {"career_refresh_per_interview", "stepstone_no_response"} <= shown.keys()
    assert {"talent_board_no_feedback", "greenhouse_ghosted_after_interview"} <= shown.keys()
    for key, text in shown.items():
        figure = figures[key]
        assert figure.source in text.replace("&#x27;", "'"), key
        assert str(figure.year) in text, key
        if figure.secondhand:
            assert "third party" in text, key
    # No published percentage appears outside a figure that names its source.
    outside = " ".join(parser.outside)
    for figure in figures.values():
        if figure.percent:
            assert f"{figure.percent}%" not in outside, figure.key


def test_the_quoted_1_in_27_is_shown_as_having_no_study_behind_it(client_logged_in, user, search):
    html = client_logged_in.get(reverse("applications:stats")).content.decode()
    assert "beside the often-quoted 1 in 27" not in html
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert re.search(r"1 in 27.{0,120}has no study behind it", text)
    assert "never averaged" in text


def test_the_page_shows_the_share_that_got_no_answer(client_logged_in, user, search):
    html = client_logged_in.get(reverse("applications:stats")).content.decode()
    row = re.search(r'<tr data-ending="no_response">(.*?)</tr>', html, re.S).group(1)
    assert "No response" in row and ">4<" in row and "40%" in row

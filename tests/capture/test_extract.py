"""Reading job postings from pages saved for these tests (tests/capture/pages/)."""

import json
from datetime import date
from pathlib import Path

import pytest

from capture.extract import MAX_PAGE_CHARS, extract_posting

PAGES = Path(__file__).parent / "pages"


def read(name: str, url: str = ""):
    return extract_posting((PAGES / name).read_text(encoding="utf-8"), url)


def test_json_ld_graph_with_organisation_by_reference_remote_and_encoded_description():
    posting = read("jsonld_graph.html")
    assert posting.found_in == "job posting data"
    assert posting.title == "Senior Product Designer"
    assert posting.company == "Northwind Health & Care"
    assert posting.work_mode == "remote"
    assert posting.location == "Remote (United Kingdom, Ireland)"
    assert (posting.salary_min, posting.salary_max, posting.salary_currency) == (
        58000,
        72000,
        "GBP",
    )
    assert posting.posted_on == date(2026, 11, 28)
    assert posting.closes_on == date(2026, 12, 19)
    assert posting.url == "https://careers.northwind.example/jobs/412"
    assert "Join our patient apps team." in posting.description
    assert "Lead research with nurses\nShip the booking flow" in posting.description
    assert "<" not in posting.description
    assert "steal()" not in posting.description


def test_pasted_address_wins_over_the_one_in_the_page():
    posting = read("jsonld_graph.html", "https://jobs.example/view/99")
    assert posting.url == "https://jobs.example/view/99"


def test_json_ld_list_with_nested_organisation_places_and_monthly_pay():
    posting = read("jsonld_list.html")
    assert posting.title == "Data Engineer"
    assert posting.company == "Pennine Rail Ltd"
    assert posting.location == "Leeds, West Yorkshire, GB; York, GB"
    # A place of work and no word of remote work: on-site (the person can change it).
    assert posting.work_mode == "on_site"
    # Per month, made yearly.
    assert (posting.salary_min, posting.salary_max, posting.salary_currency) == (
        48000,
        60000,
        "EUR",
    )
    assert posting.posted_on == date(2026, 11, 2)
    assert posting.closes_on == date(2027, 1, 15)
    assert posting.description == "Build pipelines for timetable data.\n\nPython & SQL."


def test_remote_with_an_office_is_hybrid_and_hourly_pay_is_a_note_not_a_yearly_guess():
    posting = read("jsonld_hybrid_hourly.html")
    assert posting.title == "Support Analyst (part time)"
    assert posting.company == "Brightside Books"
    assert posting.work_mode == "hybrid"
    assert posting.location == "12 Mill Lane, Bristol"
    assert posting.salary_min is None and posting.salary_max is None
    assert posting.salary_note == "The posting gives the pay per hour: 15.5 GBP"
    assert posting.posted_on is None  # "not a date"


def test_open_graph_only():
    posting = read("og_only.html")
    assert posting.found_in == "page tags"
    assert posting.title == "Backend Developer (Go) at Lumen"
    assert posting.description == "Work on the billing platform. Four days a week in Manchester."
    assert posting.url == "https://lumen.example/careers/backend-go"
    assert posting.company == ""  # og:site_name is often the job board, so not trusted.


def test_no_structured_data_falls_back_to_title_and_meta_description():
    posting = read("no_data.html")
    assert posting.found_in == "page title"
    assert posting.title == "Warehouse Team Leader – Fenland Foods"
    assert posting.description == "Lead a team of twelve on the night shift."
    assert posting.company == "" and posting.salary_min is None


def test_a_broken_json_ld_script_is_skipped_and_the_next_one_read():
    posting = read("broken_json.html")
    assert posting.found_in == "job posting data"
    assert posting.title == "QA Engineer"
    assert posting.company == "Orbit Labs"


def test_only_broken_json_ld_falls_back_to_page_tags():
    posting = read("broken_only.html")
    assert posting.found_in == "page tags"
    assert posting.title == "Office Manager at Harbour Dental"


def test_scripts_and_markup_never_come_out():
    posting = read("scripts.html")
    assert posting.title == "Frontend Developer"
    assert posting.company == "Kite Studio"
    assert posting.location == "Glasgow, GB"
    for field in (posting.title, posting.company, posting.location, posting.description):
        assert "<" not in field
        assert "alert" not in field
        assert "\x00" not in field and "\u202e" not in field
    assert "document.cookie" not in posting.description
    assert "color:red" not in posting.description
    assert posting.description.startswith("Build things.")


def test_microdata_job_posting():
    posting = read("microdata.html")
    assert posting.found_in == "job posting data"
    assert posting.title == "Community Manager"
    assert posting.company == "Tidewater Trust"
    assert posting.location == "Cardiff"
    assert posting.posted_on == date(2026, 10, 1)
    assert posting.description == "Look after our volunteers."


def test_plain_text_paste_becomes_the_description():
    posting = extract_posting(
        "Gardener\nKew Estates\n\n\n\nMow the lawns.", "https://kew.example/j/1"
    )
    assert posting.found_in == "page text"
    assert posting.description == "Gardener\nKew Estates\n\nMow the lawns."
    assert posting.url == "https://kew.example/j/1"


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,x", "ftp://x.example/", "//x"]
)
def test_only_web_addresses_are_kept(url):
    assert extract_posting("<title>Job</title>", url).url == ""
    page = f'<head><meta property="og:title" content="Job"><meta property="og:url" content="{url}"></head>'
    assert extract_posting(page).url == ""


@pytest.mark.parametrize(
    "page",
    [
        "",
        "   ",
        "<",
        "<html>",
        "<?xml version='1.0' encoding='utf-8'?><html><title>T</title></html>",
        "<script type='application/ld+json'>" + "[" * 5000 + "</script><title>Deep</title>",
        '<script type="application/ld+json">{"@type":"JobPosting","title":{"a":[1,2]},"baseSalary":{"value":{"minValue":"-5","maxValue":"1e400"}}}</script>',
        '<script type="application/ld+json">{"@type":"JobPosting","title":"X","baseSalary":{"currency":"GBP","value":{"minValue":9999999999999}}}</script>',
        "\x00<p>\x00</p>",
    ],
)
def test_odd_pages_never_raise(page):
    posting = extract_posting(page)
    assert posting.salary_min is None or 0 < posting.salary_min <= 2_147_483_647
    assert "<" not in posting.title


def test_a_huge_page_is_read_up_to_its_limit():
    filler = "<p>" + "Lots of words about the company. " * 1000 + "</p>"
    head = (PAGES / "jsonld_list.html").read_text(encoding="utf-8")
    page = head.replace("<main>", "<main>" + filler * ((MAX_PAGE_CHARS - len(head)) // len(filler)))
    assert len(page) > MAX_PAGE_CHARS * 0.9
    posting = extract_posting(page)
    assert posting.title == "Data Engineer"
    assert posting.company == "Pennine Rail Ltd"


def _posting(description: str, **fields) -> str:

    data = {"@context": "https://schema.org", "@type": "JobPosting", "title": "Analyst"}
    data.update(fields, description=description)
    return (
        f'<html><head><script type="application/ld+json">{json.dumps(data)}</script></head></html>'
    )


LONDON = {"@type": "Place", "address": {"addressLocality": "London", "addressCountry": "GB"}}


@pytest.mark.parametrize(
    ("description", "fields", "mode"),
    [
        ("Join the team.", {"jobLocation": LONDON}, "on_site"),
        ("<p>Hybrid: two days a week in our London office.</p>", {"jobLocation": LONDON}, "hybrid"),
        ("You will work remotely from anywhere in the UK.", {"jobLocation": LONDON}, "remote"),
        ("This is not a remote role.", {"jobLocation": LONDON}, "on_site"),
        ("Join the team.", {"jobLocation": LONDON, "jobLocationType": "TELECOMMUTE"}, "hybrid"),
        ("Join the team.", {"jobLocationType": "TELECOMMUTE"}, "remote"),
        ("An office-based role in Leeds.", {}, "on_site"),
        ("Join the team.", {}, ""),
    ],
)
def test_the_work_mode_comes_from_the_place_and_the_postings_own_words(description, fields, mode):
    assert extract_posting(_posting(description, **fields)).work_mode == mode


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("Warehouse lead. This role is fully on-site in Peterborough.", "on_site"),
        ("Hybrid working: three days a week at the office.", "hybrid"),
        ("A remote-first company; this is a remote role.", "remote"),
        ("We have an office in Leeds and a remote team in Lisbon.", ""),
    ],
)
def test_pasted_text_without_data_gives_a_work_mode_only_when_it_says_so(text, mode):
    posting = extract_posting(text)
    assert posting.found_in == "page text"
    assert posting.work_mode == mode


def test_a_days_count_without_an_office_guesses_nothing():
    posting = read("og_only.html")
    # "Four days a week in Manchester" names no office, so nothing is guessed.
    assert posting.work_mode == ""

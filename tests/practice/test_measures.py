"""Each measure of an answer, on transcripts written for these tests."""

from practice.measures import (
    filler_words,
    job_terms,
    measure_answer,
    terms_used,
    top_words,
    words_of,
)

STAR_ANSWER = (
    "At my last job our support team had a backlog of two thousand tickets. "
    "My task was to clear it before the product launch. "
    "I wrote a triage guide, I paired with the two newest agents and I automated the "
    "password resets. As a result we cut the backlog by 60 percent in three weeks."
)


def test_length_and_pace_come_from_the_words_and_the_timer():
    measures = measure_answer("one two three four five six seven eight nine ten", seconds=20)
    assert measures.words == 10
    assert measures.pace == 30  # 10 words in 20 seconds


def test_no_pace_without_a_timer_or_for_a_few_seconds():
    assert measure_answer("a short answer", seconds=None).pace is None
    assert measure_answer("a short answer", seconds=3).pace is None


def test_an_empty_transcript_has_no_measures():
    measures = measure_answer("   ", seconds=90)
    assert not measures.has_text
    assert measures.words == 0
    assert measures.fillers_per_100 is None
    assert measures.star == []


def test_filler_sounds_and_words_are_counted_per_100_words():
    text = "Um so I basically rebuilt the uh report and it actually worked"
    measures = measure_answer(text)
    assert sorted(measures.fillers) == ["actually", "basically", "uh", "um"]
    assert measures.words == 12
    assert measures.fillers_per_100 == round(400 / 12, 1)


def test_like_as_a_verb_or_comparison_is_not_a_filler():
    assert filler_words("I like working with people") == []
    assert filler_words("It looks like the data was wrong") == []
    assert filler_words("We used tools like Jira and Slack") == []
    assert filler_words("It was like a maze") == []
    assert filler_words("We would like to ship it") == []
    assert filler_words("It felt like a long week, and they like it") == []


def test_like_filling_a_pause_is_a_filler():
    assert filler_words("So like we had no budget") == ["like"]
    assert filler_words("He was like, we need to ship") == ["like"]
    assert filler_words("Like, the team was tired") == ["like"]
    assert filler_words("and like the others agreed") == ["like"]


def test_like_before_a_number_is_an_estimate_not_a_filler():
    assert filler_words("it took like 20 minutes") == []


def test_kind_of_and_sort_of_only_as_hedges():
    assert filler_words("It was kind of hard and sort of messy") == ["kind of", "sort of"]
    assert filler_words("What kind of tool was it? A sort of tracker") == []


def test_you_know_only_as_a_pause():
    assert filler_words("We were, you know, behind") == ["you know"]
    assert filler_words("Do you know the answer? You know how it is") == []
    assert filler_words("I mean, it worked") == ["i mean"]
    assert filler_words("What I mean is simple") == []


def test_most_used_words_leave_out_glue_words_and_single_uses():
    words = words_of("The budget, the budget and the team. We cut the budget; the team agreed.")
    assert top_words(words) == [("budget", 3), ("team", 2)]


def test_all_four_star_parts_are_found_in_a_full_answer():
    measures = measure_answer(STAR_ANSWER)
    parts = {part.key: part for part in measures.star}
    assert all(part.present for part in parts.values())
    assert measures.star_count == 4
    assert "3 times" in parts["action"].note
    assert "number" in parts["result"].note


def test_an_answer_told_with_we_and_no_result_is_missing_parts():
    text = "We decided to change the process and we talked to everyone about it."
    parts = {part.key: part for part in measure_answer(text).star}
    assert not parts["situation"].present
    assert not parts["task"].present
    assert not parts["action"].present
    assert "“I”" in parts["action"].note
    assert not parts["result"].present


def test_a_result_without_a_number_counts_and_asks_for_one():
    parts = {p.key: p for p in measure_answer("In the end the client renewed.").star}
    assert parts["result"].present
    assert "a number would make it firmer" in parts["result"].note


def test_job_terms_are_the_descriptions_main_words():
    description = (
        "We are hiring a data analyst. The analyst owns dashboards, SQL reporting and "
        "stakeholder reporting. Dashboards in Looker; SQL daily."
    )
    terms = job_terms(description, count=4)
    assert terms[:3] == ["analyst", "dashboards", "sql"]
    assert "reporting" in terms
    used, unused = terms_used("I built dashboard reports in SQL for every analyst", terms)
    assert used == ["analyst", "dashboards", "sql"]
    assert unused == ["reporting"]


def test_job_terms_of_an_empty_description_are_none():
    assert job_terms("") == []
    assert job_terms("   \n") == []


def test_markup_and_odd_text_are_just_words():
    measures = measure_answer("<script>alert('um')</script> \x00 👩🏽‍💻 مرحبا", seconds=60)
    assert measures.words == 4  # script, alert, um, script (other scripts are not counted)
    assert measures.fillers == ["um"]

"""Rebound's own bank of common interview questions, written for Rebound.

Loaded into the database by a data migration (practice/migrations/0002), so a
fresh database has them. Each question has a stable key: to change a shipped
question later, edit it here and add a data migration that calls
`load_question_bank` again (it updates by key).

Also here: the ready-made items a practice plan starts with (company research,
questions to ask the interviewer, and what to do for each rubric area).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BankQuestion:
    key: str
    category: str
    text: str
    areas: tuple[str, ...]
    competencies: tuple[str, ...]
    tip: str


def _q(key, category, text, areas, competencies, tip) -> BankQuestion:
    return BankQuestion(key, category, text, tuple(areas), tuple(competencies), tip)


B, M, S, X, C, Z = (
    "behavioural",
    "motivation",
    "strengths",
    "situational",
    "company",
    "closing",
)

QUESTIONS: tuple[BankQuestion, ...] = (
    # Behavioural: a real example, told as a STAR story.
    _q(
        "team-under-pressure",
        B,
        "Tell me about a time you worked with a team to deliver something under pressure.",
        ["evidence", "answers"],
        ["teamwork", "planning", "resilience"],
        "Pick one project. Keep the setting short, then spend most of the time on what you did yourself and how the deadline was met.",
    ),
    _q(
        "disagreed-with-colleague",
        B,
        "Describe a time you disagreed with a colleague. How did you handle it?",
        ["evidence", "rapport"],
        ["conflict", "communication"],
        "Show that you listened before arguing, kept the disagreement about the work, and reached an outcome you could both accept. Leave out blame.",
    ),
    _q(
        "mistake-you-made",
        B,
        "Give an example of a mistake you made at work and what you did about it.",
        ["evidence", "answers"],
        ["ownership", "self_awareness", "learning"],
        "Choose a real mistake that could be put right. Own it in one sentence, then spend the answer on the repair and what you do differently now.",
    ),
    _q(
        "learned-quickly",
        B,
        "Tell me about a time you had to learn something new quickly.",
        ["evidence", "fit"],
        ["learning", "adaptability"],
        "Say how you went about learning (who you asked, what you read, what you tried) and how soon you were useful. Finish with what it let you do.",
    ),
    _q(
        "led-without-being-asked",
        B,
        "Describe a situation where you took the lead without being asked.",
        ["evidence", "enthusiasm"],
        ["initiative", "leadership"],
        "Explain what you noticed that others had not, why you stepped in, and how you brought people along rather than taking over.",
    ),
    _q(
        "persuaded-someone",
        B,
        "Tell me about a time you had to persuade someone who did not agree with you.",
        ["evidence", "rapport"],
        ["influencing", "communication"],
        "Show that you understood their concerns first, then changed how you made the case. It is fine if the final result was a compromise.",
    ),
    _q(
        "goal-you-set",
        B,
        "Give an example of a goal you set yourself and how you reached it.",
        ["evidence", "enthusiasm"],
        ["motivation", "planning"],
        "Name a goal with a measure, the plan you made, one obstacle on the way and the result. A goal connected to this role is best.",
    ),
    _q(
        "several-deadlines",
        B,
        "Tell me about a time you handled several deadlines at once.",
        ["evidence", "answers"],
        ["planning", "communication"],
        "Describe how you decided what came first, who you told about the trade-offs, and what got delivered when.",
    ),
    _q(
        "beyond-for-customer",
        B,
        "Describe a time you went beyond what was expected for a customer or user.",
        ["evidence", "fit"],
        ["customer_focus", "initiative"],
        "Say what the person needed, why the usual answer was not enough, what extra you did, and how you knew it helped.",
    ),
    _q(
        "project-off-plan",
        B,
        "Tell me about a project that did not go to plan.",
        ["evidence", "presence"],
        ["resilience", "adaptability", "problem_solving"],
        "Be honest about what went wrong and calm about it. The interest is in how you reacted and what you would set up differently next time.",
    ),
    _q(
        "critical-feedback-received",
        B,
        "Describe a time you received critical feedback. What did you do with it?",
        ["evidence", "presence"],
        ["self_awareness", "learning"],
        "Show that you took it seriously without getting defensive, and give a concrete change you made afterwards.",
    ),
    _q(
        "difficult-problem",
        B,
        "Tell me about a difficult problem you solved. How did you approach it?",
        ["evidence", "answers"],
        ["problem_solving"],
        "Walk through your reasoning: how you found the cause, which options you weighed and why you chose one. Finish with the measurable result.",
    ),
    _q(
        "incomplete-information",
        B,
        "Give an example of a decision you made with incomplete information.",
        ["evidence", "answers"],
        ["decision_making", "ownership"],
        "Say what you knew, what you did not, how you limited the risk and when you checked whether the decision was right.",
    ),
    _q(
        "improved-a-process",
        B,
        "Tell me about a time you improved a process or a way of working.",
        ["evidence", "fit"],
        ["initiative", "problem_solving", "commercial_awareness"],
        "Describe the before and after with a number if you can: hours saved, errors reduced, people helped. Mention how you got others to adopt it.",
    ),
    _q(
        "explained-something-complex",
        B,
        "Describe a time you had to explain something complex to someone without your background.",
        ["evidence", "presence"],
        ["communication"],
        "Show how you found out what they already knew, what you left out, and how you checked they had understood.",
    ),
    _q(
        "supported-colleague",
        B,
        "Tell me about a time you supported a colleague who was struggling.",
        ["evidence", "rapport"],
        ["teamwork", "leadership"],
        "Keep the colleague's dignity intact. Focus on what you noticed, what you offered, and how the work and the person were better for it.",
    ),
    _q(
        "spotted-an-error",
        B,
        "Describe a time you spotted an error that others had missed.",
        ["evidence", "answers"],
        ["attention_to_detail", "ownership"],
        "Explain how you caught it, what it would have cost, and how you raised it without making anyone look bad.",
    ),
    _q(
        "adapted-to-change",
        B,
        "Tell me about a time you had to adapt to a big change at work.",
        ["evidence", "presence"],
        ["adaptability", "resilience"],
        "Say what changed, how it affected your work, and what you did to get going again. A short note on what you learned from it helps.",
    ),
    _q(
        "led-a-group",
        B,
        "Give an example of when you led a group of people. What was hard about it?",
        ["evidence", "fit"],
        ["leadership", "communication"],
        "Name the hard part honestly (a missed commitment, a split team) and show how you dealt with it. Credit the group for the result.",
    ),
    _q(
        "missed-deadline",
        B,
        "Tell me about a time you failed to meet a deadline.",
        ["evidence", "answers"],
        ["ownership", "planning", "self_awareness"],
        "Own it without a list of excuses. Say when you warned people, how you limited the damage, and how you plan differently now.",
    ),
    _q(
        "said-no",
        B,
        "Describe a time you had to say no to a request.",
        ["evidence", "rapport"],
        ["communication", "planning", "decision_making"],
        "Show why no was the right answer, how you explained it, and what you offered instead so the relationship stayed good.",
    ),
    _q(
        "proudest-achievement",
        B,
        "What is the achievement at work you are proudest of?",
        ["evidence", "enthusiasm", "fit"],
        ["motivation", "ownership"],
        "Choose one that matches what this role needs. Let the pride show, and be clear about your own part in it.",
    ),
    _q(
        "different-working-style",
        B,
        "Tell me about a time you worked with someone whose style was very different from yours.",
        ["evidence", "rapport"],
        ["teamwork", "adaptability"],
        "Describe the difference without judging it, what you adjusted on your side, and what the two of you achieved together.",
    ),
    _q(
        "data-changed-decision",
        B,
        "Describe a time you used data or evidence to change a decision.",
        ["evidence", "answers"],
        ["decision_making", "influencing", "commercial_awareness"],
        "Say what the original plan was, what the numbers showed, how you presented them and what was decided instead.",
    ),
    _q(
        "unhappy-stakeholder",
        B,
        "Tell me about a time you dealt with a complaint or an unhappy stakeholder.",
        ["evidence", "presence"],
        ["customer_focus", "conflict", "resilience"],
        "Show that you stayed calm, found out what they really needed, put it right where you could, and followed up afterwards.",
    ),
    # Motivation: why this role, why now, why you.
    _q(
        "tell-me-about-yourself",
        M,
        "Tell me about yourself.",
        ["fit", "presence", "answers"],
        ["communication", "motivation"],
        "About two minutes: where you are now, two or three steps that led here, and why this role is the natural next one. It is a pitch, not a life story.",
    ),
    _q(
        "why-this-job",
        M,
        "Why do you want this job?",
        ["fit", "enthusiasm", "preparation"],
        ["motivation"],
        "Link two or three specific things about the role to what you enjoy and do well. Details from the job description show you read it closely.",
    ),
    _q(
        "why-leaving",
        M,
        "Why are you leaving your current role, or why did you leave your last one?",
        ["answers", "presence"],
        ["self_awareness"],
        "Keep it short, honest and forward-looking: what you are moving towards rather than what you are escaping. Say nothing unkind about a past employer.",
    ),
    _q(
        "few-years-time",
        M,
        "Where do you see yourself in a few years?",
        ["fit", "enthusiasm"],
        ["motivation", "self_awareness"],
        "Show an ambition this role can actually feed: skills you want to deepen, responsibility you want to grow into. Avoid naming the interviewer's job.",
    ),
    _q(
        "what-motivates-you",
        M,
        "What motivates you at work?",
        ["enthusiasm", "fit"],
        ["motivation"],
        "Name one or two real drivers and back each with a short example. The best answer is clearly true of you and clearly on offer in this role.",
    ),
    _q(
        "walk-through-cv",
        M,
        "Walk me through your CV.",
        ["fit", "answers"],
        ["communication"],
        "Go in order, one or two sentences a role, and explain each move. Spend the most time on the experience closest to this job.",
    ),
    _q(
        "why-hire-you",
        M,
        "Why should we hire you?",
        ["fit", "presence", "evidence"],
        ["self_awareness", "motivation"],
        "Match three things they need to three things you bring, each with a short proof. Say it plainly; confidence is not the same as boasting.",
    ),
    _q(
        "best-environment",
        M,
        "What kind of work environment brings out your best?",
        ["fit", "rapport"],
        ["self_awareness"],
        "Be honest and specific, and check it against what you know about this team. An example of a time it worked well makes it real.",
    ),
    _q(
        "ideal-manager",
        M,
        "What are you looking for in your next manager?",
        ["fit", "rapport"],
        ["self_awareness", "learning"],
        "Describe how you like to be supported (clear goals, regular feedback, room to decide) rather than a personality. Stay positive about past managers.",
    ),
    _q(
        "career-plans-fit",
        M,
        "How does this role fit into your career plans?",
        ["fit", "enthusiasm"],
        ["motivation"],
        "Show that the move makes sense for you and for them: what you will bring now and what you hope to learn here.",
    ),
    _q(
        "first-year-achievements",
        M,
        "What would you want to have achieved after your first year here?",
        ["fit", "preparation", "enthusiasm"],
        ["planning", "commercial_awareness"],
        "Name two or three outcomes tied to what the role is for. Use what you learned about the team's priorities, and stay modest about the details.",
    ),
    _q(
        "cv-gap",
        M,
        "There is a gap in your CV. What were you doing then?",
        ["answers", "presence", "fit"],
        ["self_awareness", "resilience"],
        "A calm, brief, true answer is enough. Mention anything you learned or kept up during the gap, then bring the conversation back to the role.",
    ),
    _q(
        "other-roles",
        M,
        "What other kinds of roles are you applying for?",
        ["answers", "enthusiasm"],
        ["motivation"],
        "Show a consistent direction. You do not have to name companies; say what the roles have in common and why this one stands out.",
    ),
    _q(
        "enjoyed-least",
        M,
        "What did you enjoy least in your last job?",
        ["answers", "fit"],
        ["self_awareness"],
        "Pick something real but minor for this role, say how you handled it anyway, and avoid complaining about people.",
    ),
    # Strengths and weaknesses: self-knowledge with proof.
    _q(
        "greatest-strength",
        S,
        "What is your greatest strength?",
        ["fit", "evidence", "presence"],
        ["self_awareness"],
        "Choose a strength this role needs, give one example that proves it, and say what it made possible.",
    ),
    _q(
        "weakness-working-on",
        S,
        "What is a weakness you are working on?",
        ["answers", "presence"],
        ["self_awareness", "learning"],
        "Name a real one that is not central to the job, then spend most of the answer on what you are doing about it and the progress so far.",
    ),
    _q(
        "colleagues-describe-you",
        S,
        "How would your colleagues describe you?",
        ["rapport", "evidence"],
        ["self_awareness", "teamwork"],
        "Give three words and a short example for at least one of them. Quoting real feedback or a review makes it believable.",
    ),
    _q(
        "manager-could-do-better",
        S,
        "What would your last manager say you could do better?",
        ["answers", "presence"],
        ["self_awareness", "learning"],
        "Be honest; they may check. Say what they told you, what you changed, and how you know it improved.",
    ),
    _q(
        "skill-developed",
        S,
        "Which skill have you developed most in the past year?",
        ["fit", "evidence"],
        ["learning"],
        "Show where you started, what you did to improve and what you can now do that you could not before.",
    ),
    _q(
        "hardest-about-teams",
        S,
        "What do you find hardest about working in a team?",
        ["rapport", "answers"],
        ["teamwork", "self_awareness"],
        "Pick something common and reasonable, such as unclear ownership, and show how you deal with it constructively.",
    ),
    _q(
        "changed-your-mind",
        S,
        "Tell me about something you changed your mind about at work.",
        ["evidence", "presence"],
        ["learning", "self_awareness", "adaptability"],
        "Say what you believed, what made you think again, and what you did differently. Being able to change your mind is the point.",
    ),
    _q(
        "stretch-most",
        S,
        "Which part of this role would stretch you the most?",
        ["fit", "preparation", "answers"],
        ["self_awareness", "learning"],
        "Name a genuine stretch, then show a plan for closing the gap and a time you closed a similar one.",
    ),
    _q(
        "different-from-others",
        S,
        "What makes you different from the other candidates?",
        ["fit", "presence"],
        ["self_awareness"],
        "You do not know the others, so talk about the particular mix you bring: experience, skills and interests that rarely come together.",
    ),
    _q(
        "stress-and-pressure",
        S,
        "How do you handle stress and pressure?",
        ["presence", "evidence"],
        ["resilience", "planning"],
        "Describe your habits (planning, asking early, taking breaks) and back them with a short example of a pressured week that went well.",
    ),
    _q(
        "surprising-feedback",
        S,
        "Tell me about a piece of feedback that surprised you.",
        ["evidence", "presence"],
        ["self_awareness", "learning"],
        "Say why it surprised you, how you checked whether it was fair, and what you did with it. Curiosity comes across better than defensiveness.",
    ),
    _q(
        "dont-know-answer",
        S,
        "What do you do when you do not know the answer to something?",
        ["answers", "presence"],
        ["learning", "problem_solving", "communication"],
        "Show that you say so honestly, know where to look or who to ask, and come back with the answer. A quick example helps.",
    ),
    # Situational: what you would do.
    _q(
        "first-month",
        X,
        "What would you do in your first month in this role?",
        ["preparation", "fit", "enthusiasm"],
        ["planning", "learning"],
        "Listen and learn first: the people, the work, the current priorities. Then name one early, useful contribution you could make.",
    ),
    _q(
        "conflicting-instructions",
        X,
        "If two senior people gave you conflicting instructions, what would you do?",
        ["answers", "rapport"],
        ["conflict", "communication", "decision_making"],
        "Bring the conflict into the open politely, ask them to agree the priority, and keep both informed. Do not quietly pick a side.",
    ),
    _q(
        "colleague-missing-tasks",
        X,
        "How would you handle a colleague who keeps missing their part of a shared task?",
        ["answers", "rapport"],
        ["conflict", "teamwork", "communication"],
        "Start with a private, curious conversation, agree a way forward, and only then involve a manager if nothing changes.",
    ),
    _q(
        "work-not-ready",
        X,
        "You realise the day before a deadline that the work will not be ready. What do you do?",
        ["answers", "presence"],
        ["ownership", "planning", "communication"],
        "Tell the people affected straight away, offer options (part now, the rest later, extra help), and explain how you would avoid it next time.",
    ),
    _q(
        "request-against-policy",
        X,
        "A customer asks for something that goes against company policy. How do you respond?",
        ["answers", "rapport"],
        ["customer_focus", "communication", "decision_making"],
        "Explain the limit kindly and clearly, look for what you can do for them, and know when to refer it upwards.",
    ),
    _q(
        "three-urgent-tasks",
        X,
        "You are handed three urgent tasks at once. How do you decide what comes first?",
        ["answers", "fit"],
        ["planning", "decision_making"],
        "Describe how you judge impact and real deadlines, who you check with, and how you tell people what will wait.",
    ),
    _q(
        "colleague-cutting-corners",
        X,
        "If you noticed a colleague cutting corners on something important, what would you do?",
        ["answers", "rapport"],
        ["ownership", "communication", "conflict"],
        "Check the facts, speak to them first and directly, and escalate if the risk is serious. Show both integrity and tact.",
    ),
    _q(
        "never-done-before",
        X,
        "How would you approach a task you have never done before, with no one to ask?",
        ["answers", "fit"],
        ["problem_solving", "learning", "initiative"],
        "Break it down, find examples or documentation, make a small first attempt, and check it against what good looks like.",
    ),
    _q(
        "disagree-with-manager-decision",
        X,
        "What would you do if you disagreed with a decision your manager had already made?",
        ["answers", "rapport", "presence"],
        ["communication", "influencing", "teamwork"],
        "Raise your view once, privately and with reasons. If the decision stands, commit to making it work.",
    ),
    _q(
        "get-to-know-team",
        X,
        "How would you get to know the team and the people you work with in a new role?",
        ["rapport", "enthusiasm"],
        ["teamwork", "communication"],
        "Mention one-to-one conversations, asking what people need from you, and learning how the team already works before suggesting changes.",
    ),
    _q(
        "budget-cut",
        X,
        "If a project you were running suddenly lost half its budget, how would you respond?",
        ["answers", "presence"],
        ["adaptability", "decision_making", "commercial_awareness"],
        "Show that you would go back to the goal, decide what matters most, agree the cuts with the people affected and reset expectations.",
    ),
    _q(
        "unfair-feedback-in-public",
        X,
        "How would you handle feedback given in front of others that you thought was unfair?",
        ["presence", "rapport"],
        ["resilience", "communication", "self_awareness"],
        "Stay calm in the moment, ask for a private conversation later, and look for any part of it that was fair.",
    ),
    # About the company: research made visible.
    _q(
        "what-do-you-know-about-us",
        C,
        "What do you know about us?",
        ["preparation", "enthusiasm"],
        ["commercial_awareness"],
        "Cover what they do, who for, one recent development and why it interests you. Join it up to the role rather than reciting their website.",
    ),
    _q(
        "why-us-not-competitor",
        C,
        "Why do you want to work here rather than at one of our competitors?",
        ["preparation", "enthusiasm", "fit"],
        ["commercial_awareness", "motivation"],
        "Name something specific that sets them apart (their customers, approach, values or a product decision) and why it matters to you.",
    ),
    _q(
        "improve-our-product",
        C,
        "What do you think of our product or service? How would you improve it?",
        ["preparation", "answers"],
        ["customer_focus", "commercial_awareness", "problem_solving"],
        "Use it before the interview if you can. Say what works well first, then offer one thoughtful, modest improvement and why.",
    ),
    _q(
        "industry-challenges",
        C,
        "What challenges do you think our industry faces right now?",
        ["preparation", "answers"],
        ["commercial_awareness"],
        "Pick one or two real trends, say how they might affect this company, and how the role could help respond.",
    ),
    _q(
        "our-values",
        C,
        "Which of our values means the most to you, and why?",
        ["preparation", "fit", "enthusiasm"],
        ["motivation", "self_awareness"],
        "Quote one of their stated values accurately and back it with a time you acted on something similar.",
    ),
    _q(
        "explain-to-a-friend",
        C,
        "How would you explain what we do to a friend?",
        ["preparation", "presence"],
        ["communication", "commercial_awareness"],
        "Two or three plain sentences: who the customers are, what problem is solved, and what makes this company's way of doing it different.",
    ),
    _q(
        "our-culture",
        C,
        "What have you heard about how we work, and how do you feel about it?",
        ["preparation", "fit", "rapport"],
        ["self_awareness"],
        "Mention what you found (talks, posts, people you spoke to) and be honest about what appeals to you. Ask them to confirm what you heard.",
    ),
    _q(
        "our-customers",
        C,
        "Who do you see as our customers, and what do they need from us?",
        ["preparation", "answers"],
        ["customer_focus", "commercial_awareness"],
        "Describe the main customer groups and one or two needs for each. Showing you thought about their point of view is what counts.",
    ),
    _q(
        "recent-news",
        C,
        "What recent news about us caught your attention?",
        ["preparation", "enthusiasm"],
        ["commercial_awareness"],
        "Mention something from the last few months and say what you think it means for the team you would join.",
    ),
    _q(
        "team-priority",
        C,
        "What do you think this team's biggest priority is right now?",
        ["preparation", "fit", "questions"],
        ["commercial_awareness", "planning"],
        "Offer your best reading from the job description and your research, then turn it into a question: ask whether you have read it right.",
    ),
    # Closing: the last impression.
    _q(
        "any-questions-for-us",
        Z,
        "Do you have any questions for us?",
        ["questions", "enthusiasm", "preparation"],
        ["motivation"],
        "Always have two or three ready, about the work, the team and how success is judged. Questions that build on what they said earlier work best.",
    ),
    _q(
        "anything-else",
        Z,
        "Is there anything else you would like us to know?",
        ["fit", "presence"],
        ["communication"],
        "Use it to add one strong point you did not get to make, or to sum up your fit in a few sentences, then thank them.",
    ),
    _q(
        "salary-expectations",
        Z,
        "What are your salary expectations?",
        ["practicalities", "preparation", "presence"],
        ["commercial_awareness"],
        "Research the usual range for the role and place beforehand. Give a range you would be glad to accept and say you are open to the whole package.",
    ),
    _q(
        "when-could-you-start",
        Z,
        "When could you start?",
        ["practicalities"],
        ["planning"],
        "Know your notice period and any fixed dates before the interview, and answer plainly.",
    ),
    _q(
        "interviewing-elsewhere",
        Z,
        "Are you interviewing anywhere else?",
        ["practicalities", "answers", "enthusiasm"],
        ["motivation"],
        "Be honest without naming names, and make clear that this role is a priority for you if that is true.",
    ),
    _q(
        "how-has-it-gone",
        Z,
        "How do you feel this interview has gone?",
        ["presence", "rapport"],
        ["self_awareness"],
        "Stay positive and brief. Say what you enjoyed discussing, and offer to add to any answer they would like to hear more about.",
    ),
    _q(
        "travel-relocate",
        Z,
        "Would you be willing to travel or relocate?",
        ["practicalities"],
        ["adaptability"],
        "Decide your honest answer in advance, including any conditions, so you can give it without hesitating.",
    ),
    _q(
        "stop-you-accepting",
        Z,
        "Is there anything that would stop you accepting an offer?",
        ["practicalities", "enthusiasm"],
        ["motivation"],
        "Mention any real deal-breakers calmly (start date, location, pay), and otherwise confirm your interest clearly.",
    ),
    _q(
        "one-minute-summary",
        Z,
        "Can you sum up in a minute why you are right for this role?",
        ["fit", "presence", "enthusiasm"],
        ["communication", "self_awareness"],
        "Three points that match their needs, one proof each, and a sentence on why you want it. Practise this one until it feels natural.",
    ),
)


# A practice plan's research checklist for the target company.
RESEARCH_CHECKLIST: tuple[str, ...] = (
    "Read the job description again and list the three things they need most",
    "Find out what the company sells or does, and who its customers are",
    "Read the company's latest news, blog posts or annual report",
    "Look up the people likely to interview you and what they work on",
    "Note the company's stated values and one example of each in your own work",
    "Find out who their main competitors are and what sets the company apart",
    "Check the usual salary range for this role and place",
)

# Questions to ask the interviewer, offered with every plan.
QUESTIONS_TO_ASK: tuple[str, ...] = (
    "What would a good first three months look like for the person in this role?",
    "What is the team working on now that this role would help with?",
    "How do you judge whether someone in this role is doing well?",
    "What do people who do well here have in common?",
    "What is the hardest part of this job?",
    "What are the next steps, and when can I expect to hear from you?",
)

# What to add to a plan for each rubric area chosen as a focus, beside the
# bank's questions for that area.
AREA_ACTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "fit": (
        (
            "cv",
            "Rewrite the top of your CV so its first lines match what this kind of role asks for",
        ),
        ("cv", "Prepare a two-minute pitch that links your experience to the role's main needs"),
    ),
    "answers": (
        ("cv", "List the questions you found hardest last time and draft a short outline for each"),
    ),
    "preparation": (
        (
            "research",
            "Spend an hour on the company's own material and write down five facts you could use",
        ),
    ),
    "rapport": (
        ("research", "Look up your interviewers and note one thing you could ask each of them"),
    ),
    "enthusiasm": (
        (
            "cv",
            "Write down, in one sentence, why you genuinely want this role, and use it in your pitch",
        ),
    ),
    "evidence": (
        ("story", "Write a STAR story for a time you solved a hard problem"),
        ("story", "Write a STAR story for a time you worked well with others under pressure"),
        ("story", "Write a STAR story with a clear, measurable result"),
    ),
    "presence": (
        (
            "cv",
            "Record yourself answering two questions and watch it back for pace and filler words",
        ),
    ),
    "questions": (
        ("ask", "Prepare a question that builds on something specific from the job description"),
    ),
    "practicalities": (
        (
            "research",
            "Check the format, place or link and the timing of the interview the day before",
        ),
        ("research", "Ask whether there will be a test or task, and practise a similar one"),
    ),
}

# A plan for an interview with no focus areas chosen starts with these.
STARTER_QUESTION_KEYS: tuple[str, ...] = (
    "tell-me-about-yourself",
    "why-this-job",
    "what-do-you-know-about-us",
    "greatest-strength",
    "weakness-working-on",
    "difficult-problem",
    "disagreed-with-colleague",
    "any-questions-for-us",
)


def load_question_bank(question_model) -> int:
    """Create or update the shipped questions by key; returns how many there are.

    Takes the model class so a data migration can pass its historical model.
    """
    for q in QUESTIONS:
        question_model.objects.update_or_create(
            bank_key=q.key,
            owner=None,
            defaults={
                "text": q.text,
                "category": q.category,
                "areas": list(q.areas),
                "competencies": list(q.competencies),
                "tip": q.tip,
            },
        )
    return len(QUESTIONS)

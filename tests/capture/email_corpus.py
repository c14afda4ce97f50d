"""Employers' emails written for the classifier's tests: (kind, email text).

Dates are read as if the email arrived on Monday 9 March 2026. Names, companies
and addresses are made up.
"""

TODAY = "2026-03-09"

CORPUS: list[tuple[str, str]] = [
    # Invitations -------------------------------------------------------------
    (
        "invitation",
        """From: Priya Shah <priya.shah@northwind.example>
Hi Sam, thanks for your application for the Senior Product Designer role. We'd love to invite you to a first interview with our design lead. Would Tuesday 14:00 work for you? It's a 45-minute video call on Google Meet.""",
    ),
    (
        "invitation",
        """Dear Alex,
Following your phone screen, we are pleased to invite you to the second round of interviews for the Data Engineer position. Please let us know your availability on 17 March or 18 March. The interview will be at our Leeds office.
Kind regards, Pennine Rail Talent Team""",
    ),
    (
        "invitation",
        """Hello Jordan, great news: the team would like to move you to the final round. Are you available on Thursday 19th March at 10am? It will be a panel interview with the CTO and two engineers.""",
    ),
    (
        "invitation",
        """Hi there,
Thanks for applying to Kite Studio. I'd like to schedule a short phone screen to learn more about you. Please pick a time that suits you using my booking link below.
Best, Mia (Recruiter)""",
    ),
    (
        "invitation",
        """Subject: Interview invitation - Backend Developer (Go)
Dear candidate, we are delighted to invite you for a technical interview on 2026-03-16 at 14:30. The call will take place on Zoom; the link is in the calendar invite we have sent.""",
    ),
    (
        "invitation",
        """Hi Sam! Your interview is confirmed for Wednesday 11 March at 3pm with Laura Chen, Head of Product. Looking forward to speaking with you.""",
    ),
    (
        "invitation",
        """Dear Ms Okafor,
We would like to invite you to an assessment centre on 24/03/2026 starting at 09:30 at our Manchester office. Please confirm your attendance by replying to this email.""",
    ),
    (
        "invitation",
        """Hey Chris, loved your take-home. We'd like to set up a follow-up call to walk through it with the team. Does Friday at 11:00 work for you? If not, send me your availability for next week.""",
    ),
    (
        "invitation",
        """Good afternoon,
Thank you for your interest in the Community Manager role at Tidewater Trust. We have reviewed your application and would like to invite you to an informal chat with our volunteer coordinator. Could you let me know your availability next week?""",
    ),
    (
        "invitation",
        """Hi Taylor, following our conversation I'm happy to say the hiring manager would like to meet you in person. We'd like to arrange an on-site interview at our Bristol office on March 20 at 1:30 pm.""",
    ),
    # Rejections --------------------------------------------------------------
    (
        "rejection",
        """Dear Sam,
Thank you for taking the time to interview with us for the Senior Product Designer role. Unfortunately, after careful consideration, we have decided to move forward with other candidates whose experience more closely matches our needs. We wish you the best in your search.""",
    ),
    (
        "rejection",
        """Hi Alex, thank you for applying to Pennine Rail. We regret to inform you that your application was unsuccessful on this occasion. We will keep your details on file for future roles.""",
    ),
    (
        "rejection",
        """Dear Jordan,
Thank you for attending the final round interview last week. It was a difficult decision, but we will not be moving forward with your application. We really appreciated the time you put into the process.""",
    ),
    (
        "rejection",
        """Hello,
Thanks for your interest in the Backend Developer role. The position has now been filled. We wish you every success in your job search.""",
    ),
    (
        "rejection",
        """Hi Chris,
Thanks so much for the effort on the take-home exercise. Unfortunately the team has decided not to proceed to the next stage. I know this isn't the news you were hoping for.""",
    ),
    (
        "rejection",
        """Dear candidate,
We have reviewed your application for the Support Analyst position. Unfortunately, we are not able to offer you an interview at this time. Best of luck with your job search.""",
    ),
    (
        "rejection",
        """Hi Taylor, I wanted to let you know personally that we've chosen to go ahead with another candidate for the role after the second interview. You were a strong contender and I'd be glad to share some feedback if useful.""",
    ),
    (
        "rejection",
        """Dear Ms Okafor,
Thank you for attending our assessment centre. Regrettably you have not been successful in progressing to the next stage of our graduate programme.""",
    ),
    (
        "rejection",
        """Hi Sam,
After much deliberation we won't be taking your application forward for the Design Lead role. We were impressed by your portfolio, though, and would encourage you to apply again in future.""",
    ),
    (
        "rejection",
        """Hello Morgan,
We appreciate your interest in Lumen. At this time we are no longer considering your application for the Backend Developer (Go) role. Unfortunately we receive many applications and cannot give individual feedback.""",
    ),
    # Offers ------------------------------------------------------------------
    (
        "offer",
        """Dear Sam,
Congratulations! We are delighted to offer you the position of Senior Product Designer at Northwind Health. Your starting salary will be £68,000 per year. Please find the offer letter attached and let us know by 20 March.""",
    ),
    (
        "offer",
        """Hi Alex, I'm thrilled to let you know we would like to offer you the Data Engineer role. I'll send the formal offer over today; the proposed start date is Monday 6 April.""",
    ),
    (
        "offer",
        """Dear Jordan,
Further to your final interview, I am pleased to make you an offer of employment for the role of Platform Engineer. The base salary of 72,000 EUR and benefits are set out in the attached contract.""",
    ),
    (
        "offer",
        """Hey Chris, great news: the team loved meeting you and we want to offer you the job! Could we have a quick call tomorrow to go through the details of the offer?""",
    ),
    (
        "offer",
        """Dear Ms Okafor,
We are happy to extend an offer for the Graduate Analyst programme starting on 1 September 2026. To accept the offer, please sign and return the enclosed offer letter.""",
    ),
    (
        "offer",
        """Hi Taylor, following yesterday's conversation I'm pleased to confirm our verbal offer in writing. Welcome aboard, we can't wait to have you on the team.""",
    ),
    (
        "offer",
        """Dear Morgan,
On behalf of Lumen I am pleased to offer you the role of Backend Developer (Go). The offer letter with your salary and start date is attached; we'd appreciate your decision by Friday.""",
    ),
    (
        "offer",
        """Hello Sam, it's a yes from us! We would like to offer you the Design Lead position. HR will send your written offer and contract this week.""",
    ),
    # Acknowledgements ---------------------------------------------------------
    (
        "acknowledgement",
        """Thank you for applying to Northwind Health. We have received your application for the Senior Product Designer role and our team will review it carefully. We'll be in touch if your experience matches what we are looking for.""",
    ),
    (
        "acknowledgement",
        """Hi Alex,
Thanks for your application! This is an automated message to confirm your application has been received. Please do not reply to this email.""",
    ),
    (
        "acknowledgement",
        """Dear Jordan,
Thank you for your interest in joining Orbit Labs. Due to the high volume of applications, we will review your application and contact you within two weeks.""",
    ),
    (
        "acknowledgement",
        """Your application for Support Analyst (part time) at Brightside Books was submitted successfully. The hiring team will review applications after the closing date.""",
    ),
    (
        "acknowledgement",
        """Hello Chris, thanks for applying for the Frontend Developer role at Kite Studio. We've received your application and someone will get back to you soon.""",
    ),
    (
        "acknowledgement",
        """Dear applicant,
We confirm that your application has been received. If your skills match the requirements of the role, a recruiter will contact you.""",
    ),
    (
        "acknowledgement",
        """Thanks for applying to Lumen! We have received your application for Backend Developer (Go). Our team is going to review it and we'll be in touch.""",
    ),
    (
        "acknowledgement",
        """Dear Ms Okafor, thank you for your application to the Graduate Analyst programme. We will be reviewing all applications after the deadline on 31 March.""",
    ),
    # Other ---------------------------------------------------------------------
    (
        "other",
        """Hi Sam, just a reminder that our office moves to 10 Market Street from next month. Nothing changes for your application.""",
    ),
    (
        "other",
        """Hello Alex, could you send us a copy of your right-to-work documents and two references? Thanks, HR team.""",
    ),
    (
        "other",
        """Jobs you might like this week: Senior Designer at Acme, UX Researcher at Globex, Product Manager at Initech. Update your alert settings at any time.""",
    ),
    (
        "other",
        """Hi Jordan, quick question from the hiring manager: what is your notice period at your current job?""",
    ),
    (
        "other",
        """Dear Chris, please complete our short candidate experience survey. It takes two minutes and helps us improve how we hire.""",
    ),
    (
        "other",
        """Hi Taylor, the recruiter who handled your application, Ben, has left the company. Maya will be your contact from now on.""",
    ),
]

# ruff: noqa: E501  (the corpus: one message a line, as it reads best)
"""A corpus of mail written for the tests (no message from a real person), with what `followup mail
scan` should propose for each: the label, the application, and a date where the message gives one.

`applications()` and `contacts()` are the job search the messages belong to; `CASES` the messages,
built with the standard library's `email` package as real senders write them: multipart with
attachments, quoted-printable, base64, encoded-word headers in several charsets, HTML-only bodies,
replies quoting the whole thread, applicant-tracking systems, lists, bulk mail and auto-replies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

ME = "sam@home.example"
SAM = f"Sam Rivers <{ME}>"
JANE = "Jane Doe <jane@acme.example>"
RAJ = "Raj Patel <raj@acme.example>"
LI = "Li Wei <li.wei@globex.example>"
TOM = "Tom Brandt <tom.umbrella@gmail.com>"
ANN = "Ann Oakes <ann@oakes.example>"
BOB = "Bob Stone <bob@globex.example>"
RITA = "Rita Gomez <rita@hooli.example>"


def applications() -> list[dict[str, Any]]:
    def app(ident: str, company: str, status: str, interviews: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "id": ident,
            "company": company,
            "role": "Backend Engineer",
            "status": status,
            "created_on": "2026-02-10",
            "applied_on": "2026-02-10",
            "interviews": interviews,
            "status_history": [{"status": status, "on": "2026-02-10"}],
        }

    def interview(at: str, *people: tuple[str, str]) -> dict[str, Any]:
        return {"round": 1, "at": at, "interviewers": [{"name": n, "email": e} for n, e in people]}

    return [
        app(
            "acme",
            "Acme",
            "interviewing",
            [interview("2026-03-03T10:00", ("Jane Doe", "jane@acme.example"), ("Raj Patel", "raj@acme.example"))],
        ),
        app("globex", "Globex", "interviewing", [interview("2026-03-02T14:00", ("Li Wei", "li.wei@globex.example"))]),
        app("umbrella", "Umbrella", "interviewing", [interview("2026-02-20T09:00", ("Tom Brandt", "tom.umbrella@gmail.com"))]),
        app("initech", "Initech", "applied", []),
        app("hooli", "Hooli", "applied", []),
        app("stark", "Stark Industries", "applied", []),
    ]  # fmt: skip


def contacts() -> list[dict[str, Any]]:
    return [
        {"name": "Ann Oakes", "email": "ann@oakes.example", "relation": "reference"},
        {"name": "Bob Stone", "email": "bob@globex.example", "relation": "network", "company": "Globex"},
        {"name": "Rita Gomez", "email": "rita@hooli.example", "relation": "recruiter", "company": "Hooli"},
    ]


@dataclass(frozen=True)
class Case:
    name: str
    raw: bytes
    label: str | None  # None: not proposed (noise, or nothing to do with the search)
    app: str | None = None
    expect: dict[str, Any] = field(default_factory=dict)  # new_date, interview_at


def message(
    sender: str,
    to: str,
    subject: str,
    body: str,
    day: int = 4,
    hour: int = 10,
    ident: str | None = None,
    html: bool = False,
    cte: str | None = None,
    charset: str = "utf-8",
    headers: dict[str, str] | None = None,
    raw_subject: bytes | None = None,
    attachment: bytes | None = None,
    alternative: str | None = None,
) -> bytes:
    m = EmailMessage()
    m["From"], m["To"] = sender, to
    m["Subject"] = "PLACEHOLDER-SUBJECT" if raw_subject is not None else subject
    m["Date"] = format_datetime(datetime(2026, 3, day, hour, 0, tzinfo=UTC))
    if ident is not None:
        m["Message-ID"] = f"<{ident}>"
    for name, value in (headers or {}).items():
        m[name] = value
    m.set_content(body, subtype="html" if html else "plain", charset=charset, cte=cte)
    if alternative is not None:
        m.add_alternative(alternative, subtype="html")
    if attachment is not None:
        m.add_attachment(attachment, maintype="application", subtype="pdf", filename="offer-letter.pdf")
    raw = bytes(m)
    if raw_subject is not None:
        raw = raw.replace(b"PLACEHOLDER-SUBJECT", raw_subject)
    return raw


QUOTED_THREAD = """

On Tue, 3 Mar 2026 at 17:00, Sam Rivers <sam@home.example> wrote:
> Dear Raj, thank you for the interview today.
>
> On Mon, 2 Mar 2026, Raj Patel wrote:
>> We are pleased to offer you an interview slot; we regret to inform you the office moved.
"""

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 64

CASES: list[Case] = [
    # Rejections ---------------------------------------------------------------------------------
    Case("reject-plain", message(JANE, SAM, "Your application", "Hi Sam,\n\nThank you for your time. After careful consideration we have decided not to proceed with your application.\n\nBest,\nJane", ident="rj1@acme.example"), "rejection", "acme"),
    Case("reject-unable-to-offer", message(RAJ, SAM, "Backend Engineer role", "Dear Sam,\nWe appreciated meeting you, and the team enjoyed the conversation about the offer process and the role.\nUnfortunately we are unable to offer you the position at this time.\nRaj", cte="quoted-printable", ident="rj2@acme.example"), "rejection", "acme"),
    Case("reject-greenhouse-html", message("Initech Recruiting <no-reply@greenhouse.io>", SAM, "Your application to Initech", "<html><body><p>Hi Sam,</p><p>Thank you for applying to <b>Initech</b>. We will not be moving forward with your candidacy.</p></body></html>", html=True, ident="rj3@greenhouse.io"), "rejection", "initech"),
    Case("reject-lever-base64", message("Hooli <no-reply@hire.lever.co>", SAM, "Hooli | Backend Engineer", "Hi Sam,\nThanks for your interest in Hooli. We have decided to move forward with other candidates whose experience more closely matches our needs.\n", cte="base64", ident="rj4@lever.co"), "rejection", "hooli"),
    Case("reject-workday", message("Stark Industries Careers <stark@myworkday.com>", SAM, "Update on your application", "Dear Sam,\nThank you for your interest in Stark Industries. We regret to inform you that we are not moving forward.\n", ident="rj5@myworkday.com", headers={"Auto-Submitted": "auto-generated"}), "rejection", "stark"),
    Case("reject-other-candidates", message(LI, SAM, "Re: Backend Engineer", "Hi Sam,\n\nThanks again for coming in. We have chosen to proceed with another candidate.\n\nLi", ident="rj6@globex.example"), "rejection", "globex"),
    Case("reject-filled", message(RAJ, SAM, "Position update", "Sam, a quick note: the position has been filled. Thanks for your patience.", ident="rj7@acme.example"), "rejection", "acme"),
    Case("reject-french-latin1", message("Globex RH <rh@globex.example>", SAM, "", "Bonjour Sam,\nMerci pour votre candidature. Nous ne sommes pas en mesure de donner une suite favorable.\nCordialement", charset="iso-8859-1", cte="quoted-printable", raw_subject=b"=?iso-8859-1?q?Votre_candidature_=E0_Globex?=", ident="rj8@globex.example"), "rejection", "globex"),
    Case("reject-cp1252", message(LI, SAM, "Decision", "Dear Sam \u2013 we regret to inform you that you were not selected for the next stage.", charset="windows-1252", cte="quoted-printable", ident="rj9@globex.example"), "rejection", "globex"),
    Case("reject-german-subject", message(JANE, SAM, "", "Hello Sam, we will not be moving forward with your application. Kind regards, Jane", raw_subject=b"=?utf-8?b?SWhyZSBCZXdlcmJ1bmcgYmVpIEFjbWUgLSDDnGJlcmJsaWNr?=", ident="rj10@acme.example"), "rejection", "acme"),
    Case("reject-recruiter", message(RITA, SAM, "Hooli", "Hi Sam, I'm sorry to say you were not selected for this role. I'll keep you in mind.", ident="rj11@hooli.example"), "rejection", "hooli"),
    Case("reject-unknown-company", message("Vandelay Industries <no-reply@greenhouse.io>", SAM, "Your application to Vandelay Industries", "Hi Sam, unfortunately we won't be moving forward with your application.", ident="rj12@greenhouse.io"), "rejection", None),
    Case("reject-different-direction", message(LI, SAM, "Backend Engineer", "Hi Sam, after much deliberation the hiring team has decided to go in a different direction. We wish you the best.", ident="rj13@globex.example"), "rejection", "globex"),
    Case("reject-move-ahead", message("Hooli Talent <no-reply@hire.lever.co>", SAM, "Your Hooli application", "Hi Sam, we've decided to move ahead with candidates whose skills more closely match the role at Hooli.", ident="rj14@lever.co"), "rejection", "hooli"),
    Case("reject-pursuing-others", message(RAJ, SAM, "Follow-up", "Sam, we will be pursuing other applicants for this role. Thanks for your time.", ident="rj15@acme.example"), "rejection", "acme"),
    Case("reject-we-filled", message(JANE, SAM, "Update regarding your application", "Hi Sam, unfortunately, we have filled the role internally.", ident="rj16@acme.example"), "rejection", "acme"),
    # Offers -------------------------------------------------------------------------------------
    Case("offer-plain", message(JANE, SAM, "Great news", "Hi Sam,\nWe are pleased to offer you the Backend Engineer position! Details to follow.\nJane", ident="of1@acme.example"), "offer", "acme"),
    Case("offer-attachment", message("Globex HR <hr@globex.example>", SAM, "Your offer letter", "Dear Sam,\nPlease find attached your offer letter. We look forward to hearing from you.\n", attachment=PDF, ident="of2@globex.example"), "offer", "globex"),
    Case("offer-greenhouse", message("Initech <no-reply@greenhouse.io>", SAM, "Initech - next steps", "Hi Sam, we would like to extend an offer for the role at Initech.", ident="of3@greenhouse.io"), "offer", "initech"),
    Case("offer-welcome", message(RAJ, SAM, "Welcome!", "Sam, welcome aboard! The contract is on its way.", ident="of4@acme.example"), "offer", "acme"),
    Case("offer-recruiter", message(RITA, SAM, "Good news from Hooli", "Hi Sam, the team wants to make you an offer. Can we talk today?", ident="of5@hooli.example"), "offer", "hooli"),
    Case("offer-iso2022jp", message(RAJ, SAM, "", "Sam, we are delighted to offer you the role in our Tokyo team.", raw_subject=b"=?iso-2022-jp?b?GyRCRmJEahsoQiBvZmZlcg==?=", ident="of6@acme.example"), "offer", "acme"),
    Case("offer-despite-unfortunately", message(JANE, SAM, "Offer", "Hi Sam, unfortunately the start date had to move to May, but we are happy to offer you the position all the same.", ident="of7@acme.example"), "offer", "acme"),
    Case("offer-html-alternative", message(LI, SAM, "Offer of employment", "Dear Sam, this is your formal offer of employment.", alternative="<p>Dear Sam, this is your <b>formal offer</b> of employment.</p>", ident="of8@globex.example"), "offer", "globex"),
    Case("offer-excited", message(JANE, SAM, "Good news", "Hi Sam, I'm excited to share that we'd like to offer you the Senior Backend Engineer role.", ident="of9@acme.example"), "offer", "acme"),
    Case("offer-package", message("Globex People Team <people@globex.example>", SAM, "Globex offer package", "Hi Sam, attached is your offer package with the salary and benefits.", ident="of10@globex.example"), "offer", "globex"),
    # More time ----------------------------------------------------------------------------------
    Case("more-time-date", message(JANE, SAM, "Update", "Hi Sam, we need a bit more time to decide. You will hear from us by March 13.", ident="mt1@acme.example"), "more-time", "acme", {"new_date": "2026-03-13"}),
    Case("more-time-no-date", message(LI, SAM, "Quick update", "Hi Sam, we are still interviewing other candidates and expect an update by the end of next week.", ident="mt2@globex.example"), "more-time", "globex", {"new_date": None}),
    Case("more-time-weekday-date", message("Acme Talent <talent@acme.example>", SAM, "Your application", "Dear Sam, the process is taking longer than planned. We will get back to you by Friday, 20 March.", ident="mt3@acme.example"), "more-time", "acme", {"new_date": "2026-03-20"}),
    Case("more-time-greenhouse", message("Initech <no-reply@greenhouse.io>", SAM, "Initech application update", "Hi Sam, we need more time to review all applications for Initech. Thanks for your patience.", ident="mt4@greenhouse.io"), "more-time", "initech"),
    Case("more-time-iso", message(RAJ, SAM, "Timeline", "Sam, we haven't made a final decision yet; expect news by 2026-03-18.", ident="mt5@acme.example"), "more-time", "acme", {"new_date": "2026-03-18"}),
    Case("more-time-waiting-feedback", message(LI, SAM, "Re: Following up", "Hi Sam, thanks for your patience, we are still waiting on feedback from the panel.", ident="mt6@globex.example"), "more-time", "globex"),
    # Invitations --------------------------------------------------------------------------------
    Case("invite-datetime", message("Globex Recruiting <recruiting@globex.example>", SAM, "Second interview", "Hi Sam, we would like to invite you to a second interview on Tuesday, March 10 at 2:00 PM.", ident="in1@globex.example"), "invitation", "globex", {"interview_at": "2026-03-10T14:00:00"}),
    Case("invite-ashby", message("Hooli via Ashby <no-reply@ashbyhq.com>", SAM, "Schedule your onsite with Hooli", "Hi Sam! Please use the link below to schedule your onsite with the Hooli team.", ident="in2@ashbyhq.com"), "invitation", "hooli"),
    Case("invite-availability", message(RITA, SAM, "Next steps", "Hi Sam, could you send me your availability for a call with the hiring manager?", ident="in3@hooli.example"), "invitation", "hooli"),
    Case("invite-next-round", message(JANE, SAM, "Next round", "Hi Sam, we'd like you to join the next round of the interview process: 12 March 2026 at 10:30, on site.", ident="in4@acme.example"), "invitation", "acme", {"interview_at": "2026-03-12T10:30:00"}),
    Case("invite-smartrecruiters", message("Stark Industries <noreply@smartrecruiters.com>", SAM, "Invitation to interview - Stark Industries", "Dear Sam, you are invited. Invitation to interview on 16 March at 15:00 (video call).", ident="in5@smartrecruiters.com"), "invitation", "stark", {"interview_at": "2026-03-16T15:00:00"}),
    Case("invite-workday-html", message("Stark Industries <stark@myworkday.com>", SAM, "Interview request", "<div><p>Dear Sam,</p><p>We would like to schedule an interview with you at Stark Industries.</p><p>Proposed: 2026-03-18 09:30</p></div>", html=True, ident="in6@myworkday.com"), "invitation", "stark", {"interview_at": "2026-03-18T09:30:00"}),
    Case("invite-by-thread", message("Dana Cole <coordinator@talent-partners.example>", SAM, "Re: Thank you", "Hi Sam, Jane asked me to set up a time for the next step. Please share your availability.", day=5, ident="in7@talent-partners.example", headers={"In-Reply-To": "<ty1@home.example>", "References": "<ty1@home.example>"}), "invitation", "acme"),
    Case("invite-phone-screen", message(RITA, SAM, "Hooli Backend role", "Hi Sam, are you available for a 30-minute phone screen next week?", ident="in8@hooli.example"), "invitation", "hooli"),
    Case("invite-come-in", message(RAJ, SAM, "Next steps", "Sam, we'd love to have you come in for an onsite interview with the team.", ident="in9@acme.example"), "invitation", "acme"),
    # Confirmations ------------------------------------------------------------------------------
    Case("confirm-greenhouse", message("Initech <no-reply@greenhouse.io>", SAM, "Thank you for applying to Initech", "Hi Sam, thank you for applying to Initech! Our team will review your application.", ident="cf1@greenhouse.io", headers={"Auto-Submitted": "auto-generated"}), "confirmation", "initech"),
    Case("confirm-lever", message("Hooli <no-reply@hire.lever.co>", SAM, "Hooli application", "We've received your application for Backend Engineer at Hooli.", ident="cf2@lever.co"), "confirmation", "hooli"),
    Case("confirm-workday", message("Stark Industries <stark@myworkday.com>", SAM, "Application received", "Your application has been received by Stark Industries. You can track it in the candidate home.", ident="cf3@myworkday.com", headers={"Auto-Submitted": "auto-generated"}), "confirmation", "stark"),
    Case("confirm-umbrella-unmatched", message("Umbrella Careers <careers@umbrella.example>", SAM, "Thanks for applying", "Thank you for applying to Umbrella. We will be in touch.", ident="cf4@umbrella.example"), "confirmation", None, {"candidates": ["umbrella"]}),
    Case("confirm-unknown", message("Wayne Enterprises <jobs@wayne.example>", SAM, "Application confirmation", "Thank you for applying to Wayne Enterprises.", ident="cf5@wayne.example"), "confirmation", None),
    Case("confirm-submitted", message("Stark Industries <stark@myworkday.com>", SAM, "Stark Industries", "Your application for Backend Engineer has been submitted successfully.", ident="cf6@myworkday.com"), "confirmation", "stark"),
    # Replies ------------------------------------------------------------------------------------
    Case("reply-thread", message(JANE, SAM, "Re: Thank you", "You're welcome, Sam. It was great meeting you too!", day=4, ident="rp1@acme.example", headers={"In-Reply-To": "<ty1@home.example>"}), "reply", "acme"),
    Case("reply-question", message(LI, SAM, "Re: A question", "Sure, the team uses Go and Postgres.", ident="rp2@globex.example"), "reply", "globex"),
    Case("reply-quoting-thread", message(RAJ, SAM, "Re: Thank you", "Thanks Sam, we'll be in touch soon." + QUOTED_THREAD, ident="rp3@acme.example"), "reply", "acme"),
    Case("reply-personal-address", message(TOM, SAM, "Re: our chat", "Good to hear from you, Sam. Let me know if you have any questions.", ident="rp4@gmail.com"), "reply", "umbrella"),
    Case("reply-domain", message("Front Desk <frontdesk@acme.example>", SAM, "Directions", "Hi Sam, here are the directions to our office and the parking code.", ident="rp5@acme.example"), "reply", "acme"),
    Case("reply-from-reference", message(ANN, SAM, "Re: Heads up", "Of course, happy to talk to them. Good luck!", ident="rr1@oakes.example", headers={"In-Reply-To": "<rf1@home.example>"}), "from-reference", "acme"),
    Case("reply-from-network", message(BOB, SAM, "Re: Coffee?", "Sure, I'll mention you to the hiring manager.", ident="rr2@globex.example"), "from-network", "globex"),
    Case("reply-html-gmail-quote", message(JANE, SAM, "Re: Question", '<div>Yes, remote work is fine.</div><div class="gmail_quote">On Mon Sam wrote:<blockquote>We are pleased to offer... unable to offer</blockquote></div>', html=True, ident="rp6@acme.example"), "reply", "acme"),
    # Written after the rules, as a check of what they had not seen (see docs/mail.md) ----------------
    Case("fresh-reject-not-a-match", message(RAJ, SAM, "Acme - Backend Engineer", "Hi Sam, thanks for your patience. We don't think this is the right match for the role right now, so we won't be taking your application further.", ident="fr1@acme.example"), "rejection", "acme"),
    Case("fresh-reject-closed", message("Initech Careers <no-reply@greenhouse.io>", SAM, "Initech: role update", "Hello Sam, the Backend Engineer role at Initech has been closed and we are no longer hiring for it.", ident="fr2@greenhouse.io"), "rejection", "initech"),
    Case("fresh-offer-verbal", message(RITA, SAM, "Call me?", "Hi Sam! Great news - the Hooli team would like to extend you an offer. Call me when you can.", ident="fr3@hooli.example"), "offer", "hooli"),
    Case("fresh-offer-contract", message(LI, SAM, "Contract", "Hi Sam, we are happy to confirm our offer; the contract is attached for your signature.", ident="fr4@globex.example"), "offer", "globex"),
    Case("fresh-invite-slots", message(JANE, SAM, "Final round", "Hi Sam, please pick a slot for your final interview with our CTO using the link below.", ident="fr5@acme.example"), "invitation", "acme"),
    Case("fresh-invite-when-free", message("Globex Recruiting <recruiting@globex.example>", SAM, "Technical interview", "Hi Sam, when would you be free for a technical interview on Thursday 12 March at 11am?", ident="fr6@globex.example"), "invitation", "globex", {"interview_at": "2026-03-12T11:00:00"}),
    Case("fresh-more-time-next-week", message(JANE, SAM, "Re: Following up", "Hi Sam, no decision yet, sorry! We should know more by Wednesday 18 March.", ident="fr7@acme.example"), "more-time", "acme", {"new_date": "2026-03-18"}),
    Case("fresh-confirm-ashby", message("Hooli <no-reply@ashbyhq.com>", SAM, "Thanks for your interest in Hooli", "We have received your application and will review it shortly.", ident="fr8@ashbyhq.com"), "confirmation", "hooli"),
    Case("fresh-reply-logistics", message(LI, SAM, "Re: Parking", "Yes, there is a visitor car park behind the building.", ident="fr9@globex.example"), "reply", "globex"),
    Case("fresh-noise-recruiter-spam", message("Talent Blast <jobs@talentblast.example>", SAM, "Exciting opportunity!", "We would like to invite you to apply for 50 roles. Unsubscribe below.", ident="fr10@talentblast.example", headers={"List-Unsubscribe": "<https://talentblast.example/u>"}), None),
    # Noise and unrelated mail ---------------------------------------------------------------------
    Case("noise-list", message("Job Tips <tips@jobtips.example>", SAM, "5 ways to get an offer", "How to get an offer in 30 days.", ident="nz1@jobtips.example", headers={"List-Id": "Job Tips <tips.jobtips.example>"}), None),
    Case("noise-bulk", message("Webinars <hello@events.example>", SAM, "You're invited", "We would like to invite you to our webinar on careers.", ident="nz2@events.example", headers={"Precedence": "bulk"}), None),
    Case("noise-out-of-office", message(JANE, SAM, "Automatic reply: Thank you", "I am out of the office until Monday.", ident="nz3@acme.example", headers={"Auto-Submitted": "auto-replied"}), None),
    Case("noise-job-alert", message("LinkedIn Job Alerts <jobalerts-noreply@linkedin.example>", SAM, "New jobs for you", "30 new jobs match your search. Thank you for applying... Unsubscribe here.", ident="nz4@linkedin.example", headers={"List-Unsubscribe": "<https://linkedin.example/unsub>"}), None),
    Case("noise-company-list", message("Acme News <news@acme.example>", SAM, "Acme quarterly", "We are pleased to offer our customers a new product.", ident="nz5@acme.example", headers={"List-Id": "news.acme.example"}), None),
    Case("unrelated-friend", message("Chris <chris@friends.example>", SAM, "dinner?", "Are you free on Friday?", ident="un1@friends.example"), None),
    Case("unrelated-thanks", message("Chris <chris@friends.example>", SAM, "Thanks!", "Thank you for the gift, it was lovely.", ident="un2@friends.example"), None),
    Case("unrelated-sent", message(SAM, "Chris <chris@friends.example>", "Re: dinner?", "Friday works, thank you!", ident="un3@home.example"), None),
    Case("noise-spam", message("Deals <promo@deals.example>", SAM, "Congratulations! An offer for you", "We are pleased to offer you 50% off.", ident="nz6@deals.example", headers={"Precedence": "bulk"}), None),
    Case("noise-auto-generated-stranger", message("Shop <orders@shop.example>", SAM, "Your order", "Thank you for your order. We have received your payment.", ident="nz7@shop.example", headers={"Auto-Submitted": "auto-generated"}), None),
    Case("unrelated-sent-mom", message(SAM, "Mum <mum@family.example>", "Thank you", "Thank you for the call yesterday!", ident="un4@home.example"), None),
    # Sent by the user -----------------------------------------------------------------------------
    Case("thank-you-jane", message(SAM, JANE, "Thank you", "Dear Jane, thank you for your time today.", day=3, hour=17, ident="ty1@home.example"), "thank-you", "acme"),
    Case("thank-you-raj-html", message(SAM, RAJ, "Thanks for today", "<p>Dear Raj,</p><p>Thanks for the conversation about the platform team.</p>", html=True, day=3, hour=18, ident="ty2@home.example"), "thank-you", "acme"),
    Case("thank-you-li-encoded", message(SAM, LI, "Merci \u2014 thank you", "Dear Li, I appreciated the conversation yesterday.", ident="ty3@home.example"), "thank-you", "globex"),
    Case("thank-you-tom", message(SAM, TOM, "Thank you", "Hi Tom, thank you for the interview.", ident="ty4@home.example"), "thank-you", "umbrella"),
    Case("reference-acme", message(SAM, ANN, "Heads up", "Hi Ann, Acme may call you as a reference this week. Thank you for your help!", day=3, hour=19, ident="rf1@home.example"), "reference", "acme"),
    Case("reference-globex", message(SAM, ANN, "Reference call", "Hi Ann, Globex might be in touch for a reference.", day=2, hour=19, ident="rf2@home.example"), "reference", "globex"),
    Case("network-bob", message(SAM, BOB, "Coffee?", "Hi Bob, I interviewed with your team. Could you put in a good word?", ident="nw1@home.example"), "network", "globex"),
    Case("follow-up-jane", message(SAM, JANE, "Following up", "Hi Jane, I am following up on my application.", ident="fu1@home.example"), "follow-up", "acme"),
    Case("follow-up-li", message(SAM, LI, "Checking in", "Hi Li, just checking in on the role.", ident="fu2@home.example"), "follow-up", "globex"),
    Case("follow-up-rita", message(SAM, RITA, "Backend role", "Hi Rita, any update on the Hooli role?", ident="fu3@home.example"), "follow-up", "hooli"),
    Case("sent-reply-jane", message(SAM, JANE, "Re: Next round", "Hi Jane, that time works for me.", ident="sr1@home.example", headers={"In-Reply-To": "<in4@acme.example>"}), "sent-reply", "acme"),
    Case("sent-reply-raj", message(SAM, RAJ, "Re: Position update", "Understood, thank you for letting me know.", ident="sr2@home.example"), "sent-reply", "acme"),
    Case("sent-reply-domain", message(SAM, "Globex HR <hr@globex.example>", "Re: Your offer letter", "Dear HR team, I have signed and returned the letter.", ident="sr3@home.example"), "sent-reply", "globex"),
]  # fmt: skip

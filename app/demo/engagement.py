"""Demo group work and CSO engagement: the Basrah workshop's SWOT (groups A–D) and group
recommendations (A–D) as in the workshop report, two CSOs with accounts and a few submissions."""

from __future__ import annotations

import io
from datetime import date, timedelta

import sqlalchemy as sa
from PIL import Image, ImageDraw

from app.auth.models import Governorate
from app.auth.services import get_user_by_username
from app.engagement.models import Addressee, Channel, Priority, ReportStatus, ViolationKind
from app.engagement.models import RecommendationStatus as RS
from app.engagement.services import (
    ActivityReportData,
    FollowUpData,
    RecommendationData,
    ReviewData,
    Upload,
    ViolationReportData,
    add_group_recommendation,
    follow_up,
    review_report,
    submit_activity_report,
    submit_cso_recommendation,
    submit_violation_report,
)
from app.events.models import Workshop
from app.extensions import db
from app.groupwork.models import AssignmentKind, SwotQuadrant
from app.groupwork.services import (
    GroupData,
    ItemData,
    add_group_item,
    add_item,
    confirmed_registrations,
    create_group,
    list_groups,
    update_group,
)

# Section 3 of the Basrah report: Group A strengths, B weaknesses, C opportunities, D threats.
SWOT = {
    "strengths": [
        ("The credibility of CSOs with the public.", "مصداقية منظمات المجتمع المدني لدى الجمهور."),
        ("Geographical distribution of CSOs and IHEC through VRCs.", None),
        ("Experience accumulated through previous experiences with local and international organizations.", None),
        ("The presence of CSOs in all stages of the electoral process enhances the integrity, impartiality, and "
         "transparency of the electoral process.", None),
        ("Inclusivity of CSOs from different backgrounds.", None),
        ("Organizations specialized in gender and people with special needs.", None),
        ("IHEC effective role in communicating with electoral stakeholders and government institutions.", None),
    ],
    "weaknesses": [
        ("Poor government performance.", None),
        ("Instability of the political process.", "عدم استقرار العملية السياسية."),
        ("Partial media affiliated with political parties and blocks.", None),
        ("The absence of special centers for people with disabilities.", None),
        ("The existence of customs and traditions in some areas prevented women from voting.", None),
        ("Lack of voter confidence in conducting elections electronically.", None),
    ],
    "opportunities": [
        ("The social media used by young people, \"Instagram - Tik Tok\", targets young people born after 2000.", None),
        ("Engaging media that have many followers.", None),
        ("Educating university students and educating large numbers, and thus influencing students' families.", None),
        ("Partnership between IHEC mobile teams with the CSOs' voluntary teams to implement a joint action plan.",
         "الشراكة بين الفرق الجوالة للمفوضية والفرق التطوعية لمنظمات المجتمع المدني لتنفيذ خطة عمل مشتركة."),
        ("Awareness materials \"leaflets - shopping bags - watches - flash drives\".", None),
    ],
    "threats": [
        ("Unstable security situation.", "الوضع الأمني غير المستقر."),
        ("Lack of trust in the electoral and political process.", None),
        ("Media spreading misinformation.", None),
        ("Electoral breaches.", None),
        ("Weak cooperation by some government departments.", None),
        ("Lack of financial and human resources at CSOs.", None),
    ],
}
GROUP_QUADRANTS = {"Group A": "strengths", "Group B": "weaknesses", "Group C": "opportunities", "Group D": "threats"}

# Section 6: (text, addressee, priority, status) per group.
RECOMMENDATIONS = {
    "Group A": [
        ("Organizing training workshops by IHEC for CSOs, including topics such as biometric updating, registration, "
         "distribution, the definition of the law and the voting mechanism.", "commission", "high", "in_progress"),
        ("The CSOs have the right to access information through joint meetings.", "joint", "medium", "accepted"),
        ("Seeking continued financial support by IHEC from the government for sustained communication with CSOs.",
         "government", "medium", "under_review"),
        ("Establishing a particular office within the IHEC for monitoring networks (CSOs) and choosing a "
         "representative for them according to criteria set by the CSOs.", "commission", "medium", "partially_accepted"),
        ("Creating a joint team (CSOs and IHEC) with IHEC's mobile teams to facilitate their tasks.", "joint", "low",
         "submitted"),
    ],
    "Group B": [
        ("Sharing the data by IHEC to CSOs would help CSOs to determine their target audience for voters' education.",
         "commission", "high", "accepted"),
        ("Creating a hotline for communication by IHEC.", "commission", "medium", "implemented"),
        ("Training and holding seminars between IHEC and CSOs.", "joint", "medium", "in_progress"),
        ("A memorandum of understanding and partnership between IHEC and the CSOs.", "joint", "high", "under_review"),
        ("Preparing awareness and educational programs in consultation between IHEC and other parties, including CSOs.",
         "commission", "medium", "submitted"),
        ("CSOs to support IHEC to combat mis/disinformation.", "csos", "high", "accepted"),
    ],
    "Group C": [
        ("Equality in rights and privileges between international organizations and local organizations in election "
         "monitoring.", "commission", "medium", "not_accepted"),
        ("CSOs establishing a coordination operations room between IHEC and CSOs.", "joint", "medium", "submitted"),
        ("IHEC and CSOs work closely to monitor electoral irregularities and violations.", "joint", "high", "accepted"),
        ("Submit proposals and reports that contribute to raising awareness and educating voters.", "csos", "low",
         "submitted"),
    ],
    "Group D": [
        ("Formation of a joint working group between IHEC and CSOs.", "joint", "high", "in_progress"),
        ("Holding workshops by the CSOs to mobilize citizens with the presence of the IHEC and vice versa.", "csos",
         "medium", "submitted"),
        ("CSOs to disseminate the electoral information produced by IHEC.", "csos", "medium", "accepted"),
        ("IHEC to publish CSOs reports.", "commission", "high", "implemented"),
        ("Provide the organizations with all updates and procedures regarding the work and activities of IHEC.",
         "commission", "medium", "accepted"),
        ("Directing the Commission's staff to cooperate with the CSOs.", "commission", "low", "submitted"),
        ("Providing organizations with a result sheet of election results.", "commission", "medium", "under_review"),
        ("Allowing the use of mobile phones inside the PSs by members of CSOs for the reporting purpose.", "commission",
         "medium", "not_accepted"),
    ],
}
RECOMMENDATION_AR = {
    "A memorandum of understanding and partnership between IHEC and the CSOs.":
        "مذكرة تفاهم وشراكة بين المفوضية ومنظمات المجتمع المدني.",
    "IHEC to publish CSOs reports.": "أن تنشر المفوضية تقارير منظمات المجتمع المدني.",
}


PATHS = {
    "submitted": [],
    "under_review": ["under_review"],
    "accepted": ["under_review", "accepted"],
    "partially_accepted": ["under_review", "partially_accepted"],
    "not_accepted": ["under_review", "not_accepted"],
    "in_progress": ["under_review", "accepted", "in_progress"],
    "implemented": ["under_review", "accepted", "in_progress", "implemented"],
}
REASONS = {
    "partially_accepted": "Accepted for the governorate offices first; a national office needs a budget decision.",
    "not_accepted": "Outside the Commission's legal mandate (Law No. 31 of 2019).",
}
RESPONSES = {
    "accepted": "The Public Outreach directorate will include this in the 2025 outreach plan.",
    "in_progress": "Work has started with the governorate electoral offices; first sessions are scheduled.",
    "implemented": "Done: see the announcement on the Commission's website and the stakeholders' page.",
    "partially_accepted": "Part of this will be taken up in the next electoral cycle.",
    "not_accepted": "The Commission cannot take this up under the current law.",
}


def _follow(recommendation, target: str, by, due: date) -> None:
    for step in PATHS[target]:
        status = RS(step)
        follow_up(recommendation, FollowUpData(
            status=status, addressee=recommendation.addressee, priority=recommendation.priority,
            theme=recommendation.theme, reason=REASONS.get(step, recommendation.status_reason),
            responsible_unit="Public Outreach directorate" if step != "under_review" else "",
            due_date=due if step in ("accepted", "in_progress", "partially_accepted") else recommendation.due_date,
            response=RESPONSES.get(step, ""), published=step == "implemented"), by)


def load_demo_engagement(today: date) -> bool:
    """Groups A–D with the Basrah SWOT and recommendations, two CSOs' submissions; False when already there."""
    basrah = next((w for w in db.session.scalars(sa.select(Workshop)) if w.title.en.endswith("— Basrah")), None)
    if basrah is None or list_groups(basrah):
        return False
    organiser = get_user_by_username("organiser")
    people = confirmed_registrations(basrah)
    groups = {}
    for index, (name, quadrant) in enumerate(GROUP_QUADRANTS.items()):
        group = create_group(basrah, name)
        members = people[index::4][:8]
        update_group(group, GroupData(name=name, assignment=AssignmentKind.QUADRANT, quadrant=SwotQuadrant(quadrant),
                                      members=members, rapporteur=members[0] if members else None))
        groups[name] = group
    for name, quadrant in GROUP_QUADRANTS.items():
        for english, arabic in SWOT[quadrant]:
            add_item(basrah, ItemData(SwotQuadrant(quadrant), english, groups[name]), organiser)
            if arabic:  # typed again in Arabic by the group's rapporteur from the group link
                add_group_item(groups[name], SwotQuadrant(quadrant), arabic)
    for name, items in RECOMMENDATIONS.items():
        for n, (text, addressee, priority, status) in enumerate(items):
            recommendation = add_group_recommendation(basrah, groups[name], RecommendationData(
                text=RECOMMENDATION_AR.get(text, text), addressee=Addressee(addressee), priority=Priority(priority)),
                organiser)
            # Due dates: some passed (flagged as overdue), some ahead.
            _follow(recommendation, status, organiser, today + timedelta(days=(n % 3 - 1) * 45))
    _cso_submissions(today, organiser)
    return True


def _cso_submissions(today: date, organiser) -> None:
    basra_cso, erbil_cso = get_user_by_username("cso"), get_user_by_username("cso2")
    if basra_cso is None or erbil_cso is None:
        return
    own = submit_cso_recommendation(basra_cso, RecommendationData(
        text="Share the list of polling centres for Basra with CSOs two months before election day, so that "
             "observers can be trained for each centre.", addressee=Addressee.COMMISSION, priority=Priority.HIGH))
    _follow(own, "in_progress", organiser, today + timedelta(days=30))
    submit_cso_recommendation(erbil_cso, RecommendationData(
        text="تخصيص جلسات توعية للناخبات في المناطق الريفية بالتعاون مع شبكات النساء المحلية.",
        addressee=Addressee.JOINT, priority=Priority.MEDIUM))
    basra = db.session.scalar(sa.select(Governorate).where(Governorate.code == "basra"))
    erbil = db.session.scalar(sa.select(Governorate).where(Governorate.code == "erbil"))
    report = submit_activity_report(basra_cso, ActivityReportData(
        title="Voter education session for university students", held_on=today - timedelta(days=20),
        governorate=basra, place="University of Basrah, College of Law", participants_female=46,
        participants_male=38, description="Two-hour session on voter registration and biometric cards."), today)
    review_report(report, ReviewData(status=ReportStatus.ADDRESSED, published=True,
                                     response="Thank you: IHEC Basra will send a trainer to the next session."))
    submit_activity_report(erbil_cso, ActivityReportData(
        title="ورشة توعية للناخبات", held_on=today - timedelta(days=9), governorate=erbil, place="أربيل",
        participants_female=31, participants_male=4, description="جلسة حول التسجيل البايومتري وحق التصويت."), today)
    submit_violation_report(basra_cso, ViolationReportData(
        kind=ViolationKind.MISINFORMATION, observed_on=today - timedelta(days=3), channel=Channel.SOCIAL_MEDIA,
        governorate=basra, description="A Facebook page claims that voters without a biometric card can vote "
                                       "with a ration card. Screenshot attached."),
        [Upload("screenshot.png", io.BytesIO(_screenshot()))], today)


def _screenshot() -> bytes:
    image = Image.new("RGB", (320, 200), (236, 240, 247))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 300, 60), fill=(59, 89, 152))
    draw.rectangle((20, 80, 300, 180), outline=(120, 120, 120), width=2)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()

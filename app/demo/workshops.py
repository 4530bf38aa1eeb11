"""Demo workshops: the 2023 IHEC–CSO dialogue series (with the Basrah agenda of its report), past
trainings of 2012–2013 of every type, and planned activities whose dates or venue are not fixed."""

from __future__ import annotations

from datetime import date, time, timedelta

import sqlalchemy as sa

from app.auth.models import Governorate, Organisation, OrganisationType, User
from app.auth.services import find_organisation, get_user_by_username
from app.db import LocalizedText as T
from app.events.models import ActivityType, AgendaKind, DeliveryMode, Theme, Workshop, WorkshopStatus
from app.events.services import (
    AgendaItemData,
    DaySlot,
    WorkshopData,
    add_agenda_item,
    change_status,
    consecutive_days,
    create_workshop,
    list_series,
    save_series,
)
from app.extensions import db
from app.registration.models import Sex
from app.registration.services import PersonData, check_in, create_participant, list_registrations, register
from app.surveys.models import QuestionKind, SurveyStatus
from app.surveys.services import (
    QuestionData,
    copy_survey,
    create_evaluation,
    create_test,
    save_question,
    set_status,
    submit,
)

SERIES_TITLE = T(en="IHEC–CSO dialogue on voter turnout 2023", ar="حوار المفوضية ومنظمات المجتمع المدني حول المشاركة الانتخابية 2023",
                 ckb="دیالۆگی کۆمسیۆن و ڕێکخراوەکانی کۆمەڵگەی مەدەنی دەربارەی بەشداریی دەنگدان 2023")
DIALOGUE = T(en="Promoting voter turnout and creating sustainable synergies among electoral partners",
             ar="تعزيز المشاركة الانتخابية وبناء تآزر مستدام بين الشركاء الانتخابيين",
             ckb="بەرەوپێشبردنی بەشداریی دەنگدان و دروستکردنی هاوکاریی بەردەوام لە نێوان هاوبەشانی هەڵبژاردن")

K = AgendaKind
BASRAH_AGENDA = [
    [  # 13 June 2023
        ("09:00", "09:45", K.OPENING, "Opening session", "الجلسة الافتتاحية", "Aous Ali (OEA); Al-Hassan Qabas (IHEC); Shqipe Hebibi (UNAMI OEA)"),
        ("09:45", "10:30", K.PRESENTATION, "IHEC's roles and efforts for public outreach and CSO engagement",
         "دور المفوضية وجهودها في التواصل الجماهيري وإشراك منظمات المجتمع المدني", "Al-Hassan Qabas, IHEC"),
        ("10:30", "10:45", K.BREAK, "Coffee break", "استراحة", ""),
        ("10:45", "11:30", K.PRESENTATION, "CSOs' efforts and roles in civic and voter education (1)",
         "جهود منظمات المجتمع المدني ودورها في التثقيف المدني والانتخابي (1)", "Mr. Zayir"),
        ("11:30", "12:15", K.PRESENTATION, "CSOs' efforts and roles in civic and voter education (2)",
         "جهود منظمات المجتمع المدني ودورها في التثقيف المدني والانتخابي (2)", ""),
        ("12:15", "13:00", K.QA, "Discussion", "نقاش", "Dr. Emad Jameel, IHEC"),
        ("13:00", "14:00", K.BREAK, "Lunch", "الغداء", ""),
        ("14:00", "16:00", K.GROUP_WORK, "SWOT analysis: enhancing IHEC's public outreach with CSOs (groups A–D)",
         "تحليل SWOT: تعزيز تواصل المفوضية مع منظمات المجتمع المدني (المجموعات أ–د)", "Al-Hassan Qabbas, IHEC"),
    ],
    [  # 14 June 2023
        ("09:00", "10:30", K.PRESENTATION, "Understanding electoral misinformation and disinformation, and combating it together",
         "فهم المعلومات المضللة والزائفة في الانتخابات ومكافحتها معًا", ""),
        ("10:30", "10:45", K.BREAK, "Coffee break", "استراحة", ""),
        ("10:45", "12:15", K.PRESENTATION, "Enhancing collaboration through digital means",
         "تعزيز التعاون عبر الوسائل الرقمية", "Dr. Nawal Hussain Khalaf, IHEC POD"),
        ("12:15", "13:45", K.GROUP_WORK, "Group discussions: how IHEC and CSOs can enhance their partnership",
         "نقاشات المجموعات: كيف تعزز المفوضية ومنظمات المجتمع المدني شراكتهما", ""),
        ("13:45", "14:30", K.CLOSING, "Closing session", "الجلسة الختامية", ""),
    ],
]


def _hm(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def _by_code(model, code: str):
    return db.session.scalar(sa.select(model).where(model.code == code))


def _exists(title_en: str) -> bool:
    return any(w.title.en == title_en for w in db.session.scalars(sa.select(Workshop)))


FIRST_NAMES = [("زينب", Sex.FEMALE), ("أحمد", Sex.MALE), ("فاطمة", Sex.FEMALE), ("علي", Sex.MALE),
               ("حسين", Sex.MALE), ("مريم", Sex.FEMALE), ("مصطفى", Sex.MALE), ("عباس", Sex.MALE),
               ("نور", Sex.FEMALE), ("كرار", Sex.MALE), ("حيدر", Sex.MALE), ("سجاد", Sex.MALE),
               ("هاوڕێ", Sex.MALE), ("شیلان", Sex.FEMALE), ("محمد", Sex.MALE), ("عمار", Sex.MALE)]
FAMILY_NAMES = ["الموسوي", "الحسيني", "العبودي", "الساعدي", "التميمي", "الكناني", "كريم", "جاسم", "البصري",
                "المالكي", "عبد الله", "الربيعي"]
CSOS = ["جمعية صوت البصرة المدني", "منظمة تموز للتنمية الاجتماعية", "شبكة شمس لمراقبة الانتخابات",
        "جمعية الأمل العراقية", "منتدى شباب ذي قار", "منظمة نساء الميسان"]


def _participants(workshop: Workshop, by: User, count: int, seed: int, present: float = 0.0) -> None:
    """`count` registrations with plausible Iraqi names; `present` of them checked in every day."""
    for n in range(count):
        first, sex = FIRST_NAMES[(n * 7 + seed) % len(FIRST_NAMES)]
        name = f"{first} {FAMILY_NAMES[(n * 5 + seed * 3) % len(FAMILY_NAMES)]}"
        person = create_participant(PersonData(
            full_name=name, sex=sex, organisation_name=CSOS[(n + seed) % len(CSOS)],
            organisation_type=OrganisationType.CSO, phone=f"0770{seed:03d}{n:04d}", consent_given=True,
            governorate=workshop.governorate), by)
        registration = register(workshop, person, by)
        for number, day in enumerate(workshop.days):
            if (n * 13 + number * 5) % 100 < present * 100:
                check_in(workshop, by, registration=registration, day=day, method="qr", device="demo",
                         scanned_at=day.starts_at + timedelta(minutes=(n * 3) % 50))


def _evaluation(workshop: Workshop) -> None:
    """The activity evaluation answered by 28 participants, most of them satisfied (as in the reports)."""
    survey = create_evaluation(workshop)
    set_status(survey, SurveyStatus.OPEN)
    questions = survey.questions
    for n, registration in enumerate(list_registrations(workshop)[:28]):
        relevance, usefulness = ("5", "4") if n % 14 else ("3", "4")  # 2 of 28 not satisfied
        answers = {questions[0].id: [relevance], questions[1].id: [usefulness], questions[2].id: [str(4 + n % 2)],
                   questions[3].id: [str(3 + n % 3)], questions[4].id: ["4"], questions[7].id: ["1"]}
        if n % 5 == 0:
            answers[questions[5].id] = ["مجموعات العمل وتحليل SWOT"]
        if registration.participant.sex in (Sex.FEMALE, Sex.MALE):  # the anonymous form's sex question
            answers[questions[8].id] = ["0" if registration.participant.sex == Sex.FEMALE else "1"]
        submit(survey, answers, "ar", registration)
    set_status(survey, SurveyStatus.CLOSED)


# A short voter-registration test: (question, options, right answer as typed in the editor).
TEST_QUESTIONS = [
    (T(en="Who may register as a voter?", ar="من يحق له التسجيل كناخب؟"), QuestionKind.SINGLE,
     [T(en="Iraqis aged 18 or over", ar="العراقيون بعمر 18 سنة فأكثر"), T(en="Anyone living in Iraq", ar="كل من يقيم في العراق"),
      T(en="Only public employees", ar="موظفو الدولة فقط")], "1"),
    (T(en="Which documents prove identity at registration?", ar="ما الوثائق التي تثبت الهوية عند التسجيل؟"),
     QuestionKind.MULTIPLE, [T(en="Unified national card", ar="البطاقة الوطنية الموحدة"),
                             T(en="Ration card", ar="البطاقة التموينية"), T(en="Club membership card", ar="بطاقة نادٍ")], "1, 2"),
    (T(en="Can a voter correct their data during the display period?", ar="هل يمكن للناخب تصحيح بياناته خلال فترة العرض؟"),
     QuestionKind.YES_NO, [], "yes"),
    (T(en="How many governorates has Iraq?", ar="كم عدد محافظات العراق؟"), QuestionKind.NUMBER, [], "19"),
]


def _pre_and_post_tests(workshop: Workshop) -> None:
    """A pre-test on day one and the same questions as post-test on the last day: the gain per trainee."""
    pre = create_test(workshop)
    pre.title = T(en="Pre-test", ar="الاختبار القبلي", ckb="تاقیکردنەوەی پێشوەختە")
    for text, kind, options, right in TEST_QUESTIONS:
        save_question(pre, QuestionData(kind, text, options, correct=right))
    post = copy_survey(pre)
    post.title = T(en="Post-test", ar="الاختبار البعدي", ckb="تاقیکردنەوەی دوایی")
    post.pre_test = pre
    for survey in (pre, post):
        set_status(survey, SurveyStatus.OPEN)
    for n, registration in enumerate(list_registrations(workshop)):
        after = 4 if n % 5 else (2 if n % 10 == 0 else 3)  # 2 of 20 below the pass mark of 70%
        for survey, known in ((pre, 1 + n % 3), (post, after)):
            q = survey.questions
            right = [["0"], ["0", "1"], ["1"], ["19"]]
            wrong = [["1"], ["2"], ["0"], ["18"]]
            answers = {q[i].id: right[i] if i < known else wrong[i] for i in range(4)}
            submit(survey, answers, "ar", registration)
    for survey in (pre, post):
        set_status(survey, SurveyStatus.CLOSED)


def _workshop(by: User, title: T, type_code: str, organisation: Organisation, status: WorkshopStatus,
              days: list[DaySlot] | None = None, participants: tuple[int, int, float] | None = None,
              **fields) -> Workshop | None:
    if _exists(title.en):
        return None
    themes = [_by_code(Theme, code) for code in fields.pop("themes", [])]
    governorate = _by_code(Governorate, fields.pop("governorate")) if "governorate" in fields else None
    data = WorkshopData(title=title, activity_type=_by_code(ActivityType, type_code), organisation=organisation,
                        themes=themes, governorate=governorate, **fields)
    workshop = create_workshop(data, by, days)
    if participants:
        _participants(workshop, by, *participants)
    path = {
        WorkshopStatus.PLANNED: [WorkshopStatus.PLANNED],
        WorkshopStatus.OPEN: [WorkshopStatus.PLANNED, WorkshopStatus.OPEN],
        WorkshopStatus.COMPLETED: [WorkshopStatus.PLANNED, WorkshopStatus.ONGOING, WorkshopStatus.COMPLETED],
        WorkshopStatus.CANCELLED: [WorkshopStatus.PLANNED, WorkshopStatus.CANCELLED],
    }.get(status, [])
    for step in path:
        reason = "Security situation in the governorate" if step == WorkshopStatus.CANCELLED else ""
        change_status(workshop, step, by, reason)
    return workshop


def load_demo_workshops(today: date) -> int:
    """Create the demo workshops that are missing; returns how many were created."""
    admin = get_user_by_username("admin")
    facilitator = get_user_by_username("facilitator")
    unami, ihec, undp = find_organisation("UNAMI-OEA"), find_organisation("IHEC"), find_organisation("UNDP-ESP")
    created = 0

    series = next((s for s in list_series() if s.title.en == SERIES_TITLE.en), None) or save_series(SERIES_TITLE, unami)

    dialogue = [
        ("Baghdad", "baghdad", "بغداد", "بەغدا", date(2023, 4, 26), "CSOs from Baghdad and the central governorates"),
        ("Erbil", "erbil", "أربيل", "هەولێر", date(2023, 5, 29), "CSOs from the Kurdistan Region and the northern governorates"),
        ("Basrah", "basra", "البصرة", "بەسرە", date(2023, 6, 13), "CSOs from Basra, Thi-Qar, Muthanna, Missan"),
    ]
    for seed, (city, governorate, city_ar, city_ckb, first, audience) in enumerate(dialogue):
        title = T(en=f"{DIALOGUE.en} — {city}", ar=f"{DIALOGUE.ar} — {city_ar}", ckb=f"{DIALOGUE.ckb} — {city_ckb}")
        workshop = _workshop(
            admin, title, "workshop", unami, WorkshopStatus.COMPLETED,
            consecutive_days(first, first + timedelta(days=1), time(9), time(16)),
            themes=["voter_education", "cso_engagement", "misinformation"], governorate=governorate, city=city,
            venue=f"{city} International Hotel, conference hall", capacity=40, series=series,
            partners=[ihec], facilitators=[facilitator], published_to_csos=True, participants=(32, seed, 0.9),
            target_audience=T(en=audience),
            objectives=T(en="Maintain the institutional independence of IHEC and create a space for dialogue and "
                            "collaboration between IHEC and CSOs on voter education and turnout."),
        )
        if workshop is None:
            continue
        created += 1
        if city == "Basrah":
            for day, items in zip(workshop.days, BASRAH_AGENDA):
                for start, end, kind, en, ar, speakers in items:
                    add_agenda_item(day, AgendaItemData(_hm(start), _hm(end), T(en=en, ar=ar), kind, speakers))
            _evaluation(workshop)

    past = [
        ("BRIDGE training on electoral administration", "training", "erbil", date(2012, 11, 18), 5, ["electoral_integrity"]),
        ("Seminar on electoral dispute resolution", "seminar", "baghdad", date(2012, 10, 9), 1, ["electoral_integrity"]),
        ("Voter registration training for governorate electoral office staff", "training", "basra", date(2013, 1, 15), 3, ["voter_registration"]),
        ("Study visit on out-of-country voting", "study_visit", None, date(2013, 2, 10), 4, ["electoral_integrity"]),
        ("Roundtable on women's political participation", "roundtable", "sulaymaniyah", date(2013, 3, 7), 1, ["gender"]),
        ("Lessons-learned workshop on the 2013 governorate council elections", "lessons_learned", "baghdad", date(2013, 6, 10), 2, []),
    ]
    for index, (title, kind, governorate, first, length, themes) in enumerate(past):
        fields = {"governorate": governorate} if governorate else {"city": "Amman"}
        trained = kind == "training" and governorate == "basra"
        workshop = _workshop(admin, T(en=title), kind, ihec, WorkshopStatus.COMPLETED,
                             consecutive_days(first, first + timedelta(days=length - 1), time(9), time(15)),
                             themes=themes, partners=[undp], capacity=25, venue="IHEC training centre"
                             if governorate == "baghdad" else "",
                             participants=(20, 11, 0.95) if trained else (14 + 3 * index, 21 + index, 0.85),
                             **fields)
        created += workshop is not None
        if workshop is not None and trained:
            _pre_and_post_tests(workshop)

    soon = today + timedelta(days=21)
    upcoming = [
        (T(en="Workshop on combating electoral misinformation", ar="ورشة عمل حول مكافحة المعلومات الانتخابية المضللة"),
         "workshop", WorkshopStatus.OPEN, consecutive_days(soon, soon + timedelta(days=1), time(9), time(15)),
         {"governorate": "erbil", "city": "Erbil", "venue": "Rotana Hotel", "themes": ["misinformation"],
          "facilitators": [facilitator], "published_to_csos": True, "capacity": 30, "participants": (12, 7, 0.0)}),
        (T(en="Training of trainers on voter education", ar="تدريب المدربين على التثقيف الانتخابي"),
         "training", WorkshopStatus.PLANNED, None,
         {"governorate": "baghdad", "planned_year": today.year + 1, "planned_quarter": 1, "themes": ["voter_education"]}),
        (T(en="Network meeting of election-observer CSOs", ar="اجتماع شبكة منظمات مراقبة الانتخابات"),
         "network_meeting", WorkshopStatus.PLANNED, None,
         {"planned_year": soon.year, "planned_month": soon.month, "published_to_csos": True}),
        (T(en="Consultation session on persons with disabilities at polling stations"),
         "consultation", WorkshopStatus.CANCELLED, consecutive_days(today - timedelta(days=40), None, time(10), time(13)),
         {"governorate": "nineveh", "city": "Mosul", "themes": ["disability"]}),
        (T(en="Online seminar on electoral integrity for journalists", ar="ندوة إلكترونية حول نزاهة الانتخابات للصحفيين"),
         "seminar", WorkshopStatus.DRAFT, None,
         {"mode": DeliveryMode.ONLINE, "online_link": "https://meet.example.org/electoral-integrity"}),
    ]
    for title, kind, status, days, fields in upcoming:
        created += _workshop(admin, title, kind, undp if kind != "workshop" else unami, status, days, **fields) is not None
    return created

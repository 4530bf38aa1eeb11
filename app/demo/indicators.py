"""Demo results frameworks: the 2012–2013 institutional development programme of the quarterly reports (its
workshops are the demo's 2012–2013 trainings) and the 2023–2026 CSO engagement project (the dialogue series,
its evaluation, recommendations and CSO reports). Idempotent: nothing is added when the programmes exist."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from app.auth.services import get_user_by_username
from app.db import LocalizedText as T
from app.events.models import Workshop
from app.extensions import db
from app.indicators import framework
from app.indicators.framework import EntryData, IndicatorData, OutcomeData, OutputData, ProgrammeData
from app.indicators.models import EngagementMeasure, IndicatorKind, ManualCumulation, MilestoneStatus, PeopleCount, Programme

SATISFIED = T(en="Percentage of participants satisfied with the relevance and usefulness of the activity",
              ar="نسبة المشاركين الراضين عن ملاءمة النشاط وفائدته",
              ckb="ڕێژەی بەشداربووانی ڕازی لە گونجاوی و سوودی چالاکییەکە")


def _workshops(*titles: str) -> list[Workshop]:
    found = [w for w in db.session.scalars(sa.select(Workshop)) if any(w.title.en.startswith(t) for t in titles)]
    return sorted(found, key=lambda w: w.id)


def _institutional() -> None:
    admin = get_user_by_username("admin")
    programme = framework.save_programme(ProgrammeData(
        title=T(en="Institutional development support to IHEC 2012–2013", ar="دعم التطوير المؤسسي للمفوضية 2012–2013",
                ckb="پشتگیری گەشەپێدانی دامەزراوەیی بۆ کۆمسیۆن 2012–2013"),
        donor="European Union", starts_on=date(2012, 1, 1), ends_on=date(2013, 12, 31),
        beneficiaries_target_male=1471, beneficiaries_target_female=368))
    outcome = framework.save_outcome(programme, OutcomeData("1", T(
        en="IHEC institutional development", ar="التطوير المؤسسي للمفوضية", ckb="گەشەپێدانی دامەزراوەیی کۆمسیۆن"), "UNDP"))
    transparency = framework.save_output(outcome, OutputData("1.1", T(
        en="IHEC has improved institutional transparency and accountability",
        ar="تحسّن الشفافية والمساءلة المؤسسية في المفوضية",
        ckb="شەفافیەت و لێپرسینەوەی دامەزراوەیی لە کۆمسیۆن باشتر بووە"), "UNDP"))
    milestone = framework.save_indicator(transparency, IndicatorData("1.1.1", T(
        en="CoR reporting requirements reviewed with the IHEC", ar="مراجعة متطلبات الإبلاغ لمجلس النواب مع المفوضية",
        ckb="پێداچوونەوەی پێداویستییەکانی ڕاپۆرتدانی ئەنجومەنی نوێنەران لەگەڵ کۆمسیۆن"),
        IndicatorKind.MILESTONE, target_text="Yes"))
    framework.enter(milestone, date(2012, 10, 1), EntryData(milestone=MilestoneStatus.INITIATED, percent=8,
                                                            comment="Terms of reference agreed"), admin)
    framework.save_indicator(transparency, IndicatorData("1.1.8", T(
        en="Number of capacity building activities organised on transparency, accountability and legal framework",
        ar="عدد أنشطة بناء القدرات المنظمة حول الشفافية والمساءلة والإطار القانوني",
        ckb="ژمارەی چالاکییەکانی بنیاتنانی توانا لەسەر شەفافیەت و لێپرسینەوە و چوارچێوەی یاسایی"),
        IndicatorKind.ACTIVITIES, target=19))
    framework.save_indicator(transparency, IndicatorData("1.1.9", T(
        en="Number of personnel (male/female) engaged in capacity building activities on transparency, "
           "accountability and legal framework",
        ar="عدد الموظفين (ذكور/إناث) المشاركين في أنشطة بناء القدرات حول الشفافية والمساءلة والإطار القانوني",
        ckb="ژمارەی کارمەندان (نێر/مێ) کە بەشدارییان لە چالاکییەکانی بنیاتنانی توانادا کردووە"),
        IndicatorKind.PEOPLE, target=340))
    framework.save_indicator(transparency, IndicatorData("1.1.10", SATISFIED, IndicatorKind.SATISFACTION, target=80))
    consultants = framework.save_indicator(transparency, IndicatorData("1.1.11", T(
        en="Number of consultants providing technical support to IHEC on improved transparency and accountability",
        ar="عدد الاستشاريين الذين يقدمون الدعم الفني للمفوضية", ckb="ژمارەی ڕاوێژکارانی پشتگیریی تەکنیکی بۆ کۆمسیۆن"),
        IndicatorKind.MANUAL, target=5, cumulation=ManualCumulation.LATEST))
    framework.enter(consultants, date(2012, 10, 1), EntryData(value=3, source="Contracts register"), admin)
    skills = framework.save_output(outcome, OutputData("3.1", T(
        en="IHEC has improved technological capacities to support electoral processes",
        ar="تحسّن القدرات التقنية للمفوضية لدعم العمليات الانتخابية",
        ckb="تواناکانی تەکنەلۆجیای کۆمسیۆن بۆ پشتگیری پرۆسەی هەڵبژاردن باشتر بووە"), "UNOPS"))
    framework.save_indicator(skills, IndicatorData("3.1.4", T(
        en="Number of personnel (male/female) trained on the usage and maintenance of IT systems",
        ar="عدد الموظفين (ذكور/إناث) المدربين على استخدام وصيانة أنظمة تقنية المعلومات",
        ckb="ژمارەی کارمەندانی (نێر/مێ) ڕاهێنراو لەسەر بەکارهێنان و چاککردنەوەی سیستەمەکانی تەکنەلۆجیا"),
        IndicatorKind.PEOPLE, target=252, count=PeopleCount.INDIVIDUALS))
    framework.save_indicator(skills, IndicatorData("3.1.5", T(
        en="Percentage of trainees passing the end of training technical test",
        ar="نسبة المتدربين الناجحين في الاختبار الفني في نهاية التدريب",
        ckb="ڕێژەی ڕاهێنراوانی سەرکەوتوو لە تاقیکردنەوەی تەکنیکی کۆتایی ڕاهێنان"), IndicatorKind.PASS_RATE, target=80))
    for workshop in _workshops("BRIDGE training", "Seminar on electoral dispute", "Study visit", "Roundtable",
                               "Lessons-learned"):
        framework.link_workshop(transparency, workshop)
    for workshop in _workshops("Voter registration training"):
        framework.link_workshop(skills, workshop)


def _engagement() -> None:
    programme = framework.save_programme(ProgrammeData(
        title=T(en="Electoral support project: CSO engagement 2023–2026",
                ar="مشروع الدعم الانتخابي: إشراك منظمات المجتمع المدني 2023–2026",
                ckb="پرۆژەی پشتگیری هەڵبژاردن: بەشداریی ڕێکخراوەکانی کۆمەڵگەی مەدەنی 2023–2026"),
        donor="UNDP", starts_on=date(2023, 1, 1), ends_on=date(2026, 12, 31),
        beneficiaries_target_male=120, beneficiaries_target_female=80))
    outcome = framework.save_outcome(programme, OutcomeData("1", T(
        en="Civil society takes part in the electoral process", ar="مشاركة المجتمع المدني في العملية الانتخابية",
        ckb="کۆمەڵگەی مەدەنی بەشداری لە پرۆسەی هەڵبژاردندا دەکات"), "UNDP"))
    output = framework.save_output(outcome, OutputData("1.1", T(
        en="IHEC and CSOs work together on voter education and turnout",
        ar="تعمل المفوضية ومنظمات المجتمع المدني معًا على التثقيف الانتخابي والمشاركة",
        ckb="کۆمسیۆن و ڕێکخراوەکان پێکەوە لەسەر هۆشیاری دەنگدان و بەشداری کار دەکەن"), "UNDP"))
    framework.save_indicator(output, IndicatorData("1.1.1", T(
        en="Number of IHEC–CSO dialogue workshops held", ar="عدد ورش الحوار بين المفوضية ومنظمات المجتمع المدني",
        ckb="ژمارەی وۆرکشۆپەکانی دیالۆگی کۆمسیۆن و ڕێکخراوەکان"), IndicatorKind.ACTIVITIES, target=6))
    framework.save_indicator(output, IndicatorData("1.1.2", T(
        en="Number of CSO representatives (male/female) engaged in the dialogue",
        ar="عدد ممثلي منظمات المجتمع المدني (ذكور/إناث) المشاركين في الحوار",
        ckb="ژمارەی نوێنەرانی ڕێکخراوەکان (نێر/مێ) کە بەشدارییان لە دیالۆگەکەدا کردووە"),
        IndicatorKind.PEOPLE, target=180))
    framework.save_indicator(output, IndicatorData("1.1.3", SATISFIED, IndicatorKind.SATISFACTION, target=80))
    framework.save_indicator(output, IndicatorData("1.1.4", T(
        en="Number of recommendations recorded", ar="عدد التوصيات المسجلة", ckb="ژمارەی ڕاسپاردە تۆمارکراوەکان"),
        IndicatorKind.ENGAGEMENT, target=40, measure=EngagementMeasure.RECOMMENDATIONS))
    framework.save_indicator(output, IndicatorData("1.1.5", T(
        en="Percentage of recommendations with a written response from IHEC",
        ar="نسبة التوصيات التي تلقت ردًا مكتوبًا من المفوضية", ckb="ڕێژەی ڕاسپاردەکان کە وەڵامی نووسراویان وەرگرتووە"),
        IndicatorKind.ENGAGEMENT, target=75, measure=EngagementMeasure.WITH_RESPONSE))
    framework.save_indicator(output, IndicatorData("1.1.6", T(
        en="Number of people (male/female) reached by CSO activities",
        ar="عدد الأشخاص (ذكور/إناث) الذين وصلت إليهم أنشطة المنظمات", ckb="ژمارەی ئەو کەسانەی چالاکییەکانی ڕێکخراوەکان پێیان گەیشتووە"),
        IndicatorKind.ENGAGEMENT, target=500, measure=EngagementMeasure.ACTIVITY_REPORT_PEOPLE))
    for workshop in _workshops("Promoting voter turnout"):
        framework.link_workshop(output, workshop)


def load_demo_indicators() -> bool:
    """Both demo programmes; False when they are already there."""
    if db.session.scalar(sa.select(sa.func.count()).select_from(Programme)):
        return False
    _institutional()
    _engagement()
    return True

"""workshops, days, agenda, activity types, themes, series

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 20:26:47.915916

"""
from alembic import op
import sqlalchemy as sa

import app.db


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('activity_types',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', app.db.MultilingualText(), nullable=False),
    sa.Column('capacity_building', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_types')),
    sa.UniqueConstraint('code', name=op.f('uq_activity_types_code'))
    )
    op.create_table('themes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', app.db.MultilingualText(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_themes')),
    sa.UniqueConstraint('code', name=op.f('uq_themes_code'))
    )
    op.create_table('series',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', app.db.MultilingualText(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_series_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_series'))
    )
    with op.batch_alter_table('series', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_series_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('workshops',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', app.db.MultilingualText(), nullable=False),
    sa.Column('description', app.db.MultilingualText(), nullable=False),
    sa.Column('objectives', app.db.MultilingualText(), nullable=False),
    sa.Column('target_audience', app.db.MultilingualText(), nullable=False),
    sa.Column('activity_type_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('series_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('draft', 'planned', 'open', 'ongoing', 'completed', 'postponed', 'cancelled', name='workshopstatus', native_enum=False, length=20), nullable=False),
    sa.Column('status_reason', sa.String(length=500), nullable=False),
    sa.Column('mode', sa.Enum('in_person', 'online', 'hybrid', name='deliverymode', native_enum=False, length=20), nullable=False),
    sa.Column('venue', sa.String(length=200), nullable=False),
    sa.Column('city', sa.String(length=100), nullable=False),
    sa.Column('governorate_id', sa.Integer(), nullable=True),
    sa.Column('online_link', sa.String(length=500), nullable=False),
    sa.Column('planned_year', sa.Integer(), nullable=True),
    sa.Column('planned_month', sa.Integer(), nullable=True),
    sa.Column('planned_quarter', sa.Integer(), nullable=True),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('published_to_csos', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('capacity IS NULL OR capacity >= 0', name=op.f('ck_workshops_capacity_not_negative')),
    sa.CheckConstraint('planned_month IS NULL OR planned_month BETWEEN 1 AND 12', name=op.f('ck_workshops_planned_month_range')),
    sa.CheckConstraint('planned_quarter IS NULL OR planned_quarter BETWEEN 1 AND 4', name=op.f('ck_workshops_planned_quarter_range')),
    sa.ForeignKeyConstraint(['activity_type_id'], ['activity_types.id'], name=op.f('fk_workshops_activity_type_id_activity_types')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_workshops_created_by_id_users')),
    sa.ForeignKeyConstraint(['governorate_id'], ['governorates.id'], name=op.f('fk_workshops_governorate_id_governorates')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_workshops_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['series_id'], ['series.id'], name=op.f('fk_workshops_series_id_series')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workshops'))
    )
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshops_activity_type_id'), ['activity_type_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_workshops_governorate_id'), ['governorate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_workshops_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_workshops_series_id'), ['series_id'], unique=False)

    op.create_table('workshop_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('old', sa.JSON(), nullable=False),
    sa.Column('new', sa.JSON(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['by_id'], ['users.id'], name=op.f('fk_workshop_changes_by_id_users')),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_workshop_changes_workshop_id_workshops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workshop_changes'))
    )
    with op.batch_alter_table('workshop_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshop_changes_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('workshop_days',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_workshop_days_ends_after_start')),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_workshop_days_workshop_id_workshops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workshop_days'))
    )
    with op.batch_alter_table('workshop_days', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshop_days_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('workshop_facilitators',
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_workshop_facilitators_user_id_users')),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_workshop_facilitators_workshop_id_workshops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('workshop_id', 'user_id', name=op.f('pk_workshop_facilitators'))
    )
    op.create_table('workshop_partners',
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_workshop_partners_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_workshop_partners_workshop_id_workshops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('workshop_id', 'organisation_id', name=op.f('pk_workshop_partners'))
    )
    op.create_table('workshop_themes',
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_workshop_themes_theme_id_themes')),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_workshop_themes_workshop_id_workshops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('workshop_id', 'theme_id', name=op.f('pk_workshop_themes'))
    )
    op.create_table('agenda_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('title', app.db.MultilingualText(), nullable=False),
    sa.Column('kind', sa.Enum('opening', 'presentation', 'panel', 'group_work', 'qa', 'break', 'closing', name='agendakind', native_enum=False, length=20), nullable=False),
    sa.Column('speakers', sa.String(length=300), nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_agenda_items_ends_after_start')),
    sa.ForeignKeyConstraint(['day_id'], ['workshop_days.id'], name=op.f('fk_agenda_items_day_id_workshop_days'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_items'))
    )
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_items_day_id'), ['day_id'], unique=False)


    activity_types = sa.table(
        "activity_types",
        sa.column("code", sa.String), sa.column("name", app.db.MultilingualText()),
        sa.column("capacity_building", sa.Boolean), sa.column("active", sa.Boolean),
        sa.column("sort_order", sa.Integer),
    )
    op.bulk_insert(activity_types, [
        {"code": code, "name": {"en": en, "ar": ar, "ckb": ckb}, "capacity_building": counted, "active": True,
         "sort_order": order}
        for order, (code, en, ar, ckb, counted) in enumerate(ACTIVITY_TYPES, start=1)
    ])
    themes = sa.table(
        "themes",
        sa.column("code", sa.String), sa.column("name", app.db.MultilingualText()), sa.column("active", sa.Boolean),
    )
    op.bulk_insert(themes, [
        {"code": code, "name": {"en": en, "ar": ar, "ckb": ckb}, "active": True} for code, en, ar, ckb in THEMES
    ])


# Frozen reference data. The donor reports' footnote counts the first six as capacity building.
ACTIVITY_TYPES = [
    ("training", "Training", "دورة تدريبية", "خولی ڕاهێنان", True),
    ("workshop", "Workshop", "ورشة عمل", "وۆرکشۆپ", True),
    ("seminar", "Seminar", "ندوة", "سیمینار", True),
    ("roundtable", "Roundtable", "طاولة مستديرة", "مێزی گفتوگۆ", True),
    ("study_visit", "Study visit", "زيارة دراسية", "سەردانی فێربوون", True),
    ("lessons_learned", "Lessons-learned event", "فعالية الدروس المستفادة", "چالاکی وانە وەرگیراوەکان", True),
    ("consultation", "Consultation session", "جلسة تشاورية", "دانیشتنی ڕاوێژکاری", False),
    ("network_meeting", "Network meeting", "اجتماع شبكة", "کۆبوونەوەی تۆڕ", False),
    ("conference", "Conference", "مؤتمر", "کۆنفرانس", False),
]
THEMES = [
    ("voter_education", "Voter education", "التثقيف الانتخابي", "هۆشیاریی دەنگدەران"),
    ("misinformation", "Misinformation and disinformation", "المعلومات المضللة والزائفة", "زانیاریی هەڵە و چەواشەکاری"),
    ("gender", "Gender", "النوع الاجتماعي", "جێندەر"),
    ("disability", "Persons with disabilities", "الأشخاص ذوو الإعاقة", "کەسانی خاوەن پێداویستیی تایبەت"),
    ("cso_engagement", "CSO engagement", "إشراك منظمات المجتمع المدني", "بەشداریپێکردنی ڕێکخراوەکانی کۆمەڵگەی مەدەنی"),
    ("electoral_integrity", "Electoral integrity", "نزاهة الانتخابات", "دەستپاکیی هەڵبژاردن"),
    ("voter_registration", "Voter registration", "تسجيل الناخبين", "تۆمارکردنی دەنگدەران"),
]

def downgrade():
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_items_day_id'))

    op.drop_table('agenda_items')
    op.drop_table('workshop_themes')
    op.drop_table('workshop_partners')
    op.drop_table('workshop_facilitators')
    with op.batch_alter_table('workshop_days', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workshop_days_workshop_id'))

    op.drop_table('workshop_days')
    with op.batch_alter_table('workshop_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workshop_changes_workshop_id'))

    op.drop_table('workshop_changes')
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workshops_series_id'))
        batch_op.drop_index(batch_op.f('ix_workshops_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_workshops_governorate_id'))
        batch_op.drop_index(batch_op.f('ix_workshops_activity_type_id'))

    op.drop_table('workshops')
    with op.batch_alter_table('series', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_series_organisation_id'))

    op.drop_table('series')
    op.drop_table('themes')
    op.drop_table('activity_types')

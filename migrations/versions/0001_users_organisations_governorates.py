"""users, organisations and governorates (with the 19 governorates of Iraq as reference data)

Revision ID: 0001
Revises: 
Create Date: 2026-11-24 20:12:15.914354

"""
from alembic import op
import sqlalchemy as sa

import app.db


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('governorates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', app.db.MultilingualText(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_governorates')),
    sa.UniqueConstraint('code', name=op.f('uq_governorates_code'))
    )
    op.create_table('organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', app.db.MultilingualText(), nullable=False),
    sa.Column('acronym', sa.String(length=30), nullable=False),
    sa.Column('type', sa.Enum('electoral_commission_national', 'electoral_office_governorate', 'cso', 'government', 'international', 'academia', 'media', 'other', name='organisationtype', native_enum=False, length=40), nullable=False),
    sa.Column('governorate_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['governorate_id'], ['governorates.id'], name=op.f('fk_organisations_governorate_id_governorates')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations'))
    )
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisations_governorate_id'), ['governorate_id'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.Enum('admin', 'organiser', 'facilitator', 'cso', 'viewer', name='role', native_enum=False, length=20), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('locale', sa.String(length=8), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('session_version', sa.Integer(), nullable=False),
    sa.Column('last_login_at', app.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('password_changed_at', app.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_users_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_organisation_id'), ['organisation_id'], unique=False)

    governorates = sa.table(
        "governorates",
        sa.column("code", sa.String),
        sa.column("name", app.db.MultilingualText()),
        sa.column("sort_order", sa.Integer),
    )
    op.bulk_insert(governorates, [
        {"code": code, "name": {"en": en, "ar": ar, "ckb": ckb}, "sort_order": order}
        for order, (code, en, ar, ckb) in enumerate(GOVERNORATES, start=1)
    ])


# Frozen copy: later changes to the list go in a migration of their own. Halabja is kept (19 rows).
GOVERNORATES = [
    ("baghdad", "Baghdad", "بغداد", "بەغدا"),
    ("basra", "Basra", "البصرة", "بەسرە"),
    ("nineveh", "Nineveh", "نينوى", "نەینەوا"),
    ("erbil", "Erbil", "أربيل", "هەولێر"),
    ("sulaymaniyah", "Sulaymaniyah", "السليمانية", "سلێمانی"),
    ("duhok", "Duhok", "دهوك", "دهۆک"),
    ("halabja", "Halabja", "حلبجة", "هەڵەبجە"),
    ("kirkuk", "Kirkuk", "كركوك", "کەرکووک"),
    ("anbar", "Anbar", "الأنبار", "ئەنبار"),
    ("babil", "Babil", "بابل", "بابل"),
    ("karbala", "Karbala", "كربلاء", "کەربەلا"),
    ("najaf", "Najaf", "النجف", "نەجەف"),
    ("diyala", "Diyala", "ديالى", "دیالە"),
    ("salah_al_din", "Salah al-Din", "صلاح الدين", "سەلاحەدین"),
    ("wasit", "Wasit", "واسط", "واست"),
    ("maysan", "Maysan", "ميسان", "مەیسان"),
    ("dhi_qar", "Dhi Qar", "ذي قار", "زیقار"),
    ("muthanna", "Muthanna", "المثنى", "موسەننا"),
    ("qadisiyah", "Al-Qadisiyah", "القادسية", "قادسیە"),
]


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_organisation_id'))

    op.drop_table('users')
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisations_governorate_id'))

    op.drop_table('organisations')
    op.drop_table('governorates')

"""participants, registrations, scan log and check-ins

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 20:45:53.380792

"""
from alembic import op
import sqlalchemy as sa

import app.db


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('participants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('name_latin', sa.String(length=200), nullable=False),
    sa.Column('name_key', sa.String(length=420), nullable=False),
    sa.Column('sex', sa.Enum('female', 'male', 'not_recorded', name='sex', native_enum=False, length=20), nullable=False),
    sa.Column('age_group', sa.Enum('under_18', '18_29', '30_44', '45_59', '60_plus', 'not_recorded', name='agegroup', native_enum=False, length=20), nullable=False),
    sa.Column('disability', sa.Enum('yes', 'no', 'not_recorded', name='disability', native_enum=False, length=20), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('organisation_name', sa.String(length=200), nullable=False),
    sa.Column('organisation_type', sa.Enum('electoral_commission_national', 'electoral_office_governorate', 'cso', 'government', 'international', 'academia', 'media', 'other', name='organisationtype', native_enum=False, length=40), nullable=True),
    sa.Column('position', sa.String(length=150), nullable=False),
    sa.Column('governorate_id', sa.Integer(), nullable=True),
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('consent_given', sa.Boolean(), nullable=False),
    sa.Column('consent_at', app.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_participants_created_by_id_users')),
    sa.ForeignKeyConstraint(['governorate_id'], ['governorates.id'], name=op.f('fk_participants_governorate_id_governorates')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_participants_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participants'))
    )
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participants_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_participants_governorate_id'), ['governorate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_participants_name_key'), ['name_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_participants_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_participants_phone'), ['phone'], unique=False)

    op.create_table('registrations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('confirmed', 'pending', 'waitlisted', 'cancelled', name='registrationstatus', native_enum=False, length=20), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('reference', sa.String(length=8), nullable=False),
    sa.Column('token_id', sa.String(length=32), nullable=False),
    sa.Column('cancelled_at', app.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('cancelled_by_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cancelled_by_id'], ['users.id'], name=op.f('fk_registrations_cancelled_by_id_users')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_registrations_created_by_id_users')),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_registrations_participant_id_participants')),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_registrations_workshop_id_workshops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registrations')),
    sa.UniqueConstraint('reference', name=op.f('uq_registrations_reference')),
    sa.UniqueConstraint('token_id', name=op.f('uq_registrations_token_id')),
    sa.UniqueConstraint('workshop_id', 'participant_id', name=op.f('uq_registrations_workshop_id'))
    )
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registrations_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_registrations_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('scans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('day_id', sa.Integer(), nullable=True),
    sa.Column('registration_id', sa.Integer(), nullable=True),
    sa.Column('result', sa.Enum('ok', 'already_checked_in', 'invalid', 'cancelled', 'other_workshop', 'not_today', 'pending_approval', name='scanresult', native_enum=False, length=30), nullable=False),
    sa.Column('method', sa.String(length=20), nullable=False),
    sa.Column('device', sa.String(length=100), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('scanned_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('received_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('client_nonce', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['day_id'], ['workshop_days.id'], name=op.f('fk_scans_day_id_workshop_days'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_scans_registration_id_registrations')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_scans_user_id_users')),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_scans_workshop_id_workshops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scans')),
    sa.UniqueConstraint('client_nonce', name=op.f('uq_scans_client_nonce'))
    )
    with op.batch_alter_table('scans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scans_registration_id'), ['registration_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_scans_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('check_ins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('day_id', sa.Integer(), nullable=False),
    sa.Column('scan_id', sa.Integer(), nullable=False),
    sa.Column('checked_in_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('undone_at', app.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('undone_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['by_id'], ['users.id'], name=op.f('fk_check_ins_by_id_users')),
    sa.ForeignKeyConstraint(['day_id'], ['workshop_days.id'], name=op.f('fk_check_ins_day_id_workshop_days'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_check_ins_registration_id_registrations')),
    sa.ForeignKeyConstraint(['scan_id'], ['scans.id'], name=op.f('fk_check_ins_scan_id_scans')),
    sa.ForeignKeyConstraint(['undone_by_id'], ['users.id'], name=op.f('fk_check_ins_undone_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_check_ins'))
    )
    with op.batch_alter_table('check_ins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_check_ins_day_id'), ['day_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_check_ins_registration_id'), ['registration_id'], unique=False)
        batch_op.create_index('uq_check_ins_live', ['registration_id', 'day_id'], unique=True, sqlite_where=sa.text('undone_at IS NULL'), postgresql_where=sa.text('undone_at IS NULL'))



def downgrade():
    with op.batch_alter_table('check_ins', schema=None) as batch_op:
        batch_op.drop_index('uq_check_ins_live', sqlite_where=sa.text('undone_at IS NULL'), postgresql_where=sa.text('undone_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_check_ins_registration_id'))
        batch_op.drop_index(batch_op.f('ix_check_ins_day_id'))

    op.drop_table('check_ins')
    with op.batch_alter_table('scans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scans_workshop_id'))
        batch_op.drop_index(batch_op.f('ix_scans_registration_id'))

    op.drop_table('scans')
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registrations_workshop_id'))
        batch_op.drop_index(batch_op.f('ix_registrations_participant_id'))

    op.drop_table('registrations')
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participants_phone'))
        batch_op.drop_index(batch_op.f('ix_participants_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_participants_name_key'))
        batch_op.drop_index(batch_op.f('ix_participants_governorate_id'))
        batch_op.drop_index(batch_op.f('ix_participants_email'))

    op.drop_table('participants')

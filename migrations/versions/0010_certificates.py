"""certificates

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-24 23:02:37.909095

"""
from alembic import op
import sqlalchemy as sa

import app.db

# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('certificate_templates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('primary_colour', sa.String(length=7), nullable=False),
    sa.Column('accent_colour', sa.String(length=7), nullable=False),
    sa.Column('heading', app.db.MultilingualText(), nullable=False),
    sa.Column('intro', app.db.MultilingualText(), nullable=False),
    sa.Column('body', app.db.MultilingualText(), nullable=False),
    sa.Column('logo', sa.LargeBinary(), nullable=True),
    sa.Column('logo_type', sa.String(length=40), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_certificate_templates_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_templates')),
    sa.UniqueConstraint('organisation_id', name=op.f('uq_certificate_templates_organisation_id'))
    )
    op.create_table('certificate_signatories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('title', app.db.MultilingualText(), nullable=False),
    sa.Column('signature', sa.LargeBinary(), nullable=True),
    sa.Column('signature_type', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['template_id'], ['certificate_templates.id'], name=op.f('fk_certificate_signatories_template_id_certificate_templates'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_signatories'))
    )
    with op.batch_alter_table('certificate_signatories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_signatories_template_id'), ['template_id'], unique=False)

    op.create_table('certificate_jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('status', sa.Enum('queued', 'running', 'done', 'failed', name='jobstatus', native_enum=False, length=20), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('result', sa.LargeBinary(), nullable=True),
    sa.Column('error', sa.String(length=1000), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', app.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_certificate_jobs_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_certificate_jobs_workshop_id_workshops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_jobs'))
    )
    with op.batch_alter_table('certificate_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_jobs_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('workshop_certificate_settings',
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=True),
    sa.Column('language_mode', sa.Enum('participant', 'bilingual', name='languagemode', native_enum=False, length=20), nullable=False),
    sa.Column('rule', sa.Enum('all_days', 'min_days', 'min_percent', name='eligibilityrule', native_enum=False, length=20), nullable=False),
    sa.Column('min_days', sa.Integer(), nullable=False),
    sa.Column('min_percent', sa.Integer(), nullable=False),
    sa.Column('signatory_ids', sa.JSON(), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['template_id'], ['certificate_templates.id'], name=op.f('fk_workshop_certificate_settings_template_id_certificate_templates'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_workshop_certificate_settings_workshop_id_workshops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('workshop_id', name=op.f('pk_workshop_certificate_settings'))
    )
    op.create_table('certificate_eligibility_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('include', sa.Boolean(), nullable=True),
    sa.Column('reason', sa.String(length=1000), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_certificate_eligibility_decisions_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_certificate_eligibility_decisions_registration_id_registrations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_certificate_eligibility_decisions_workshop_id_workshops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_eligibility_decisions'))
    )
    with op.batch_alter_table('certificate_eligibility_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_eligibility_decisions_registration_id'), ['registration_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificate_eligibility_decisions_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('languages', sa.String(length=20), nullable=False),
    sa.Column('days_attended', sa.Integer(), nullable=False),
    sa.Column('hours_attended', sa.Double(), nullable=False),
    sa.Column('issued_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.Column('revoked_at', app.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_reason', sa.String(length=1000), nullable=False),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['issued_by_id'], ['users.id'], name=op.f('fk_certificates_issued_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_certificates_registration_id_registrations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['users.id'], name=op.f('fk_certificates_revoked_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_certificates_workshop_id_workshops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificates')),
    sa.UniqueConstraint('code', name=op.f('uq_certificates_code')),
    sa.UniqueConstraint('number', name=op.f('uq_certificates_number'))
    )
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificates_registration_id'), ['registration_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificates_workshop_id'), ['workshop_id'], unique=False)
        batch_op.create_index('uq_certificates_live', ['registration_id'], unique=True, sqlite_where=sa.text('revoked_at IS NULL'), postgresql_where=sa.text('revoked_at IS NULL'))


def downgrade():
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_index('uq_certificates_live', sqlite_where=sa.text('revoked_at IS NULL'), postgresql_where=sa.text('revoked_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_certificates_workshop_id'))
        batch_op.drop_index(batch_op.f('ix_certificates_registration_id'))

    op.drop_table('certificates')
    with op.batch_alter_table('certificate_eligibility_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_eligibility_decisions_workshop_id'))
        batch_op.drop_index(batch_op.f('ix_certificate_eligibility_decisions_registration_id'))

    op.drop_table('certificate_eligibility_decisions')
    op.drop_table('workshop_certificate_settings')
    with op.batch_alter_table('certificate_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_jobs_workshop_id'))

    op.drop_table('certificate_jobs')
    with op.batch_alter_table('certificate_signatories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_signatories_template_id'))

    op.drop_table('certificate_signatories')
    op.drop_table('certificate_templates')

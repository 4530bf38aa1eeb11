"""results framework

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-25 01:07:34.961719

"""
from alembic import op
import sqlalchemy as sa

import app.db


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('programmes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', app.db.MultilingualText(), nullable=False),
    sa.Column('donor', sa.String(length=200), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('period_months', sa.Integer(), server_default='3', nullable=False),
    sa.Column('satisfaction_threshold', sa.Integer(), server_default='4', nullable=False),
    sa.Column('attendance_min_share', sa.Integer(), server_default='0', nullable=False),
    sa.Column('rollup', sa.Enum('mean_quantitative', 'mean_all', 'weighted', name='rollup', native_enum=False, length=30), server_default='mean_quantitative', nullable=False),
    sa.Column('beneficiaries_target_male', sa.Integer(), nullable=True),
    sa.Column('beneficiaries_target_female', sa.Integer(), nullable=True),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('attendance_min_share BETWEEN 0 AND 100', name=op.f('ck_programmes_attendance_min_share_range')),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_programmes_ends_after_start')),
    sa.CheckConstraint('period_months IN (1, 3, 6, 12)', name=op.f('ck_programmes_period_months_allowed')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programmes'))
    )
    op.create_table('outcomes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('title', app.db.MultilingualText(), nullable=False),
    sa.Column('lead_agency', sa.String(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_outcomes_programme_id_programmes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcomes')),
    sa.UniqueConstraint('programme_id', 'code', name=op.f('uq_outcomes_programme_id'))
    )
    with op.batch_alter_table('outcomes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outcomes_programme_id'), ['programme_id'], unique=False)

    op.create_table('outputs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outcome_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('title', app.db.MultilingualText(), nullable=False),
    sa.Column('lead_agency', sa.String(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['outcome_id'], ['outcomes.id'], name=op.f('fk_outputs_outcome_id_outcomes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outputs')),
    sa.UniqueConstraint('outcome_id', 'code', name=op.f('uq_outputs_outcome_id'))
    )
    with op.batch_alter_table('outputs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outputs_outcome_id'), ['outcome_id'], unique=False)

    op.create_table('frozen_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('submitted_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=1000), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_frozen_reports_programme_id_programmes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_frozen_reports_submitted_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_frozen_reports')),
    sa.UniqueConstraint('programme_id', 'period_start', name=op.f('uq_frozen_reports_programme_id'))
    )
    with op.batch_alter_table('frozen_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_frozen_reports_programme_id'), ['programme_id'], unique=False)

    op.create_table('indicators',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('output_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('title', app.db.MultilingualText(), nullable=False),
    sa.Column('kind', sa.Enum('activities', 'people', 'satisfaction', 'pass_rate', 'engagement', 'manual', 'milestone', name='indicatorkind', native_enum=False, length=20), nullable=False),
    sa.Column('unit', sa.Enum('number', 'percent', 'milestone', name='indicatorunit', native_enum=False, length=20), nullable=False),
    sa.Column('baseline', sa.Float(), nullable=True),
    sa.Column('target', sa.Float(), nullable=True),
    sa.Column('target_text', sa.String(length=100), nullable=False),
    sa.Column('disaggregation', sa.Enum('none', 'sex', 'sex_organisation_type', 'sex_governorate', name='disaggregation', native_enum=False, length=30), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('weight', sa.Float(), server_default='1', nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint('weight >= 0', name=op.f('ck_indicators_weight_not_negative')),
    sa.ForeignKeyConstraint(['output_id'], ['outputs.id'], name=op.f('fk_indicators_output_id_outputs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicators')),
    sa.UniqueConstraint('output_id', 'code', name=op.f('uq_indicators_output_id'))
    )
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicators_output_id'), ['output_id'], unique=False)

    op.create_table('indicator_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('milestone', sa.Enum('not_yet_initiated', 'initiated', 'partially', 'completed', name='milestonestatus', native_enum=False, length=30), nullable=True),
    sa.Column('percent', sa.Integer(), nullable=True),
    sa.Column('comment', sa.String(length=1000), nullable=False),
    sa.Column('source', sa.String(length=1000), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('percent IS NULL OR percent BETWEEN 0 AND 100', name=op.f('ck_indicator_entries_percent_range')),
    sa.ForeignKeyConstraint(['entered_by_id'], ['users.id'], name=op.f('fk_indicator_entries_entered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicators.id'], name=op.f('fk_indicator_entries_indicator_id_indicators'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_entries')),
    sa.UniqueConstraint('indicator_id', 'period_start', name=op.f('uq_indicator_entries_indicator_id'))
    )
    with op.batch_alter_table('indicator_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_entries_indicator_id'), ['indicator_id'], unique=False)

    op.create_table('indicator_targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('target', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicators.id'], name=op.f('fk_indicator_targets_indicator_id_indicators'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_targets')),
    sa.UniqueConstraint('indicator_id', 'period_start', name=op.f('uq_indicator_targets_indicator_id'))
    )
    with op.batch_alter_table('indicator_targets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_targets_indicator_id'), ['indicator_id'], unique=False)

    op.create_table('workshop_outputs',
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('output_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['output_id'], ['outputs.id'], name=op.f('fk_workshop_outputs_output_id_outputs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_workshop_outputs_workshop_id_workshops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('workshop_id', 'output_id', name=op.f('pk_workshop_outputs'))
    )
    with op.batch_alter_table('workshop_outputs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshop_outputs_output_id'), ['output_id'], unique=False)



def downgrade():
    with op.batch_alter_table('workshop_outputs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workshop_outputs_output_id'))

    op.drop_table('workshop_outputs')
    with op.batch_alter_table('indicator_targets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_targets_indicator_id'))

    op.drop_table('indicator_targets')
    with op.batch_alter_table('indicator_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_entries_indicator_id'))

    op.drop_table('indicator_entries')
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicators_output_id'))

    op.drop_table('indicators')
    with op.batch_alter_table('frozen_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_frozen_reports_programme_id'))

    op.drop_table('frozen_reports')
    with op.batch_alter_table('outputs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outputs_outcome_id'))

    op.drop_table('outputs')
    with op.batch_alter_table('outcomes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outcomes_programme_id'))

    op.drop_table('outcomes')
    op.drop_table('programmes')

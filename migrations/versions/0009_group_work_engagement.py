"""group work and engagement

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24 22:55:18.297360

"""
from alembic import op
import sqlalchemy as sa

import app.db

# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cso_activity_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('governorate_id', sa.Integer(), nullable=True),
    sa.Column('participants_female', sa.Integer(), nullable=False),
    sa.Column('participants_male', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('submitted', 'under_review', 'addressed', name='reportstatus', native_enum=False, length=20), nullable=False),
    sa.Column('response', sa.Text(), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['governorate_id'], ['governorates.id'], name=op.f('fk_cso_activity_reports_governorate_id_governorates')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_cso_activity_reports_organisation_id_organisations'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_cso_activity_reports_submitted_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cso_activity_reports'))
    )
    with op.batch_alter_table('cso_activity_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cso_activity_reports_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('library_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', app.db.MultilingualText(), nullable=False),
    sa.Column('description', app.db.MultilingualText(), nullable=False),
    sa.Column('kind', sa.Enum('manual', 'leaflet', 'video', 'presentation', 'other', name='materialkind', native_enum=False, length=20), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=True),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['added_by_id'], ['users.id'], name=op.f('fk_library_items_added_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_library_items_theme_id_themes'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_library_items'))
    )
    op.create_table('violation_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('violation', 'misinformation', name='violationkind', native_enum=False, length=20), nullable=False),
    sa.Column('observed_on', sa.Date(), nullable=False),
    sa.Column('governorate_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.Enum('social_media', 'television', 'radio', 'print', 'in_person', 'polling_station', 'other', name='channel', native_enum=False, length=20), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('submitted', 'under_review', 'addressed', name='reportstatus', native_enum=False, length=20), nullable=False),
    sa.Column('response', sa.Text(), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['governorate_id'], ['governorates.id'], name=op.f('fk_violation_reports_governorate_id_governorates')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_violation_reports_organisation_id_organisations'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_violation_reports_submitted_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_violation_reports'))
    )
    with op.batch_alter_table('violation_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_violation_reports_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('evidence_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['violation_reports.id'], name=op.f('fk_evidence_files_report_id_violation_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_files'))
    )
    with op.batch_alter_table('evidence_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_files_report_id'), ['report_id'], unique=False)

    op.create_table('library_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['library_items.id'], name=op.f('fk_library_files_item_id_library_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_library_files')),
    sa.UniqueConstraint('item_id', 'language', name=op.f('uq_library_files_item_id'))
    )
    with op.batch_alter_table('library_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_library_files_item_id'), ['item_id'], unique=False)

    op.create_table('breakout_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('assignment', sa.Enum('quadrant', 'all', 'question', name='assignmentkind', native_enum=False, length=20), nullable=False),
    sa.Column('quadrant', sa.Enum('strengths', 'weaknesses', 'opportunities', 'threats', name='swotquadrant', native_enum=False, length=20), nullable=True),
    sa.Column('question', app.db.MultilingualText(), nullable=False),
    sa.Column('rapporteur_id', sa.Integer(), nullable=True),
    sa.Column('link_token', sa.String(length=64), nullable=True),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['rapporteur_id'], ['registrations.id'], name=op.f('fk_breakout_groups_rapporteur_id_registrations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_breakout_groups_workshop_id_workshops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_breakout_groups')),
    sa.UniqueConstraint('link_token', name=op.f('uq_breakout_groups_link_token')),
    sa.UniqueConstraint('workshop_id', 'name', name=op.f('uq_breakout_groups_workshop_id'))
    )
    with op.batch_alter_table('breakout_groups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_breakout_groups_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('breakout_group_members',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['breakout_groups.id'], name=op.f('fk_breakout_group_members_group_id_breakout_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_breakout_group_members_registration_id_registrations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', 'registration_id', name=op.f('pk_breakout_group_members'))
    )
    op.create_table('recommendations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=2000), nullable=False),
    sa.Column('addressee', sa.Enum('commission', 'csos', 'government', 'international', 'joint', name='addressee', native_enum=False, length=20), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=True),
    sa.Column('priority', sa.Enum('high', 'medium', 'low', name='priority', native_enum=False, length=10), nullable=False),
    sa.Column('source', sa.Enum('workshop_group', 'cso', name='recommendationsource', native_enum=False, length=20), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=True),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('submitted', 'under_review', 'accepted', 'partially_accepted', 'not_accepted', 'in_progress', 'implemented', name='recommendationstatus', native_enum=False, length=20), nullable=False),
    sa.Column('status_reason', sa.String(length=1000), nullable=False),
    sa.Column('responsible_unit', sa.String(length=200), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('response', sa.Text(), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['breakout_groups.id'], name=op.f('fk_recommendations_group_id_breakout_groups'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_recommendations_organisation_id_organisations'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_recommendations_submitted_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_recommendations_theme_id_themes'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_recommendations_workshop_id_workshops'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendations'))
    )
    with op.batch_alter_table('recommendations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendations_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_recommendations_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('swot_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('quadrant', sa.Enum('strengths', 'weaknesses', 'opportunities', 'threats', name='swotquadrant', native_enum=False, length=20), nullable=False),
    sa.Column('text', sa.String(length=1000), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('via_group_link', sa.Boolean(), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_swot_items_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['breakout_groups.id'], name=op.f('fk_swot_items_group_id_breakout_groups'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['merged_into_id'], ['swot_items.id'], name=op.f('fk_swot_items_merged_into_id_swot_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_swot_items_workshop_id_workshops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_swot_items'))
    )
    with op.batch_alter_table('swot_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_swot_items_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('recommendation_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('changed_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('old_value', sa.Text(), nullable=False),
    sa.Column('new_value', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendations.id'], name=op.f('fk_recommendation_changes_recommendation_id_recommendations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_recommendation_changes_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendation_changes'))
    )
    with op.batch_alter_table('recommendation_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendation_changes_recommendation_id'), ['recommendation_id'], unique=False)

    op.create_table('swot_item_themes',
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['swot_items.id'], name=op.f('fk_swot_item_themes_item_id_swot_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_swot_item_themes_theme_id_themes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('item_id', 'theme_id', name=op.f('pk_swot_item_themes'))
    )


def downgrade():
    op.drop_table('swot_item_themes')
    with op.batch_alter_table('recommendation_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendation_changes_recommendation_id'))

    op.drop_table('recommendation_changes')
    with op.batch_alter_table('swot_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_swot_items_workshop_id'))

    op.drop_table('swot_items')
    with op.batch_alter_table('recommendations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendations_workshop_id'))
        batch_op.drop_index(batch_op.f('ix_recommendations_organisation_id'))

    op.drop_table('recommendations')
    op.drop_table('breakout_group_members')
    with op.batch_alter_table('breakout_groups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_breakout_groups_workshop_id'))

    op.drop_table('breakout_groups')
    with op.batch_alter_table('library_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_library_files_item_id'))

    op.drop_table('library_files')
    with op.batch_alter_table('evidence_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_files_report_id'))

    op.drop_table('evidence_files')
    with op.batch_alter_table('violation_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_violation_reports_organisation_id'))

    op.drop_table('violation_reports')
    op.drop_table('library_items')
    with op.batch_alter_table('cso_activity_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cso_activity_reports_organisation_id'))

    op.drop_table('cso_activity_reports')

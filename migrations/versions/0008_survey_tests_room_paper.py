"""survey tests, room and paper

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24 22:35:03.228392

"""
from alembic import op
import sqlalchemy as sa

import app.db

# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

def upgrade():
    with op.batch_alter_table('survey_questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('correct', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('points', sa.Integer(), server_default='1', nullable=False))

    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('entered_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('paper_number', sa.String(length=20), nullable=True))
        batch_op.create_unique_constraint('uq_survey_responses_paper_number', ['survey_id', 'paper_number'])
        batch_op.create_foreign_key(batch_op.f('fk_survey_responses_entered_by_id_users'), 'users', ['entered_by_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.Enum('evaluation', 'test', name='surveykind', native_enum=False, length=20), server_default='evaluation', nullable=False))
        batch_op.add_column(sa.Column('satisfaction_threshold', sa.Integer(), server_default='4', nullable=False))
        batch_op.add_column(sa.Column('pass_mark', sa.Integer(), server_default='70', nullable=False))
        batch_op.add_column(sa.Column('pre_test_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('room_token', sa.String(length=32), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_surveys_room_token'), ['room_token'])
        batch_op.create_foreign_key(batch_op.f('fk_surveys_pre_test_id_surveys'), 'surveys', ['pre_test_id'], ['id'], ondelete='SET NULL')

def downgrade():
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_surveys_pre_test_id_surveys'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_surveys_room_token'), type_='unique')
        batch_op.drop_column('room_token')
        batch_op.drop_column('pre_test_id')
        batch_op.drop_column('pass_mark')
        batch_op.drop_column('satisfaction_threshold')
        batch_op.drop_column('kind')

    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_survey_responses_entered_by_id_users'), type_='foreignkey')
        batch_op.drop_constraint('uq_survey_responses_paper_number', type_='unique')
        batch_op.drop_column('paper_number')
        batch_op.drop_column('entered_by_id')

    with op.batch_alter_table('survey_questions', schema=None) as batch_op:
        batch_op.drop_column('points')
        batch_op.drop_column('correct')


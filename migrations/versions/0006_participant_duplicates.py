"""possible duplicate and merged participants

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 21:46:24.852375

"""
from alembic import op
import sqlalchemy as sa

import app.db


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('duplicate_of_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_participants_duplicate_of_id_participants'), 'participants', ['duplicate_of_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_participants_merged_into_id_participants'), 'participants', ['merged_into_id'], ['id'])



def downgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_participants_merged_into_id_participants'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_participants_duplicate_of_id_participants'), type_='foreignkey')
        batch_op.drop_column('merged_into_id')
        batch_op.drop_column('duplicate_of_id')


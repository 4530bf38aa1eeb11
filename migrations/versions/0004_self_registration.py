"""self-registration settings of a workshop

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 21:12:56.723118

"""
from alembic import op
import sqlalchemy as sa

import app.db


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('self_registration', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('approval_required', sa.Boolean(), nullable=False, server_default=sa.false()))



def downgrade():
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_column('approval_required')
        batch_op.drop_column('self_registration')


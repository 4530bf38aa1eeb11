"""offline scans: flag and what the device showed

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 21:34:00.070127

"""
from alembic import op
import sqlalchemy as sa

import app.db


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('scans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('offline', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('device_result', sa.String(length=30), nullable=True))



def downgrade():
    with op.batch_alter_table('scans', schema=None) as batch_op:
        batch_op.drop_column('device_result')
        batch_op.drop_column('offline')


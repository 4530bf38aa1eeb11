"""satisfaction of each survey response: the lowest relevance/usefulness answer, written with the answers

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-25 02:07:00

Existing responses get it from their answers, by the rule of surveys.services.satisfaction_lowest.
"""
import json
from collections import defaultdict

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

MEASURES = ("relevance", "usefulness")


def upgrade():
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('satisfaction_lowest', sa.Integer(), nullable=True))

    connection = op.get_bind()
    questions = sa.table('survey_questions', sa.column('id', sa.Integer), sa.column('survey_id', sa.Integer),
                         sa.column('measures', sa.String))
    responses = sa.table('survey_responses', sa.column('id', sa.Integer), sa.column('survey_id', sa.Integer),
                         sa.column('satisfaction_lowest', sa.Integer))
    answers = sa.table('survey_answers', sa.column('response_id', sa.Integer), sa.column('question_id', sa.Integer),
                       sa.column('value', sa.Text))
    measured = {}  # question id → measure
    wanted = defaultdict(set)  # survey id → measures it asks
    for question_id, survey_id, measure in connection.execute(
            sa.select(questions.c.id, questions.c.survey_id, questions.c.measures)
            .where(questions.c.measures.in_(MEASURES))):
        measured[question_id] = measure
        wanted[survey_id].add(measure)
    if not measured:
        return
    given = defaultdict(dict)  # response id → measure → lowest answer
    survey_of = {}
    for response_id, survey_id, question_id, text in connection.execute(
            sa.select(answers.c.response_id, responses.c.survey_id, answers.c.question_id,
                      sa.cast(answers.c.value, sa.Text))
            .join(responses, responses.c.id == answers.c.response_id)
            .where(answers.c.question_id.in_(list(measured)))):
        value = json.loads(text) if text is not None else None
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            continue
        measure = measured[question_id]
        found = given[response_id]
        found[measure] = min(value, found.get(measure, value))
        survey_of[response_id] = survey_id
    updates = [{"rid": response_id, "lowest": int(min(found.values()))} for response_id, found in given.items()
               if set(found) == wanted[survey_of[response_id]]]
    statement = responses.update().where(responses.c.id == sa.bindparam("rid")).values(
        satisfaction_lowest=sa.bindparam("lowest"))
    for start in range(0, len(updates), 5000):
        connection.execute(statement, updates[start:start + 5000])


def downgrade():
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.drop_column('satisfaction_lowest')

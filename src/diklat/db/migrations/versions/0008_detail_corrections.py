"""detail corrections: a participant's request to correct their name, jabatan or instansi

``detail_corrections`` keeps each request (the field, the value it had and the one asked
for, the reason), its state (pending, approved, refused) and who decided it, when and
with what note. Approving one changes the person; the request stays as the record.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 18:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "detail_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column("old_value", sa.String(length=300), nullable=False),
        sa.Column("new_value", sa.String(length=300), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_detail_corrections_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["people.id"], name=op.f("fk_detail_corrections_decided_by_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_detail_corrections")),
    )
    op.create_index(op.f("ix_detail_corrections_person_id"), "detail_corrections", ["person_id"])
    op.create_index(op.f("ix_detail_corrections_state"), "detail_corrections", ["state"])


def downgrade() -> None:
    op.drop_index(op.f("ix_detail_corrections_state"), table_name="detail_corrections")
    op.drop_index(op.f("ix_detail_corrections_person_id"), table_name="detail_corrections")
    op.drop_table("detail_corrections")

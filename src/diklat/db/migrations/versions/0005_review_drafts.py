"""review drafts: a reviewer's comments saved while they are written

``review_drafts`` holds one reviewer's unsent comments and picked decision on one
submission, saved a moment after each change, so a closed terminal or a crash loses
no typed comment. Deciding removes the draft.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("comments", sa.JSON(), nullable=False),
        sa.Column("approve", sa.Boolean(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["people.id"], name=op.f("fk_review_drafts_author_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_review_drafts_submission_id_submissions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_drafts")),
        sa.UniqueConstraint(
            "submission_id", "author_id", name=op.f("uq_review_drafts_submission_id_author_id")
        ),
    )


def downgrade() -> None:
    op.drop_table("review_drafts")

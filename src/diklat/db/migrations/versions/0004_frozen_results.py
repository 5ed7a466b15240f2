"""frozen results: a locked cohort's results stored when it is locked

``frozen_results`` (one row per locked cohort: when) and ``frozen_result_rows`` (one
row per enrolment: everything a graduation-list row shows). A locked cohort's results
cannot change, so they are computed once at lock time and read back afterwards: the
all-cohorts graduation export becomes one SELECT per chunk instead of reading and
scoring every mark, approved stage and attendance row, and a certified list no longer
drifts if a later version computes results differently. Cohorts locked before this
revision have no snapshot: their results are computed as before until they are
locked again (or frozen by the bench generator / seeding).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "frozen_results",
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("frozen_at", sa.DateTime(), nullable=False),
        sa.Column("participants", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            name=op.f("fk_frozen_results_cohort_id_cohorts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cohort_id", name=op.f("pk_frozen_results")),
    )
    op.create_table(
        "frozen_result_rows",
        sa.Column("enrolment_id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("ndh", sa.Integer(), nullable=False),
        sa.Column("nip", sa.String(length=18), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("pangkat_golongan", sa.String(length=120), nullable=False),
        sa.Column("jabatan", sa.String(length=300), nullable=False),
        sa.Column("instansi", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("components", sa.JSON(), nullable=False),
        sa.Column("moderated", sa.String(length=300), nullable=False),
        sa.Column("final", sa.String(length=40), nullable=True),
        sa.Column("qualification", sa.String(length=30), nullable=True),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("best", sa.Boolean(), nullable=False),
        sa.Column("certificate_no", sa.String(length=200), nullable=True),
        sa.Column("scheduled", sa.Integer(), nullable=False),
        sa.Column("attended", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["frozen_results.cohort_id"],
            name=op.f("fk_frozen_result_rows_cohort_id_frozen_results"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["enrolment_id"],
            ["enrolments.id"],
            name=op.f("fk_frozen_result_rows_enrolment_id_enrolments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("enrolment_id", name=op.f("pk_frozen_result_rows")),
        sa.UniqueConstraint(
            "cohort_id", "position", name=op.f("uq_frozen_result_rows_cohort_id_position")
        ),
    )


def downgrade() -> None:
    op.drop_table("frozen_result_rows")
    op.drop_table("frozen_results")

"""field visits: a cohort's benchmarking visit, its hosts and the group visiting each

``field_visits`` (date, title, programme) per cohort; ``visit_hosts`` the institutions
visited (address, contact person, the practice to learn, the group's report), each with
a key unique in the cohort that participants' benchmarking notes refer to;
``visit_members`` the participants of each host's group.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 13:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "field_visits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("programme", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            name=op.f("fk_field_visits_cohort_id_cohorts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_field_visits")),
    )
    op.create_index(op.f("ix_field_visits_cohort_id"), "field_visits", ["cohort_id"])
    op.create_table(
        "visit_hosts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("institution", sa.String(length=300), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("contact", sa.String(length=300), nullable=False),
        sa.Column("practice", sa.Text(), nullable=False),
        sa.Column("report", sa.Text(), nullable=False),
        sa.Column("report_by", sa.Integer(), nullable=True),
        sa.Column("report_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["field_visits.id"],
            name=op.f("fk_visit_hosts_visit_id_field_visits"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["report_by"], ["people.id"], name=op.f("fk_visit_hosts_report_by_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_hosts")),
        sa.UniqueConstraint("visit_id", "key", name=op.f("uq_visit_hosts_visit_id_key")),
    )
    op.create_index(op.f("ix_visit_hosts_visit_id"), "visit_hosts", ["visit_id"])
    op.create_table(
        "visit_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("host_id", sa.Integer(), nullable=False),
        sa.Column("enrolment_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["host_id"],
            ["visit_hosts.id"],
            name=op.f("fk_visit_members_host_id_visit_hosts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["enrolment_id"],
            ["enrolments.id"],
            name=op.f("fk_visit_members_enrolment_id_enrolments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_members")),
        sa.UniqueConstraint(
            "host_id", "enrolment_id", name=op.f("uq_visit_members_host_id_enrolment_id")
        ),
    )
    op.create_index(op.f("ix_visit_members_enrolment_id"), "visit_members", ["enrolment_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_visit_members_enrolment_id"), table_name="visit_members")
    op.drop_table("visit_members")
    op.drop_index(op.f("ix_visit_hosts_visit_id"), table_name="visit_hosts")
    op.drop_table("visit_hosts")
    op.drop_index(op.f("ix_field_visits_cohort_id"), table_name="field_visits")
    op.drop_table("field_visits")

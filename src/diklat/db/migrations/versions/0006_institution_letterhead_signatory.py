"""institutions carry what a signed document needs; a cohort may name its own signatory

``institutions`` gains the address, the letterhead lines (one per line of text, printed
under the name), the logo (PNG or JPEG bytes and their type), the signatory (name, NIP,
title) and a version for optimistic locking; ``city`` stays the place a document is
signed at. ``cohorts`` gains an optional signatory (NULL: the institution's).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 13:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("institutions") as batch:
        batch.add_column(sa.Column("address", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("letterhead", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("logo", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("logo_mime", sa.String(length=20), nullable=True))
        batch.add_column(
            sa.Column("signatory_name", sa.String(length=200), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("signatory_nip", sa.String(length=18), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("signatory_title", sa.String(length=200), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    with op.batch_alter_table("cohorts") as batch:
        batch.add_column(sa.Column("signatory_name", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("signatory_nip", sa.String(length=18), nullable=True))
        batch.add_column(sa.Column("signatory_title", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cohorts") as batch:
        for name in ("signatory_title", "signatory_nip", "signatory_name"):
            batch.drop_column(name)
    with op.batch_alter_table("institutions") as batch:
        for name in (
            "version",
            "signatory_title",
            "signatory_nip",
            "signatory_name",
            "logo_mime",
            "logo",
            "letterhead",
            "address",
        ):
            batch.drop_column(name)

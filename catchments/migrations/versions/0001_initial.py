"""The register's first schema: districts, applications, decisions, attachments, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from catchments.register import DecimalText, UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

# The audit log is append-only: the API never updates or deletes it, and the database refuses
# to, so a change made with SQL by hand is refused too. Static DDL, no values interpolated.
_SQLITE_TRIGGERS = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
)
_POSTGRESQL_TRIGGERS = (
    "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege'; "
    "END $$",
    "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
)


def upgrade() -> None:
    """Create every table, the partial unique index of active attachments, and the triggers."""
    op.create_table(
        "districts",
        sa.Column("district_id", sa.String(64), nullable=False),
        sa.Column("clinic_id", sa.String(64), nullable=False),
        sa.Column("model", sa.String(32), nullable=False),
        sa.Column("doctors", DecimalText(), nullable=False),
        sa.Column("norm", sa.Integer(), nullable=False),
        sa.Column("attached_base", sa.Integer(), nullable=False),
        sa.Column("data_date", sa.Date(), nullable=False),
        sa.Column("counted_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("norm > 0", name=op.f("ck_districts_norm_positive")),
        sa.CheckConstraint("attached_base >= 0", name=op.f("ck_districts_attached_not_negative")),
        sa.PrimaryKeyConstraint("district_id", name=op.f("pk_districts")),
    )
    op.create_index(op.f("ix_districts_clinic_id"), "districts", ["clinic_id"])

    op.create_table(
        "applications",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("clinic_id", sa.String(64), nullable=False),
        sa.Column("person_hash", sa.String(64), nullable=False),
        sa.Column("iin_last4", sa.String(4), nullable=False),
        sa.Column("full_name", sa.String(200), nullable=True),
        sa.Column("basis", sa.String(16), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("submitted_at", UTCDateTime(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(80), nullable=False),
        sa.Column("source", sa.String(120), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applications")),
    )
    op.create_index(op.f("ix_applications_clinic_id"), "applications", ["clinic_id"])
    op.create_index(op.f("ix_applications_person_hash"), "applications", ["person_hash"])

    op.create_table(
        "decisions",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("application_id", _ID, nullable=False),
        sa.Column("outcome", sa.String(32), nullable=False),
        sa.Column("engine_outcome", sa.String(32), nullable=False),
        sa.Column("district_id", sa.String(64), nullable=True),
        sa.Column("taken_at", UTCDateTime(), nullable=True),
        sa.Column("due_by", UTCDateTime(), nullable=True),
        sa.Column("decided_at", UTCDateTime(), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_decisions_application_id_applications"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
    )
    op.create_index(op.f("ix_decisions_application_id"), "decisions", ["application_id"])

    op.create_table(
        "decision_reasons",
        sa.Column("decision_id", _ID, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("rule", sa.String(16), nullable=False),
        sa.Column("severity", sa.String(8), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_decision_reasons_decision_id_decisions"),
        ),
        sa.PrimaryKeyConstraint("decision_id", "position", name=op.f("pk_decision_reasons")),
    )
    op.create_index(op.f("ix_decision_reasons_code"), "decision_reasons", ["code"])

    op.create_table(
        "attachments",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("person_hash", sa.String(64), nullable=False),
        sa.Column("iin_last4", sa.String(4), nullable=False),
        sa.Column("full_name", sa.String(200), nullable=True),
        sa.Column("clinic_id", sa.String(64), nullable=False),
        sa.Column("district_id", sa.String(64), nullable=False),
        sa.Column("basis", sa.String(16), nullable=False),
        sa.Column("from_date", sa.Date(), nullable=False),
        sa.Column("to_date", sa.Date(), nullable=True),
        sa.Column("decision_id", _ID, nullable=True),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.Column("closed_by_id", _ID, nullable=True),
        sa.CheckConstraint(
            "(to_date IS NULL AND closed_at IS NULL) OR "
            "(to_date IS NOT NULL AND closed_at IS NOT NULL)",
            name=op.f("ck_attachments_closed_together"),
        ),
        sa.CheckConstraint(
            "to_date IS NULL OR to_date >= from_date", name=op.f("ck_attachments_dates_in_order")
        ),
        sa.ForeignKeyConstraint(
            ["closed_by_id"],
            ["attachments.id"],
            name=op.f("fk_attachments_closed_by_id_attachments"),
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"], ["decisions.id"], name=op.f("fk_attachments_decision_id_decisions")
        ),
        sa.ForeignKeyConstraint(
            ["district_id"],
            ["districts.district_id"],
            name=op.f("fk_attachments_district_id_districts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
    )
    op.create_index("ix_attachments_person_hash", "attachments", ["person_hash"])
    op.create_index(
        "ix_attachments_district_recorded", "attachments", ["district_id", "recorded_at"]
    )
    op.create_index("ix_attachments_district_closed", "attachments", ["district_id", "closed_at"])
    op.create_index(
        "uq_attachments_active_person",
        "attachments",
        ["person_hash"],
        unique=True,
        sqlite_where=sa.text("to_date IS NULL"),
        postgresql_where=sa.text("to_date IS NULL"),
    )

    op.create_table(
        "audit_log",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(80), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("object", sa.String(120), nullable=False),
        sa.Column("source", sa.String(120), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index("ix_audit_log_action_object_at", "audit_log", ["action", "object", "at"])
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": _SQLITE_TRIGGERS, "postgresql": _POSTGRESQL_TRIGGERS}.get(
        dialect, ()
    ):
        op.execute(statement)


def downgrade() -> None:
    """Drop everything the upgrade created."""
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    for table in ("audit_log", "attachments", "decision_reasons", "decisions", "applications"):
        op.drop_table(table)
    op.drop_table("districts")

"""Persistence: SQLAlchemy models, engine setup and Alembic migrations. Only services import this."""

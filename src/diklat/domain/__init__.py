"""Pure rules of the program: no SQLAlchemy, no Textual."""

"""Reading and writing files: seed data, imports, exports."""

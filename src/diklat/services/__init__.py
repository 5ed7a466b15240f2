"""Use cases: one entry point per thing a user does.

Each takes the acting user, checks permission, runs in one transaction, writes the
audit log when it changes something, and returns plain data (never ORM rows).
"""

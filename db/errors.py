"""Errors a user can fix, importable without the database libraries (the CLI names them
before it needs anything else)."""


class DatabaseError(Exception):
    """The database cannot be opened or migrated; the message says which and why."""

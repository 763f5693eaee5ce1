"""Reading the user's own mail, read-only, to propose what happened."""

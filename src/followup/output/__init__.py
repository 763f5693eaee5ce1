"""What the commands show: JSON, plain text, and Rich on a terminal (the only place Rich is imported)."""

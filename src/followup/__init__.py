"""followup: after the interview, what to do today and why."""

__version__ = "0.1.0"

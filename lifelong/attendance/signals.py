"""What attendance tells other parts of the site, without knowing who listens."""

from django.dispatch import Signal

# Sent inside the transaction that closed a day, with `session` and `at`.
session_closed = Signal()

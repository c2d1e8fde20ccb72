class DomainError(Exception):
    """A change the domain rules refuse; its message is for the user (the API answers it with a 409)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class NotPermitted(DomainError):
    """A change refused because of who asks, not of the record's state (the API answers it with a 403)."""

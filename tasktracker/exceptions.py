class DomainError(Exception):
    """A change the domain rules refuse; its message is for the user (the API answers it with a 409)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

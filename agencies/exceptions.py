class AgencyError(Exception):
    """A change to the agency registry that the rules refuse; its message is for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

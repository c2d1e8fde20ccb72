class DirectiveError(Exception):
    """A change to notices or tasks that the domain rules refuse; its message is for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class ProgressRejected(DirectiveError):
    """A progress update that the task's workflow or the user's role does not allow."""

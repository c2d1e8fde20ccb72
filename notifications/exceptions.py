class NotificationError(Exception):
    """A notification operation the rules refuse; its message is for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class AcknowledgementRejected(NotificationError):
    """An escalation that this user may not, or can no longer, acknowledge."""


class MailServerUnavailable(Exception):
    """The mail server could not be reached: nothing is blamed on the messages, the task retries later."""

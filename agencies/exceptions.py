from tasktracker.exceptions import DomainError


class AgencyError(DomainError):
    """A change to the agency registry that the rules refuse; its message is for the user."""

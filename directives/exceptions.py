from tasktracker.exceptions import DomainError, NotPermitted


class DirectiveError(DomainError):
    """A change to notices or tasks that the domain rules refuse; its message is for the user."""


class ProgressRejected(DirectiveError):
    """A progress update that the task's workflow or the user's role does not allow."""


class ProgressNotPermitted(ProgressRejected, NotPermitted):
    """A progress update on a part the user may not report on at all: another agency's, or not their role."""


class EditConflict(DirectiveError):
    """Someone else changed the task after the person opened it: they review the latest and try again."""


class ExtensionRejected(DirectiveError):
    """An extension request, or a decision on one, that the rules refuse; nothing was written."""


class ExtensionNotPermitted(ExtensionRejected, NotPermitted):
    """An extension request on a part that is not the user's agency's, or a decision by someone other
    than the office."""


class ImportRejected(DirectiveError):
    """A reviewed notice that cannot be saved as it stands; nothing was written."""


class DuplicateNotice(ImportRejected):
    """The notice was imported before: recognised by its number, or by its text when it has none."""

    def __init__(self, message, existing):
        super().__init__(message)
        self.existing = existing

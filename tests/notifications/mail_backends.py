"""Email backends that fail the way mail servers do, for the sender's tests."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class RefusingBackend(EmailBackend):
    """Delivers like locmem, except to the addresses in `refused`, which the server rejects."""

    refused: set[str] = set()

    def send_messages(self, messages):
        for message in messages:
            refused = [address for address in message.to if address in self.refused]
            if refused:
                raise smtplib.SMTPRecipientsRefused(dict.fromkeys(refused, (550, b"No such mailbox")))
        return super().send_messages(messages)


class UnreachableBackend(EmailBackend):
    """A mail server that cannot be reached."""

    def open(self):
        raise ConnectionRefusedError(111, "Connection refused")
